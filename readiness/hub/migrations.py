"""The hub's PostgreSQL schema: versioned migrations applied in one transaction, and its roles.

``apply`` takes a transaction-level advisory lock (two hubs starting at once wait for
each other), creates the ``hub_migrations`` table if needed and runs every migration
not yet recorded, in order, then commits; any error rolls all of it back. Never edit a
migration that has shipped: add a new one.

Two roles without login hold the privileges, and the hub switches to one of them for
each transaction (``SET LOCAL ROLE``, ``readiness.hub.database``): ``WRITER`` for
device requests and sign-in, ``REPORTING`` for every page and export, which may only
read, and never the credential hashes. An agency can grant ``REPORTING`` to its own
reporting login as well.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import tuple_row

WRITER = "readiness_hub_writer"
REPORTING = "readiness_hub_reporting"
LOCK_KEY = 7_204_211_020
"""The advisory lock that serialises migrations (any fixed number unique to this app)."""

Migration = Callable[["psycopg.Connection[Any]"], None]


def _m001_initial(conn: psycopg.Connection[Any]) -> None:
    conn.execute(
        """
        CREATE TABLE devices (
            id uuid PRIMARY KEY,
            name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
            site text NOT NULL DEFAULT '' CHECK (length(site) <= 64),
            code_hash bytea UNIQUE,
            code_expires timestamptz,
            credential_hash bytea UNIQUE,
            enrolled timestamptz NOT NULL DEFAULT now(),
            joined timestamptz,
            revoked timestamptz,
            last_sync timestamptz
        );
        CREATE TABLE assessments (
            assessment_id text PRIMARY KEY,
            owner_device uuid NOT NULL REFERENCES devices (id),
            service_user_id text NOT NULL,
            first_received timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX assessments_person ON assessments (service_user_id);
        CREATE TABLE assessment_versions (
            assessment_id text NOT NULL,
            version integer NOT NULL CHECK (version >= 1),
            device_id uuid NOT NULL REFERENCES devices (id),
            previous_version integer CHECK (previous_version < version),
            service_user_id text NOT NULL,
            status text NOT NULL,
            created timestamptz NOT NULL,
            completed timestamptz,
            flagged boolean NOT NULL,
            document jsonb NOT NULL,
            results jsonb NOT NULL,
            interpretation text NOT NULL,
            received timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (assessment_id, version, device_id)
        );
        CREATE INDEX assessment_versions_person ON assessment_versions (service_user_id);
        CREATE INDEX assessment_versions_created ON assessment_versions (created)
            WHERE NOT flagged;
        CREATE VIEW current_versions AS
            SELECT DISTINCT ON (v.assessment_id) v.*
            FROM assessment_versions v
            WHERE NOT v.flagged
            ORDER BY v.assessment_id, v.version DESC;
        CREATE TABLE hub_audit (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            actor text NOT NULL,
            action text NOT NULL,
            detail text NOT NULL DEFAULT ''
        );
        CREATE TABLE admins (
            name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
            password_hash text NOT NULL,
            created timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE admin_sessions (
            token_hash bytea PRIMARY KEY,
            admin text NOT NULL REFERENCES admins (name) ON DELETE CASCADE,
            expires timestamptz NOT NULL
        );
        CREATE TABLE rate_windows (
            key text NOT NULL,
            window_start timestamptz NOT NULL,
            hits integer NOT NULL,
            PRIMARY KEY (key, window_start)
        );
        """
    )


MIGRATIONS: tuple[tuple[str, Migration], ...] = (("initial", _m001_initial),)


def _plain(conn: psycopg.Connection[Any]) -> psycopg.Cursor[tuple[Any, ...]]:
    """A cursor giving tuples, whatever the connection's row factory."""
    return conn.cursor(row_factory=tuple_row)


def _ensure_role(conn: psycopg.Connection, role: str) -> None:
    exists = _plain(conn).execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
    if exists is None:
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))


def _grant(conn: psycopg.Connection[Any]) -> None:
    """Privileges of the two roles, granted afresh after every migration (idempotent)."""
    writer, reporting = sql.Identifier(WRITER), sql.Identifier(REPORTING)
    conn.execute(
        sql.SQL(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON devices, assessments, assessment_versions, "
            "hub_audit, admins, admin_sessions, rate_windows TO {writer}; "
            "GRANT SELECT ON current_versions TO {writer}; "
            "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {writer}; "
            "GRANT SELECT ON assessments, assessment_versions, current_versions, hub_audit "
            "TO {reporting}; "
            "GRANT SELECT (id, name, site, enrolled, joined, revoked, last_sync) ON devices "
            "TO {reporting}; "
            "GRANT {writer}, {reporting} TO CURRENT_USER"
        ).format(writer=writer, reporting=reporting)
    )


def applied(conn: psycopg.Connection[Any]) -> list[int]:
    """Versions recorded in the database ([] when the schema was never created)."""
    cursor = _plain(conn)
    exists = cursor.execute("SELECT to_regclass('hub_migrations')").fetchone()
    if exists is None or exists[0] is None:
        return []
    return [
        int(row[0]) for row in cursor.execute("SELECT version FROM hub_migrations ORDER BY version")
    ]


def pending(conn: psycopg.Connection[Any]) -> list[int]:
    """Versions this hub knows that the database lacks; a newer database gives an error."""
    done = applied(conn)
    if done and max(done) > len(MIGRATIONS):
        raise RuntimeError(
            f"the database has hub schema version {max(done)}, newer than this hub "
            f"({len(MIGRATIONS)}); update readiness-hub"
        )
    return [number for number in range(1, len(MIGRATIONS) + 1) if number not in done]


def apply(conn: psycopg.Connection[Any]) -> list[str]:
    """Bring the schema up to date in one transaction; returns the names applied."""
    names: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        conn.execute(
            "CREATE TABLE IF NOT EXISTS hub_migrations (version integer PRIMARY KEY, "
            "name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())"
        )
        for role in (WRITER, REPORTING):
            _ensure_role(conn, role)
        for number in pending(conn):
            name, migration = MIGRATIONS[number - 1]
            migration(conn)
            conn.execute(
                "INSERT INTO hub_migrations (version, name) VALUES (%s, %s)", [number, name]
            )
            names.append(name)
        _grant(conn)
    return names
