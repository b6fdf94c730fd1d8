"""Checks that span a whole instrument, run after the schema has validated its shape.

The schema checks each part on its own; this module checks how the parts fit:
unique ids, answer sets that exist, options that suit the item type, a text in every
language, sound conditions, and scales whose items can be scored and whose bands
cover every possible value without gaps or overlaps. Each problem names where it is
(item, section, scale) and says what is wrong, so one file can report many at once.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from readiness.files import escaped
from readiness.local_text import LocalText
from readiness.questionnaire.conditions import condition_problems
from readiness.questionnaire.schema import (
    CHOICE_TYPES,
    Instrument,
    Item,
    ItemType,
    Option,
    Scale,
)
from readiness.questionnaire.scoring import item_score_range, possible_range

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: ``file: where: message`` on one line."""

    file: str
    message: str
    item_id: str | None = None
    where: str = ""
    """"item <id>", "section <id>", "scale <id>", ... or "" for the file as a whole."""

    def __str__(self) -> str:
        where = escaped(self.where or (f"item {self.item_id}" if self.item_id else ""))
        message = escaped(" ".join(self.message.split()), 2000)  # one plain line, as quoted
        return f"{self.file}: {where}: {message}" if where else f"{self.file}: {message}"


def resolve_answer_sets(instrument: Instrument, file: str) -> tuple[Instrument, list[Problem]]:
    """Copy each named answer set into the ``options`` of the items that use it."""
    problems: list[Problem] = []
    sections = []
    for section in instrument.sections:
        items = []
        for item in section.items:
            if item.answers is not None:
                options = instrument.answer_sets.get(item.answers)
                if options is None:
                    known = ", ".join(instrument.answer_sets) or "none defined"
                    problems.append(
                        _item(
                            file,
                            item,
                            f"answers: no answer set '{item.answers}' (answer sets: {known})",
                        )
                    )
                elif item.options:
                    problems.append(_item(file, item, "give 'options' or 'answers', not both"))
                else:
                    items.append(item.model_copy(update={"options": options}))
                    continue
            items.append(item)
        sections.append(section.model_copy(update={"items": tuple(items)}))
    return instrument.model_copy(update={"sections": tuple(sections)}), problems


def instrument_problems(instrument: Instrument, file: str) -> list[Problem]:
    """Everything wrong with a schema-valid instrument whose answer sets are resolved."""
    problems: list[Problem] = []
    problems += _id_problems(instrument, file)
    for section in instrument.sections:
        if not section.items:
            problems.append(
                Problem(file, "the section has no items", where=f"section {section.id}")
            )
        for item in section.items:
            problems += [_item(file, item, message) for message in _item_problems(item)]
    problems += [
        Problem(file, message, item_id=item_id)
        for item_id, message in condition_problems(instrument)
    ]
    for scale in instrument.scales:
        problems += [
            Problem(file, message, where=f"scale {scale.id}")
            for message in _scale_problems(instrument, scale)
        ]
    problems += _translation_problems(instrument, file)
    return problems


def _item(file: str, item: Item, message: str) -> Problem:
    return Problem(file, message, item_id=item.id)


def _duplicates(values: Iterable[str]) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]


def _id_problems(instrument: Instrument, file: str) -> list[Problem]:
    problems = [
        Problem(file, f"item id '{item_id}' is used more than once", item_id=item_id)
        for item_id in _duplicates(item.id for item in instrument.items())
    ]
    problems += [
        Problem(file, f"section id '{sid}' is used more than once", where=f"section {sid}")
        for sid in _duplicates(section.id for section in instrument.sections)
    ]
    problems += [
        Problem(file, f"scale id '{sid}' is used more than once", where=f"scale {sid}")
        for sid in _duplicates(scale.id for scale in instrument.scales)
    ]
    prefix = f"{instrument.id}."
    problems += [
        _item(file, item, f"item ids must start with the instrument id and a dot: '{prefix}'")
        for item in instrument.items()
        if not item.id.startswith(prefix)
    ]
    if not instrument.languages:
        problems.append(Problem(file, "languages: name at least one language"))
    for lang in _duplicates(instrument.languages):
        problems.append(Problem(file, f"languages: '{lang}' is listed more than once"))
    return problems


def _item_problems(item: Item) -> Iterator[str]:
    if item.type in CHOICE_TYPES:
        yield from _option_problems(item)
    elif item.options or item.answers:
        yield f"a {item.type.value} item has no answer options; remove 'options'/'answers'"
    if item.type is ItemType.NUMBER:
        if item.min is not None and item.max is not None and item.min > item.max:
            yield f"'min' ({item.min:g}) is more than 'max' ({item.max:g})"
    elif item.unit is not None:
        yield "'unit' is only for number items"
    if item.missing is not None:
        for code in _duplicates(item.missing):
            yield f"missing: '{code}' is listed more than once"


