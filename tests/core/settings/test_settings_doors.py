"""Settings never stop the app: a hostile settings file gives the defaults and says which.

Found before the one reader: a settings file that is a pipe hung every command; a
5 MB agency name made ``report`` hang for over two minutes. A file nested a thousand
levels deep, or holding NaN, must give every command its defaults and one line
saying why, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.document import to_json
from readiness.settings import load_settings, save_settings, settings_path
from readiness.settings.schema import NAME_LIMIT, Settings
from tests.factories import make_document

COMMANDS = (
    ["settings", "show"],
    ["assess", "--input", "DOCUMENT"],
    ["check", "device", "--json"],
    ["questionnaire", "list"],
    ["assessments", "list"],
)
READ_SETTINGS = 3
"""The first commands read the settings (the others never need them)."""


def _settings_file(text: str) -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"agency_name": ' + "[" * 1000 + "]" * 1000 + "}", "nested more than 32 levels"),
        ('{"zzz": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than 32 levels"),
        ('{"retention_days": NaN}', "holds NaN or Infinity"),
        ('{"backup_count": 1e999}', "holds a number too large to be read"),
    ],
)
def test_a_hostile_settings_file_gives_every_command_its_defaults(
    text: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _settings_file(text)
    document = tmp_path / "a.json"
    document.write_text(to_json(make_document()), encoding="utf-8")
    for index, command in enumerate(COMMANDS):
        argv = [str(document) if part == "DOCUMENT" else part for part in command]
        code = main(["--db", str(tmp_path / "r.db"), *argv])
        captured = capsys.readouterr()
        said = captured.err + captured.out  # ``settings show`` lists what it dropped
        assert code == 0, f"{command}: {said}"
        assert "Traceback" not in said
        if index < READ_SETTINGS:
            assert f"{path}: {words}" in said, f"{command}: {said}"
            assert "every setting has its default value" in said


def test_a_settings_file_that_is_a_pipe_gives_the_defaults_at_once(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    done = subprocess.run(  # a child, so a hang fails this test instead of the run
        [sys.executable, "-m", "readiness", "settings", "show"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"{path}: this is a pipe, not a file saved on disk" in done.stdout + done.stderr
    assert load_settings(path).settings == Settings()


def test_a_long_agency_name_is_dropped_and_said(tmp_path: Path) -> None:
    path = _settings_file(json.dumps({"agency_name": "A" * 500_000, "backup_count": 3}))
    loaded = load_settings(path)
    assert loaded.settings == Settings(backup_count=3)
    problem = loaded.problem_with("agency_name")
    assert problem is not None
    assert problem.message == (
        f"{path}: setting 'agency_name': too long (500,000 characters; at most "
        f'{NAME_LIMIT}); the default ("") is used instead'
    )
    named = Settings(agency_name="Esperanza Peer Support")
    save_settings(named, path)
    assert load_settings(path).settings == named


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("agency_name", "Esperanza\u202e", "hidden characters"),
        ("agency_name", "Line one\nline two", "hidden characters"),
        ("thresholds_file", "/agency/\x1b[2Jthresholds.yaml", "hidden characters"),
        ("agency_logo", "/" + "a" * 5000, "too long (5,001 characters; at most 4,096)"),
        ("rules_files", ["/r.yaml"] * 101, "101 files; a list holds at most 100"),
    ],
)
def test_text_settings_refuse_hidden_characters_and_length(
    name: str, value: object, words: str
) -> None:
    path = _settings_file(json.dumps({name: value}))
    problem = load_settings(path).problem_with(name)
    assert problem is not None and words in problem.message


def test_the_contact_keeps_its_lines() -> None:
    path = _settings_file(json.dumps({"agency_contact": "Call 555-0100\nMon-Fri 9-5"}))
    assert load_settings(path).settings.agency_contact == "Call 555-0100\nMon-Fri 9-5"


@pytest.mark.parametrize(
    ("repeats", "words"),
    [
        (500_000, "this file is too large to be a settings file"),  # 5 MB: the whole file
        (90_000, "setting 'agency_name': too long (899,999 characters; at most 200)"),
    ],
)
def test_report_with_a_huge_agency_name_finishes(
    repeats: int, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 5 MB name made it hang for over two minutes (run in a child process, so a hang
    fails this test and not the whole run)."""
    db = tmp_path / "r.db"
    document = make_document()
    source = tmp_path / "a.json"
    source.write_text(to_json(document), encoding="utf-8")
    assert main(["--db", str(db), "assessment", "import", str(source), "--staff", "MJ"]) == 0
    capsys.readouterr()
    _settings_file(json.dumps({"agency_name": "Esperanza " * repeats}))
    out = tmp_path / "r.pdf"
    report = ["report", document.assessment.id, "--audience", "staff", "--out", str(out)]
    report += ["--staff", "MJ"]
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "--db", str(db), *report],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"{settings_path()}: {words}" in done.stderr
    assert out.stat().st_size > 0
