"""Devices: one-time enrolment codes, the credential each laptop gets for one, revocation.

``enroll`` makes a code for a named device (valid for ``CODE_DAYS`` days, once);
``join`` exchanges it for a device credential. Codes and credentials are random,
stored only as SHA-256 hashes (they carry 60 and 256 bits: a slow password hash adds
nothing against guessing, and joining is rate-limited). ``authenticate`` finds the
device a credential belongs to and refuses a revoked one; ``revoke`` takes effect on
the device's next request, since every request looks the credential up again.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from readiness.errors import ReadinessError
from readiness.hub.database import Connection

CODE_DAYS = 7
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I: a code is read aloud or typed from paper."""
CODE_LENGTH = 12
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")


class DeviceError(ReadinessError):
    """An enrolment or revocation the hub refuses (said in one sentence)."""


class Unauthorized(Exception):
    """No credential, or one the hub does not know: answered 401 with no detail."""


class Revoked(Exception):
    """The device was revoked: answered 403."""


@dataclass(frozen=True)
class Device:
    id: uuid.UUID
    name: str
    site: str


def digest(secret: str) -> bytes:
    """The stored form of a code or credential."""
    return hashlib.sha256(secret.encode("utf-8")).digest()


def normal_code(code: str) -> str:
    """A code as typed ("abcd-efgh-jkmn ") in its stored form."""
    return re.sub(r"[\s-]", "", code).upper()


def checked_name(name: str) -> str:
    name = name.strip()
    if not NAME_PATTERN.fullmatch(name):
        raise DeviceError(
            "a device name is 1 to 64 letters, digits, spaces, dots, dashes or underscores"
        )
    return name


def enroll(conn: Connection, name: str, site: str = "") -> str:
    """A new one-time code for ``name`` (a device not yet joined gets a fresh code)."""
    name, site = checked_name(name), site.strip()
    if site and not NAME_PATTERN.fullmatch(site):
        raise DeviceError("a site name follows the same rule as a device name")
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with conn.transaction():
        row = conn.execute("SELECT joined FROM devices WHERE name = %s", [name]).fetchone()
        if row is not None and row["joined"] is not None:
            raise DeviceError(
                f"a device named {name!r} has already joined; revoke it or choose another name"
            )
        conn.execute(
            "INSERT INTO devices (id, name, site, code_hash, code_expires) "
            "VALUES (%s, %s, %s, %s, now() + make_interval(days => %s)) "
            "ON CONFLICT (name) DO UPDATE SET site = EXCLUDED.site, "
            "code_hash = EXCLUDED.code_hash, code_expires = EXCLUDED.code_expires",
            [uuid.uuid4(), name, site, digest(raw), CODE_DAYS],
        )
        audit(conn, "admin", "enrolled", name)
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def join(conn: Connection, code: str) -> tuple[Device, str]:
    """Exchange a valid code for a new credential; ``Unauthorized`` for any other code."""
    credential = secrets.token_urlsafe(32)
    row = conn.execute(
        "UPDATE devices SET credential_hash = %s, joined = now(), code_hash = NULL, "
        "code_expires = NULL WHERE code_hash = %s AND code_expires > now() "
        "AND joined IS NULL AND revoked IS NULL RETURNING id, name, site",
        [digest(credential), digest(normal_code(code))],
    ).fetchone()
    if row is None:
        raise Unauthorized
    device = Device(row["id"], row["name"], row["site"])
    audit(conn, device.name, "joined")
    return device, credential


def authenticate(conn: Connection, credential: str | None) -> Device:
    """The device holding ``credential``; ``Unauthorized`` or ``Revoked`` otherwise."""
    if not credential:
        raise Unauthorized
    row = conn.execute(
        "SELECT id, name, site, revoked FROM devices WHERE credential_hash = %s",
        [digest(credential)],
    ).fetchone()
    if row is None:
        raise Unauthorized
    if row["revoked"] is not None:
        raise Revoked
    return Device(row["id"], row["name"], row["site"])


def revoke(conn: Connection, name: str) -> None:
    """Refuse the device from its next request on (its data stays)."""
    with conn.transaction():
        row = conn.execute(
            "UPDATE devices SET revoked = now(), code_hash = NULL WHERE name = %s "
            "AND revoked IS NULL RETURNING id",
            [name],
        ).fetchone()
        if row is None:
            raise DeviceError(f"no device named {name!r} that is not already revoked")
        audit(conn, "admin", "revoked", name)


def list_devices(conn: Connection) -> list[dict[str, Any]]:
    """Every device with its site, state and last sync, by name."""
    rows = conn.execute(
        "SELECT name, site, enrolled, joined, revoked, last_sync FROM devices ORDER BY name"
    ).fetchall()
    return [dict(row) for row in rows]


def state(device: dict[str, Any]) -> str:
    """``revoked``, ``active`` or ``waiting to join``."""
    if device["revoked"] is not None:
        return "revoked"
    return "active" if device["joined"] is not None else "waiting to join"


def audit(conn: Connection, actor: str, action: str, detail: str = "") -> None:
    """One entry in the hub's audit log: who (a device or admin name), what, counts; no person."""
    conn.execute(
        "INSERT INTO hub_audit (actor, action, detail) VALUES (%s, %s, %s)",
        [actor, action, detail],
    )


def when(moment: datetime | None) -> str:
    """A time for a table ("2026-03-02 15:30 UTC"; "never" for none)."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if moment else "never"
