"""The one-time link: its token, its address, one report, its expiry, nothing after close."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from readiness import concurrency
from readiness.phone.link import Ending, Outcome, PageOptions, PhoneLink
from readiness.progress import CancelToken
from tests.core.phone.helpers import REPORT, get, post


class Running:
    def __init__(self, link: PhoneLink) -> None:
        self.link = link
        self.cancel = CancelToken()
        self.workers = concurrency.start([lambda: link.wait(self.cancel)], name="test-link")

    def outcome(self, seconds: float = 5) -> Outcome:
        assert self.workers.wait(seconds), "the link did not end"
        return self.workers.settled(0).result()


@pytest.fixture
def running() -> Iterator[Running]:
    link = PhoneLink("127.0.0.1", PageOptions("en")).open()
    run = Running(link)
    yield run
    run.cancel.cancel()
    run.workers.wait(5)


def test_the_link_listens_only_on_the_address_it_was_given(running: Running) -> None:
    host, port = running.link.url.split("//")[1].split("/")[0].split(":")
    assert host == "127.0.0.1"
    assert running.link.expires > running.link.expires.now(running.link.expires.tzinfo)
    assert len(running.link.state.token) >= 22  # 128 random bits
    with socket.socket() as other:  # a port bound to 127.0.0.1 only is free elsewhere
        other.bind(("127.0.0.2", int(port)))


def test_every_path_needs_the_token(running: Running) -> None:
    url = running.link.url
    base = url.split(running.link.state.token)[0]
    assert get(url)[0] == 200
    token = running.link.state.token
    other_last = "B" if token.endswith("A") else "A"
    for wrong in ("", "x" * 22 + "/", token[:-1] + other_last + "/"):
        assert get(base + wrong)[0] == 404
        assert get(base + wrong + "garbage?ckSize=1")[0] == 404
    assert post(base + "x" * 22 + "/report", REPORT)[0] == 404
    assert running.link.state.report is None


def test_the_page_is_never_cached_sends_no_referrer_and_runs_only_its_own_script(
    running: Running,
) -> None:
    status, body, headers = get(running.link.url + "?lang=es")
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert 'lang="es"' in body.decode() and "Revisión del teléfono" in body.decode()
    assert get(running.link.url + "phone.js")[0] == 200


def test_the_laptop_serves_the_speed_test_endpoints(running: Running) -> None:
    url = running.link.url
    status, body, _headers = get(url + "garbage?ckSize=2")
    assert (status, len(body)) == (200, 2 * 1024 * 1024)
    assert get(url + "empty")[:2] == (200, b"")
    assert post(url + "empty", None, raw=b"x" * 100_000)[0] == 200
    assert b"127.0.0.1" in get(url + "getIP")[1]


def test_a_report_is_taken_once_and_the_link_closes(running: Running) -> None:
    url = running.link.url
    assert get(url)[0] == 200
    assert post(url + "report", REPORT) == (200, b'{"accepted": true}')
    outcome = running.outcome()
    assert outcome.ending is Ending.REPORTED and outcome.page_opened
    assert outcome.report is not None and outcome.report.download_mbps == 24.6
    with pytest.raises(OSError):  # nothing is served after the link closed
        get(url)


def test_an_invalid_report_is_refused_and_the_link_keeps_waiting(running: Running) -> None:
    url = running.link.url
    assert post(url + "report", {**REPORT, "rtt_ms": -5})[0] == 400
    assert post(url + "report", None, raw=b"{" * 9000)[0] == 413
    assert running.link.state.report is None
    assert post(url + "report", REPORT)[0] == 200
    assert running.outcome().ending is Ending.REPORTED


def test_a_second_report_is_not_taken() -> None:
    link = PhoneLink("127.0.0.1", PageOptions()).open()
    state = link.state
    from readiness.phone.report import read_report

    first = read_report(b'{"download_mbps": 1.0}')
    assert state.accept(first)
    assert not state.accept(read_report(b'{"download_mbps": 99.0}'))
    assert state.report is first
    link.close()


def test_the_link_expires_and_then_serves_nothing() -> None:
    link = PhoneLink("127.0.0.1", PageOptions(), lifetime_s=0.5).open()
    url = link.url
    started = time.monotonic()
    outcome = link.wait()
    assert outcome == Outcome(Ending.EXPIRED, None, page_opened=False)
    assert 0.4 < time.monotonic() - started < 3
    with pytest.raises(OSError):
        get(url)


def test_cancelling_closes_the_link_even_mid_download(running: Running) -> None:
    url = running.link.url
    with socket.create_connection(("127.0.0.1", int(url.split(":")[2].split("/")[0]))) as phone:
        token = running.link.state.token
        phone.sendall(f"GET /{token}/garbage?ckSize=100 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert phone.recv(100).startswith(b"HTTP/1.1 200")
        running.cancel.cancel()
        assert running.outcome().ending is Ending.CANCELLED
        phone.settimeout(5)
        while phone.recv(1 << 20):  # the stream is cut, not finished (100 MiB)
            pass
    assert running.link.state.connections == set()


def test_an_address_that_is_not_this_computers_is_said_in_words() -> None:
    from readiness.phone.link import LinkError

    with pytest.raises(LinkError, match=r"cannot listen for the phone on 192\.0\.2\.1"):
        PhoneLink("192.0.2.1", PageOptions()).open()
