"""Runs a whole connection test: backends in order with fallback, then latency, one result.

``run_connection_test`` is a plain function for a worker thread: it reports progress
and live samples, honours the ``CancelToken`` within a second and returns by the
overall deadline. Each backend stands on its own (its preflight, then its test), and
the next one is contacted only when it failed: with the agency's server working,
speedtest.net is never contacted. Round trip, jitter and loss come from the latency
probe's train, run after the transfers ended. Every attempt (including preflight
refusals and the latency probe) is kept in the result. ``check_connection`` builds the backends from
``ConnectionSettings`` and runs them; the CLI and the connection page use it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from readiness.checks.connection.backend import BandwidthBackend
from readiness.checks.connection.latency import LatencyProbe
from readiness.checks.connection.librespeed import LibreSpeedBackend, LibreSpeedOptions
from readiness.checks.connection.model import (
    FAILURE_PRIORITY,
    Attempt,
    ConnectionResult,
    ConnectionStatus,
    Phase,
    SampleSink,
    SpeedSample,
    ignore_sample,
)
from readiness.checks.connection.preflight import PREFLIGHT_TIMEOUT_S
from readiness.checks.connection.settings import ConnectionSettings
from readiness.checks.connection.transport import Resolver, system_resolver
from readiness.concurrency import Deadline
from readiness.messages import M_, Message, english, joined
from readiness.model import utc_now
from readiness.progress import CancelToken, Progress, no_progress

LatencyFactory = Callable[[Attempt], LatencyProbe | None]
OK = ConnectionStatus.OK

_SPANS = {
    Phase.PREFLIGHT: (0.0, 0.05),
    Phase.PING: (0.05, 0.1),
    Phase.DOWNLOAD: (0.1, 0.5),
    Phase.UPLOAD: (0.5, 0.9),
    Phase.LATENCY: (0.9, 1.0),
}


def describe_sample(sample: SpeedSample) -> Message:
    """A short progress message for a live sample."""
    speed = round(sample.mbps, 1) if sample.mbps is not None else None
    if sample.phase is Phase.DOWNLOAD:
        if speed is None:
            return M_("Testing download…")
        return M_("Testing download: {speed} Mbit/s", speed=speed)
    if sample.phase is Phase.UPLOAD:
        if speed is None:
            return M_("Testing upload…")
        return M_("Testing upload: {speed} Mbit/s", speed=speed)
    if sample.phase is Phase.PING:
        return M_("Measuring the round trip…")
    if sample.phase is Phase.LATENCY:
        return M_("Measuring latency and packet loss…")
    return M_("Checking the network…")


class _Reporter:
    """Forwards live samples and turns them into (throttled) overall progress."""

    def __init__(self, progress: Progress, on_sample: SampleSink, every_s: float = 0.1) -> None:
        self._progress = progress
        self._on_sample = on_sample
        self._every_s = every_s
        self._lock = threading.Lock()
        self._last: tuple[float, Phase | None] = (0.0, None)

    def __call__(self, sample: SpeedSample) -> None:
        now = time.monotonic()
        with self._lock:
            last_time, last_phase = self._last
            if (
                sample.phase is last_phase
                and now - last_time < self._every_s
                and sample.fraction < 1
            ):
                return
            self._last = (now, sample.phase)
        low, high = _SPANS[sample.phase]
        self._on_sample(sample)
        self._progress(
            low + (high - low) * min(max(sample.fraction, 0.0), 1.0), describe_sample(sample)
        )


def run_connection_test(
    backends: Sequence[BandwidthBackend],
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    on_sample: SampleSink = ignore_sample,
    deadline_s: float = 60.0,
    preflight_timeout_s: float = PREFLIGHT_TIMEOUT_S,
    resolver: Resolver = system_resolver,
    latency: LatencyFactory | None = None,
) -> ConnectionResult:
    """Test the connection with ``backends`` in order until one succeeds; see the module doc.

    Each backend stands on its own: its own preflight, then its test; a later backend
    is contacted only when the ones before it failed.
    """
    cancel = cancel or CancelToken()
    started_at, started = utc_now(), time.monotonic()
    deadline = Deadline(deadline_s)
    report = _Reporter(progress, on_sample)
    attempts: list[Attempt] = []
    for backend in backends:
        if cancel.is_set() or deadline.expired:
            break
        report(SpeedSample(Phase.PREFLIGHT, None, 0.0, time.monotonic() - started))
        checked = backend.preflight(cancel, min(preflight_timeout_s, deadline.remaining()))
        report(SpeedSample(Phase.PREFLIGHT, None, 1.0, time.monotonic() - started))
        if checked.status is not OK:
            attempts.append(
                Attempt(
                    backend.name,
                    backend.server,
                    checked.status,
                    started_at,
                    round(checked.elapsed_s, 2),
                    checked.reason,
                    target=checked.url,
                    method="preflight",
                    reason_message=checked.message,
                )
            )
            continue
        attempt = backend.run(report, cancel, deadline)
        attempts.append(attempt)
        if attempt.status in (OK, ConnectionStatus.CANCELLED):
            break
    cancelled = M_("The test was cancelled.")
    if cancel.is_set() and not any(a.status is ConnectionStatus.CANCELLED for a in attempts):
        attempts.append(
            Attempt(
                "",
                "",
                ConnectionStatus.CANCELLED,
                started_at,
                0.0,
                english(cancelled),
                reason_message=cancelled,
            )
        )
    chosen = _choose(attempts)
    latency_attempt = None
    if chosen is not None and not cancel.is_set() and deadline.remaining() > 1.5:
        probe = (latency or _default_latency(resolver))(chosen)
        if probe is not None:
            latency_attempt = probe.run(report, cancel, deadline)
            attempts.append(latency_attempt)
    result = _combine(chosen, latency_attempt, attempts, started_at, time.monotonic() - started)
    if cancel.is_set():  # whatever was measured stays visible, but it is not a finished test
        result = replace(
            result,
            status=ConnectionStatus.CANCELLED,
            reason=english(cancelled),
            reason_message=cancelled,
        )
    return result


def _default_latency(resolver: Resolver) -> LatencyFactory:
    def factory(attempt: Attempt) -> LatencyProbe | None:
        if not attempt.target:
            return None
        return LatencyProbe(attempt.target, resolver=resolver, rtt_hint_ms=attempt.rtt_ms)

    return factory


def _choose(attempts: Sequence[Attempt]) -> Attempt | None:
    for wanted in (ConnectionStatus.OK, ConnectionStatus.PARTIAL):
        for attempt in attempts:
            if attempt.status is wanted and attempt.has_speeds:
                return attempt
    return None


def _combine(
    chosen: Attempt | None,
    latency: Attempt | None,
    attempts: Sequence[Attempt],
    started_at: datetime,
    duration_s: float,
) -> ConnectionResult:
    if chosen is None:
        statuses = [a.status for a in attempts]
        status = next((s for s in FAILURE_PRIORITY if s in statuses), ConnectionStatus.ERROR)
        why = next(
            (a.message for a in attempts if a.status is status),
            M_("No speed test is set up: add the agency's server in Settings."),
        )
        if not attempts:
            status = ConnectionStatus.NO_SERVERS
        return ConnectionResult(
            status=status,
            measured_at=started_at,
            duration_s=round(duration_s, 2),
            reason=english(why),
            attempts=tuple(attempts),
            reason_message=why,
        )
    rtt, jitter, method = chosen.rtt_ms, chosen.jitter_ms, chosen.method
    loss, loss_range, loss_probes = None, None, 0
    if latency is not None and latency.status is ConnectionStatus.OK:
        # the probe train ran on a quiet line: its round trip and jitter replace the ping's
        rtt, jitter, method = latency.rtt_ms, latency.jitter_ms, latency.method
        loss, loss_range, loss_probes = latency.loss_pct, latency.loss_range, latency.loss_probes
    why = chosen.message
    skipped = [a for a in attempts if a is not chosen and a is not latency and a.backend]
    if skipped:
        tried = "; ".join(f"{a.backend} ({a.status.value})" for a in skipped)
        why = joined((why, M_("Also tried: {list}.", list=tried)))
    return ConnectionResult(
        status=chosen.status,
        measured_at=started_at,
        duration_s=round(duration_s, 2),
        reason=english(why),
        reason_message=why,
        download_mbps=chosen.download_mbps,
        upload_mbps=chosen.upload_mbps,
        rtt_ms=rtt,
        jitter_ms=jitter,
        loss_pct=loss,
        loss_range=loss_range,
        loss_probes=loss_probes,
        speed_scale=chosen.speed_scale,
        backend=chosen.backend,
        server=chosen.server,
        attempts=tuple(attempts),
        latency_method=method,
    )


def backends_from_settings(
    settings: ConnectionSettings, *, resolver: Resolver = system_resolver
) -> list[BandwidthBackend]:
    """The backends ``settings`` ask for, in order (LibreSpeed only when a server is set)."""
    backends: list[BandwidthBackend] = []
    for name in settings.backend_order:
        if name == "librespeed" and settings.server_url:
            options = LibreSpeedOptions(duration_s=settings.duration_s)
            backends.append(
                LibreSpeedBackend(settings.server_url, options=options, resolver=resolver)
            )
        elif name == "speedtest":
            from readiness.checks.connection.speedtest_backend import (
                SpeedtestBackend,
                SpeedtestOptions,
            )

            options_st = SpeedtestOptions(mini_url=settings.speedtest_mini_url)
            backends.append(SpeedtestBackend(options_st, resolver=resolver))
    return backends


def check_connection(
    settings: ConnectionSettings,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    on_sample: SampleSink = ignore_sample,
    *,
    resolver: Resolver = system_resolver,
) -> ConnectionResult:
    """Run the connection test the way ``settings`` describe."""
    udp = settings.udp_echo

    def latency(attempt: Attempt) -> LatencyProbe | None:
        if not (attempt.target or udp):
            return None
        return LatencyProbe(
            attempt.target or None, udp_echo=udp, resolver=resolver, rtt_hint_ms=attempt.rtt_ms
        )

    return run_connection_test(
        backends_from_settings(settings, resolver=resolver),
        progress=progress,
        cancel=cancel,
        on_sample=on_sample,
        deadline_s=settings.deadline_s,
        resolver=resolver,
        latency=latency,
    )
