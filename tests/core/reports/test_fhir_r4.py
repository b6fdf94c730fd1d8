"""FHIR R4 that others can resolve, checked by validators other than ``fhir.resources``.

Every export (the definitions Bundle and each assessment's Bundle) passes HL7's
official R4 JSON schema and every R4 FHIRPath invariant (``fhir_r4/checker.py``);
every Questionnaire has a canonical ``url`` and ``version`` that each
QuestionnaireResponse names; every ``system`` the exports write is a CodeSystem the
definitions ship, holding the code used; units are UCUM where UCUM has them and
plain text where it does not (dBm, dBFS); counts are integers; option scores are
R4's ``ordinalValue``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.document import AssessmentDocument
from readiness.interpret import Interpretation
from readiness.model import CheckResult, CheckStatus, Measurement
from readiness.practice import personas
from readiness.questionnaire.fhir import (
    ITEM_CONTROL_SYSTEM,
    LOINC,
    answer_code_systems,
)
from readiness.questionnaire.loader import load_data
from readiness.reports.fhir_definitions import definitions_bundle
from readiness.reports.fhir_response import UCUM_CODES, BundleBuilder
from readiness.reports.fhir_systems import UCUM
from readiness.reports.fhir_validation import validate
from tests.core.questionnaire.samples import item, items_of, minimal
from tests.core.reports.fhir_r4.checker import invariant_problems, schema_problems
from tests.core.reports.helpers import inputs
from tests.core.reports.licensed import licensed_document_and_instruments
from tests.core.reports.samples import filled_document

EXTERNAL_SYSTEMS = frozenset({UCUM, LOINC, ITEM_CONTROL_SYSTEM})
"""Systems published by others (UCUM, LOINC, HL7's item controls)."""
NOT_UCUM = frozenset({"dBm", "dBFS"})
"""Our units UCUM has no code for (ucum-lhc: not valid UCUM): written as plain text."""
ACCEPTED_WARNINGS = ("dom-6",)
"""R4's best-practice warning that a resource should have a human-readable narrative:
the exports carry structured data for systems, not narrative pages."""


def problems(resource: dict[str, Any]) -> list[str]:
    """What the JSON schema and the invariants find, less the accepted warnings."""
    found = schema_problems(resource) + invariant_problems(resource)
    return [p for p in found if not p.startswith(ACCEPTED_WARNINGS)]


@cache
def interpretation() -> Interpretation:
    """The built-in interpretation plus an agency instrument whose text may not be shared."""
    _document, licensed = licensed_document_and_instruments()
    extra = tuple(i for i in licensed if i.id not in {b.id for b in inputs().instruments})
    return replace(inputs(), instruments=inputs().instruments + extra)


def documents() -> list[AssessmentDocument]:
    """Sample intakes in both languages, the practice personas (whose checks include Wi-Fi
    in dBm, a microphone in dBFS and device counts) and one with licensed answers."""
    licensed, _instruments = licensed_document_and_instruments()
    return [
        filled_document(3, locale="es"),
        filled_document(4, locale="en"),
        *personas(),
        licensed,
    ]


@cache
def definitions() -> dict[str, Any]:
    return definitions_bundle(interpretation())


@cache
def bundles() -> tuple[dict[str, Any], ...]:
    builder = BundleBuilder(interpretation().instruments, interpretation())
    return tuple(builder.bundle(document) for document in documents())


def resources(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle["entry"]]


def shipped_codes(bundle: dict[str, Any]) -> dict[str, set[str]]:
    """CodeSystem url -> its codes, from a definitions Bundle."""
    return {
        r["url"]: {c["code"] for c in r["concept"]}
        for r in resources(bundle)
        if r["resourceType"] == "CodeSystem"
    }


def codings(node: Any) -> Iterator[dict[str, Any]]:
    """Every Coding (a dict with ``system`` and ``code``, not a Quantity) under ``node``."""
    if isinstance(node, dict):
        if "code" in node and "system" in node and "value" not in node:
            yield node
        for value in node.values():
            yield from codings(value)
    elif isinstance(node, list):
        for value in node:
            yield from codings(value)


def quantities(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "valueQuantity" in node:
            yield node["valueQuantity"]
        for value in node.values():
            yield from quantities(value)
    elif isinstance(node, list):
        for value in node:
            yield from quantities(value)


# -- the independent validators -----------------------------------------------------------


def test_the_definitions_pass_the_r4_schema_and_invariants() -> None:
    assert problems(definitions()) == []
    assert problems(definitions_bundle(interpretation(), "es", transaction=True)) == []


def test_every_assessment_bundle_passes_the_r4_schema_and_invariants() -> None:
    for bundle in bundles():
        assert problems(bundle) == [], bundle["identifier"]


def test_the_validators_find_what_is_wrong() -> None:
    """The checker is no rubber stamp: each kind of mistake is reported."""
    broken = json.loads(json.dumps(bundles()[0]))
    observation_entry = next(e for e in broken["entry"] if any(quantities(e["resource"])))
    quantity = next(quantities(observation_entry["resource"]))
    del quantity["system"]  # qty-3: a code needs its system
    observation_entry["resource"]["status"] = 7  # the schema: status is a code (a string)
    found = problems(broken)
    assert any(p.startswith("qty-3 (error)") for p in found)
    assert any("Observation/status: 7 is not one of" in p for p in found)
    extra = json.loads(json.dumps(definitions()))
    extra["entry"][0]["resource"]["itemWeight"] = 1  # not an element of R4
    assert any("itemWeight" in p for p in problems(extra))


# -- canonical references that resolve --------------------------------------------------


def test_every_questionnaire_has_a_canonical_url_and_version_that_responses_name() -> None:
    questionnaires = [r for r in resources(definitions()) if r["resourceType"] == "Questionnaire"]
    assert {q["id"] for q in questionnaires} >= {"access", "skills", "health-info", "comm"}
    canonicals = set()
    for questionnaire in questionnaires:
        assert questionnaire["url"].startswith("https://") and questionnaire["version"]
        assert questionnaire["url"].endswith(f"/Questionnaire/{questionnaire['id']}")
        canonicals.add(f"{questionnaire['url']}|{questionnaire['version']}")
    named = {
        r["questionnaire"]
        for bundle in bundles()
        for r in resources(bundle)
        if r["resourceType"] == "QuestionnaireResponse"
    }
    assert named and named <= canonicals


def test_every_code_the_exports_write_is_in_a_code_system_they_ship() -> None:
    shipped = shipped_codes(definitions())
    written = [c for bundle in (definitions(), *bundles()) for c in codings(bundle)]
    assert len(written) > 1000
    for coding in written:
        if coding["system"] in EXTERNAL_SYSTEMS:
            continue
        assert coding["system"] in shipped, coding
        assert coding["code"] in shipped[coding["system"]], coding
    text = json.dumps([definitions(), *bundles()])
    assert "urn:readiness" not in text


def test_every_answer_option_names_its_code_system() -> None:
    for questionnaire in resources(definitions()):
        for option in _options(questionnaire.get("item", [])):
            assert option["valueCoding"]["system"].startswith("https://"), option


def _options(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for entry in items:
        yield from entry.get("answerOption", [])
        yield from _options(entry.get("item", []))


def test_the_agency_base_is_used_everywhere() -> None:
    base = "https://fhir.agency.example/readiness"
    agency = replace(interpretation().agency, fhir_base=base)
    theirs = replace(interpretation(), agency=agency)
    bundle = BundleBuilder(theirs.instruments, theirs).bundle(documents()[0])
    own = definitions_bundle(theirs)
    text = json.dumps([bundle, own])
    assert "readiness.org" not in text
    shipped = shipped_codes(own)
    for coding in codings(bundle):
        assert coding["system"] in EXTERNAL_SYSTEMS or coding["system"] in shipped
        assert coding["system"] in EXTERNAL_SYSTEMS or coding["system"].startswith(base)


def test_long_question_ids_still_give_distinct_code_system_ids() -> None:
    data = minimal()
    stem = "demo." + "a" * 40 + "." + "b" * 40 + "_"
    items_of(data).append(item(stem + "one", "likert", answers="often"))
    items_of(data).append(item(stem + "two", "likert", answers="often"))
    instrument, found = load_data(data, "demo.yaml")
    assert instrument is not None, [str(p) for p in found]
    systems = answer_code_systems(instrument)
    ids = [s["id"] for s in systems]
    assert len(set(ids)) == len(ids) and all(len(i) <= 64 for i in ids)
    assert len({s["url"] for s in systems}) == len(systems)


# -- units, counts and scores -----------------------------------------------------------


def test_units_are_ucum_where_ucum_has_them_and_plain_text_otherwise() -> None:
    seen = {q.get("unit") for bundle in bundles() for q in quantities(bundle)}
    assert {"dBm", "dBFS", "GB", "Mbit/s"} <= seen
    for bundle in bundles():
        for quantity in quantities(bundle):
            assert quantity.get("unit"), quantity
            if quantity["unit"] in NOT_UCUM:
                assert "system" not in quantity and "code" not in quantity
            else:
                assert quantity["system"] == UCUM
                assert quantity["code"] in {*UCUM_CODES.values(), "1"}


def test_counts_are_integers() -> None:
    counts = {
        component["code"]["text"]: component
        for bundle in bundles()
        for r in resources(bundle)
        for component in r.get("component", [])
        if component["code"]["text"] in ("cameras", "microphones", "speakers", "frames")
    }
    assert {"cameras", "microphones", "speakers"} <= set(counts)
    assert all(isinstance(c["valueInteger"], int) for c in counts.values())


def test_every_value_the_connection_check_stores_is_coded() -> None:
    """What the real check writes (``to_check_result``), loss interval and per-use results
    included, has a code in ``check-value``: none falls back to text alone."""
    from readiness.checks.connection.model import Attempt, ConnectionResult, ConnectionStatus
    from readiness.checks.connection.records import to_check_result
    from readiness.checks.connection.verdicts import evaluate
    from readiness.i18n import ENGLISH

    when = datetime(2026, 12, 1, tzinfo=UTC)
    result = ConnectionResult(
        status=ConnectionStatus.OK,
        measured_at=when,
        duration_s=14.0,
        reason="Measured.",
        download_mbps=24.0,
        upload_mbps=3.1,
        rtt_ms=35.0,
        jitter_ms=3.0,
        loss_pct=0.5,
        backend="librespeed",
        server="speed.agency.example",
        attempts=(
            Attempt(
                "librespeed", "speed.agency.example", ConnectionStatus.OK, when, 14.0, "Measured."
            ),
        ),
        latency_method="tcp",
        note="steady",
        loss_range=(0.1, 1.9),
        loss_probes=200,
    )
    thresholds = interpretation().thresholds
    check = to_check_result(result, evaluate(result, thresholds, ENGLISH))
    resource = BundleBuilder((), interpretation()).bundle(
        replace(documents()[0], answers=(), check_results=(check,))
    )
    [found] = [r for r in resources(resource) if r["code"].get("text") == "connection.bandwidth"]
    uncoded = [c["code"]["text"] for c in found["component"] if "coding" not in c["code"]]
    assert uncoded == []
    assert len(found["component"]) >= len(check.values) - 1  # an empty note is left out


def test_option_scores_are_ordinal_values() -> None:
    text = json.dumps(definitions())
    assert "itemWeight" not in text
    scored = [
        option
        for questionnaire in resources(definitions())
        for option in _options(questionnaire.get("item", []))
        if "extension" in option
    ]
    assert scored
    for option in scored:
        [extension] = option["extension"]
        assert extension["url"] == "http://hl7.org/fhir/StructureDefinition/ordinalValue"
        assert isinstance(extension["valueDecimal"], int | float)


UNITS = st.sampled_from(["", *UCUM_CODES, *NOT_UCUM])
VALUES: st.SearchStrategy[bool | int | float | str] = st.one_of(
    st.booleans(),
    st.integers(-(2**31), 2**31 - 1),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.text(max_size=20),  # what an operating system reports: control characters, too
)
NAMES = st.one_of(
    st.sampled_from(["total", "signal_dbm", "peak", "verdict.audio_call", "microphones"]),
    st.from_regex(r"[a-z][a-z_.]{0,20}", fullmatch=True),
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(NAMES, st.tuples(VALUES, UNITS), max_size=6))
def test_any_measured_values_give_a_valid_resolvable_observation(
    values: dict[str, tuple[object, str]],
) -> None:
    check = CheckResult(
        "device.future_check",
        CheckStatus.GOOD,
        datetime(2026, 12, 1, tzinfo=UTC),
        "",
        {name: Measurement(value, unit) for name, (value, unit) in values.items()},
    )
    document = replace(documents()[0], check_results=(check,))
    resource = BundleBuilder(()).bundle(document)
    assert problems(resource) == []
    shipped = shipped_codes(definitions())
    for coding in codings(resource):
        assert coding["system"] in EXTERNAL_SYSTEMS or coding["code"] in shipped[coding["system"]]


def test_the_definitions_are_valid_for_fhir_resources_too() -> None:
    validate(definitions())
    validate(definitions_bundle(interpretation(), transaction=True))


@given(st.lists(st.text(max_size=40), min_size=1, max_size=4))
@settings(max_examples=200)
def test_resource_ids_are_the_name_based_uuids_of_rfc_4122(parts: list[str]) -> None:
    """The faster identifier is exactly ``uuid5`` under the URL namespace, for any text."""
    import uuid

    from readiness.reports.fhir_response import _uuid

    name = "urn:readiness:" + ":".join(parts)
    assert _uuid(*parts) == str(uuid.uuid5(uuid.NAMESPACE_URL, name))


_JSON_DATA = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_JSON_DATA)
@settings(max_examples=300)
def test_a_bundle_line_is_the_json_of_its_data(data: object) -> None:
    """The faster encoder writes the same JSON: read back, the same data; without floats
    (whose exponent may be written 1e-7 or 1e-07), the same text as ``json.dumps``."""
    import json

    from readiness.reports.exports_fhir import encode

    line = encode(data)
    assert json.loads(line) == data
    if not _has_float(data):
        assert line == json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _has_float(data: object) -> bool:
    if isinstance(data, float):
        return True
    if isinstance(data, dict):
        return any(_has_float(value) for value in data.values())
    return isinstance(data, list) and any(_has_float(value) for value in data)
