"""The records' check beside an export (issue 19): on its own connection and thread, and
the export is handed over only after it passed; damage still leaves nothing behind."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from readiness.errors import DamagedDatabaseError
from readiness.progress import Cancelled, CancelToken
from readiness.reports import records_check
from readiness.reports.jobs import run_export
from readiness.store.database import check_integrity, open_database
from tests.core.reports.helpers import inputs
from tests.core.test_hostile_store import _flip, _good_database, _root_pages
from tests.factories import cli_key

FORMATS = ("csv", "json", "fhir", "summary")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "records.db"
    _good_database(path, people=12)
    return path


def test_the_check_reads_the_file_on_its_own_connection_and_thread(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the export's own thread checked every page first, then exported."""
    seen: list[tuple[int, object]] = []

    def recorded(conn: object, cancel: CancelToken | None = None) -> None:
        seen.append((threading.get_ident(), conn))
        check_integrity(conn, cancel)  # type: ignore[arg-type]

    monkeypatch.setattr(records_check, "check_integrity", recorded)
    db = open_database(records, key=cli_key())
    try:
        result = run_export(db, "csv", tmp_path / "out.csv", inputs(), staff="MJ")
    finally:
        db.close()
    assert result.count == 12
    assert len(seen) == 1
    thread, conn = seen[0]
    assert thread != threading.get_ident() and conn is not db.conn


@pytest.mark.parametrize("kind", FORMATS)
def test_damage_found_after_the_last_row_leaves_the_earlier_file(
    kind: str, records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check slower than the export still stops it: nothing replaces the earlier file."""

    def slow_and_damaged(conn: object, cancel: CancelToken | None = None) -> None:
        time.sleep(0.3)
        raise DamagedDatabaseError("damaged", records)

    monkeypatch.setattr(records_check, "check_integrity", slow_and_damaged)
    out = tmp_path / "exports" / f"out.{kind}"
    out.parent.mkdir()
    out.write_text("the earlier export\n", encoding="utf-8")
    db = open_database(records, key=cli_key())
    try:
        with pytest.raises(DamagedDatabaseError):
            run_export(db, kind, out, inputs(), staff="MJ")
        audited = db.execute("SELECT count(*) FROM audit_log WHERE action = 'exported'")
        assert audited.fetchone()[0] == 0
    finally:
        db.close()
    assert out.read_text(encoding="utf-8") == "the earlier export\n"
    assert [path.name for path in out.parent.iterdir()] == [out.name]


def test_real_damage_the_export_never_reads_is_found(records: Path, tmp_path: Path) -> None:
    for page in _root_pages(records, "audit_log"):
        _flip(records, page)
    out = tmp_path / "out.json"
    db = open_database(records, key=cli_key())
    try:
        with pytest.raises(DamagedDatabaseError) as caught:
            run_export(db, "json", out, inputs(), staff="MJ")
    finally:
        db.close()
    assert caught.value.path == records and not out.exists()
    assert list(tmp_path.glob("out.json*")) == []


def test_cancelling_while_the_check_runs_stops_both(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancel = CancelToken()
    release = threading.Event()

    def waits_for_cancel(conn: object, given: CancelToken | None = None) -> None:
        cancel.cancel()
        release.wait(5)

    monkeypatch.setattr(records_check, "check_integrity", waits_for_cancel)
    out = tmp_path / "out.csv"
    db = open_database(records, key=cli_key())
    try:
        with pytest.raises(Cancelled):
            run_export(db, "csv", out, inputs(), staff="MJ", cancel=cancel)
    finally:
        release.set()
        db.close()
    assert not out.exists()


def test_a_database_in_memory_is_checked_first(tmp_path: Path) -> None:
    from readiness.store.database import open_memory_database

    db = open_memory_database()
    result = run_export(db, "csv", tmp_path / "out.csv", inputs(), staff="MJ")
    assert result.count == 0 and (tmp_path / "out.csv").exists()


def test_the_check_itself_stops_when_cancelled(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: only the automatic backup's check could be cancelled; now every caller's."""
    from readiness.store import database

    monkeypatch.setattr(database, "STEPS_PER_CANCEL_CHECK", 1)  # a small file: few steps
    cancel = CancelToken()
    cancel.cancel()
    db = open_database(records, key=cli_key())
    try:
        with pytest.raises(Cancelled):
            check_integrity(db, cancel)
        check_integrity(db)  # the connection is left as it was: no cancel handler stays
    finally:
        db.close()
