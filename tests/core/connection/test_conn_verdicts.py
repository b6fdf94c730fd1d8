"""Verdicts per use from the shared thresholds file, and results as stored check results."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from readiness.checks.connection import (
    CHECK_ID,
    ConnectionResult,
    ConnectionStatus,
    Level,
    describe_age,
    evaluate,
    from_check_result,
    manual_result,
    result_to_json,
    to_check_result,
)
from readiness.checks.connection.verdicts import mbps_text
from readiness.errors import ReadinessError
from readiness.i18n import ENGLISH, Translator, translator
from readiness.model import LINE_RATE_FACTOR, CheckStatus, SpeedScale, utc_now
from readiness.thresholds import load_thresholds

THRESHOLDS = load_thresholds()


def measured(**figures: Any) -> ConnectionResult:
    base = ConnectionResult(
        status=ConnectionStatus.OK,
        measured_at=utc_now(),
        duration_s=12.0,
        reason="Measured.",
        download_mbps=50.0,
        upload_mbps=10.0,
        rtt_ms=30.0,
        jitter_ms=4.0,
        loss_pct=0.0,
        backend="librespeed",
        server="speed.agency.org",
    )
    return replace(base, **figures)


def levels(result: ConnectionResult) -> dict[str, Level]:
    return {v.use_id: v.level for v in evaluate(result, THRESHOLDS, ENGLISH)}


def test_a_good_line_is_ready_for_everything_but_the_fcc_benchmark() -> None:
    assert levels(measured()) == {
        "audio_call": Level.READY,
        "video_basic": Level.READY,
        "video_recommended": Level.READY,
        "group_video": Level.READY,
        "fcc_broadband": Level.NOT_READY,
    }
    fcc = evaluate(measured(), THRESHOLDS, ENGLISH)[-1]
    assert fcc.informational and "For information only" in fcc.reasons[-1]
    assert "FCC 2024 Section 706 Report" in fcc.source


def test_a_slow_upload_is_explained_with_the_threshold_and_its_source() -> None:
    verdicts = {v.use_id: v for v in evaluate(measured(upload_mbps=0.4), THRESHOLDS, ENGLISH)}
    assert verdicts["audio_call"].level is Level.READY
    basic = verdicts["video_basic"]
    assert basic.level is Level.NOT_READY
    assert basic.reasons[0].startswith(
        "Upload 0.4 Mbit/s is below the 0.6 Mbit/s needed for video visit"
    )
    assert "Zoom 1:1 high-quality video 600 kbps" in basic.reasons[0]


def test_latency_jitter_and_loss_degrade_then_fail() -> None:
    assert levels(measured(rtt_ms=200))["video_basic"] is Level.DEGRADED
    assert levels(measured(rtt_ms=350))["video_basic"] is Level.NOT_READY  # over the 300 ms bound
    assert levels(measured(jitter_ms=50))["video_recommended"] is Level.DEGRADED
    assert levels(measured(jitter_ms=150))["video_recommended"] is Level.NOT_READY  # poor band
    assert levels(measured(loss_pct=3))["audio_call"] is Level.DEGRADED
    assert levels(measured(loss_pct=6))["audio_call"] is Level.NOT_READY
    reason = evaluate(measured(loss_pct=3), THRESHOLDS, ENGLISH)[0].reasons[0]
    assert reason.startswith("Packet loss 3% is over the 1% needed for audio-only call")


def test_missing_figures_are_said_not_hidden() -> None:
    verdict = evaluate(measured(loss_pct=None), THRESHOLDS, ENGLISH)[0]
    assert verdict.level is Level.READY
    assert "Packet loss was not measured." in verdict.reasons
    assert evaluate(measured(upload_mbps=None), THRESHOLDS, ENGLISH)[0].level is Level.UNKNOWN


def test_no_measurement_gives_unknown_with_the_reason() -> None:
    offline = ConnectionResult(
        status=ConnectionStatus.OFFLINE,
        measured_at=utc_now(),
        duration_s=0.1,
        reason="The computer seems to be offline.",
    )
    verdicts = evaluate(offline, THRESHOLDS, ENGLISH)
    assert {v.level for v in verdicts} == {Level.UNKNOWN}
    assert "offline" in verdicts[0].reasons[0]


def test_check_result_status_and_round_trip() -> None:
    result = measured()
    stored = to_check_result(result, evaluate(result, THRESHOLDS, ENGLISH))
    assert stored.check_id == CHECK_ID == "connection.bandwidth"
    assert stored.status is CheckStatus.GOOD
    assert (
        stored.values["download_mbps"].value == 50.0
        and stored.values["download_mbps"].unit == "Mbit/s"
    )
    assert stored.values["verdict.video_basic"].value == "ready"
    assert "download 50 Mbit/s" in stored.reason
    back = from_check_result(stored)
    assert (back.status, back.download_mbps, back.upload_mbps, back.rtt_ms, back.loss_pct) == (
        ConnectionStatus.OK,
        50.0,
        10.0,
        30.0,
        0.0,
    )
    assert back.measured_at == result.measured_at and back.backend == "librespeed"


@pytest.mark.parametrize(
    ("result", "status"),
    [
        (measured(upload_mbps=1.0), CheckStatus.LIMITED),
        (measured(download_mbps=0.05), CheckStatus.MISSING),
        (
            ConnectionResult(ConnectionStatus.OFFLINE, utc_now(), 0.0, "offline"),
            CheckStatus.MISSING,
        ),
        (ConnectionResult(ConnectionStatus.TIMEOUT, utc_now(), 0.0, "slow"), CheckStatus.UNKNOWN),
    ],
)
def test_check_status(result: ConnectionResult, status: CheckStatus) -> None:
    assert to_check_result(result, evaluate(result, THRESHOLDS, ENGLISH)).status is status


def test_manual_entry_is_marked_and_validated() -> None:
    result = manual_result(
        download_mbps=12.5, upload_mbps=2.0, rtt_ms=45, note="phone app at the clinic"
    )
    assert result.manual and result.backend == "manual"
    assert "Entered by hand" in result.reason and "phone app" in result.reason
    stored = to_check_result(result, evaluate(result, THRESHOLDS, ENGLISH))
    assert stored.source == "manual"
    assert "Figures entered by hand." in evaluate(result, THRESHOLDS, ENGLISH)[0].reasons
    assert from_check_result(stored).manual
    with pytest.raises(ReadinessError, match="Upload"):
        manual_result(download_mbps=10, upload_mbps=-1)
    with pytest.raises(ReadinessError, match="Packet loss"):
        manual_result(download_mbps=10, upload_mbps=1, loss_pct=150)
    with pytest.raises(ReadinessError, match="Download"):
        manual_result(download_mbps=float("inf"), upload_mbps=1)


def test_json_has_the_documented_keys() -> None:
    result = measured()
    data = result_to_json(result, evaluate(result, THRESHOLDS, ENGLISH), ENGLISH)
    for key in (
        "status",
        "download_mbps",
        "upload_mbps",
        "rtt_ms",
        "jitter_ms",
        "loss_pct",
        "backend",
        "server",
        "verdicts",
    ):
        assert key in data
    assert data["verdicts"]["video_basic"]["level"] == "ready"
    assert data["status"] == "ok"


def test_age_in_words() -> None:
    now = utc_now()

    def age(ago: timedelta, t: Translator = ENGLISH) -> str:
        return t.render(describe_age(now - ago, now))

    assert age(timedelta(seconds=20)) == "just now"
    assert age(timedelta(minutes=25)) == "25 minutes ago"
    assert age(timedelta(hours=1, minutes=5)) == "1 hour ago"
    assert age(timedelta(days=3)) == "3 days ago"
    assert age(timedelta(minutes=1, seconds=30), translator("es")) == "hace 1 minuto"
    assert age(timedelta(days=1), translator("es")) == "hace 1 día"
    assert age(timedelta(hours=5), translator("es")) == "hace 5 horas"


def test_speeds_read_aloud() -> None:
    assert [mbps_text(v, ENGLISH) for v in (0.4, 0.05, 5.0, 23.46, 120.4)] == [
        "0.4",
        "0.05",
        "5",
        "23.5",
        "120",
    ]


def test_loss_near_the_limit_gives_no_verdict_until_it_is_sure() -> None:
    # finding: a 1 % line read 0, 0, 5, 5, 10 % and the verdicts flipped between ready
    # and degraded; with its interval spanning the limit, loss now decides nothing
    unsure = measured(loss_pct=1.2, loss_range=(0.6, 1.9), loss_probes=400)
    assert levels(unsure)["video_recommended"] is Level.READY
    reasons = evaluate(unsure, THRESHOLDS, ENGLISH)[2].reasons
    assert any("not enough measurements to tell" in reason for reason in reasons)
    spanish = evaluate(unsure, THRESHOLDS, translator("es"))[2].reasons
    assert any("no hay mediciones suficientes" in reason for reason in spanish)
    sure = measured(loss_pct=2.5, loss_range=(1.6, 3.6), loss_probes=400)
    assert levels(sure)["video_recommended"] is Level.DEGRADED
    clean = measured(loss_pct=0.0, loss_range=(0.0, 0.34), loss_probes=400)
    assert levels(clean)["video_recommended"] is Level.READY
    far = measured(loss_pct=9.0, loss_range=(6.0, 12.0), loss_probes=400)
    assert levels(far)["audio_call"] is Level.NOT_READY


def test_figures_say_their_scale_and_loss_its_interval() -> None:
    result = measured(loss_pct=0.5, loss_range=(0.2, 1.1), loss_probes=400)
    data = result_to_json(result, evaluate(result, THRESHOLDS, ENGLISH), ENGLISH)
    assert data["speed_scale"] == "line_rate"
    assert data["loss_range_pct"] == [0.2, 1.1] and data["loss_probes"] == 400
    assert data["loss_confidence"] == 0.9
    stored = to_check_result(result, evaluate(result, THRESHOLDS, ENGLISH))
    back = from_check_result(stored)
    assert back.speed_scale is SpeedScale.LINE_RATE
    assert back.loss_range == (0.2, 1.1) and back.loss_probes == 400


def test_a_result_stored_before_scales_reads_back() -> None:
    stored = to_check_result(measured(), evaluate(measured(), THRESHOLDS, ENGLISH))
    values = {k: v for k, v in stored.values.items() if not k.startswith(("speed_", "loss_"))}
    values["loss_pct"] = stored.values["loss_pct"]
    old = replace(stored, values=values)
    back = from_check_result(old)
    assert back.speed_scale is None and back.loss_range is None and back.loss_probes == 0
    assert back.download_mbps == 50.0
    assert levels(back) == levels(measured())


def test_thresholds_written_as_goodput_are_compared_on_the_line_rate_scale(
    tmp_path: Path,
) -> None:
    agency = tmp_path / "agency.yaml"
    agency.write_text(
        "schema_version: 1\nconnection:\n  video_basic:\n    scale: goodput\n"
        "    download_mbps: 1.0\n    upload_mbps: 1.0\n",
        encoding="utf-8",
    )
    tier = load_thresholds(agency).connection["video_basic"]
    assert tier.download_mbps == pytest.approx(1.0 * LINE_RATE_FACTOR)
    assert all(t.scale is SpeedScale.LINE_RATE for t in THRESHOLDS.connection.values())
