"""``readiness-hub``: init, enroll, devices, revoke and serve, as an admin types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.hub.cli import main
from readiness.sync import protocol
from tests.hub import postgres
from tests.hub.conftest import new_database
from tests.hub.helpers import request
from tests.hub.servers import HubProcess, start_hub


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_the_schema_once(
    postgres_server: postgres.Server, capsys: pytest.CaptureFixture[str]
) -> None:
    dsn = new_database(postgres_server, schema=False)
    assert run(capsys, "enroll", "--dsn", dsn, "--name", "early")[0] == 1, "no schema yet"
    code, out, _err = run(capsys, "init", "--dsn", dsn)
    assert code == 0 and "initial" in out
    code, out, _err = run(capsys, "init", "--dsn", dsn)
    assert code == 0 and "nothing to change" in out


def test_enroll_list_and_revoke(hub: HubProcess, capsys: pytest.CaptureFixture[str]) -> None:
    dsn = hub.dsn
    code, out, _ = run(capsys, "enroll", "--dsn", dsn, "--name", "laptop-9", "--site", "South")
    assert code == 0
    first = out.split(": ")[1].split()[0]
    _, out, _ = run(capsys, "enroll", "--dsn", dsn, "--name", "laptop-9", "--site", "South")
    second = out.split(": ")[1].split()[0]
    assert first != second, "a device not yet joined gets a fresh code"
    assert request(hub, protocol.JOIN_PATH, {"code": first})[0] == 401, "the old code is gone"
    (device,) = json.loads(run(capsys, "devices", "--dsn", dsn, "--json")[1])
    assert (device["name"], device["site"], device["state"]) == (
        "laptop-9",
        "South",
        "waiting to join",
    )
    assert request(hub, protocol.JOIN_PATH, {"code": second})[0] == 200
    code, _out, err = run(capsys, "enroll", "--dsn", dsn, "--name", "laptop-9")
    assert code == 1 and "already joined" in err and err.count("\n") == 1
    assert json.loads(run(capsys, "devices", "--dsn", dsn, "--json")[1])[0]["state"] == "active"
    assert run(capsys, "revoke", "--dsn", dsn, "laptop-9")[0] == 0
    assert json.loads(run(capsys, "devices", "--dsn", dsn, "--json")[1])[0]["state"] == "revoked"
    code, _out, err = run(capsys, "revoke", "--dsn", dsn, "laptop-9")
    assert code == 1 and "already revoked" in err
    _, text, _ = run(capsys, "devices", "--dsn", dsn)
    assert "laptop-9" in text and "revoked" in text


@pytest.mark.parametrize("name", ["", " ", "a" * 65, "semi;colon", "new\nline"])
def test_device_names_are_checked(
    hub_dsn: str, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, _out, err = run(capsys, "enroll", "--dsn", hub_dsn, "--name", name)
    assert code == 1 and "device name" in err


def test_a_database_that_cannot_be_reached_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.hub.servers import free_port

    code, _out, err = run(
        capsys, "devices", "--dsn", f"postgresql://nobody@127.0.0.1:{free_port()}/x"
    )
    assert code == 1
    assert (
        err.startswith("readiness-hub: error: cannot connect to PostgreSQL")
        and err.count("\n") == 1
    )


def test_serve_refuses_to_run_without_tls(
    hub_dsn: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run(
        capsys,
        "serve",
        "--dsn",
        hub_dsn,
        "--cert",
        str(tmp_path / "none.pem"),
        "--key",
        str(tmp_path / "none.key"),
    )
    assert code == 1 and "TLS is required" in err


def test_joining_is_rate_limited_per_address(
    hub_dsn: str, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    hub = start_hub(hub_dsn, certificate, tmp_path / "hub.log", extra=["--join-rate", "3"])
    try:
        statuses = [request(hub, protocol.JOIN_PATH, {"code": f"WRONG{n}"})[0] for n in range(5)]
    finally:
        hub.stop()
    assert statuses == [401, 401, 401, 429, 429]
