"""FHIR R4 Questionnaire export: validated by fhir.resources, faithful, and licence-aware."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from readiness.questionnaire.fhir import (
    ITEM_CONTROL,
    ORDINAL_VALUE,
    TRANSLATION,
    questionnaire_data,
    to_fhir,
    to_fhir_json,
)
from readiness.questionnaire.loader import INTAKE_ORDER, load_builtin, load_data
from readiness.questionnaire.schema import Instrument
from tests.core.questionnaire.samples import item, items_of, minimal


def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for entry in items:
        found.append(entry)
        found.extend(walk(entry.get("item", [])))
    return found


@pytest.fixture(scope="module")
def builtin() -> dict[str, Instrument]:
    return {i.id: i for i in load_builtin().instruments}


@pytest.mark.parametrize("instrument_id", INTAKE_ORDER)
@pytest.mark.parametrize("locale", ["en", "es"])
def test_every_builtin_exports_a_valid_questionnaire(
    builtin: dict[str, Instrument], instrument_id: str, locale: str
) -> None:
    instrument = builtin[instrument_id]
    resource = to_fhir(instrument, locale)
    assert isinstance(resource, Questionnaire)
    text = to_fhir_json(instrument, locale)
    again = Questionnaire.model_validate_json(text)  # round trip through JSON
    assert again.id == instrument_id.replace("_", "-")
    data = json.loads(text)
    assert data["language"] == locale
    assert data["status"] == "active"
    entries = walk(data["item"])
    link_ids = [entry["linkId"] for entry in entries]
    assert len(link_ids) == len(set(link_ids))
    questions = [e for e in entries if e["type"] not in ("group", "display")]
    assert [q["linkId"] for q in questions] == [i.id for i in instrument.items()]
    position = {link: index for index, link in enumerate(link_ids)}
    for entry in entries:
        for rule in entry.get("enableWhen", []):
            assert position[rule["question"]] < position[entry["linkId"]]


def test_export_carries_text_translations_weights_help_and_conditions(
    builtin: dict[str, Instrument],
) -> None:
    data = questionnaire_data(builtin["access"], "en")
    entries = {e["linkId"]: e for e in walk(data["item"])}
    phone = entries["access.phone_type"]
    assert phone["text"] == "What kind of phone do you use most?"
    translation = phone["_text"]["extension"][0]
    assert translation["url"] == TRANSLATION
    assert {"url": "content", "valueString": "¿Qué tipo de teléfono usa más?"} in translation[
        "extension"
    ]
    first = phone["answerOption"][0]
    assert first["valueCoding"]["code"] == "smartphone"
    assert first["extension"] == [{"url": ORDINAL_VALUE, "valueDecimal": 4.0}]
    help_item = entries["access.phone_type.help"]
    assert help_item["type"] == "display"
    assert help_item["extension"][0]["url"] == ITEM_CONTROL
    runs_out = entries["access.data_runs_out"]
    assert runs_out["enableBehavior"] == "any"
    assert [r["answerCoding"]["code"] for r in runs_out["enableWhen"]] == ["limited", "prepaid"]
    assert entries["access.helper_can_join"]["enableWhen"] == [
        {"question": "access.helper_available", "operator": "=", "answerBoolean": True}
    ]
    assert entries["access.other_devices"]["repeats"] is True
    assert entries["access.video_device"]["type"] == "boolean"


def test_spanish_export_has_spanish_as_the_main_text(builtin: dict[str, Instrument]) -> None:
    data = questionnaire_data(builtin["comm"], "es")
    assert data["title"] == "Hablar, oír, ver y otras necesidades"
    entries = {e["linkId"]: e for e in walk(data["item"])}
    assert entries["comm.other_language"]["text"] == "¿Qué idioma?"
    assert entries["comm.other_language"]["type"] == "string"


def licensed(redistribute: bool) -> Instrument:
    data = minimal(loinc="12345-6")
    data["licence"] = {
        "holder": "Example Health Literacy Consortium",
        "licence": "Agency user agreement",
        "citation": "Example et al. 2020. A licensed screener.",
        "redistribute_text": redistribute,
    }
    items_of(data).append(
        item("demo.age", "number", min=18, max=120, integer=True, loinc="98765-4")
    )
    items_of(data).append(
        item("demo.older", show_when={"item": "demo.age", "at_least": 60, "at_most": 120})
    )
    instrument, problems = load_data(data, "agency.yaml")
    assert instrument is not None, [str(p) for p in problems]
    return instrument


def test_item_text_is_never_exported_when_the_licence_forbids_it() -> None:
    instrument = licensed(redistribute=False)
    text = to_fhir_json(instrument)
    for entry in instrument.items():
        assert entry.text.get("en") not in text
        assert entry.text.get("es") not in text
        if entry.help:
            assert entry.help.get("en") not in text
    assert '"display"' not in text  # no option wording
    assert "Main" not in text  # section titles are the instrument's wording too
    data = json.loads(text)
    assert "not included because the licence does not allow it" in data["copyright"]
    assert "Example et al. 2020" in data["copyright"]
    entries = {e["linkId"]: e for e in walk(data["item"])}
    assert entries["demo.phone_kind"]["answerOption"][0]["valueCoding"] == {
        "system": "https://readiness.org/fhir/CodeSystem/demo-phone-kind",
        "code": "smart",
    }
    assert "demo.has_phone.help" not in entries


def test_the_same_instrument_with_permission_exports_its_text() -> None:
    text = to_fhir_json(licensed(redistribute=True))
    assert "Question demo.has_phone?" in text


def test_numbers_ranges_and_loinc_codes() -> None:
    data = questionnaire_data(licensed(redistribute=True))
    assert data["code"] == [{"system": "http://loinc.org", "code": "12345-6"}]
    entries = {e["linkId"]: e for e in walk(data["item"])}
    age = entries["demo.age"]
    assert age["type"] == "integer"
    assert age["code"] == [{"system": "http://loinc.org", "code": "98765-4"}]
    assert {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 18} in age[
        "extension"
    ]
    older = entries["demo.older"]
    assert older["enableBehavior"] == "all"
    assert [(r["operator"], r["answerInteger"]) for r in older["enableWhen"]] == [
        (">=", 60),
        ("<=", 120),
    ]
    Questionnaire.model_validate(data)
