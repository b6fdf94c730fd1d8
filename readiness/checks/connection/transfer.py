"""Multi-stream HTTP download and upload timing, the way LibreSpeed's reference client does it.

Several streams run in parallel, started a little apart; every ``tick_s`` the
sampler computes the running speed. The first ``grace_s`` seconds (TCP slow start,
the staggered starts) are discarded: the figure is the steady rate seen after them
(the least-squares slope of bytes over time, so a burst as the window opens does not
inflate a slow link's figure, with the first ``settle_share`` of the steady part
also left out where start-up lasts longer), and a direction that never got past them
(every stream cut off first) is "not measured", never an average inflated or
deflated by start-up. With ``time_auto`` fast links finish early, using LibreSpeed's
bonus time. Uploads count only bytes the
other end has acknowledged where the platform can tell (``unacked_bytes``). A stream
cut off mid-way is restarted and counted as an interruption; too many end the
direction early. Answers are judged by their body: test data must not be a web page.

Each direction has its own ``SocketRegistry`` (a child of the backend's): when it
ends, every stream's socket is aborted and every stream thread has returned before
``run_transfer`` does, so the next phase starts on a quiet line.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from readiness.checks.connection.failures import (
    TEST_SERVER,
    Failure,
    captive_reason,
    classify_error,
    classify_status,
    looks_like_html,
)
from readiness.checks.connection.model import ConnectionStatus, Phase, SampleSink, SpeedSample
from readiness.checks.connection.settings import ServerUrl
from readiness.checks.connection.transport import (
    SocketRegistry,
    open_connection,
    unacked_bytes,
)
from readiness.concurrency import Deadline, start
from readiness.messages import M_

MIB = 1024 * 1024
MAX_INTERRUPTIONS = 12
JOIN_S = 3.0
"""The longest a direction waits for its streams to return once they are aborted."""


@dataclass(frozen=True)
class TransferPlan:
    """How one direction is run (LibreSpeed's defaults are in ``LibreSpeedOptions``)."""

    phase: Phase
    streams: int
    duration_s: float
    grace_s: float
    stream_delay_s: float
    overhead_factor: float
    time_auto: bool
    io_timeout_s: float
    tick_s: float = 0.2
    chunk_mib: int = 100
    upload_bytes: int = 20 * MIB
    settle_share: float = 0.0
    """The share of the steady part left out at its start: TCP start-up (slow-start
    overshoot and loss recovery across many streams) can outlast the grace time."""


@dataclass(frozen=True)
class TransferResult:
    """A direction's steady speed (None if not measured), interruptions and any failure.

    ``steady_s`` is how long the steady part lasted (the figure's basis).
    """

    mbps: float | None
    seconds: float
    interruptions: int
    failure: Failure | None
    cut_short: bool
    steady_s: float = 0.0


class _Streams:
    """Counters shared by the stream threads and the sampler (one slot per stream)."""

    def __init__(self, count: int) -> None:
        self.done = [0] * count
        self.sockets: list[socket.socket | None] = [None] * count
        self.stop = threading.Event()
        self.interruptions = 0
        self.failure: Failure | None = None
        self._lock = threading.Lock()

    def total(self, acknowledged: bool) -> int:
        total = sum(self.done)
        if acknowledged:
            for sock in list(self.sockets):
                total -= unacked_bytes(sock) or 0
        return total

    def interrupted(self) -> None:
        with self._lock:
            self.interruptions += 1
            if self.interruptions >= MAX_INTERRUPTIONS:
                self.stop.set()

    def fail(self, failure: Failure) -> None:
        with self._lock:
            self.failure = self.failure or failure
        self.stop.set()


@dataclass(frozen=True)
class _Context:
    """What every stream of one direction shares."""

    plan: TransferPlan
    streams: _Streams
    server: ServerUrl
    address: str
    path: str
    sockets: SocketRegistry
    body: memoryview

    def connect(self, index: int) -> http.client.HTTPConnection:
        connection = open_connection(
            self.server, self.address, self.plan.io_timeout_s, self.sockets
        )
        connection.connect()
        self.streams.sockets[index] = connection.sock
        return connection

    def ready(
        self, connection: http.client.HTTPConnection | None, index: int
    ) -> http.client.HTTPConnection:
        """``connection`` while the server keeps it open, else a new one for stream ``index``."""
        if connection is not None and connection.sock is not None:
            return connection
        if connection is not None:
            connection.close()
        return self.connect(index)

    def cut_off(self, connection: http.client.HTTPConnection | None) -> None:
        """A request failed mid-way: count it, drop its connection, pause a moment."""
        self.streams.interrupted()
        if connection is not None:
            connection.close()
        self.streams.stop.wait(0.05)

    def refused(self, response: http.client.HTTPResponse) -> bool:
        """True (and the direction stops) when the status says this will not work."""
        refused = classify_status(response.status, TEST_SERVER)
        if refused:
            self.streams.fail(refused)
        elif response.status != 200:
            reason = M_("The test server answered HTTP {code}.", code=str(response.status))
            self.streams.fail((ConnectionStatus.ERROR, reason))
        return self.streams.failure is not None

    def page_instead_of_data(self, body: bytes) -> bool:
        """True (and the direction stops) when ``body`` is a web page, not test data."""
        if looks_like_html(body):
            self.streams.fail((ConnectionStatus.CAPTIVE_PORTAL, captive_reason(TEST_SERVER)))
            return True
        return False


def run_transfer(
    plan: TransferPlan,
    *,
    server: ServerUrl,
    address: str,
    path: str,
    stop: threading.Event,
    sockets: SocketRegistry,
    report: SampleSink,
    backend: str,
    deadline: Deadline,
) -> TransferResult:
    """Run one direction until its time is used, ``stop`` is set or it fails."""
    streams = _Streams(plan.streams)
    upload = plan.phase is Phase.UPLOAD
    phase_sockets = sockets.child()
    context = _Context(
        plan,
        streams,
        server,
        address,
        path,
        phase_sockets,
        memoryview(os.urandom(MIB) if upload else b""),
    )
    worker = _upload_stream if upload else _download_stream
    workers = start(
        [partial(_guarded, worker, context, index) for index in range(plan.streams)],
        name=f"readiness-{plan.phase.value}",
    )
    started = time.monotonic()
    grace_at: float | None = None
    baseline = bonus = 0.0
    steady: list[tuple[float, int]] = []  # (time, bytes) after the grace time
    mbps: float | None = None
    while not stop.wait(plan.tick_s) and not streams.stop.is_set() and not deadline.expired:
        now = time.monotonic()
        total = streams.total(upload)
        if grace_at is None:
            live = total * 8 * plan.overhead_factor / max(now - started, 1e-3) / 1e6
            if now - started >= plan.grace_s and total > 0:
                grace_at, baseline = now, total
                steady.append((now, total))
        else:
            steady.append((now, total))
            rate = (total - baseline) / max(now - grace_at, 1e-3)  # bytes per second
            live = rate * 8 * plan.overhead_factor / 1e6
            mbps = steady_rate(steady, plan.settle_share) * 8 * plan.overhead_factor / 1e6
            if plan.time_auto:  # LibreSpeed: fast links shorten the test, at most 0.4 s a tick
                bonus += min(0.4, 5.0 * rate / 100_000 / 1000) * (plan.tick_s / 0.2)
        fraction = min(1.0, (now - started + bonus) / plan.duration_s)
        report(SpeedSample(plan.phase, live, fraction, now - started, backend))
        if now - started + bonus >= plan.duration_s:
            break
    elapsed = time.monotonic() - started
    steady_s = time.monotonic() - grace_at if grace_at is not None else 0.0
    streams.stop.set()
    phase_sockets.abort_all()
    workers.wait(JOIN_S)
    if mbps is not None and mbps <= 0:  # nothing arrived after the grace time
        mbps = None
    return TransferResult(
        mbps=round(mbps, 2) if mbps is not None else None,
        seconds=round(elapsed, 2),
        interruptions=streams.interruptions,
        failure=streams.failure,
        cut_short=stop.is_set() or deadline.expired,
        steady_s=round(steady_s, 2),
    )


def steady_rate(points: list[tuple[float, int]], leave_out: float = 0.0) -> float:
    """Bytes per second: the least-squares slope of bytes against time, the first
    ``leave_out`` share of ``points`` left out.

    A burst at the start of the window (queues and token buckets filled during the
    grace time) moves the line, not its slope, so a slow link reads within a per cent
    or two rather than a few per cent high; on a steady link it equals the average.
    Data held up by loss early on and delivered at once later is a step the slope
    still feels; leaving out the start (``TransferPlan.settle_share``) removes it.
    """
    points = points[int(len(points) * leave_out) :]
    if len(points) < 2:
        return 0.0
    mean_t = statistics.fmean(t for t, _ in points)
    mean_b = statistics.fmean(b for _, b in points)
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    if spread <= 0:
        return 0.0
    return sum((t - mean_t) * (b - mean_b) for t, b in points) / spread


def warm_up(
    server: ServerUrl, address: str, path: str, timeout_s: float, sockets: SocketRegistry
) -> Failure | None:
    """Send one small POST first, as LibreSpeed does: None if the server answers it.

    A server that accepts upload data but never answers (a tarpit, a stuck proxy)
    would otherwise look like a slow upload, because its kernel still acknowledges
    what fits in its receive buffer.
    """
    connection = open_connection(server, address, timeout_s, sockets)
    try:
        connection.request("POST", f"{path}?r={time.time_ns()}", body=bytes(64 * 1024))
        response = connection.getresponse()
        body = response.read(64 * 1024)
    except TimeoutError:
        return ConnectionStatus.TIMEOUT, M_(
            "{what} did not answer the upload test.", what=TEST_SERVER.start
        )
    except (OSError, http.client.HTTPException) as exc:
        return classify_error(exc, TEST_SERVER)
    finally:
        connection.close()
    if looks_like_html(body):
        return ConnectionStatus.CAPTIVE_PORTAL, captive_reason(TEST_SERVER)
    return classify_status(response.status, TEST_SERVER)


def _guarded(worker: Callable[[_Context, int], None], context: _Context, index: int) -> None:
    if context.streams.stop.wait(index * context.plan.stream_delay_s):
        return
    try:
        worker(context, index)
    except Exception as exc:  # a stream must never die with an unreported error
        if not context.streams.stop.is_set():
            context.streams.fail(classify_error(exc, TEST_SERVER))


def _download_stream(context: _Context, index: int) -> None:
    streams, plan = context.streams, context.plan
    connection: http.client.HTTPConnection | None = None
    try:
        while not streams.stop.is_set():
            try:
                connection = context.ready(connection, index)
                query = f"r={time.time_ns()}&ckSize={plan.chunk_mib}"
                connection.request(
                    "GET", f"{context.path}?{query}", headers={"Cache-Control": "no-cache"}
                )
                response = connection.getresponse()
                if context.refused(response):
                    break
                first = True
                while not streams.stop.is_set():
                    # read1 returns what has arrived; read/readinto would wait to fill the buffer
                    data = response.read1(256 * 1024)
                    if not data:
                        break
                    if first and context.page_instead_of_data(data):
                        return
                    first = False
                    streams.done[index] += len(data)
                if streams.stop.is_set():
                    break
                if response.length:  # the server closed the connection before the end
                    raise http.client.IncompleteRead(b"", response.length)
                response.read()  # marks the response finished so the connection can be reused
            except (OSError, http.client.HTTPException):
                if streams.stop.is_set():
                    break
                context.cut_off(connection)
                connection = None
    finally:
        if connection is not None:
            connection.close()


def _upload_stream(context: _Context, index: int) -> None:
    streams, plan, view = context.streams, context.plan, context.body
    step = 64 * 1024
    connection: http.client.HTTPConnection | None = None
    before = 0
    try:
        while not streams.stop.is_set():
            try:
                connection = context.ready(connection, index)
                connection.putrequest(
                    "POST", f"{context.path}?r={time.time_ns()}", skip_accept_encoding=True
                )
                connection.putheader("Content-Type", "application/octet-stream")
                connection.putheader("Content-Length", str(plan.upload_bytes))
                connection.endheaders()
                sent, before = 0, streams.done[index]
                while sent < plan.upload_bytes and not streams.stop.is_set():
                    offset = sent % len(view)
                    chunk = view[offset : offset + min(step, plan.upload_bytes - sent)]
                    connection.send(chunk)
                    sent += len(chunk)
                    streams.done[index] += len(chunk)
                if streams.stop.is_set():
                    break
                response = connection.getresponse()
                body = response.read(64 * 1024)
                response.read()
                if context.refused(response) or context.page_instead_of_data(body):
                    break
            except (OSError, http.client.HTTPException):
                if streams.stop.is_set():
                    break
                streams.done[index] = before  # a failed request proves nothing: drop its bytes
                context.cut_off(connection)
                connection = None
    finally:
        if connection is not None:
            connection.close()
