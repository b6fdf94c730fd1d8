"""The ``readiness`` command line, run in-process and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from readiness import __version__
from readiness.cli import main
from readiness.document import to_dict, to_json
from tests.factories import make_document


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"readiness {__version__}"


def test_no_command_without_a_gui_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "not available" in capsys.readouterr().err


def test_no_command_opens_the_gui_with_the_chosen_database(tmp_path: Path) -> None:
    opened: list[Path | None] = []
    assert main(["--db", str(tmp_path / "x.db")], open_gui=lambda p: opened.append(p) or 0) == 0
    assert opened == [tmp_path / "x.db"]


def test_import_list_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "r.db")
    document = make_document(code="ZX-77", answers=4)
    source = tmp_path / "a.json"
    source.write_text(to_json(document), encoding="utf-8")

    code, out, _ = run(capsys, "--db", db, "assessments", "list")
    assert (code, out.strip()) == (0, "No assessments found.")
    code, out, err = run(capsys, "--db", db, "assessment", "import", str(source), "--staff", "MJ")
    assert code == 0, err
    assert f"Imported assessment {document.assessment.id} for ZX-77" in out

    code, out, _ = run(capsys, "--db", db, "assessments", "list", "--json")
    listing = json.loads(out)
    assert listing["total"] == 1
    assert listing["items"][0]["service_user_code"] == "ZX-77"
    code, out, _ = run(capsys, "--db", db, "assessments", "list")
    assert "ZX-77" in out and "Page 1 of 1 (1 assessment)" in out
    code, out, _ = run(capsys, "--db", db, "assessments", "list", "--search", "q")
    assert "No assessments found." in out

    code, out, _ = run(
        capsys, "--db", db, "assessment", "show", document.assessment.id, "--json", "--staff", "MJ"
    )
    shown = json.loads(out)

    def by_item(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        return sorted(rows, key=lambda row: str(row["item_id"]))

    assert by_item(shown["answers"]) == by_item(to_dict(document)["answers"])
    code, out, _ = run(
        capsys, "--db", db, "assessment", "show", document.assessment.id[:8], "--staff", "MJ"
    )
    assert "Service user ZX-77" in out and "device.memory" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not json", "bad.json: not valid JSON"),
        (
            '{"format": "readiness-assessment", "schema_version": 99}',
            "bad.json: written by a newer",
        ),
        ('{"assessment": {}}', "bad.json: service_user: "),
    ],
)
def test_import_of_a_bad_document_is_one_line_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    db = str(tmp_path / "r.db")
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    code, out, err = run(capsys, "--db", db, "assessment", "import", str(bad), "--staff", "MJ")
    assert code == 1
    assert expected in err
    assert err.count("\n") == 1 and "Traceback" not in err
    code, out, _ = run(capsys, "--db", db, "assessments", "list")
    assert "No assessments found." in out


def test_import_of_the_same_assessment_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "r.db")
    source = tmp_path / "a.json"
    source.write_text(to_json(make_document()))
    assert run(capsys, "--db", db, "assessment", "import", str(source), "--staff", "MJ")[0] == 0
    code, _, err = run(capsys, "--db", db, "assessment", "import", str(source), "--staff", "MJ")
    assert code == 1 and "--replace" in err
    assert (
        run(capsys, "--db", db, "assessment", "import", str(source), "--staff", "MJ", "--replace")[
            0
        ]
        == 0
    )


def test_missing_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "--db", str(tmp_path / "r.db"), "assessment", "import", "nope.json", "--staff", "MJ"
    )
    assert code == 1 and "nope.json: no such file" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "no" / "r.db"), "assessments", "list")
    assert code == 1 and "does not exist" in err


def test_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "photo.db"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    code, _, err = run(capsys, "--db", str(path), "assessments", "list")
    assert code == 1 and "photo.db: the passphrase does not open" in err
    assert "not a Readiness database" in err


def test_the_installed_command_runs_headless(tmp_path: Path) -> None:
    """The real entry point, in a separate process: no Qt needed for commands."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "readiness_ui",
            "--db",
            str(tmp_path / "r.db"),
            "assessments",
            "list",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 0


