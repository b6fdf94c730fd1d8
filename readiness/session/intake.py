"""One open intake: the only way to read and change an assessment while a worker has it open.

``IntakeSession`` holds what the whole intake shares: the assessment and its
service user, the step the worker is on (consent first: a step that acts on the
consent opens only once the choices are recorded), the person's consent, the actor
(the staff initials written to the audit log with every change) and the clock that
stamps changes. Every page of the intake works through it: it saves answers, check
results and the plan the moment they exist, completes and reopens the intake, and
tells the pages that follow the consent when a choice changes. Nothing else writes
an open intake.

The session works on the thread that opened the database (the GUI thread in the
app); it refuses calls from any other thread, so a connection never crosses
threads. Results for another thread travel as plain values (documents, answers).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from readiness.errors import ReadinessError
from readiness.messages import M_, english
from readiness.model import Answer, Assessment, AssessmentStatus, ServiceUser, utc_now
from readiness.questionnaire.consent import CONSENT_ID, PARTS, consent_choices, is_recorded, item_id
from readiness.session.steps import CONSENT, OVERVIEW, may_open
from readiness.store import audit, plans, repository, results
from readiness.store.check_history import latest_check_result
from readiness.store.results import Basis, StoredResult, make_stored

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.document import AssessmentDocument
    from readiness.interpret import Interpretation
    from readiness.model import CheckResult
    from readiness.plan import Plan
    from readiness.questionnaire.schema import Instrument
    from readiness.session.decided import Decided
    from readiness.session.review import Review

Clock = Callable[[], datetime]
ConsentListener = Callable[[str, bool], None]

REOPEN_REASONS = ("correct_mistake", "add_information", "person_asked", "other")
"""Why a completed intake is reopened (kept in the audit log as a code, never free text)."""


class WrongThreadError(RuntimeError):
    """An intake session was used from a thread other than the one that opened it."""


class StepNotOpenError(ReadinessError):
    """A step that needs the person's consent was asked for before it was recorded."""


class IncompleteError(ReadinessError):
    """The intake cannot be completed yet; ``review.blocking`` says what is missing."""

    def __init__(self, review: Review) -> None:
        self.review = review
        lines = "; ".join(english(item.message) for item in review.blocking)
        super().__init__(f"the intake cannot be completed yet: {lines}")


