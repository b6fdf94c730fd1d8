"""Home's export dialog for an agency's analyst: item-level answers with their data dictionary,
and each scale's reliability labelled "not validated", in English and Spanish."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readiness.practice import marker
from readiness.protection.audit import AuditAction, AuditFilter, list_entries
from readiness.store.database import DatabaseLocation, open_database
from readiness_ui.dialogs_export import BatchExportDialog, make_export_job
from readiness_ui.language import set_language
from readiness_ui.tasks import TaskRunner
from tests.core.reports.helpers import inputs
from tests.core.reports.test_scale_reliability import people
from tests.factories import import_into


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "r.db"
    db = open_database(path)
    for document in people(30):
        import_into(db, document)
    db.close()
    return path


def dialog_for(
    qtbot: QtBot, runner: TaskRunner, records: Path, locale: str = "en"
) -> BatchExportDialog:
    job = make_export_job(DatabaseLocation(records, None), inputs, staff="LV", locale=locale)
    dialog = BatchExportDialog(runner, job)
    qtbot.addWidget(dialog)
    dialog.all_dates.setChecked(True)
    return dialog


def export(qtbot: QtBot, dialog: BatchExportDialog, kind: str, path: Path) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(kind))
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=20000)


def test_the_item_level_export_writes_the_dictionary_beside_it_and_says_so(
    qtbot: QtBot, runner: TaskRunner, records: Path, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, runner, records)
    assert "analyst" in dialog.format.itemText(dialog.format.findData("items"))
    export(qtbot, dialog, "items", tmp_path / "answers.csv")
    assert dialog.result_value is not None and dialog.result_value.count == 30
    status = dialog.status.text()
    assert "Exported 30 assessments" in status
    assert f"Data dictionary: {tmp_path / 'answers-dictionary.csv'}" in status
    assert (tmp_path / "answers-dictionary.csv").exists()
    db = open_database(records)
    entries = list_entries(db, AuditFilter(actions=(AuditAction.EXPORTED,)))
    assert [(e.staff_initials, e.detail) for e in entries] == [
        ("LV", "items, plain, 30 assessments, all dates")
    ]


def test_the_reliability_report_is_labelled_not_validated_in_spanish(
    qtbot: QtBot, runner: TaskRunner, records: Path, tmp_path: Path
) -> None:
    set_language("es")
    dialog = dialog_for(qtbot, runner, records, "es")
    dialog.retranslate()
    assert "Fiabilidad de cada escala" in dialog.format.itemText(
        dialog.format.findData("reliability")
    )
    export(qtbot, dialog, "reliability", tmp_path / "fiabilidad.csv")
    assert "No validado: calculado con los registros de esta agencia" in dialog.status.text()
    text = (tmp_path / "fiabilidad.csv").read_text(encoding="utf-8-sig")
    assert "Preocupación por la privacidad" in text and "No validado" in text


def test_the_practice_database_gives_no_item_level_export(
    qtbot: QtBot, runner: TaskRunner, records: Path, tmp_path: Path
) -> None:
    db = open_database(records)
    marker.mark(db)
    db.close()
    dialog = dialog_for(qtbot, runner, records)
    export(qtbot, dialog, "items", tmp_path / "answers.csv")
    assert "practice database" in dialog.status.text()
    assert not (tmp_path / "answers.csv").exists()
