"""The LibreSpeed servers agencies really run: the stock PHP backend and speedtest-go, replayed
from their recorded answers, every address form a worker may type, real sign-in pages, and
a clean line between phases (every thread ended, every socket closed)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import psutil
import pytest

from readiness.checks.connection.librespeed import LibreSpeedBackend, LibreSpeedOptions
from readiness.checks.connection.model import ConnectionStatus, Phase, SpeedSample
from readiness.checks.connection.settings import parse_server_url
from readiness.checks.connection.transport import SocketRegistry, connect_tcp
from readiness.concurrency import Deadline
from readiness.progress import CancelToken
from tests.servers.faults import Fault, FaultPlan
from tests.servers.replay_server import ReplayServer

from .conftest import ServerFactory

QUICK = LibreSpeedOptions(duration_s=1.0, ping_count=3, io_timeout_s=3)
FORMS = ("{url}", "{url}backend/", "{url}backend/empty.php", "127.0.0.1:{port}")


@pytest.fixture
def php() -> Iterator[ReplayServer]:
    with ReplayServer("librespeed_php") as server:
        yield server


def measure(address: str, options: LibreSpeedOptions = QUICK) -> tuple[LibreSpeedBackend, object]:
    backend = LibreSpeedBackend(address, options=options)
    checked = backend.preflight(CancelToken(), 2.5)
    assert checked.status is ConnectionStatus.OK, checked.reason
    return backend, backend.run(lambda s: None, CancelToken(), Deadline(20))


@pytest.mark.parametrize("form", FORMS)
def test_the_stock_php_backend_is_measured_whatever_address_is_typed(
    php: ReplayServer, form: str
) -> None:
    # finding: typed as its root address, the stock PHP server was called a captive
    # portal, because its empty answers say "text/html; charset=UTF-8"
    address = form.format(url=php.url, port=php.port)
    backend, attempt = measure(address)
    assert attempt.status is ConnectionStatus.OK, attempt.reason  # type: ignore[attr-defined]
    assert backend.endpoints is not None
    assert backend.endpoints.base.base == php.url + "backend/"  # the address that works
    assert attempt.target == php.url + "backend/"  # type: ignore[attr-defined]
    assert not [line for line in php.log if "/backend/backend/" in line]


def test_the_recording_holds_what_made_php_look_like_a_portal(php: ReplayServer) -> None:
    route = php.route("GET", "/backend/empty.php")
    assert ["Content-type", "text/html; charset=UTF-8"] in route["headers"]
    assert ["Connection", "close"] in route["headers"] and route["body"] == ""
    garbage = php.route("GET", "/backend/garbage.php")
    assert not any(name.lower() == "content-length" for name, _ in garbage["headers"])


def test_uploads_that_finish_inside_the_window_are_not_a_portal(php: ReplayServer) -> None:
    # finding: once a 20 MiB POST completed (fast links), the empty text/html answer
    # stopped the upload as "partial ... captive portal"
    _backend, attempt = measure(php.url, LibreSpeedOptions(duration_s=2, ping_count=3))
    assert attempt.status is ConnectionStatus.OK, attempt.reason  # type: ignore[attr-defined]
    assert attempt.upload_mbps  # type: ignore[attr-defined]
    assert php.log.count("POST /backend/empty.php") > 3  # whole uploads were answered


@pytest.mark.parametrize("form", ["{url}", "{url}backend/", "{url}empty"])
def test_speedtest_go_is_measured(form: str) -> None:
    with ReplayServer("speedtest_go") as server:
        backend, attempt = measure(form.format(url=server.url))
        assert attempt.status is ConnectionStatus.OK, attempt.reason  # type: ignore[attr-defined]
        assert backend.endpoints is not None and backend.endpoints.suffix == ".php"


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        (Fault.CAPTIVE_PORTAL, ConnectionStatus.CAPTIVE_PORTAL),
        (Fault.FORBIDDEN, ConnectionStatus.BLOCKED),
    ],
)
def test_real_sign_in_pages_and_refusals_are_still_told(
    speed_server: ServerFactory, fault: Fault, status: ConnectionStatus
) -> None:
    server = speed_server(faults=FaultPlan(fault))
    checked = LibreSpeedBackend(server.url).preflight(CancelToken(), 2.5)
    assert checked.status is status


def test_a_bare_host_reads_as_http() -> None:
    typed = parse_server_url("speed.agency.org:8089/backend", "server")
    assert (typed.scheme, typed.port, typed.path, typed.scheme_typed) == (
        "http",
        8089,
        "/backend/",
        False,
    )


def _connections_to(port: int) -> int:
    mine = psutil.Process().net_connections(kind="tcp")
    return sum(
        1 for c in mine if c.raddr and c.raddr.port == port and c.status == psutil.CONN_ESTABLISHED
    )


@pytest.mark.parametrize("kind", ["keep-alive", "stock-php"])
def test_every_thread_and_socket_of_a_phase_is_gone_before_the_next(
    speed_server: ServerFactory, php: ReplayServer, kind: str
) -> None:
    # finding: after a "Connection: close" answer (PHP) the socket stayed in the abort
    # registry, and stream threads were joined for only 0.2 s
    server = speed_server(rate_mbps=200) if kind == "keep-alive" else php
    seen: dict[Phase, tuple[list[str], int]] = {}

    def report(sample: SpeedSample) -> None:
        if sample.fraction == 0 and sample.mbps is None and sample.phase not in seen:
            names = [t.name for t in threading.enumerate() if t.name.startswith("readiness-")]
            seen[sample.phase] = (names, _connections_to(server.port))

    backend = LibreSpeedBackend(server.url, options=QUICK)
    attempt = backend.run(report, CancelToken(), Deadline(20))
    assert attempt.status is ConnectionStatus.OK, attempt.reason
    download_threads, download_sockets = seen[Phase.DOWNLOAD]
    upload_threads, upload_sockets = seen[Phase.UPLOAD]
    assert download_sockets == 0 and upload_sockets == 0
    assert not [name for name in upload_threads if name.startswith("readiness-download")]
    assert not [name for name in download_threads if name.startswith("readiness-download")]
    time.sleep(0.05)
    assert _connections_to(server.port) == 0  # and none is left after the run


def test_sockets_closed_by_the_server_leave_the_registry(php: ReplayServer) -> None:
    from readiness.checks.connection.latency import http_ping

    registry = SocketRegistry()
    server = parse_server_url(php.url, "server")
    samples = http_ping(
        server, "127.0.0.1", "/backend/empty.php", count=5, timeout_s=3, sockets=registry
    )
    assert len(samples) == 4  # php -S closes after every answer: five connections
    assert registry.open_count() == 0  # none is left for a later abort to touch


def test_a_connect_in_progress_stops_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # finding: a stream blocked in connect() could run up to 5 s into the next phase
    import select

    from readiness.checks.connection import transport

    def never_ready(r: object, w: object, x: object, timeout: float) -> tuple[list, list, list]:
        time.sleep(timeout)  # as if the SYN-ACK never came
        return [], [], []

    monkeypatch.setattr(
        transport, "select", type("Select", (), {"select": staticmethod(never_ready)})
    )
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        registry = SocketRegistry()
        threading.Timer(0.2, registry.abort_all).start()
        started = time.monotonic()
        with pytest.raises(ConnectionAbortedError):
            connect_tcp("127.0.0.1", listener.getsockname()[1], 5.0, registry)
        assert time.monotonic() - started < 0.5
        assert registry.open_count() == 0
    assert select.select is not never_ready
