"""The LibreSpeed-compatible backend against the loopback server: accuracy, paths and faults."""

from __future__ import annotations

import threading
import time

import pytest

from readiness.checks.connection.librespeed import LibreSpeedBackend, LibreSpeedOptions
from readiness.checks.connection.model import Attempt, ConnectionStatus, Phase, SpeedSample
from readiness.concurrency import Deadline
from readiness.progress import CancelToken
from tests.servers.faults import Fault, FaultPlan, failing_resolver, loopback_resolver

from .conftest import ServerFactory

QUICK = LibreSpeedOptions(duration_s=0.5, ping_count=3, overhead_factor=1.0, io_timeout_s=2)


def run(
    backend: LibreSpeedBackend,
    *,
    seconds: float = 15,
    cancel: CancelToken | None = None,
    samples: list[SpeedSample] | None = None,
) -> Attempt:
    sink = samples.append if samples is not None else (lambda s: None)
    return backend.run(sink, cancel or CancelToken(), Deadline(seconds))


def test_paced_rates_are_measured_within_15_percent(speed_server: ServerFactory) -> None:
    server = speed_server(rate_mbps=40, upload_rate_mbps=16)
    options = LibreSpeedOptions(duration_s=1.5, ping_count=4, overhead_factor=1.0)
    samples: list[SpeedSample] = []
    attempt = run(LibreSpeedBackend(server.url, options=options), samples=samples)
    assert attempt.status is ConnectionStatus.OK, attempt.reason
    assert attempt.download_mbps == pytest.approx(40, rel=0.15)
    assert attempt.upload_mbps == pytest.approx(16, rel=0.15)
    assert attempt.rtt_ms is not None and attempt.jitter_ms is not None
    phases = {s.phase for s in samples}
    assert {Phase.PING, Phase.DOWNLOAD, Phase.UPLOAD} <= phases
    live = [s.mbps for s in samples if s.phase is Phase.DOWNLOAD and s.mbps]
    assert live and max(live) < 80  # the live figure tracks the paced rate too
    assert server.requests["garbage"] >= 6  # parallel streams
    assert server.requests["empty_post"] >= 3


@pytest.mark.parametrize("layout", ["backend/", ""])
def test_endpoints_are_found_with_or_without_php(speed_server: ServerFactory, layout: str) -> None:
    server = speed_server()
    # a URL that points at the backend folder itself finds "<base>/garbage.php" etc.
    attempt = run(LibreSpeedBackend(server.url + layout, options=QUICK))
    assert attempt.status is ConnectionStatus.OK, attempt.reason
    assert attempt.download_mbps and attempt.upload_mbps


def test_a_named_server_is_reached_through_the_injected_resolver(
    speed_server: ServerFactory,
) -> None:
    server = speed_server()
    backend = LibreSpeedBackend(
        f"http://speed.agency.test:{server.port}/",
        options=QUICK,
        resolver=loopback_resolver("speed.agency.test"),
    )
    attempt = run(backend)
    assert attempt.status is ConnectionStatus.OK
    assert attempt.server == f"speed.agency.test:{server.port}"


def test_dns_failure_is_offline() -> None:
    backend = LibreSpeedBackend(
        "https://speed.agency.test/", options=QUICK, resolver=failing_resolver
    )
    attempt = run(backend)
    assert attempt.status is ConnectionStatus.OFFLINE


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        (Fault.FORBIDDEN, ConnectionStatus.BLOCKED),
        (Fault.CAPTIVE_PORTAL, ConnectionStatus.CAPTIVE_PORTAL),
    ],
)
def test_faults_become_statuses(
    speed_server: ServerFactory, fault: Fault, status: ConnectionStatus
) -> None:
    server = speed_server(faults=FaultPlan(fault))
    attempt = run(LibreSpeedBackend(server.url, options=QUICK))
    assert attempt.status is status
    assert attempt.download_mbps is None


def test_a_download_file_that_refuses_is_found_out_first(speed_server: ServerFactory) -> None:
    server = speed_server(faults=FaultPlan(Fault.FORBIDDEN, endpoints=frozenset({"garbage"})))
    attempt = run(LibreSpeedBackend(server.url, options=QUICK))
    assert attempt.status is ConnectionStatus.BLOCKED
    assert attempt.download_mbps is None
    assert "HTTP 403" in attempt.reason


def test_a_download_refused_after_a_good_start_leaves_a_partial_result(
    speed_server: ServerFactory,
) -> None:
    server = speed_server()
    backend = LibreSpeedBackend(server.url, options=QUICK)
    assert backend.preflight(CancelToken(), 2).status is ConnectionStatus.OK
    server.faults = FaultPlan(Fault.FORBIDDEN, endpoints=frozenset({"garbage"}))
    attempt = run(backend)
    assert attempt.status is ConnectionStatus.PARTIAL  # upload still measured
    assert attempt.download_mbps is None and attempt.upload_mbps
    assert "HTTP 403" in attempt.reason


