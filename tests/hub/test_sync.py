"""A laptop and a real hub: joining, sending, versions, erasure, TLS, the hub being away."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.protection import erasure
from readiness.store import outbox, repository
from readiness.store.database import open_database
from readiness.sync import client, protocol
from readiness.sync.run import sync
from readiness.sync.status import sync_status
from tests.factories import builtin_interpretation, cli_key
from tests.hub.helpers import completed, enroll, entry, query, request
from tests.hub.laptop import SYNC_STAFF, fill, run, sync_json
from tests.hub.servers import HubProcess, make_certificate, start_hub


def _join(capsys: pytest.CaptureFixture[str], hub: HubProcess, laptop: Path, name: str) -> None:
    code = enroll(hub.dsn, name, "North")
    result = run(capsys, laptop, "hub", "join", hub.url, code, "--ca", str(hub.cert))
    assert result[0] == 0, result


def _versions(hub: HubProcess) -> list[dict[str, object]]:
    return query(
        hub.dsn,
        "SELECT assessment_id, version, previous_version FROM "
        "assessment_versions ORDER BY assessment_id, version",
    )


def test_join_then_sync_sends_everything_once(
    hub: HubProcess, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = fill(db_path, 7)
    _join(capsys, hub, db_path, "field-1")
    code, report = sync_json(capsys, db_path)
    assert code == 0
    assert {key: report[key] for key in ("sent", "already_there", "pending", "errors")} == {
        "sent": 7,
        "already_there": 0,
        "pending": 0,
        "errors": [],
    }
    assert {row["assessment_id"] for row in _versions(hub)} == {d.assessment.id for d in documents}
    assert sync_json(capsys, db_path)[1]["sent"] == 0
    device = query(hub.dsn, "SELECT last_sync FROM devices WHERE name = 'field-1'")
    assert device[0]["last_sync"] is not None
    db = open_database(db_path, key=cli_key())
    try:
        sent = [e for e in audit_entries(db) if e[0] == "exported"]
        assert len(sent) == 1, "one entry for the sync that sent something"
        assert "agency server" in sent[0][1] and sent[0][2] == SYNC_STAFF
        credential = outbox.joined_hub(db).credential  # type: ignore[union-attr]
    finally:
        db.close()
    assert credential.encode() not in db_path.read_bytes(), "kept inside the encrypted file"


def audit_entries(db: object) -> list[tuple[str, str, str]]:
    """(action, detail, staff initials) of every entry, oldest first."""
    rows = db.execute("SELECT action, detail, staff_initials FROM audit_log ORDER BY id")  # type: ignore[attr-defined]
    return [(str(a), str(d), str(s)) for a, d, s in rows]


def test_sync_says_who_is_acting(
    hub: HubProcess, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db_path, 1)
    _join(capsys, hub, db_path, "field-0")
    code, _out, err = run(capsys, db_path, "sync", "--json")
    assert code == 1 and "--staff" in err, "no initials in Settings: the sync is refused"
    assert _versions(hub) == [], "nothing left the laptop without an actor"


def test_an_edit_after_completion_is_a_new_version_pointing_back(
    hub: HubProcess, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (document,) = fill(db_path, 1)
    _join(capsys, hub, db_path, "field-2")
    sync_json(capsys, db_path)
    db = open_database(db_path, key=cli_key())
    try:
        repository.reopen_assessment(db, document.assessment.id)
        assert outbox.count_pending(db) == 0, "a draft waits"
        repository.complete_assessment(db, document.assessment.id)
        assert outbox.count_pending(db) == 1
    finally:
        db.close()
    assert sync_json(capsys, db_path)[1]["sent"] == 1
    assert _versions(hub) == [
        {"assessment_id": document.assessment.id, "version": 1, "previous_version": None},
        {"assessment_id": document.assessment.id, "version": 2, "previous_version": 1},
    ]


def test_an_erasure_reaches_the_hub_and_is_audited_on_both_sides(
    hub: HubProcess, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept, erased = fill(db_path, 2)
    _join(capsys, hub, db_path, "field-3")
    sync_json(capsys, db_path)
    db = open_database(db_path, key=cli_key())
    try:
        person = repository.find_service_user(db, erased.service_user.code)
        assert person is not None
        erasure.erase_service_user(db, person.id, staff="MJ")
        assert outbox.count_erasures(db) == 1
    finally:
        db.close()
    code, report = sync_json(capsys, db_path)
    assert (code, report["erasures_sent"]) == (0, 1)
    assert {row["assessment_id"] for row in _versions(hub)} == {kept.assessment.id}
    assert query(
        hub.dsn,
        "SELECT count(*) AS n FROM assessments WHERE service_user_id = %s",
        [erased.service_user.id],
    ) == [{"n": 0}]
    hub_audit = query(hub.dsn, "SELECT actor, detail FROM hub_audit WHERE action = 'erased'")
    assert hub_audit == [{"actor": "field-3", "detail": "1 person, 1 versions removed"}]
    db = open_database(db_path, key=cli_key())
    try:
        assert outbox.count_erasures(db) == 0
        assert any(
            "agency server erased 1" in detail and staff == SYNC_STAFF
            for action, detail, staff in audit_entries(db)
            if action == "erased"
        )
    finally:
        db.close()


def test_a_certificate_the_laptop_cannot_verify_is_refused(
    hub: HubProcess, db_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fill(db_path, 1)
    code = enroll(hub.dsn, "field-4")
    status, _out, err = run(capsys, db_path, "hub", "join", hub.url, code)
    assert status == 1
    assert "certificate could not be verified" in err
    stranger, _key = make_certificate(tmp_path)
    status, _out, err = run(capsys, db_path, "hub", "join", hub.url, code, "--ca", str(stranger))
    assert status == 1 and "certificate could not be verified" in err
    assert query(hub.dsn, "SELECT joined FROM devices WHERE name = 'field-4'")[0]["joined"] is None


def test_with_the_hub_away_the_outbox_is_kept_and_the_problem_said(
    hub: HubProcess,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    certificate: tuple[Path, Path],
) -> None:
    fill(db_path, 3)
    _join(capsys, hub, db_path, "field-5")
    hub.stop()
    waits: list[float] = []
    db = open_database(db_path, key=cli_key())
    try:
        report = sync(db, builtin_interpretation(), staff="MJ", sleep=waits.append)
        assert report.errors == [client.NOT_REACHABLE]
        assert (report.sent, report.pending) == (0, 3)
        assert len(waits) == 3 and waits == sorted(waits), "retried with growing waits"
        status = sync_status(db)
        assert status.problem == client.NOT_REACHABLE and status.pending == 3
    finally:
        db.close()
    code, out, _err = run(capsys, db_path, "hub", "status")
    assert "agency server not reachable" in out and "3 assessments waiting" in out
    again = start_hub(hub.dsn, certificate, tmp_path / "again.log", port=hub.port)
    try:
        code, report = sync_json(capsys, db_path)
        assert (code, report["sent"], report["pending"], report["errors"]) == (0, 3, 0, [])
    finally:
        again.stop()


def test_no_personal_data_reaches_the_hub_log(
    hub: HubProcess, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = "Zephyrine-Quartermoon-7731"
    documents = fill(db_path, 3, prefix="MK77", note=marker)
    _join(capsys, hub, db_path, "field-6")
    assert sync_json(capsys, db_path)[1]["sent"] == 3
    db = open_database(db_path, key=cli_key())
    try:
        person = repository.find_service_user(db, documents[0].service_user.code)
        erasure.erase_service_user(db, person.id, staff="MJ")  # type: ignore[union-attr]
        credential = outbox.joined_hub(db).credential  # type: ignore[union-attr]
    finally:
        db.close()
    sync_json(capsys, db_path)
    refused = entry(completed(code="MK77-9999"))  # refused: its value stays out of the log too
    refused["document"]["assessment"]["locale"] = marker  # its problem quotes the value
    status, _answer, _headers = request(
        hub, protocol.ASSESSMENTS_PATH, {"versions": [refused]}, credential=credential
    )
    assert status == 422
    stored = query(
        hub.dsn,
        "SELECT count(*) AS n FROM assessment_versions WHERE document::text LIKE %s",
        [f"%{marker}%"],
    )
    assert stored == [{"n": 2}], "the marker did reach the hub's database"
    log = hub.log_text()
    assert "field-6" in log, "the log was captured"
    for secret in [
        marker,
        credential,
        *(d.service_user.code for d in documents),
        *(d.service_user.id for d in documents),
    ]:
        assert secret not in log


def test_with_postgresql_away_the_hub_says_503_and_the_outbox_waits(
    postgres_server: object,
    certificate: tuple[Path, Path],
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    import psycopg

    from tests.hub.conftest import new_database

    dsn = new_database(postgres_server)  # type: ignore[arg-type]
    hub = start_hub(dsn, certificate, tmp_path / "hub.log", extra=["--pool-timeout", "1"])
    try:
        fill(db_path, 2)
        _join(capsys, hub, db_path, "field-7")
        with psycopg.connect(postgres_server.dsn(), autocommit=True) as conn:  # type: ignore[attr-defined]
            conn.execute(f'DROP DATABASE "{dsn.rsplit("/", 1)[1]}" WITH (FORCE)')
        status, answer, _ = request(hub, "/api/v1/erasures", {"erasures": []}, credential="x")
        assert (status, answer) == (503, {"error": "unavailable"})
        db = open_database(db_path, key=cli_key())
        try:
            report = sync(db, builtin_interpretation(), staff="MJ", sleep=lambda _seconds: None)
            assert report.errors == [client.NOT_REACHABLE]
            assert report.pending == 2 and outbox.count_pending(db) == 2
        finally:
            db.close()
        assert "DROP" not in hub.log_text() and "field-7" in hub.log_text()
    finally:
        hub.stop()
