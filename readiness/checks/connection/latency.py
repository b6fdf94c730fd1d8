"""Round trip, jitter and packet loss: the HTTP ping backends use, and the latency probe
the runner adds after a bandwidth test.

Definitions used throughout (and shown as the method on screen):

- HTTP ping (LibreSpeed): sequential GETs of a tiny resource, the first discarded;
  ping is the minimum, jitter LibreSpeed's smoothing that weighs spikes more. Used
  only when the latency probe could not run.
- Latency probe: a train of 400 small probes over 2.5 s (``probe_train``), run once
  every transfer has ended. RTT is the median of the answered probes, jitter the mean
  absolute difference of consecutive round trips (Cloudflare's definition), loss the
  per-packet estimate with its 90 % interval (``loss``).
"""

from __future__ import annotations

import http.client
import itertools
import statistics
import time
from collections.abc import Sequence

from readiness.checks.connection.failures import classify_error, host_label
from readiness.checks.connection.loss import estimate_loss
from readiness.checks.connection.model import (
    Attempt,
    ConnectionStatus,
    Phase,
    SampleSink,
    SpeedSample,
)
from readiness.checks.connection.probe_train import TrainStats, tcp_connect_train, udp_echo_train
from readiness.checks.connection.settings import ServerUrl, parse_host_port, parse_server_url
from readiness.checks.connection.transport import (
    Resolver,
    SocketRegistry,
    open_connection,
    resolve,
    system_resolver,
)
from readiness.concurrency import Deadline
from readiness.messages import M_, MN_, Message, english
from readiness.model import utc_now
from readiness.progress import CancelToken

PROBES = 400
TRAIN_S = 2.5


def librespeed_jitter(samples_ms: Sequence[float]) -> float | None:
    """LibreSpeed's jitter: spikes count 0.7, calmer changes 0.2 (speedtest_worker.js)."""
    jitter: float | None = None
    for previous, current in itertools.pairwise(samples_ms):
        instant = abs(current - previous)
        if jitter is None:
            jitter = instant
        elif instant > jitter:
            jitter = 0.3 * jitter + 0.7 * instant
        else:
            jitter = 0.8 * jitter + 0.2 * instant
    return jitter


def mean_abs_delta(samples_ms: Sequence[float]) -> float | None:
    """The average distance between consecutive samples (Cloudflare's jitter)."""
    if len(samples_ms) < 2:
        return None
    return statistics.fmean(abs(b - a) for a, b in itertools.pairwise(samples_ms))


def http_ping(
    server: ServerUrl,
    address: str,
    path: str,
    *,
    count: int,
    timeout_s: float,
    sockets: SocketRegistry,
) -> list[float]:
    """Times ``count`` sequential GETs of ``path`` (ms), the first discarded.

    The connection is reused when the server keeps it open (``php -S`` closes it after
    every answer, so each GET then also pays for a new connection).
    """
    samples: list[float] = []
    connection = open_connection(server, address, timeout_s, sockets)
    try:
        for index in range(count):
            if sockets.stopped.is_set():
                break
            if connection.sock is None:
                connection.connect()
            started = time.perf_counter()
            connection.request(
                "GET", f"{path}?r={time.time_ns()}", headers={"Cache-Control": "no-cache"}
            )
            response = connection.getresponse()
            elapsed = (time.perf_counter() - started) * 1000
            response.read()
            if response.status != 200:
                raise http.client.HTTPException(f"HTTP {response.status}")
            if index > 0:
                samples.append(elapsed)
    finally:
        connection.close()
    return samples


class LatencyProbe:
    """The latency backend: a probe train to a server (TCP connects) or an echo service (UDP).

    ``rtt_hint_ms`` (from the bandwidth test's ping) sets how long a probe may take
    before it counts as lost.
    """

    name = "latency"

    def __init__(
        self,
        target_url: str | None,
        *,
        udp_echo: str | None = None,
        resolver: Resolver = system_resolver,
        count: int = PROBES,
        train_s: float = TRAIN_S,
        rtt_hint_ms: float | None = None,
    ) -> None:
        self._target = parse_server_url(target_url, "target") if target_url else None
        self._udp = parse_host_port(udp_echo, "udp_echo") if udp_echo else None
        self._resolver = resolver
        self._count = count
        self._train_s = train_s
        hint = (rtt_hint_ms or 0.0) / 1000
        self.late_s = min(0.9, max(0.4, 0.25 + 3 * hint))

    @property
    def server(self) -> str:
        if self._udp:
            return f"{self._udp[0]}:{self._udp[1]} (UDP)"
        return f"{self._target.host}:{self._target.port}" if self._target else ""

    def run(self, report: SampleSink, cancel: CancelToken, deadline: Deadline) -> Attempt:
        started_at, started = utc_now(), time.monotonic()
        host, port = self._udp or (
            (self._target.host, self._target.port) if self._target else ("", 0)
        )
        method = "udp-echo" if self._udp else "tcp-connect"

        def attempt(
            status: ConnectionStatus, reason: Message, stats: TrainStats | None = None
        ) -> Attempt:
            received = stats.rtts_ms if stats else ()
            jitter = mean_abs_delta(received)
            loss = estimate_loss(stats.lost, stats.sent) if stats and received else None
            return Attempt(
                backend=self.name,
                server=self.server,
                status=status,
                started_at=started_at,
                duration_s=round(time.monotonic() - started, 2),
                reason=english(reason),
                reason_message=reason,
                rtt_ms=round(statistics.median(received), 2) if received else None,
                jitter_ms=None if jitter is None else round(jitter, 2),
                loss_pct=loss.pct if loss else None,
                loss_range=loss.interval if loss else None,
                loss_probes=stats.sent if stats else 0,
                method=method,
                target=self._target.base if self._target else "",
            )

        if not host:
            return attempt(ConnectionStatus.ERROR, M_("No server to measure latency against."))
        report(SpeedSample(Phase.LATENCY, None, 0.0, 0.0, self.name))
        label = host_label(host)
        try:
            address = resolve(host, self._resolver, min(2.0, deadline.remaining()))
            train_s = max(0.2, min(self._train_s, deadline.remaining() - self.late_s - 0.3))
            count = max(10, round(self._count * train_s / self._train_s))
            train = udp_echo_train if self._udp else tcp_connect_train
            stats = train(
                address, port, count=count, duration_s=train_s, late_s=self.late_s, stop=cancel
            )
        except OSError as exc:
            return attempt(*classify_error(exc, label))
        report(SpeedSample(Phase.LATENCY, None, 1.0, time.monotonic() - started, self.name))
        if cancel.is_set():
            return attempt(ConnectionStatus.CANCELLED, M_("The latency test was cancelled."), stats)
        if not stats.rtts_ms:
            return attempt(
                ConnectionStatus.TIMEOUT,
                MN_(
                    "No answer from {server} to its {count} try.",
                    "No answer from {server} to any of {count} tries.",
                    server=self.server,
                    count=stats.sent,
                ),
                stats,
            )
        return attempt(
            ConnectionStatus.OK,
            M_(
                "{received} of {sent} answered ({method}).",
                received=len(stats.rtts_ms),
                sent=stats.sent,
                method=method,
            ),
            stats,
        )
