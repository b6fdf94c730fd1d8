"""Test helper: how hard a text a service user reads is, by the rule the reading-level test keeps.

English is scored with the Flesch-Kincaid grade, Spanish with the Fernández-Huerta
index (both from textstat). The targets are the ones issue 17 set: English median at or
below grade 6 and no text above grade 8; Spanish median at or above 70 and no text below 60
(Fernández-Huerta: 60-70 is "normal", 70-80 "fairly easy", 80-90 "easy").

**The rule for short texts.** Both formulas weigh words per sentence and syllables per
word, so on a text of a word or two they measure nothing but that word's syllables
("Email" and "Never" would both be grade 8.4). Joining an answer option to its question
does not help: textstat does not count a sentence of one or two words as a sentence, so a
question followed by "Never. Rarely. Sometimes. Often. Always." is scored as one long
sentence, and the score measures how many options there are, not how hard they are. So
every text is measured as it stands, and a text of fewer than ``MIN_WORDS`` words (an
option, a title, a heading) is *not scored and not counted in the median*. Instead it may
hold no word of more than ``MAX_SHORT_SYLLABLES`` syllables unless that word is on
textstat's list of familiar words (Dale-Chall's for English, the 20,000 most common words
for Spanish): the one thing that makes a short label hard is an unfamiliar long word.
Every such text is still listed by the report script (``tests/tools/reading_levels.py``).
Placeholders are filled with everyday sample words before measuring.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from textstat.textstat import textstatistics  # type: ignore[import-untyped]

MIN_WORDS = 6
"""Fewer words than this: too short for either formula (see the module docstring)."""
MAX_SHORT_SYLLABLES = {"en": 3, "es": 4}
"""The longest unfamiliar word allowed in a short text, in syllables. Spanish words run
about 1.4 times as long (Fernández-Huerta's 60 per syllable per word against Flesch's 84.6)."""

ENGLISH_MEDIAN_GRADE = 6.0
ENGLISH_WORST_GRADE = 8.0
SPANISH_MEDIAN_EASE = 70.0
SPANISH_WORST_EASE = 60.0

SAMPLES = {
    "en": {
        "date": "May 4",
        "way": "Phone calls",
        "code": "AB12",
        "step": "Call the library",
        "page": "1",
        "pages": "2",
    },
    "es": {
        "date": "4 de mayo",
        "way": "Llamadas por teléfono",
        "code": "AB12",
        "step": "Llamar a la biblioteca",
        "page": "1",
        "pages": "2",
    },
}
"""What each placeholder of a copy sentence is filled with before it is measured; any
other placeholder (a rule's ``{fact:...}`` or ``{limit:...}``) reads "this"."""


@dataclass(frozen=True)
class Passage:
    """One text a service user reads or hears, as they meet it (see the module docstring)."""

    source: str
    where: str
    """Which text it is: an item id, a msgid, a catalogue id."""
    locale: str
    text: str


@dataclass(frozen=True)
class Measured:
    """A passage and its score; ``score`` is None for a text too short to score."""

    passage: Passage
    score: float | None
    long_words: tuple[str, ...] = ()
    """For a short text: its unfamiliar words longer than ``MAX_SHORT_SYLLABLES``."""

    @property
    def passes(self) -> bool:
        if self.score is None:
            return not self.long_words
        if self.passage.locale == "en":
            return self.score <= ENGLISH_WORST_GRADE
        return self.score >= SPANISH_WORST_EASE


@cache
def _statistics(locale: str) -> textstatistics:
    scorer = textstatistics()
    scorer.set_lang(locale)
    scorer.set_rounding_points(None)
    return scorer


def filled(text: str, locale: str) -> str:
    """``text`` with each ``{placeholder}`` replaced by its everyday sample word."""
    samples = SAMPLES[locale]
    return re.sub(r"{([^{}]+)}", lambda match: samples.get(match.group(1), "this"), text)


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)


def measure(passage: Passage) -> Measured:
    """The passage's score (Flesch-Kincaid grade in English, Fernández-Huerta in Spanish)."""
    text = filled(passage.text, passage.locale)
    scorer = _statistics(passage.locale)
    found = words(text)
    if len(found) < MIN_WORDS:
        limit = MAX_SHORT_SYLLABLES[passage.locale] + 1
        return Measured(passage, None, tuple(scorer.difficult_words_list(text, limit)))
    if passage.locale == "en":
        return Measured(passage, float(scorer.flesch_kincaid_grade(text)))
    return Measured(passage, float(scorer.fernandez_huerta(text)))


@dataclass(frozen=True)
class Summary:
    """The scores of one source in one language: median, worst and what fails."""

    source: str
    locale: str
    measured: tuple[Measured, ...]

    @property
    def scored(self) -> list[float]:
        return [m.score for m in self.measured if m.score is not None]

    @property
    def median(self) -> float:
        return statistics.median(self.scored)

    @property
    def worst(self) -> Measured:
        scored = [m for m in self.measured if m.score is not None]
        if self.locale == "en":
            return max(scored, key=lambda m: m.score or 0.0)
        return min(scored, key=lambda m: m.score or 0.0)

    @property
    def median_passes(self) -> bool:
        if self.locale == "en":
            return self.median <= ENGLISH_MEDIAN_GRADE
        return self.median >= SPANISH_MEDIAN_EASE

    @property
    def failing(self) -> list[Measured]:
        return [m for m in self.measured if not m.passes]

    @property
    def short(self) -> int:
        return sum(m.score is None for m in self.measured)

    def line(self) -> str:
        """One line: median and worst, e.g. for the report and a failing test."""
        unit = "grade" if self.locale == "en" else "ease"
        worst = self.worst
        return (
            f"{self.source} [{self.locale}]: {len(self.scored)} scored, {self.short} short; "
            f"median {unit} {self.median:.1f}, worst {worst.score:.1f} ({worst.passage.where})"
        )


def summarise(source: str, locale: str, passages: Iterable[Passage]) -> Summary:
    return Summary(source, locale, tuple(measure(p) for p in passages))


def explain(failing: Iterable[Measured]) -> str:
    """The failing texts, one a line, with their score or their long words."""
    lines = []
    for m in failing:
        why = f"{m.score:.1f}" if m.score is not None else f"long words {list(m.long_words)}"
        lines.append(f"  {m.passage.where} [{m.passage.locale}] {why}: {m.passage.text}")
    return "\n".join(lines)
