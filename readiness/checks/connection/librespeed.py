"""The LibreSpeed backend: a stdlib client for an agency's own LibreSpeed server.

Works with the stock PHP backend (under ``php -S``, Apache or nginx), speedtest-go
and the Rust server, whatever address form the worker typed: the preflight is the
discovery (``discovery``), which finds the test files and says which address works.
It mirrors LibreSpeed's reference client (``speedtest_worker.js``): ping from ten
sequential ``empty`` requests, then parallel download and upload streams with a
grace time, payload scaled by the 1.06 overhead factor LibreSpeed uses to report the
line rate (``readiness.model.SpeedScale``). LibreSpeed measures no packet loss; the
runner adds it with the latency probe.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from readiness.checks.connection.backend import STOP_GRACE_S, PreflightResult
from readiness.checks.connection.discovery import Endpoints, discover
from readiness.checks.connection.failures import AGENCY_SERVER, ServerLabel, classify_error
from readiness.checks.connection.latency import http_ping, librespeed_jitter
from readiness.checks.connection.model import (
    Attempt,
    ConnectionStatus,
    Phase,
    SampleSink,
    SpeedSample,
)
from readiness.checks.connection.preflight import lookup_failure
from readiness.checks.connection.settings import parse_server_url
from readiness.checks.connection.transfer import (
    TransferPlan,
    TransferResult,
    run_transfer,
    warm_up,
)
from readiness.checks.connection.transport import (
    Resolver,
    SocketRegistry,
    resolve,
    system_resolver,
)
from readiness.concurrency import Deadline, Outcome, run_supervised
from readiness.messages import M_, MN_, N_, Message, english, joined
from readiness.model import LINE_RATE_FACTOR, utc_now
from readiness.progress import CancelToken


@dataclass(frozen=True)
class LibreSpeedOptions:
    """LibreSpeed's reference-client settings; ``duration_s`` caps each direction.

    8 s (LibreSpeed's own page allows 15) with its ``time_auto`` bonus ends each
    direction within 6 s from 25 Mbit/s up, and within 1 % of the line rate
    (``tests/bench/bench_bandwidth.py``). ``download_settle_share``: six download
    streams' start-up (slow-start overshoot, then loss recovery) outlasts the 1.5 s
    grace on a slow link and read up to 4.5 % high at 5 Mbit/s; leaving out the first
    third of the steady part brings it within 1 % (same benchmark)."""

    duration_s: float = 8.0
    download_streams: int = 6
    upload_streams: int = 3
    stream_delay_s: float = 0.3
    download_grace_s: float = 1.5
    upload_grace_s: float = 3.0
    ping_count: int = 10
    overhead_factor: float = LINE_RATE_FACTOR
    time_auto: bool = True
    io_timeout_s: float = 5.0
    chunk_mib: int = 100
    upload_bytes: int = 20 * 1024 * 1024
    download_settle_share: float = 1 / 3

    def plan(self, phase: Phase) -> TransferPlan:
        download = phase is Phase.DOWNLOAD
        streams = self.download_streams if download else self.upload_streams
        grace = min(
            self.download_grace_s if download else self.upload_grace_s, 0.3 * self.duration_s
        )
        return TransferPlan(
            phase=phase,
            streams=streams,
            duration_s=self.duration_s,
            grace_s=grace,
            stream_delay_s=min(self.stream_delay_s, grace / streams),
            overhead_factor=self.overhead_factor,
            time_auto=self.time_auto,
            io_timeout_s=self.io_timeout_s,
            chunk_mib=self.chunk_mib,
            upload_bytes=self.upload_bytes,
            settle_share=self.download_settle_share if download else 0.0,
        )


class _Failure(Exception):
    def __init__(self, status: ConnectionStatus, reason: Message) -> None:
        super().__init__(reason.msgid)
        self.status = status
        self.reason = reason


@dataclass
class _Progress:
    """What the run has found so far (read by ``run`` when it stops early)."""

    endpoints: Endpoints | None = None
    ping_ms: float | None = None
    jitter_ms: float | None = None
    results: dict[Phase, TransferResult] = field(default_factory=dict)


class LibreSpeedBackend:
    """Measures against a LibreSpeed server at (or near) ``server_url``."""

    name = "librespeed"

    def __init__(
        self,
        server_url: str,
        *,
        options: LibreSpeedOptions | None = None,
        resolver: Resolver = system_resolver,
        label: ServerLabel = AGENCY_SERVER,
    ) -> None:
        self._server = parse_server_url(server_url, M_("agency speed-test server"))
        self.options = options or LibreSpeedOptions()
        self._resolver = resolver
        self._label = label
        self._endpoints: tuple[str, Endpoints] | None = None  # address, where the files are

    @property
    def server(self) -> str:
        server = self._server
        return server.host if server.port in (80, 443) else f"{server.host}:{server.port}"

    @property
    def endpoints(self) -> Endpoints | None:
        """Where the test files were found (after a preflight or run), if they were."""
        return self._endpoints[1] if self._endpoints else None

    def preflight(self, cancel: CancelToken, timeout_s: float) -> PreflightResult:
        """Find the server's test files within ``timeout_s`` (see ``discovery``)."""
        started = time.monotonic()
        sockets = SocketRegistry()
        deadline = Deadline(timeout_s)
        settled = run_supervised(
            lambda: self._discover(deadline, sockets),
            Deadline(timeout_s + 0.3),
            cancel,
            on_stop=sockets.abort_all,
            grace_s=STOP_GRACE_S,
            name="readiness-discovery",
        )
        elapsed = time.monotonic() - started
        if settled.outcome is Outcome.CANCELLED:
            return PreflightResult(
                self._server.base, ConnectionStatus.CANCELLED, M_("Cancelled."), elapsed
            )
        error = settled.error
        if isinstance(error, _Failure):
            return PreflightResult(self._server.base, error.status, error.reason, elapsed)
        if error is not None or self._endpoints is None:
            status, reason = (
                classify_error(error, self._label)
                if error is not None
                else (
                    ConnectionStatus.TIMEOUT,
                    M_(
                        "{what} did not answer within {s:g} s.", what=self._label.start, s=timeout_s
                    ),
                )
            )
            return PreflightResult(self._server.base, status, reason, elapsed)
        found = self._endpoints[1]
        return PreflightResult(
            found.base.base,
            ConnectionStatus.OK,
            M_("{what} answered at {url}.", what=self._label.start, url=found.base.base),
            elapsed,
            found.connect_ms,
        )

    def _discover(self, deadline: Deadline, sockets: SocketRegistry) -> None:
        try:
            address = resolve(self._server.host, self._resolver, min(3.0, deadline.remaining()))
        except OSError as exc:
            raise _Failure(*lookup_failure(exc, self._label)) from exc
        found = discover(
            self._server, address, what=self._label, deadline=deadline, sockets=sockets
        )
        if not isinstance(found, Endpoints):
            raise _Failure(*found)
        self._endpoints = (address, found)

    def run(self, report: SampleSink, cancel: CancelToken, deadline: Deadline) -> Attempt:
        started_at, started = utc_now(), time.monotonic()
        found = _Progress()
        sockets = SocketRegistry()
        settled = run_supervised(
            lambda: self._measure(found, report, sockets, deadline),
            deadline,
            cancel,
            on_stop=sockets.abort_all,
            grace_s=STOP_GRACE_S,
            name="readiness-librespeed",
        )
        status, reason = self._judge(found, settled.outcome, settled.error)
        download, upload = found.results.get(Phase.DOWNLOAD), found.results.get(Phase.UPLOAD)
        return Attempt(
            backend=self.name,
            server=self.server,
            status=status,
            started_at=started_at,
            duration_s=round(time.monotonic() - started, 2),
            reason=english(reason),
            reason_message=reason,
            download_mbps=download.mbps if download else None,
            upload_mbps=upload.mbps if upload else None,
            rtt_ms=found.ping_ms,
            jitter_ms=found.jitter_ms,
            target=found.endpoints.base.base if found.endpoints else self._server.base,
            method="librespeed-http",
        )

    def _measure(
        self, found: _Progress, report: SampleSink, sockets: SocketRegistry, deadline: Deadline
    ) -> None:
        if self._endpoints is None:
            self._discover(Deadline(min(5.0, deadline.remaining())), sockets.child())
        assert self._endpoints is not None  # _discover raised otherwise
        address, endpoints = self._endpoints
        found.endpoints = endpoints
        server = endpoints.base
        report(SpeedSample(Phase.PING, None, 0.0, 0.0, self.name))
        samples = http_ping(
            server,
            address,
            endpoints.empty,
            count=self.options.ping_count,
            timeout_s=self._timeout(deadline),
            sockets=sockets.child(),
        )
        if samples:
            found.ping_ms = round(min(samples), 2)
            jitter = librespeed_jitter(samples)
            found.jitter_ms = round(jitter, 2) if jitter is not None else None
        for phase, path in ((Phase.DOWNLOAD, endpoints.garbage), (Phase.UPLOAD, endpoints.empty)):
            if sockets.stopped.is_set():
                return
            report(SpeedSample(phase, None, 0.0, 0.0, self.name))  # the line is quiet here
            if phase is Phase.UPLOAD:
                failed = warm_up(server, address, path, self._timeout(deadline), sockets.child())
                if failed is not None:
                    found.results[phase] = TransferResult(None, 0.0, 0, failed, False)
                    return
            found.results[phase] = run_transfer(
                self.options.plan(phase),
                server=server,
                address=address,
                path=path,
                stop=sockets.stopped,
                sockets=sockets,
                report=report,
                backend=self.name,
                deadline=deadline,
            )

    def _timeout(self, deadline: Deadline) -> float:
        return max(0.1, min(self.options.io_timeout_s, deadline.remaining()))

    def _judge(
        self, found: _Progress, outcome: Outcome, error: BaseException | None
    ) -> tuple[ConnectionStatus, Message]:
        directions = list(found.results.values())
        measured = any(d.mbps is not None for d in directions)
        if outcome is Outcome.CANCELLED:
            return ConnectionStatus.CANCELLED, M_("The test was cancelled.")
        if outcome is Outcome.DEADLINE:
            if measured:
                return ConnectionStatus.PARTIAL, M_(
                    "The test reached its time limit; the figures cover the part that finished."
                )
            return ConnectionStatus.TIMEOUT, M_(
                "{what} did not finish the test in time.", what=self._label.start
            )
        if isinstance(error, _Failure):
            return error.status, error.reason
        if error is not None:
            return classify_error(error, self._label)
        interruptions = sum(d.interruptions for d in directions)
        failures = [d.failure for d in directions if d.failure is not None]
        if failures and not measured:
            return failures[0]
        if not measured:
            if interruptions:
                return ConnectionStatus.ERROR, MN_(
                    "The connection was cut off {count} time before a steady speed could be "
                    "measured.",
                    "The connection was cut off {count} times before a steady speed could be "
                    "measured.",
                    count=interruptions,
                )
            return ConnectionStatus.TIMEOUT, M_(
                "{what} sent no test data within {s:g} s.",
                what=self._label.start,
                s=self.options.duration_s,
            )
        notes: list[Message] = []
        if interruptions:
            notes.append(
                MN_(
                    "The connection was cut off {count} time during the test.",
                    "The connection was cut off {count} times during the test.",
                    count=interruptions,
                )
            )
        notes.extend(failure[1] for failure in failures)
        for name, phase in ((N_("download"), Phase.DOWNLOAD), (N_("upload"), Phase.UPLOAD)):
            direction = found.results.get(phase)
            if direction is None or direction.mbps is None:
                notes.append(M_("The {direction} could not be measured.", direction=Message(name)))
        if notes:
            notes.append(M_("The figures cover the part that worked."))
            return ConnectionStatus.PARTIAL, joined(tuple(notes))
        where = found.endpoints.base.base if found.endpoints else self._server.base
        return ConnectionStatus.OK, M_(
            "Measured with {what} at {url}.", what=self._label.inside, url=where
        )
