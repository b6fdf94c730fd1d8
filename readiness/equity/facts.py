"""From an assessment document to named facts, each with where it came from.

``facts.yaml`` says which questionnaire item or check value each fact is read
from, so no rule names an item id in code. Only answers to items that are shown
count (``visible_items``): an answer left over from before an earlier answer
changed is ignored. A missing-answer code (declined, don't know, ...) leaves the fact
unknown and is remembered. A value of the wrong kind (an old option code, a text
where a number belongs) is treated as unknown rather than guessed at.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import Any

from readiness.document import AssessmentDocument
from readiness.equity.conditions import explaining_facts
from readiness.equity.deferred import complete, deferred
from readiness.equity.loading import Rules
from readiness.equity.results import Evidence, FactData, FactValue, Origin
from readiness.equity.schema import FactDef
from readiness.equity.templates import with_unit
from readiness.local_text import LocalText
from readiness.model import LOCALES, Answer, CheckResult, MissingCode
from readiness.questionnaire.answers import NO, YES, describe_answer, valid_value
from readiness.questionnaire.conditions import visible_items
from readiness.questionnaire.schema import Instrument, Item

YES_NO = {True: YES, False: NO}
STATUS_WORDS = {
    "good": LocalText(en="good", es="bien"),
    "limited": LocalText(en="limited", es="limitado"),
    "missing": LocalText(en="not found or not working", es="no se encontró o no funciona"),
}


_ORIGINS = {"manual": Origin.ENTERED, "looked_at": Origin.LOOKED_AT}
"""A check result's ``source`` -> where its facts came from (anything else was measured)."""


def latest_answers(answers: Iterable[Answer]) -> dict[str, Answer]:
    """Item id -> the most recent answer (a document may hold several for one item)."""
    ordered = sorted(answers, key=attrgetter("answered_at"))  # stable: ties keep their order
    return {answer.item_id: answer for answer in ordered}


def shown_answers(
    answers: Mapping[str, Answer], instruments: Iterable[Instrument]
) -> dict[str, tuple[Answer, Instrument | None, Item | None]]:
    """Answers that count, with their instrument and item when the instrument is known."""
    known = {instrument.id: instrument for instrument in instruments}
    by_instrument: dict[str, dict[str, Answer]] = {}
    for item_id, answer in answers.items():
        by_instrument.setdefault(answer.questionnaire_id, {})[item_id] = answer
    result: dict[str, tuple[Answer, Instrument | None, Item | None]] = {}
    for instrument_id, group in by_instrument.items():
        instrument = known.get(instrument_id)
        if instrument is None:
            result.update({item_id: (a, None, None) for item_id, a in group.items()})
            continue
        for item in visible_items(instrument, group):  # answers to hidden items do not count
            given = group.get(item.id)
            if given is not None:
                result[item.id] = (given, instrument, item)
    return result


def latest_checks(results: Iterable[CheckResult]) -> dict[str, CheckResult]:
    ordered = sorted(results, key=attrgetter("measured_at"))  # stable: ties keep their order
    return {result.check_id: result for result in ordered}


def derive_facts(
    document: AssessmentDocument, rules: Rules, instruments: Iterable[Instrument]
) -> dict[str, FactValue]:
    """Every fact in ``facts.yaml`` for ``document``, in file order (unknown ones included).

    Values are worked out now; the evidence behind each is built when first read.
    """
    answers = shown_answers(latest_answers(document.answers), instruments)
    checks = latest_checks(document.check_results)
    derived = rules.compiled.derived
    facts: dict[str, FactValue] = {}
    values: dict[str, FactData | None] = {}
    for definition in rules.ruleset.facts:
        if definition.answer is not None:
            fact = _from_answer(definition, answers.get(definition.answer))
        elif definition.measured is not None:
            fact = _from_check(definition, checks)
        elif definition.derived is not None:
            fact = _derived(definition, derived[definition.id](values), facts, rules)
        else:
            continue
        facts[definition.id] = fact
        values[definition.id] = fact.value
    return facts


def _typed(definition: FactDef, value: Any) -> FactData | None:
    """``value`` if it suits the fact's type and codes, else None."""
    kind = definition.type
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        return value if ok else None
    if kind == "code":
        return value if isinstance(value, str) and value in definition.codes else None
    if kind == "codes":
        if isinstance(value, list | tuple) and value and all(v in definition.codes for v in value):
            return tuple(str(v) for v in value)
        return None
    return value if isinstance(value, str) and value.strip() else None


