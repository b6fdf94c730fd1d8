"""The laptop's outbox for the agency hub, kept in the encrypted database (``m007_hub_sync``).

What waits to be sent is worked out, not copied: every completed assessment whose
``updated`` time differs from the one it had when last sent (or that was never sent)
is pending, as the next version of it. So a reopened assessment waits until it is
completed again, an erased one simply leaves the outbox, and nothing is ever kept
twice. Erasures are rows: ``record_erasure`` (called by the erasure itself, in its
transaction) queues the person's id until the hub confirms. The device credential,
the hub's address and CA certificate, and the last attempt and problem live in
``sync_device``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from readiness.model import utc_now
from readiness.store.facts import stored_time

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class JoinedHub:
    """The hub this laptop joined, and how the last attempt to reach it went."""

    hub_url: str
    device_id: str
    device_name: str
    credential: str
    ca_pem: str | None
    joined: str
    last_attempt: str | None
    last_success: str | None
    last_problem: str | None


@dataclass(frozen=True)
class PendingVersion:
    """One assessment waiting to be sent: its next version and the ``updated`` it has now."""

    assessment_id: str
    version: int
    previous_version: int | None
    updated: str


def joined_hub(db: Database) -> JoinedHub | None:
    row = db.execute(
        "SELECT hub_url, device_id, device_name, credential, ca_pem, joined, last_attempt, "
        "last_success, last_problem FROM sync_device"
    ).fetchone()
    return JoinedHub(*row) if row else None


def save_join(
    db: Database,
    *,
    hub_url: str,
    device_id: str,
    device_name: str,
    credential: str,
    ca_pem: str | None,
) -> None:
    """Keep the credential of a hub just joined (replacing any earlier one)."""
    with db.atomic():
        db.execute("DELETE FROM sync_device")
        db.execute(
            "INSERT INTO sync_device (one, hub_url, device_id, device_name, credential, ca_pem, "
            "joined) VALUES (1, ?, ?, ?, ?, ?, ?)",
            [hub_url, device_id, device_name, credential, ca_pem, stored_time(utc_now())],
        )


_PENDING = (
    "FROM assessments a LEFT JOIN sync_sent s ON s.assessment_id = a.id "
    "LEFT JOIN sync_refused r ON r.assessment_id = a.id AND r.updated = a.updated "
    "WHERE a.status = 'complete' AND (s.assessment_id IS NULL OR s.updated != a.updated) "
    "AND r.assessment_id IS NULL"
)


def pending_versions(db: Database, limit: int) -> list[PendingVersion]:
    """Up to ``limit`` assessments waiting to be sent, the longest-waiting first."""
    rows = db.execute(
        f"SELECT a.id, coalesce(s.version, 0) + 1, s.version, a.updated {_PENDING} "
        "ORDER BY a.updated, a.id LIMIT ?",
        [limit],
    ).fetchall()
    return [PendingVersion(str(a), int(v), p, str(u)) for a, v, p, u in rows]


def count_pending(db: Database) -> int:
    return int(db.execute(f"SELECT count(*) {_PENDING}").fetchone()[0])


def count_refused(db: Database) -> int:
    """Assessments the hub refused, as they are now (they wait until changed)."""
    return int(
        db.execute(
            "SELECT count(*) FROM sync_refused r JOIN assessments a ON a.id = r.assessment_id "
            "AND a.updated = r.updated"
        ).fetchone()[0]
    )


def mark_sent(db: Database, versions: list[PendingVersion]) -> None:
    """The hub has these versions (new or already there)."""
    now = stored_time(utc_now())
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO sync_sent (assessment_id, version, updated, sent) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (assessment_id) DO UPDATE SET version = excluded.version, "
            "updated = excluded.updated, sent = excluded.sent",
            [(v.assessment_id, v.version, v.updated, now) for v in versions],
        )
        db.conn.executemany(
            "DELETE FROM sync_refused WHERE assessment_id = ?",
            [(v.assessment_id,) for v in versions],
        )


def mark_refused(db: Database, version: PendingVersion, problem: str) -> None:
    """The hub refused this version: keep it out of the outbox until the assessment changes."""
    with db.atomic():
        db.execute(
            "INSERT INTO sync_refused (assessment_id, updated, problem) VALUES (?, ?, ?) "
            "ON CONFLICT (assessment_id) DO UPDATE SET updated = excluded.updated, "
            "problem = excluded.problem",
            [version.assessment_id, version.updated, problem[:500]],
        )


def record_erasure(db: Database, service_user_id: str) -> None:
    """Queue a person's erasure for the hub (inside the erasure's own transaction).

    Only when this laptop has joined a hub; what was sent about them is forgotten here.
    """
    if db.execute("SELECT 1 FROM sync_device").fetchone() is None:
        return
    mine = "assessment_id IN (SELECT id FROM assessments WHERE service_user_id = ?)"
    db.execute(f"DELETE FROM sync_sent WHERE {mine}", [service_user_id])
    db.execute(f"DELETE FROM sync_refused WHERE {mine}", [service_user_id])
    db.execute(
        "INSERT INTO sync_erasures (service_user_id, erased) VALUES (?, ?)",
        [service_user_id, stored_time(utc_now())],
    )


def pending_erasures(db: Database, limit: int) -> list[tuple[int, str]]:
    """Erasures the hub has not confirmed: (row id, service-user id), oldest first."""
    rows = db.execute(
        "SELECT id, service_user_id FROM sync_erasures ORDER BY id LIMIT ?", [limit]
    ).fetchall()
    return [(int(i), str(s)) for i, s in rows]


def count_erasures(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM sync_erasures").fetchone()[0])


def erasures_confirmed(db: Database, ids: list[int]) -> None:
    with db.atomic():
        db.conn.executemany("DELETE FROM sync_erasures WHERE id = ?", [(i,) for i in ids])


def record_attempt(db: Database, problem: str | None, *, now: datetime | None = None) -> None:
    """How the latest sync went: ``problem`` None means it reached the hub and finished."""
    moment = stored_time(now or utc_now())
    with db.atomic():
        if problem is None:
            db.execute(
                "UPDATE sync_device SET last_attempt = ?, last_success = ?, last_problem = NULL",
                [moment, moment],
            )
        else:
            db.execute(
                "UPDATE sync_device SET last_attempt = ?, last_problem = ?", [moment, problem]
            )
