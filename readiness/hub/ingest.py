"""Storing what devices send: assessment versions, idempotently, and erasures.

A version is keyed by (assessment id, version, device): sending it again changes
nothing (``INSERT ... ON CONFLICT DO NOTHING``) and is answered "already there". The
first device to send an assessment owns it; a version of it from any other device is
kept with ``flagged`` set, for an admin to look at, and never counts in the summary.
Every version is kept; the summary reads the newest unflagged one
(``current_versions``). A batch is stored in one transaction with a few multi-row
statements, so 50 versions cost about as much as one.

An erasure removes every version, from every device, of the service user it names
(their right to erasure; the id is a random 128-bit value only a device holding their
records knows). The hub's audit log records who asked and how many versions went,
never whom.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from psycopg.types.json import Jsonb

from readiness.hub.database import Connection
from readiness.hub.devices import Device, audit
from readiness.hub.validation import IncomingVersion

VersionKey = tuple[str, int]


@dataclass
class Stored:
    """The answer to one batch: which versions were new, already there, or flagged."""

    stored: list[VersionKey] = field(default_factory=list)
    already_there: list[VersionKey] = field(default_factory=list)
    flagged: list[VersionKey] = field(default_factory=list)


def store_versions(conn: Connection, device: Device, versions: list[IncomingVersion]) -> Stored:
    """Store a checked batch for ``device`` (inside the caller's transaction)."""
    ids = [v.assessment_id for v in versions]
    conn.execute(
        "INSERT INTO assessments (assessment_id, owner_device, service_user_id) "
        "SELECT a, %s, p FROM unnest(%s::text[], %s::text[]) AS t(a, p) "
        "ON CONFLICT (assessment_id) DO NOTHING",
        [device.id, ids, [v.service_user_id for v in versions]],
    )
    owners = {
        row["assessment_id"]: row["owner_device"]
        for row in conn.execute(
            "SELECT assessment_id, owner_device FROM assessments WHERE assessment_id = ANY(%s)",
            [ids],
        )
    }
    flagged = [owners[v.assessment_id] != device.id for v in versions]
    inserted = conn.execute(
        "INSERT INTO assessment_versions (assessment_id, version, device_id, previous_version, "
        "service_user_id, status, created, completed, flagged, document, results, "
        "interpretation) "
        "SELECT a, v, %s, pv, p, 'complete', c, d, f, doc, r, i FROM unnest("
        "%s::text[], %s::int[], %s::int[], %s::text[], %s::timestamptz[], %s::timestamptz[], "
        "%s::bool[], %s::jsonb[], %s::jsonb[], %s::text[]) AS t(a, v, pv, p, c, d, f, doc, r, i) "
        "ON CONFLICT (assessment_id, version, device_id) DO NOTHING "
        "RETURNING assessment_id, version",
        [
            device.id,
            ids,
            [v.version for v in versions],
            [v.previous_version for v in versions],
            [v.service_user_id for v in versions],
            [v.created for v in versions],
            [v.completed for v in versions],
            flagged,
            [Jsonb(v.document) for v in versions],
            [Jsonb(v.results) for v in versions],
            [v.interpretation for v in versions],
        ],
    ).fetchall()
    new = {(row["assessment_id"], row["version"]) for row in inserted}
    result = Stored()
    for version, is_flagged in zip(versions, flagged, strict=True):
        key = (version.assessment_id, version.version)
        if key not in new:
            result.already_there.append(key)
            continue
        result.stored.append(key)
        if is_flagged:
            result.flagged.append(key)
    conn.execute("UPDATE devices SET last_sync = now() WHERE id = %s", [device.id])
    audit(
        conn,
        device.name,
        "received",
        f"{len(result.stored)} new, {len(result.already_there)} already there, "
        f"{len(result.flagged)} flagged",
    )
    return result


def erase(conn: Connection, device: Device, service_user_ids: list[str]) -> int:
    """Remove every version of these people, from every device; returns how many versions."""
    removed = conn.execute(
        "DELETE FROM assessment_versions WHERE service_user_id = ANY(%s)", [service_user_ids]
    ).rowcount
    conn.execute("DELETE FROM assessments WHERE service_user_id = ANY(%s)", [service_user_ids])
    conn.execute("UPDATE devices SET last_sync = now() WHERE id = %s", [device.id])
    people = len(service_user_ids)
    audit(
        conn,
        device.name,
        "erased",
        f"{people} {'person' if people == 1 else 'people'}, {removed} versions removed",
    )
    return removed
