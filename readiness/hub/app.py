"""The hub's web application: the devices' API and the admin page over one connection pool.

``build_app`` puts the routes together with headers every answer carries: HTTPS only
(HSTS), no framing, no sniffing, and a content policy that allows no script at all.
``serve`` runs it under uvicorn with TLS, which is not optional.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from psycopg_pool import ConnectionPool
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from readiness.hub import api
from readiness.hub.admin import AdminPages
from readiness.hub.database import Connection
from readiness.interpret import Interpretation

HEADERS = [
    (b"strict-transport-security", b"max-age=31536000"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        b"frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Adds ``HEADERS`` to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _alive(_request: Any) -> Response:
    return PlainTextResponse("ok")


def build_app(
    pool: ConnectionPool[Connection], interpretation: Interpretation, limits: api.Limits
) -> ASGIApp:
    routes = [
        Route("/health", _alive, methods=["GET"]),
        *api.routes(pool, limits, interpretation.instruments),
        *AdminPages(pool, interpretation).routes(),
    ]
    return SecurityHeaders(Starlette(routes=routes))


def serve(
    app: ASGIApp, *, host: str, port: int, cert: Path, key: Path, access_log: bool = True
) -> None:
    """Serve ``app`` over HTTPS until stopped (Ctrl+C or SIGTERM)."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=str(cert),
        ssl_keyfile=str(key),
        access_log=access_log,
        log_level="info",
        server_header=False,
        proxy_headers=False,
    )
