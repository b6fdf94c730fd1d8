"""FHIR R4 export of an assessment: QuestionnaireResponses and Observations in a transaction Bundle.

Each assessment becomes one ``Bundle`` of type ``transaction`` that a FHIR server can
take as it is: a ``QuestionnaireResponse`` per questionnaire answered (naming the
Questionnaire's canonical url and version; sections as groups, option codes as
``valueCoding`` with the system of their question's answers, missing answers as the
``data-absent-reason`` extension) and an ``Observation`` per device or connection
check (status, the reason with its threshold and source as a note, each measured
value as a component: a UCUM unit where UCUM has one, the unit as plain text where it
has none (dBm, dBFS), a count without a unit as an integer; a code the definitions
lack, from a check added later, is written as text only).
Every system is a CodeSystem of ``fhir_definitions`` under the agency's ``fhir_base``.
Every text is made a valid FHIR string (``fhir_strings``). Identifiers are
name-based UUIDs of the assessment, so sending the same export twice
creates nothing twice (``ifNoneExist``). The person is referred to by their
pseudonymous code only. Licensed wording follows ``questionnaire.fhir``: with
``text_may_be_shared`` false, no question, section or option text is written.

The data is built as plain JSON and checked with ``fhir.resources``
(``fhir_validation``).
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from readiness.document import AssessmentDocument
from readiness.model import Answer, AssessmentStatus, CheckResult, MissingCode
from readiness.questionnaire.answers import valid_value
from readiness.questionnaire.conditions import effective_answers
from readiness.questionnaire.fhir import answer_system, questionnaire_canonical, text_may_be_shared
from readiness.questionnaire.fhir_strings import fhir_strings
from readiness.questionnaire.schema import CHOICE_TYPES, Instrument, Item, ItemType
from readiness.reports.assemble import answers_by_instrument
from readiness.reports.fhir_check_values import value_codes
from readiness.reports.fhir_systems import DATA_ABSENT, UCUM, URI, Systems
from readiness.reports.measurements import CHECK_TITLES
from readiness.settings.schema import DEFAULT_FHIR_BASE
from readiness.thresholds import builtin_thresholds

if TYPE_CHECKING:
    from readiness.interpret import Interpretation
    from readiness.session.decided import Decided

ABSENT_CODES = {
    MissingCode.DECLINED: "asked-declined",
    MissingCode.DONT_KNOW: "asked-unknown",
    MissingCode.UNABLE: "unknown",
    MissingCode.NOT_APPLICABLE: "not-applicable",
}
"""Our missing-answer codes in the FHIR data-absent-reason value set."""
UCUM_CODES = {
    "GB": "GiBy",  # the checks count 1024³ bytes (readiness.checks.reasons.GIB)
    "Mbit/s": "Mbit/s",
    "ms": "ms",
    "s": "s",
    "min": "min",
    "%": "%",
    "GHz": "GHz",
    "px": "{pixel}",
    "cores": "{core}",
    "in": "[in_i]",
}
"""Our units in UCUM (checked with ucum-lhc); dBm and dBFS have no UCUM code and stay
plain text. A count without a unit is written as an integer."""


_NAMED = hashlib.sha1(uuid.NAMESPACE_URL.bytes + b"urn:readiness:", usedforsecurity=False)
"""SHA-1 over the URL namespace and the names' common start, carried on for each name."""


def _uuid(*parts: str) -> str:
    """``uuid.uuid5(NAMESPACE_URL, "urn:readiness:" + ":".join(parts))`` as text (RFC 4122
    §4.3), a third of its time: about 17 per bundle, so it counts in a large export."""
    hasher = _NAMED.copy()
    hasher.update(":".join(parts).encode("utf-8"))
    named = bytearray(hasher.digest()[:16])
    named[6] = named[6] & 0x0F | 0x50  # version 5
    named[8] = named[8] & 0x3F | 0x80  # the RFC 4122 variant
    hexed = named.hex()
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class _Wording:
    """One instrument's structure and texts in one language, worked out once per export."""

    share: bool
    sections: tuple[tuple[str, str | None, tuple[tuple[Item, str | None], ...]], ...]
    """(group linkId, title or None, ((item, question text or None), ...)) per section."""
    options: Mapping[str, Mapping[str, str | None]]
    """Item id -> option code -> display (None when the wording may not be shared)."""
    systems: Mapping[str, str]
    """Item id -> the CodeSystem of its answers."""
    canonical: str
    """The Questionnaire's canonical url and version."""
    entries: dict[tuple[str, object, object], dict[str, Any]] = field(
        default_factory=dict, compare=False
    )
    """Entries of missing codes and chosen options by (item id, value, missing code): the
    same answer gives the same entry, read by every bundle and changed by none."""


