"""Latency, jitter and loss: the definitions, the probe trains and the loss estimate."""

from __future__ import annotations

import socket
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.checks.connection.latency import LatencyProbe, librespeed_jitter, mean_abs_delta
from readiness.checks.connection.loss import estimate_loss, per_packet, wilson
from readiness.checks.connection.model import ConnectionStatus
from readiness.checks.connection.probe_train import tcp_connect_train, udp_echo_train
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


def test_udp_echo_train_counts_loss_exactly() -> None:
    with UdpEchoServer(drop_every=10) as echo:
        host, port = echo.address.split(":")
        stats = udp_echo_train(
            host, int(port), count=50, duration_s=0.1, late_s=0.3, stop=threading.Event()
        )
    assert (stats.sent, stats.lost) == (50, 5)
    assert max(stats.rtts_ms) < 50


def test_an_echo_later_than_the_window_counts_as_lost() -> None:
    with UdpEchoServer(delay_s=0.2) as echo:
        host, port = echo.address.split(":")
        stats = udp_echo_train(
            host, int(port), count=3, duration_s=0.03, late_s=0.1, stop=threading.Event()
        )
    assert stats.lost == 3


def test_tcp_connect_train_on_loopback() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(512)
        port = listener.getsockname()[1]
        stats = tcp_connect_train(
            "127.0.0.1", port, count=200, duration_s=0.5, late_s=0.4, stop=threading.Event()
        )
    assert (stats.sent, stats.lost) == (200, 0)
    assert max(stats.rtts_ms) < 100


def test_a_connect_that_is_never_answered_is_lost() -> None:
    # a listener whose queue is full drops new SYNs: a lost packet, seen from the client
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        held: list[socket.socket] = []
        try:
            while len(held) < 8:  # fill the queue: the next connect gets no answer
                held.append(socket.create_connection(("127.0.0.1", port), timeout=0.3))
        except TimeoutError:
            pass
        try:
            stats = tcp_connect_train(
                "127.0.0.1", port, count=3, duration_s=0.03, late_s=0.3, stop=threading.Event()
            )
        finally:
            for sock in held:
                sock.close()
    assert stats.lost >= 1


def test_loss_resolves_well_under_one_per_cent() -> None:
    # the old 20 connects could only read 0, 5, 10 %; 400 probes read a 1-in-100 drop
    with UdpEchoServer(drop_every=100) as echo:
        probe = LatencyProbe(None, udp_echo=echo.address, count=400, train_s=0.8)
        attempt = probe.run(lambda s: None, CancelToken(), Deadline(10))
    assert attempt.status is ConnectionStatus.OK
    assert attempt.loss_probes == 400
    assert attempt.loss_pct == pytest.approx(100 * per_packet(4 / 400), abs=0.01)  # 0.5 %
    assert attempt.loss_range is not None
    low, high = attempt.loss_range
    assert low < 0.5 < high < 1.5


def test_wilson_interval_of_none_lost() -> None:
    low, high = wilson(0, 400)
    assert low == 0 and high == pytest.approx(0.0067, abs=0.0002)
    loss = estimate_loss(0, 400)
    assert loss is not None and loss.pct == 0 and loss.high_pct < 0.4
    assert estimate_loss(0, 0) is None


@given(st.integers(min_value=1, max_value=2000), st.data())
def test_the_interval_holds_the_estimate(sent: int, data: st.DataObject) -> None:
    lost = data.draw(st.integers(min_value=0, max_value=sent))
    loss = estimate_loss(lost, sent)
    assert loss is not None
    assert 0 <= loss.low_pct <= loss.pct <= loss.high_pct <= 100


def test_latency_probe_reports_a_dns_failure_as_offline() -> None:
    probe = LatencyProbe("http://echo.agency.test/", resolver=failing_resolver)
    attempt = probe.run(lambda s: None, CancelToken(), Deadline(5))
    assert attempt.status is ConnectionStatus.OFFLINE
    assert "looked up" in attempt.reason
