"""The JSON export goes back in: ``readiness assessment import`` takes the export's array,
stores it all or nothing, and export → import into an empty database → export gives the
same file, byte for byte (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.store.database import open_database
from tests.core.reports.samples import filled_document
from tests.factories import cli_key, import_into


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def export(capsys: pytest.CaptureFixture[str], db: Path, out: Path) -> None:
    code, _out, err = run(
        capsys, "--db", str(db), "export", "--format", "json", "--plain", "--out", str(out),
        "--staff", "MJ",
    )  # fmt: skip
    assert code == 0, err


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "laptop-a.db"
    db = open_database(path, key=cli_key())
    for seed in range(1, 6):
        import_into(db, filled_document(seed, code=f"RT{seed:02d}-0001"))
    db.close()
    return path


def test_export_import_export_gives_the_same_file(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.json"
    export(capsys, source, first)
    target = tmp_path / "laptop-b.db"
    code, out, err = run(
        capsys, "--db", str(target), "assessment", "import", str(first), "--staff", "MJ"
    )
    assert code == 0, err
    assert out == "Imported 5 assessments.\n"
    second = tmp_path / "second.json"
    export(capsys, target, second)
    assert len(json.loads(first.read_text(encoding="utf-8"))) == 5
    assert second.read_bytes() == first.read_bytes()


def test_one_bad_document_in_the_array_imports_nothing(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "all.json"
    export(capsys, source, exported)
    documents = json.loads(exported.read_text(encoding="utf-8"))
    documents[2]["service_user"]["code"] = "not a code!"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(documents), encoding="utf-8")
    target = tmp_path / "laptop-b.db"
    code, _out, err = run(
        capsys, "--db", str(target), "assessment", "import", str(broken), "--staff", "MJ"
    )
    assert code == 1 and "document 3" in err and "nothing was imported" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    code, out, _err = run(capsys, "--db", str(target), "assessments", "list")
    assert "No assessments found." in out


def test_the_same_assessment_twice_in_one_file_imports_nothing(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "all.json"
    export(capsys, source, exported)
    documents = json.loads(exported.read_text(encoding="utf-8"))
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps([documents[0], documents[1], documents[0]]), encoding="utf-8")
    target = tmp_path / "laptop-b.db"
    code, _out, err = run(
        capsys, "--db", str(target), "assessment", "import", str(twice), "--staff", "MJ"
    )
    assert code == 1 and "document 3" in err and "--replace" in err
    code, out, _err = run(capsys, "--db", str(target), "assessments", "list")
    assert "No assessments found." in out
    code, out, _err = run(
        capsys, "--db", str(target), "assessment", "import", str(twice), "--staff", "MJ",
        "--replace",
    )  # fmt: skip
    assert code == 0 and out == "Imported 3 assessments.\n"
