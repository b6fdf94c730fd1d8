"""How a practice person's visits differ, and the plans that link them, so training shows change.

A persona document is the person as they are now (their latest visit). Their
earlier visit is the same document a few steps behind: up to three of their
digital-skills answers one step lower ("Yes, on my own" was "Yes, with some help"
then), as peer support usually brings. Each visit gets a small plan in the
visit's language: the earlier one with one item done and one still open, the
latest one starting from that open item (carried over, as a reassessment does) with
a follow-up date. All of it is fixed by the person's number, so every practice
database is alike.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from readiness.model import Answer
from readiness.plan import Plan, PlanItem, Responsible

SKILLS = "skills"
EARLIER = {"on_my_own": "with_help", "with_help": "not_yet"}
"""A skills answer (``can_do``) and the one a step behind it."""
STEPS = 3
"""How many answers an earlier visit has one step behind."""
PRACTICE_INITIALS = "PS"

ITEMS = (
    {
        "en": "Practise a video call together before the first group",
        "es": "Practicar juntos una videollamada antes del primer grupo",
    },
    {
        "en": "Ask the library about borrowing a hotspot",
        "es": "Preguntar en la biblioteca si prestan un módem portátil",
    },
    {
        "en": "Set bigger text and louder sound on the phone",
        "es": "Poner letras más grandes y más volumen en el teléfono",
    },
)
"""Plan items a worker might write, in each language (fictional, like the people)."""

FOLLOW_UP_DAYS = 12
"""The follow-up date is this many days after a visit (so some are due, some are not)."""


def steppable(answers: tuple[Answer, ...]) -> list[int]:
    """Positions of the skills answers that can be one step behind."""
    return [
        index
        for index, answer in enumerate(answers)
        if answer.questionnaire_id == SKILLS and isinstance(answer.value, str)
        if answer.value in EARLIER
    ]


def earlier_answers(answers: tuple[Answer, ...]) -> tuple[Answer, ...]:
    """The answers a few steps behind (spread over the questionnaire)."""
    positions = steppable(answers)
    chosen = set(positions[:: max(1, len(positions) // STEPS)][:STEPS])
    return tuple(
        replace(answer, value=EARLIER[str(answer.value)]) if index in chosen else answer
        for index, answer in enumerate(answers)
    )


def _item(number: int, locale: str) -> str:
    texts = ITEMS[number % len(ITEMS)]
    return texts.get(locale, texts["en"])


def earlier_plan(person: int, day: date, locale: str) -> Plan:
    """The plan of an earlier visit on ``day``: one item done, one still open."""
    return Plan(
        added=(
            PlanItem(
                _item(person, locale),
                who=Responsible.WORKER,
                initials=PRACTICE_INITIALS,
                due=day + timedelta(days=14),
                done=True,
            ),
            PlanItem(_item(person + 1, locale), who=Responsible.PERSON, due=day + timedelta(21)),
        ),
        follow_up=day + timedelta(days=30),
    )


def latest_plan(person: int, day: date, locale: str, carried: Plan, *, settled: bool) -> Plan:
    """The latest visit's plan on ``day``: ``carried`` (the open items of the visit before,
    ``Plan.carried_over``) with a new date, a new item, and a follow-up date.

    ``settled``: a visit long ago whose plan was carried out (every item done, no
    follow-up left), so what is due is a reassessment.
    """
    items = (
        *(replace(item, due=day + timedelta(days=14)) for item in carried.added),
        PlanItem(
            _item(person + 2, locale), who=Responsible.SOMEONE_ELSE, due=day + timedelta(days=21)
        ),
    )
    if settled:
        return Plan(added=tuple(replace(item, done=True) for item in items))
    return Plan(added=items, follow_up=day + timedelta(days=FOLLOW_UP_DAYS))
