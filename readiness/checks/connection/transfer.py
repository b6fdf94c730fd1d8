"""Multi-stream HTTP download and upload timing, the way LibreSpeed's reference client does it.

Several streams run in parallel, started a little apart; every ``tick_s`` the
sampler computes the running speed. The first ``grace_s`` seconds (TCP slow start)
are measured but then discarded. With ``time_auto`` fast links finish early, using
LibreSpeed's bonus time. Uploads count only bytes the other end has acknowledged
where the platform can tell (``unacked_bytes``), so data waiting in the send buffer
does not inflate the figure. A stream cut off mid-way is restarted and counted as an
interruption; too many interruptions end the direction early.
"""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from readiness.checks.connection.backend import STOP_GRACE_S, SocketRegistry
from readiness.checks.connection.model import ConnectionStatus, Phase, SampleSink, SpeedSample
from readiness.checks.connection.settings import ServerUrl
from readiness.checks.connection.transport import (
    abort_socket,
    captive_reason,
    classify_error,
    classify_status,
    looks_like_html,
    open_connection,
    unacked_bytes,
)
from readiness.concurrency import Deadline, start
from readiness.messages import M_, Message

MIB = 1024 * 1024
MAX_INTERRUPTIONS = 12


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


@dataclass(frozen=True)
class TransferResult:
    """A direction's speed (None if nothing arrived), interruptions and any hard failure."""

    mbps: float | None
    seconds: float
    interruptions: int
    failure: tuple[ConnectionStatus, Message] | None
    cut_short: bool


