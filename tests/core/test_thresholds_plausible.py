"""An agency thresholds file with absurd or inverted limits is refused, blaming that file.

Before, thresholds with inverted tiers or 1e308 passed validation; ``assess`` then
failed with a message blaming the "built-in rules". Now the thresholds file itself is
refused with its key, and the built-in thresholds stay in force.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli import main
from readiness.document import to_json
from readiness.thresholds import builtin_thresholds, load_thresholds_with_fallback
from tests.factories import make_document

CASES = {
    "1e308 as a bandwidth": (
        "connection:\n  video_basic:\n    download_mbps: 1.0e308\n",
        "key 'connection.video_basic.download_mbps'",
    ),
    "a minute and a half of round trip": (
        "connection:\n  audio_call:\n    rtt_ms: 90000\n",
        "key 'connection.audio_call.rtt_ms'",
    ),
    "150 % loss": ("connection:\n  audio_call:\n    loss_pct: 150\n", "loss_pct"),
    "audio needing more than video": (
        "connection:\n  audio_call:\n    download_mbps: 50\n    upload_mbps: 50\n",
        "key 'connection.video_basic.download_mbps': 0.6 is less than audio_call needs (50)",
    ),
    "group video needing less than 1:1 video": (
        "connection:\n  group_video:\n    upload_mbps: 0.2\n",
        "key 'connection.group_video.upload_mbps': 0.2 is less than video_recommended needs",
    ),
    "a minimum above what is recommended": (
        "device:\n  memory:\n    minimum:\n      value: 16\n",
        "key 'device.memory.recommended': 4 is below minimum (16)",
    ),
    "1e308 GB of memory": (
        "device:\n  memory:\n    group:\n      value: 1.0e308\n",
        "key 'device.memory.group.value'",
    ),
    "a loss band that calls every loss poor": (  # found by the fuzz harness's long run
        "connection_bands:\n  loss_pct: {good_below: 0, poor_above: 0}\n",
        "key 'connection.audio_call.loss_pct': 1 is past connection_bands.loss_pct.poor_above (0)",
    ),
    "1:1 video allowing more delay than a basic video call": (
        "connection:\n  video_recommended:\n    rtt_ms: 400\n",
        "key 'connection.video_recommended.rtt_ms': 400 is more than video_basic allows (150)",
    ),
    "a degraded round trip shorter than a fine one": (
        "connection:\n  video_basic:\n    rtt_ms_degraded: 120\n",
        "key 'connection.video_basic.rtt_ms_degraded': 120 is below rtt_ms (150)",
    ),
    "a band upside down": (
        "connection_bands:\n  rtt_ms: {good_below: 500, poor_above: 100}\n",
        "key 'connection_bands.rtt_ms.poor_above': is below good_below",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_absurd_or_inverted_thresholds_blame_the_agency_file(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, words = CASES[case]
    agency = tmp_path / "agency-thresholds.yaml"
    agency.write_text("schema_version: 1\n" + text, encoding="utf-8")
    thresholds, problem = load_thresholds_with_fallback(agency)
    assert thresholds is builtin_thresholds()
    assert problem is not None and problem.startswith(f"{agency}: ") and words in problem
    document = tmp_path / "a.json"
    document.write_text(to_json(make_document()), encoding="utf-8")
    assert main(["assess", "--input", str(document), "--thresholds", str(agency)]) == 0
    err = capsys.readouterr().err
    assert f"readiness: warning: {agency}: " in err and words in err
    assert "built-in rules" not in err
    assert "the built-in thresholds are used instead" in err


def test_the_built_in_thresholds_are_in_order() -> None:
    assert load_thresholds_with_fallback(None) == (builtin_thresholds(), None)