def test_resets_before_a_steady_reading_give_no_figure(speed_server: ServerFactory) -> None:
    # finding: cut off before the grace time, it reported 52 Mbit/s on a loopback that
    # carries Gbit/s (an average of start-up and reconnects); now it says "not measured"
    server = speed_server()
    options = LibreSpeedOptions(duration_s=3, ping_count=3, io_timeout_s=2)
    backend = LibreSpeedBackend(server.url, options=options)
    assert backend.preflight(CancelToken(), 2).status is ConnectionStatus.OK
    server.faults = FaultPlan(Fault.RESET, reset_after_bytes=512 * 1024)
    attempt = run(backend)
    assert attempt.download_mbps is None and attempt.upload_mbps is None
    assert attempt.status is ConnectionStatus.ERROR
    assert "before a steady speed could be measured" in attempt.reason


def test_a_tarpit_ends_as_timeout_by_the_deadline(speed_server: ServerFactory) -> None:
    server = speed_server(
        faults=FaultPlan(Fault.TARPIT, endpoints=frozenset({"garbage", "empty_post"}))
    )
    started = time.monotonic()
    attempt = run(
        LibreSpeedBackend(server.url, options=LibreSpeedOptions(duration_s=10)), seconds=1.0
    )
    elapsed = time.monotonic() - started
    assert attempt.status is ConnectionStatus.TIMEOUT
    assert elapsed < 1.0 + 1.0


def test_cancel_stops_within_one_second(speed_server: ServerFactory) -> None:
    server = speed_server(rate_mbps=10)
    cancel = CancelToken()
    threading.Timer(0.8, cancel.cancel).start()
    started = time.monotonic()
    attempt = run(
        LibreSpeedBackend(server.url, options=LibreSpeedOptions(duration_s=10)), cancel=cancel
    )
    assert attempt.status is ConnectionStatus.CANCELLED
    assert time.monotonic() - started < 0.8 + 1.0


def test_a_server_that_is_not_librespeed_is_named(speed_server: ServerFactory) -> None:
    server = speed_server(faults=FaultPlan(Fault.NOT_FOUND, endpoints=frozenset({"empty"})))
    attempt = run(LibreSpeedBackend(server.url, options=QUICK))
    assert attempt.status is ConnectionStatus.NO_SERVERS
    assert "has no LibreSpeed test files" in attempt.reason
    assert "https://speed.example.org/backend/" in attempt.reason  # the forms that work


def test_the_steady_rate_is_the_slope_not_the_average() -> None:
    from readiness.checks.connection.transfer import steady_rate

    line = [(t / 5, int(1_000_000 * t / 5)) for t in range(30)]  # 1 MB/s
    assert steady_rate(line) == pytest.approx(1_000_000)
    burst = [(t, b + (60_000 if t > 0 else 0)) for t, b in line]  # a queue emptied at once
    average = (burst[-1][1] - burst[0][1]) / (burst[-1][0] - burst[0][0])
    assert abs(steady_rate(burst) - 1_000_000) < abs(average - 1_000_000)
    assert steady_rate(line[:1]) == 0.0


def test_data_held_up_at_the_start_is_left_out() -> None:
    from readiness.checks.connection.transfer import steady_rate

    # 1 MB/s, but 150 kB that arrived out of order before the window is handed over
    # at once in its first second, when the lost packet is resent
    line = [(t / 5, int(1_000_000 * t / 5) + (150_000 if t >= 5 else 0)) for t in range(30)]
    assert steady_rate(line) > 1_020_000  # the slope still feels the step
    assert steady_rate(line, leave_out=1 / 3) == pytest.approx(1_000_000)


def test_resets_after_a_steady_reading_keep_the_rate_that_was_seen(
    speed_server: ServerFactory,
) -> None:
    # finding: a reset mid-download gave an average inflated by start-up and reconnects;
    # now the figure is the steady rate around the cut-offs, and the reason says so
    server = speed_server(
        rate_mbps=40,
        faults=FaultPlan(
            Fault.RESET, endpoints=frozenset({"garbage"}), reset_after_bytes=2 * 1024 * 1024
        ),
    )
    options = LibreSpeedOptions(duration_s=3, ping_count=3, io_timeout_s=2, overhead_factor=1.0)
    attempt = run(LibreSpeedBackend(server.url, options=options))
    assert attempt.status is ConnectionStatus.PARTIAL, attempt.reason
    assert "cut off" in attempt.reason
    assert attempt.download_mbps == pytest.approx(40, rel=0.15)
