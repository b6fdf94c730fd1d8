"""The audit log: the table, what the repository records, the throttle, lists and CSV export."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.cli.audit import ACTIONS
from readiness.document import to_json
from readiness.errors import NotFoundError, ReadinessError
from readiness.model import Answer, utc_now
from readiness.plan import Plan, PlanItem
from readiness.protection import audit as audit_log
from readiness.protection.audit import AuditFilter
from readiness.reports.audit_csv import CSV_COLUMNS, export_csv
from readiness.store import audit, plans, repository
from readiness.store.audit import AuditAction
from readiness.store.database import open_database, open_memory_database
from readiness.store.keys import DatabaseKey
from readiness.store.migrations import known_names
from readiness.store.text_fields import TextFieldError
from tests.factories import import_into, make_document

MARKER = "Zuleika-Marker-7731"


def actions(db: object, **filters: object) -> list[str]:
    return [e.action.value for e in audit_log.list_entries(db, AuditFilter(**filters))]  # type: ignore[arg-type]


def raw_rows(db: object) -> list[tuple[object, ...]]:
    return list(db.execute("SELECT * FROM audit_log ORDER BY id").fetchall())  # type: ignore[attr-defined]


def test_the_migration_makes_the_table_and_its_indexes() -> None:
    db = open_memory_database()
    assert "m004_audit" in known_names()
    schema = db.table("audit_log").schema
    assert "AUTOINCREMENT" in schema
    indexed = {tuple(index.columns) for index in db.table("audit_log").indexes}
    assert {("at",), ("service_user_id",), ("assessment_id",)} <= indexed


def test_the_action_list_of_the_command_line_matches_the_store() -> None:
    assert set(ACTIONS) == {action.value for action in AuditAction}


def test_the_repository_records_who_created_completed_and_reopened() -> None:
    db = open_memory_database()
    user = repository.create_service_user(db, "AB12-0001", staff="mj")
    assessment = repository.start_assessment(db, user, staff_initials="mj")
    repository.complete_assessment(db, assessment.id, staff="KL")
    repository.reopen_assessment(db, assessment.id, staff="kl")
    entries = audit_log.list_entries(db)
    assert [e.action for e in entries] == [
        AuditAction.REOPENED,
        AuditAction.COMPLETED,
        AuditAction.CREATED,
        AuditAction.CREATED,
    ]
    assert [e.staff_initials for e in entries] == ["KL", "KL", "MJ", "MJ"]
    assert entries[-1].assessment_id is None and entries[-1].detail == "service user"
    assert {e.service_user_id for e in entries} == {user.id}
    assert {e.service_user_code for e in entries} == {"AB12-0001"}
    assert entries[0].assessment_id == assessment.id
    # Whoever starts the assessment for someone else is the one recorded.
    other = repository.start_assessment(db, user, staff_initials="MJ", staff="ZZ")
    assert audit_log.list_entries(db, AuditFilter(assessment_id=other.id))[0].staff_initials == "ZZ"


def test_autosave_records_one_changed_entry_per_run_of_work() -> None:
    db = open_memory_database()
    user = repository.create_service_user(db, "AB12-0002")
    assessment = repository.start_assessment(db, user, staff_initials="MJ")
    for index in range(20):
        answer = Answer("q", f"i{index}", utc_now(), value=index)
        repository.save_answer(db, assessment.id, answer, staff="MJ")
    plans.save_plan(db, assessment.id, Plan(text="Call on Mondays"), staff="MJ")
    repository.delete_answer(db, assessment.id, "q", "i0", staff="MJ")
    assert actions(db, assessment_id=assessment.id) == ["changed", "created"]
    assert audit_log.list_entries(db, AuditFilter(actions=(AuditAction.CHANGED,)))[0].detail == (
        "answers"
    )
    # Another worker, an opening, or the end of the window each start a new run.
    repository.save_answer(db, assessment.id, Answer("q", "x", utc_now(), value=1), staff="KL")
    audit.record(db, AuditAction.OPENED, staff="MJ", assessment_id=assessment.id)
    plans.save_plan(db, assessment.id, Plan(text="Call on Tuesdays"), staff="MJ")
    later = utc_now() + audit.CHANGE_WINDOW + timedelta(seconds=1)
    assert not audit.note_change(db, assessment.id, staff="MJ", part="plan")
    assert audit.note_change(db, assessment.id, staff="MJ", part="plan", now=later)
    assert actions(db, assessment_id=assessment.id) == [
        "changed",
        "changed",
        "opened",
        "changed",
        "changed",
        "created",
    ]


def test_a_write_that_fails_leaves_no_entry() -> None:
    db = open_memory_database()
    with pytest.raises(NotFoundError):
        repository.save_answer(db, "no-such-id", Answer("q", "i", utc_now(), value=1), staff="MJ")
    with pytest.raises(NotFoundError):
        plans.save_plan(db, "no-such-id", Plan(text="x"))
    assert raw_rows(db) == []


def test_an_import_records_created_and_imported_only() -> None:
    db = open_memory_database()
    document = make_document(code="ZX-1", answers=5)
    import_into(db, document, staff="MJ")
    import_into(db, document, replace_existing=True, staff="MJ")
    assert actions(db) == ["imported", "imported", "created"]
    assert [e.detail for e in audit_log.list_entries(db)][:2] == ["replaced an earlier copy", "new"]


def test_entries_hold_no_personal_data() -> None:
    db = open_memory_database()
    user = repository.create_service_user(db, "AB12-0003", preferred_name=MARKER, staff="MJ")
    assessment = repository.start_assessment(db, user, staff_initials="MJ")
    repository.save_answer(db, assessment.id, Answer("q", "i", utc_now(), value=MARKER))
    plans.save_plan(db, assessment.id, Plan(text=MARKER, added=(PlanItem(MARKER),)))
    repository.complete_assessment(db, assessment.id)
    rows = raw_rows(db)
    assert len(rows) == 4
    assert MARKER not in repr(rows)
    assert "AB12-0003" not in repr(rows)  # the code is joined in when listing, never stored


def test_record_refuses_unknown_actions_bad_initials_and_long_or_hidden_detail() -> None:
    db = open_memory_database()
    with pytest.raises(ReadinessError, match="audit action 'looked' is not known"):
        audit.record(db, "looked", staff="MJ")
    with pytest.raises(TextFieldError, match="staff initials") as info:
        audit.record(db, AuditAction.OPENED, staff="M1")
    assert info.value.field == "staff_initials"
    with pytest.raises(TextFieldError, match="too long"):
        audit.record(db, AuditAction.OPENED, staff="MJ", detail="x" * 201)
    with pytest.raises(TextFieldError, match="control character"):
        audit.record(db, AuditAction.OPENED, staff="MJ", detail="a\x1b[2Jb")
    assert raw_rows(db) == []


def test_lists_filter_page_and_count() -> None:
    db = open_memory_database()
    first = repository.create_service_user(db, "AA-1", staff="MJ")
    second = repository.create_service_user(db, "BB-2", staff="KL")
    one = repository.start_assessment(db, first, staff_initials="MJ")
    two = repository.start_assessment(db, second, staff_initials="KL")
    audit.record(db, AuditAction.OPENED, staff="MJ", assessment_id=one.id)
    audit.record(db, AuditAction.OPENED, staff="KL", assessment_id=two.id)
    assert audit_log.count_entries(db) == 6
    assert actions(db, service_user_id=first.id) == ["opened", "created", "created"]
    assert actions(db, assessment_id=two.id) == ["opened", "created"]
    assert actions(db, staff="kl") == ["opened", "created", "created"]
    assert actions(db, actions=(AuditAction.OPENED,)) == ["opened", "opened"]
    today = utc_now().date()
    assert audit_log.count_entries(db, AuditFilter(since=today, until=today)) == 6
    assert audit_log.count_entries(db, AuditFilter(since=today + timedelta(days=1))) == 0
    assert audit_log.count_entries(db, AuditFilter(until=today - timedelta(days=1))) == 0
    page = audit_log.list_entries(db, limit=4, offset=4)
    assert [e.id for e in page] == [2, 1]
    with pytest.raises(ReadinessError):
        audit_log.list_entries(db, limit=0)
    ids = [e.id for e in audit_log.iter_entries(db, page_size=4)]
    assert ids == [1, 2, 3, 4, 5, 6]  # oldest first, across pages


def test_export_records_per_assessment_or_one_summary() -> None:
    db = open_memory_database()
    user = repository.create_service_user(db, "AA-1")
    one = repository.start_assessment(db, user)
    two = repository.start_assessment(db, user)
    audit.record_export(db, staff="MJ", kind="json", assessment_ids=[one.id, two.id], sealed=True)
    audit.record_export(db, staff="MJ", kind="csv", count=120, description="all dates")
    exported = audit_log.list_entries(db, AuditFilter(actions=(AuditAction.EXPORTED,)))
    assert [(e.assessment_id, e.detail) for e in exported] == [
        (None, "csv, plain, 120 assessments, all dates"),
        (two.id, "json, sealed"),
        (one.id, "json, sealed"),
    ]
    assert exported[1].service_user_id == user.id


def test_export_csv_to_a_file_and_a_stream(tmp_path: Path) -> None:
    db = open_memory_database()
    user = repository.create_service_user(db, "AA-1", staff="MJ")
    audit.record(db, AuditAction.OPENED, staff="MJ", service_user_id=user.id, detail="=HYPERLINK()")
    path = tmp_path / "audit.csv"
    assert export_csv(db, path, staff="AD") == 2
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(CSV_COLUMNS)
    assert [row[3] for row in rows[1:]] == ["created", "opened"]
    assert rows[1][4] == "AA-1" and rows[1][2] == "MJ"
    assert rows[2][7] == "'=HYPERLINK()"  # never run as a formula by a spreadsheet
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o077 == 0
    last = audit_log.list_entries(db, limit=1)[0]
    assert (last.action, last.staff_initials, last.detail) == (
        AuditAction.EXPORTED,
        "AD",
        "audit log, 2 entries",
    )
    stream = io.StringIO()
    only_mine = AuditFilter(service_user_id=user.id)
    assert export_csv(db, stream, only_mine) == 2
    assert stream.getvalue().splitlines()[0] == ",".join(CSV_COLUMNS)


def test_export_csv_to_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    db = open_memory_database()
    with pytest.raises(ReadinessError, match="does not exist"):
        export_csv(db, tmp_path / "nowhere" / "audit.csv")
    assert not os.listdir(tmp_path)


def test_the_log_works_on_an_encrypted_database(tmp_path: Path) -> None:
    db = open_database(tmp_path / "r.db", key=DatabaseKey.from_bytes(b"k" * 32))
    user = repository.create_service_user(db, "AA-1", staff="MJ")
    assessment = repository.start_assessment(db, user, staff_initials="MJ")
    repository.save_answer(db, assessment.id, Answer("q", "i", utc_now(), value=True))
    with pytest.raises(NotFoundError):
        repository.save_answer(db, "missing", Answer("q", "i", utc_now(), value=True))
    assert actions(db) == ["changed", "created", "created"]
    db.close()


# -- command line ---------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_lists_filters_and_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "r.db")
    source = tmp_path / "a.json"
    source.write_text(to_json(make_document(code="ZX-77")), encoding="utf-8")
    assert run(capsys, "--db", db, "assessment", "import", str(source), "--staff", "MJ")[0] == 0

    code, out, _ = run(capsys, "audit", "--db", db, "--staff", "MJ")  # --db may follow it
    assert code == 0
    assert "imported" in out and "ZX-77" in out and "Showing the newest 3 of 3" in out
    assert "audit log" in out  # the listing itself is an entry, before it is read
    code, out, _ = run(
        capsys, "--db", db, "audit", "--person", "zx-77", "--action", "created", "--staff", "MJ"
    )
    assert "created" in out and "imported" not in out
    code, _, err = run(capsys, "--db", db, "audit", "--person", "QQ-1", "--staff", "MJ")
    assert code == 1 and "no service user with code QQ-1" in err
    code, out, _ = run(
        capsys, "--db", db, "audit", "--since", "2000-01-01", "--until", "2000-01-02",
        "--staff", "MJ",
    )  # fmt: skip
    assert "No audit entries found." in out

    target = tmp_path / "log.csv"
    code, out, err = run(capsys, "--db", db, "audit", "--csv", str(target), "--staff", "ad")
    assert code == 0 and "Wrote 5 audit entries" in out
    assert "not sealed" in err  # no agency key in Settings: a plain file is warned about
    assert target.read_text(encoding="utf-8-sig").startswith("id,at_utc,staff_initials")
    code, out, _ = run(
        capsys, "--db", db, "audit", "--action", "exported", "--by", "AD", "--staff", "MJ"
    )
    assert "audit log, 5 entries" in out


def test_cli_staff_comes_from_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from readiness.settings import settings_path

    settings = settings_path()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"staff_initials": "rg"}), encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert run(capsys, "--db", db, "audit", "--csv", str(tmp_path / "x.csv"))[0] == 0
    code, out, _ = run(capsys, "--db", db, "audit")
    assert code == 0 and "RG" in out and "exported" in out and "opened" in out


def test_an_action_written_by_a_newer_version_is_listed_as_text(tmp_path: Path) -> None:
    db = open_memory_database()
    db.execute(
        "INSERT INTO audit_log (at, staff_initials, action) VALUES (?, 'MJ', 'teleported')",
        [utc_now().isoformat()],
    )
    db.conn.commit()
    assert [str(e.action) for e in audit_log.list_entries(db)] == ["teleported"]
    assert export_csv(db, str(tmp_path / "log.csv")) == 1
    assert ",teleported," in (tmp_path / "log.csv").read_text(encoding="utf-8-sig")