def test_opening_the_app_skips_the_command_parser() -> None:
    from readiness_ui.launcher import _app_only

    assert _app_only([]) == (True, None)
    assert _app_only(["--db", "x.db"]) == (True, Path("x.db"))
    assert _app_only(["--db=x.db"]) == (True, Path("x.db"))
    assert _app_only(["--db", "x.db", "assessments", "list"]) == (False, None)
    assert _app_only(["--version"]) == (False, None)
    assert _app_only(["--db", "--version"]) == (False, None)


def run_probe(probe: str) -> subprocess.CompletedProcess[str]:
    """``probe`` run by a fresh Python; it must succeed."""
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result


def test_start_up_imports_no_heavy_libraries() -> None:
    """Opening the app must not pay for pydantic, YAML, reportlab or sqlite-utils up front."""
    probe = (
        "import sys, readiness_ui.launcher, readiness_ui.app, readiness.cli;"
        "readiness.cli.build_parser();"
        "heavy = {'pydantic', 'yaml', 'reportlab', 'sqlite_utils', 'fhir', 'psutil'};"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = run_probe(probe)
    assert result.stdout.strip() == "[]"


def test_media_probes_come_from_the_launcher(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core never names the GUI: the launcher hands in the Qt media probe factory."""
    import readiness.cli
    import readiness_ui.launcher

    handed: dict[str, object] = {}

    def fake_main(argv: list[str], **kwargs: object) -> int:
        handed.update(kwargs)
        return 0

    monkeypatch.setattr(readiness.cli, "main", fake_main)
    assert readiness_ui.launcher.main(["check", "device", "--media"]) == 0
    assert callable(handed["media_checks"]) and callable(handed["open_gui"])


def test_media_probes_without_the_gui_are_reported_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from readiness.cli import main

    assert main(["check", "device", "--media", "--json"]) == 0
    captured = capsys.readouterr()
    assert "not available" in captured.err
    statuses = {item["id"]: item["status"] for item in json.loads(captured.out)}
    assert statuses["device.camera"] == "unknown"


def test_nothing_is_written_without_someone_acting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "r.db")
    source = tmp_path / "doc.json"
    source.write_text(to_json(make_document()), encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "assessment", "import", str(source))
    assert code == 1 and "--staff INITIALS" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "--db", db, "assessments", "list", "--json")
    assert json.loads(out)["total"] == 0


def test_status_and_complete_follow_the_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same rules as the app: consent and initials first; the list says what blocks."""
    from dataclasses import replace

    db = str(tmp_path / "r.db")
    document = make_document()
    document = replace(document, assessment=replace(document.assessment, staff_initials=""))
    source = tmp_path / "doc.json"
    source.write_text(to_json(document), encoding="utf-8")
    assert run(capsys, "--db", db, "assessment", "import", str(source), "--staff", "AD")[0] == 0
    key = document.assessment.id

    code, out, _ = run(capsys, "--db", db, "assessment", "status", key, "--json", "--staff", "MJ")
    status = json.loads(out)
    assert code == 0 and status["can_complete"] is False
    blocking = {item["kind"] for item in status["missing"] if item["blocks"]}
    assert blocking == {"consent", "initials"}
    assert [step["step"] for step in status["steps"]][:2] == ["overview", "consent"]
    assert status["answered"] <= status["applicable"]

    code, _, err = run(capsys, "--db", db, "assessment", "complete", key, "--staff", "AD")
    assert code == 1 and "consent choices are not recorded" in err and "initials" in err
    code, out, _ = run(
        capsys, "--db", db, "assessment", "status", key, "--lang", "es", "--staff", "MJ"
    )
    assert "Faltan las iniciales del personal." in out and "Can complete no (2 blocking)" in out


def test_assess_opens_no_store(tmp_path: Path) -> None:
    """``readiness assess`` reads a file and prints: it checks the answers without loading
    the records' store or the database driver."""
    document = tmp_path / "a.json"
    document.write_text(to_json(make_document(answers=5)), encoding="utf-8")
    probe = (
        "import sys; from readiness.cli import main;"
        f"code = main(['assess', '--input', {str(document)!r}, '--json']);"
        "store = {'sqlcipher3', 'sqlite_utils'};"
        "print(code, sorted(m for m in sys.modules"
        " if m in store or m.startswith('readiness.store')), file=sys.stderr)"
    )
    result = run_probe(probe)
    assert json.loads(result.stdout)["profile"]
    assert result.stderr.strip().splitlines()[-1] == "0 []"
