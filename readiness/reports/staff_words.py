"""The staff report's words: names of statuses, levels, verdicts and decisions, headings, notes.

English msgids for the catalogue; ``readiness.reports.staff_pdf`` lays them out in
the report's language. Data wording (domain, channel and band titles) comes from the
rules instead.
"""

from __future__ import annotations

from datetime import date, datetime

from readiness.i18n import Translator
from readiness.messages import MP_, N_
from readiness.reports.data import ReportData

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


CODE = MP_("report", "Service-user code")
BY_HAND = MP_("report", "entered by hand")
DOWNLOAD = MP_("report", "Download")

# Headings, labels and notes of the staff report (the PDF and the HTML record).
NOT_YET = N_("Not yet")
REPORT_TITLE = N_("Digital readiness report")
REPORT_SUBJECT = N_("Digital readiness assessment, staff and agency copy")
FOOTER = N_("Confidential · {code} · Readiness {version}")
ASSESSMENT = N_("Assessment")
STARTED = N_("Started")
COMPLETED = N_("Completed")
STAFF_INITIALS = N_("Staff initials")
STATUS = N_("Status")
INTAKE_LANGUAGE = N_("Language of the intake")
FOLLOW_UP_DATE = N_("Follow-up date")
REPORT_MADE = N_("Report made")
CONFIDENTIAL = N_("Staff and agency copy. Confidential.")
PROFILE = N_("Domain profile")
NO_PROFILE = N_("No domain profile yet: the questionnaire has not been answered far enough.")
NO_SCORE = N_("Not enough information")
SCORE_AXIS = N_("Score (0 to 100)")
AREA = N_("Area")
SCORE = N_("Score")
WHY = N_("Why")
CHANNELS = N_("Ways of connecting")
NO_CHANNELS = N_("No channel verdicts yet.")
CHANNEL = N_("Channel")
VERDICT = N_("Verdict")
PLAN = N_("Recommendations and plan")
DECISION = N_("Decision")
RECOMMENDATION = N_("Recommendation")
NO_RECOMMENDATIONS = N_("No recommendations.")
SUPPORT_ARRANGED = N_("Support arranged")
NEXT_STEPS = N_("Next steps")
NONE_RECORDED = N_("None recorded.")
NOTES = N_("Notes")
MEASUREMENTS = N_("Device and connection")
NO_MEASUREMENTS = N_("No device or connection checks were run.")
CHECK = N_("Check")
RESULT = N_("Result")
MEASURED = N_("Measured")
REASON_AND_SOURCES = N_("Reason, thresholds and sources")
USE = N_("Use")
UPLOAD = N_("Upload")
ROUND_TRIP = N_("Round trip")
SOURCE = N_("Source")
TIERS = N_("Connection thresholds used")
QUESTIONNAIRE = N_("Questionnaire")
SCALE = N_("Scale")
SUPPORT_WOULD_HELP = N_("Where support would help")
ANSWERED = N_("Answered")
SCALES = N_("Questionnaire scores")
ANSWERS = N_("Questionnaire answers")
NO_ANSWERS = N_("No questions have been answered yet.")
ANSWER = N_("Answer")
BUILT_IN_THRESHOLDS = N_("the values built into Readiness, each with its published source")
THRESHOLDS_FROM = N_("Device and connection thresholds: {origin}.")
DRAFT_NOTE = N_("This assessment is a draft: some steps may not be finished.")
RESULTS_BASIS = {
    "completed": N_("Results kept when the assessment was completed, with the rules {version}."),
    "first_read": N_(
        "Results worked out with the rules {version} the first time this completed "
        "assessment was read, and kept."
    ),
    "recomputed": N_("Results worked out again with the rules {version} when a worker asked."),
    "live": N_("Results worked out now with the rules {version}; they are kept at completion."),
}
"""Where the results come from, by ``ReportData.results_basis`` (``readiness.store.results``)."""
ABOUT = N_("About these results")
UNPRINTABLE_NOTE = N_(
    "Some characters (such as emoji) cannot be printed with this report's font; each shows as □."
)


def short_date(moment: date) -> str:
    """A date in ISO form (2026-12-07): unambiguous in tables in any language."""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def named(names: dict[str, str], key: str, t: Translator) -> str:
    """The name of ``key`` in ``t``'s language, or ``key`` itself when it has none."""
    return t.gettext(names[key]) if key in names else key


def when(moment: datetime | None, t: Translator) -> str:
    """A moment in local time, ISO date and minutes, or "Not yet"."""
    if moment is None:
        return t.gettext(NOT_YET)
    local = moment.astimezone()
    return f"{short_date(local)} {local:%H:%M}"


def title_pairs(data: ReportData, t: Translator) -> list[tuple[str, str]]:
    """The report's opening facts as (label, value): who, which assessment, when, status."""
    follow_up = data.outcome.plan.follow_up
    return [
        (t.render(CODE), data.service_user_code),
        (t.gettext(ASSESSMENT), data.assessment_id[:8]),
        (t.gettext(STARTED), when(data.created, t)),
        (t.gettext(COMPLETED), when(data.completed, t)),
        (t.gettext(STAFF_INITIALS), data.staff_initials or "-"),
        (t.gettext(STATUS), named(STATUS_NAMES, data.status, t)),
        (t.gettext(INTAKE_LANGUAGE), named(LANGUAGE_NAMES, data.locale, t)),
        (t.gettext(FOLLOW_UP_DATE), short_date(follow_up) if follow_up else t.gettext(NOT_YET)),
        (t.gettext(REPORT_MADE), when(data.generated, t)),
    ]


def about_notes(data: ReportData, t: Translator) -> list[str]:
    """The closing notes, once each: not validated, the engine's notes, where the
    thresholds come from, which rules made the results (kept or live), draft and
    unprintable characters."""
    origin = (
        t.gettext(BUILT_IN_THRESHOLDS)
        if data.thresholds_origin in ("", "built-in", "built-in thresholds")
        else data.thresholds_origin
    )
    notes = [t.gettext(NOT_VALIDATED_NOTE), *data.outcome.notes, *data.score_notes]
    notes.append(t.gettext(THRESHOLDS_FROM).format(origin=origin))
    if data.rules_version:
        basis = RESULTS_BASIS[data.results_basis]
        notes.append(t.gettext(basis).format(version=data.rules_version))
    if data.status == "draft":
        notes.append(t.gettext(DRAFT_NOTE))
    if data.unprintable:
        notes.append(t.gettext(UNPRINTABLE_NOTE))
    return list(dict.fromkeys(notes))
