"""Export an instrument as a FHIR R4 ``Questionnaire`` with the ``CodeSystem``s of its answers.

Every Questionnaire has a canonical ``url`` (``{base}/Questionnaire/{id}``) and its
``version``, which each ``QuestionnaireResponse`` names; ``base`` is the agency's
``fhir_base`` setting (default ``DEFAULT_FHIR_BASE``). Each choice question's answer
codes are a ``CodeSystem`` of their own (``{base}/CodeSystem/{id}-{question}``: the
same code can mean different things in two questions), named by every
``answerOption.valueCoding.system``. Option scores travel as the R4 core
``ordinalValue`` extension; conditions become ``enableWhen``; help lines become
``display`` items marked with the ``help`` item control; LOINC codes go in ``code``
where the instrument file gives one (the project's own questions have none: LOINC
codes the exact wording of published instruments, README "FHIR"); texts in the other
languages ride along as ``translation`` extensions. ``fhir.resources`` validates.

When an instrument's licence forbids redistributing its text, every piece of
wording from the file (item and option text, help lines, section titles) is left
out: the export keeps only the structure, the codes and the licence statement, and
``copyright`` says why the text is missing.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any

from readiness.local_text import LocalText
from readiness.questionnaire.fhir_strings import fhir_strings
from readiness.questionnaire.schema import (
    CHOICE_TYPES,
    Condition,
    Instrument,
    Item,
    ItemType,
    Section,
)
from readiness.settings.schema import DEFAULT_FHIR_BASE

if TYPE_CHECKING:
    from fhir.resources.R4B.questionnaire import Questionnaire

ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
LOINC = "http://loinc.org"
ID_LENGTH = 64
"""The longest FHIR id."""
WITHHELD = "Item text is not included because the licence does not allow it to be shared."

_FHIR_TYPES = {
    ItemType.SINGLE_CHOICE: "choice",
    ItemType.MULTIPLE_CHOICE: "choice",
    ItemType.LIKERT: "choice",
    ItemType.YES_NO: "boolean",
    ItemType.SHORT_TEXT: "string",
}


def text_may_be_shared(instrument: Instrument) -> bool:
    """Whether the licence allows the instrument's wording to leave this computer."""
    return instrument.licence.redistribute_text


def fhir_id(instrument: Instrument) -> str:
    """The instrument id in FHIR's id alphabet (no underscores)."""
    return instrument.id.replace("_", "-")


def questionnaire_url(instrument: Instrument, base: str = DEFAULT_FHIR_BASE) -> str:
    """The canonical URL of the instrument's Questionnaire (without its version)."""
    return f"{base}/Questionnaire/{fhir_id(instrument)}"


def questionnaire_canonical(instrument: Instrument, base: str = DEFAULT_FHIR_BASE) -> str:
    """What a QuestionnaireResponse names: the canonical URL and the version."""
    return f"{questionnaire_url(instrument, base)}|{instrument.version}"


def _answers_id(instrument: Instrument, item: Item) -> str:
    """``{instrument}-{question}`` in FHIR's id alphabet (``access-phone-type``); a longer
    one than FHIR's 64 characters ends in a digest of the whole, so two never meet."""
    question = item.id.removeprefix(f"{instrument.id}.")
    found = f"{fhir_id(instrument)}-{question}".replace("_", "-").replace(".", "-")
    if len(found) <= ID_LENGTH:
        return found
    return f"{found[: ID_LENGTH - 9]}-{hashlib.sha256(found.encode()).hexdigest()[:8]}"


def answer_system(instrument: Instrument, item: Item, base: str = DEFAULT_FHIR_BASE) -> str:
    """The canonical URL of the CodeSystem of a choice question's answer codes."""
    return f"{base}/CodeSystem/{_answers_id(instrument, item)}"


