"""The fast preflight: offline, captive portal, blocked and tarpits are told apart in < 3 s,
and answers are judged by what they must contain."""

from __future__ import annotations

import time

import pytest

from readiness.checks.connection.backend import Expect, ProbeTarget
from readiness.checks.connection.failures import AGENCY_SERVER
from readiness.checks.connection.model import ConnectionStatus
from readiness.checks.connection.preflight import Reply, judge, preflight
from readiness.progress import CancelToken
from tests.servers.faults import Fault, FaultPlan, TcpTarpit, failing_resolver, loopback_resolver

from .conftest import ServerFactory


def target(url: str, expect: Expect = Expect.LATENCY_TEXT) -> ProbeTarget:
    return ProbeTarget(url, expect, AGENCY_SERVER)


def test_a_dns_failure_is_offline_at_once() -> None:
    started = time.monotonic()
    (result,) = preflight(
        [target("https://speed.agency.test/speedtest/latency.txt")], resolver=failing_resolver
    )
    assert result.status is ConnectionStatus.OFFLINE
    assert "looked up" in result.reason
    assert time.monotonic() - started < 0.5


def test_a_slow_name_lookup_is_offline_within_the_budget() -> None:
    def hanging(host: str) -> list[str]:
        time.sleep(5)
        return []

    started = time.monotonic()
    (result,) = preflight([target("https://speed.agency.test/")], resolver=hanging, timeout_s=0.5)
    assert result.status is ConnectionStatus.OFFLINE
    assert time.monotonic() - started < 1.0


def test_a_refused_connection_is_offline(closed_port: int) -> None:
    (result,) = preflight([target(f"http://127.0.0.1:{closed_port}/speedtest/latency.txt")])
    assert result.status is ConnectionStatus.OFFLINE
    assert "refused" in result.reason


def test_a_real_server_passes_by_name(speed_server: ServerFactory) -> None:
    server = speed_server()
    url = f"http://speed.agency.test:{server.port}/speedtest/latency.txt"
    (result,) = preflight([target(url)], resolver=loopback_resolver("speed.agency.test"))
    assert result.status is ConnectionStatus.OK
    assert result.connect_ms is not None


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        (Fault.FORBIDDEN, ConnectionStatus.BLOCKED),
        (Fault.CAPTIVE_PORTAL, ConnectionStatus.CAPTIVE_PORTAL),
    ],
)
def test_faults_are_named(
    speed_server: ServerFactory, fault: Fault, status: ConnectionStatus
) -> None:
    server = speed_server(faults=FaultPlan(fault))
    results = preflight(
        [
            target(server.url + "speedtest-config.php", Expect.XML),
            target(server.url + "speedtest/latency.txt", Expect.LATENCY_TEXT),
        ]
    )
    assert [r.status for r in results] == [status] * 2


def test_a_tarpit_times_out_within_the_budget(speed_server: ServerFactory) -> None:
    server = speed_server(faults=FaultPlan(Fault.TARPIT))
    started = time.monotonic()
    (result,) = preflight([target(server.url + "speedtest/latency.txt")], timeout_s=0.5)
    assert result.status is ConnectionStatus.TIMEOUT
    assert time.monotonic() - started < 1.0


def test_a_tls_handshake_that_never_ends_is_a_timeout_not_offline() -> None:
    # finding: TCP connected, TLS never answered, and it was reported "could not be reached"
    with TcpTarpit() as tarpit:
        (result,) = preflight(
            [target(f"https://127.0.0.1:{tarpit.port}/speedtest/latency.txt")], timeout_s=0.6
        )
    assert result.status is ConnectionStatus.TIMEOUT
    assert "secure connection" in result.reason


def test_expected_answers_are_checked(speed_server: ServerFactory) -> None:
    server = speed_server()
    ok, wrong = preflight(
        [
            target(server.url + "speedtest-config.php", Expect.XML),
            target(server.url + "backend/getIP.php", Expect.LATENCY_TEXT),
        ]
    )
    assert ok.status is ConnectionStatus.OK
    assert wrong.status is ConnectionStatus.ERROR


def test_a_missing_file_is_not_an_answer(speed_server: ServerFactory) -> None:
    # finding: a 404 counted as "answered", so the preflight checked nothing
    server = speed_server(faults=FaultPlan(Fault.NOT_FOUND))
    (result,) = preflight([target(server.url + "speedtest/latency.txt")])
    assert result.status is ConnectionStatus.ERROR
    assert "404" in result.reason


def test_cancel_stops_the_wait(speed_server: ServerFactory) -> None:
    server = speed_server(faults=FaultPlan(Fault.TARPIT))
    cancel = CancelToken()
    cancel.cancel()
    started = time.monotonic()
    (result,) = preflight([target(server.url)], cancel=cancel)
    assert result.status is ConnectionStatus.CANCELLED
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize(
    ("code", "location", "body", "status"),
    [
        (302, "http://login.hotel-wifi.example/portal", b"", ConnectionStatus.CAPTIVE_PORTAL),
        (301, "https://speed.agency.test/speedtest/latency.txt", b"", ConnectionStatus.OK),
        (511, "", b"", ConnectionStatus.CAPTIVE_PORTAL),
        (429, "", b"", ConnectionStatus.BLOCKED),
        (503, "", b"", ConnectionStatus.ERROR),
        (200, "", b"<!DOCTYPE html><html><form>", ConnectionStatus.CAPTIVE_PORTAL),
        (200, "", b"test=test", ConnectionStatus.OK),
        (200, "", b"", ConnectionStatus.ERROR),
    ],
)
def test_redirects_status_codes_and_bodies(
    code: int, location: str, body: bytes, status: ConnectionStatus
) -> None:
    judged, reason = judge(
        target("http://speed.agency.test/speedtest/latency.txt"),
        Reply(code, body, location, 1.0),
        "speed.agency.test",
    )
    assert judged is status and reason


def test_the_system_resolver_puts_ipv4_first(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from readiness.checks.connection.transport import system_resolver

    answers = [
        (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2001:db8::1", 0, 0, 0)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.0.2.7", 0)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.0.2.7", 0)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    assert system_resolver("speed.agency.test") == ["192.0.2.7", "2001:db8::1"]
