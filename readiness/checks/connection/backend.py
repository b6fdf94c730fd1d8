"""The ``BandwidthBackend`` protocol and what every backend shares: the preflight answer
and the probe targets it checks.

A backend first answers ``preflight(cancel, timeout_s)``: is its server there, and
is it really a speed-test server (not a sign-in page)? Only then does the runner
call ``run(report, cancel, deadline)``, which returns an ``Attempt`` and never
raises for network trouble: every failure becomes a status. Each backend stands on
its own: one backend's trouble never stops another.

``run`` keeps its promise to stop within a second by running the blocking work
through ``readiness.concurrency.run_supervised``: on cancel or deadline it aborts
every socket in its ``SocketRegistry`` (connects in progress included), and every
thread and socket of a phase is gone before the next phase starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from readiness.checks.connection.failures import ServerLabel
from readiness.checks.connection.model import Attempt, ConnectionStatus, SampleSink
from readiness.concurrency import Deadline
from readiness.messages import Message, english
from readiness.progress import CancelToken

STOP_GRACE_S = 0.8
"""How long a stopped backend's work gets to wind down (it usually takes a few ms)."""


class Expect(StrEnum):
    """What a preflight probe expects back, to tell a real server from a sign-in page."""

    XML = "xml"
    LATENCY_TEXT = "latency_text"


@dataclass(frozen=True)
class ProbeTarget:
    """A URL the preflight checks before a backend's long test, and what it should return."""

    url: str
    expect: Expect
    label: ServerLabel


@dataclass(frozen=True)
class PreflightResult:
    """How a backend's preflight went.

    ``url`` is the address that answered (for a LibreSpeed server: where its
    endpoints were found) or the one that failed; ``connect_ms`` is the TCP (and TLS)
    set-up time when it got that far.
    """

    url: str
    status: ConnectionStatus
    message: Message
    elapsed_s: float
    connect_ms: float | None = None

    @property
    def reason(self) -> str:
        """The reason in English (``message`` keeps it for any language)."""
        return english(self.message)


class BandwidthBackend(Protocol):
    """Measures a connection; see the module docstring for the contract."""

    @property
    def name(self) -> str: ...

    @property
    def server(self) -> str: ...

    def preflight(self, cancel: CancelToken, timeout_s: float) -> PreflightResult: ...

    def run(self, report: SampleSink, cancel: CancelToken, deadline: Deadline) -> Attempt: ...
