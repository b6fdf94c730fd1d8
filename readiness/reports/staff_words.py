"""The staff report's fixed words: names of statuses, levels, verdicts and decisions, and its notes.

English msgids for the catalogue; ``readiness.reports.staff_pdf`` lays them out in
the report's language. Data wording (domain, channel and band titles) comes from the
rules instead.
"""

from __future__ import annotations

from datetime import date

from readiness.i18n import Translator
from readiness.messages import N_

STATUS_NAMES = {"draft": N_("Draft (not complete)"), "complete": N_("Complete")}
LANGUAGE_NAMES = {"en": N_("English"), "es": N_("Spanish")}
LEVEL_NAMES = {
    "strength": N_("A strength"),
    "some_support": N_("Some support would help"),
    "support": N_("Support would help"),
    "unknown": N_("Not enough information"),
}
VERDICT_NAMES = {
    "ready": N_("Ready now"),
    "with_support": N_("With support"),
    "not_now": N_("Not for now"),
    "unknown": N_("Not known yet"),
}
DECISION_NAMES = {
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "suggested": N_("Not decided"),
}


PROFILE_NOTE = N_(
    "Each bar is a score from 0 to 100 for one area; a longer bar means fewer barriers. "
    "Scores are local and not validated: use them to plan support, never to decide who gets a"
    " service."
)
WITHHELD_NOTE = N_(
    "The wording of this questionnaire is not shown because its licence does not allow the "
    "text to leave this computer. Questions are named by their id."
)
NOT_VALIDATED_NOTE = N_(
    "The domain profile, the channel verdicts and the questionnaire scores come from this "
    "project's own rules and questions. They have not been validated. They help plan support;"
    " they are not a diagnosis and must never be used to refuse a service."
)


def short_date(moment: date) -> str:
    """A date in ISO form (2026-12-07): unambiguous in tables in any language."""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def named(names: dict[str, str], key: str, t: Translator) -> str:
    """The name of ``key`` in ``t``'s language, or ``key`` itself when it has none."""
    return t.gettext(names[key]) if key in names else key
