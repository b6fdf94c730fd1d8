"""The unlocked records as the app's screens use them: the list, a person, new and open intakes.

``Records`` wraps the one database connection the app works with and knows who is
acting (the staff initials from Settings, asked each time because Settings can
change). Home lists assessments through it, the person's page reads their
assessments, New intake starts one and every intake is opened as an
``IntakeSession`` from it. Screens hold a ``Records``, never a connection. What the
app shows or changes outside an intake is recorded in the audit log through it too:
a person's assessments or the audit log shown, Settings saved, a new passphrase, a
backup made.

Like the session, it works on the thread that opened the database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from readiness.errors import NotFoundError
from readiness.model import AssessmentStatus, ServiceUser, utc_now
from readiness.session.intake import IntakeSession
from readiness.store import audit, listing, plans, repository
from readiness.store.text_fields import checked_initials

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.document import AssessmentDocument
    from readiness.session.decided import Decided
    from readiness.settings import Settings
    from readiness.summaries import AssessmentSummary, Due, DueRule


class Records:
    """The open database and who is acting; see the module docstring."""

    def __init__(
        self,
        db: Database,
        *,
        actor: Callable[[], str] = lambda: "",
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.database = db
        """The connection, for the data-protection work and the practice switch; screens
        never use it."""
        self._actor = actor
        self._clock = clock

    @property
    def actor(self) -> str:
        """Who is acting outside an intake: the staff initials in Settings ("" if none)."""
        return self._actor()

    # -- the list -----------------------------------------------------------------------

    def listing(
        self,
        *,
        code_prefix: str = "",
        status: AssessmentStatus | None = None,
        due: Due | None = None,
        rule: DueRule | None = None,
    ) -> listing.AssessmentListing:
        """Assessments newest first, for a code prefix, status and what is due, read a chunk
        at a time."""
        return listing.AssessmentListing(
            self.database, code_prefix=code_prefix, status=status, due=due, rule=rule
        )

    def is_empty(self) -> bool:
        """Whether no assessment has been kept yet."""
        return self.database.execute("SELECT 1 FROM assessments LIMIT 1").fetchone() is None

    def exists(self, assessment_id: str) -> bool:
        try:
            repository.get_assessment(self.database, assessment_id)
        except NotFoundError:
            return False
        return True

    # -- people -------------------------------------------------------------------------

    def find_person(self, code: str) -> ServiceUser | None:
        """The service user with this code (any letter case), or None."""
        return repository.find_service_user(self.database, code)

    def person(self, service_user_id: str) -> ServiceUser:
        return repository.get_service_user(self.database, service_user_id)

    def person_assessments(self, service_user_id: str) -> tuple[AssessmentSummary, ...]:
        """A person's assessments, oldest first."""
        return listing.person_assessments(self.database, service_user_id)

    def document(self, assessment_id: str) -> AssessmentDocument:
        """One whole assessment (to work out results elsewhere)."""
        return repository.load_document(self.database, assessment_id)

    def kept_results(self, assessment_ids: Sequence[str]) -> dict[str, Decided]:
        """The results kept when these assessments were completed (those that have one)."""
        from readiness.session.decided import Decided
        from readiness.store import results

        found = results.stored_for(self.database, assessment_ids)
        return {key: Decided(kept.rules_version, kept.basis, kept) for key, kept in found.items()}

    # -- the audit log of what happens outside an intake ----------------------------------

    def record_person_shown(self, service_user_id: str) -> None:
        """A person's assessments over time were shown (their page)."""
        self._record_shown("person's assessments", service_user_id)

    def record_audit_log_shown(self, service_user_id: str | None) -> None:
        """The audit log was shown: everyone's, or one person's entries."""
        self._record_shown("audit log", service_user_id)

    def _record_shown(self, what: str, service_user_id: str | None) -> None:
        audit.record(
            self.database,
            audit.AuditAction.OPENED,
            staff=self.actor,
            service_user_id=service_user_id,
            detail=what,
        )

    def record_settings_change(self, before: Settings, after: Settings) -> None:
        """Settings were saved: the names of those that changed (nothing if none did)."""
        names = [
            field.name
            for field in dataclasses.fields(after)
            if getattr(before, field.name) != getattr(after, field.name)
        ]
        if names:
            audit.record_settings_change(self.database, staff=self.actor, names=names)

    def record_passphrase_change(self) -> None:
        audit.record(self.database, audit.AuditAction.PASSPHRASE_CHANGED, staff=self.actor)

    def record_backup(self, name: str, *, automatic: bool) -> None:
        """A backup named ``name`` (a file name with no personal data) was made."""
        how = "automatic" if automatic else "made now"
        audit.record(
            self.database, audit.AuditAction.BACKED_UP, staff=self.actor, detail=f"{how}, {name}"
        )

    # -- intakes ------------------------------------------------------------------------

    def start_intake(
        self, code: str, *, preferred_name: str = "", locale: str = "en", staff_initials: str = ""
    ) -> IntakeSession:
        """A new draft assessment for the person with ``code`` (added if new), opened.

        ``staff_initials`` is who carries out the intake (the worker in Settings if
        none are given); it is the session's actor. For a person seen before, the
        plan starts from the open items of their last plan, marked as carried over.
        """
        actor = checked_initials(staff_initials) or self.actor
        user = self.find_person(code)
        known = user is not None
        if user is None:
            user = repository.create_service_user(
                self.database, code, preferred_name or None, staff=actor
            )
        assessment = repository.start_assessment(
            self.database, user, locale=locale, staff_initials=actor, staff=actor
        )
        if known:
            plans.carry_over(self.database, assessment.id, staff=actor)
        return IntakeSession(self.database, assessment.id, actor=actor, clock=self._clock)

    def open_intake(self, assessment_id: str) -> IntakeSession:
        """An existing assessment, opened; its actor is whoever carried it out, else Settings'."""
        assessment = repository.get_assessment(self.database, assessment_id)
        actor = assessment.staff_initials or self.actor
        return IntakeSession(self.database, assessment_id, actor=actor, clock=self._clock)
