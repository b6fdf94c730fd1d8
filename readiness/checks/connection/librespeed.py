"""The LibreSpeed-compatible backend: a stdlib client for an agency's own speed-test server.

Works with the LibreSpeed PHP backend and with speedtest-go / the Rust server
(``garbage``, ``empty`` and ``getIP``, with or without ``backend/`` and ``.php``).
It mirrors LibreSpeed's reference client (``speedtest_worker.js``): ping and jitter
from ten sequential ``empty`` requests, then parallel download and upload streams
with a grace time, results scaled by the 1.06 overhead factor LibreSpeed uses to
report line rate rather than payload rate. LibreSpeed measures no packet loss; the
runner adds it with the latency probe.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field

from readiness.checks.connection.backend import (
    STOP_GRACE_S,
    Expect,
    ProbeTarget,
    SocketRegistry,
)
from readiness.checks.connection.latency import http_ping, librespeed_jitter
from readiness.checks.connection.model import (
    Attempt,
    ConnectionStatus,
    Phase,
    SampleSink,
    SpeedSample,
)
from readiness.checks.connection.settings import parse_server_url
from readiness.checks.connection.transfer import (
    TransferPlan,
    TransferResult,
    run_transfer,
    warm_up,
)
from readiness.checks.connection.transport import (
    Resolver,
    captive_reason,
    classify_error,
    classify_status,
    looks_like_html,
    open_connection,
    resolve,
    system_resolver,
)
from readiness.concurrency import Deadline, Outcome, run_supervised
from readiness.messages import M_, MN_, N_, Message, english, joined
from readiness.model import utc_now
from readiness.progress import CancelToken

ENDPOINT_STYLES = (("backend/", ".php"), ("", ".php"), ("backend/", ""), ("", ""))
"""Where LibreSpeed servers keep their endpoints, tried in this order."""


@dataclass(frozen=True)
class LibreSpeedOptions:
    """LibreSpeed's reference-client settings; ``duration_s`` caps each direction."""

    duration_s: float = 10.0
    download_streams: int = 6
    upload_streams: int = 3
    stream_delay_s: float = 0.3
    download_grace_s: float = 1.5
    upload_grace_s: float = 3.0
    ping_count: int = 10
    overhead_factor: float = 1.06
    time_auto: bool = True
    io_timeout_s: float = 5.0
    chunk_mib: int = 100
    upload_bytes: int = 20 * 1024 * 1024

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
        )


class _Failure(Exception):
    def __init__(self, status: ConnectionStatus, reason: Message) -> None:
        super().__init__(reason.msgid)
        self.status = status
        self.reason = reason


@dataclass
class _Progress:
    """What the run has found so far (read by ``run`` when it stops early)."""

    paths: dict[str, str] = field(default_factory=dict)
    ping_ms: float | None = None
    jitter_ms: float | None = None
    download: TransferResult | None = None
    upload: TransferResult | None = None