class IntakeSession:
    """An open assessment, its step, consent, actor and clock; see the module docstring."""

    def __init__(
        self, db: Database, assessment_id: str, *, actor: str = "", clock: Clock = utc_now
    ) -> None:
        self._db = db
        self._thread = threading.get_ident()
        self._clock = clock
        self._assessment = repository.get_assessment(db, assessment_id)
        self._user = repository.get_service_user(db, self._assessment.service_user_id)
        self._actor = actor or self._assessment.staff_initials
        self._listeners: list[ConsentListener] = []

    # -- who, what, when --------------------------------------------------------------

    @property
    def assessment(self) -> Assessment:
        return self._assessment

    @property
    def service_user(self) -> ServiceUser:
        return self._user

    @property
    def actor(self) -> str:
        """The staff initials written with every change (those typed when the intake began)."""
        return self._actor

    @property
    def locale(self) -> str:
        """The language the intake is held in."""
        return self._assessment.locale

    @property
    def is_complete(self) -> bool:
        return self._assessment.status is AssessmentStatus.COMPLETE

    def now(self) -> datetime:
        """The session's clock (UTC)."""
        return self._clock()

    def _check_thread(self) -> None:
        if threading.get_ident() != self._thread:
            raise WrongThreadError(
                "an intake session is used only on the thread that opened the database"
            )

    # -- the step ---------------------------------------------------------------------

    @property
    def step(self) -> str | None:
        """The step the worker was last on (None for a new intake)."""
        self._check_thread()
        return repository.current_step(self._db, self._assessment.id)

    def may_open(self, key: str) -> bool:
        """Whether step ``key`` can be opened now (``readiness.session.steps.may_open``)."""
        return may_open(key, consent_recorded=self.consent_recorded)

    def opening_step(self) -> str:
        """The step to show when the intake opens: where the worker left it, About for a new
        intake, and Consent when the step left needs consent that is not recorded."""
        saved = self.step
        if saved is None:
            return OVERVIEW
        try:
            return saved if self.may_open(saved) else CONSENT
        except ValueError:  # a step this version does not have
            return OVERVIEW

    def set_step(self, key: str) -> None:
        """Remember the step the worker is on, at once (an intake reopens where it was left).

        Raises ``StepNotOpenError`` for a step that cannot be opened yet."""
        self._check_thread()
        if not self.may_open(key):
            raise StepNotOpenError(f"the step {key!r} opens once the consent choices are recorded")
        repository.set_current_step(self._db, self._assessment.id, key)

    # -- consent ----------------------------------------------------------------------

    def consent(self) -> dict[str, bool | None]:
        """Each part's choice: True (agreed), False (declined), None (not asked yet)."""
        self._check_thread()
        return consent_choices(self.answers())

    @property
    def consent_recorded(self) -> bool:
        """Whether the person's consent choices are recorded (even "no" to every part)."""
        return is_recorded(self.consent())

    def agreed(self, part: str) -> bool:
        """Whether the person agreed to ``part`` (a part not asked yet is not agreed)."""
        return bool(self.consent()[part])

    def set_consent(self, part: str, agreed: bool) -> None:
        """Keep the person's choice for ``part``; the first choice records every part.

        Parts not chosen yet are recorded as declined, so a later step never acts on
        consent that was not given. Listeners hear of every part whose choice changed.
        """
        item_id(part)  # refuses a part that does not exist
        before = self.consent()
        after = dict(before)
        after[part] = agreed
        if all(choice is None for choice in before.values()):
            after = {name: (agreed if name == part else False) for name in PARTS}
        for name in PARTS:
            if after[name] is not None and (name == part or before[name] is None):
                choice = bool(after[name])
                self.save_answer(Answer(CONSENT_ID, item_id(name), self.now(), value=choice))
        for name in PARTS:
            if after[name] != before[name]:
                for listener in list(self._listeners):
                    listener(name, bool(after[name]))

    def on_consent_changed(self, listener: ConsentListener) -> Callable[[], None]:
        """Call ``listener(part, agreed)`` when a choice changes; returns a way to stop."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- facts ------------------------------------------------------------------------

    def answers(self) -> list[Answer]:
        self._check_thread()
        return repository.list_answers(self._db, self._assessment.id)

    def save_answer(self, answer: Answer) -> None:
        """Save (or replace) one answer, committed at once."""
        self._check_thread()
        repository.save_answer(self._db, self._assessment.id, answer, staff=self._actor)

    def check_results(self) -> list[CheckResult]:
        self._check_thread()
        return repository.list_check_results(self._db, self._assessment.id)

    def save_check_result(self, result: CheckResult) -> None:
        """Save (or replace) one check result, committed at once."""
        self._check_thread()
        repository.save_check_result(self._db, self._assessment.id, result, staff=self._actor)

    def last_measured(
        self, check_id: str, accept: Callable[[CheckResult], bool] | None = None
    ) -> CheckResult | None:
        """The person's newest measured result of ``check_id`` in any of their assessments
        (only those ``accept`` takes, when given)."""
        self._check_thread()
        return latest_check_result(self._db, self._user.id, check_id, accept=accept)

    # -- the plan and the document ------------------------------------------------------

    def plan(self) -> Plan | None:
        self._check_thread()
        return plans.get_plan(self._db, self._assessment.id)

    def save_plan(self, plan: Plan) -> Plan:
        """Save the worker's plan; returns it as saved (with its ``updated`` time)."""
        self._check_thread()
        return plans.save_plan(self._db, self._assessment.id, plan, staff=self._actor)

    def document(self) -> AssessmentDocument:
        """The whole assessment as it is now."""
        self._check_thread()
        return repository.load_document(self._db, self._assessment.id)

    def previous_document(self) -> AssessmentDocument | None:
        """The person's assessment before this one (None for a first intake)."""
        self._check_thread()
        previous = plans.previous_assessment_id(self._db, self._assessment.id)
        return None if previous is None else repository.load_document(self._db, previous)

    # -- the whole intake ---------------------------------------------------------------

    def record_opened(self, how: str = "") -> None:
        """Note in the audit log that the worker opened (or resumed) this intake; ``how``
        says where, when not the app's intake (no personal data)."""
        self._check_thread()
        audit.record(
            self._db,
            audit.AuditAction.OPENED,
            staff=self._actor,
            assessment_id=self.assessment.id,
            detail=how,
        )

    def record_report(self, audience: str, use: str, *, password: bool) -> None:
        """Note in the audit log that this intake's PDF report for ``audience`` was saved,
        shown in the PDF viewer or printed (``use``: an ``audit.ReportUse`` value)."""
        self._check_thread()
        audit.record_report(
            self._db,
            staff=self._actor,
            assessment_id=self.assessment.id,
            audience=audience,
            use=audit.ReportUse(use),
            password=password,
        )

    def review(self, instruments: Sequence[Instrument]) -> Review:
        """Where the intake stands: steps done, questions answered, what is missing."""
        from readiness.session.review import review  # the questionnaires' types: not at start

        return review(self.document(), instruments)

    def set_staff_initials(self, initials: str) -> None:
        """Record who carries out the intake; they become the actor from now on."""
        self._check_thread()
        self._assessment = repository.set_staff_initials(self._db, self._assessment.id, initials)
        self._actor = self._assessment.staff_initials

    def complete(self, interpretation: Interpretation) -> Assessment:
        """Mark the intake complete and keep its result under ``interpretation`` (in the same
        transaction); raises ``IncompleteError`` while something blocks it."""
        self._check_thread()
        found = self.review(interpretation.instruments)
        if not found.can_complete:
            raise IncompleteError(found)
        now = self.now()
        result = make_stored(
            interpretation.assess(self.document()), interpretation.version, now, Basis.COMPLETED
        )
        self._assessment = repository.complete_assessment(
            self._db, self._assessment.id, staff=self._actor, now=now, result=result
        )
        return self._assessment

    def decided(self, interpretation: Interpretation) -> Decided:
        """The result the outputs show: the one kept at completion (worked out now and kept
        for an intake completed before results were kept), or a draft's live one."""
        self._check_thread()
        from readiness.session.decided import decided_for

        return decided_for(self.document(), interpretation, self._db)

    def previous_decided(self, interpretation: Interpretation) -> Decided | None:
        """The result of the person's assessment before this one, as ``decided`` reads it
        (None for a first intake)."""
        self._check_thread()
        from readiness.session.decided import decided_for

        previous = self.previous_document()
        return None if previous is None else decided_for(previous, interpretation, self._db)

    def stored_result(self) -> StoredResult | None:
        """What was decided when the intake was completed (None for a draft)."""
        self._check_thread()
        return results.stored_result(self._db, self._assessment.id)

    def save_recomputed(self, interpretation: Interpretation) -> StoredResult:
        """Replace the completed intake's kept result by the one ``interpretation`` gives
        (recorded in the audit log with the rules versions before and after)."""
        self._check_thread()
        if not self.is_complete:
            raise ReadinessError(M_("only a completed assessment has a result to recompute"))
        before = self.stored_result()
        now = self.now()
        result = make_stored(
            interpretation.assess(self.document()), interpretation.version, now, Basis.RECOMPUTED
        )
        with self._db.atomic():
            results.save(self._db, result)
            repository.mark_updated(self._db, self._assessment.id, now)
            audit.record(
                self._db,
                audit.AuditAction.RECOMPUTED,
                staff=self._actor,
                assessment_id=self._assessment.id,
                detail=f"{before.rules_version if before else '-'} -> {result.rules_version}",
            )
        self._assessment = replace(self._assessment, updated=now)
        return result

    def reopen(self, reason: str) -> Assessment:
        """Turn a completed intake back into a draft; ``reason`` (one of ``REOPEN_REASONS``)
        is kept in the audit log."""
        self._check_thread()
        if reason not in REOPEN_REASONS:
            raise ReadinessError(
                f"reason {reason!r} is not known: use one of {', '.join(REOPEN_REASONS)}"
            )
        self._assessment = repository.reopen_assessment(
            self._db, self._assessment.id, staff=self._actor, now=self.now(), reason=reason
        )
        return self._assessment
