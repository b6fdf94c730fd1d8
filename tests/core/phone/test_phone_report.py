"""What the phone page sends: validated like any import, then stored as measured results."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.model import CheckStatus
from readiness.phone.report import (
    MAX_REPORT_BYTES,
    ReportError,
    read_report,
    report_results,
    system_and_browser,
)
from readiness.thresholds import builtin_thresholds
from tests.core.phone.helpers import IPHONE_UA, REPORT
from tests.factories import BASE_TIME


def _raw(**changes: object) -> bytes:
    return json.dumps({**REPORT, **changes}).encode()


def test_a_report_is_read() -> None:
    report = read_report(_raw())
    assert (report.download_mbps, report.upload_mbps, report.rtt_ms) == (24.6, 9.8, 18.0)
    assert report.connection_type == "wifi"


@pytest.mark.parametrize(
    "changes",
    [
        {"download_mbps": -1},
        {"upload_mbps": 100_001},
        {"rtt_ms": "18"},  # a text where a number belongs
        {"jitter_ms": True},
        {"screen_width": 0},
        {"connection_type": "fibre-to-the-moon"},
        {"target": "somewhere"},
        {"user_agent": "x" * 401},
        {"user_agent": "line\nbreak"},
        {"name": "Maria"},  # nothing beyond the report's own keys (no personal data)
    ],
)
def test_a_report_out_of_shape_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ReportError):
        read_report(_raw(**changes))


@pytest.mark.parametrize(
    "raw",
    [b"", b"[]", b"{", b'{"download_mbps": NaN}', b'{"rtt_ms": Infinity}', b"\xff\xfe",
     b" " * (MAX_REPORT_BYTES + 1)],
)  # fmt: skip
def test_garbage_is_refused(raw: bytes) -> None:
    with pytest.raises(ReportError):
        read_report(raw)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=8,
)


@given(st.dictionaries(st.sampled_from([*REPORT, "declined", "failed", "x"]), JSON_VALUES))
def test_any_json_either_reads_or_is_refused_in_words(data: dict[str, object]) -> None:
    try:
        raw = json.dumps(data).encode()
    except ValueError:
        return
    try:
        report = read_report(raw)
    except ReportError:
        return
    for figure in (report.download_mbps, report.upload_mbps, report.rtt_ms, report.jitter_ms):
        assert figure is None or (math.isfinite(figure) and 0 <= figure <= 100_000)


@given(
    st.floats(0, 100_000, allow_nan=False),
    st.floats(0, 100_000, allow_nan=False),
    st.floats(0, 60_000, allow_nan=False),
)
def test_figures_in_range_are_kept_as_sent(down: float, up: float, rtt: float) -> None:
    report = read_report(_raw(download_mbps=down, upload_mbps=up, rtt_ms=rtt))
    assert (report.download_mbps, report.upload_mbps, report.rtt_ms) == (down, up, rtt)


def test_a_test_to_the_laptop_is_labelled_as_the_wifi_only() -> None:
    results = report_results(
        read_report(_raw()), builtin_thresholds(), measured_at=BASE_TIME, server="the laptop"
    )
    connection, browser = results
    assert connection.check_id == "phone.connection" and connection.source == "measured"
    assert connection.status is CheckStatus.GOOD  # 24.6 / 9.8 Mbit/s meet 1:1 video
    assert "the Wi-Fi between this phone and the laptop only" in connection.reason
    assert connection.values["target"].value == "laptop"
    assert connection.values["download_mbps"].value == 24.6
    assert browser.check_id == "phone.browser"
    assert browser.values["system"].value == "iOS 17.5"
    assert browser.values["screen_width"].value == 390


def test_a_slow_upload_measured_on_the_phone_is_limited() -> None:
    raw = _raw(target="agency", upload_mbps=0.3, download_mbps=5.0)
    connection, _browser = report_results(
        read_report(raw), builtin_thresholds(), measured_at=BASE_TIME, server="https://a/"
    )
    assert connection.status is CheckStatus.LIMITED
    assert "agency's speed-test server" in connection.reason


def test_a_declined_test_stores_no_figures() -> None:
    raw = json.dumps({"declined": True, "user_agent": IPHONE_UA}).encode()
    [browser] = report_results(
        read_report(raw), builtin_thresholds(), measured_at=BASE_TIME, server="the laptop"
    )
    assert browser.check_id == "phone.browser"


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (IPHONE_UA, ("iOS 17.5", "Safari 17.5")),
        (
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/124.0.0.0 Mobile Safari/537.36",
            ("Android 10", "Chrome 124"),
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
            ("Android 13", "Samsung Internet 24"),
        ),
        ("curl/8.0", ("", "")),
    ],
)
def test_the_user_agent_names_system_and_browser(agent: str, expected: tuple[str, str]) -> None:
    assert system_and_browser(agent) == expected
