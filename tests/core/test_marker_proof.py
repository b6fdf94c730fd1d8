"""Proof that no text of an assessment reaches the disk unencrypted, except what is exported.

Distinct marker strings go into every text field an assessment can hold (the
service-user code and preferred name, staff initials, written answers, check
reasons and measured values, the plan's notes, added items and recommendation
titles, the intake step). A PDF report and a JSON export are then made as the
command line makes them, into a folder the worker chose (outside the searched
folders), and a backup is made. The database file, its -wal and -shm, the backups,
everything else in the data folder, the temporary folder (``TMPDIR`` and
``tempfile.tempdir`` point at a fresh one) and the isolated home folder are read
as raw bytes: no marker may appear, in UTF-8 or UTF-16. The control runs the same
steps on a plain database and finds every marker, so the search can fail.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from readiness.cli import main as cli_main
from readiness.model import Answer, CheckResult, CheckStatus, Measurement
from readiness.plan import Decision, Plan, PlanDecision, PlanItem
from readiness.store import plans, repository
from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey
from tests.factories import cli_key

MARKERS = {
    "service-user code": "MKCODE-4F1B9A",  # codes are upper-case letters, digits and '-'
    "preferred name": "MkPrefName-7c2e",
    "staff initials": "QZXJW",  # initials are 1 to 5 letters
    "written answer": "MkAnswerNeeds-9e77, una sala tranquila",
    "short written answer": "MkLang-41d0",
    "check reason": "MkCheckReason-0b5c: the memory was low.",
    "check value": "MkCheckValue-d3a8",
    "check unit": "MkUnit-55f2",
    "plan notes": "MkPlanText-aa01\nCall on Tuesday.",
    "plan added item": "MkPlanAdded-6b6b",
    "recommendation title": "MkPlanTitle-3c3c",
    "intake step": "MkStep-12e4",
}
NOW = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Places:
    data: Path
    temp: Path
    exports: Path

    @property
    def database(self) -> Path:
        return self.data / "readiness.db"


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Places]:
    chosen = Places(tmp_path / "data", tmp_path / "tmp", tmp_path / "exports")
    for folder in (chosen.data, chosen.temp, chosen.exports):
        folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(chosen.temp))
    monkeypatch.setenv("SQLITE_TMPDIR", str(chosen.temp))
    monkeypatch.setattr(tempfile, "tempdir", str(chosen.temp))
    yield chosen


def _fill(db_path: Path, key: DatabaseKey | None) -> tuple[Database, str]:
    """An open database holding one assessment with a marker in every text field."""
    db = open_database(db_path, key=key)
    staff = MARKERS["staff initials"]
    user = repository.create_service_user(
        db, MARKERS["service-user code"], preferred_name=MARKERS["preferred name"], staff=staff
    )
    assessment = repository.start_assessment(db, user, staff_initials=staff)
    answers = [
        Answer("comm", "comm.preferred_language", NOW, value="other"),
        Answer("comm", "comm.other_language", NOW, value=MARKERS["short written answer"]),
        Answer("comm", "comm.other_needs", NOW, value=MARKERS["written answer"]),
        Answer("access", "access.home_internet", NOW, value=True),
    ]
    for answer in answers:
        repository.save_answer(db, assessment.id, answer, staff=staff)
    result = CheckResult(
        check_id="device.memory",
        status=CheckStatus.LIMITED,
        measured_at=NOW,
        reason=MARKERS["check reason"],
        values={
            "total": Measurement(3.7, "GB"),
            "model": Measurement(MARKERS["check value"], MARKERS["check unit"]),
        },
    )
    repository.save_check_result(db, assessment.id, result, staff=staff)
    plan = Plan(
        decisions=(
            PlanDecision("phone_data_plan", Decision.ACCEPTED, MARKERS["recommendation title"]),
        ),
        added=(PlanItem(MARKERS["plan added item"]),),
        text=MARKERS["plan notes"],
    )
    plans.save_plan(db, assessment.id, plan, staff=staff)
    repository.set_current_step(db, assessment.id, MARKERS["intake step"])
    return db, assessment.id


def _encodings(marker: str) -> list[bytes]:
    return [marker.encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")]


def _files(*folders: Path) -> list[Path]:
    return sorted(path for folder in folders for path in folder.rglob("*") if path.is_file())


def _found(files: list[Path]) -> dict[str, list[str]]:
    """Marker name -> the files that hold it (in any of the encodings)."""
    found: dict[str, list[str]] = {}
    for path in files:
        raw = path.read_bytes()
        for name, marker in MARKERS.items():
            # A multi-line marker is searched by its first line, as it may be stored escaped.
            first = marker.splitlines()[0]
            if any(encoded in raw for encoded in _encodings(first)):
                found.setdefault(name, []).append(path.name)
    return found


def _home() -> Path:
    import os

    return Path(os.environ["HOME"])


def test_no_marker_reaches_the_disk_unencrypted(
    places: Places, capsys: pytest.CaptureFixture[str]
) -> None:
    db, assessment_id = _fill(places.database, cli_key())
    backups = places.data / "backups"
    from readiness.protection.backups import make_backup

    backup = make_backup(db, cli_key(), backups, keep=3)
    assert backup.exists()

    # What the worker chose to write: a staff report and a JSON export, not searched.
    report = places.exports / "staff-report.pdf"
    export = places.exports / "export.json"
    base = ["--db", str(places.database)]
    by = ["--staff", "MJ", "--plain"]  # plain on purpose: the files are searched for the marker
    assert (
        cli_main([*base, "report", assessment_id, "--audience", "staff", "--out", str(report), *by])
        == 0
    )
    assert cli_main([*base, "export", "--format", "json", "--out", str(export), *by]) == 0
    capsys.readouterr()
    assert report.read_bytes().startswith(b"%PDF")
    assert MARKERS["written answer"].encode() in export.read_bytes()  # the export had the data

    # While the database is open (its WAL holds the latest pages), then after it is closed.
    wal = places.data / "readiness.db-wal"
    assert wal.exists() and wal.stat().st_size > 0
    searched = _files(places.data, places.temp, _home())
    assert places.database in searched and wal in searched and backup in searched
    assert _found(searched) == {}
    db.close()
    assert _found(_files(places.data, places.temp, _home())) == {}
    assert _files(places.temp) == []  # nothing was left in the temporary folder at all


def test_control_a_plain_database_shows_every_marker(places: Places) -> None:
    """The same steps on an unencrypted (practice) database: the search finds every marker."""
    db, _assessment_id = _fill(places.database, None)
    files = _files(places.data)
    assert set(_found(files)) == set(MARKERS)
    db.close()
    assert set(_found(_files(places.data))) == set(MARKERS)
