"""``readiness questionnaire list | validate | export``: output, exit codes, problem lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from fhir.resources.R4B.questionnaire import Questionnaire

from readiness.cli import main
from tests.core.questionnaire.samples import items_of, minimal

ROOT = Path(__file__).resolve().parents[3]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_list_shows_the_builtin_instruments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "questionnaire", "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["ID", "VERSION", "ITEMS"]
    assert [line.split()[0] for line in lines[1:]] == [
        "access", "skills", "health_info", "comm", "preferences"
    ]  # fmt: skip
    assert "built-in access.yaml" in lines[1]


def test_list_with_agency_files_reports_the_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    agency = minimal(id="agency_screen")
    for entry in items_of(agency):
        entry["id"] = entry["id"].replace("demo.", "agency_screen.")
    items_of(agency)[1]["show_when"]["item"] = "agency_screen.has_phone"
    agency["scales"][0]["items"] = [
        {"item": "agency_screen.phone_kind"}, {"item": "agency_screen.trouble"}
    ]  # fmt: skip
    agency["licence"]["redistribute_text"] = False
    write(tmp_path / "agency.yaml", agency)
    (tmp_path / "broken.yaml").write_text("format: [", encoding="utf-8")
    code, out, err = run(capsys, "questionnaire", "list", str(tmp_path))
    assert code == 0
    assert "agency_screen" in out and "(text not shared)" in out
    assert err.startswith(f"skipped: {tmp_path / 'broken.yaml'}: not valid YAML")


def test_validate_valid_files_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "questionnaire", "validate", str(ROOT / "questionnaires"))
    assert code == 0
    assert len(out.splitlines()) == 5
    assert "access.yaml: valid (access 1.1, 17 items, 2 scales)" in out


def test_validate_prints_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = minimal()
    items_of(data)[0]["type"] = "slider"
    items_of(data)[2]["colour"] = "red"
    bad = write(tmp_path / "bad.yaml", data)
    code, out, _ = run(capsys, "questionnaire", "validate", str(bad), str(tmp_path / "none.json"))
    assert code == 1
    assert out.splitlines() == [
        f"{bad}: item demo.has_phone: type: unknown item type 'slider': use 'single_choice', "
        "'multiple_choice', 'yes_no', 'likert', 'number' or 'short_text'",
        f"{bad}: item demo.trouble: colour: not a known field (check the spelling)",
        f"{tmp_path / 'none.json'}: no such file",
    ]


def test_validate_warns_about_an_id_taken_by_a_builtin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    copy = tmp_path / "access.yaml"
    copy.write_text((ROOT / "questionnaires" / "access.yaml").read_text(encoding="utf-8"))
    code, out, _ = run(capsys, "questionnaire", "validate", str(copy))
    assert code == 1
    assert "instrument id 'access' is already used by the built-in access.yaml" in out


def test_validate_an_empty_folder_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "questionnaire", "validate", str(tmp_path))
    assert code == 1
    assert "no instrument files" in err


def test_export_fhir_prints_a_valid_questionnaire(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "questionnaire", "export", "health_info", "--format", "fhir")
    assert code == 0
    resource = Questionnaire.model_validate(json.loads(out))
    assert resource.id == "health-info"


def test_export_to_a_file_in_spanish(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "comm.json"
    code, out, _ = run(
        capsys, "questionnaire", "export", "comm", "--locale", "es", "--output", str(target)
    )
    assert code == 0 and out.strip() == f"Wrote {target}"
    assert json.loads(target.read_text(encoding="utf-8"))["language"] == "es"


def test_export_of_a_licensed_instrument_leaves_out_its_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = minimal()
    data["licence"]["redistribute_text"] = False
    path = write(tmp_path / "demo.yaml", data)
    code, out, err = run(capsys, "questionnaire", "export", "demo", "--include", str(path))
    assert code == 0
    assert "Question demo.has_phone?" not in out
    assert "does not allow sharing its text" in err


def test_export_of_an_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "questionnaire", "export", "nothing")
    assert code == 1
    assert err.strip() == (
        "readiness: error: no instrument with id 'nothing' "
        "(known: access, skills, health_info, comm, preferences)"
    )


def test_export_all_prints_every_definition_as_one_bundle(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "demo.yaml", minimal())
    code, out, _ = run(capsys, "questionnaire", "export", "--all", "--include", str(path))
    assert code == 0
    bundle = json.loads(out)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    urls = {entry["resource"]["url"] for entry in bundle["entry"]}
    assert "https://readiness.org/fhir/Questionnaire/demo" in urls
    assert "https://readiness.org/fhir/CodeSystem/demo-phone-kind" in urls
    assert "https://readiness.org/fhir/CodeSystem/check" in urls
    assert "https://readiness.org/fhir/Questionnaire/access" in urls


@pytest.mark.parametrize("arguments", [(), ("access", "--all")])
def test_export_needs_one_id_or_all(
    capsys: pytest.CaptureFixture[str], arguments: tuple[str, ...]
) -> None:
    code, _, err = run(capsys, "questionnaire", "export", *arguments)
    assert code == 1 and "--all" in err
