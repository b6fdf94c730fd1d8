"""What counts as a valid answer to an item, and how an answer reads back in words.

The page, the conditions and the scoring all go through ``check_value`` so an answer
means the same everywhere: a value stored for an older version of an instrument (an
option code that no longer exists, say) is treated as no answer rather than a crash.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from readiness.local_text import LocalText
from readiness.model import Answer, AnswerValue
from readiness.questionnaire.schema import CHOICE_TYPES, Instrument, Item, ItemType

YES = LocalText(en="Yes", es="Sí")
NO = LocalText(en="No", es="No")


def check_value(item: Item, value: object) -> AnswerValue:
    """``value`` in its stored form for ``item``, or ValueError saying what is wrong."""
    if item.type in (ItemType.SINGLE_CHOICE, ItemType.LIKERT):
        if not isinstance(value, str) or item.option(value) is None:
            raise ValueError(f"{value!r} is not one of the options of {item.id}")
        return value
    if item.type is ItemType.MULTIPLE_CHOICE:
        return _check_codes(item, value)
    if item.type is ItemType.YES_NO:
        if not isinstance(value, bool):
            raise ValueError(f"{item.id} takes yes or no (true or false)")
        return value
    if item.type is ItemType.NUMBER:
        return _check_number(item, value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{item.id} takes a short text")
    text = value.strip()
    if len(text) > item.max_length:
        raise ValueError(f"{item.id} takes at most {item.max_length} characters")
    return text


def _check_codes(item: Item, value: object) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{item.id} takes a list of option codes")
    chosen = set(value)
    if not chosen:
        raise ValueError(f"{item.id}: choose at least one option")
    options = item.options_by_code
    unknown = chosen.difference(options)
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not options of {item.id}")
    exclusive = [code for code, option in options.items() if option.exclusive and code in chosen]
    if exclusive and len(chosen) > 1:
        raise ValueError(f"{item.id}: {exclusive[0]!r} cannot be chosen with other options")
    return tuple(code for code in options if code in chosen)


def _check_number(item: Item, value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{item.id} takes a number")
    if not math.isfinite(value):
        raise ValueError(f"{item.id} takes a finite number")
    if item.min is not None and value < item.min:
        raise ValueError(f"{item.id}: {value} is below the smallest allowed value {item.min:g}")
    if item.max is not None and value > item.max:
        raise ValueError(f"{item.id}: {value} is above the largest allowed value {item.max:g}")
    if item.integer:
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"{item.id} takes a whole number")
        return int(value)
    return value


def valid_value(item: Item, answer: Answer | None) -> AnswerValue | None:
    """The answer's value if it is a valid value for ``item``; None when missing or invalid."""
    if answer is None or answer.value is None:
        return None
    try:
        return check_value(item, answer.value)
    except ValueError:
        return None


def toggle_code(item: Item, current: Sequence[str], code: str) -> tuple[str, ...]:
    """Multiple choice: the selection after ticking or unticking ``code``.

    Ticking an exclusive option ("none of these") clears the others, and ticking any
    other option clears an exclusive one, so the result is always a valid selection
    (or empty).
    """
    option = item.option(code)
    if option is None:
        raise ValueError(f"{code!r} is not an option of {item.id}")
    chosen = set(current)
    if code in chosen:
        chosen.discard(code)
    elif option.exclusive:
        chosen = {code}
    else:
        chosen = {c for c in chosen if not (o := item.option(c)) or not o.exclusive} | {code}
    return tuple(o.code for o in item.options if o.code in chosen)


def describe_answer(instrument: Instrument, item: Item, answer: Answer, locale: str) -> str:
    """The answer in words, in ``locale`` (for summaries and reports)."""
    if answer.missing is not None:
        return instrument.missing_label(answer.missing, locale)
    value = valid_value(item, answer)
    if value is None:
        return str(answer.value)
    if item.type in CHOICE_TYPES:
        codes = value if isinstance(value, tuple) else (str(value),)
        return "; ".join(o.text.get(locale) for code in codes if (o := item.option(code)))
    if item.type is ItemType.YES_NO:
        return (YES if value else NO).get(locale)
    if item.type is ItemType.NUMBER and item.unit is not None:
        return (
            f"{value:g} {item.unit.get(locale)}"
            if isinstance(value, float)
            else (f"{value} {item.unit.get(locale)}")
        )
    return str(value)
