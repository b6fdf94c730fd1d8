"""Widgets of the connection page: the verdicts per use, and the form for hand-entered figures.

The verdicts show one row per use: its title, a coloured badge and the reasons
(both texts wrap when the text is large). The form takes figures from a speed
test run elsewhere (e.g. a phone app) in plain text boxes: an empty box is "not
entered", never 0, and "7,5" is read as 7.5.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from readiness.checks.connection import ConnectionResult, Level, UseVerdict
from readiness.messages import N_

from ..language import _, format_amount

LEVEL_BADGES = {
    Level.READY: (N_("Ready"), "#1b5e20"),
    Level.DEGRADED: (N_("Degraded"), "#8a5300"),
    Level.NOT_READY: (N_("Not ready"), "#b71c1c"),
    Level.UNKNOWN: (N_("Unknown"), "#455a64"),
}
"""Badge text and background per verdict (white text, contrast at least 4.5:1)."""
INFO_BADGES = {Level.READY: N_("Meets"), Level.NOT_READY: N_("Below")}
"""Badge text for informational uses (the FCC benchmark is not a requirement)."""


class VerdictBox(QGroupBox):
    """What the connection is good for: a title, a badge and the reasons per use."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("What this connection is good for"), parent)
        self.setAccessibleName(_("Verdicts per use"))
        self._grid = QGridLayout(self)
        self._grid.setColumnStretch(0, 1)  # both texts wrap when the text is large
        self._grid.setColumnStretch(2, 2)
        self._rows: list[tuple[QLabel, QLabel, QLabel]] = []

    def show_verdicts(self, verdicts: tuple[UseVerdict, ...]) -> None:
        for row in self._rows:
            for widget in row:
                widget.deleteLater()
        self._rows = []
        for index, verdict in enumerate(verdicts):
            text, colour = LEVEL_BADGES[verdict.level]
            if verdict.informational and verdict.level in INFO_BADGES:
                text = INFO_BADGES[verdict.level]
            title = QLabel(verdict.title)
            title.setWordWrap(True)
            title.setAccessibleName(verdict.title)
            badge = QLabel(_(text))
            badge.setStyleSheet(
                f"QLabel {{ background: {colour}; color: white; border-radius: 4px; "
                "padding: 2px 8px; }"
            )
            badge.setAccessibleName(f"{verdict.title}: {_(text)}")
            reasons = QLabel(" ".join(verdict.reasons))
            reasons.setWordWrap(True)
            reasons.setAccessibleName(_("Reasons for {use}").format(use=verdict.title))
            top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
            title.setAlignment(top)  # a row as tall as its reasons reads from the top
            reasons.setAlignment(top)
            self._grid.addWidget(title, index, 0)
            self._grid.addWidget(badge, index, 1, Qt.AlignmentFlag.AlignTop)  # a badge, no bar
            self._grid.addWidget(reasons, index, 2)
            self._rows.append((title, badge, reasons))


FIGURES = (
    ("download_mbps", N_("Download"), "Mbit/s"),
    ("upload_mbps", N_("Upload"), "Mbit/s"),
    ("rtt_ms", N_("Round trip (ping)"), "ms"),
    ("jitter_ms", N_("Jitter"), "ms"),
    ("loss_pct", N_("Packet loss"), "%"),
)
"""The figures a worker can type in: key (as in ``manual_result``), label, unit."""
PAUSE_MS = 700
"""A pause in typing this long saves what is typed."""
_NUMBER = re.compile(r"\d+(?:[.,]\d*)?|[.,]\d+")


def parse_figure(text: str) -> float | None:
    """A typed figure: None when the box is empty (not entered, which is not zero); "7.5"
    and "7,5" are the same; ValueError for anything else (nothing is guessed)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if _NUMBER.fullmatch(cleaned) is None:
        raise ValueError(cleaned)
    return round(float(cleaned.replace(",", ".")), 3)


class ManualEntryForm(QGroupBox):
    """Boxes for download, upload, round trip, jitter and loss, and a note.

    An empty box means "not entered". ``edited`` is emitted after a short pause in
    typing and at once when a box is left (or Enter pressed); ``flush()`` emits it
    now if something typed is still waiting (call it when the page is left).
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Enter figures from another speed test"), parent)
        self.setAccessibleName(_("Enter figures from another speed test by hand"))
        column = QVBoxLayout(self)  # wrapped texts outside the form: it would cut them off
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above, if narrow
        self.hint = QLabel(
            _(
                "Type the figures the other test shows; they are saved as you type. "
                "Leave a box empty if that test did not show the figure."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(_("How to enter figures by hand"))
        column.addWidget(self.hint)
        column.addLayout(form)
        self._pending = False
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self.flush)
        self.fields: dict[str, QLineEdit] = {}
        for key, label, unit in FIGURES:
            field = QLineEdit()
            field.setObjectName(key)
            field.setMaxLength(12)
            field.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
            field.setAccessibleName(f"{_(label)} ({unit})")
            field.setAccessibleDescription(_("A number, like 7.5; empty if not known"))
            form.addRow(f"{_(label)} ({unit})", field)
            self.fields[key] = field
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.note.setAccessibleName(_("Note about the figures entered by hand"))
        hint = _("Where the figures come from, e.g. a phone app")
        self.note.setAccessibleDescription(hint)
        form.addRow(_("Note"), self.note)
        self.note_hint = QLabel(hint)  # shown, not a placeholder: it stays whole at any size
        self.note_hint.setWordWrap(True)
        self.note_hint.setAccessibleName(hint)
        column.addWidget(self.note_hint)
        for box in (*self.fields.values(), self.note):
            box.textEdited.connect(self._typed)
            box.editingFinished.connect(self.flush)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Message about the figures entered by hand"))
        column.addWidget(self.message)

    def _typed(self) -> None:
        self._pending = True
        self._pause.start()

    def flush(self) -> None:
        """Emit ``edited`` now if something typed has not been handed on yet."""
        self._pause.stop()
        if self._pending:
            self._pending = False
            self.edited.emit()

    def figures(self) -> dict[str, float | None]:
        """The figures as typed (None: not entered); ValueError, in words, for a box that
        does not hold a plain number."""
        figures: dict[str, float | None] = {}
        for key, label, _unit in FIGURES:
            try:
                figures[key] = parse_figure(self.fields[key].text())
            except ValueError:
                raise ValueError(
                    _("{what}: type a plain number, like 7.5, or leave it empty.").format(
                        what=_(label)
                    )
                ) from None
        return figures

    def show_figures(self, result: ConnectionResult | None) -> None:
        """Fill the boxes from a saved result entered by hand (empty them for None)."""
        for key, field in self.fields.items():
            value = getattr(result, key) if result is not None else None
            field.setText("" if value is None else format_amount(value))
        self.note.setText(result.note if result is not None else "")
        self._pending = False
        self._pause.stop()

    def first_empty(self) -> QLineEdit:
        """Where typing should start: the first empty figure (download when all are full)."""
        return next(
            (f for f in self.fields.values() if not f.text().strip()), self.fields["download_mbps"]
        )
