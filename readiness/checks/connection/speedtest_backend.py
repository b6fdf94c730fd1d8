"""The speedtest-cli backend: speedtest.net's public servers (or a Speedtest Mini server).

speedtest-cli 2.1.3 is unmaintained and talks to speedtest.net in its constructor,
so it is built on the worker, in secure mode, with a short socket timeout; the
overall deadline and cancel act through its shutdown event (a ``CancelToken``,
which has the ``isSet`` it polls). ``Speedtest.__init__`` is re-stated here (it is
short and frozen in 2.1.3) so the hooks handler is in place before the first
request and the results object uses a timezone-aware clock. Results are never
shared: ``share()`` raises, and the hooks refuse speedtest.net's results API.

A Speedtest Mini server is used with ``MINI_CONFIG`` (speedtest.net's own published
settings), so it works without speedtest.net. Each direction lasts at most
``SpeedtestOptions.length_s``, and an upload counts only what arrived by then
(``speedtest_uploads``). speedtest-cli reports payload rates (goodput); they are
scaled by ``LINE_RATE_FACTOR`` onto the line-rate scale every backend reports on.
speedtest-cli reports half the HTTP round trip as "ping"; RTT and jitter here come
from our own HTTP ping instead.
"""

from __future__ import annotations

import copy
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from readiness.checks.connection.backend import (
    STOP_GRACE_S,
    Expect,
    PreflightResult,
    ProbeTarget,
)
from readiness.checks.connection.failures import MINI_SERVER, SPEEDTEST_NET, ServerLabel
from readiness.checks.connection.latency import http_ping, librespeed_jitter
from readiness.checks.connection.model import (
    Attempt,
    ConnectionStatus,
    Phase,
    SampleSink,
    SpeedSample,
)
from readiness.checks.connection.preflight import first_problem, preflight
from readiness.checks.connection.settings import parse_server_url
from readiness.checks.connection.speedtest_errors import classify_speedtest_error
from readiness.checks.connection.speedtest_hooks import SpeedtestHooks
from readiness.checks.connection.speedtest_module import speedtest
from readiness.checks.connection.speedtest_uploads import cut_off_handlers
from readiness.checks.connection.transport import (
    Resolver,
    SocketRegistry,
    resolve,
    system_resolver,
)
from readiness.concurrency import Deadline, run_supervised
from readiness.messages import M_, english
from readiness.model import LINE_RATE_FACTOR, utc_now
from readiness.progress import CancelToken

CONFIG_URL = "https://www.speedtest.net/speedtest-config.php"

MINI_CONFIG: Mapping[str, Any] = {
    "client": {"ip": "", "lat": "0", "lon": "0", "isp": ""},
    "ignore_servers": [],
    "sizes": {
        "upload": [524288, 1048576, 7340032],
        "download": [350, 500, 750, 1000, 1500, 2000, 2500, 3000, 3500, 4000],
    },
    "counts": {"upload": 17, "download": 4},
    "threads": {"upload": 2, "download": 8},
    "length": {"upload": 10, "download": 10},
    "upload_max": 51,
}
"""What speedtest-cli 2.1.3 makes of speedtest.net's configuration (download and upload
test length 10 s, 4 downloads per size, upload ratio 5, 50 upload chunks, 2 upload and
4x2 download threads; research checks.md section 1.1), for a Mini server without
speedtest.net."""


class _Results(speedtest.SpeedtestResults):  # type: ignore[misc]
    """speedtest-cli's results without the deprecated clock and without sharing."""

    def __init__(self, client: Any, opener: Any) -> None:
        self.download = self.upload = self.ping = 0
        self.server: dict[str, Any] = {}
        self.client = client or {}
        self._share = None
        self.timestamp = datetime.now(UTC).isoformat()
        self.bytes_received = self.bytes_sent = 0
        self._opener = opener
        self._secure = True

    def share(self) -> str:
        raise speedtest.ShareResultsConnectFailure("sharing is disabled in Readiness")


