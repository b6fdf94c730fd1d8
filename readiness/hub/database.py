"""The hub's connections: one pool per process, and each transaction under one role.

``as_writer`` and ``as_reporting`` borrow a connection from the pool, open a
transaction and ``SET LOCAL ROLE`` to the role that transaction needs
(``readiness.hub.migrations``), so a page or export runs with privileges that cannot
write, whatever its SQL says. The transaction commits when the block ends and rolls
back on an error. ``open_pool`` refuses a database whose schema is missing or older
than this hub (``readiness-hub init`` brings it up to date).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from readiness.errors import ReadinessError
from readiness.hub import migrations

Connection = psycopg.Connection[dict[str, Any]]


class HubDatabaseError(ReadinessError):
    """PostgreSQL cannot be reached, or its schema does not fit this hub."""


def connect(dsn: str) -> Connection:
    """One connection for a command (init, enroll, devices...), rows as dictionaries."""
    try:
        return psycopg.connect(dsn, row_factory=dict_row, connect_timeout=10)
    except psycopg.Error as exc:
        raise HubDatabaseError(f"cannot connect to PostgreSQL ({_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def check_schema(conn: Connection) -> None:
    """Refuse a database whose schema is missing or behind this hub."""
    try:
        missing = migrations.pending(conn)
    except RuntimeError as exc:
        raise HubDatabaseError(str(exc)) from None
    finally:
        conn.rollback()
    if missing:
        raise HubDatabaseError(
            "the hub's tables are missing or out of date: run readiness-hub init --dsn DSN"
        )


def open_pool(dsn: str, *, size: int = 8, timeout: float = 15.0) -> ConnectionPool[Connection]:
    """A connection pool for ``serve``, after checking the schema once."""
    with connect(dsn) as conn:
        check_schema(conn)
    pool: ConnectionPool[Connection] = ConnectionPool(
        dsn,
        min_size=1,
        max_size=size,
        kwargs={"row_factory": dict_row, "connect_timeout": 10},
        open=True,
        timeout=timeout,
    )
    return pool


@contextmanager
def _as_role(pool: ConnectionPool[Connection], role: str) -> Iterator[Connection]:
    with pool.connection() as conn, conn.transaction():
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
        yield conn


def as_writer(pool: ConnectionPool[Connection]) -> AbstractContextManager[Connection]:
    """A transaction that may write (device requests, sign-in)."""
    return _as_role(pool, migrations.WRITER)


def as_reporting(pool: ConnectionPool[Connection]) -> AbstractContextManager[Connection]:
    """A transaction that may only read, and never a credential hash."""
    return _as_role(pool, migrations.REPORTING)


@contextmanager
def as_reporting_connection(conn: Connection) -> Iterator[None]:
    """The commands' own connection under the reporting role for one transaction."""
    with conn.transaction():
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(migrations.REPORTING)))
        yield
