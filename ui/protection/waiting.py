"""Work on a worker thread behind a modal progress, for steps the worker must wait for.

``run_while_waiting`` starts ``work`` through the ``TaskRunner`` and keeps the GUI
responsive (a nested event loop) until it is done, then returns its result or raises
its error on the GUI thread. Opening, re-keying and restoring the records use it:
none of them can be half-done, so the progress has no Cancel button.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..tasks import TaskRunner

T = TypeVar("T")


def run_while_waiting(
    tasks: TaskRunner,
    work: Callable[[], T],
    parent: QWidget | None,
    label: str,
    *,
    meanwhile: Callable[[], object] | None = None,
) -> T:
    """Run ``work`` on a worker thread, keeping the GUI responsive, and return its result.

    ``meanwhile`` runs on this thread once the work has started (what comes next can be
    made ready while the worker works)."""
    loop = QEventLoop()
    outcome: dict[str, object] = {}
    progress = QProgressDialog(label, "", 0, 0, parent)
    progress.setCancelButton(None)  # opening cannot be half-done
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setAccessibleName(label)
    handle = tasks.start(lambda _progress, _cancel: work())

    def done(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(error: object) -> None:
        outcome["error"] = error
        loop.quit()

    handle.finished.connect(done)
    handle.failed.connect(failed)
    if meanwhile is not None:
        meanwhile()
    if "result" not in outcome and "error" not in outcome:
        loop.exec()
    progress.close()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]
