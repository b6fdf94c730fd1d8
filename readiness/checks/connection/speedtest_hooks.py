"""A urllib handler added to speedtest-cli's opener: no sharing, optional redirection, live counts.

speedtest-cli sends every request through one ``OpenerDirector``; this handler sits
first in its chain and

- refuses any request to speedtest.net's results API, so results can never be
  uploaded (``share``), whatever else happens;
- optionally sends speedtest.net's configuration and server-list requests to another
  base URL (a loopback test server, or an agency mirror);
- counts download bytes as they are read and keeps the upload bodies, so the page
  can show a live speed; and records HTTP statuses and cut-off reads so failures
  the library swallows still reach the result.
"""

from __future__ import annotations

import io
import threading
import urllib.request
import urllib.response
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit

SHARE_PATH = "/api/api.php"


class _CountingResponse:
    """Wraps a download response: counts bytes read and notes a read that fails."""

    def __init__(self, inner: Any, hooks: SpeedtestHooks) -> None:
        self._inner = inner
        self._hooks = hooks

    def read(self, amount: int = -1) -> bytes:
        try:
            data: bytes = self._inner.read(amount)
        except OSError:
            self._hooks.note_interruption()
            raise
        if not data and amount and getattr(self._inner, "length", None):
            self._hooks.note_interruption()  # the server closed before the promised length
        self._hooks.add_downloaded(len(data))
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class SpeedtestHooks(urllib.request.BaseHandler):
    """See the module docstring; one instance per test run."""

    handler_order = 100  # before speedtest-cli's own handlers and the error processor

    def __init__(self, speedtest_net_base: str | None = None) -> None:
        self._base = speedtest_net_base.rstrip("/") if speedtest_net_base else None
        self._lock = threading.Lock()
        self.downloaded = 0
        self.interruptions = 0
        self.statuses: dict[str, int] = {}
        self.html_seen: set[str] = set()
        self.upload_bodies: list[Any] = []
        self.share_blocked = 0

    # -- requests -------------------------------------------------------------
    def _prepare(self, request: urllib.request.Request) -> urllib.request.Request:
        parts = urlsplit(request.full_url)
        host = (parts.hostname or "").lower()
        if parts.path.endswith(SHARE_PATH):
            with self._lock:
                self.share_blocked += 1
            raise URLError("sharing results with speedtest.net is disabled in Readiness")
        if self._base and (host == "speedtest.net" or host.endswith(".speedtest.net")):
            query = f"?{parts.query}" if parts.query else ""
            request.full_url = f"{self._base}{parts.path}{query}"
        data = request.data
        if data is not None and hasattr(data, "total"):
            with self._lock:
                self.upload_bodies.append(data)
        return request

    http_request = _prepare
    https_request = _prepare

    # -- responses ------------------------------------------------------------
    def _observe(self, request: urllib.request.Request, response: Any) -> Any:
        path = urlsplit(request.full_url).path
        kind = _kind(path)
        code = int(getattr(response, "code", 0) or 0)
        content_type = ""
        headers = getattr(response, "headers", None)
        if headers is not None:
            content_type = headers.get("Content-Type", "") or ""
        with self._lock:
            self.statuses[kind] = code
            if "html" in content_type.lower():  # noted only; a verdict also needs the failure
                self.html_seen.add(kind)
        if code >= 400:
            return _detached(response, code)
        if kind == "download":
            return _CountingResponse(response, self)
        return response

    http_response = _observe
    https_response = _observe

    # -- counters -------------------------------------------------------------
    def add_downloaded(self, count: int) -> None:
        with self._lock:
            self.downloaded += count

    def note_interruption(self) -> None:
        with self._lock:
            self.interruptions += 1

    def uploaded(self) -> int:
        with self._lock:
            bodies = list(self.upload_bodies)
        return sum(sum(body.total) for body in bodies)


def _detached(response: Any, code: int) -> Any:
    """An error response read into memory and closed.

    speedtest-cli drops the ``HTTPError`` it gets for a 403 or 404 without closing
    it, which leaks the socket until garbage collection; a copy in memory avoids that.
    """
    try:
        body = response.read(64 * 1024)
    except OSError:
        body = b""
    finally:
        response.close()
    copy = urllib.response.addinfourl(io.BytesIO(body), response.headers, response.url, code)
    copy.msg = getattr(response, "msg", "")  # type: ignore[attr-defined]  # read by urllib
    return copy


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1].lower()
    if name.startswith("random"):
        return "download"
    if name.startswith("upload."):
        return "upload"
    if name == "latency.txt":
        return "latency"
    if name.startswith("speedtest-config"):
        return "config"
    if name.startswith("speedtest-servers"):
        return "servers"
    return "mini" if name in ("", "index.html") else "other"