class _Streams:
    """Counters shared by the stream threads and the sampler (one slot per stream)."""

    def __init__(self, count: int) -> None:
        self.done = [0] * count
        self.sockets: list[socket.socket | None] = [None] * count
        self.stop = threading.Event()
        self.interruptions = 0
        self.failure: tuple[ConnectionStatus, Message] | None = None
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

    def fail(self, failure: tuple[ConnectionStatus, Message]) -> None:
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
        connection = open_connection(self.server, self.address, self.plan.io_timeout_s)
        connection.connect()
        self.streams.sockets[index] = connection.sock
        self.sockets.add(connection.sock)
        return connection

    def drop(self, connection: http.client.HTTPConnection | None) -> None:
        if connection is None:
            return
        self.sockets.discard(connection.sock)
        connection.close()

    def accept(self, response: http.client.HTTPResponse) -> bool:
        """True if ``response`` is test data; otherwise record why the direction must stop."""
        what = M_("The test server")
        refused = classify_status(response.status, what)
        if refused:
            self.streams.fail(refused)
        elif looks_like_html(response.getheader("Content-Type", "") or "", b""):
            self.streams.fail((ConnectionStatus.CAPTIVE_PORTAL, captive_reason(what)))
        elif response.status != 200:
            reason = M_("The test server answered HTTP {code}.", code=str(response.status))
            self.streams.fail((ConnectionStatus.ERROR, reason))
        return self.streams.failure is None


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
    context = _Context(
        plan,
        streams,
        server,
        address,
        path,
        sockets,
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
    mbps: float | None = None
    while not stop.wait(plan.tick_s) and not streams.stop.is_set() and not deadline.expired:
        now = time.monotonic()
        total = streams.total(upload)
        if grace_at is None:
            live = total * 8 * plan.overhead_factor / max(now - started, 1e-3) / 1e6
            if now - started >= plan.grace_s and total > 0:
                grace_at, baseline = now, total
        else:
            rate = (total - baseline) / max(now - grace_at, 1e-3)  # bytes per second
            mbps = live = rate * 8 * plan.overhead_factor / 1e6
            if plan.time_auto:  # LibreSpeed: fast links shorten the test, at most 0.4 s a tick
                bonus += min(0.4, 5.0 * rate / 100_000 / 1000) * (plan.tick_s / 0.2)
        fraction = min(1.0, (now - started + bonus) / plan.duration_s)
        report(SpeedSample(plan.phase, live, fraction, now - started, backend))
        if now - started + bonus >= plan.duration_s:
            break
    elapsed = time.monotonic() - started
    if mbps is None and grace_at is None:  # never got past the grace time
        total = streams.total(upload)
        mbps = total * 8 * plan.overhead_factor / max(elapsed, 1e-3) / 1e6 if total else None
    streams.stop.set()
    for sock in list(streams.sockets):
        abort_socket(sock)
    workers.wait(STOP_GRACE_S)
    return TransferResult(
        mbps=round(mbps, 2) if mbps is not None else None,
        seconds=round(elapsed, 2),
        interruptions=streams.interruptions,
        failure=streams.failure,
        cut_short=stop.is_set() or deadline.expired,
    )


def warm_up(
    server: ServerUrl, address: str, path: str, timeout_s: float, sockets: SocketRegistry
) -> tuple[ConnectionStatus, Message] | None:
    """Send one small POST first, as LibreSpeed does: None if the server answers it.

    A server that accepts upload data but never answers (a tarpit, a stuck proxy)
    would otherwise look like a slow upload, because its kernel still acknowledges
    what fits in its receive buffer.
    """
    connection = open_connection(server, address, timeout_s)
    what = M_("The test server")
    try:
        connection.connect()
        sockets.add(connection.sock)
        connection.request("POST", f"{path}?r={time.time_ns()}", body=bytes(64 * 1024))
        response = connection.getresponse()
        response.read()
    except TimeoutError:
        return ConnectionStatus.TIMEOUT, M_("{what} did not answer the upload test.", what=what)
    except (OSError, http.client.HTTPException) as exc:
        return classify_error(exc, what)
    finally:
        sockets.discard(connection.sock)
        connection.close()
    return classify_status(response.status, what)


def _guarded(worker: Callable[[_Context, int], None], context: _Context, index: int) -> None:
    if context.streams.stop.wait(index * context.plan.stream_delay_s):
        return
    try:
        worker(context, index)
    except Exception as exc:  # a stream must never die with an unreported error
        context.streams.fail(classify_error(exc, M_("the test server")))


def _download_stream(context: _Context, index: int) -> None:
    streams, plan = context.streams, context.plan
    connection: http.client.HTTPConnection | None = None
    while not streams.stop.is_set():
        try:
            if connection is None or connection.sock is None:
                context.drop(connection)
                connection = context.connect(index)
            query = f"r={time.time_ns()}&ckSize={plan.chunk_mib}"
            connection.request(
                "GET", f"{context.path}?{query}", headers={"Cache-Control": "no-cache"}
            )
            response = connection.getresponse()
            if not context.accept(response):
                break
            while not streams.stop.is_set():
                # read1 returns what has arrived; read/readinto would wait to fill the buffer
                count = len(response.read1(256 * 1024))
                if not count:
                    break
                streams.done[index] += count
            if streams.stop.is_set():
                break
            if response.length:  # the server closed the connection before the end
                raise http.client.IncompleteRead(b"", response.length)
            response.read()  # marks the response finished so the connection can be reused
        except (OSError, http.client.HTTPException):
            if streams.stop.is_set():
                break
            streams.interrupted()
            context.drop(connection)
            connection = None
            streams.stop.wait(0.05)
    context.drop(connection)


def _upload_stream(context: _Context, index: int) -> None:
    streams, plan, view = context.streams, context.plan, context.body
    step = 64 * 1024
    connection: http.client.HTTPConnection | None = None
    before = 0
    while not streams.stop.is_set():
        try:
            if connection is None or connection.sock is None:
                context.drop(connection)
                connection = context.connect(index)
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
            response.read()
            if not context.accept(response):
                break
        except (OSError, http.client.HTTPException):
            if streams.stop.is_set():
                break
            streams.interrupted()
            if connection is not None:  # a failed request proves nothing: drop its bytes
                streams.done[index] = before
            context.drop(connection)
            connection = None
            streams.stop.wait(0.05)
    context.drop(connection)