class LibreSpeedBackend:
    """Measures against a LibreSpeed-compatible server at ``server_url``."""

    name = "librespeed"

    def __init__(
        self,
        server_url: str,
        *,
        options: LibreSpeedOptions | None = None,
        resolver: Resolver = system_resolver,
        label: str | Message | None = None,
    ) -> None:
        self._server = parse_server_url(server_url, M_("agency speed-test server"))
        self.options = options or LibreSpeedOptions()
        self._resolver = resolver
        self._label: str | Message = label or M_("the agency test server")

    @property
    def server(self) -> str:
        server = self._server
        return server.host if server.port in (80, 443) else f"{server.host}:{server.port}"

    @property
    def probes(self) -> tuple[ProbeTarget, ...]:
        return (ProbeTarget(self._server.join("backend/empty.php"), Expect.EMPTY, self._label),)

    def run(self, report: SampleSink, cancel: CancelToken, deadline: Deadline) -> Attempt:
        started_at, started = utc_now(), time.monotonic()
        found = _Progress()
        stop = threading.Event()
        sockets = SocketRegistry()

        def halt() -> None:
            stop.set()
            sockets.abort_all()

        settled = run_supervised(
            lambda: self._measure(found, report, stop, sockets, deadline),
            deadline,
            cancel,
            on_stop=halt,
            grace_s=STOP_GRACE_S,
            name="readiness-librespeed",
        )
        status, reason = self._judge(found, settled.outcome, settled.error)
        return Attempt(
            backend=self.name,
            server=self.server,
            status=status,
            started_at=started_at,
            duration_s=round(time.monotonic() - started, 2),
            reason=english(reason),
            reason_message=reason,
            download_mbps=found.download.mbps if found.download else None,
            upload_mbps=found.upload.mbps if found.upload else None,
            rtt_ms=found.ping_ms,
            jitter_ms=found.jitter_ms,
            target=self._server.base,
            method="librespeed-http",
        )

    def _measure(
        self,
        found: _Progress,
        report: SampleSink,
        stop: threading.Event,
        sockets: SocketRegistry,
        deadline: Deadline,
    ) -> None:
        try:
            address = resolve(self._server.host, self._resolver, min(3.0, deadline.remaining()))
        except OSError as exc:
            raise _Failure(*classify_error(exc, self._label)) from exc
        found.paths = self._discover(address, deadline)
        report(SpeedSample(Phase.PING, None, 0.0, 0.0, self.name))
        samples = http_ping(
            self._server,
            address,
            found.paths["empty"],
            count=self.options.ping_count,
            timeout_s=self._timeout(deadline),
            stop=stop,
            sockets=sockets,
        )
        if samples:
            found.ping_ms = round(min(samples), 2)
            jitter = librespeed_jitter(samples)
            found.jitter_ms = round(jitter, 2) if jitter is not None else None
        for phase, key in ((Phase.DOWNLOAD, "garbage"), (Phase.UPLOAD, "empty")):
            if stop.is_set():
                return
            if phase is Phase.UPLOAD:
                failed = warm_up(
                    self._server, address, found.paths[key], self._timeout(deadline), sockets
                )
                if failed is not None:
                    found.upload = TransferResult(None, 0.0, 0, failed, False)
                    return
            result = run_transfer(
                self.options.plan(phase),
                server=self._server,
                address=address,
                path=found.paths[key],
                stop=stop,
                sockets=sockets,
                report=report,
                backend=self.name,
                deadline=deadline,
            )
            if phase is Phase.DOWNLOAD:
                found.download = result
            else:
                found.upload = result

    def _timeout(self, deadline: Deadline) -> float:
        return max(0.1, min(self.options.io_timeout_s, deadline.remaining()))

    def _discover(self, address: str, deadline: Deadline) -> dict[str, str]:
        """Find the endpoint layout by asking ``getIP`` in each known place."""
        base = self._server.path
        for prefix, suffix in ENDPOINT_STYLES:
            path = f"{base}{prefix}getIP{suffix}"
            connection = open_connection(self._server, address, self._timeout(deadline))
            try:
                connection.request("GET", path, headers={"Cache-Control": "no-cache"})
                response = connection.getresponse()
                body = response.read(64 * 1024)
            except (OSError, http.client.HTTPException) as exc:
                raise _Failure(*classify_error(exc, self._label)) from exc
            finally:
                connection.close()
            refused = classify_status(response.status, self._label)
            if refused:
                raise _Failure(*refused)
            content_type = response.getheader("Content-Type", "") or ""
            if response.status == 200 and looks_like_html(content_type, body):
                raise _Failure(ConnectionStatus.CAPTIVE_PORTAL, captive_reason(self._label))
            if response.status == 200 and _is_getip(body):
                return {
                    name: f"{base}{prefix}{name}{suffix}" for name in ("garbage", "empty", "getIP")
                }
        raise _Failure(
            ConnectionStatus.NO_SERVERS,
            M_(
                "{what} at {url} does not look like a LibreSpeed server (no getIP answer).",
                what=self._label,
                url=self._server.base,
            ),
        )

    def _judge(
        self, found: _Progress, outcome: Outcome, error: BaseException | None
    ) -> tuple[ConnectionStatus, Message]:
        directions = [d for d in (found.download, found.upload) if d is not None]
        measured = any(d.mbps is not None for d in directions)
        if outcome is Outcome.CANCELLED:
            return ConnectionStatus.CANCELLED, M_("The test was cancelled.")
        if outcome is Outcome.DEADLINE:
            if measured:
                return ConnectionStatus.PARTIAL, M_(
                    "The test reached its time limit; the figures cover the part that finished."
                )
            return ConnectionStatus.TIMEOUT, M_(
                "{what} did not finish the test in time.", what=self._label
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
            return ConnectionStatus.TIMEOUT, M_(
                "{what} sent no test data within {s:g} s.",
                what=self._label,
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
        for name, direction in ((N_("download"), found.download), (N_("upload"), found.upload)):
            if direction is None or direction.mbps is None:
                notes.append(M_("The {direction} could not be measured.", direction=Message(name)))
        if notes:
            notes.append(M_("The figures cover the part that worked."))
            return ConnectionStatus.PARTIAL, joined(tuple(notes))
        return ConnectionStatus.OK, M_("Measured with {what}.", what=self._label)


def _is_getip(body: bytes) -> bool:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return bool(body.strip()) and not body.lstrip().startswith(b"<")  # plain-text IP
    return isinstance(data, dict) and "processedString" in data
