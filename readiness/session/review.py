"""Where an intake stands: each step done or not, what is missing, and what blocks completing it.

``review(document, instruments)`` looks at an assessment as it is saved and says, per
intake step, whether it is done, how many of the questions that apply are answered,
and lists what is missing. Some of it blocks completion:

- the person's consent choices not recorded (even "no" to every part is a choice);
- no staff initials (every audit entry names who did it);
- a question the agency marked ``required: true`` left unanswered, when it applies
  and the person agreed to be asked questions ("prefer not to say" is an answer).

The rest is said but does not block: optional questions not answered, checks not
run, the connection not tested, parts the person declined, no plan yet. The GUI's
review before completing, its overview and ``readiness assessment status`` all read
this one review, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from readiness.document import AssessmentDocument
from readiness.messages import M_, Message
from readiness.model import AssessmentStatus
from readiness.questionnaire.conditions import visible_items
from readiness.questionnaire.consent import CONSENT_ID, consent_choices, is_recorded
from readiness.questionnaire.navigation import answers_by_instrument
from readiness.questionnaire.schema import Instrument
from readiness.session.steps import (
    CONNECTION,
    CONSENT,
    DEVICE,
    OVERVIEW,
    PHONE,
    QUESTIONS,
    REPORTS,
    RESULTS,
    STEPS,
)

CONNECTION_CHECK = "connection.bandwidth"


@dataclass(frozen=True)
class Missing:
    """One thing not done: what kind, in which step, in words, and whether it blocks."""

    kind: str
    """``consent``, ``initials``, ``required``, ``unanswered``, ``device_checks``,
    ``connection``, ``declined`` or ``plan``."""
    step: str
    message: Message
    blocks: bool = False
    item: tuple[str, str] | None = None
    """(questionnaire id, item id) for a question, so a screen can go straight to it."""


@dataclass(frozen=True)
class StepStatus:
    """One intake step: done or not (a declined part counts as done: it was decided)."""

    key: str
    done: bool
    declined: bool = False


@dataclass(frozen=True)
class Review:
    """The whole picture; see the module docstring."""

    steps: tuple[StepStatus, ...]
    answered: int
    """Questions that apply and have an answer (a missing-answer code counts)."""
    applicable: int
    """Questions that apply for the answers so far."""
    missing: tuple[Missing, ...]
    consent: Mapping[str, bool | None]

    @property
    def blocking(self) -> tuple[Missing, ...]:
        return tuple(item for item in self.missing if item.blocks)

    @property
    def can_complete(self) -> bool:
        return not self.blocking

    def step(self, key: str) -> StepStatus:
        return next(status for status in self.steps if status.key == key)


def _unanswered(
    document: AssessmentDocument, instruments: Iterable[Instrument]
) -> tuple[int, int, list[Missing]]:
    grouped = answers_by_instrument(document.answers)
    answered = applicable = 0
    missing: list[Missing] = []
    for instrument in instruments:
        if instrument.id == CONSENT_ID:
            continue
        answers = grouped.get(instrument.id, {})
        for item in visible_items(instrument, answers):
            applicable += 1
            if item.id in answers:
                answered += 1
                continue
            question = item.text.get(document.assessment.locale)
            message = (
                M_("A required question is not answered: {question}", question=question)
                if item.required
                else M_("Not answered: {question}", question=question)
            )
            missing.append(
                Missing(
                    kind="required" if item.required else "unanswered",
                    step=QUESTIONS,
                    message=message,
                    blocks=item.required,
                    item=(instrument.id, item.id),
                )
            )
    return answered, applicable, missing


def review(document: AssessmentDocument, instruments: Sequence[Instrument]) -> Review:
    """Where ``document`` stands under these questionnaires; see the module docstring."""
    choices = consent_choices(document.answers)
    recorded = is_recorded(choices)
    checks = {result.check_id for result in document.check_results}
    missing: list[Missing] = []
    if not recorded:
        missing.append(
            Missing("consent", CONSENT, M_("The person's consent choices are not recorded."), True)
        )
    if not document.assessment.staff_initials:
        missing.append(Missing("initials", OVERVIEW, M_("The staff initials are missing."), True))

    device_declined = choices["device_checks"] is False
    device_done = any(check.startswith("device.") for check in checks)
    if device_declined:
        missing.append(
            Missing("declined", DEVICE, M_("The person chose not to have this computer checked."))
        )
    elif not device_done:
        missing.append(Missing("device_checks", DEVICE, M_("This computer was not checked.")))

    connection_declined = choices["connection_test"] is False
    connection_done = CONNECTION_CHECK in checks
    if connection_declined and not connection_done:
        missing.append(
            Missing(
                "declined", CONNECTION, M_("The person chose not to have the connection tested.")
            )
        )
    elif not connection_done:
        missing.append(
            Missing("connection", CONNECTION, M_("The internet connection was not tested."))
        )

    questions_declined = choices["questions"] is False
    answered, applicable, unanswered = _unanswered(document, instruments)
    if questions_declined:  # no question is "missing": the person chose not to be asked
        missing.append(
            Missing("declined", QUESTIONS, M_("The person chose not to be asked the questions."))
        )
    else:
        missing += unanswered

    # A reassessment starts with the open items of the plan before: not yet a plan of its own.
    has_plan = document.plan is not None and not document.plan.carried_only
    if not has_plan:
        missing.append(Missing("plan", RESULTS, M_("No plan has been saved yet.")))

    done = {
        OVERVIEW: bool(document.assessment.staff_initials),
        CONSENT: recorded,
        PHONE: any(check.check_id.startswith("phone.") for check in document.check_results),
        DEVICE: device_done or device_declined,
        CONNECTION: connection_done or connection_declined,
        QUESTIONS: questions_declined or answered == applicable,
        RESULTS: has_plan,
        REPORTS: document.assessment.status is AssessmentStatus.COMPLETE,
    }
    declined = {
        DEVICE: device_declined,
        CONNECTION: connection_declined,
        QUESTIONS: questions_declined,
    }
    steps = tuple(StepStatus(key, done.get(key, False), declined.get(key, False)) for key in STEPS)
    return Review(steps, answered, applicable, tuple(missing), dict(choices))
