"""Settings' agency files: choosing them, listing the agency questionnaires, and refusing a file
(or a speed-test server) the app could not use before it is saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.settings import Settings

from ..language import _


def file_row(field: QLineEdit, button: QPushButton) -> QWidget:
    """A file name field with its "Choose…" button beside it."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    layout.addWidget(button)
    return row


def choose_file(parent: QWidget, title: str, kinds: str) -> str:
    """A file the worker picks ("" when they cancel)."""
    path, _filter = QFileDialog.getOpenFileName(parent, title, "", kinds)
    return path


def choose_files(parent: QWidget, title: str, kinds: str) -> list[str]:
    """Files the worker picks (none when they cancel)."""
    paths, _filter = QFileDialog.getOpenFileNames(parent, title, "", kinds)
    return paths


def check_agency_files(settings: Settings) -> None:
    """Refuse agency files the app would skip and a speed-test server it cannot use:
    a ``ReadinessError`` names the file or the setting."""
    from readiness.checks.connection.settings import from_settings
    from readiness.interpret import interpret

    if settings.thresholds_file:
        from readiness.thresholds import load_thresholds

        load_thresholds(Path(settings.thresholds_file))
    if settings.agency_logo:
        _check_logo(Path(settings.agency_logo))
    from_settings(settings)
    if settings.rules_files or settings.thresholds_file or settings.instrument_files:
        warnings = interpret(settings).warnings
        if warnings:
            raise ReadinessError(warnings[0])


def _check_logo(path: Path) -> None:
    """Refuse a logo the reports could not show (they would leave it out silently)."""
    from PySide6.QtGui import QImageReader

    if not path.is_file():
        raise ReadinessError(_("{path}: no such file").format(path=path))
    if (
        path.suffix.lower() not in (".png", ".jpg", ".jpeg")
        or not QImageReader(str(path)).canRead()
    ):
        raise ReadinessError(_("{path}: not a PNG or JPEG image").format(path=path))


class AgencyQuestionnaires(QWidget):
    """The agency's questionnaire files: a list, Add… and Remove, and the selected one's licence.

    Signals:
        told(str): a sentence for the worker (a file added, or why it was not).
    """

    told = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.files_list = QListWidget()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._choose)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self._remove)
        self.licence = QLabel()
        self.licence.setWordWrap(True)
        self.licence.hide()  # shown with the licence of the file selected
        self.files_list.currentRowChanged.connect(self._show_licence)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.files_list)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.licence)

    def retranslate(self) -> None:
        self.files_list.setAccessibleName(_("Agency questionnaires"))
        self.files_list.setAccessibleDescription(
            _("Questionnaire files your agency holds a licence for")
        )
        self.add_button.setText(_("A&dd…"))
        self.add_button.setAccessibleName(_("Add a questionnaire file"))
        self.remove_button.setText(_("Re&move"))
        self.remove_button.setAccessibleName(_("Remove the selected questionnaire"))
        self.licence.setAccessibleName(_("Licence of the selected questionnaire"))

    def files(self) -> tuple[str, ...]:
        """The files listed, in order."""
        return tuple(
            str(self.files_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.files_list.count())
        )

    def show_files(self, paths: tuple[str, ...]) -> None:
        self.files_list.clear()
        for path in paths:
            self._add(path)

    def add_file(self, path: str) -> bool:
        """Check a questionnaire file and add it; a broken file is refused with the reason."""
        from readiness.questionnaire.loader import load_paths

        report = load_paths([Path(path)])
        if report.problems or not report.instruments:
            first = str(report.problems[0]) if report.problems else _("no questionnaire found")
            self.told.emit(_("Not added: {reason}").format(reason=first))
            return False
        self._add(path)
        self.files_list.setCurrentRow(self.files_list.count() - 1)
        self.told.emit(_("Added. Save settings to use it."))
        return True

    def _choose(self) -> None:
        path = choose_file(
            self, _("Agency questionnaire"), _("Questionnaires (*.yaml *.yml *.json)")
        )
        if path:
            self.add_file(path)

    def _add(self, path: str) -> None:
        item = QListWidgetItem(Path(path).name)
        item.setData(Qt.ItemDataRole.UserRole, path)
        item.setToolTip(path)
        self.files_list.addItem(item)

    def _remove(self) -> None:
        row = self.files_list.currentRow()
        if row >= 0:
            self.files_list.takeItem(row)

    def _show_licence(self, row: int) -> None:
        self.licence.setVisible(row >= 0)
        if row < 0:
            self.licence.clear()
            return
        from readiness.questionnaire.loader import load_paths

        path = self.files_list.item(row).data(Qt.ItemDataRole.UserRole)
        report = load_paths([Path(str(path))])
        if not report.instruments:
            self.licence.setText(_("This file cannot be read now."))
            return
        instrument = report.instruments[0]
        licence = instrument.licence
        shared = (
            _("Its wording may be shared in exports.")
            if licence.redistribute_text
            else _("Its wording is never exported.")
        )
        self.licence.setText(
            f"{instrument.title.get('en')}: {licence.licence} ({licence.holder}). "
            f"{licence.citation} {shared}"
        )
