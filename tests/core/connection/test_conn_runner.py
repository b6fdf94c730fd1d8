"""The runner: each backend on its own (preflight, then test), ordered fallback, every
attempt kept, latency from the quiet-line probe train, deadline and cancel; settings."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from readiness.checks.connection import (
    ConnectionSettings,
    ConnectionStatus,
    Phase,
    SampleSink,
    SpeedSample,
    backends_from_settings,
    check_connection,
    run_connection_test,
)
from readiness.checks.connection.backend import PreflightResult
from readiness.checks.connection.librespeed import LibreSpeedBackend, LibreSpeedOptions
from readiness.checks.connection.model import Attempt
from readiness.checks.connection.speedtest_backend import SpeedtestBackend, SpeedtestOptions
from readiness.concurrency import Deadline
from readiness.errors import ReadinessError
from readiness.messages import M_, Message, english
from readiness.model import utc_now
from readiness.progress import CancelToken
from tests.servers.faults import Fault, FaultPlan, failing_resolver, loopback_resolver

from .conftest import ServerFactory

QUICK = LibreSpeedOptions(duration_s=0.5, ping_count=3, io_timeout_s=2)


@dataclass
class FakeBackend:
    """A backend that returns a fixed status (no network), recording that it ran."""

    name: str
    status: ConnectionStatus
    download: float | None = 20.0
    ran: list[str] = field(default_factory=list)
    server: str = "fake.example"
    checked: ConnectionStatus = ConnectionStatus.OK
    jitter: float | None = None

    def preflight(self, cancel: CancelToken, timeout_s: float) -> PreflightResult:
        self.ran.append("preflight")
        return PreflightResult("http://fake.example/", self.checked, M_("Cancelled."), 0.01)

    def run(self, report: SampleSink, cancel: CancelToken, deadline: Deadline) -> Attempt:
        self.ran.append(self.name)
        report(SpeedSample(Phase.DOWNLOAD, self.download, 1.0, 0.1, self.name))
        return Attempt(
            self.name,
            self.server,
            self.status,
            utc_now(),
            0.1,
            f"{self.name} done",
            download_mbps=self.download,
            upload_mbps=self.download,
            rtt_ms=12.0,
            jitter_ms=self.jitter,
            target="http://fake.example/",
        )


def test_falls_back_in_order_and_keeps_every_attempt() -> None:
    first = FakeBackend("librespeed", ConnectionStatus.BLOCKED, download=None)
    second = FakeBackend("speedtest", ConnectionStatus.OK)
    third = FakeBackend("spare", ConnectionStatus.OK)
    progress: list[tuple[float | None, Message]] = []
    result = run_connection_test(
        [first, second, third],
        progress=lambda f, m: progress.append((f, m)),
        latency=lambda a: None,
    )
    assert result.status is ConnectionStatus.OK
    assert result.backend == "speedtest" and result.download_mbps == 20.0
    assert [a.backend for a in result.attempts] == ["librespeed", "speedtest"]
    assert third.ran == []
    assert "librespeed (blocked)" in result.reason
    assert progress[-1][0] is not None and progress[-1][0] <= 1.0
    assert any("Mbit/s" in english(message) for _f, message in progress)


def test_partial_is_used_when_nothing_better_exists() -> None:
    result = run_connection_test(
        [
            FakeBackend("a", ConnectionStatus.PARTIAL),
            FakeBackend("b", ConnectionStatus.TIMEOUT, None),
        ],
        latency=lambda a: None,
    )
    assert result.status is ConnectionStatus.PARTIAL and result.backend == "a"
    assert len(result.attempts) == 2


def test_the_most_specific_failure_wins() -> None:
    result = run_connection_test(
        [
            FakeBackend("a", ConnectionStatus.OFFLINE, None),
            FakeBackend("b", ConnectionStatus.BLOCKED, None),
        ],
        latency=lambda a: None,
    )
    assert result.status is ConnectionStatus.BLOCKED
    assert result.reason == "b done"


def test_offline_is_decided_within_three_seconds() -> None:
    settings = ConnectionSettings(
        backend_order=("librespeed", "speedtest"), server_url="https://speed.agency.test/"
    )
    started = time.monotonic()
    result = check_connection(settings, resolver=failing_resolver)
    assert time.monotonic() - started < 3.0
    assert result.status is ConnectionStatus.OFFLINE
    assert [a.backend for a in result.attempts] == ["librespeed", "speedtest"]
    assert all(a.method == "preflight" for a in result.attempts)
    assert "looked up" in result.reason


def test_an_unreachable_agency_server_gives_a_clear_message(closed_port: int) -> None:
    settings = ConnectionSettings(
        backend_order=("librespeed",), server_url=f"http://127.0.0.1:{closed_port}/"
    )
    result = check_connection(settings)
    assert result.status is ConnectionStatus.OFFLINE
    assert "agency test server refused the connection" in result.reason


def test_a_sign_in_page_on_one_server_does_not_condemn_the_next(
    speed_server: ServerFactory,
) -> None:
    server = speed_server(faults=FaultPlan(Fault.CAPTIVE_PORTAL))
    spare = FakeBackend("spare", ConnectionStatus.OK)
    backend = LibreSpeedBackend(server.url, options=QUICK)
    result = run_connection_test([backend, spare], latency=lambda a: None)
    assert result.status is ConnectionStatus.OK and result.backend == "spare"
    assert result.attempts[0].status is ConnectionStatus.CAPTIVE_PORTAL


def test_a_working_agency_server_never_contacts_speedtest_net(
    speed_server: ServerFactory,
) -> None:
    # finding: in auto, a portal on the way to speedtest.net stopped a working agency
    # server (exit 3 in 0.3 s), and every run contacted speedtest.net in its preflight
    agency = speed_server()
    speedtest_net = speed_server(faults=FaultPlan(Fault.CAPTIVE_PORTAL))
    backends = [
        LibreSpeedBackend(agency.url, options=QUICK),
        SpeedtestBackend(SpeedtestOptions(speedtest_net_base=speedtest_net.url)),
    ]
    result = run_connection_test(backends, latency=lambda a: None)
    assert result.status is ConnectionStatus.OK and result.backend == "librespeed"
    assert speedtest_net.requests == {}


def test_speedtest_net_is_asked_only_when_the_agency_server_fails(
    speed_server: ServerFactory, closed_port: int
) -> None:
    speedtest_net = speed_server(faults=FaultPlan(Fault.CAPTIVE_PORTAL))
    backends = [
        LibreSpeedBackend(f"http://127.0.0.1:{closed_port}/", options=QUICK),
        SpeedtestBackend(SpeedtestOptions(speedtest_net_base=speedtest_net.url)),
    ]
    result = run_connection_test(backends, latency=lambda a: None)
    assert [a.status for a in result.attempts] == [
        ConnectionStatus.OFFLINE,
        ConnectionStatus.CAPTIVE_PORTAL,
    ]
    assert result.status is ConnectionStatus.CAPTIVE_PORTAL
    assert speedtest_net.requests == {"config": 1}


@dataclass
class FakeLatency:
    """A latency probe that answers at once with a quiet-line train's figures."""

    def run(self, report: SampleSink, cancel: CancelToken, deadline: Deadline) -> Attempt:
        return Attempt(
            "latency",
            "fake.example:80",
            ConnectionStatus.OK,
            utc_now(),
            2.5,
            "400 of 400 answered (tcp-connect).",
            rtt_ms=20.0,
            jitter_ms=1.5,
            loss_pct=0.3,
            loss_range=(0.1, 0.9),
            loss_probes=400,
            method="tcp-connect",
        )