def _option_problems(item: Item) -> Iterator[str]:
    options = item.options
    least = 3 if item.type is ItemType.LIKERT else 2
    if len(options) < least:
        yield f"a {item.type.value} item needs at least {least} options (it has {len(options)})"
    for code in _duplicates(option.code for option in options):
        yield f"option code '{code}' is used more than once"
    if item.type is not ItemType.MULTIPLE_CHOICE and any(o.exclusive for o in options):
        yield "'exclusive' is only for multiple-choice options"
    if item.type is ItemType.LIKERT and len(options) >= least:
        scores = [option.score for option in options]
        if any(score is None for score in scores):
            yield "every Likert option needs a 'score'"
        elif not _monotonic([float(s) for s in scores if s is not None]):
            yield "Likert option scores must go steadily up or steadily down, in order"


def _monotonic(values: list[float]) -> bool:
    pairs = list(itertools.pairwise(values))
    return all(a < b for a, b in pairs) or all(a > b for a, b in pairs)


def _scale_problems(instrument: Instrument, scale: Scale) -> Iterator[str]:
    if not scale.items:
        yield "the scale has no items"
        return
    for item_id in _duplicates(part.item for part in scale.items):
        yield f"item '{item_id}' is in the scale more than once"
    for part in scale.items:
        item = instrument.item(part.item)
        if item is None:
            yield f"item '{part.item}' does not exist"
        elif item_score_range(item) is None:
            yield f"item '{item.id}' cannot be scored ({_why_unscorable(item)})"
        elif part.reverse and item.type is ItemType.MULTIPLE_CHOICE:
            yield f"item '{item.id}' is multiple choice and cannot be reverse-coded"
    if scale.min_answered > len(scale.items):
        yield (
            f"min_answered is {scale.min_answered} but the scale has only {len(scale.items)} items"
        )
    if scale.prorate and scale.method.value != "sum":
        yield "'prorate' is only for sums"
    yield from _band_problems(instrument, scale)


def _why_unscorable(item: Item) -> str:
    if item.type is ItemType.SHORT_TEXT:
        return "short text has no score"
    if item.type is ItemType.NUMBER:
        return "a number item needs 'min' and 'max' to be scored"
    return "every option needs a 'score'"


def _band_problems(instrument: Instrument, scale: Scale) -> Iterator[str]:
    bands = scale.bands
    if not bands:
        return
    for band in bands:
        if band.min >= band.max:
            yield (
                f"band '{band.label.get('en')}': 'min' ({band.min:g}) must be below "
                f"'max' ({band.max:g})"
            )
            return
    for before, after in itertools.pairwise(bands):
        if after.min > before.max:
            yield f"bands leave a gap: values from {before.max:g} to {after.min:g} have no band"
        elif after.min < before.max:
            yield (
                f"bands overlap or are out of order: a band starts at {after.min:g} "
                f"before the previous one ends at {before.max:g}"
            )
    low, high = possible_range(instrument, scale)
    if bands[0].min > low:
        yield f"bands leave a gap: values from {low:g} to {bands[0].min:g} have no band"
    if bands[-1].max < high:
        yield f"bands leave a gap: values from {bands[-1].max:g} to {high:g} have no band"


def _texts(instrument: Instrument) -> Iterator[tuple[str, str | None, str, LocalText]]:
    """(where, item id, field path, text) for every text in the instrument."""
    yield "", None, "title", instrument.title
    if instrument.description:
        yield "", None, "description", instrument.description
    if instrument.score_note:
        yield "", None, "score_note", instrument.score_note
    for code, label in instrument.missing_labels.items():
        yield "", None, f"missing_labels.{code.value}", label
    for name, options in instrument.answer_sets.items():
        yield from _option_texts(f"answer set {name}", None, options)
    for section in instrument.sections:
        yield f"section {section.id}", None, "title", section.title
        if section.intro:
            yield f"section {section.id}", None, "intro", section.intro
        for item in section.items:
            where = f"item {item.id}"
            yield where, item.id, "text", item.text
            for name, text in (("help", item.help), ("unit", item.unit)):
                if text is not None:
                    yield where, item.id, name, text
            if item.answers is None:
                yield from _option_texts(where, item.id, item.options)
    for scale in instrument.scales:
        yield f"scale {scale.id}", None, "title", scale.title
        if scale.description:
            yield f"scale {scale.id}", None, "description", scale.description
        for index, band in enumerate(scale.bands):
            yield f"scale {scale.id}", None, f"bands[{index}].label", band.label


def _option_texts(
    where: str, item_id: str | None, options: tuple[Option, ...]
) -> Iterator[tuple[str, str | None, str, LocalText]]:
    for index, option in enumerate(options):
        yield where, item_id, f"options[{index}] ({option.code}).text", option.text


def _translation_problems(instrument: Instrument, file: str) -> list[Problem]:
    problems = []
    for where, item_id, path, text in _texts(instrument):
        have = text.languages
        for lang in instrument.languages:
            if lang not in have:
                name = LANGUAGE_NAMES.get(lang, lang)
                problems.append(
                    Problem(file, f"{path}: {name} text ('{lang}') is missing", item_id, where)
                )
    return problems
