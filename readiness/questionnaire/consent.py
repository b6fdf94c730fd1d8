"""What a person can agree to in an intake, and how their choices are kept.

Each part is optional: checking this computer, testing the connection, and being
asked the questions. A choice is kept as an answer of the ``consent`` record
(``consent.device_checks``, ``consent.connection_test``, ``consent.questions``), so
it travels with the assessment, its document and its reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from readiness.model import Answer

CONSENT_ID = "consent"
PARTS = ("device_checks", "connection_test", "questions")
"""The parts of an intake, in the order they are asked."""

Choices = Mapping[str, bool | None]
"""Each part's choice: True (agreed), False (declined) or None (not asked yet)."""


def item_id(part: str) -> str:
    """The answer item that keeps the choice for ``part``."""
    if part not in PARTS:
        raise ValueError(f"no consent part {part!r}")
    return f"{CONSENT_ID}.{part}"


def consent_problem(answer: Answer) -> str | None:
    """What is wrong with ``answer`` as an answer of the consent record (None: nothing):
    one of its parts, yes or no."""
    part = answer.item_id.removeprefix(f"{CONSENT_ID}.")
    if answer.questionnaire_id != CONSENT_ID or part not in PARTS or answer.item_id == part:
        return f"the consent record has only {', '.join(item_id(p) for p in PARTS)}"
    if answer.missing is not None or not isinstance(answer.value, bool):
        return f"{answer.item_id} takes yes or no (true or false)"
    return None


def consent_choices(answers: Iterable[Answer]) -> dict[str, bool | None]:
    """Each part's recorded choice, read from an assessment's answers."""
    choices: dict[str, bool | None] = dict.fromkeys(PARTS)
    for answer in answers:
        if answer.questionnaire_id == CONSENT_ID:
            part = answer.item_id.removeprefix(f"{CONSENT_ID}.")
            if part in choices and isinstance(answer.value, bool):
                choices[part] = answer.value
    return choices


def is_recorded(choices: Choices) -> bool:
    """Whether the person's choices are recorded (the first choice records every part)."""
    return any(choice is not None for choice in choices.values())