def _wording(instrument: Instrument, language: str, base: str = DEFAULT_FHIR_BASE) -> _Wording:
    share = text_may_be_shared(instrument)
    sections = tuple(
        (
            f"{instrument.id}.section.{section.id}",
            section.title.get(language) if share else None,
            tuple((item, item.text.get(language) if share else None) for item in section.items),
        )
        for section in instrument.sections
    )
    options = {
        item.id: {o.code: (o.text.get(language) if share else None) for o in item.options}
        for item in instrument.items()
        if item.type in CHOICE_TYPES
    }
    systems = {
        item.id: answer_system(instrument, item, base)
        for item in instrument.items()
        if item.type in CHOICE_TYPES
    }
    return _Wording(share, sections, options, systems, questionnaire_canonical(instrument, base))


def _answer_values(
    item: Item, answer: Answer, options: Mapping[str, str | None] | None, system: str = ""
) -> list[dict[str, Any]]:
    value = answer.value
    if options is not None:  # choice items: known option codes, looked up in a table
        codes = value if isinstance(value, tuple) else (value,)
        if codes and all(isinstance(code, str) and code in options for code in codes):
            values = []
            for code in codes:
                coding: dict[str, Any] = {"system": system, "code": code}
                display = options[str(code)]
                if display:
                    coding["display"] = display
                values.append({"valueCoding": coding})
            return values
        return [{"valueString": str(value)}] if value not in (None, "") else []
    checked = valid_value(item, answer)
    if checked is None:
        return [{"valueString": str(value)}] if value not in (None, "") else []
    if isinstance(checked, bool):
        return [{"valueBoolean": checked}]
    if item.type is ItemType.NUMBER and isinstance(checked, int | float):
        key = "valueInteger" if item.integer else "valueDecimal"
        return [{key: int(checked) if item.integer else checked}] if math.isfinite(checked) else []
    return [{"valueString": str(checked)}]


def _item_entry(
    item: Item,
    text: str | None,
    answer: Answer,
    options: Mapping[str, str | None] | None,
    system: str,
) -> dict[str, Any]:
    entry: dict[str, Any] = {"linkId": item.id}
    if text:
        entry["text"] = text
    if answer.missing is not None:
        entry["extension"] = [{"url": DATA_ABSENT, "valueCode": ABSENT_CODES[answer.missing]}]
    else:
        values = _answer_values(item, answer, options, system)
        if values:
            entry["answer"] = values
    return entry


def questionnaire_response(
    document: AssessmentDocument,
    instrument: Instrument,
    answers: Mapping[str, Answer],
    wording: _Wording | None = None,
    systems: Systems | None = None,
) -> dict[str, Any] | None:
    """The QuestionnaireResponse for one instrument's answers (None if none are shown)."""
    shown = effective_answers(instrument, answers)
    if not shown:
        return None
    wording = wording or _wording(instrument, instrument.text_language(document.assessment.locale))
    systems = systems or Systems()
    groups = []
    for link, title, section_items in wording.sections:
        items = []
        for item, text in section_items:
            answer = shown.get(item.id)
            if answer is None:
                continue
            value, options = answer.value, wording.options.get(item.id)
            # A missing code's or a chosen option's entry is the same in every bundle: made once
            kept = answer.missing is not None or (
                options is not None
                and (
                    type(value) is str
                    or (type(value) is tuple and all(type(v) is str for v in value))
                )
            )
            entry = wording.entries.get((item.id, value, answer.missing)) if kept else None
            if entry is None:
                entry = _item_entry(item, text, answer, options, wording.systems.get(item.id, ""))
                if kept:
                    wording.entries[(item.id, value, answer.missing)] = entry
            items.append(entry)
        if items:
            group: dict[str, Any] = {"linkId": link}
            if title:
                group["text"] = title
            group["item"] = items
            groups.append(group)
    key = _uuid(document.assessment.id, "questionnaire", instrument.id)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": URI, "value": f"urn:uuid:{key}"},
        "questionnaire": wording.canonical,
        "status": _status(document),
        "subject": _subject(document, systems),
        "authored": _time(max(a.answered_at for a in shown.values())),
        "language": document.assessment.locale,
        "item": groups,
    }
    if document.assessment.staff_initials:
        resource["author"] = {"display": f"Staff {document.assessment.staff_initials}"}
    return resource


def _status(document: AssessmentDocument) -> str:
    done = document.assessment.status is AssessmentStatus.COMPLETE
    return "completed" if done else "in-progress"


def _subject(document: AssessmentDocument, systems: Systems) -> dict[str, Any]:
    return {
        "identifier": {"system": systems.service_user_code, "value": document.service_user.code}
    }


def _component(
    name: str, value: object, unit: str, systems: Systems, coded: Collection[str]
) -> dict[str, Any] | None:
    code: dict[str, Any] = {"text": name}
    if name in coded:
        code["coding"] = [{"system": systems.check_value, "code": name}]
    if isinstance(value, bool):
        return {"code": code, "valueBoolean": value}
    if isinstance(value, int) and not unit:
        return {"code": code, "valueInteger": value}  # a count
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return None
        quantity: dict[str, Any] = {"value": value}
        if not unit:  # a proportion or ratio: UCUM's unity
            quantity.update(unit="1", system=UCUM, code="1")
        else:
            quantity["unit"] = unit
            if unit in UCUM_CODES:
                quantity.update(system=UCUM, code=UCUM_CODES[unit])
        return {"code": code, "valueQuantity": quantity}
    if isinstance(value, str) and value.strip():
        return {"code": code, "valueString": value}
    return None


