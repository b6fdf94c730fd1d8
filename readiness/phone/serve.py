"""Answers the phone's requests on the one-time link: the page, the speed test, the report.

Every path starts with the link's token (compared in constant time); anything else is
a bare 404. Under the token: the page (``/``, ``?lang=es``) with its script and style,
LibreSpeed's endpoints for a test to the laptop itself (``empty`` answers at once and
drains an upload, ``garbage?ckSize=N`` streams N MiB, ``getIP``), and ``report``, which
takes the page's results once. Responses are never cached, send no referrer (the
token is in the address) and allow scripts only from the link itself.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from http.server import BaseHTTPRequestHandler
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from readiness.phone.link import LinkState
from readiness.phone.page import render_page
from readiness.phone.report import MAX_REPORT_BYTES, ReportError, read_report

MIB = 1024 * 1024
MAX_CHUNKS = 100
"""``garbage`` streams at most 100 MiB per request (the page asks for less)."""
_STATIC = {"phone.js": "text/javascript; charset=utf-8", "phone.css": "text/css; charset=utf-8"}
_PAYLOAD = os.urandom(MIB)


def serve_connection(connection: socket.socket, state: LinkState) -> None:
    """Answer the requests on one connection from the phone until it closes."""
    connection.settimeout(30)
    try:
        _Handler(connection, connection.getpeername(), state)  # type: ignore[arg-type]
    except OSError:
        pass  # the phone went away, or the link closed the connection
    finally:
        state.connections.discard(connection)
        connection.close()


def _static(name: str) -> bytes:
    return resources.files("readiness.phone").joinpath("page", name).read_bytes()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LinkState  # type: ignore[assignment]  # the link's state stands in for a server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        state = self.server
        parts = urlsplit(self.path)
        token, _slash, name = parts.path.lstrip("/").partition("/")
        if state.closing or not secrets.compare_digest(token.encode(), state.token.encode()):
            self._drain()
            self._reply(404, b"", "text/plain")
            self.close_connection = True
            return
        query = parse_qs(parts.query)
        if name == "" and method == "GET":
            state.page_opened = True
            locale = query.get("lang", [state.options.locale])[0]
            page = render_page(locale, state.options)
            self._reply(200, page.encode("utf-8"), "text/html; charset=utf-8")
        elif name in _STATIC and method == "GET":
            self._reply(200, _static(name), _STATIC[name])
        elif name == "empty":
            self._drain()
            self._reply(200, b"", "text/plain")
        elif name == "garbage" and method == "GET":
            self._garbage(query.get("ckSize", ["4"])[0])
        elif name == "getIP" and method == "GET":
            body = {"processedString": self.client_address[0], "rawIspInfo": ""}
            self._reply(200, json.dumps(body).encode(), "application/json")
        elif name == "report" and method == "POST":
            self._report()
        else:
            self._drain()
            self._reply(404, b"", "text/plain")

    def _report(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REPORT_BYTES:
            self._reply(413, b"", "text/plain")
            self.close_connection = True
            return
        try:
            report = read_report(self.rfile.read(length))
        except ReportError:
            self._reply(400, b'{"accepted": false}', "application/json")
            return
        accepted = self.server.accept(report)
        try:
            answer = json.dumps({"accepted": accepted}).encode()
            self._reply(200 if accepted else 409, answer, "application/json")
            self.wfile.flush()
        finally:
            self.close_connection = True
            if accepted:
                self.server.delivered = True

    def _garbage(self, chunks_text: str) -> None:
        chunks = int(chunks_text) if chunks_text.isdigit() else 4
        total = min(max(chunks, 1), MAX_CHUNKS) * MIB
        self.send_response(200)
        self._common_headers("application/octet-stream", total)
        self.end_headers()
        sent = 0
        view = memoryview(_PAYLOAD)
        while sent < total and not self.server.closing:
            size = min(MIB, total - sent)
            self.wfile.write(view[:size])
            sent += size

    def _drain(self) -> None:
        remaining = int(self.headers.get("Content-Length") or 0)
        while remaining > 0 and not self.server.closing:
            data = self.rfile.read(min(256 * 1024, remaining))
            if not data:
                break
            remaining -= len(data)

    def _common_headers(self, content_type: str, length: int) -> None:
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        agency = self.server.options.agency_server
        connect = f"'self' {agency}" if agency else "'self'"
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src {connect}; base-uri 'none'; form-action 'none'",
        )

    def _reply(self, code: int, body: bytes, content_type: str) -> None:
        self.send_response(code)
        self._common_headers(content_type, len(body))
        self.end_headers()
        self.wfile.write(body)
