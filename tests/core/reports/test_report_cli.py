"""``readiness report`` and ``readiness export`` from the command line."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.store.database import open_database
from tests.core.reports.helpers import pdf_text, reader
from tests.core.reports.samples import BASE_TIME, filled_document
from tests.factories import cli_key, import_into


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "r.db"
    db = open_database(path, key=cli_key())
    for index in range(3):
        document = filled_document(
            index + 1, code=f"CL{index}", locale="es", created=BASE_TIME + timedelta(days=index)
        )
        import_into(db, document)
    db.close()
    return path


def run(db_file: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The command, by staff MJ (every report and export is audited with who made it)."""
    code = main(["--db", str(db_file), *args, "--staff", "MJ"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_report_writes_each_audience_in_each_language(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assessment = "10000000-0000-4000-8000-000000000001"
    code, out, _err = run(
        db_file, "report", assessment, "--audience", "staff", "--out",
        str(tmp_path / "s.pdf"), capsys=capsys,
    )  # fmt: skip
    assert code == 0 and "staff report" in out
    assert "Informe de preparación digital" in pdf_text((tmp_path / "s.pdf").read_bytes())
    code, _out, _err = run(
        db_file, "report", assessment, "--audience", "service-user", "--lang", "en",
        "--out", str(tmp_path / "u.pdf"), capsys=capsys,
    )  # fmt: skip
    assert code == 0
    assert "Your plan for staying in touch" in pdf_text((tmp_path / "u.pdf").read_bytes())


def test_report_with_a_password_file(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text("correct horse\n", encoding="utf-8")
    code, out, _err = run(
        db_file, "report", "10000000-0000-4000-8000-000000000002", "--audience",
        "service-user", "--out", str(tmp_path / "p.pdf"), "--password-file", str(secret),
        capsys=capsys,
    )  # fmt: skip
    assert code == 0 and "password protected" in out
    pdf = (tmp_path / "p.pdf").read_bytes()
    assert reader(pdf).is_encrypted
    assert "Su plan" in pdf_text(pdf, "correct horse")


def test_report_errors_are_one_line(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(
        db_file, "report", "nope-nope", "--audience", "staff", "--out",
        str(tmp_path / "x.pdf"), capsys=capsys,
    )  # fmt: skip
    assert code == 1 and err.startswith("readiness: error:") and err.count("\n") == 1
    code, _out, err = run(
        db_file, "report", "10000000-0000-4000-8000-000000000001", "--audience", "staff",
        "--out", str(tmp_path / "x.txt"), capsys=capsys,
    )  # fmt: skip
    assert code == 1 and ".pdf" in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    "case",
    [
        ("service-user", "html", "copy.html", '<html lang="es-US">'),
        ("service-user", "text", "copy.txt", "Su plan para mantenerse en contacto\n"),
        ("staff", "html", "record.html", "<h1>Informe de preparación digital</h1>"),
    ],
)
def test_report_writes_the_accessible_forms(
    case: tuple[str, str, str, str],
    db_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    audience, kind, name, words = case
    code, out, _err = run(
        db_file, "report", "10000000-0000-4000-8000-000000000001", "--audience", audience,
        "--format", kind, "--out", str(tmp_path / name), capsys=capsys,
    )  # fmt: skip
    assert code == 0 and str(tmp_path / name) in out
    assert words in (tmp_path / name).read_text(encoding="utf-8")


def test_report_refuses_a_form_the_audience_lacks_or_a_mismatched_name(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assessment = "10000000-0000-4000-8000-000000000001"
    code, _out, err = run(
        db_file, "report", assessment, "--audience", "staff", "--format", "text",
        "--out", str(tmp_path / "s.txt"), capsys=capsys,
    )  # fmt: skip
    assert code == 1 and err.count("\n") == 1
    code, _out, err = run(
        db_file, "report", assessment, "--audience", "service-user", "--format", "html",
        "--out", str(tmp_path / "s.pdf"), capsys=capsys,
    )  # fmt: skip
    assert code == 1 and ".html" in err
    assert not list(tmp_path.glob("s.*"))


@pytest.mark.parametrize("kind", ["csv", "json", "fhir", "summary"])
def test_export_every_format_with_a_date_range(
    kind: str, db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / f"out.{kind}"
    first = BASE_TIME.date()
    code, out, _err = run(
        db_file, "export", "--format", kind, "--since", str(first + timedelta(days=1)),
        "--until", str(first + timedelta(days=2)), "--out", str(out_file), "--staff", "MJ",
        capsys=capsys,
    )  # fmt: skip
    assert code == 0, out
    assert "Wrote 2 assessments" in out
    text = out_file.read_text(encoding="utf-8-sig")
    if kind == "json":
        assert [d["service_user"]["code"] for d in json.loads(text)] == ["CL1", "CL2"]
    elif kind == "fhir":  # the definitions, then one Bundle per assessment
        assert len(text.splitlines()) == 3
    elif kind == "csv":
        assert text.count("\n") == 3 and "CL0" not in text
    else:
        assert "CL1" not in text and "<11" in text


def test_export_refuses_a_backwards_range(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(
        db_file, "export", "--format", "csv", "--since", "2026-12-01", "--until",
        "2026-11-01", "--out", str(tmp_path / "x.csv"), capsys=capsys,
    )  # fmt: skip
    assert code == 1 and "--since is after --until" in err


def test_cli_modules_import_no_heavy_libraries() -> None:
    """readiness.cli is imported at every app start: reportlab and fhir load only when used."""
    import subprocess
    import sys

    probe = (
        "import sys, readiness.cli.report, readiness.cli.export; "
        "print(','.join(m for m in ('reportlab', 'fhir', 'pypdf', 'pydantic') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == ""
