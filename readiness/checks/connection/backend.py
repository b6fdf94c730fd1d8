"""The ``BandwidthBackend`` protocol and what every backend shares: preflight targets and
the registry of open sockets that lets a stopping backend abort them at once.

A backend's ``run(report, cancel, deadline)`` returns an ``Attempt`` and never raises
for network trouble: every failure becomes a status. It keeps its promise to stop
within a second by running the blocking work through
``readiness.concurrency.run_supervised``: on cancel or deadline it sets a stop flag,
aborts the sockets it registered here and returns the figures it has so far.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from readiness.checks.connection.model import Attempt, SampleSink
from readiness.checks.connection.transport import abort_socket
from readiness.concurrency import Deadline
from readiness.messages import Message
from readiness.progress import CancelToken

STOP_GRACE_S = 0.2
"""How long a stopped backend's work gets to wind down (most of it stops at once)."""


class Expect(StrEnum):
    """What a preflight probe expects back, to tell a real server from a sign-in page."""

    XML = "xml"
    EMPTY = "empty"
    LATENCY_TEXT = "latency_text"
    ANY = "any"


@dataclass(frozen=True)
class ProbeTarget:
    """A URL the preflight checks before a backend's long test, and what it should return."""

    url: str
    expect: Expect
    label: str | Message
    """What reasons call the server: a host name, or words to translate."""


class BandwidthBackend(Protocol):
    """Measures a connection; see the module docstring for the contract of ``run``."""

    @property
    def name(self) -> str: ...

    @property
    def server(self) -> str: ...

    @property
    def probes(self) -> tuple[ProbeTarget, ...]: ...

    def run(self, report: SampleSink, cancel: CancelToken, deadline: Deadline) -> Attempt: ...


class SocketRegistry:
    """Sockets a worker has open, so a supervisor can abort them from another thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()

    def add(self, sock: socket.socket | None) -> None:
        if sock is not None:
            with self._lock:
                self._sockets.add(sock)

    def discard(self, sock: socket.socket | None) -> None:
        if sock is not None:
            with self._lock:
                self._sockets.discard(sock)

    def abort_all(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            abort_socket(sock)
