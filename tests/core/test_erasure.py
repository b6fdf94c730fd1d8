"""Erasing a service user, deleting an assessment, purging by retention: counts, audit, bytes."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from readiness.cli import main
from readiness.document import to_json
from readiness.errors import NotFoundError, ReadinessError
from readiness.model import Answer, CheckResult, CheckStatus, ServiceUser, utc_now
from readiness.plan import Plan, PlanItem
from readiness.protection import audit as audit_log
from readiness.protection import erasure
from readiness.protection.audit import AuditFilter
from readiness.store import audit, plans, repository
from readiness.store.audit import AuditAction
from readiness.store.database import open_database, open_memory_database
from readiness.store.keys import DatabaseKey
from tests.factories import make_document

MARKER = "Quillon-Marker-5521"


def fill(db: Any, code: str, *, assessments: int = 2, text: str = "plain") -> ServiceUser:
    """A person with ``assessments`` completed intakes, each with answers, a check and a plan."""
    user = repository.create_service_user(db, code, preferred_name=f"{text} name", staff="MJ")
    for _ in range(assessments):
        a = repository.start_assessment(db, user, staff_initials="MJ")
        for index in range(12):
            value = f"{text} answer {index} " + "x" * 150
            repository.save_answer(db, a.id, Answer("q", f"i{index}", utc_now(), value=value))
        result = CheckResult("device.memory", CheckStatus.GOOD, utc_now(), "Enough memory.")
        repository.save_check_result(db, a.id, result)
        plans.save_plan(db, a.id, Plan(text=f"{text} plan", added=(PlanItem(f"{text} item"),)))
        repository.complete_assessment(db, a.id, staff="MJ")
        audit.record(db, AuditAction.OPENED, staff="MJ", assessment_id=a.id)
    return user


def count(db: Any, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_erasing_removes_the_person_and_everything_about_them_and_nothing_else() -> None:
    db = open_memory_database()
    keep = fill(db, "KEEP-1", assessments=1)
    gone = fill(db, "GONE-1", assessments=3)
    preview = erasure.preview_erasure(db, gone.id)
    assert (preview.code, preview.complete, preview.drafts, preview.answers) == ("GONE-1", 3, 0, 36)
    named = audit_log.count_entries(db, AuditFilter(service_user_id=gone.id))
    assert preview.audit_entries == named == 1 + 3 * 4  # created, then per intake 4 entries

    result = erasure.erase_service_user(db, gone.id, staff="ad")

    assert (result.service_users, result.assessments, result.answers) == (1, 3, 36)
    assert (result.check_results, result.plans, result.audit_entries) == (3, 3, named)
    assert result.scrubbed
    assert repository.find_service_user(db, "GONE-1") is None
    assert count(db, "assessments") == 1 and count(db, "answers") == 12
    assert count(db, "check_results") == 1 and count(db, "plans") == 1
    assert repository.find_service_user(db, "KEEP-1") == keep
    assert audit_log.count_entries(db, AuditFilter(service_user_id=keep.id)) == 5
    erased = audit_log.list_entries(db, AuditFilter(actions=(AuditAction.ERASED,)))
    assert len(erased) == 1
    entry = erased[0]
    assert (entry.staff_initials, entry.detail) == ("AD", "1 service user, 3 assessments")
    assert entry.service_user_id is None and entry.assessment_id is None
    assert gone.id not in repr(db.execute("SELECT * FROM audit_log").fetchall())
    with pytest.raises(NotFoundError, match="already erased"):
        erasure.erase_service_user(db, gone.id, staff="AD")


def test_erasure_is_all_or_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_memory_database()
    gone = fill(db, "GONE-1")
    before = {t: count(db, t) for t in ("service_users", "assessments", "answers", "audit_log")}

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        erasure.erase_service_user(db, gone.id, staff="AD")
    assert {t: count(db, t) for t in before} == before
    with pytest.raises(ReadinessError, match="staff initials"):
        erasure.erase_service_user(db, gone.id, staff="not initials")


def _marker_bytes(folder: Path) -> dict[str, int]:
    return {p.name: p.read_bytes().count(MARKER.encode()) for p in folder.iterdir() if p.is_file()}


def test_erased_text_is_not_left_in_the_file_or_its_log(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = open_database(folder / "r.db")  # plain SQLite, so the bytes can be searched
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # As SQLCipher's default: rows changed before the erasure leave old copies behind.
    db.execute("PRAGMA secure_delete = OFF")
    others = [fill(db, f"OTHER-{index}", assessments=1) for index in range(3)]
    gone = fill(db, "GONE-1", assessments=1, text=MARKER)
    drafts = {user.id: repository.start_assessment(db, user).id for user in [*others, gone]}
    # Their answers share pages with other people's, and are changed once, so old
    # copies sit in free space inside pages that stay in use after the erasure.
    for index in range(40):
        for user_id, assessment_id in drafts.items():
            text = MARKER if user_id == gone.id else "other"
            value = f"{text} answer {index} " + "y" * 120
            repository.save_answer(
                db, assessment_id, Answer("q", f"i{index}", utc_now(), value=value)
            )
    for index in range(40):
        answer = Answer("q", f"i{index}", utc_now(), value=f"{MARKER} {index}")
        repository.save_answer(db, drafts[gone.id], answer)

    result = erasure.erase_service_user(db, gone.id, staff="AD")

    assert result.scrubbed
    assert sum(_marker_bytes(folder).values()) == 0, _marker_bytes(folder)
    db.close()
    assert sum(_marker_bytes(folder).values()) == 0
    reopened = open_database(folder / "r.db")
    assert count(reopened, "service_users") == 3 and count(reopened, "answers") == 3 * 52
    reopened.close()


def test_without_a_scrub_deleted_text_would_stay(tmp_path: Path) -> None:
    """The reason ``scrub`` exists: a plain DELETE leaves the text in the file."""
    folder = tmp_path / "data"
    folder.mkdir()
    db = open_database(folder / "r.db")
    gone = fill(db, "GONE-1", text=MARKER)
    db.execute("PRAGMA secure_delete = OFF")  # SQLCipher's default
    with db.atomic():
        db.execute("DELETE FROM answers")
        db.execute("DELETE FROM plans")
        db.execute("UPDATE service_users SET preferred_name = NULL WHERE id = ?", [gone.id])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert sum(_marker_bytes(folder).values()) > 0
    assert erasure.scrub(db)
    assert sum(_marker_bytes(folder).values()) == 0
    db.close()


def test_a_reader_on_another_connection_delays_the_scrub(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = open_database(folder / "r.db")
    gone = fill(db, "GONE-1", text=MARKER)
    reader = open_database(folder / "r.db")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM answers").fetchone()  # holds a read snapshot
    result = erasure.erase_service_user(db, gone.id, staff="AD")
    assert result.service_users == 1 and not result.scrubbed
    reader.execute("COMMIT")
    reader.close()
    assert erasure.scrub(db)
    assert sum(_marker_bytes(folder).values()) == 0
    db.close()


def test_erasure_on_an_encrypted_database(tmp_path: Path) -> None:
    key = DatabaseKey.from_bytes(b"e" * 32)
    db = open_database(tmp_path / "r.db", key=key)
    gone = fill(db, "GONE-1", text=MARKER)
    result = erasure.erase_service_user(db, gone.id, staff="AD")
    assert (result.service_users, result.assessments, result.scrubbed) == (1, 2, True)
    db.close()
    reopened = open_database(tmp_path / "r.db", key=key)
    assert count(reopened, "service_users") == 0 and count(reopened, "audit_log") == 1
    reopened.close()


def test_deleting_one_assessment_keeps_the_person_and_the_trail() -> None:
    db = open_memory_database()
    user = fill(db, "AA-1", assessments=2)
    first, second = (a[0] for a in db.execute("SELECT id FROM assessments ORDER BY created"))
    result = erasure.delete_assessment(db, first, staff="MJ")
    assert (result.assessments, result.answers, result.plans, result.check_results) == (1, 12, 1, 1)
    assert result.service_users == 0 and result.audit_entries == 0
    assert repository.get_assessment(db, second).id == second
    trail = audit_log.list_entries(db, AuditFilter(assessment_id=first))
    assert trail[0].action is AuditAction.DELETED and trail[0].service_user_id == user.id
    assert len(trail) > 1
    with pytest.raises(NotFoundError):
        erasure.delete_assessment(db, first, staff="MJ")


def _age(db: Any, code: str, days: int) -> None:
    """Make a person's record and assessments look ``days`` old."""
    moment = (utc_now() - timedelta(days=days)).isoformat(timespec="microseconds")
    user = repository.find_service_user(db, code)
    assert user is not None
    db.execute("UPDATE service_users SET created = ? WHERE id = ?", [moment, user.id])
    db.execute("UPDATE assessments SET updated = ? WHERE service_user_id = ?", [moment, user.id])
    db.conn.commit()


