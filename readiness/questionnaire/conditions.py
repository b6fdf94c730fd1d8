"""Conditional items: which items are shown for a set of answers, and whether conditions are sound.

An item with ``show_when`` is shown only when the item it names is itself shown and
its answer matches; a missing answer (declined, don't know, ...) never matches. A
condition may only refer to an earlier item, so visibility is decided in one pass
in the order items are asked, and conditions can never loop. ``condition_problems``
checks exactly that when a file is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping

from readiness.model import Answer
from readiness.questionnaire.answers import valid_value
from readiness.questionnaire.schema import CHOICE_TYPES, Condition, Instrument, Item, ItemType


def condition_matches(condition: Condition, source: Item, answer: Answer | None) -> bool:
    """Whether ``answer`` (to the item ``source``) satisfies ``condition``."""
    value = valid_value(source, answer)
    if value is None:
        return False
    if isinstance(value, tuple):  # multiple choice: any of the named codes chosen
        wanted = set(condition.any_of or ()) | (
            {condition.equals} if isinstance(condition.equals, str) else set()
        )
        return bool(wanted.intersection(value))
    if condition.any_of is not None:
        return value in condition.any_of
    if condition.equals is not None:
        if isinstance(value, bool) or isinstance(condition.equals, bool):
            return value is condition.equals  # True never equals the number 1 here
        return value == condition.equals
    if not _is_number(value):
        return False
    number = float(value)
    low_ok = condition.at_least is None or number >= condition.at_least
    high_ok = condition.at_most is None or number <= condition.at_most
    return low_ok and high_ok


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def visible_items(instrument: Instrument, answers: Mapping[str, Answer]) -> tuple[Item, ...]:
    """The items shown for ``answers`` (item id -> Answer), in the order asked."""
    shown: dict[str, Item] = {}
    for item in instrument.items():
        condition = item.show_when
        if condition is None:
            shown[item.id] = item
            continue
        source = shown.get(condition.item)
        if source is not None and condition_matches(condition, source, answers.get(source.id)):
            shown[item.id] = item
    return tuple(shown.values())


def is_visible(instrument: Instrument, item_id: str, answers: Mapping[str, Answer]) -> bool:
    """Whether the item ``item_id`` is shown for ``answers``."""
    return any(item.id == item_id for item in visible_items(instrument, answers))


def effective_answers(instrument: Instrument, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """Only the answers to items that are shown: an answer given before an earlier answer
    changed and hid its item no longer counts (it is kept in the store, not used)."""
    shown = {item.id for item in visible_items(instrument, answers)}
    return {item_id: answer for item_id, answer in answers.items() if item_id in shown}


def condition_problems(instrument: Instrument) -> list[tuple[str, str]]:
    """(item id, what is wrong) for every unsound condition: unknown, later or
    self-referring items, loops, and values the named item can never have."""
    order = {item.id: index for index, item in enumerate(instrument.items())}
    items = {item.id: item for item in instrument.items()}
    target = {item.id: item.show_when.item for item in instrument.items() if item.show_when}
    problems: list[tuple[str, str]] = []
    in_loop = _loops(target, problems)
    for item in instrument.items():
        condition = item.show_when
        if condition is None or item.id in in_loop:
            continue
        source = items.get(condition.item)
        if source is None:
            problems.append(
                (item.id, f"show_when: refers to item '{condition.item}', which does not exist")
            )
        elif order[source.id] > order[item.id]:
            problems.append(
                (
                    item.id,
                    f"show_when: refers to item '{source.id}', which comes later; "
                    "a condition can only use an earlier answer",
                )
            )
        else:
            message = _value_problem(condition, source)
            if message:
                problems.append((item.id, f"show_when: {message}"))
    return problems


def _loops(target: Mapping[str, str], problems: list[tuple[str, str]]) -> set[str]:
    """Find loops in the item -> condition-item graph (each item names at most one)."""
    in_loop: set[str] = set()
    for start in target:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in target and node not in path and node not in in_loop:
            path.append(node)
            node = target[node]
        if node is not None and node in path:
            cycle = path[path.index(node) :]
            in_loop.update(cycle)
            if len(cycle) == 1:
                problems.append((node, "show_when: the item depends on its own answer"))
            else:
                chain = " -> ".join([*cycle, node])
                problems.append((node, f"show_when: conditions form a loop: {chain}"))
    return in_loop


def _value_problem(condition: Condition, source: Item) -> str | None:
    forms = condition.forms()
    if len(forms) != 1:
        return "give exactly one of 'equals', 'any_of' or 'at_least'/'at_most'"
    if source.type is ItemType.SHORT_TEXT:
        return f"item '{source.id}' is short text; a condition cannot depend on it"
    if source.type is ItemType.YES_NO:
        if not isinstance(condition.equals, bool):
            return f"item '{source.id}' is yes/no: use 'equals: true' or 'equals: false'"
        return None
    if source.type is ItemType.NUMBER:
        if condition.any_of is not None or isinstance(condition.equals, (bool, str)):
            return f"item '{source.id}' is a number: use a number with 'equals' or a range"
        low, high = condition.at_least, condition.at_most
        if low is not None and high is not None and low > high:
            return f"'at_least' ({low:g}) is more than 'at_most' ({high:g})"
        return None
    if source.type in CHOICE_TYPES:
        if condition.any_of is None and not isinstance(condition.equals, str):
            return f"item '{source.id}' is a choice: use an option code with 'equals' or 'any_of'"
        codes = condition.any_of if condition.any_of is not None else (str(condition.equals),)
        if not codes:
            return "'any_of' is empty"
        valid = [option.code for option in source.options]
        unknown = [code for code in codes if code not in valid]
        if unknown:
            return f"'{unknown[0]}' is not an option of '{source.id}' (options: {', '.join(valid)})"
    return None
