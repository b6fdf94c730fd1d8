"""Connection-check results: statuses, live speed samples, attempts and the combined result.

Every backend run becomes an ``Attempt`` (kept even when it failed); the runner
combines the attempts into one ``ConnectionResult``. Speeds are in Mbit/s (10⁶ bits)
on one scale for every backend, the estimated line rate (``readiness.model.SpeedScale``);
times are in milliseconds or seconds as named. ``None`` means "not measured", never
zero. Packet loss comes with its interval (``loss_range``, per cent) and the number of
probes behind it, so a verdict can tell a figure it can trust from one it cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from readiness.messages import Message, plain
from readiness.model import SpeedScale


class ConnectionStatus(StrEnum):
    """How a connection test (or one attempt of it) ended."""

    OK = "ok"
    PARTIAL = "partial"
    OFFLINE = "offline"
    CAPTIVE_PORTAL = "captive_portal"
    BLOCKED = "blocked"
    TIMEOUT = "timeout"
    CANCELLED = "cancelled"
    NO_SERVERS = "no_servers"
    ERROR = "error"

    @property
    def measured(self) -> bool:
        """True when the figures come from a test that ran (fully or in part)."""
        return self in (ConnectionStatus.OK, ConnectionStatus.PARTIAL)


FAILURE_PRIORITY = (
    ConnectionStatus.CANCELLED,
    ConnectionStatus.CAPTIVE_PORTAL,
    ConnectionStatus.BLOCKED,
    ConnectionStatus.TIMEOUT,
    ConnectionStatus.NO_SERVERS,
    ConnectionStatus.ERROR,
    ConnectionStatus.OFFLINE,
)
"""When every attempt failed, the overall status is the first of these that occurred:
the most specific explanation wins (a blocked speed-test site says more than an
unreachable agency server)."""


class Phase(StrEnum):
    """The part of the test a live sample belongs to."""

    PREFLIGHT = "preflight"
    PING = "ping"
    DOWNLOAD = "download"
    UPLOAD = "upload"
    LATENCY = "latency"


@dataclass(frozen=True)
class SpeedSample:
    """A live reading while a test runs.

    ``mbps`` is the running estimate for a download or upload phase (None for other
    phases); ``fraction`` is how far the phase has got, from 0 to 1.
    """

    phase: Phase
    mbps: float | None
    fraction: float
    elapsed_s: float
    backend: str = ""


SampleSink = Callable[[SpeedSample], None]
"""Receives live samples; called from worker threads, so it must be thread-safe."""


def ignore_sample(sample: SpeedSample) -> None:
    """A ``SampleSink`` that drops every sample."""


@dataclass(frozen=True)
class Attempt:
    """One backend's run (or the latency probe's): what it measured and how it ended.

    ``target`` is the URL of the server actually used; ``reason`` is one plain
    sentence saying how it went, in English, and ``reason_message`` the same sentence
    kept for showing in any language later.
    """

    backend: str
    server: str
    status: ConnectionStatus
    started_at: datetime
    duration_s: float
    reason: str
    download_mbps: float | None = None
    upload_mbps: float | None = None
    rtt_ms: float | None = None
    jitter_ms: float | None = None
    loss_pct: float | None = None
    target: str = ""
    method: str = ""
    reason_message: Message | None = None
    loss_range: tuple[float, float] | None = None
    loss_probes: int = 0
    speed_scale: SpeedScale = SpeedScale.LINE_RATE

    @property
    def has_speeds(self) -> bool:
        return self.download_mbps is not None or self.upload_mbps is not None

    @property
    def message(self) -> Message:
        """The reason as a message (the text as it stands when none was kept)."""
        return self.reason_message or plain(self.reason)


@dataclass(frozen=True)
class ConnectionResult:
    """The outcome of a whole connection test, with every attempt that led to it.

    ``source`` is ``"measured"`` or ``"manual"`` (figures a worker typed in from a
    test run elsewhere). ``latency_method`` says how RTT, jitter and loss were
    measured (e.g. ``"http"``, ``"tcp-connect"``, ``"udp-echo"``). ``reason`` is in
    English; ``reason_message`` keeps it for any language. ``speed_scale`` is None for
    a result stored before figures said their scale.
    """

    status: ConnectionStatus
    measured_at: datetime
    duration_s: float
    reason: str
    download_mbps: float | None = None
    upload_mbps: float | None = None
    rtt_ms: float | None = None
    jitter_ms: float | None = None
    loss_pct: float | None = None
    backend: str = ""
    server: str = ""
    attempts: tuple[Attempt, ...] = ()
    source: str = "measured"
    latency_method: str = ""
    note: str = ""
    reason_message: Message | None = None
    loss_range: tuple[float, float] | None = None
    loss_probes: int = 0
    speed_scale: SpeedScale | None = SpeedScale.LINE_RATE

    @property
    def manual(self) -> bool:
        return self.source == "manual"

    @property
    def message(self) -> Message:
        """The reason as a message (the text as it stands when none was kept)."""
        return self.reason_message or plain(self.reason)
