"""A document's answers checked against the questionnaires in force, each value in its
stored form.

``check_answers`` refuses, naming the answer (``source: answers.3.value``) and what its
question takes: a question no questionnaire on this computer has, an option code that is
not one of the question's, a value of the wrong type ("maybe" for a yes/no question), a
number out of its range, a missing-answer code the question does not offer; a consent
choice that is not one of the consent record's parts, or not yes or no. Importing a
document (``readiness.store.importing``) and ``readiness assess`` both check with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from readiness.errors import DocumentError
from readiness.model import Answer
from readiness.questionnaire.answers import check_value
from readiness.questionnaire.consent import CONSENT_ID, consent_problem
from readiness.questionnaire.schema import CHOICE_TYPES, Instrument, Item, ItemType

SHOWN_CODES = 12
"""How many of a question's option codes a message lists."""


def check_answers(
    answers: Iterable[Answer],
    instruments: Iterable[Instrument],
    source: str,
    *,
    here: str = "on this computer",
) -> tuple[Answer, ...]:
    """The answers with each value in its stored form, or a ``DocumentError`` naming the
    answer (``source: answers.3.value``) and what its question takes; ``here`` says where
    the questionnaires in force are (the agency hub says so in its own words)."""
    items = {item.id: (form, item) for form in instruments for item in form.items()}
    checked_answers = []
    for index, answer in enumerate(answers):
        where = f"{source}: answers.{index}"
        if CONSENT_ID in (answer.questionnaire_id, answer.item_id.partition(".")[0]):
            problem = consent_problem(answer)
            if problem is not None:
                raise DocumentError(f"{where}: {problem}")
            checked_answers.append(answer)
            continue
        found = items.get(answer.item_id)
        if found is None:
            raise DocumentError(
                f"{where}.item_id: the question {answer.item_id} is not in any questionnaire {here}"
            )
        instrument, item = found
        if answer.questionnaire_id != instrument.id:
            raise DocumentError(
                f"{where}.questionnaire_id: {item.id} is a question of {instrument.id}"
            )
        if answer.missing is not None:
            if answer.missing not in instrument.missing_for(item):
                offered = ", ".join(code.value for code in instrument.missing_for(item))
                raise DocumentError(f"{where}.missing: {item.id} offers only: {offered or 'none'}")
            checked_answers.append(answer)
            continue
        try:
            value = check_value(item, answer.value)
        except ValueError:
            raise DocumentError(f"{where}.value: {item.id} takes {_takes(item)}") from None
        checked_answers.append(replace(answer, value=value))
    return tuple(checked_answers)


def _takes(item: Item) -> str:
    """What a question takes, in a few words (its option codes are plain codes)."""
    codes = [option.code for option in item.options]
    listed = ", ".join(codes[:SHOWN_CODES]) + (", ..." if len(codes) > SHOWN_CODES else "")
    if item.type is ItemType.MULTIPLE_CHOICE:
        return f"a list of its option codes ({listed})"
    if item.type in CHOICE_TYPES:
        return f"one of its option codes ({listed})"
    if item.type is ItemType.YES_NO:
        return "yes or no (true or false)"
    if item.type is ItemType.NUMBER:
        low = "" if item.min is None else f" from {item.min:g}"
        high = "" if item.max is None else f" to {item.max:g}"
        return f"a {'whole ' if item.integer else ''}number{low}{high}"
    return f"a text of 1 to {item.max_length} characters"
