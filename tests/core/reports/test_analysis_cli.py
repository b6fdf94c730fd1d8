"""The analyst's commands: ``readiness reliability`` (table and JSON) and ``readiness export
--format items|reliability`` (who is acting, sealing with the agency key, refusals)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.protection.sealing import generate_agency_keypair, unseal_file
from readiness.settings import settings_path
from readiness.store.database import open_database
from tests.core.reports.analysis_samples import answered
from tests.core.reports.test_report_cli import run
from tests.core.reports.test_scale_reliability import people
from tests.factories import cli_key, import_into


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "records.db"
    db = open_database(path, key=cli_key())
    for document in people(30):
        import_into(db, document)
    import_into(db, answered(90, {"skills.passwords": "on_my_own"}, code="ZZ9"))
    db.close()
    return path


def unstaffed(
    db_file: Path, *args: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """The command as typed, with no ``--staff`` added."""
    code = main(["--db", str(db_file), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def reliability(
    db_file: Path, *args: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """``readiness reliability``: statistics that name no one, so no staff is asked for."""
    code = main(["--db", str(db_file), "reliability", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_settings(values: dict[str, object]) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values), encoding="utf-8")


def test_reliability_prints_a_table_per_scale_labelled_not_validated(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = reliability(db_file, capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[1]
        == "Not validated: computed from this agency's own records; for local checking only."
    )
    assert "Completed assessments: 31." in out
    assert (
        "preferences.privacy_concern: alpha 1.000 (2 items, 30 complete cases of 30 assessments) "
        "[not validated]" in lines
    )
    assert (
        "skills.basics: no alpha (6 items, 0 complete cases of 1 assessment) [not validated]"
        in lines
    )
    assert "  Not enough cases: 0 complete, at least 30 needed." in lines
    worry = next(line for line in lines if line.strip().startswith("preferences.privacy_worry"))
    assert worry.split()[1:] == ["1.000", "-"]


def test_reliability_json_and_the_agency_mark(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_settings({"validated_instruments": ["preferences@1.0"]})
    code, out, _err = reliability(db_file, "--json", capsys=capsys)
    assert code == 0
    data = json.loads(out)
    privacy = next(s for s in data["scales"] if s["scale"] == "privacy_concern")
    assert privacy["validated"] is True and privacy["alpha"] == 1.0 and privacy["cases"] == 30
    assert privacy["item_statistics"][0]["item"] == "preferences.privacy_worry"
    basics = next(s for s in data["scales"] if s["scale"] == "basics")
    assert basics["validated"] is False and basics["status"] == "too_few_cases"


def test_reliability_refuses_a_lower_minimum_and_a_backward_range(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = reliability(db_file, "--minimum-cases", "10", capsys=capsys)
    assert code == 1 and "--minimum-cases must be 30 or more" in err
    code, _out, err = reliability(
        db_file, "--since", "2026-12-02", "--until", "2026-12-01", capsys=capsys
    )
    assert code == 1 and "--since is after --until" in err
    code, out, _err = reliability(db_file, "--minimum-cases", "31", capsys=capsys)
    assert code == 0 and "at least 31 complete cases" in out
    assert "privacy_concern: no alpha" in out


def test_the_practice_database_has_no_reliability(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    practice = tmp_path / "practice.db"
    assert main(["--db", str(practice), "demo", "--count", "2"]) == 0
    capsys.readouterr()
    code, _out, err = reliability(practice, capsys=capsys)
    assert code == 1 and "practice database" in err
    code, _out, err = run(
        practice, "export", "--format", "items", "--out", str(tmp_path / "i.csv"),
        "--staff", "MJ", capsys=capsys,
    )  # fmt: skip
    assert code == 1 and "practice database" in err and not (tmp_path / "i.csv").exists()


def test_an_export_names_who_is_acting(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "items.csv"
    code, _out, err = unstaffed(
        db_file, "export", "--format", "items", "--out", str(out_file), capsys=capsys
    )
    assert code == 1 and "--staff" in err and not out_file.exists()
    write_settings({"staff_initials": "rg"})
    code, out, err = unstaffed(
        db_file, "export", "--format", "items", "--out", str(out_file), "--plain", capsys=capsys
    )
    assert code == 0 and "not sealed" in err
    assert f"Wrote 31 assessments to {out_file} (all dates)." in out
    assert f"Data dictionary: {tmp_path / 'items-dictionary.csv'}" in out
    code, out, _err = run(db_file, "audit", "--action", "exported", capsys=capsys)
    assert "RG" in out and "items, plain, 31 assessments, all dates" in out


def test_with_the_agency_key_in_settings_the_export_is_sealed(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    public = tmp_path / "agency-public.pem"
    generate_agency_keypair(tmp_path / "agency-private.pem", public, "a long passphrase")
    write_settings({"agency_public_key": str(public)})
    out_file = tmp_path / "alpha.csv"
    code, out, err = run(
        db_file, "export", "--format", "reliability", "--out", str(out_file), "--staff", "MJ",
        "--lang", "es", capsys=capsys,
    )  # fmt: skip
    assert code == 0 and "not sealed" not in err
    assert "sealed to the agency's key" in out and "31 assessments counted" in out
    assert "Not validated" in out
    sealed = tmp_path / "alpha.csv.sealed"
    assert not out_file.exists() and b"privacy_concern" not in sealed.read_bytes()
    opened = tmp_path / "opened.csv"
    unseal_file(sealed, opened, tmp_path / "agency-private.pem", "a long passphrase")
    text = opened.read_text(encoding="utf-8-sig")
    assert "No validado: calculado con los registros de esta agencia" in text
