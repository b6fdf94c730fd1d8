"""The results page's kept-results bar: says where the results come from, compares them with the
rules in force off the GUI thread, and keeps the new ones only when asked (audited)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from readiness.session.intake import IntakeSession
from readiness.store.database import open_memory_database
from readiness_ui.language import set_language
from readiness_ui.tasks import TaskRunner
from readiness_ui.widgets.kept_results import KeptResultsBar
from tests.core.reports.samples import filled_document
from tests.core.test_kept_results import INTERPRETATION, THEN, _kept_differently


def _bar(qtbot: QtBot) -> tuple[KeptResultsBar, IntakeSession, TaskRunner]:
    db = open_memory_database()
    document = filled_document(1)
    _kept_differently(db, document)
    session = IntakeSession(db, document.assessment.id, actor="KL", clock=lambda: THEN)
    runner = TaskRunner()
    bar = KeptResultsBar(runner, session, lambda: INTERPRETATION)
    qtbot.addWidget(bar)
    bar.show()
    return bar, session, runner


def test_the_bar_names_the_kept_rules_and_keeps_new_results_only_when_asked(
    qtbot: QtBot,
) -> None:
    bar, session, runner = _bar(qtbot)
    assert "0.9.0+older" in bar.label.text() and bar.compare_button.isVisible()
    bar.compare_button.click()
    qtbot.waitUntil(lambda: bar.dialog is not None and bar.dialog.isVisible())
    runner.wait()
    dialog = bar.dialog
    assert dialog is not None and INTERPRETATION.version in dialog.text()
    assert session.stored_result().rules_version == "0.9.0+older"  # type: ignore[union-attr]
    with qtbot.waitSignal(bar.saved):
        keep = next(b for b in dialog.buttons() if b.text() == "Keep the new results")
        keep.click()
    kept = session.stored_result()
    assert kept is not None and kept.rules_version == INTERPRETATION.version
    assert INTERPRETATION.version in bar.label.text()
    entry = session._db.execute(
        "SELECT action, staff_initials FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert entry == ("recomputed", "KL")


def test_the_bar_speaks_spanish(qtbot: QtBot) -> None:
    set_language("es")
    try:
        bar, _session, _runner = _bar(qtbot)
        bar.retranslate()
        assert bar.label.text().startswith("Estos resultados se guardaron")
        assert bar.compare_button.text() == "Comparar con las reglas de ahora"
    finally:
        set_language("en")