def test_purge_deletes_old_assessments_and_people_left_with_none() -> None:
    db = open_memory_database()
    fill(db, "OLD-1", assessments=2)
    _age(db, "OLD-1", 400)
    fill(db, "NEW-1", assessments=1)
    mixed = fill(db, "MIX-1", assessments=2)
    _age(db, "MIX-1", 400)
    newest = repository.start_assessment(db, mixed, staff_initials="MJ")  # today: kept
    repository.create_service_user(db, "WAITING-1")  # no intake yet, added today: kept
    old_waiting = repository.create_service_user(db, "WAITING-2")
    _age(db, "WAITING-2", 400)
    opened_before = audit_log.count_entries(db, AuditFilter(actions=(AuditAction.OPENED,)))
    now = utc_now()

    preview = erasure.preview_purge(db, 365, now=now)
    result = erasure.purge_older_than(db, 365, staff="AD", now=now)

    assert (preview.complete, preview.drafts, preview.service_users) == (4, 0, 2)
    assert (result.assessments, result.answers, result.plans, result.service_users) == (
        4,
        48,
        4,
        2,
    )
    assert result.audit_entries == 0 and result.scrubbed
    assert repository.find_service_user(db, "OLD-1") is None
    assert repository.find_service_user(db, old_waiting.code) is None
    assert repository.find_service_user(db, "WAITING-1") is not None
    assert [a.id for a in repository.list_drafts(db, mixed)] == [newest.id]
    assert count(db, "assessments") == 2
    purged = audit_log.list_entries(db, AuditFilter(actions=(AuditAction.PURGED,)))
    assert [e.detail for e in purged] == [
        "2 service users, 4 assessments, not changed for 365 days"
    ]
    assert purged[0].service_user_id is None and purged[0].staff_initials == "AD"
    # Entries about purged assessments stay (they name no one now).
    assert audit_log.count_entries(db, AuditFilter(actions=(AuditAction.OPENED,))) == opened_before
    again = erasure.purge_older_than(db, 365, staff="AD", now=now)
    assert (again.assessments, again.service_users) == (0, 0)


