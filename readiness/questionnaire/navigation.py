"""The path through an intake's questionnaires: one question at a time, in order.

``AnswerSheet`` holds the latest answer per (questionnaire, item). ``Flow`` knows
the order of every item of every instrument and, for the answers so far, which are
shown, what comes next or before, and where the current question sits (instrument,
section, question number within the section). The page is a thin view over these
plain objects, so the path is tested without Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from readiness.model import Answer
from readiness.questionnaire.conditions import visible_items
from readiness.questionnaire.schema import Instrument, Item, Section

StepKey = tuple[str, str]
"""(questionnaire id, item id)."""


class AnswerSheet:
    """The latest answer to each item, across instruments."""

    def __init__(self, answers: Iterable[Answer] = ()) -> None:
        self._answers: dict[StepKey, Answer] = {}
        for answer in answers:
            self.record(answer)

    def record(self, answer: Answer) -> None:
        """Keep ``answer`` as the answer to its item (replacing an older one)."""
        key = (answer.questionnaire_id, answer.item_id)
        current = self._answers.get(key)
        if current is None or answer.answered_at >= current.answered_at:
            self._answers[key] = answer

    def get(self, questionnaire_id: str, item_id: str) -> Answer | None:
        return self._answers.get((questionnaire_id, item_id))

    def for_instrument(self, questionnaire_id: str) -> dict[str, Answer]:
        """item id -> Answer for one instrument (what conditions and scoring take)."""
        return {item: a for (qid, item), a in self._answers.items() if qid == questionnaire_id}

    def all(self) -> tuple[Answer, ...]:
        return tuple(self._answers.values())

    def __len__(self) -> int:
        return len(self._answers)


@dataclass(frozen=True)
class Step:
    """One question in the flow."""

    instrument: Instrument
    section: Section
    item: Item

    @property
    def key(self) -> StepKey:
        return (self.instrument.id, self.item.id)


@dataclass(frozen=True)
class Position:
    """Where a step is: instrument n of N, section n of N, question n of N in the section."""

    instrument_number: int
    instrument_count: int
    section_number: int
    section_count: int
    question_number: int
    question_count: int
    """Questions shown in this section for the answers so far."""


class Flow:
    """The order of questions through ``instruments`` and what is shown for given answers."""

    def __init__(self, instruments: Sequence[Instrument]) -> None:
        self.instruments = tuple(instruments)
        self._order: dict[StepKey, int] = {}
        self._all: list[Step] = []
        for instrument in self.instruments:
            for section in instrument.sections:
                for item in section.items:
                    step = Step(instrument, section, item)
                    self._order[step.key] = len(self._all)
                    self._all.append(step)

    def visible(self, sheet: AnswerSheet) -> list[Step]:
        """Every step shown for the answers in ``sheet``, in order."""
        shown: set[StepKey] = set()
        for instrument in self.instruments:
            answers = sheet.for_instrument(instrument.id)
            shown.update((instrument.id, item.id) for item in visible_items(instrument, answers))
        return [step for step in self._all if step.key in shown]

    def first(self, sheet: AnswerSheet) -> Step | None:
        steps = self.visible(sheet)
        return steps[0] if steps else None

    def step(self, key: StepKey) -> Step | None:
        index = self._order.get(key)
        return self._all[index] if index is not None else None

    def next(self, current: Step, sheet: AnswerSheet) -> Step | None:
        """The first shown step after ``current``, or None at the end."""
        here = self._order[current.key]
        return next((s for s in self.visible(sheet) if self._order[s.key] > here), None)

    def previous(self, current: Step, sheet: AnswerSheet) -> Step | None:
        """The last shown step before ``current``, or None at the start."""
        here = self._order[current.key]
        before = [s for s in self.visible(sheet) if self._order[s.key] < here]
        return before[-1] if before else None

    def first_unanswered(self, sheet: AnswerSheet) -> Step | None:
        """Where to resume: the first shown step without an answer (None: all answered)."""
        return next((s for s in self.visible(sheet) if sheet.get(*s.key) is None), None)

    def position(self, current: Step, sheet: AnswerSheet) -> Position:
        instrument = current.instrument
        in_section = [
            s
            for s in self.visible(sheet)
            if s.instrument.id == instrument.id and s.section.id == current.section.id
        ]
        keys = [s.key for s in in_section]
        number = keys.index(current.key) + 1 if current.key in keys else 0
        return Position(
            instrument_number=self.instruments.index(instrument) + 1,
            instrument_count=len(self.instruments),
            section_number=instrument.sections.index(current.section) + 1,
            section_count=len(instrument.sections),
            question_number=number,
            question_count=len(in_section),
        )


def answers_by_instrument(answers: Iterable[Answer]) -> Mapping[str, dict[str, Answer]]:
    """Group answers as questionnaire id -> item id -> latest Answer."""
    sheet = AnswerSheet(answers)
    ids = {answer.questionnaire_id for answer in sheet.all()}
    return {qid: sheet.for_instrument(qid) for qid in sorted(ids)}
