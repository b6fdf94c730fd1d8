"""The ``BandwidthBackend`` protocol and what every backend shares: deadlines, preflight
targets, and running the blocking work on a worker so cancel and time limits act at once.

A backend's ``run(report, cancel, deadline)`` returns an ``Attempt`` and never raises
for network trouble: every failure becomes a status. ``supervise`` is how a backend
keeps its promise to stop within a second: the blocking work runs on a daemon thread,
and on cancel or deadline the backend sets a stop flag, aborts the sockets it
registered and returns the figures it has so far.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from readiness.checks.connection.model import Attempt, SampleSink
from readiness.checks.connection.transport import abort_socket
from readiness.messages import Message
from readiness.progress import CancelToken

Clock = Callable[[], float]


class Deadline:
    """A point in ``time.monotonic()`` time by which work must have stopped."""

    def __init__(self, seconds: float, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self.at = clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self.at - self._clock())

    @property
    def expired(self) -> bool:
        return self._clock() >= self.at

    def sooner(self, seconds: float) -> Deadline:
        """A deadline ``seconds`` from now, or this one if it comes first."""
        other = Deadline(seconds, self._clock)
        other.at = min(other.at, self.at)
        return other


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


class Outcome(StrEnum):
    DONE = "done"
    CANCELLED = "cancelled"
    DEADLINE = "deadline"


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


def supervise(
    work: Callable[[], None],
    *,
    stop: threading.Event,
    cancel: CancelToken,
    deadline: Deadline,
    on_stop: Callable[[], None] = lambda: None,
    tick: Callable[[], None] = lambda: None,
    poll_s: float = 0.05,
) -> tuple[Outcome, BaseException | None]:
    """Run ``work`` on a daemon thread until it returns, ``cancel`` is set or time is up.

    On cancel or deadline ``stop`` is set and ``on_stop`` runs (to abort sockets); the
    thread is then left to wind down on its own. ``tick`` runs every ``poll_s``
    seconds on the calling thread (for live samples). Returns how it ended and the
    exception ``work`` raised, if any.
    """
    errors: list[BaseException] = []
    finished = threading.Event()

    def target() -> None:
        try:
            work()
        except BaseException as exc:  # reported to the caller, never lost in the thread
            errors.append(exc)
        finally:
            finished.set()

    thread = threading.Thread(target=target, name="readiness-connection", daemon=True)
    thread.start()
    outcome = Outcome.DONE
    while not finished.wait(min(poll_s, max(deadline.remaining(), 0.001))):
        if cancel.is_set():
            outcome = Outcome.CANCELLED
            break
        if deadline.expired:
            outcome = Outcome.DEADLINE
            break
        tick()
    if outcome is not Outcome.DONE:
        stop.set()
        on_stop()
        finished.wait(0.2)  # most work stops at once; never wait long for the rest
    return outcome, (errors[0] if errors else None)