@pytest.mark.parametrize("days", [0, -1, 36501, True])
def test_purge_needs_a_sensible_period(days: int) -> None:
    db = open_memory_database()
    with pytest.raises(ReadinessError, match="retention period"):
        erasure.purge_older_than(db, days, staff="AD")


# -- command line ---------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str], code: str = "ZX-77") -> str:
    db = str(tmp_path / "r.db")
    source = tmp_path / f"{code}.json"
    source.write_text(to_json(make_document(code=code, answers=4)), encoding="utf-8")
    assert run(capsys, "--db", db, "assessment", "import", str(source), "--staff", "MJ")[0] == 0
    return db


def test_cli_erase_asks_for_the_code_and_cancels_on_anything_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = imported(tmp_path, capsys)
    for answer in ("", "yes\n", "ZX-78\n"):
        monkeypatch.setattr("sys.stdin", io.StringIO(answer))
        code, out, err = run(capsys, "erase", "ZX-77", "--db", db, "--staff", "ad")
        assert code == 1 and "cancelled; nothing was deleted" in err
        assert "This will erase service user ZX-77 for good" in out
        assert "1 assessment (0 complete, 1 draft) with 4 answers" in out
        assert "This cannot be undone." in out
    code, out, _ = run(capsys, "--db", db, "assessments", "list")
    assert "ZX-77" in out

    monkeypatch.setattr("sys.stdin", io.StringIO("zx-77\n"))
    code, out, err = run(capsys, "erase", "zx-77", "--db", db, "--staff", "ad")
    assert code == 0, err
    assert "Erased ZX-77: 1 assessment, 4 answers, 1 check result, 0 plans" in out
    code, out, _ = run(capsys, "--db", db, "assessments", "list")
    assert "No assessments found." in out
    code, out, _ = run(capsys, "--db", db, "audit", "--staff", "MJ")
    assert "erased" in out and "ZX-77" not in out and "AD" in out


def test_cli_erase_with_yes_and_unknown_or_bad_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = imported(tmp_path, capsys)
    code, _, err = run(capsys, "--db", db, "erase", "QQ-1", "--yes")
    assert code == 1 and "no service user with code QQ-1" in err
    code, _, err = run(capsys, "--db", db, "erase", "Maria Lopez", "--yes")
    assert code == 1 and "service-user code" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "--db", db, "erase", "ZX-77", "--yes", "--staff", "ad")
    assert code == 0 and "Erased ZX-77" in out


def test_cli_purge_uses_the_settings_or_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness.settings import settings_path

    db = imported(tmp_path, capsys)  # the factory's assessment was changed in March 2026
    code, out, _ = run(capsys, "--db", db, "purge")
    assert code == 0 and "No retention period is set" in out
    code, _, err = run(capsys, "--db", db, "purge", "--older-than", "0")
    assert code == 1 and "retention period" in err

    settings = settings_path()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"retention_days": 36500}), encoding="utf-8")
    code, out, _ = run(capsys, "--db", db, "purge")
    assert code == 0 and "nothing was deleted" in out

    settings.write_text(json.dumps({"retention_days": 1, "staff_initials": "rg"}), "utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    code, out, err = run(capsys, "--db", db, "purge")
    assert code == 1 and "This will delete 1 assessment last changed before" in out
    # The person was added by today's import, so their record is not old enough yet.
    assert "0 service users left with no assessment" in out and "cancelled" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("YES\n"))
    code, out, _ = run(capsys, "purge", "--db", db)
    assert code == 0 and "Purged 1 assessment, 4 answers" in out and "0 service users." in out
    code, out, _ = run(capsys, "--db", db, "audit", "--action", "purged", "--staff", "MJ")
    assert "RG" in out and "0 service users, 1 assessment, not changed for 1 days" in out
