"""Results kept at completion: the record of what was decided, read by every output.

Completing keeps the result with the rules version in the same transaction as the
status; reopening forgets it; exports read the kept result of a completed assessment
(even where the rules in force now decide otherwise), a draft's result is worked out
live and said so; a completed assessment without one gets it on first read, kept with
the rules in force and the basis ``first_read``; "recompute" shows what the rules in
force would change without changing the record, and ``--save`` keeps it, audited.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from readiness.document import AssessmentDocument
from readiness.equity.results import AssessmentResult
from readiness.errors import ReadinessError
from readiness.model import Answer, AssessmentStatus
from readiness.questionnaire.consent import CONSENT_ID, PARTS, item_id
from readiness.reports.jobs import run_export
from readiness.session.intake import IntakeSession
from readiness.session.recompute import change_lines, recompute
from readiness.store import repository, results
from readiness.store.database import open_memory_database
from readiness.store.results import Basis, make_stored
from tests.core.reports.samples import filled_document
from tests.factories import builtin_interpretation, import_into

INTERPRETATION = builtin_interpretation()
THEN = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)


def _other_verdicts(document: AssessmentDocument) -> AssessmentResult:
    """A result for ``document``'s id whose verdicts differ from the rules in force now (the
    result of another person's answers), as if older rules had decided it."""
    live = INTERPRETATION.assess(document)
    for seed in range(2, 60):
        other = INTERPRETATION.assess(filled_document(seed))
        if [c.verdict for c in other.channels] != [c.verdict for c in live.channels]:
            return replace(other, assessment_id=document.assessment.id)
    raise AssertionError("no sample decides differently")


def _kept_differently(db: object, document: AssessmentDocument) -> AssessmentResult:
    import_into(db, document)  # type: ignore[arg-type]
    older = _other_verdicts(document)
    results.save(db, make_stored(older, "0.9.0+older", THEN, Basis.COMPLETED))  # type: ignore[arg-type]
    return older


def _csv_verdicts(path: Path) -> dict[str, list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["assessment_id"]: [v for k, v in row.items() if k.startswith("channel_")]
        for row in rows
    }


def test_exports_read_the_kept_result_not_the_rules_in_force(tmp_path: Path) -> None:
    db = open_memory_database()
    document = filled_document(1)
    older = _kept_differently(db, document)
    run_export(db, "csv", tmp_path / "out.csv", INTERPRETATION, staff="MJ")
    assert _csv_verdicts(tmp_path / "out.csv")[document.assessment.id] == [
        c.verdict.value for c in older.channels
    ]
    run_export(db, "json", tmp_path / "out.json", INTERPRETATION, staff="MJ")
    (exported,) = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert exported["results"]["interpretation"] == "0.9.0+older"
    assert exported["results"]["basis"] == "completed"
    assert exported["results"]["channels"] == {c.id: c.verdict.value for c in older.channels}
    run_export(db, "fhir", tmp_path / "out.ndjson", INTERPRETATION, staff="MJ")
    lines = (tmp_path / "out.ndjson").read_text("utf-8").splitlines()
    verdicts = {
        entry["resource"]["code"]["coding"][0]["code"]: entry["resource"]
        for entry in json.loads(lines[1])["entry"]
        if entry["resource"].get("category", [{}])[0].get("coding", [{}])[0].get("code")
        == "channel-readiness"
    }
    assert {k: v["valueCodeableConcept"]["coding"][0]["code"] for k, v in verdicts.items()} == {
        c.id: c.verdict.value for c in older.channels
    }
    assert {v["method"]["text"] for v in verdicts.values()} == {"Readiness rules 0.9.0+older"}


def test_a_draft_is_worked_out_live_and_says_so(tmp_path: Path) -> None:
    db = open_memory_database()
    document = filled_document(1)
    draft = replace(
        document,
        assessment=replace(document.assessment, status=AssessmentStatus.DRAFT, completed=None),
    )
    import_into(db, draft)
    run_export(db, "json", tmp_path / "out.json", INTERPRETATION, staff="MJ")
    (exported,) = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert exported["results"]["basis"] == "live"
    assert exported["results"]["interpretation"] == INTERPRETATION.version
    assert results.stored_result(db, document.assessment.id) is None


def test_a_completed_assessment_without_a_result_gets_it_on_first_read(tmp_path: Path) -> None:
    db = open_memory_database()
    document = filled_document(1)
    import_into(db, document)  # completed elsewhere: imported without a kept result
    assert results.stored_result(db, document.assessment.id) is None
    run_export(db, "csv", tmp_path / "out.csv", INTERPRETATION, staff="MJ")
    kept = results.stored_result(db, document.assessment.id)
    assert kept is not None and kept.basis is Basis.FIRST_READ
    assert kept.rules_version == INTERPRETATION.version
    assert kept.result == INTERPRETATION.assess(document)


def _completable(db: object) -> IntakeSession:
    document = filled_document(1)
    draft = replace(
        document,
        assessment=replace(document.assessment, status=AssessmentStatus.DRAFT, completed=None),
        answers=document.answers
        + tuple(Answer(CONSENT_ID, item_id(p), THEN, value=True) for p in PARTS),
    )
    import_into(db, draft)  # type: ignore[arg-type]
    return IntakeSession(db, draft.assessment.id, actor="MJ", clock=lambda: THEN)  # type: ignore[arg-type]


