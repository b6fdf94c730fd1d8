"""A loopback speed-test server for tests and benchmarks (never for real measurements).

It speaks the LibreSpeed endpoints (``garbage``, ``empty``, ``getIP``, with or without
``backend/`` and ``.php``) and what speedtest-cli needs: a Speedtest Mini page,
``latency.txt``, ``random{N}x{N}.jpg``, ``upload.php``, and stand-ins for
speedtest.net's configuration and server list. Optional pacing caps the *aggregate*
rate of each direction with one shared token bucket, however many streams run.
Faults (tarpit, 403, captive-portal page, reset mid-stream, slow answers) can be
set per endpoint. Like LibreSpeed's PHP backend, an address with ``cors`` in its query
gets the headers that let a page from another origin (the phone page) use the answer,
and the browser's ``OPTIONS`` question before an upload is answered. A DNS failure is
not a server fault: inject a ``Resolver`` that raises
(``tests.servers.faults.failing_resolver``). ``UdpEchoServer`` lives in
``tests.servers.udp_echo``.
"""

from __future__ import annotations

import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from readiness.checks.connection.transport import reset_socket
from tests.servers.background import BackgroundServer, QuietServer
from tests.servers.faults import Fault, FaultPlan, TokenBucket

MIB = 1024 * 1024


def _endpoint(path: str, method: str) -> str:
    name = path.rsplit("/", 1)[-1].lower()
    if name == "speedtest-config.php":
        return "config"
    if name.startswith("speedtest-servers"):
        return "servers"
    if path.endswith("/api/api.php"):
        return "share"
    if name == "latency.txt":
        return "latency"
    if re.fullmatch(r"random\d+x\d+\.jpg", name):
        return "random"
    if re.fullmatch(r"upload\.(php|asp|aspx|jsp)", name):
        return "upload"
    stem = name.removesuffix(".php")
    if stem == "empty":
        return "empty_post" if method == "POST" else "empty"
    if stem in ("garbage", "getip"):
        return stem
    return "root" if name == "" else "unknown"