class _Speedtest(speedtest.Speedtest):  # type: ignore[misc]
    def __init__(
        self,
        *,
        hooks: SpeedtestHooks,
        timeout: float,
        stop: threading.Event,
        config: Any,
        length_s: float,
    ) -> None:
        self.config: dict[str, Any] = {}
        self._source_address = None
        self._timeout = timeout
        self._opener = speedtest.build_opener(None, timeout)
        for handler in (hooks, *cut_off_handlers(timeout)):
            self._opener.add_handler(handler)
        self._secure = True
        self._shutdown_event = stop
        self._canned = config
        self.get_config()
        for direction, configured in self.config["length"].items():
            self.config["length"][direction] = min(float(configured), length_s)
        self.servers: dict[float, list[dict[str, Any]]] = {}
        self.closest: list[dict[str, Any]] = []
        self._best: dict[str, Any] = {}
        self.results = _Results(self.config["client"], self._opener)

    def get_config(self) -> Any:
        if self._canned is None:
            return super().get_config()
        self.config.update(copy.deepcopy(dict(self._canned)))
        self.lat_lon = (0.0, 0.0)
        return self.config


@dataclass(frozen=True)
class SpeedtestOptions:
    """``mini_url``: a Speedtest Mini server instead of the public list.
    ``speedtest_net_base``: send speedtest.net requests there instead (tests, mirrors).
    ``config``: a ready configuration, so the constructor contacts nobody (tests).
    ``length_s``: the most seconds per direction. speedtest.net asks for 10; 6 reads
    shaped links from 5 to 100 Mbit/s within 3 % of the 10 s figures
    (``tests/bench/bench_bandwidth.py``), as the LibreSpeed backend does."""

    timeout_s: float = 8.0
    length_s: float = 6.0
    mini_url: str | None = None
    speedtest_net_base: str | None = None
    config: Mapping[str, Any] | None = None
    ping_count: int = 6


@dataclass
class _State:
    stage: str = "config"
    phase: Phase | None = None
    phase_started: float = 0.0
    length_s: float = 10.0
    server: str = ""
    server_url: str = ""
    rtt_ms: float | None = None
    jitter_ms: float | None = None
    download_mbps: float | None = None
    upload_mbps: float | None = None
    finished: list[int] = field(default_factory=lambda: [0, 0])


