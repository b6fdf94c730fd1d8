"""Fault injection and pacing for the loopback speed-test server (tests and benchmarks only).

``FaultPlan`` says which fault an endpoint gets; ``TokenBucket`` paces the aggregate
rate of all streams of one direction together; ``TcpTarpit`` accepts connections and
never answers (a TLS handshake that never completes). A DNS failure is not a server
fault: ``failing_resolver`` and ``loopback_resolver`` are injectable ``Resolver``s
that answer without sending anything off the machine.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

STREAMING = frozenset({"garbage", "random", "upload", "empty_post"})
"""Endpoints that stream a body; only these can be reset mid-stream."""


class Fault(StrEnum):
    NONE = "none"
    TARPIT = "tarpit"  # accept the request and never answer
    FORBIDDEN = "forbidden"  # HTTP 403
    CAPTIVE_PORTAL = "captive_portal"  # HTTP 200 with a sign-in web page
    RESET = "reset"  # TCP reset after reset_after_bytes of a streamed body
    DELAY = "delay"  # wait delay_s before answering
    NOT_FOUND = "not_found"  # HTTP 404, as if the endpoint did not exist


@dataclass(frozen=True)
class FaultPlan:
    """Which fault to inject and where; ``endpoints`` None means every endpoint."""

    fault: Fault = Fault.NONE
    endpoints: frozenset[str] | None = None
    reset_after_bytes: int = 256 * 1024
    delay_s: float = 0.0

    def applies(self, endpoint: str) -> bool:
        if self.fault is Fault.NONE:
            return False
        if self.fault is Fault.RESET and endpoint not in STREAMING:
            return False
        return self.endpoints is None or endpoint in self.endpoints


class TokenBucket:
    """A shared pacer (GCRA): all callers together get at most ``rate_mbps`` plus a burst."""

    def __init__(self, rate_mbps: float, burst_bytes: int = 32 * 1024) -> None:
        self._bytes_per_s = rate_mbps * 1e6 / 8
        self._burst_s = burst_bytes / self._bytes_per_s
        self._lock = threading.Lock()
        self._tat = time.monotonic()  # theoretical arrival time of the next byte

    def consume(self, count: int, stop: threading.Event) -> None:
        with self._lock:
            now = time.monotonic()
            self._tat = max(self._tat, now) + count / self._bytes_per_s
            wait = self._tat - self._burst_s - now
        if wait > 0:
            stop.wait(wait)


def failing_resolver(host: str) -> list[str]:
    """A ``Resolver`` for which no name exists: a DNS failure without touching the network."""
    raise socket.gaierror(socket.EAI_NONAME, f"Name or service not known: {host}")


def loopback_resolver(*names: str) -> Any:
    """A ``Resolver`` that maps ``names`` to 127.0.0.1 and fails for every other name."""
    known = {name.lower() for name in names} | {"127.0.0.1", "localhost"}

    def resolver(host: str) -> list[str]:
        if host.lower() in known:
            return ["127.0.0.1"]
        return failing_resolver(host)

    return resolver


class TcpTarpit:
    """Accepts TCP connections on 127.0.0.1 and never says a word (not even a TLS hello).

    A TLS client connects, sends its hello and waits: the handshake never completes.
    """

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.05)
        self._held: list[socket.socket] = []
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="tarpit", daemon=True)

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                self._held.append(self._listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    def __enter__(self) -> TcpTarpit:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        self._thread.join(1)
        for sock in self._held:
            sock.close()
        self._listener.close()