def test_round_trip_jitter_and_loss_come_from_the_quiet_line_train() -> None:
    # finding: under loss the HTTP-ping jitter jumped to 22-77 ms (TCP retransmits)
    backend = FakeBackend("librespeed", ConnectionStatus.OK, jitter=70.0)
    result = run_connection_test([backend], latency=lambda a: FakeLatency())  # type: ignore[arg-type,return-value]
    assert (result.rtt_ms, result.jitter_ms, result.loss_pct) == (20.0, 1.5, 0.3)
    assert result.loss_range == (0.1, 0.9) and result.loss_probes == 400
    assert result.latency_method == "tcp-connect"


def test_a_blocked_server_is_reported(speed_server: ServerFactory) -> None:
    server = speed_server(faults=FaultPlan(Fault.FORBIDDEN))
    result = check_connection(
        ConnectionSettings(backend_order=("librespeed",), server_url=server.url)
    )
    assert result.status is ConnectionStatus.BLOCKED


def test_a_tarpit_is_a_timeout_within_the_deadline(speed_server: ServerFactory) -> None:
    server = speed_server(
        faults=FaultPlan(Fault.TARPIT, endpoints=frozenset({"garbage", "empty_post"}))
    )
    started = time.monotonic()
    result = run_connection_test([LibreSpeedBackend(server.url, options=QUICK)], deadline_s=2.0)
    assert result.status is ConnectionStatus.TIMEOUT
    assert time.monotonic() - started < 2.0 + 1.0


