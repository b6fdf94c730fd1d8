"""Round-trip time, jitter and packet loss without root: HTTP pings, TCP connect timing
and a UDP echo, plus the latency probe that runs them after a bandwidth test.

Definitions used throughout (and shown as the method on screen):

- HTTP ping (LibreSpeed): sequential keep-alive GETs of a tiny resource, the first
  discarded; ping is the minimum, jitter LibreSpeed's smoothing that weighs spikes more.
- TCP connect: one SYN/SYN-ACK round trip per connection; RTT is the median, jitter
  the mean absolute difference of consecutive RTTs, loss the share of attempts that
  got no answer within the timeout (an estimate: TCP retries hide some loss).
- UDP echo: numbered datagrams at 50 per second, like a voice call; RTT median,
  jitter mean absolute difference, loss the share never echoed within the late window.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import select
import socket
import statistics
import struct
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from readiness.checks.connection.backend import ProbeTarget, SocketRegistry
from readiness.checks.connection.model import (
    Attempt,
    ConnectionStatus,
    Phase,
    SampleSink,
    SpeedSample,
)
from readiness.checks.connection.settings import ServerUrl, parse_host_port, parse_server_url
from readiness.checks.connection.transport import (
    Resolver,
    classify_error,
    open_connection,
    resolve,
    system_resolver,
)
from readiness.concurrency import Deadline
from readiness.messages import M_, MN_, Message, english
from readiness.model import utc_now
from readiness.progress import CancelToken


@dataclass(frozen=True)
class LatencyStats:
    """RTT, jitter and loss from one method; ``None`` where the method cannot tell."""

    method: str
    rtt_ms: float | None
    jitter_ms: float | None
    loss_pct: float | None
    sent: int
    received: int


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
    stop: threading.Event,
    sockets: SocketRegistry,
) -> list[float]:
    """Times ``count`` sequential keep-alive GETs of ``path`` (ms), the first discarded."""
    samples: list[float] = []
    connection = open_connection(server, address, timeout_s)
    try:
        for index in range(count):
            if stop.is_set():
                break
            if connection.sock is None:
                connection.connect()
                sockets.add(connection.sock)
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
        sockets.discard(connection.sock)
        connection.close()
    return samples


def tcp_connect_probe(
    address: str,
    port: int,
    *,
    count: int,
    timeout_s: float,
    interval_s: float,
    stop: threading.Event,
) -> LatencyStats:
    """Times ``count`` TCP connections to ``address``:``port``."""
    rtts: list[float] = []
    attempted = 0
    for _index in range(count):
        if stop.is_set():
            break
        attempted += 1
        started = time.perf_counter()
        try:
            with socket.create_connection((address, port), timeout=timeout_s):
                rtts.append((time.perf_counter() - started) * 1000)
        except TimeoutError:
            pass
        stop.wait(interval_s)
    return _stats("tcp-connect", rtts, attempted)


def udp_echo_probe(
    address: str,
    port: int,
    *,
    count: int,
    interval_s: float = 0.02,
    late_s: float = 1.0,
    stop: threading.Event,
) -> LatencyStats:
    """Sends ``count`` numbered datagrams to an echo service and times the echoes."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    rtts: dict[int, float] = {}
    sent_at: dict[int, float] = {}
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.setblocking(False)
        sock.connect((address, port))
        token = time.monotonic_ns() & 0xFFFFFFFF
        next_send = time.perf_counter()
        last_send = next_send + count * interval_s
        while not stop.is_set():
            now = time.perf_counter()
            if len(sent_at) < count and now >= next_send:
                seq = len(sent_at)
                sent_at[seq] = now
                with contextlib.suppress(OSError):
                    sock.send(struct.pack("!II", token, seq) + b"\0" * 56)
                next_send += interval_s
                continue
            if len(sent_at) >= count and (now > last_send + late_s or len(rtts) >= count):
                break
            wait = max(0.0, min(next_send - now, 0.05)) if len(sent_at) < count else 0.05
            readable, _w, _x = select.select([sock], [], [], wait)
            if readable:
                _collect(sock, token, sent_at, rtts)
    ordered = [rtts[seq] for seq in sorted(rtts)]
    return _stats("udp-echo", ordered, len(sent_at))