def _code_text(definition: FactDef, code: str) -> LocalText:
    label = definition.code_labels.get(code)
    if label is not None:
        return label
    return STATUS_WORDS.get(code, LocalText(en=code.replace("_", " ")))


def _display(definition: FactDef, value: FactData, unit: str = "") -> LocalText:
    if isinstance(value, bool):
        return YES_NO[value]
    if isinstance(value, int | float):
        return LocalText(en=with_unit(float(value), definition.unit or unit))
    if isinstance(value, tuple):
        parts = [_code_text(definition, code) for code in value]
        return LocalText({locale: "; ".join(p.get(locale) for p in parts) for locale in LOCALES})
    return _code_text(definition, value) if definition.type == "code" else LocalText(en=value)


def _from_answer(
    definition: FactDef, found: tuple[Answer, Instrument | None, Item | None] | None
) -> FactValue:
    if found is None:
        return _unknown(definition.id)
    answer, instrument, item = found
    if answer.missing is not None:
        return _unknown(definition.id, answer.missing)
    raw = valid_value(item, answer) if item is not None else answer.value
    value = _typed(definition, raw)
    if value is None:
        return _unknown(definition.id)
    arguments = (definition, value, answer, instrument, item)
    return deferred(FactValue, _answered, arguments, id=definition.id, value=value, missing=None)


def _answered(
    definition: FactDef,
    value: FactData,
    answer: Answer,
    instrument: Instrument | None,
    item: Item | None,
) -> dict[str, tuple[Evidence, ...]]:
    """An answered fact's evidence: the answer in words, in each language."""
    if instrument is not None and item is not None:
        shown = LocalText(
            {locale: describe_answer(instrument, item, answer, locale) for locale in LOCALES}
        )
    else:
        shown = _display(definition, value)
    found = Evidence(definition.id, definition.label, shown, Origin.ANSWERED, answer.item_id)
    return {"evidence": (found,)}


def _from_check(definition: FactDef, checks: Mapping[str, CheckResult]) -> FactValue:
    source = definition.measured
    assert source is not None
    result = checks.get(source.check)
    if result is None:
        return _unknown(definition.id)
    unit = ""
    if source.status:
        raw: Any = result.status.value
    else:
        measurement = result.values.get(source.value or "")
        raw = measurement.value if measurement is not None else None
        unit = measurement.unit if measurement is not None else ""
    value = _typed(definition, raw)
    if value is None:
        return _unknown(definition.id)
    arguments = (definition, value, unit, result)
    return deferred(FactValue, _measured, arguments, id=definition.id, value=value, missing=None)


def _measured(
    definition: FactDef, value: FactData, unit: str, result: CheckResult
) -> dict[str, tuple[Evidence, ...]]:
    """A measured (or entered, or looked-at) fact's evidence: the value with its unit."""
    origin = _ORIGINS.get(result.source, Origin.MEASURED)
    shown = _display(definition, value, unit)
    return {
        "evidence": (Evidence(definition.id, definition.label, shown, origin, result.check_id),)
    }


def _derived(
    definition: FactDef, outcome: bool | None, facts: Mapping[str, FactValue], rules: Rules
) -> FactValue:
    """A derived fact: ``outcome`` of its condition; its evidence is what decided it.

    The condition names only facts before this one, which ``facts`` already holds; the
    evidence keeps only those (holding ``facts`` would tie every fact to every other).
    """
    if outcome is None:
        return _unknown(definition.id)
    inputs = rules.compiled.inputs[definition.id]
    named = {fact_id: facts[fact_id] for fact_id in inputs if fact_id in facts}
    arguments = (definition, named, rules)
    return deferred(FactValue, _decided, arguments, id=definition.id, value=outcome, missing=None)


def _decided(
    definition: FactDef, named: Mapping[str, FactValue], rules: Rules
) -> dict[str, tuple[Evidence, ...]]:
    """A derived fact's evidence: that of the facts that decided its condition."""
    condition = definition.derived
    assert condition is not None
    items = (
        item
        for fact_id in explaining_facts(condition, named, rules.thresholds)
        for item in named[fact_id].evidence
    )
    return {"evidence": _unique(items)}


def _unknown(fact_id: str, missing: MissingCode | None = None) -> FactValue:
    """A fact nobody has answered or measured yet (``missing`` says why, when known)."""
    return complete(FactValue, id=fact_id, value=None, evidence=(), missing=missing)


def _unique(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(dict.fromkeys(evidence))