def test_full_run_with_a_named_server_and_latency(speed_server: ServerFactory) -> None:
    server = speed_server(rate_mbps=50)
    resolver = loopback_resolver("speed.agency.test")
    settings = ConnectionSettings(
        backend_order=("librespeed",),
        duration_s=1.0,
        server_url=f"http://speed.agency.test:{server.port}/",
    )
    samples: list[SpeedSample] = []
    result = check_connection(settings, on_sample=samples.append, resolver=resolver)
    assert result.status is ConnectionStatus.OK, result.reason
    assert result.download_mbps == pytest.approx(50 * 1.06, rel=0.2)
    assert result.loss_pct == 0.0  # from the TCP-connect probe train
    assert result.loss_probes == 400 and result.loss_range is not None
    assert result.loss_range[1] < 0.5  # 400 answered of 400: surely under 1 %
    assert result.latency_method == "tcp-connect"
    assert [a.backend for a in result.attempts] == ["librespeed", "latency"]
    assert {s.phase for s in samples} >= {
        Phase.PREFLIGHT,
        Phase.DOWNLOAD,
        Phase.UPLOAD,
        Phase.LATENCY,
    }


def test_cancel_stops_the_whole_test_within_one_second(speed_server: ServerFactory) -> None:
    server = speed_server(rate_mbps=10)
    cancel = CancelToken()
    threading.Timer(1.0, cancel.cancel).start()
    started = time.monotonic()
    result = run_connection_test([LibreSpeedBackend(server.url)], cancel=cancel)
    assert result.status is ConnectionStatus.CANCELLED
    assert time.monotonic() - started < 1.0 + 1.0


def test_no_backends_configured() -> None:
    result = run_connection_test([])
    assert result.status is ConnectionStatus.NO_SERVERS
    assert "Settings" in result.reason


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"server_url": "htp://speed.example.org"}, "agency speed-test server"),
        ({"server_url": "https://"}, "agency speed-test server"),
        ({"server_url": "https://speed example.org/"}, "agency speed-test server"),
        ({"server_url": "https://user:pw@speed.example.org/"}, "agency speed-test server"),
        ({"server_url": "http://[::1/"}, "agency speed-test server"),
        ({"speedtest_mini_url": "ftp://x"}, "Speedtest Mini server"),
        ({"udp_echo": "echo.example.org"}, "UDP echo service"),
        ({"backend_order": ("librespeed", "ookla")}, "speed-test order"),
        ({"backend_order": ()}, "speed-test order"),
        ({"duration_s": 0.0}, "test length per direction"),
        ({"deadline_s": float("nan")}, "overall time limit"),
    ],
)
def test_bad_settings_name_the_setting(kwargs: dict[str, Any], named: str) -> None:
    with pytest.raises(ReadinessError, match=f"Setting '{named}'"):
        ConnectionSettings(**kwargs)


def test_settings_build_backends_in_order() -> None:
    settings = ConnectionSettings(server_url="https://Speed.Agency.org/lt", duration_s=5)
    backends = backends_from_settings(settings)
    assert [b.name for b in backends] == ["librespeed", "speedtest"]
    assert backends[0].server == "speed.agency.org"
    assert [b.name for b in backends_from_settings(ConnectionSettings())] == ["speedtest"]
    assert [b.name for b in backends_from_settings(settings.with_backend("speedtest"))] == [
        "speedtest"
    ]


def test_a_udp_echo_service_gives_latency_and_loss(speed_server: ServerFactory) -> None:
    from tests.servers.udp_echo import UdpEchoServer

    server = speed_server()
    with UdpEchoServer() as echo:
        address = echo.address
        settings = ConnectionSettings(
            backend_order=("librespeed",),
            server_url=server.url,
            duration_s=1.0,
            udp_echo=echo.address,
        )
        result = check_connection(settings)
    assert result.status is ConnectionStatus.OK
    assert result.latency_method == "udp-echo"
    assert result.loss_pct == 0.0 and result.rtt_ms is not None
    assert result.attempts[-1].server == f"{address} (UDP)"
