"""``readiness check connection`` against a loopback server (never the internet)."""

from __future__ import annotations

import json
import re

import pytest

from readiness.cli import main

from .conftest import ServerFactory


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", "connection", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_output(speed_server: ServerFactory, capsys: pytest.CaptureFixture[str]) -> None:
    server = speed_server(rate_mbps=30)
    code, out, _err = run(
        capsys, "--backend", "librespeed", "--server", server.url, "--duration", "1", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert data["status"] == "ok"
    assert data["backend"] == "librespeed" and data["server"] == f"127.0.0.1:{server.port}"
    assert data["download_mbps"] == pytest.approx(30 * 1.06, rel=0.25)
    assert data["upload_mbps"] > 0 and data["rtt_ms"] is not None and data["loss_pct"] == 0
    assert data["jitter_ms"] is not None
    assert set(data["verdicts"]) == {
        "audio_call",
        "video_basic",
        "video_recommended",
        "group_video",
        "fcc_broadband",
    }
    assert data["verdicts"]["video_basic"]["level"] == "ready"


def test_text_output(speed_server: ServerFactory, capsys: pytest.CaptureFixture[str]) -> None:
    server = speed_server(rate_mbps=2, upload_rate_mbps=0)  # slow download only
    code, out, _err = run(
        capsys, "--backend", "librespeed", "--server", server.url, "--duration", "1"
    )
    assert code == 0
    assert out.startswith("Connection: ok (librespeed, 127.0.0.1:")
    assert re.search(r"^Group video peer support \(gallery or HD\) +not_ready$", out, re.M)
    assert re.search(
        r"Download [12]\.\d+ Mbit/s is below the 2.5 Mbit/s needed for group video", out
    )


def test_an_unreachable_server_exits_3_with_the_reason(
    closed_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(
        capsys, "--backend", "librespeed", "--server", f"http://127.0.0.1:{closed_port}/", "--json"
    )
    assert code == 3
    data = json.loads(out)
    assert data["status"] == "offline"
    assert "refused the connection" in data["reason"]
    assert data["verdicts"]["audio_call"]["level"] == "unknown"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--server", "ftp://speed.example.org"], "Setting 'agency speed-test server'"),
        (["--backend", "librespeed"], "needs --server URL"),
        (
            ["--backend", "librespeed", "--server", "http://x/", "--duration", "0"],
            "test length per direction",
        ),
    ],
)
def test_bad_options_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _out, err = run(capsys, *argv)
    assert code == 1
    assert message in err and err.count("\n") == 1
