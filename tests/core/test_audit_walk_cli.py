"""The audit walk, on the command line: every command is found, and each that shows or writes
personal data leaves its entry in the audit log, with who did it.

The commands are read from the parser itself (``build_parser``), so a new command
that is in neither ``AUDITED`` nor ``EXEMPT`` fails the walk. Each audited command is
then run on encrypted records and its newest audit entry checked: the action, the
staff initials (``--staff``) and the assessment it concerns.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest

from readiness.cli import build_parser, main
from readiness.document import AssessmentDocument, to_json
from readiness.model import Answer, utc_now
from readiness.protection.backups import backup_set_for, list_backups
from readiness.questionnaire.consent import CONSENT_ID, PARTS, item_id
from readiness.store.database import open_database
from tests.core.test_sealing import Agency, agency  # noqa: F401 - the session's key pair
from tests.factories import BASE_TIME, cli_key, import_into, make_document

AUDITED = {
    "assessment show": "opened",
    "assessment status": "opened",
    "assessment import": "imported",
    "assessment complete": "completed",
    "assessment recompute": "opened; recomputed (--save)",
    "report": "exported",
    "export": "exported",
    "backup": "backed-up",
    "restore": "restored",
    "seal": "sealed",
    "audit": "opened (the log shown), exported (--csv)",
    "erase": "erased",
    "purge": "purged",
    "sync": "exported (assessments sent to the agency server), erased (the server confirmed)",
    "phone serve": "changed (the phone's results saved)",
}
"""Commands that show, hand out or change personal data, and the entry each writes."""

EXEMPT = {
    "assess": "works out results from a document file it is given; never opens the records",
    "assessments list": "lists codes, dates and status (as Home does); showing one is audited",
    "check device": "measures this computer; opens no records",
    "check connection": "measures the internet connection; opens no records",
    "demo": "fills the practice records with fictional people",
    "questionnaire list": "the questionnaires; no records",
    "questionnaire validate": "checks questionnaire files; no records",
    "questionnaire export": "a questionnaire as FHIR; no records",
    "backups": "lists the backup files' names, times and sizes; reads no records",
    "agency-keys": "makes the agency's key pair; no records",
    "unseal": "opens a sealed file at the agency, which has no records to log it in",
    "settings show": "the settings in force; no personal data",
    "settings check": "checks a settings file; no personal data",
    "hub join": "keeps this laptop's credential for the agency server; sends no records "
    "(each sync that does is audited)",
    "hub status": "counts of what waits to be sent; no personal data",
    "reliability": "prints each scale's statistics over all completed records; names no one "
    "and writes no file (the file form, export --format reliability, is audited)",
}
"""Commands that neither show nor write personal data, each with the reason."""


def commands(parser: argparse.ArgumentParser | None = None, prefix: str = "") -> set[str]:
    """Every command the parser runs (those with a handler), as typed: "assessment show"."""
    found: set[str] = set()
    for action in (parser or build_parser())._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if sub.get_default("handler") is not None:
                    found.add(f"{prefix}{name}")
                found |= commands(sub, f"{prefix}{name} ")
    return found


def test_every_command_is_audited_or_exempt_with_a_reason() -> None:
    found = commands()
    assert set(AUDITED) & set(EXEMPT) == set()
    assert found == set(AUDITED) | set(EXEMPT), "a command is in neither list (or gone)"
    assert all(EXEMPT.values())


@dataclass
class Records:
    path: Path
    folder: Path
    assessment_id: str
    """A completable draft (consent recorded, staff initials) of person AB12-0001."""
    person_id: str

    def run(self, *argv: str) -> None:
        assert main(["--db", str(self.path), *argv]) == 0

    def newest(self) -> tuple[str, str, str | None, str]:
        db = open_database(self.path, key=cli_key())
        try:
            row = db.execute(
                "SELECT action, staff_initials, assessment_id, detail FROM audit_log "
                "ORDER BY id DESC LIMIT 1"
            ).fetchone()
        finally:
            db.close()
        return (row[0], row[1], row[2], row[3])


def _completable(code: str) -> AssessmentDocument:
    document = make_document(code)
    consent = tuple(Answer(CONSENT_ID, item_id(part), BASE_TIME, value=True) for part in PARTS)
    return replace(document, answers=document.answers + consent)


@pytest.fixture
def records(tmp_path: Path) -> Records:
    path = tmp_path / "r.db"
    db = open_database(path, key=cli_key())
    document = _completable("AB12-0001")
    assessment = import_into(db, document, staff="AD")
    db.close()
    return Records(path, tmp_path, assessment.id, assessment.service_user_id)


def _show(records: Records) -> None:
    records.run("assessment", "show", records.assessment_id, "--staff", "MJ")
    assert records.newest() == ("opened", "MJ", records.assessment_id, "assessment show")


def _status(records: Records) -> None:
    records.run("assessment", "status", records.assessment_id, "--staff", "MJ")
    assert records.newest() == ("opened", "MJ", records.assessment_id, "assessment status")


def _import(records: Records) -> None:
    document = make_document("AB12-0002")
    source = records.folder / "doc.json"
    source.write_text(to_json(document), encoding="utf-8")
    records.run("assessment", "import", str(source), "--staff", "MJ")
    assert records.newest()[:3] == ("imported", "MJ", document.assessment.id)


def _complete(records: Records) -> None:
    records.run("assessment", "complete", records.assessment_id, "--staff", "MJ")
    assert records.newest()[:3] == ("completed", "MJ", records.assessment_id)


def _recompute(records: Records) -> None:
    records.run("assessment", "complete", records.assessment_id, "--staff", "AD")
    records.run("assessment", "recompute", records.assessment_id, "--staff", "MJ")
    assert records.newest() == ("opened", "MJ", records.assessment_id, "assessment recompute")
    records.run("assessment", "recompute", records.assessment_id, "--save", "--staff", "MJ")
    action, staff, assessment_id, detail = records.newest()
    assert (action, staff, assessment_id) == ("recomputed", "MJ", records.assessment_id)
    before, after = detail.split(" -> ")
    assert before == after != "-"  # kept at completion under the same rules


def _report(records: Records) -> None:
    out = records.folder / "r.pdf"
    records.run(
        "report", records.assessment_id, "--audience", "service-user", "--out", str(out),
        "--staff", "MJ",
    )  # fmt: skip
    assert records.newest() == (
        "exported", "MJ", records.assessment_id, "pdf report, service-user, plain"
    )  # fmt: skip


def _export(records: Records) -> None:
    out = records.folder / "all.json"
    records.run("export", "--format", "json", "--out", str(out), "--staff", "MJ")
    assert records.newest() == ("exported", "MJ", None, "json, plain, 1 assessments, all dates")


def _backup(records: Records) -> None:
    records.run("backup", "--staff", "MJ")
    action, staff, assessment, detail = records.newest()
    assert (action, staff, assessment) == ("backed-up", "MJ", None)
    assert detail == f"made now, {list_backups(backup_set_for(records.path))[0].path.name}"


def _restore(records: Records) -> None:
    records.run("backup", "--staff", "AD")
    [made] = list_backups(backup_set_for(records.path))
    records.run("restore", str(made.path), "--yes", "--staff", "MJ")
    assert records.newest() == ("restored", "MJ", None, f"backup {made.path.name}")


def _seal(records: Records, keys: Agency) -> None:
    source = records.folder / "plain.csv"
    source.write_text("a,b\n", encoding="utf-8")
    records.run(
        "seal", str(source), str(records.folder / "plain.csv.sealed"),
        "--public-key", str(keys.public_path), "--staff", "MJ",
    )  # fmt: skip
    action, staff, assessment, detail = records.newest()
    assert (action, staff, assessment) == ("sealed", "MJ", None)
    assert detail == f"file sealed to key {keys.public.fingerprint_text[:19]}"


def _audit(records: Records) -> None:
    records.run("audit", "--person", "AB12-0001", "--staff", "MJ")
    assert records.newest() == ("opened", "MJ", None, "audit log")
    records.run("audit", "--csv", str(records.folder / "log.csv"), "--staff", "MJ")
    action, staff, _assessment, detail = records.newest()
    assert (action, staff) == ("exported", "MJ") and detail.startswith("audit log, ")


def _erase(records: Records) -> None:
    records.run("erase", "AB12-0001", "--yes", "--staff", "MJ")
    action, staff, assessment, detail = records.newest()
    assert (action, staff, assessment) == ("erased", "MJ", None)
    assert "AB12-0001" not in detail  # names no one


def _purge(records: Records) -> None:
    db = open_database(records.path, key=cli_key())
    old = (utc_now() - timedelta(days=400)).isoformat(timespec="microseconds")
    db.execute("UPDATE assessments SET updated = ?", [old])
    db.conn.commit()
    db.close()
    records.run("purge", "--older-than", "365", "--yes", "--staff", "MJ")
    assert records.newest()[:3] == ("purged", "MJ", None)


def _phone(records: Records) -> None:
    from tests.core.phone.helpers import phone_that_reports

    with phone_that_reports():
        records.run(
            "phone", "serve", "--assessment", records.assessment_id, "--bind", "127.0.0.1",
            "--json", "--staff", "MJ",
        )  # fmt: skip
    assert records.newest()[:3] == ("changed", "MJ", records.assessment_id)


SCENARIOS = {
    "assessment show": _show,
    "assessment status": _status,
    "assessment import": _import,
    "assessment complete": _complete,
    "assessment recompute": _recompute,
    "report": _report,
    "export": _export,
    "backup": _backup,
    "restore": _restore,
    "audit": _audit,
    "erase": _erase,
    "purge": _purge,
    "phone serve": _phone,
}


def test_every_audited_command_has_its_scenario() -> None:
    # sync needs a hub and PostgreSQL: its entries are checked in tests/hub/test_sync.py
    assert set(SCENARIOS) | {"seal", "sync"} == set(AUDITED)


@pytest.mark.parametrize("command", sorted(SCENARIOS))
def test_each_audited_command_writes_its_entry(
    command: str, records: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    SCENARIOS[command](records)
    capsys.readouterr()


def test_sealing_writes_its_entry(
    records: Records,
    agency: Agency,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    _seal(records, agency)
    capsys.readouterr()


def test_without_an_actor_an_audited_command_refuses_before_it_shows_anything(
    records: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    """No entry is ever written without its actor (``--staff`` or the initials in Settings)."""
    assert main(["--db", str(records.path), "assessment", "show", records.assessment_id]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "say who is acting" in captured.err
