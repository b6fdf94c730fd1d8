"""Fixtures for the hub: a real PostgreSQL, a fresh database per test, a hub serving it.

Nothing stands in for PostgreSQL. The session starts one server (``postgres.start``);
``hub_database`` is a new database with the hub's schema; ``hub`` runs
``readiness-hub serve`` on it over HTTPS on 127.0.0.1 with a self-signed certificate
made for the test.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.hub import postgres
from tests.hub.servers import HubProcess, make_certificate, start_hub

_NUMBERS = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server]:
    try:
        server = postgres.start()
    except (OSError, postgres.subprocess.SubprocessError) as exc:
        if os.environ.get(postgres.REQUIRE):
            pytest.fail(f"PostgreSQL is required here ({postgres.REQUIRE}) but: {exc}")
        pytest.skip(f"no PostgreSQL server for the hub's tests: {exc}")
    yield server
    server.stop()


def new_database(server: postgres.Server, *, schema: bool = True) -> str:
    """A new database's connection string, with the hub's schema applied unless not ``schema``."""
    from readiness.hub import migrations

    name = f"hub_{os.getpid()}_{next(_NUMBERS)}"
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    dsn = server.dsn(name)
    if schema:
        with psycopg.connect(dsn) as conn:
            migrations.apply(conn)
    return dsn


@pytest.fixture
def hub_dsn(postgres_server: postgres.Server) -> str:
    """A new database with the hub's schema, for one test."""
    return new_database(postgres_server)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def hub(hub_dsn: str, certificate: tuple[Path, Path], tmp_path: Path) -> Iterator[HubProcess]:
    """A hub serving ``hub_dsn`` for one test."""
    process = start_hub(hub_dsn, certificate, tmp_path / "hub.log", dsn_kept=hub_dsn)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def shared_hub(
    postgres_server: postgres.Server,
    certificate: tuple[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[HubProcess]:
    """A hub on its own database shared by a module's tests (each uses its own devices)."""
    dsn = new_database(postgres_server)
    log = tmp_path_factory.mktemp("hub") / "hub.log"
    process = start_hub(
        dsn, certificate, log, dsn_kept=dsn, extra=["--device-rate", "30", "--join-rate", "1000"]
    )
    yield process
    process.stop()
