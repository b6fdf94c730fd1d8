"""speedtest-cli's connections, made to count an upload by what arrived by its cut-off.

speedtest-cli ends its upload test after the configured length: a request still
sending raises ``SpeedtestUploadTimeout`` and counts every byte handed to the
socket, and a request that has handed over its whole body waits for the server's
answer, however long the computer's send buffer takes to drain. Both overstate a
slow upload (by 5-12 % at 5 Mbit/s) and stretch the test past its length
(``tests/bench/bench_bandwidth.py``). These connections end both kinds at the cut-off:
the bytes the server has not acknowledged are taken back from the count and dropped
(the socket is reset, so they do not slow the other streams inside the timed span).
The handlers open every connection of speedtest-cli's opener (``cut_off_handlers``).
"""

from __future__ import annotations

import contextlib
import timeit
import urllib.request
from typing import Any

from readiness.checks.connection.speedtest_module import speedtest
from readiness.checks.connection.transport import reset_socket, unacked_bytes


def take_back_unsent(sock: Any, body: Any) -> None:
    """Uncount from ``body`` what ``sock`` has not delivered, and drop it (see above)."""
    unsent = unacked_bytes(sock)
    total = getattr(body, "total", None)
    if unsent and isinstance(total, list):
        total.append(-unsent)  # speedtest-cli's result is sum(total)
    if sock is not None:
        with contextlib.suppress(OSError):
            reset_socket(sock)


class _CutOff:
    """Mixed into speedtest-cli's HTTP and HTTPS connections."""

    sock: Any
    _upload: Any = None

    def endheaders(self, message_body: Any = None, *, encode_chunked: bool = False) -> None:
        self._upload = message_body if hasattr(message_body, "total") else None
        try:
            super().endheaders(message_body, encode_chunked=encode_chunked)  # type: ignore[misc]
        except speedtest.SpeedtestUploadTimeout:
            take_back_unsent(self.sock, message_body)
            raise

    def getresponse(self) -> Any:
        body = self._upload
        if body is None or not getattr(body, "timeout", 0):
            return super().getresponse()  # type: ignore[misc]
        left = float(body.start) + float(body.timeout) - timeit.default_timer()
        if self.sock is not None:
            self.sock.settimeout(max(0.01, left))
        try:
            return super().getresponse()  # type: ignore[misc]
        except TimeoutError:
            take_back_unsent(self.sock, body)
            raise speedtest.SpeedtestUploadTimeout() from None


class _CutOffHTTP(_CutOff, speedtest.SpeedtestHTTPConnection):  # type: ignore[misc]
    pass


class _CutOffHTTPS(_CutOff, speedtest.SpeedtestHTTPSConnection):  # type: ignore[misc]
    pass


class _CutOffHTTPHandler(speedtest.SpeedtestHTTPHandler):  # type: ignore[misc]
    handler_order = 400  # opens before speedtest-cli's own handler (500)

    def http_open(self, request: urllib.request.Request) -> Any:
        timeout = self.timeout
        return self.do_open(
            lambda host, **options: _CutOffHTTP(host, **{**options, "timeout": timeout}), request
        )


class _CutOffHTTPSHandler(speedtest.SpeedtestHTTPSHandler):  # type: ignore[misc]
    handler_order = 400

    def https_open(self, request: urllib.request.Request) -> Any:
        timeout = self.timeout
        return self.do_open(
            lambda host, **options: _CutOffHTTPS(host, **{**options, "timeout": timeout}),
            request,
            context=self._context,
        )


def cut_off_handlers(timeout: float) -> tuple[urllib.request.BaseHandler, ...]:
    """Handlers that open speedtest-cli's connections as described above."""
    return (_CutOffHTTPHandler(timeout=timeout), _CutOffHTTPSHandler(timeout=timeout))
