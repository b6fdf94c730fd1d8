"""``readiness assess --input FILE [--json]``: the same results as the app, without a window."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.document import to_json
from readiness.plan import Decision, Plan
from tests.core.equity.helpers import PERSONAS, persona

SLOW_UPLOAD = PERSONAS / "p06_slow_upload_measured.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_has_profile_channels_and_recommendations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "assess", "--input", str(SLOW_UPLOAD), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data["profile"]) >= {
        "connectivity",
        "devices",
        "affordability",
        "digital_skills",
        "health_information",
        "communication",
        "support_privacy",
        "motivation",
    }
    for domain in data["profile"].values():
        assert {"score", "band", "reasons"} <= set(domain)
    video = data["channels"]["video"]
    assert video["verdict"] == "not_suitable_now"
    assert (
        "Upload 0.4 Mbit/s (measured) is below the 0.6 Mbit/s a 1:1 video call needs."
        in video["reasons"][0]
    )
    assert set(data["channels"]) == {
        "phone",
        "text",
        "video",
        "group_video",
        "app",
        "email",
        "in_person",
    }
    first = data["recommendations"][0]
    assert {"id", "priority", "reason"} <= set(first)
    assert first["id"] == "phone_first" and first["priority"] == "high"
    assert "plan" not in data


def test_text_output_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", "--input", str(SLOW_UPLOAD), "--locale", "es")
    assert code == 0
    assert "Videollamada (1 a 1): No es adecuado por ahora" in out
    assert "P06-UPLOAD" in out and "No validado" in out


def test_plan_in_the_document_is_shown_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace
    from datetime import date

    plan = Plan(text="Phone on Mondays", follow_up=date(2026, 12, 7)).with_decision(
        "phone_first", Decision.ACCEPTED, "Phone calls as the main way for now"
    )
    path = tmp_path / "with_plan.json"
    path.write_text(to_json(replace(persona("p06_slow_upload_measured"), plan=plan)), "utf-8")
    code, out, _ = run(capsys, "assess", "--input", str(path), "--json")
    assert code == 0
    assert json.loads(out)["plan"] == {
        "decisions": [
            {
                "id": "phone_first",
                "decision": "accepted",
                "title": "Phone calls as the main way for now",
                "who": None,
                "initials": "",
                "due": None,
                "done": False,
            }
        ],
        "added": [],
        "text": "Phone on Mondays",
        "follow_up": "2026-12-07",
    }


def test_a_broken_agency_rules_file_is_a_warning_and_the_built_ins_apply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "agency.yaml"
    bad.write_text(
        "format: readiness-rules\nschema_version: 1\noverall: {min_domains: 0}\n", "utf-8"
    )
    code, out, err = run(
        capsys, "assess", "--input", str(SLOW_UPLOAD), "--json", "--rules", str(bad)
    )
    assert code == 0
    expected = f"{bad}: overall.min_domains: "
    assert f"readiness: warning: {expected}" in err
    assert json.loads(out)["rules"] == "built-in"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{", "not valid JSON (line 1"),
        ('{"format": "readiness-assessment", "schema_version": 9}', "newer version of Readiness"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = tmp_path / "doc.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "assess", "--input", str(path))
    assert code == 1 and out == ""
    assert err.startswith("readiness: error: ") and message in err
    assert err.count("\n") == 1


def test_input_from_stdin_and_no_heavy_import_at_cli_start() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "assess", "--input", "-", "--json"],
        input=SLOW_UPLOAD.read_text("utf-8"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["channels"]["video"]["verdict"] == "not_suitable_now"
    probe = (
        "import sys, readiness.cli, readiness.cli.assess;"
        "heavy = [m for m in ('pydantic', 'yaml', 'sqlite_utils', 'readiness.equity.engine')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
