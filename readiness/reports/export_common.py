"""What every export shares: its result, progress and cancellation over a stream of documents.

Exports are plain functions (the GUI runs them through ``ui.tasks``; the CLI calls
them directly). They read documents one page at a time from
``readiness.store.export_queries``, report progress every few hundred documents,
stop at the next document when cancelled (the atomic writer then removes the
partial file), and return an ``ExportResult``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from readiness.messages import N_, Message
from readiness.progress import CancelToken, Progress, no_progress

T = TypeVar("T")

PROGRESS_EVERY = 250


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    count: int
    """Assessments written (for the summary: assessments counted)."""
    kind: str
    notes: tuple[Message, ...] = ()


def with_progress(
    items: Iterable[T],
    total: int | None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    *,
    message: str = N_("Exporting {done} of {total}"),
) -> Iterator[T]:
    """``items`` passed through, with progress every few hundred and a cancel check each.

    ``message`` is a msgid (marked with ``N_``) with ``{done}`` and ``{total}``.
    """

    def said(done: int, total: int | None) -> Message:
        return Message(message, {"done": done, "total": total if total is not None else "?"})

    done = 0
    progress(0.0 if total else None, said(0, total or None))
    for item in items:
        if cancel is not None:
            cancel.raise_if_cancelled()
        yield item
        done += 1
        if done % PROGRESS_EVERY == 0:
            fraction = min(1.0, done / total) if total else None
            progress(fraction, said(done, total or None))
    progress(1.0, said(done, done))


def neutralise(text: str) -> str:
    """Text that a spreadsheet will show as text, never run as a formula.

    A cell starting with ``= + - @``, a tab or a carriage return can be read as a
    formula by Excel, LibreOffice or Google Sheets (CSV injection); prefixing an
    apostrophe keeps the text and stops the evaluation (OWASP's advice).
    """
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text
