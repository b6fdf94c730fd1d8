"""A check result's reason message where it travels: its store column, the migration that
moved it there, the assessment document (schema 3, and schema 2 documents that kept it
among the values), and the JSON, CSV and FHIR exports."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlite_utils import Database

from readiness.checks.device import check_memory
from readiness.document import SCHEMA_VERSION, from_data, from_json, to_dict, to_json
from readiness.errors import DocumentError
from readiness.i18n import translator
from readiness.messages import M_, MN_
from readiness.messages.stored import to_json as message_to_json
from readiness.messages.stored import upgraded
from readiness.model import CheckResult
from readiness.progress import CancelToken
from readiness.reports.exports_json import import_documents, read_documents, write_json
from readiness.reports.fhir_response import observation
from readiness.session.decided import Decisions
from readiness.store import migrations, repository
from readiness.store.database import open_memory_database
from readiness.store.export_queries import iter_documents
from readiness.thresholds import load_thresholds
from tests.core.device_fakes import fake_access, memory
from tests.factories import builtin_interpretation, import_into, make_document

SPANISH = translator("es")


def _memory_result() -> CheckResult:
    access = fake_access(virtual_memory=lambda: memory(2.8, 2))
    return check_memory(load_thresholds(), access, CancelToken())


def _with_result(result: CheckResult) -> tuple[Database, str]:
    db = open_memory_database()
    document = replace(make_document(), check_results=(result,))
    import_into(db, document)
    return db, document.assessment.id


# -- the store ---------------------------------------------------------------------------


def test_the_store_keeps_the_message_in_its_own_column() -> None:
    outcome = _memory_result()
    db, assessment_id = _with_result(outcome)
    (again,) = repository.list_check_results(db, assessment_id)
    assert again.reason_message == outcome.reason_message and again.reason == outcome.reason
    row = db.execute("SELECT values_json, reason_message FROM check_results").fetchone()
    assert "reason_message" not in json.loads(row[0])
    assert json.loads(row[1])["msgid"] == outcome.reason_message.msgid  # type: ignore[union-attr]
    exported = next(iter_documents(db, ids=[assessment_id]))
    assert exported.check_results[0].reason_message == outcome.reason_message


def test_an_old_record_in_the_store_still_reads() -> None:
    db = open_memory_database()
    document = make_document()
    import_into(db, document)
    (result,) = repository.list_check_results(db, document.assessment.id)
    assert result.reason_message is None and SPANISH.reason(result) == result.reason


@pytest.mark.parametrize("stored", ['{"msgid": "{x} broken"}', "garbage", "42"])
def test_a_damaged_column_shows_the_stored_text(stored: str) -> None:
    db, assessment_id = _with_result(_memory_result())
    db.execute("UPDATE check_results SET reason_message = ?", [stored])
    (result,) = repository.list_check_results(db, assessment_id)
    assert result.reason_message is None
    assert SPANISH.reason(result) == result.reason.strip() != ""


# -- the migration -------------------------------------------------------------------------


def _old_schema_database() -> Database:
    """A database made by the version before the reason column (migrations up to m004)."""
    db = Database(memory=True)
    migrations.MIGRATIONS.apply(db, stop_before="m005_reason_message")
    assert "reason_message" not in db.table("check_results").columns_dict
    db.table("service_users").insert({"id": "u1", "code": "AB-1", "created": "2026-01-01"})
    db.table("assessments").insert(
        {"id": "a1", "service_user_id": "u1", "created": "2026-01-01", "updated": "2026-01-01",
         "status": "draft", "locale": "en", "app_version": "0.1.0"}
    )  # fmt: skip
    return db


def _old_row(check_id: str, values: dict[str, list[object]]) -> dict[str, object]:
    return {
        "assessment_id": "a1",
        "check_id": check_id,
        "status": "good",
        "measured_at": "2026-01-01T10:00:00.000000+00:00",
        "reason": f"English reason of {check_id}",
        "values_json": json.dumps(values),
        "source": "measured",
    }


def test_the_migration_moves_kept_messages_into_the_column() -> None:
    db = _old_schema_database()
    kept = message_to_json(M_("This computer has {total} GB of memory", total=3.7))
    old_cores = message_to_json(M_("This computer has {cores} cores", cores=1))
    old_scaling = message_to_json(
        M_("{width} x {height} at {scaling}% scaling", width=1280, height=800, scaling=150)
    )
    db.table("check_results").insert_all(
        [
            _old_row("device.memory", {"total": [3.7, "GB"], "reason_message": [kept, ""]}),
            _old_row("device.cpu", {"cores": [1, "cores"], "reason_message": [old_cores, ""]}),
            _old_row("device.display", {"reason_message": [old_scaling, ""]}),
            _old_row("device.disk", {"free": [9, "GB"], "reason_message": ["garbage", ""]}),
            _old_row("device.os", {"name": ["Linux", ""]}),
        ]
    )
    migrations.apply(db)
    results = {r.check_id: r for r in repository.list_check_results(db, "a1")}
    memory_result = results["device.memory"]
    assert memory_result.values == {"total": results["device.memory"].values["total"]}
    assert SPANISH.reason(memory_result) == "Esta computadora tiene 3,7 GB de memoria"
    assert results["device.cpu"].reason_message == MN_(
        "This computer has {count} core", "This computer has {count} cores", count=1
    )
    assert SPANISH.reason(results["device.cpu"]) == "Esta computadora tiene 1 núcleo"
    assert SPANISH.reason(results["device.display"]) == "1280 x 800 con escala de 150%"
    damaged = results["device.disk"]
    assert damaged.reason_message is None and set(damaged.values) == {"free"}
    assert SPANISH.reason(damaged) == "English reason of device.disk"
    assert results["device.os"].reason_message is None
    for row in db.execute("SELECT values_json FROM check_results"):
        assert "reason_message" not in json.loads(row[0])


def test_older_msgids_are_rewritten_inside_nested_messages() -> None:
    old = M_("{summary}, meeting the {limit}.", summary=M_(
        "The connection was cut off {n} time(s) during the test.", n=2), limit="x")  # fmt: skip
    new = upgraded(old)
    assert new.args["summary"] == MN_(
        "The connection was cut off {count} time during the test.",
        "The connection was cut off {count} times during the test.",
        count=2,
    )
    assert upgraded(new) == new  # current messages are left as they are


# -- documents ---------------------------------------------------------------------------


def test_the_document_carries_the_message_as_an_object() -> None:
    outcome = _memory_result()
    document = replace(make_document(), check_results=(outcome,))
    data = json.loads(to_json(document))
    assert data["schema_version"] == SCHEMA_VERSION == 3
    kept = data["check_results"][0]["reason_message"]
    assert kept["msgid"] == outcome.reason_message.msgid  # type: ignore[union-attr]
    assert kept["args"]["summary"]["msgid"] == "This computer has {total} GB of memory"
    assert "reason_message" not in data["check_results"][0]["values"]
    back = from_json(json.dumps(data), "test.json")
    assert back.check_results[0].reason_message == outcome.reason_message


def test_a_schema_2_document_with_the_message_among_its_values_still_reads() -> None:
    outcome = _memory_result()
    assert outcome.reason_message is not None
    data = to_dict(replace(make_document(), check_results=(outcome,)))
    result = data["check_results"][0]
    del result["reason_message"]
    result["values"]["reason_message"] = {
        "value": message_to_json(outcome.reason_message),
        "unit": "",
    }
    data["schema_version"] = 2
    back = from_data(data, "old.json")
    assert back.check_results[0].reason_message == outcome.reason_message
    assert "reason_message" not in back.check_results[0].values
    result["values"]["reason_message"]["value"] = "damaged"
    assert from_data(data, "old.json").check_results[0].reason_message is None


def test_a_malformed_message_in_a_schema_3_document_is_refused() -> None:
    data = to_dict(replace(make_document(), check_results=(_memory_result(),)))
    data["check_results"][0]["reason_message"] = {"msgid": "{missing} value"}
    with pytest.raises(DocumentError, match=r"check_results\.0\.reason_message"):
        from_data(data, "bad.json")


# -- exports ---------------------------------------------------------------------------------


def test_json_export_and_import_keep_the_column(tmp_path: Path) -> None:
    outcome = _memory_result()
    db, assessment_id = _with_result(outcome)
    decisions = Decisions(builtin_interpretation(), db)
    path = write_json(iter_documents(db), tmp_path / "out.json", decisions).path
    other = open_memory_database()
    forms = builtin_interpretation().instruments
    assert len(import_documents(other, read_documents(path), instruments=forms)) == 1
    (again,) = repository.list_check_results(other, assessment_id)
    assert again.reason_message == outcome.reason_message


def test_fhir_keeps_the_english_reason_and_no_message_among_the_components() -> None:
    outcome = _memory_result()
    resource = observation(replace(make_document(), check_results=(outcome,)), outcome)
    assert resource["note"] == [{"text": outcome.reason}]
    codes = [c["code"]["coding"][0]["code"] for c in resource.get("component", [])]
    assert codes == ["total", "available"]
