"""``readiness settings show|check`` and the settings every command gets from the context."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

import readiness.settings
from readiness.cli import CliContext, main
from readiness.settings import SETTINGS_VERSION, Settings, settings_path
from readiness.settings.schema import FIELD_NAMES

ROOT = Path(__file__).resolve().parents[3]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def user_settings(values: dict[str, object]) -> Path:
    """Write the per-user settings file (a temporary home in tests)."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values), encoding="utf-8")
    return path


def test_show_json_reports_what_was_dropped_and_where_each_value_came_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = user_settings(
        {"staff_initials": "mj", "colour": "blue", "lock_after_minutes": 0, "backup_count": 2}
    )
    code, out, err = run(capsys, "settings", "show", "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert set(report) == {"file", "version", "settings", "problems"}
    assert report["file"] == str(path) and report["version"] == 1
    assert list(report["settings"]) == list(FIELD_NAMES)
    assert report["settings"]["staff_initials"] == {"value": "MJ", "origin": "file"}
    assert report["settings"]["backup_count"] == {"value": 2, "origin": "file"}
    assert report["settings"]["lock_after_minutes"] == {"value": 5, "origin": "default"}
    assert report["settings"]["rules_files"] == {"value": [], "origin": "default"}
    assert [problem["field"] for problem in report["problems"]] == ["colour", "lock_after_minutes"]
    assert all(str(path) in problem["message"] for problem in report["problems"])


def test_show_without_a_file_shows_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "settings", "show", "--json")
    report = json.loads(out)
    assert code == 0 and report["version"] is None and report["problems"] == []
    assert {entry["origin"] for entry in report["settings"].values()} == {"default"}
    code, out, _ = run(capsys, "settings", "show")
    assert code == 0 and "none yet" in out


def test_show_as_text_has_one_line_per_setting_and_the_dropped_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    user_settings({"version": SETTINGS_VERSION, "agency_name": "Esperanza", "backup_count": -1})
    code, out, _ = run(capsys, "settings", "show")
    lines = out.splitlines()
    assert code == 0 and f"(version {SETTINGS_VERSION})" in lines[0]
    assert any(line.split() == ["agency_name", "file", '"Esperanza"'] for line in lines)
    assert any(line.split() == ["backup_count", "default", "7"] for line in lines)
    dropped = lines[lines.index("Not used:") + 1 :]
    assert len(dropped) == 1 and "backup_count" in dropped[0]


def test_check_passes_a_clean_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deploy.json"
    path.write_text(json.dumps({"version": 2, "agency_name": "Esperanza"}), encoding="utf-8")
    assert run(capsys, "settings", "check", str(path)) == (0, f"{path}: OK\n", "")


def test_check_lists_each_problem_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deploy.json"
    path.write_text(
        json.dumps({"agency_name": 3, "speed_test_backend": "fast", "extra": 1}), encoding="utf-8"
    )
    code, out, _ = run(capsys, "settings", "check", str(path))
    lines = out.splitlines()
    assert code == 1 and len(lines) == 3
    for line, field in zip(lines, ["agency_name", "speed_test_backend", "extra"], strict=True):
        assert line.startswith(f"{path}: ") and field in line


@pytest.mark.parametrize("content", [None, "not json"], ids=["missing", "not json"])
def test_check_refuses_a_missing_or_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None
) -> None:
    path = tmp_path / "deploy.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "settings", "check", str(path))
    assert code == 1 and str(path) in out + err
    assert len((out + err).splitlines()) == 1


def test_help_lists_the_settings_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert any(line.split()[:1] == ["settings"] for line in capsys.readouterr().out.splitlines())
    with pytest.raises(SystemExit):
        main(["settings"])  # a group without an action prints its help
    lines = capsys.readouterr().out.splitlines()
    actions = [line.split()[0] for line in lines if line.startswith("    ") and line.strip()]
    assert {"show", "check"} <= set(actions)


def test_the_readme_lists_the_settings_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| `readiness settings show [--json]` |" in readme
    assert "| `readiness settings check FILE` |" in readme


# -- settings in the context: read once, handed on -------------------------------------------


def test_the_context_reads_the_settings_once_and_warns_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    user_settings({"staff_initials": "AB", "retention_days": "soon"})
    reads: list[Path] = []
    real = readiness.settings.load_settings

    def counting(path: Path) -> readiness.settings.LoadedSettings:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(readiness.settings, "load_settings", counting)
    context = CliContext(db_path=None)
    assert context.settings() == Settings(staff_initials="AB")
    assert context.settings().staff_initials == "AB"
    assert context.loaded_settings().problem_with("retention_days") is not None
    assert reads == [settings_path()]
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1 and "retention_days" in warnings[0]


def test_purge_takes_the_retention_period_from_settings_and_warns_about_dropped_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_settings({"retention_days": 30, "backup_count": "many"})
    db = str(tmp_path / "r.db")
    code, out, err = run(capsys, "--db", db, "purge", "--yes", "--staff", "MJ")
    assert code == 0 and "Nothing was last changed before" in out
    assert err.count("readiness: warning:") == 1 and "backup_count" in err


def test_check_connection_uses_the_agency_server_in_settings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    user_settings(
        {"speed_test_backend": "librespeed", "speed_test_server": f"http://127.0.0.1:{port}/"}
    )
    code, out, _ = run(capsys, "check", "connection", "--json")
    assert code == 3 and "agency test server" in json.loads(out)["reason"]
    user_settings({"speed_test_backend": "librespeed"})
    code, _, err = run(capsys, "check", "connection")
    assert code == 1 and "needs --server URL" in err