def _collect(
    sock: socket.socket, token: int, sent_at: dict[int, float], rtts: dict[int, float]
) -> None:
    while True:
        try:
            data = sock.recv(2048)
        except (BlockingIOError, ConnectionRefusedError):
            return
        if len(data) >= 8:
            got_token, seq = struct.unpack("!II", data[:8])
            if got_token == token and seq in sent_at and seq not in rtts:
                rtts[seq] = (time.perf_counter() - sent_at[seq]) * 1000


def _stats(method: str, rtts: Sequence[float], sent: int) -> LatencyStats:
    return LatencyStats(
        method=method,
        rtt_ms=round(statistics.median(rtts), 2) if rtts else None,
        jitter_ms=None if (j := mean_abs_delta(rtts)) is None else round(j, 2),
        loss_pct=round(100 * (sent - len(rtts)) / sent, 1) if sent else None,
        sent=sent,
        received=len(rtts),
    )


class LatencyProbe:
    """The latency backend: RTT, jitter and loss to a server, by UDP echo or TCP connects.

    With ``udp_echo`` (``host:port`` of an echo service) it uses UDP; otherwise it
    times TCP connections to ``target_url``'s host and port.
    """

    name = "latency"

    def __init__(
        self,
        target_url: str | None,
        *,
        udp_echo: str | None = None,
        resolver: Resolver = system_resolver,
        count: int = 20,
        timeout_s: float = 1.0,
    ) -> None:
        self._target = parse_server_url(target_url, "target") if target_url else None
        self._udp = parse_host_port(udp_echo, "udp_echo") if udp_echo else None
        self._resolver = resolver
        self._count = count
        self._timeout_s = timeout_s

    @property
    def server(self) -> str:
        if self._udp:
            return f"{self._udp[0]}:{self._udp[1]} (UDP)"
        return f"{self._target.host}:{self._target.port}" if self._target else ""

    @property
    def probes(self) -> tuple[ProbeTarget, ...]:
        return ()

    def run(self, report: SampleSink, cancel: CancelToken, deadline: Deadline) -> Attempt:
        started_at, started = utc_now(), time.monotonic()
        host, port = self._udp or (
            (self._target.host, self._target.port) if self._target else ("", 0)
        )
        method = "udp-echo" if self._udp else "tcp-connect"

        def attempt(
            status: ConnectionStatus, reason: Message, stats: LatencyStats | None = None
        ) -> Attempt:
            return Attempt(
                backend=self.name,
                server=self.server,
                status=status,
                started_at=started_at,
                duration_s=round(time.monotonic() - started, 2),
                reason=english(reason),
                reason_message=reason,
                rtt_ms=stats.rtt_ms if stats else None,
                jitter_ms=stats.jitter_ms if stats else None,
                loss_pct=stats.loss_pct if stats else None,
                method=method,
                target=self._target.base if self._target else "",
            )

        if not host:
            return attempt(ConnectionStatus.ERROR, M_("No server to measure latency against."))
        report(SpeedSample(Phase.LATENCY, None, 0.0, 0.0, self.name))
        try:
            address = resolve(host, self._resolver, min(2.0, deadline.remaining()))
            if self._udp:
                interval = min(0.02, max(0.001, (deadline.remaining() - 1.2) / self._count))
                stats = udp_echo_probe(
                    address,
                    port,
                    count=self._count,
                    interval_s=interval,
                    late_s=min(1.0, self._timeout_s),
                    stop=cancel,
                )
            else:
                timeout = min(self._timeout_s, max(0.05, deadline.remaining() / self._count))
                stats = tcp_connect_probe(
                    address,
                    port,
                    count=self._count,
                    timeout_s=timeout,
                    interval_s=0.02,
                    stop=cancel,
                )
        except OSError as exc:
            status, reason = classify_error(exc, self.server)
            return attempt(status, reason)
        report(SpeedSample(Phase.LATENCY, None, 1.0, time.monotonic() - started, self.name))
        if cancel.is_set():
            return attempt(ConnectionStatus.CANCELLED, M_("The latency test was cancelled."), stats)
        if stats.received == 0:
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
                received=stats.received,
                sent=stats.sent,
                method=method,
            ),
            stats,
        )