class SpeedtestBackend:
    """Measures with speedtest-cli; see the module docstring."""

    name = "speedtest"

    def __init__(
        self, options: SpeedtestOptions | None = None, *, resolver: Resolver = system_resolver
    ) -> None:
        self.options = options or SpeedtestOptions()
        self._resolver = resolver

    @property
    def server(self) -> str:
        return self.options.mini_url or "speedtest.net"

    @property
    def config(self) -> Mapping[str, Any] | None:
        """The ready configuration used, if any (a Mini server needs no speedtest.net)."""
        if self.options.config is not None:
            return self.options.config
        return MINI_CONFIG if self.options.mini_url else None

    @property
    def probes(self) -> tuple[ProbeTarget, ...]:
        targets = []
        if self.config is None:
            base = self.options.speedtest_net_base
            url = base.rstrip("/") + "/speedtest-config.php" if base else CONFIG_URL
            targets.append(ProbeTarget(url, Expect.XML, SPEEDTEST_NET))
        if self.options.mini_url:
            mini = parse_server_url(self.options.mini_url, M_("Speedtest Mini server"))
            targets.append(
                ProbeTarget(mini.join("speedtest/latency.txt"), Expect.LATENCY_TEXT, MINI_SERVER)
            )
        return tuple(targets)

    def preflight(self, cancel: CancelToken, timeout_s: float) -> PreflightResult:
        """Check speedtest.net's settings (or the Mini server) answer as they should."""
        results = preflight(
            self.probes, resolver=self._resolver, timeout_s=timeout_s, cancel=cancel
        )
        problem = first_problem(results)
        if problem is not None:
            return problem
        url = results[-1].url if results else self.server
        elapsed = max((result.elapsed_s for result in results), default=0.0)
        return PreflightResult(
            url, ConnectionStatus.OK, M_("{what} answered.", what=self._label.start), elapsed
        )

    @property
    def _label(self) -> ServerLabel:
        return MINI_SERVER if self.options.mini_url else SPEEDTEST_NET

    def run(self, report: SampleSink, cancel: CancelToken, deadline: Deadline) -> Attempt:
        started_at, started = utc_now(), time.monotonic()
        state = _State()
        stop = CancelToken()  # speedtest-cli's shutdown event: set on cancel or deadline
        hooks = SpeedtestHooks(self.options.speedtest_net_base)
        sockets = SocketRegistry()  # our own ping's; speedtest-cli stops through ``stop``

        def halt() -> None:
            stop.set()
            sockets.abort_all()

        settled = run_supervised(
            lambda: self._measure(
                state, hooks=hooks, report=report, stop=stop, sockets=sockets, deadline=deadline
            ),
            deadline,
            cancel,
            tick=lambda: self._emit(state, hooks, report),
            on_stop=halt,
            grace_s=STOP_GRACE_S,
            name="readiness-speedtest",
        )
        status, reason = classify_speedtest_error(
            outcome=settled.outcome,
            error=settled.error,
            stage=state.stage,
            hooks=hooks,
            measured=(state.download_mbps, state.upload_mbps),
        )
        return Attempt(
            backend=self.name,
            server=state.server or self.server,
            status=status,
            started_at=started_at,
            duration_s=round(time.monotonic() - started, 2),
            reason=english(reason),
            reason_message=reason,
            download_mbps=state.download_mbps,
            upload_mbps=state.upload_mbps,
            rtt_ms=state.rtt_ms,
            jitter_ms=state.jitter_ms,
            target=os.path.dirname(state.server_url) + "/" if state.server_url else "",
            method="speedtest-cli",
        )

    def _measure(
        self,
        state: _State,
        *,
        hooks: SpeedtestHooks,
        report: SampleSink,
        stop: CancelToken,
        sockets: SocketRegistry,
        deadline: Deadline,
    ) -> None:
        timeout = max(0.5, min(self.options.timeout_s, deadline.remaining()))
        tester = _Speedtest(
            hooks=hooks,
            timeout=timeout,
            stop=stop,
            config=self.config,
            length_s=self.options.length_s,
        )
        state.stage = "servers"
        if self.options.mini_url:
            best = tester.get_best_server(tester.set_mini_server(self.options.mini_url))
        else:
            tester.get_servers()
            best = tester.get_best_server()
        state.server = f"{best.get('sponsor', '')} ({best.get('name', '')})".strip()
        state.server_url = str(best.get("url", ""))
        state.stage = "ping"
        report(SpeedSample(Phase.PING, None, 0.0, 0.0, self.name))
        self._ping(state, float(best.get("latency", 0) or 0), sockets, deadline)

        def callback(_current: int, total: int, **flags: bool) -> None:
            if flags.get("end"):  # progress from speedtest-cli's own callbacks, from its threads
                state.finished[0], state.finished[1] = state.finished[0] + 1, total
                self._emit(state, hooks, report)

        for phase in (Phase.DOWNLOAD, Phase.UPLOAD):
            if stop.is_set():
                return
            state.stage, state.phase, state.finished = phase.value, phase, [0, 0]
            state.length_s = float(tester.config["length"][phase.value])
            state.phase_started = time.monotonic()
            if phase is Phase.DOWNLOAD:
                bits = tester.download(callback=callback)
                count = tester.results.bytes_received
            else:
                bits = tester.upload(callback=callback, pre_allocate=True)
                count = tester.results.bytes_sent
            mbps = round(float(bits) * LINE_RATE_FACTOR / 1e6, 2) if count else None
            if phase is Phase.DOWNLOAD:
                state.download_mbps = mbps
            else:
                state.upload_mbps = mbps
        state.stage, state.phase = "done", None

    def _ping(
        self, state: _State, half_rtt_ms: float, registry: SocketRegistry, deadline: Deadline
    ) -> None:
        """RTT and jitter from our own HTTP ping of the server's latency.txt."""
        try:
            server = parse_server_url(os.path.dirname(state.server_url) + "/", "server")
            address = resolve(server.host, self._resolver, min(2.0, deadline.remaining()))
            samples = http_ping(
                server,
                address,
                server.path + "latency.txt",
                count=self.options.ping_count,
                timeout_s=max(0.2, min(3.0, deadline.remaining())),
                sockets=registry,
            )
        except Exception:  # fall back to speedtest-cli's own (half-RTT) figure
            samples = []
        if samples:
            state.rtt_ms = round(min(samples), 2)
            jitter = librespeed_jitter(samples)
            state.jitter_ms = round(jitter, 2) if jitter is not None else None
        elif 0 < half_rtt_ms < 3600:
            state.rtt_ms = round(2 * half_rtt_ms, 2)

    def _emit(self, state: _State, hooks: SpeedtestHooks, report: SampleSink) -> None:
        phase = state.phase
        if phase is None:
            return
        elapsed = max(time.monotonic() - state.phase_started, 1e-3)
        count = hooks.downloaded if phase is Phase.DOWNLOAD else hooks.uploaded()
        done, total = state.finished
        fraction = min(1.0, max(elapsed / state.length_s, done / total if total else 0.0))
        mbps = count * 8 * LINE_RATE_FACTOR / elapsed / 1e6
        report(SpeedSample(phase, mbps, fraction, elapsed, self.name))
