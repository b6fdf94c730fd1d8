"""Connection reasons read in Spanish, and start with a capital letter in both languages:
every failure explanation, every stored result, every use.

The stored ``connection.bandwidth`` result keeps its reason as a message (what the line
is ready for, its figures, and why a test stopped), so a result measured in English
reads in Spanish later, and one measured in Spanish is still stored in English.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import replace
from typing import Any

import pytest

from readiness.checks.connection import (
    ConnectionResult,
    ConnectionStatus,
    evaluate,
    from_check_result,
    manual_result,
    run_connection_test,
    summary_message,
    to_check_result,
)
from readiness.checks.connection.backend import Expect, ProbeTarget
from readiness.checks.connection.discovery import _finding, _not_found
from readiness.checks.connection.failures import (
    AGENCY_SERVER,
    MINI_SERVER,
    SPEEDTEST_NET,
    TEST_SERVER,
    captive_reason,
    classify_error,
    classify_status,
    host_label,
    redirect_reason,
)
from readiness.checks.connection.latency import LatencyProbe
from readiness.checks.connection.librespeed import LibreSpeedBackend, _Progress
from readiness.checks.connection.model import Phase
from readiness.checks.connection.preflight import ReachError, Reply, judge, reach_failure
from readiness.checks.connection.settings import parse_server_url
from readiness.checks.connection.speedtest_errors import classify_speedtest_error
from readiness.checks.connection.speedtest_hooks import SpeedtestHooks
from readiness.checks.connection.speedtest_module import speedtest
from readiness.checks.connection.transfer import TransferResult
from readiness.checks.connection.transport import HandshakeTimeout
from readiness.concurrency import Deadline, Outcome
from readiness.i18n import ENGLISH, translator
from readiness.messages import M_, Message, english
from readiness.model import CheckStatus, utc_now
from readiness.progress import CancelToken
from readiness.thresholds import load_thresholds
from tests.core.spanish import assert_fully_spanish
from tests.servers.faults import failing_resolver

THRESHOLDS = load_thresholds()
AGENCY = AGENCY_SERVER
SPANISH = translator("es")


def _spanish(message: Message) -> None:
    assert_fully_spanish(message, english(message))
    for language in (ENGLISH, SPANISH):
        text = language.render(message)
        first = next(char for char in text if char.isalpha())
        assert first.isupper(), text  # reasons start with a capital letter
        for label in (AGENCY_SERVER, SPEEDTEST_NET, MINI_SERVER, TEST_SERVER):
            assert language.render(label.start) not in text[1:], text  # nor mid-sentence


@pytest.mark.parametrize(
    "error",
    [
        ssl.SSLCertVerificationError("untrusted"),
        socket.gaierror(socket.EAI_NONAME, "no name"),
        ConnectionRefusedError(),
        TimeoutError(),
        ConnectionResetError(),
        http.client.IncompleteRead(b""),
        OSError(101, "unreachable"),
        ssl.SSLError("handshake"),
        RuntimeError("odd"),
    ],
    ids=lambda e: type(e).__name__,
)
@pytest.mark.parametrize(
    "what",
    [AGENCY, host_label("speed.agency.org"), SPEEDTEST_NET, MINI_SERVER, TEST_SERVER],
    ids=["agency", "host", "speedtest.net", "mini", "test server"],
)
def test_every_network_error_reads_in_spanish(error: BaseException, what: Any) -> None:
    _status, message = classify_error(error, what)
    _spanish(message)


@pytest.mark.parametrize("code", [511, 401, 403, 407, 429, 451])
def test_refusing_status_codes_read_in_spanish(code: int) -> None:
    refused = classify_status(code, AGENCY)
    assert refused is not None
    _spanish(refused[1])
    _spanish(captive_reason(AGENCY))
    _spanish(redirect_reason(AGENCY))


@pytest.mark.parametrize(
    ("stage", "error"),
    [
        ("connect", HandshakeTimeout()),
        ("connect", TimeoutError()),
        ("answer", TimeoutError()),
        ("answer", ConnectionResetError()),
    ],
)
def test_every_reach_failure_reads_in_spanish(stage: str, error: BaseException) -> None:
    _status, message = reach_failure(ReachError(stage, error, None), AGENCY, 2.5)
    _spanish(message)


@pytest.mark.parametrize(
    ("code", "body", "location"),
    [(302, b"", "http://login.hotel-wifi.example/"), (200, b"<html><form>", ""), (403, b"", "")],
)
def test_every_discovery_finding_reads_in_spanish(code: int, body: bytes, location: str) -> None:
    finding = _finding(Reply(code, body, location, 1.0), "speed.agency.test", AGENCY)
    assert finding is not None
    _spanish(finding[1])
    nothing = _not_found(parse_server_url("http://speed.agency.test/", "x"), [], AGENCY)
    _spanish(nothing[1])


@pytest.mark.parametrize(
    ("code", "expect", "body", "location"),
    [
        (302, Expect.XML, b"", "http://login.hotel-wifi.example/"),
        (301, Expect.XML, b"", "http://speed.agency.test/x"),
        (200, Expect.XML, b"<settings/>", ""),
        (200, Expect.LATENCY_TEXT, b"test=test", ""),
        (200, Expect.XML, b"<html>sign in</html>", ""),
        (200, Expect.XML, b"something else", ""),
        (503, Expect.XML, b"", ""),
        (404, Expect.LATENCY_TEXT, b"", ""),
    ],
)
def test_every_preflight_answer_reads_in_spanish(
    code: int, expect: Expect, body: bytes, location: str
) -> None:
    target = ProbeTarget("http://speed.agency.test/speedtest/latency.txt", expect, MINI_SERVER)
    _status, message = judge(target, Reply(code, body, location, 1.0), "speed.agency.test")
    _spanish(message)


def _hooks(**state: Any) -> SpeedtestHooks:
    hooks = SpeedtestHooks()
    for key, value in state.items():
        setattr(hooks, key, value)
    return hooks


SPEEDTEST_ENDINGS: dict[str, dict[str, Any]] = {
    "cancelled": {"outcome": Outcome.CANCELLED},
    "deadline with figures": {"outcome": Outcome.DEADLINE, "measured": (5.0, None)},
    **{
        f"deadline while {stage}": {"outcome": Outcome.DEADLINE, "stage": stage}
        for stage in ("config", "servers", "ping", "download", "upload")
    },
    "no data": {},
    "sign-in page instead of data": {"hooks": _hooks(html_seen={"download"})},
    "refused download": {"hooks": _hooks(statuses={"download": 403})},
    "cut off": {"measured": (5.0, 1.0), "hooks": _hooks(interruptions=2)},
    "finished": {"measured": (5.0, 1.0)},
    "server list blocked": {"error": speedtest.NoMatchedServers()},
    "settings not speedtest's": {"error": speedtest.SpeedtestConfigError()},
    "mini unreachable": {"error": speedtest.SpeedtestMiniConnectFailure()},
    "not a mini server": {"error": speedtest.InvalidSpeedtestMiniServer()},
    "other speedtest error": {"error": speedtest.SpeedtestException("odd")},
    "http error": {"error": speedtest.SpeedtestHTTPError()},
    "a crash": {"error": KeyError("x"), "stage": "download"},
}


@pytest.mark.parametrize("name", list(SPEEDTEST_ENDINGS))
def test_every_speedtest_ending_reads_in_spanish(name: str) -> None:
    options: dict[str, Any] = {
        "outcome": Outcome.DONE,
        "error": None,
        "stage": "download",
        "hooks": SpeedtestHooks(),
        "measured": (None, None),
        **SPEEDTEST_ENDINGS[name],
    }
    _status, message = classify_speedtest_error(**options)
    _spanish(message)


def _transfer(mbps: float | None, failure: Any = None, interruptions: int = 0) -> TransferResult:
    return TransferResult(mbps, 1.0, interruptions, failure, False)


def _found(download: TransferResult | None = None, upload: TransferResult | None = None) -> Any:
    results = {Phase.DOWNLOAD: download, Phase.UPLOAD: upload}
    return _Progress(results={phase: r for phase, r in results.items() if r is not None})


LIBRESPEED_ENDINGS: dict[str, tuple[_Progress, Outcome, BaseException | None]] = {
    "cancelled": (_found(), Outcome.CANCELLED, None),
    "deadline, measured": (_found(_transfer(5.0)), Outcome.DEADLINE, None),
    "deadline, nothing": (_found(), Outcome.DEADLINE, None),
    "network error": (_found(), Outcome.DONE, ConnectionRefusedError()),
    "no data": (_found(_transfer(None)), Outcome.DONE, None),
    "cut off before steady": (_found(_transfer(None, interruptions=12)), Outcome.DONE, None),
    "failed download": (
        _found(_transfer(None, classify_status(403, TEST_SERVER))),
        Outcome.DONE,
        None,
    ),
    "partial": (
        _found(
            _transfer(5.0, interruptions=2),
            _transfer(None, (ConnectionStatus.TIMEOUT, M_("Cancelled."))),
        ),
        Outcome.DONE,
        None,
    ),
    "finished": (_found(_transfer(5.0), _transfer(1.0)), Outcome.DONE, None),
}


@pytest.mark.parametrize("name", list(LIBRESPEED_ENDINGS))
def test_every_librespeed_ending_reads_in_spanish(name: str) -> None:
    found, outcome, error = LIBRESPEED_ENDINGS[name]
    backend = LibreSpeedBackend("http://speed.agency.test/")
    _status, message = backend._judge(found, outcome, error)
    _spanish(message)


def test_latency_failures_read_in_spanish() -> None:
    no_server = LatencyProbe(None).run(lambda s: None, CancelToken(), Deadline(5))
    unresolved = LatencyProbe("http://speed.agency.test/", resolver=failing_resolver).run(
        lambda s: None, CancelToken(), Deadline(5)
    )
    for attempt in (no_server, unresolved):
        assert attempt.reason_message is not None
        assert attempt.reason == english(attempt.reason_message)
        _spanish(attempt.reason_message)


def test_a_run_that_finds_nothing_to_test_reads_in_spanish() -> None:
    result = run_connection_test([], latency=lambda a: None)
    assert result.status is ConnectionStatus.NO_SERVERS and result.reason_message is not None
    _spanish(result.reason_message)


def _measured(**figures: Any) -> ConnectionResult:
    base = ConnectionResult(
        status=ConnectionStatus.OK,
        measured_at=utc_now(),
        duration_s=12.0,
        reason="Measured with the agency test server.",
        download_mbps=50.0,
        upload_mbps=10.0,
        rtt_ms=30.0,
        jitter_ms=4.0,
        loss_pct=0.0,
        backend="librespeed",
        server="speed.agency.org",
        reason_message=M_(
            "Measured with {what} at {url}.", what=AGENCY.inside, url="http://speed.agency.org/"
        ),
    )
    return replace(base, **figures)


def _failed(status: ConnectionStatus, error: BaseException) -> ConnectionResult:
    _status, message = classify_error(error, SPEEDTEST_NET)
    return ConnectionResult(status, utc_now(), 2.0, english(message), reason_message=message)


STORED: dict[str, tuple[CheckStatus, ConnectionResult]] = {
    "good line": (CheckStatus.GOOD, _measured()),
    "loss with its interval": (
        CheckStatus.GOOD,
        _measured(loss_pct=0.5, loss_range=(0.2, 1.1), loss_probes=400),
    ),
    "audio only": (CheckStatus.LIMITED, _measured(download_mbps=0.4, upload_mbps=0.3)),
    "too slow": (CheckStatus.MISSING, _measured(download_mbps=0.05, upload_mbps=0.05)),
    "partial": (
        CheckStatus.GOOD,
        _measured(
            status=ConnectionStatus.PARTIAL,
            reason_message=M_(
                "The test reached its time limit; the figures cover the part that finished."
            ),
        ),
    ),
    # Upload not measured: the figures cannot tell (not "missing", which says no connection)
    "only download": (CheckStatus.UNKNOWN, _measured(upload_mbps=None, rtt_ms=None)),
    "entered by hand": (
        CheckStatus.GOOD,
        manual_result(download_mbps=20, upload_mbps=5, rtt_ms=40, note="phone app at home"),
    ),
    "offline": (CheckStatus.MISSING, _failed(ConnectionStatus.OFFLINE, socket.gaierror(-2, "x"))),
    "timed out": (CheckStatus.UNKNOWN, _failed(ConnectionStatus.TIMEOUT, TimeoutError())),
}


@pytest.mark.parametrize("name", list(STORED))
def test_every_stored_connection_result_reads_in_spanish(name: str) -> None:
    status, result = STORED[name]
    stored = to_check_result(result, evaluate(result, THRESHOLDS, ENGLISH))
    assert stored.status is status
    assert_fully_spanish(stored.reason_message, stored.reason)


def test_a_result_measured_in_spanish_is_stored_in_english_and_shown_in_spanish() -> None:
    spanish = translator("es")
    result = _measured(download_mbps=0.4, upload_mbps=0.3)
    verdicts = evaluate(result, THRESHOLDS, spanish)
    assert spanish.render(summary_message(verdicts)) == "Sirve para: Llamada solo de audio."
    assert verdicts[0].title == "Llamada solo de audio"
    stored = to_check_result(result, verdicts)
    assert stored.reason.startswith("Ready for: Audio-only call. (download 0.4 Mbit/s")
    assert spanish.reason(stored).startswith("Sirve para: Llamada solo de audio. (descarga 0,4")
    assert ENGLISH.reason(stored) == stored.reason
    assert from_check_result(stored).reason == stored.reason


def test_use_titles_follow_the_language() -> None:
    english_titles = [v.title for v in evaluate(_measured(), THRESHOLDS, ENGLISH)]
    spanish = evaluate(_measured(), THRESHOLDS, translator("es"))
    assert [v.title_msgid for v in spanish] == english_titles
    assert all(v.title != e for v, e in zip(spanish, english_titles, strict=True))
    slow_result = _measured(download_mbps=0.05)
    slow = " ".join(evaluate(slow_result, THRESHOLDS, translator("es"))[0].reasons)
    assert "0,05 Mbit/s" in slow and "0,1 Mbit/s que se necesita para llamada solo de audio" in slow
