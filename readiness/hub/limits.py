"""Request limits: a body never read past its limit, and rate limits kept in PostgreSQL.

``read_body`` refuses a body whose declared length is over the limit before reading
it, and stops reading one that grows past it while streaming (``TooLarge``, answered
413). ``allow`` counts requests per key (a device, or the client address for joining
and sign-in) in one-minute windows in the database, so the limit holds across every
hub process; old windows are cleared now and then by the requests themselves.
"""

from __future__ import annotations

import random

from starlette.requests import Request

from readiness.hub.database import Connection

WINDOW_SECONDS = 60
CLEANUP_CHANCE = 0.01


class TooLarge(Exception):
    """The request body is over the limit."""


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, or ``TooLarge`` as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def allow(conn: Connection, key: str, per_minute: int) -> bool:
    """Count one request for ``key``; False when it is over ``per_minute`` in this window."""
    row = conn.execute(
        "INSERT INTO rate_windows (key, window_start, hits) VALUES "
        "(%s, date_bin(make_interval(secs => %s), now(), timestamptz '2000-01-01'), 1) "
        "ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_windows.hits + 1 "
        "RETURNING hits",
        [key, WINDOW_SECONDS],
    ).fetchone()
    if random.random() < CLEANUP_CHANCE:
        conn.execute(
            "DELETE FROM rate_windows WHERE window_start < now() - make_interval(secs => %s)",
            [WINDOW_SECONDS * 10],
        )
    return row is not None and int(row["hits"]) <= per_minute