def test_completing_keeps_the_result_and_reopening_forgets_it() -> None:
    db = open_memory_database()
    session = _completable(db)
    session.complete(INTERPRETATION)
    kept = session.stored_result()
    assert kept is not None and kept.basis is Basis.COMPLETED and kept.computed == THEN
    assert kept.rules_version == INTERPRETATION.version
    assert kept.result == INTERPRETATION.assess(session.document())
    session.reopen("add_information")
    assert session.stored_result() is None


def test_a_failed_completion_keeps_neither_status_nor_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = open_memory_database()
    session = _completable(db)

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(results, "save", broken)
    with pytest.raises(RuntimeError):
        session.complete(INTERPRETATION)
    assessment = repository.get_assessment(db, session.assessment.id)
    assert assessment.status is AssessmentStatus.DRAFT


def test_recompute_shows_the_change_and_saves_only_when_asked() -> None:
    db = open_memory_database()
    document = filled_document(1)
    older = _kept_differently(db, document)
    session = IntakeSession(db, document.assessment.id, actor="KL", clock=lambda: THEN)
    found = recompute(session, INTERPRETATION)
    live = INTERPRETATION.assess(document)
    assert found.changed and found.kept.version == "0.9.0+older"
    changed = {c.id: (c.before, c.after) for c in found.changed_channels}
    assert changed == {
        c.id: (older.channel(c.id).verdict, c.verdict)  # type: ignore[union-attr]
        for c in live.channels
        if older.channel(c.id).verdict is not c.verdict  # type: ignore[union-attr]
    }
    before_ids = {r.id for r in older.recommendations}
    assert set(found.added) == {r.id for r in live.recommendations} - before_ids
    assert set(found.removed) == before_ids - {r.id for r in live.recommendations}
    assert session.stored_result().rules_version == "0.9.0+older"  # type: ignore[union-attr]
    lines = change_lines(found, lambda text: text, "es")
    assert found.added_recommendations and found.removed_recommendations
    for item in (*found.added_recommendations, *found.removed_recommendations):
        assert any(item.title.get("es") in line for line in lines)  # titles, not codes
    assert not any(item.id in line for line in lines for item in found.added_recommendations)
    saved = session.save_recomputed(INTERPRETATION)
    assert saved.basis is Basis.RECOMPUTED and saved.result == live
    assert not recompute(session, INTERPRETATION).changed
    entry = db.execute(
        "SELECT action, staff_initials, detail FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert entry == ("recomputed", "KL", f"0.9.0+older -> {INTERPRETATION.version}")


def test_a_saved_recompute_is_sent_to_the_hub_again() -> None:
    """The hub keeps the results a device sent with each version: results worked out again
    and kept make the assessment a new version waiting to be sent."""
    from readiness.store import outbox

    db = open_memory_database()
    document = filled_document(1)
    _kept_differently(db, document)
    sent = outbox.pending_versions(db, 10)
    assert [v.assessment_id for v in sent] == [document.assessment.id]
    outbox.mark_sent(db, sent)
    assert outbox.pending_versions(db, 10) == []
    session = IntakeSession(db, document.assessment.id, actor="KL", clock=lambda: THEN)
    session.save_recomputed(INTERPRETATION)
    waiting = outbox.pending_versions(db, 10)
    assert [(v.assessment_id, v.previous_version) for v in waiting] == [
        (document.assessment.id, sent[0].version)
    ]
    assert repository.get_assessment(db, document.assessment.id).updated == THEN


def test_a_draft_has_nothing_to_recompute() -> None:
    db = open_memory_database()
    session = _completable(db)
    with pytest.raises(ReadinessError):
        recompute(session, INTERPRETATION)
    with pytest.raises(ReadinessError):
        session.save_recomputed(INTERPRETATION)


def test_the_recompute_command_prints_the_change_in_either_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from readiness.cli import main
    from readiness.store.database import open_database
    from tests.factories import cli_key

    path = tmp_path / "r.db"
    db = open_database(path, key=cli_key())
    document = filled_document(1)
    older = _kept_differently(db, document)
    db.close()
    argv = ["--db", str(path), "assessment", "recompute", document.assessment.id, "--staff", "MJ"]
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["changed"] and not data["saved"]
    assert data["kept"] == {
        "rules_version": "0.9.0+older",
        "basis": "completed",
        "computed": THEN.isoformat(),
    }
    assert {c["id"]: c["verdict"][0] for c in data["channels"]} == {
        c["id"]: older.channel(c["id"]).verdict.value  # type: ignore[union-attr]
        for c in data["channels"]
    }
    assert main([*argv, "--lang", "es"]) == 0
    spanish = capsys.readouterr().out
    assert "Resultado guardado: reglas 0.9.0+older" in spanish
    assert "--save guarda el resultado nuevo" in spanish


def test_a_json_export_line_is_the_document_with_its_results() -> None:
    from readiness.reports.exports_json import exported_line, with_results
    from readiness.session.decided import decided_for

    for seed in (1, 2, 3):
        document = filled_document(seed, locale="es" if seed % 2 else "en")
        decided = decided_for(document, INTERPRETATION)
        assert json.loads(exported_line(document, decided)) == with_results(document, decided)