CAPTIVE_PAGE = (
    b"<!DOCTYPE html><html><head><title>Welcome to Free Wi-Fi</title></head>"
    b"<body><h1>Sign in to continue</h1><form><input name='room'></form></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 30

    _cors = False

    def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_OPTIONS(self) -> None:
        self._serve("OPTIONS")

    def end_headers(self) -> None:
        if self._cors:  # what LibreSpeed's empty.php sends for ``?cors``
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Encoding, Content-Type")
        super().end_headers()

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        self._cors = "cors" in parse_qs(parts.query, keep_blank_values=True)
        endpoint = _endpoint(parts.path, method)
        owner = self.server.owner
        owner.count(endpoint)
        plan = owner.faults
        if plan.applies(endpoint) and plan.fault is not Fault.RESET and self._inject(plan):
            return
        reset_after = plan.reset_after_bytes if plan.applies(endpoint) else None
        query = parse_qs(parts.query)
        if endpoint == "garbage":
            chunks = int(query.get("ckSize", ["4"])[0] or 4)
            self._stream(min(max(chunks, 1), 1024) * MIB, reset_after)
        elif endpoint == "random":
            size = int(re.findall(r"random(\d+)x", parts.path)[0])
            self._stream(2 * size * size, reset_after)
        elif endpoint in ("upload", "empty_post"):
            received = self._drain(reset_after)
            if received is not None:
                body = f"size={received}".encode() if endpoint == "upload" else b""
                self._reply(200, body, "text/plain")
        elif endpoint == "empty":
            self._reply(200, b"", "text/plain")
        elif endpoint == "getip":
            ip = self.client_address[0]
            info = {"processedString": f"{ip} - localhost IPv4 access", "rawIspInfo": ""}
            self._reply(200, json.dumps(info).encode(), "application/json")
        elif endpoint == "latency":
            self._reply(200, b"test=test", "text/plain")
        elif endpoint == "root":
            self._reply(200, b'<html><script>upload_extension: "php"</script></html>', "text/html")
        elif endpoint == "config":
            self._reply(200, owner.config_xml(), "text/xml")
        elif endpoint == "servers":
            self._reply(200, owner.servers_xml(), "text/xml")
        else:  # includes "share": results are never accepted here
            if method == "POST":
                self._drain(None)
            self._reply(404, b"not found", "text/plain")

    def _inject(self, plan: FaultPlan) -> bool:
        """Apply a non-streaming fault; True when the request is fully handled."""
        if plan.fault is Fault.TARPIT:
            self.server.owner.closing.wait()
            self.close_connection = True
            return True
        if self.command == "POST":
            self._drain(None)
        if plan.fault is Fault.FORBIDDEN:
            self._reply(403, b"Forbidden", "text/plain")
            return True
        if plan.fault is Fault.NOT_FOUND:
            self._reply(404, b"Not found", "text/plain")
            return True
        if plan.fault is Fault.CAPTIVE_PORTAL:
            self._reply(200, CAPTIVE_PAGE, "text/html; charset=utf-8")
            return True
        if plan.fault is Fault.DELAY:
            self.server.owner.closing.wait(plan.delay_s)
        return False

    def _reply(self, code: int, body: bytes, content_type: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store, no-cache")
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, total: int, reset_after: int | None) -> None:
        owner = self.server.owner
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        step = 16 * 1024 if owner.down_bucket else MIB
        view = memoryview(owner.payload)
        while sent < total and not owner.closing.is_set():
            size = min(step, total - sent)
            if reset_after is not None and sent + size > reset_after:
                self.wfile.write(view[: max(0, reset_after - sent)])
                self._reset()
                return
            if owner.down_bucket:
                owner.down_bucket.consume(size, owner.closing)
            self.wfile.write(view[:size])
            sent += size
            owner.add_sent(size)

    def _drain(self, reset_after: int | None) -> int | None:
        owner = self.server.owner
        remaining = int(self.headers.get("Content-Length") or 0)
        received = 0
        while remaining > 0 and not owner.closing.is_set():
            if reset_after is not None and received >= reset_after:
                self._reset()
                return None
            size = min(16 * 1024 if owner.up_bucket else 256 * 1024, remaining)
            if owner.up_bucket:
                owner.up_bucket.consume(size, owner.closing)
            data = self.rfile.read(size)
            if not data:
                return None
            received += len(data)
            remaining -= len(data)
            owner.add_received(len(data))
        return received

    def _reset(self) -> None:
        self.wfile.flush()
        reset_socket(self.connection)
        self.close_connection = True


class _Server(QuietServer, HTTPServer):
    owner: LoopbackSpeedServer


class LoopbackSpeedServer(BackgroundServer):
    """A speed-test server on 127.0.0.1 (port chosen by the OS); use as a context manager.

    ``rate_mbps`` paces downloads (and uploads, unless ``upload_rate_mbps`` is given)
    as payload bit/s across all streams together. ``speedtest_length_s`` is the test
    length the stand-in speedtest.net configuration announces.
    """

    def __init__(
        self,
        *,
        rate_mbps: float | None = None,
        upload_rate_mbps: float | None = None,
        faults: FaultPlan | None = None,
        speedtest_length_s: int = 2,
        host: str = "127.0.0.1",
    ) -> None:
        self.faults = faults or FaultPlan()
        self.closing = threading.Event()
        self.payload = os.urandom(MIB)
        up = upload_rate_mbps if upload_rate_mbps is not None else rate_mbps
        self.down_bucket = TokenBucket(rate_mbps) if rate_mbps else None
        self.up_bucket = TokenBucket(up) if up else None
        self.speedtest_length_s = speedtest_length_s
        self.requests: dict[str, int] = {}
        self.bytes_sent = 0
        self.bytes_received = 0
        self._lock = threading.Lock()
        self._server = _Server((host, 0), _Handler)
        self._server.owner = self

    def count(self, endpoint: str) -> None:
        with self._lock:
            self.requests[endpoint] = self.requests.get(endpoint, 0) + 1

    def add_sent(self, count: int) -> None:
        with self._lock:
            self.bytes_sent += count

    def add_received(self, count: int) -> None:
        with self._lock:
            self.bytes_received += count

    def config_xml(self) -> bytes:
        length = self.speedtest_length_s
        return (
            '<?xml version="1.0" encoding="UTF-8"?><settings>'
            '<client ip="127.0.0.1" lat="0" lon="0" isp="Loopback" isprating="3.7" '
            'rating="0" ispdlavg="0" ispulavg="0" loggedin="0" country="ZZ"/>'
            '<server-config threadcount="4" ignoreids="" notonmap="" forcepingid="" '
            'preferredserverid=""/>'
            f'<download testlength="{length}" initialtest="250K" mintestsize="250K" '
            'threadsperurl="4"/>'
            f'<upload testlength="{length}" ratio="5" initialtest="0" mintestsize="32K" '
            'threads="2" maxchunksize="512K" maxchunkcount="50" threadsperurl="4"/>'
            "</settings>"
        ).encode()

    def servers_xml(self) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8"?><settings><servers>'
            f'<server url="{self.url}speedtest/upload.php" lat="0.1" lon="0.1" '
            f'name="Loopback" country="Test" cc="ZZ" sponsor="Readiness tests" id="1" '
            f'host="127.0.0.1:{self.port}"/></servers></settings>'
        ).encode()