def _pascal(text: str) -> str:
    """A computable name (``[A-Z][A-Za-z0-9_]*``, FHIR cnl-0) from an id."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text))


def questionnaire_data(
    instrument: Instrument, locale: str = "en", base: str = DEFAULT_FHIR_BASE
) -> dict[str, Any]:
    """The Questionnaire as plain FHIR JSON data (not yet validated)."""
    found: dict[str, Any] = fhir_strings(_Builder(instrument, locale, base).questionnaire())
    return found


def answer_code_systems(
    instrument: Instrument, locale: str = "en", base: str = DEFAULT_FHIR_BASE
) -> list[dict[str, Any]]:
    """One CodeSystem per choice question: its option codes, with their wording when the
    licence allows (in ``locale``, the other languages as designations)."""
    found: list[dict[str, Any]] = fhir_strings(_Builder(instrument, locale, base).code_systems())
    return found


def to_fhir(
    instrument: Instrument, locale: str = "en", base: str = DEFAULT_FHIR_BASE
) -> Questionnaire:
    """The Questionnaire as a validated ``fhir.resources`` R4B model (pydantic raises if not)."""
    from fhir.resources.R4B.questionnaire import Questionnaire

    return Questionnaire.model_validate(questionnaire_data(instrument, locale, base))


def to_fhir_json(
    instrument: Instrument,
    locale: str = "en",
    base: str = DEFAULT_FHIR_BASE,
    *,
    indent: int | None = 2,
) -> str:
    """The validated Questionnaire as JSON text."""
    return to_fhir(instrument, locale, base).model_dump_json(indent=indent, exclude_none=True)


class _Builder:
    """Builds the JSON for one instrument in one primary language."""

    def __init__(self, instrument: Instrument, locale: str, base: str) -> None:
        self.instrument = instrument
        self.base = base
        self.language = instrument.text_language(locale)
        self.others = [lang for lang in instrument.languages if lang != self.language]
        self.share = text_may_be_shared(instrument)

    def code_systems(self) -> list[dict[str, Any]]:
        instrument = self.instrument
        found = []
        for item in instrument.items():
            if item.type not in CHOICE_TYPES:
                continue
            concepts = []
            for option in item.options:
                concept: dict[str, Any] = {"code": option.code}
                if self.share:
                    concept["display"] = option.text.get(self.language)
                    designations = [
                        {"language": lang, "value": option.text.get(lang)} for lang in self.others
                    ]
                    if designations:
                        concept["designation"] = designations
                concepts.append(concept)
            system: dict[str, Any] = {
                "resourceType": "CodeSystem",
                "id": _answers_id(instrument, item),
                "url": answer_system(instrument, item, self.base),
                "version": instrument.version,
                "name": _pascal(f"{instrument.id} {item.id} answers"),
                "status": "active",
                "language": self.language,
                "publisher": instrument.licence.holder,
                "copyright": self._copyright(),
                "caseSensitive": True,
                "content": "complete",
                "count": len(concepts),
                "concept": concepts,
            }
            if self.share:
                system["title"] = item.text.get(self.language)
            found.append(system)
        return found

    def questionnaire(self) -> dict[str, Any]:
        instrument = self.instrument
        licence = instrument.licence
        data: dict[str, Any] = {
            "resourceType": "Questionnaire",
            "id": fhir_id(instrument),
            "url": questionnaire_url(instrument, self.base),
            "identifier": [
                {"system": f"{self.base}/identifier/questionnaire", "value": instrument.id}
            ],
            "version": instrument.version,
            "name": _pascal(instrument.id),
            "status": "active",
            "language": self.language,
            "publisher": licence.holder,
            "copyright": self._copyright(),
            "item": [self._section(section) for section in instrument.sections],
        }
        data.update(self._text("title", instrument.title, always=True))
        if instrument.description is not None and self.share:
            data.update(self._text("description", instrument.description))
        if instrument.loinc:
            data["code"] = [{"system": LOINC, "code": instrument.loinc}]
        return data

    def _copyright(self) -> str:
        licence = self.instrument.licence
        parts = [f"{licence.holder}. Licence: {licence.licence}.", f"Cite as: {licence.citation}"]
        if licence.url:
            parts.append(licence.url)
        if not self.share:
            parts.append(WITHHELD)
        return " ".join(parts)

    def _text(self, key: str, text: LocalText, *, always: bool = False) -> dict[str, Any]:
        """``key`` in the primary language plus ``_key`` with translations (if allowed)."""
        if not (self.share or always):
            return {}
        result: dict[str, Any] = {key: text.get(self.language)}
        translations = [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": lang},
                    {"url": "content", "valueString": text.get(lang)},
                ],
            }
            for lang in self.others
        ]
        if translations:
            result[f"_{key}"] = {"extension": translations}
        return result

    def _section(self, section: Section) -> dict[str, Any]:
        group: dict[str, Any] = {"linkId": f"{self.instrument.id}.section.{section.id}"}
        group.update(self._text("text", section.title))
        group["type"] = "group"
        group["item"] = [self._item(item) for item in section.items]
        return group

    def _item(self, item: Item) -> dict[str, Any]:
        data: dict[str, Any] = {"linkId": item.id}
        data.update(self._text("text", item.text))
        if item.type is ItemType.NUMBER:
            data["type"] = "integer" if item.integer else "decimal"
        else:
            data["type"] = _FHIR_TYPES[item.type]
        if item.type is ItemType.MULTIPLE_CHOICE:
            data["repeats"] = True
        if item.type is ItemType.SHORT_TEXT:
            data["maxLength"] = item.max_length
        if item.loinc:
            data["code"] = [{"system": LOINC, "code": item.loinc}]
        if item.type in CHOICE_TYPES:
            data["answerOption"] = [self._option(item, index) for index in range(len(item.options))]
        extensions = self._limits(item)
        if extensions:
            data["extension"] = extensions
        if item.show_when is not None:
            source = self.instrument.item(item.show_when.item)
            if source is not None:
                system = answer_system(self.instrument, source, self.base)
                data.update(_enable_when(item.show_when, source, system))
        if item.help is not None and self.share:
            data["item"] = [self._help(item)]
        return data

    def _option(self, item: Item, index: int) -> dict[str, Any]:
        option = item.options[index]
        coding: dict[str, Any] = {
            "system": answer_system(self.instrument, item, self.base),
            "code": option.code,
        }
        if self.share:
            coding.update(self._text("display", option.text))
        result: dict[str, Any] = {"valueCoding": coding}
        if option.score is not None:
            result["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": option.score}]
        return result

    def _limits(self, item: Item) -> list[dict[str, Any]]:
        if item.type is not ItemType.NUMBER:
            return []
        key = "valueInteger" if item.integer else "valueDecimal"
        limits = []
        for url, bound in ((MIN_VALUE, item.min), (MAX_VALUE, item.max)):
            if bound is not None:
                limits.append({"url": url, key: int(bound) if item.integer else bound})
        return limits

    def _help(self, item: Item) -> dict[str, Any]:
        assert item.help is not None
        data: dict[str, Any] = {"linkId": f"{item.id}.help"}
        data.update(self._text("text", item.help))
        data["type"] = "display"
        data["extension"] = [
            {
                "url": ITEM_CONTROL,
                "valueCodeableConcept": {
                    "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help"}]
                },
            }
        ]
        return data


def _enable_when(condition: Condition, source: Item, system: str) -> dict[str, Any]:
    """``enableWhen`` (and ``enableBehavior``) equivalent to ``condition``."""
    question = source.id
    if source.type is ItemType.YES_NO:
        return {
            "enableWhen": [
                {"question": question, "operator": "=", "answerBoolean": condition.equals}
            ]
        }
    if source.type is ItemType.NUMBER:
        key = "answerInteger" if source.integer else "answerDecimal"
        rules: list[dict[str, Any]] = []
        if condition.equals is not None:
            rules.append({"question": question, "operator": "=", key: condition.equals})
        for operator, bound in ((">=", condition.at_least), ("<=", condition.at_most)):
            if bound is not None:
                value = int(bound) if source.integer else bound
                rules.append({"question": question, "operator": operator, key: value})
        return (
            {"enableWhen": rules, "enableBehavior": "all"}
            if len(rules) > 1
            else {"enableWhen": rules}
        )
    codes = condition.any_of if condition.any_of is not None else (str(condition.equals),)
    choices: list[dict[str, Any]] = [
        {"question": question, "operator": "=", "answerCoding": {"system": system, "code": code}}
        for code in codes
    ]
    return (
        {"enableWhen": choices, "enableBehavior": "any"}
        if len(choices) > 1
        else {"enableWhen": choices}
    )
