"""The speedtest-cli backend, run for real against the loopback server (never speedtest.net).

speedtest.net's configuration and server list are redirected to the loopback server
by the hooks handler (``speedtest_net_base``), or replaced by a ready configuration.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from urllib.error import URLError

import pytest

from readiness.checks.connection.backend import Expect
from readiness.checks.connection.model import Attempt, ConnectionStatus, Phase, SpeedSample
from readiness.checks.connection.speedtest_backend import SpeedtestBackend, SpeedtestOptions
from readiness.checks.connection.speedtest_module import speedtest
from readiness.concurrency import Deadline
from readiness.i18n import ENGLISH, translator
from readiness.model import LINE_RATE_FACTOR, SpeedScale
from readiness.progress import CancelToken
from tests.servers.faults import Fault, FaultPlan, loopback_resolver
from tests.servers.speed_server import LoopbackSpeedServer

from .conftest import ServerFactory

CANNED = {
    "client": {"ip": "127.0.0.1", "lat": "0", "lon": "0", "isp": "loopback"},
    "ignore_servers": [],
    "sizes": {"upload": [524288, 1048576], "download": [350, 500, 750, 1000]},
    "counts": {"upload": 4, "download": 2},
    "threads": {"upload": 2, "download": 4},
    "length": {"upload": 1, "download": 1},
    "upload_max": 8,
}


def run(
    options: SpeedtestOptions,
    *,
    seconds: float = 20,
    cancel: CancelToken | None = None,
    samples: list[SpeedSample] | None = None,
) -> Attempt:
    sink = samples.append if samples is not None else (lambda s: None)
    return SpeedtestBackend(options).run(sink, cancel or CancelToken(), Deadline(seconds))


def public(server: LoopbackSpeedServer, mini_url: str | None = None) -> SpeedtestOptions:
    return SpeedtestOptions(speedtest_net_base=server.url, timeout_s=2, mini_url=mini_url)


def test_the_public_server_path_runs_offline(speed_server: ServerFactory) -> None:
    server = speed_server(rate_mbps=30, speedtest_length_s=1)
    samples: list[SpeedSample] = []
    attempt = run(public(server), samples=samples)
    assert attempt.status is ConnectionStatus.OK, attempt.reason
    assert attempt.server == "Readiness tests (Loopback)"
    assert attempt.download_mbps == pytest.approx(30, rel=0.3)
    assert attempt.upload_mbps is not None and attempt.upload_mbps > 1
    assert attempt.rtt_ms is not None and attempt.rtt_ms < 100
    assert attempt.target == server.url + "speedtest/"
    assert server.requests["config"] == 1 and server.requests["servers"] == 1
    assert {Phase.DOWNLOAD, Phase.UPLOAD} <= {s.phase for s in samples}
    assert any(s.mbps for s in samples if s.phase is Phase.DOWNLOAD)


def test_a_mini_server_with_a_ready_configuration(speed_server: ServerFactory) -> None:
    server = speed_server()
    attempt = run(SpeedtestOptions(config=CANNED, mini_url=server.url))
    assert attempt.status is ConnectionStatus.OK, attempt.reason
    assert attempt.server.startswith("Speedtest Mini")
    assert "config" not in server.requests  # the ready configuration is used instead
    assert attempt.download_mbps and attempt.upload_mbps


def test_results_are_never_shared(
    speed_server: ServerFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness.checks.connection import speedtest_backend

    calls: list[object] = []

    def record(self: object) -> str:
        calls.append(self)
        return ""

    monkeypatch.setattr(speedtest_backend._Results, "share", record)
    server = speed_server()
    attempt = run(SpeedtestOptions(config=CANNED, mini_url=server.url))
    assert attempt.status is ConnectionStatus.OK
    assert calls == [] and "share" not in server.requests
    monkeypatch.undo()
    with pytest.raises(speedtest.ShareResultsConnectFailure):
        speedtest_backend._Results({}, None).share()


def test_the_hooks_refuse_the_share_api() -> None:
    from urllib.request import Request

    from readiness.checks.connection.speedtest_hooks import SpeedtestHooks

    hooks = SpeedtestHooks()
    with pytest.raises(URLError, match="disabled"):
        hooks.https_request(Request("https://www.speedtest.net/api/api.php", data=b"x"))
    assert hooks.share_blocked == 1


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        (Fault.FORBIDDEN, ConnectionStatus.BLOCKED),
        (Fault.CAPTIVE_PORTAL, ConnectionStatus.CAPTIVE_PORTAL),
    ],
)
def test_configuration_faults(
    speed_server: ServerFactory, fault: Fault, status: ConnectionStatus
) -> None:
    server = speed_server(faults=FaultPlan(fault, endpoints=frozenset({"config"})))
    attempt = run(public(server))
    assert attempt.status is status
    assert attempt.download_mbps is None


def test_an_html_server_list_is_a_captive_portal(speed_server: ServerFactory) -> None:
    server = speed_server(faults=FaultPlan(Fault.CAPTIVE_PORTAL, endpoints=frozenset({"servers"})))
    assert run(public(server)).status is ConnectionStatus.CAPTIVE_PORTAL


def test_no_server_list_means_no_servers(speed_server: ServerFactory) -> None:
    server = speed_server(faults=FaultPlan(Fault.NOT_FOUND, endpoints=frozenset({"servers"})))
    attempt = run(public(server))
    assert attempt.status is ConnectionStatus.NO_SERVERS


def test_a_refused_connection_is_offline(closed_port: int) -> None:
    attempt = run(SpeedtestOptions(speedtest_net_base=f"http://127.0.0.1:{closed_port}/"))
    assert attempt.status is ConnectionStatus.OFFLINE


def test_a_forbidden_mini_server_is_blocked(speed_server: ServerFactory) -> None:
    server = speed_server(faults=FaultPlan(Fault.FORBIDDEN))
    attempt = run(SpeedtestOptions(config=CANNED, mini_url=server.url))
    assert attempt.status is ConnectionStatus.BLOCKED


def test_a_tarpit_times_out_by_the_deadline(speed_server: ServerFactory) -> None:
    server = speed_server(faults=FaultPlan(Fault.TARPIT))
    started = time.monotonic()
    attempt = run(SpeedtestOptions(speedtest_net_base=server.url, timeout_s=10), seconds=1.0)
    assert attempt.status is ConnectionStatus.TIMEOUT
    assert "settings" in attempt.reason
    assert time.monotonic() - started < 1.0 + 1.0


def test_a_reset_download_is_partial(speed_server: ServerFactory) -> None:
    server = speed_server(
        faults=FaultPlan(Fault.RESET, endpoints=frozenset({"random"}), reset_after_bytes=64 * 1024)
    )
    attempt = run(SpeedtestOptions(config=CANNED, mini_url=server.url))
    assert attempt.status is ConnectionStatus.PARTIAL
    assert "cut off" in attempt.reason


def test_cancel_stops_within_one_second(speed_server: ServerFactory) -> None:
    server = speed_server(rate_mbps=5, speedtest_length_s=10)
    cancel = CancelToken()
    threading.Timer(1.0, cancel.cancel).start()
    started = time.monotonic()
    attempt = run(public(server), cancel=cancel)
    assert attempt.status is ConnectionStatus.CANCELLED
    assert time.monotonic() - started < 1.0 + 1.0


def test_preflight_targets(speed_server: ServerFactory) -> None:
    server = speed_server()
    probes = SpeedtestBackend(public(server, mini_url=server.url)).probes
    assert [(p.url, p.expect) for p in probes] == [
        (server.url + "speedtest/latency.txt", Expect.LATENCY_TEXT),
    ]  # a Mini server needs no speedtest.net
    default = SpeedtestBackend().probes
    assert default[0].url == "https://www.speedtest.net/speedtest-config.php"  # secure mode


def test_a_mini_server_works_without_speedtest_net(speed_server: ServerFactory) -> None:
    # finding: --backend speedtest --server MINI still fetched speedtest.net's settings
    server = speed_server()
    backend = SpeedtestBackend(SpeedtestOptions(mini_url=server.url), resolver=loopback_resolver())
    assert backend.preflight(CancelToken(), 2).status is ConnectionStatus.OK
    attempt = backend.run(lambda s: None, CancelToken(), Deadline(3))
    assert attempt.status in (ConnectionStatus.OK, ConnectionStatus.PARTIAL), attempt.reason
    assert attempt.download_mbps
    assert "config" not in server.requests and "servers" not in server.requests


def test_speeds_are_on_the_line_rate_scale(speed_server: ServerFactory) -> None:
    # speedtest-cli counts payload (goodput); the figure is scaled like LibreSpeed's
    server = speed_server(rate_mbps=20)
    attempt = run(SpeedtestOptions(config=CANNED, mini_url=server.url))
    assert attempt.speed_scale is SpeedScale.LINE_RATE
    assert attempt.download_mbps == pytest.approx(20 * LINE_RATE_FACTOR, rel=0.1)


def _http_error(code: int) -> Exception:
    from email.message import Message
    from urllib.error import HTTPError

    return HTTPError("https://www.speedtest.net/speedtest-config.php", code, "x", Message(), None)


@pytest.mark.parametrize(
    ("error", "stage", "status"),
    [
        (
            speedtest.ConfigRetrievalError(
                URLError(socket.gaierror(-2, "Name or service not known"))
            ),
            "config",
            ConnectionStatus.OFFLINE,
        ),
        (speedtest.ConfigRetrievalError(_http_error(403)), "config", ConnectionStatus.BLOCKED),
        (speedtest.ConfigRetrievalError(_http_error(429)), "config", ConnectionStatus.BLOCKED),
        (speedtest.ConfigRetrievalError(_http_error(500)), "config", ConnectionStatus.ERROR),
        (
            speedtest.ConfigRetrievalError(TimeoutError("timed out")),
            "config",
            ConnectionStatus.TIMEOUT,
        ),
        (speedtest.SpeedtestConfigError("Malformed"), "config", ConnectionStatus.CAPTIVE_PORTAL),
        (speedtest.SpeedtestServersError("Malformed"), "servers", ConnectionStatus.CAPTIVE_PORTAL),
        (speedtest.SpeedtestBestServerFailure("none"), "servers", ConnectionStatus.NO_SERVERS),
        (speedtest.NoMatchedServers(), "servers", ConnectionStatus.NO_SERVERS),
        (speedtest.SpeedtestMiniConnectFailure("x"), "servers", ConnectionStatus.OFFLINE),
        (speedtest.InvalidSpeedtestMiniServer("x"), "servers", ConnectionStatus.NO_SERVERS),
        (speedtest.SpeedtestUploadTimeout(), "upload", ConnectionStatus.ERROR),
        (
            ssl.SSLCertVerificationError("bad cert"),
            "config",
            ConnectionStatus.CAPTIVE_PORTAL,
        ),
        (ConnectionResetError(), "download", ConnectionStatus.ERROR),
        (KeyError("client"), "config", ConnectionStatus.CAPTIVE_PORTAL),
        (RuntimeError("bug"), "download", ConnectionStatus.ERROR),
    ],
)
def test_every_exception_maps_to_a_status(
    error: BaseException, stage: str, status: ConnectionStatus
) -> None:
    from readiness.checks.connection.speedtest_errors import classify_speedtest_error
    from readiness.checks.connection.speedtest_hooks import SpeedtestHooks
    from readiness.concurrency import Outcome

    mapped, reason = classify_speedtest_error(
        outcome=Outcome.DONE,
        error=error,
        stage=stage,
        hooks=SpeedtestHooks(),
        measured=(None, None),
    )
    assert mapped is status
    english, spanish = ENGLISH.render(reason), translator("es").render(reason)
    assert english.endswith(".") and spanish.endswith(".") and spanish != english


def test_an_upload_counts_what_arrived_by_the_cut_off(speed_server: ServerFactory) -> None:
    # speedtest-cli counts every byte handed to the socket and waits for uploads whose
    # body sits in the send buffer: a slow upload read twice its rate and ran 8 s
    # instead of 1.5 s
    server = speed_server(upload_rate_mbps=8)
    config = {
        **CANNED,
        "sizes": {"upload": [1048576, 4194304], "download": [350]},
        "length": {"upload": 1.5, "download": 0.5},
    }
    samples: list[SpeedSample] = []
    attempt = run(SpeedtestOptions(config=config, mini_url=server.url), samples=samples)
    assert attempt.status is ConnectionStatus.OK, attempt.reason
    assert attempt.upload_mbps is not None
    # what the server's kernel accepted ahead of the paced reader still counts
    assert 8 * LINE_RATE_FACTOR * 0.8 < attempt.upload_mbps < 8 * LINE_RATE_FACTOR * 1.4
    assert max(s.elapsed_s for s in samples if s.phase is Phase.UPLOAD) < 1.5 + 1.0


def test_each_direction_lasts_at_most_the_set_length(speed_server: ServerFactory) -> None:
    server = speed_server(rate_mbps=20, speedtest_length_s=10)  # speedtest.net's own length
    samples: list[SpeedSample] = []
    attempt = run(SpeedtestOptions(speedtest_net_base=server.url, length_s=1.0), samples=samples)
    assert attempt.status is ConnectionStatus.OK, attempt.reason
    for phase in (Phase.DOWNLOAD, Phase.UPLOAD):
        assert max(s.elapsed_s for s in samples if s.phase is phase) < 1.0 + 1.0
