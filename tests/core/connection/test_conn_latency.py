"""Latency, jitter and loss: the definitions, and the probes against loopback services."""

from __future__ import annotations

import threading

import pytest

from readiness.checks.connection.latency import (
    LatencyProbe,
    librespeed_jitter,
    mean_abs_delta,
    tcp_connect_probe,
    udp_echo_probe,
)
from readiness.checks.connection.model import ConnectionStatus
from readiness.concurrency import Deadline
from readiness.progress import CancelToken
from tests.servers.faults import failing_resolver
from tests.servers.udp_echo import UdpEchoServer


def test_librespeed_jitter_weighs_spikes_more_than_calm() -> None:
    # instant jitters 10, 20 (spike: 0.3*10 + 0.7*20 = 17), 0 (calm: 0.8*17 = 13.6)
    assert librespeed_jitter([10, 20, 40, 40]) == pytest.approx(13.6)
    assert librespeed_jitter([5.0]) is None


def test_mean_absolute_difference() -> None:
    assert mean_abs_delta([10, 20, 10, 10]) == pytest.approx(20 / 3)
    assert mean_abs_delta([1.0]) is None


def test_udp_echo_counts_loss_exactly() -> None:
    with UdpEchoServer(drop_every=10) as echo:
        host, port = echo.address.split(":")
        stats = udp_echo_probe(
            host, int(port), count=50, interval_s=0.002, late_s=0.3, stop=threading.Event()
        )
    assert (stats.sent, stats.received) == (50, 45)
    assert stats.loss_pct == pytest.approx(10.0)
    assert stats.rtt_ms is not None and stats.rtt_ms < 50
    assert stats.jitter_ms is not None


def test_udp_echo_measures_delay() -> None:
    with UdpEchoServer(delay_s=0.03) as echo:
        host, port = echo.address.split(":")
        stats = udp_echo_probe(
            host, int(port), count=5, interval_s=0.05, late_s=0.5, stop=threading.Event()
        )
    assert stats.loss_pct == 0
    assert stats.rtt_ms is not None and 25 <= stats.rtt_ms < 200


def test_tcp_connect_probe_on_loopback(closed_port: int) -> None:
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        port = listener.getsockname()[1]
        stats = tcp_connect_probe(
            "127.0.0.1", port, count=5, timeout_s=1, interval_s=0, stop=threading.Event()
        )
    assert (stats.sent, stats.received, stats.loss_pct) == (5, 5, 0)
    assert stats.rtt_ms is not None and stats.rtt_ms < 50
    with pytest.raises(ConnectionRefusedError):
        tcp_connect_probe(
            "127.0.0.1", closed_port, count=2, timeout_s=1, interval_s=0, stop=threading.Event()
        )


def test_latency_probe_prefers_udp_echo_for_loss() -> None:
    with UdpEchoServer(drop_every=4) as echo:
        probe = LatencyProbe("http://127.0.0.1:9/", udp_echo=echo.address, count=20, timeout_s=0.3)
        attempt = probe.run(lambda s: None, CancelToken(), Deadline(5))
    assert attempt.status is ConnectionStatus.OK
    assert attempt.method == "udp-echo"
    assert attempt.loss_pct == pytest.approx(25.0)


def test_latency_probe_reports_a_dns_failure_as_offline() -> None:
    probe = LatencyProbe("http://echo.agency.test/", resolver=failing_resolver)
    attempt = probe.run(lambda s: None, CancelToken(), Deadline(5))
    assert attempt.status is ConnectionStatus.OFFLINE
    assert "looked up" in attempt.reason
