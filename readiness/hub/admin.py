"""The admin page's routes: sign-in with an argon2 password hash, the overview, downloads.

Admins are added on the server (``readiness-hub admin --dsn DSN NAME``); their passwords
are kept as argon2id hashes (argon2-cffi's defaults, RFC 9106). Signing in makes a
random session token: the browser keeps it in a ``Secure; HttpOnly; SameSite=Strict``
cookie and PostgreSQL keeps its SHA-256 hash with an expiry, so any hub process can
check it. Sign-in attempts are rate-limited per client address. Once signed in, every
read runs under the reporting role, which cannot write.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from psycopg_pool import ConnectionPool
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from readiness.document import AssessmentDocument, from_data
from readiness.hub import admin_html, summary
from readiness.hub.database import Connection, as_reporting, as_writer
from readiness.hub.devices import digest, list_devices
from readiness.hub.limits import TooLarge, allow, read_body
from readiness.i18n import Translator, translator
from readiness.interpret import Interpretation
from readiness.store.export_queries import DateRange

LOG = logging.getLogger("readiness.hub")
COOKIE = "readiness_hub_session"
SESSION_HOURS = 8
SIGN_IN_PER_MINUTE = 10
HASHER = PasswordHasher()
_UNUSABLE = HASHER.hash(secrets.token_hex(16))
"""Checked against when the name is unknown, so a wrong name takes as long as a wrong password."""


def add_admin(conn: Connection, name: str, password: str) -> None:
    """Add an admin (or set a new password for one)."""
    if not 1 <= len(name) <= 64 or len(password) < 12:
        raise ValueError("an admin name is 1 to 64 characters and a password at least 12")
    conn.execute(
        "INSERT INTO admins (name, password_hash) VALUES (%s, %s) "
        "ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash",
        [name, HASHER.hash(password)],
    )


def check_password(conn: Connection, name: str, password: str) -> bool:
    row = conn.execute("SELECT password_hash FROM admins WHERE name = %s", [name]).fetchone()
    stored = str(row["password_hash"]) if row else _UNUSABLE
    try:
        HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    return row is not None


def _language(request: Request) -> Translator:
    return translator("es" if request.query_params.get("lang") == "es" else "en")


def _admin(pool: ConnectionPool[Connection], token: str | None) -> str | None:
    if not token:
        return None
    with as_writer(pool) as conn:
        row = conn.execute(
            "SELECT admin FROM admin_sessions WHERE token_hash = %s AND expires > now()",
            [digest(token)],
        ).fetchone()
    return str(row["admin"]) if row else None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _dates(request: Request) -> DateRange:
    return DateRange(
        _day(request.query_params.get("since")), _day(request.query_params.get("until"))
    )


Page = Callable[[Request], Awaitable[Response]]


class AdminPages:
    """The admin routes over one pool and the interpretation whose rules name the summary's rows."""

    def __init__(self, pool: ConnectionPool[Connection], interpretation: Interpretation) -> None:
        self.pool = pool
        self.interpretation = interpretation

    def routes(self) -> list[Route]:
        return [
            Route("/admin", self.overview, methods=["GET"]),
            Route("/admin/sign-in", self.sign_in_form, methods=["GET"]),
            Route("/admin/sign-in", self.sign_in, methods=["POST"]),
            Route("/admin/sign-out", self.sign_out, methods=["POST"]),
            Route("/admin/summary.csv", self._download("summary"), methods=["GET"]),
            Route("/admin/export.csv", self._download("csv"), methods=["GET"]),
            Route("/admin/export.ndjson", self._download("fhir"), methods=["GET"]),
        ]

    async def _signed_in(self, request: Request) -> str | None:
        return await run_in_threadpool(_admin, self.pool, request.cookies.get(COOKIE))

    def _to_sign_in(self, request: Request) -> Response:
        return RedirectResponse(f"/admin/sign-in?lang={_language(request).locale}", 303)

    async def sign_in_form(self, request: Request) -> Response:
        return HTMLResponse(admin_html.sign_in(_language(request)))

    async def sign_in(self, request: Request) -> Response:
        t = _language(request)
        try:
            form = parse_qs((await read_body(request, 4096)).decode("utf-8", "replace"))
        except TooLarge:
            return HTMLResponse(admin_html.sign_in(t, t.gettext("Too much was sent.")), 413)
        name = (form.get("name") or [""])[0].strip()
        password = (form.get("password") or [""])[0]
        client = request.client.host if request.client else "unknown"
        token = await run_in_threadpool(self._check, client, name, password)
        if token is None:
            LOG.info("an admin sign-in was refused")
            problem = t.gettext("The name or password is not right, or there were too many tries.")
            return HTMLResponse(admin_html.sign_in(t, problem), 401)
        response = RedirectResponse(f"/admin?lang={t.locale}", 303)
        response.set_cookie(
            COOKIE,
            token,
            max_age=SESSION_HOURS * 3600,
            path="/admin",
            secure=True,
            httponly=True,
            samesite="strict",
        )
        return response

    def _check(self, client: str, name: str, password: str) -> str | None:
        with as_writer(self.pool) as conn:
            if not allow(conn, f"sign-in:{client}", SIGN_IN_PER_MINUTE):
                return None
        with as_writer(self.pool) as conn:
            if not check_password(conn, name, password):
                return None
            token = secrets.token_urlsafe(32)
            conn.execute(
                "INSERT INTO admin_sessions (token_hash, admin, expires) "
                "VALUES (%s, %s, now() + make_interval(hours => %s))",
                [digest(token), name, SESSION_HOURS],
            )
            conn.execute("DELETE FROM admin_sessions WHERE expires < now()")
        LOG.info("admin %s signed in", name)
        return token

    async def sign_out(self, request: Request) -> Response:
        token = request.cookies.get(COOKIE)
        if token:
            await run_in_threadpool(self._forget, token)
        response = self._to_sign_in(request)
        response.delete_cookie(COOKIE, path="/admin", secure=True, httponly=True, samesite="strict")
        return response

    def _forget(self, token: str) -> None:
        with as_writer(self.pool) as conn:
            conn.execute("DELETE FROM admin_sessions WHERE token_hash = %s", [digest(token)])

    async def overview(self, request: Request) -> Response:
        if await self._signed_in(request) is None:
            return self._to_sign_in(request)
        t, dates = _language(request), _dates(request)
        html = await run_in_threadpool(self._overview_html, t, dates)
        return HTMLResponse(html)

    def _overview_html(self, t: Translator, dates: DateRange) -> str:
        from readiness.reports.summary import summary_rows

        with as_reporting(self.pool) as conn:
            tally = summary.tally(conn, dates)
            devices = list_devices(conn)
            per_site = summary.per_site_and_month(conn)
            flagged = summary.flagged_versions(conn)
        query = urlencode(
            {
                key: value
                for key, value in (
                    ("since", dates.since.isoformat() if dates.since else ""),
                    ("until", dates.until.isoformat() if dates.until else ""),
                    ("lang", t.locale),
                )
                if value
            }
        )
        return admin_html.dashboard(
            t,
            devices=devices,
            per_site=per_site,
            flagged=flagged,
            summary=summary_rows(tally, self.interpretation.rules, t),
            since=dates.since,
            until=dates.until,
            query=query,
        )

    def _download(self, kind: str) -> Page:
        async def endpoint(request: Request) -> Response:
            if await self._signed_in(request) is None:
                return self._to_sign_in(request)
            t, dates = _language(request), _dates(request)
            path = await run_in_threadpool(self._export, kind, dates, t.locale)
            name = {
                "summary": "summary.csv",
                "csv": "assessments.csv",
                "fhir": "assessments.ndjson",
            }
            return FileResponse(
                path,
                filename=name[kind],
                background=BackgroundTask(shutil.rmtree, path.parent, ignore_errors=True),
            )

        return endpoint

    def _export(self, kind: str, dates: DateRange, locale: str) -> Path:
        from readiness.reports.jobs import export_documents
        from readiness.reports.summary import write_summary
        from readiness.session.decided import Decisions

        folder = Path(tempfile.mkdtemp(prefix="readiness-hub-"))
        path = folder / "export"
        with as_reporting(self.pool) as conn:
            if kind == "summary":
                write_summary(
                    summary.tally(conn, dates),
                    self.interpretation.rules,
                    dates,
                    path,
                    locale=locale,
                )
            else:
                export_documents(
                    current_documents(conn, dates),
                    kind,
                    path,
                    Decisions(self.interpretation),
                    dates,
                )
        return path


def current_documents(conn: Connection, dates: DateRange) -> Iterator[AssessmentDocument]:
    """The newest unflagged version of each completed assessment in ``dates``, oldest first,
    read through a server-side cursor so memory stays flat."""
    where, params = summary.date_clause(dates)
    with conn.cursor(name="current_documents") as cursor:
        cursor.execute(
            f"SELECT assessment_id, document FROM current_versions WHERE status = 'complete' "
            f"AND {where} ORDER BY created, assessment_id",
            params,
        )
        for row in cursor:
            data: Any = row["document"]
            yield from_data(data, f"hub assessment {row['assessment_id']}")
