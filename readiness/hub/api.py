"""The devices' API: join with a code, send assessment versions, send erasures.

Each request is checked in this order: size (413), credential (401 with no detail;
403 for a revoked device), rate (429), then content (422 naming the field). When
PostgreSQL cannot answer, the device gets 503 and keeps its outbox. Nothing
about a person reaches the log: log lines hold the path, the status and the device
name, never a body, a code or a credential. Database work runs on Starlette's
thread pool so the event loop keeps answering while PostgreSQL works.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg_pool import ConnectionPool
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from readiness.hub import ingest
from readiness.hub.database import Connection, as_writer
from readiness.hub.devices import Device, Revoked, Unauthorized, authenticate, join
from readiness.hub.limits import TooLarge, allow, read_body
from readiness.hub.validation import InvalidInput, check_erasures, check_versions
from readiness.sync import protocol

if TYPE_CHECKING:
    from readiness.questionnaire.schema import Instrument

LOG = logging.getLogger("readiness.hub")


@dataclass(frozen=True)
class Limits:
    """Per-minute request limits and the largest body, set with ``serve``'s options."""

    device_per_minute: int = 120
    join_per_minute: int = 10
    max_body: int = protocol.MAX_REQUEST_BYTES


def error(status: int, word: str, **detail: str) -> JSONResponse:
    headers = {"Retry-After": "60"} if status == 429 else None
    return JSONResponse({"error": word, **detail}, status_code=status, headers=headers)


def _credential(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _parse(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("(body)", "not valid JSON") from None


DeviceWork = Callable[[Connection, Device, Any], dict[str, Any]]


def guarded(run: Callable[..., Response], *args: Any) -> Response:
    """``run(*args)``, with a database problem answered 503 and logged by its kind only:
    PostgreSQL's own message can quote a row, and a row can hold a person's data."""
    try:
        return run(*args)
    except psycopg.Error as exc:
        LOG.warning("database problem (%s %s)", type(exc).__name__, exc.sqlstate or "")
        return error(503, protocol.ERROR_UNAVAILABLE)


def _device_endpoint(
    pool: ConnectionPool[Connection], limits: Limits, work: DeviceWork, check: Callable[[Any], Any]
) -> Callable[[Request], Awaitable[Response]]:
    def run(credential: str | None, body: bytes) -> Response:
        with as_writer(pool) as conn:
            try:
                device = authenticate(conn, credential)
            except Unauthorized:
                return error(401, protocol.ERROR_UNAUTHORIZED)
            except Revoked:
                LOG.info("refused a revoked device")
                return error(403, protocol.ERROR_REVOKED)
            if not allow(conn, f"device:{device.id}", limits.device_per_minute):
                LOG.info("device %s is over its rate limit", device.name)
                return error(429, protocol.ERROR_SLOW_DOWN)
        try:
            checked = check(_parse(body))
        except InvalidInput as exc:
            LOG.info("refused a request from device %s: invalid %s", device.name, exc.field)
            return error(422, protocol.ERROR_INVALID, field=exc.field, problem=exc.problem)
        with as_writer(pool) as conn:
            answer = work(conn, device, checked)
        return JSONResponse(answer)

    async def endpoint(request: Request) -> Response:
        try:
            body = await read_body(request, limits.max_body)
        except TooLarge:
            return error(413, protocol.ERROR_TOO_LARGE)
        return await run_in_threadpool(guarded, run, _credential(request), body)

    return endpoint


def _versions(conn: Connection, device: Device, versions: Any) -> dict[str, Any]:
    stored = ingest.store_versions(conn, device, versions)

    def keys(items: list[ingest.VersionKey]) -> list[dict[str, Any]]:
        return [{"assessment_id": a, "version": v} for a, v in items]

    return {
        "stored": keys(stored.stored),
        "already_there": keys(stored.already_there),
        "flagged": keys(stored.flagged),
    }


def _erasures(conn: Connection, device: Device, ids: Any) -> dict[str, Any]:
    return {"erased": ingest.erase(conn, device, ids)}


def _join_endpoint(
    pool: ConnectionPool[Connection], limits: Limits
) -> Callable[[Request], Awaitable[Response]]:
    def run(client: str, body: bytes) -> Response:
        try:
            data = _parse(body)
        except InvalidInput as exc:
            return error(422, protocol.ERROR_INVALID, field=exc.field, problem=exc.problem)
        code = data.get("code") if isinstance(data, dict) else None
        if not isinstance(code, str) or not 1 <= len(code) <= 64:
            return error(422, protocol.ERROR_INVALID, field="code", problem="expected the code")
        with as_writer(pool) as conn:
            if not allow(conn, f"join:{client}", limits.join_per_minute):
                return error(429, protocol.ERROR_SLOW_DOWN)
        with as_writer(pool) as conn:
            try:
                device, credential = join(conn, code)
            except Unauthorized:
                return error(401, protocol.ERROR_UNAUTHORIZED)
        LOG.info("device %s joined", device.name)
        return JSONResponse(
            {"device_id": str(device.id), "device_name": device.name, "credential": credential}
        )

    async def endpoint(request: Request) -> Response:
        try:
            body = await read_body(request, 4096)
        except TooLarge:
            return error(413, protocol.ERROR_TOO_LARGE)
        return await run_in_threadpool(guarded, run, _client(request), body)

    return endpoint


def routes(
    pool: ConnectionPool[Connection], limits: Limits, instruments: Sequence[Instrument]
) -> list[Route]:
    """The API's routes; only POST is answered, so a device can read nothing. Answers are
    checked against ``instruments``, the questionnaires in force on the hub."""
    return [
        Route(protocol.JOIN_PATH, _join_endpoint(pool, limits), methods=["POST"]),
        Route(
            protocol.ASSESSMENTS_PATH,
            _device_endpoint(
                pool, limits, _versions, partial(check_versions, instruments=instruments)
            ),
            methods=["POST"],
        ),
        Route(
            protocol.ERASURES_PATH,
            _device_endpoint(pool, limits, _erasures, check_erasures),
            methods=["POST"],
        ),
    ]
