"""A loopback server that answers exactly like a recorded real speed-test server.

CI cannot download LibreSpeed, so the responses of the stock PHP backend under
``php -S`` (recorded by ``tests/bench/check_php_backend.py --record``) and of
speedtest-go (written down from its source) are kept as JSON in
``tests/servers/recorded/``. This server replays them byte for byte: the same status
lines, the same headers in the same order (PHP's ``text/html; charset=UTF-8`` on an
empty answer, its two contradictory ``Connection`` headers), the same bodies, and the
same framing: PHP closes the connection after every answer and sends ``garbage``
with no Content-Length, speedtest-go keeps connections open and sends it chunked.
Like ``php -S``, a recording with ``workers: 1`` serves one request at a time.

Placeholders in a recording: ``{host}`` (the request's Host header), ``{date}``,
``{path}`` (the request path) and ``{length}`` (the body's length).
"""

from __future__ import annotations

import contextlib
import json
import os
import socketserver
import threading
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.servers.background import BackgroundServer, QuietServer
from tests.servers.faults import TokenBucket

RECORDED = Path(__file__).parent / "recorded"
MIB = 1024 * 1024


def load_recording(name: str) -> dict[str, Any]:
    """A recording from ``tests/servers/recorded/<name>.json``."""
    data: dict[str, Any] = json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))
    return data


def chunk_count(query: str, rules: dict[str, Any]) -> int:
    """How many 1 MiB blocks ``garbage`` sends for ``query`` (the server's own clamping)."""
    raw = parse_qs(query).get("ckSize", [""])[0]
    default, most = int(rules["default_chunks"]), int(rules["max_chunks"])
    if rules.get("parse") == "digits":  # PHP: ctype_digit, > 0
        return min(int(raw), most) if raw.isdigit() and int(raw) > 0 else default
    try:  # speedtest-go: strconv.ParseInt, any integer
        return max(0, min(int(raw), most))
    except ValueError:
        return default


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        owner = self.server.owner
        while not owner.closing.is_set():
            request = self._read_request()
            if request is None:
                return
            method, target, headers, body_length = request
            with owner.slot:
                keep = self._answer(method, target, headers, body_length)
            if not keep:
                return

    def _read_request(self) -> tuple[str, str, dict[str, str], int] | None:
        try:
            line = self.rfile.readline(65537).decode("latin-1").strip()
        except OSError:
            return None
        if not line:
            return None
        method, target, *_version = line.split(" ")
        headers: dict[str, str] = {}
        while True:
            header = self.rfile.readline(65537).decode("latin-1")
            if header in ("\r\n", "\n", ""):
                break
            name, _sep, value = header.partition(":")
            headers[name.strip().lower()] = value.strip()
        return method, target, headers, int(headers.get("content-length") or 0)

    def _answer(self, method: str, target: str, headers: dict[str, str], length: int) -> bool:
        owner = self.server.owner
        parts = urlsplit(target)
        owner.log.append(f"{method} {parts.path}")
        received = self._drain(length)
        if received < length:
            return False
        route = owner.route(method, parts.path)
        values = {
            "host": headers.get("host", ""),
            "date": formatdate(usegmt=True),
            "path": parts.path,
        }
        garbage = route.get("garbage")
        body = b"" if garbage or method == "HEAD" else route.get("body", "").format(**values)
        values["length"] = str(len(body.encode() if isinstance(body, str) else body))
        head = [route["status_line"]]
        head += [f"{name}: {value.format(**values)}" for name, value in route["headers"]]
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        if isinstance(body, str):
            body = body.encode()
        self.wfile.write(body)
        if garbage and method != "HEAD":
            self._send_garbage(chunk_count(parts.query, garbage), garbage["framing"])
        self.wfile.flush()
        return not owner.recording.get("close_after_answer", False)

    def _drain(self, length: int) -> int:
        owner, received = self.server.owner, 0
        while received < length and not owner.closing.is_set():
            size = min(256 * 1024, length - received)
            if owner.up_bucket:
                owner.up_bucket.consume(size, owner.closing)
            data = self.rfile.read(size)
            if not data:
                break
            received += len(data)
        return received

    def _send_garbage(self, chunks: int, framing: str) -> None:
        owner = self.server.owner
        block = memoryview(owner.block)
        step = 64 * 1024
        try:
            for _index in range(chunks):
                for offset in range(0, len(block), step):
                    if owner.closing.is_set():
                        return
                    piece = block[offset : offset + step]
                    if owner.down_bucket:
                        owner.down_bucket.consume(len(piece), owner.closing)
                    if framing == "chunked":
                        self.wfile.write(f"{len(piece):X}\r\n".encode())
                        self.wfile.write(piece)
                        self.wfile.write(b"\r\n")
                    else:
                        self.wfile.write(piece)
            if framing == "chunked":
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            return


class _Server(QuietServer, socketserver.TCPServer):
    allow_reuse_address = True
    owner: ReplayServer


class ReplayServer(BackgroundServer):
    """Replays the recording ``name`` on 127.0.0.1; use as a context manager.

    ``rate_mbps`` paces ``garbage`` (and uploads, unless ``upload_rate_mbps`` is given).
    ``workers`` replaces the recording's number of requests served at once (0: any).
    ``host`` must be a loopback address (benchmarks use one inside a test namespace).
    ``log`` lists every request as ``"METHOD /path"``.
    """

    def __init__(
        self,
        name: str,
        *,
        rate_mbps: float | None = None,
        upload_rate_mbps: float | None = None,
        workers: int | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.recording = load_recording(name)
        self.closing = threading.Event()
        self.block = os.urandom(int(self.recording.get("block_bytes", MIB)))
        workers = workers if workers is not None else int(self.recording.get("workers", 0))
        self.slot: Any = threading.Semaphore(workers) if workers else contextlib.nullcontext()
        up = upload_rate_mbps if upload_rate_mbps is not None else rate_mbps
        self.down_bucket = TokenBucket(rate_mbps) if rate_mbps else None
        self.up_bucket = TokenBucket(up) if up else None
        self.log: list[str] = []
        self._server = _Server((host, port), _Handler)
        self._server.owner = self

    def route(self, method: str, path: str) -> dict[str, Any]:
        for route in self.recording["routes"]:
            if path in route["paths"] and method in route["methods"]:
                found: dict[str, Any] = route
                return found
        missing: dict[str, Any] = self.recording["not_found"]
        return missing