def observation(
    document: AssessmentDocument,
    check: CheckResult,
    systems: Systems | None = None,
    coded: Collection[str] | None = None,
) -> dict[str, Any]:
    """The Observation for one check result; ``coded`` is the ``check-value`` CodeSystem's
    codes (those of the built-in thresholds when not given)."""
    systems = systems or Systems()
    if coded is None:
        coded = value_codes(builtin_thresholds())
    key = _uuid(document.assessment.id, "check", check.check_id)
    kind = "connection-check" if check.check_id.startswith("connection.") else "device-check"
    code: dict[str, Any] = {"text": check.check_id}
    if check.check_id in CHECK_TITLES:
        code["coding"] = [{"system": systems.check, "code": check.check_id}]
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "identifier": [{"system": URI, "value": f"urn:uuid:{key}"}],
        "status": "final",
        "category": [{"coding": [{"system": systems.category, "code": kind}]}],
        "code": code,
        "subject": _subject(document, systems),
        "effectiveDateTime": _time(check.measured_at),
        "valueCodeableConcept": {
            "coding": [{"system": systems.check_status, "code": check.status.value}],
            "text": check.status.value,
        },
        "method": {"text": "entered by hand" if check.source == "manual" else "measured"},
    }
    if check.reason.strip():
        resource["note"] = [{"text": check.reason}]
    components = [
        part
        for name, measured in check.values.items()
        if (part := _component(name, measured.value, measured.unit, systems, coded)) is not None
    ]
    if components:
        resource["component"] = components
    return resource


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    identifier = resource["identifier"]
    value = (identifier[0] if isinstance(identifier, list) else identifier)["value"]
    kind = resource["resourceType"]
    return {
        "fullUrl": value,
        "resource": resource,
        "request": {"method": "POST", "url": kind, "ifNoneExist": f"identifier={URI}|{value}"},
    }


class BundleBuilder:
    """Makes the Bundles of an export; each instrument's wording is worked out once."""

    def __init__(
        self, instruments: Sequence[Instrument], interpretation: Interpretation | None = None
    ) -> None:
        self.instruments = tuple(instruments)
        self.interpretation = interpretation
        """With it, each Bundle also carries the channel verdicts it gives, and names the
        agency's canonical base (``fhir_base``)."""
        base = interpretation.agency.fhir_base if interpretation else DEFAULT_FHIR_BASE
        self.systems = Systems(base)
        thresholds = interpretation.thresholds if interpretation else builtin_thresholds()
        self.coded = frozenset(value_codes(thresholds))
        self._wordings: dict[tuple[str, str], _Wording] = {}

    def _wording(self, instrument: Instrument, locale: str) -> _Wording:
        language = instrument.text_language(locale)
        key = (instrument.id, language)
        found = self._wordings.get(key)
        if found is None:
            found = self._wordings[key] = _wording(instrument, language, self.systems.base)
        return found

    def bundle(
        self, document: AssessmentDocument, decided: Decided | None = None
    ) -> dict[str, Any]:
        """The transaction Bundle of one assessment, as FHIR JSON data (not yet validated);
        with the interpretation, its verdicts are ``decided``'s (by default worked out now)."""
        found: dict[str, Any] = fhir_strings(self.raw_bundle(document, decided))
        return found

    def raw_bundle(
        self, document: AssessmentDocument, decided: Decided | None = None
    ) -> dict[str, Any]:
        """``bundle`` before its texts are made valid FHIR strings (``fhir_strings``): an
        export checks the encoded line instead (``needs_fhir_strings``)."""
        grouped = answers_by_instrument(document.answers)
        locale = document.assessment.locale
        resources = [
            response
            for instrument in self.instruments
            if instrument.id in grouped
            and (
                response := questionnaire_response(
                    document,
                    instrument,
                    grouped[instrument.id],
                    self._wording(instrument, locale),
                    self.systems,
                )
            )
        ]
        resources += [
            observation(document, check, self.systems, self.coded)
            for check in document.check_results
        ]
        if self.interpretation is not None:
            from readiness.reports.fhir_results import verdict_observations

            if decided is None:
                from readiness.session.decided import decided_for

                decided = decided_for(document, self.interpretation)
            resources += verdict_observations(
                document,
                decided.codes,
                decided.version,
                uuid_of=_uuid,
                subject=_subject(document, self.systems),
                systems=self.systems,
                when=_time(document.assessment.updated),
            )
        return {
            "resourceType": "Bundle",
            "identifier": {"system": URI, "value": f"urn:uuid:{document.assessment.id}"},
            "type": "transaction",
            "timestamp": _time(document.assessment.updated),
            "entry": [_entry(resource) for resource in resources],
        }


def bundle(document: AssessmentDocument, instruments: Sequence[Instrument]) -> dict[str, Any]:
    """The transaction Bundle of one assessment (see ``BundleBuilder`` for many)."""
    return BundleBuilder(instruments).bundle(document)
