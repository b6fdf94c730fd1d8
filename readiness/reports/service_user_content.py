"""The service user's copy as content: what it says, in order, in one language; no layout.

``copy_content(data)`` turns a ``ReportData`` into a ``CopyContent``: the title, the
date, the sections (what is working, ways to connect, help set up, next steps, what
was agreed, "Words we used"), the follow-up box and how to reach the agency. Every
sentence comes from ``readiness.reports.plain_words`` (through the catalogue) or from
the report data. The HTML page, the tagged PDF and the plain text are layouts of this
one object, so the three copies cannot say different things.

The copy never shows a score, a band, a verdict about the person or a check result:
strengths are worded as facts about their situation ("You can get online when you
need to"), and ways of connecting "with some help to get started" rather than as
shortfalls.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from readiness.i18n import Translator, translator
from readiness.reports import plain_words as words
from readiness.reports.data import Level, ReportData, Verdict
from readiness.reports.pdf_common import lang_tag

CHECK = "\u2713"
"""✓: the mark of the lists of what is working and the ways that suit the person."""
BULLET = "\u2022"


class ListStyle(StrEnum):
    """How a section's items are marked."""

    CHECKS = "checks"
    BULLETS = "bullets"
    NUMBERED = "numbered"
    NONE = "none"
    """Paragraphs, not a list (what was agreed: the worker's own words)."""


@dataclass(frozen=True)
class Section:
    """A heading with its items; ``empty`` is said instead when there are none."""

    key: str
    """A stable name (``working``, ``ways``, ``support``, ``next``, ``agreed``, ``terms``)."""
    heading: str
    items: tuple[str, ...]
    style: ListStyle
    empty: str = ""
    intro: str = ""

    @property
    def mark(self) -> str:
        """The mark printed before each item (numbered lists number themselves)."""
        return CHECK if self.style is ListStyle.CHECKS else BULLET


@dataclass(frozen=True)
class FollowUp:
    """The boxed follow-up: "We will check in with you on" and the date, or a sentence."""

    lead: str
    date: str = ""


@dataclass(frozen=True)
class Contact:
    """How to reach the agency, the reference code and the reminder that plans can change."""

    heading: str
    lines: tuple[str, ...]
    reference: str
    change_your_mind: str


@dataclass(frozen=True)
class CopyContent:
    """Everything the service user's copy says, in reading order, in one language."""

    locale: str
    lang: str
    """BCP 47 tag (``en-US``, ``es-US``): the HTML ``lang`` and the PDF ``/Lang``."""
    title: str
    subject: str
    date_line: str
    draft: str
    """The draft warning, or "" for a completed intake."""
    intro: str
    sections: tuple[Section, ...]
    follow_up: FollowUp
    contact: Contact
    unprintable: str
    """Said when some characters could not be drawn (shown as □), else ""."""
    agency_name: str
    agency_logo: str
    logo_text: str
    """The logo's text alternative ("Logo of …")."""
    page_label: str
    """"Page {page} of {pages}" in this language, for paged layouts."""
    author: str


def copy_content(data: ReportData) -> CopyContent:
    """The service user's copy of ``data``, in ``data.locale``."""
    t = translator(data.locale)
    when = data.completed or data.updated
    day = t.format_long_date(when.astimezone().date())
    plan = data.outcome.plan
    strengths, ways = _strengths(data, t), _ways(data, t)
    sections = [
        Section(
            "working", t.gettext(words.WORKING), strengths, ListStyle.CHECKS,
            t.gettext(words.WORKING_NONE),
        ),
        Section(
            "ways", t.gettext(words.WAYS), ways, ListStyle.CHECKS, t.gettext(words.WAYS_NONE)
        ),
        Section(
            "support", t.gettext(words.SUPPORT), plan.supports, ListStyle.BULLETS,
            t.gettext(words.SUPPORT_NONE),
        ),
        Section(
            "next", t.gettext(words.NEXT), plan.next_steps, ListStyle.NUMBERED,
            t.gettext(words.NEXT_NONE),
        ),
    ]  # fmt: skip
    notes = plan.notes.strip()
    if notes:
        sections.append(Section("agreed", t.gettext(words.AGREED), (notes,), ListStyle.NONE))
    shown = [*strengths, *ways, *plan.supports, *plan.next_steps, notes]
    used = terms_used(shown, t)
    if used:
        sections.append(
            Section(
                "terms",
                t.gettext(words.GLOSSARY),
                tuple(explanation for _term, explanation in used),
                ListStyle.BULLETS,
                intro=t.gettext(words.GLOSSARY_INTRO),
            )
        )
    agency = data.agency
    return CopyContent(
        locale=data.locale,
        lang=lang_tag(data.locale),
        title=t.gettext(words.TITLE),
        subject=t.gettext(words.SUBJECT),
        date_line=t.gettext(words.DATE).format(date=day),
        draft="" if data.status == "complete" else t.gettext(words.DRAFT),
        intro=t.gettext(words.INTRO),
        sections=tuple(sections),
        follow_up=_follow_up(data, t),
        contact=Contact(
            heading=t.gettext(words.CONTACT),
            lines=tuple(line for line in (agency.name, agency.contact) if line.strip())
            or (t.gettext(words.CONTACT_NONE),),
            reference=t.gettext(words.REFERENCE).format(code=data.service_user_code),
            change_your_mind=t.gettext(words.CHANGE_YOUR_MIND),
        ),
        unprintable=t.gettext(words.UNPRINTABLE) if data.unprintable else "",
        agency_name=agency.name,
        agency_logo=agency.logo,
        logo_text=t.gettext(words.LOGO).format(agency=agency.name or "Readiness"),
        page_label=t.gettext("Page {page} of {pages}"),
        author=agency.name or "Readiness",
    )


def _strengths(data: ReportData, t: Translator) -> tuple[str, ...]:
    found = []
    for domain in data.outcome.domains:
        if domain.level is Level.STRENGTH:
            known = words.STRENGTHS.get(domain.domain_id)
            text = domain.strength_text or (t.gettext(known) if known else "")
            if text:
                found.append(text)
    return tuple(dict.fromkeys(found))


def _ways(data: ReportData, t: Translator) -> tuple[str, ...]:
    ready, helped = [], []
    for channel in data.outcome.channels:
        known = words.WAYS_TO_CONNECT.get(channel.channel_id)
        way = channel.plain_title or (t.gettext(known) if known else channel.title)
        if channel.verdict is Verdict.READY:
            ready.append(way)
        elif channel.verdict is Verdict.WITH_SUPPORT:
            helped.append(t.gettext(words.WAY_WITH_HELP).format(way=way))
    return (*ready, *helped)


def terms_used(shown: list[str], t: Translator) -> list[tuple[str, str]]:
    """``(term, explanation)`` in ``t``'s language for each term of ``plain_words.TERMS``
    that the copy's own lines (``shown``) use, in the order of the table."""
    text = " ".join(shown).casefold()
    found = [
        (t.gettext(term), t.gettext(explanation)) for term, explanation in words.TERMS.values()
    ]
    return [(term, explanation) for term, explanation in found if term.casefold() in text]


def _follow_up(data: ReportData, t: Translator) -> FollowUp:
    follow_up = data.outcome.plan.follow_up
    if follow_up is None:
        return FollowUp(t.gettext(words.FOLLOW_UP_NONE))
    return FollowUp(t.gettext(words.FOLLOW_UP), t.format_long_date(follow_up, weekday=True))
