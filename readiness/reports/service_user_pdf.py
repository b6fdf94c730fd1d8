"""The service user's copy: one or two pages, large type, plain words, no scores or labels.

It says what is working, which ways of connecting suit the person now, what help has
been set up, the next steps, what the terms it had to use mean ("Words we used"), the
follow-up date and how to reach the agency. It
never shows a score, a band, a verdict about the person or a check result: strengths
are worded as facts about their situation ("You can get online when you need to"),
and ways of connecting "with some help to get started" rather than as shortfalls.
Its words are in ``readiness.reports.plain_words``, translated for the report's language.
"""

from __future__ import annotations

from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from readiness.i18n import Translator, translator
from readiness.reports import plain_words as words
from readiness.reports.data import Level, ReportData, Verdict
from readiness.reports.fonts import BOLD, REGULAR
from readiness.reports.pdf_common import (
    ACCENT,
    CONTENT_WIDTH,
    FRAME_PADDING,
    MARGIN,
    MUTED,
    PAGE_SIZE,
    RULE,
    SHADE,
    PdfMeta,
    build_pdf,
    draw_logo,
    lang_tag,
    service_user_styles,
)
from readiness.reports.pdf_tables import bullet, para

WIDTH = CONTENT_WIDTH
HEADER_HEIGHT = 0.45 * inch
CHECK = "\u2713"  # ✓ (DejaVu has it; so does every viewer that shows the embedded font)


def render_service_user_copy(data: ReportData) -> bytes:
    """The service user's copy as PDF bytes."""
    t = translator(data.locale)
    s = service_user_styles()
    when = data.completed or data.updated
    day = t.format_long_date(when.astimezone().date())
    story: list[Flowable] = [
        para(t.gettext(words.TITLE), s.title),
        para(t.gettext(words.DATE).format(date=day), s.subtitle),
    ]
    if data.status != "complete":
        story.append(para(t.gettext(words.DRAFT), s.subtitle))
    story += [
        para(t.gettext(words.INTRO), s.body),
    ]
    strengths, ways, supports = _strengths(data, t), _ways(data, t), data.outcome.plan.supports
    story += _section(t.gettext(words.WORKING), strengths, t.gettext(words.WORKING_NONE), CHECK)
    story += _section(t.gettext(words.WAYS), ways, t.gettext(words.WAYS_NONE), CHECK)
    story += _section(t.gettext(words.SUPPORT), list(supports), t.gettext(words.SUPPORT_NONE), "•")
    story += _next_steps(data, t)
    story += _agreed(data, t)
    shown = [*strengths, *ways, *supports, *data.outcome.plan.next_steps, data.outcome.plan.notes]
    story += _glossary(shown, t)
    story += _follow_up(data, t)
    story += _contact(data, t)
    if data.unprintable:
        story.append(para(t.gettext(words.UNPRINTABLE), s.body))
    meta = PdfMeta(
        title=t.gettext(words.TITLE),
        author=data.agency.name or "Readiness",
        subject=t.gettext(words.SUBJECT),
        lang=lang_tag(data.locale),
    )
    return build_pdf(
        story,
        meta,
        lambda canvas, page, pages: _decorate(canvas, page, pages, data, t),
        top_margin=MARGIN + HEADER_HEIGHT,
        bottom_margin=MARGIN + 6,
    )


def _decorate(canvas: Canvas, page: int, pages: int, data: ReportData, t: Translator) -> None:
    width, height = PAGE_SIZE
    left, right = MARGIN + FRAME_PADDING, width - MARGIN - FRAME_PADDING
    top = height - MARGIN + 12
    x = left
    logo = draw_logo(canvas, data.agency.logo, x, top, max_w=1.5 * inch, max_h=0.34 * inch)
    if logo:
        x += logo + 12
    if data.agency.name:
        canvas.setFont(BOLD, 13)
        canvas.setFillColor(ACCENT)
        canvas.drawString(x, top - 16, data.agency.name)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.8)
    canvas.line(left, top - HEADER_HEIGHT + 2, right, top - HEADER_HEIGHT + 2)
    canvas.setFont(REGULAR, 12)
    canvas.setFillColor(MUTED)
    numbered = t.gettext("Page {page} of {pages}").format(page=page, pages=pages)
    canvas.drawRightString(right, MARGIN - 20, numbered)


def _section(title: str, items: list[str], empty: str, mark: str) -> list[Flowable]:
    s = service_user_styles()
    heading = para(title, s.heading)
    body: list[Flowable] = [bullet(item, s.bullet, mark) for item in items]
    if not body:
        body = [para(empty, s.body)]
    return [KeepTogether([heading, body[0]]), *body[1:]]


def _strengths(data: ReportData, t: Translator) -> list[str]:
    found = []
    for domain in data.outcome.domains:
        if domain.level is Level.STRENGTH:
            known = words.STRENGTHS.get(domain.domain_id)
            text = domain.strength_text or (t.gettext(known) if known else "")
            if text:
                found.append(text)
    return list(dict.fromkeys(found))


def _ways(data: ReportData, t: Translator) -> list[str]:
    ready, helped = [], []
    for channel in data.outcome.channels:
        known = words.WAYS_TO_CONNECT.get(channel.channel_id)
        way = channel.plain_title or (t.gettext(known) if known else channel.title)
        if channel.verdict is Verdict.READY:
            ready.append(way)
        elif channel.verdict is Verdict.WITH_SUPPORT:
            helped.append(t.gettext(words.WAY_WITH_HELP).format(way=way))
    return ready + helped


def _agreed(data: ReportData, t: Translator) -> list[Flowable]:
    """The short plan the worker wrote with the person, in their words (none: nothing)."""
    text = data.outcome.plan.notes.strip()
    if not text:
        return []
    s = service_user_styles()
    return [KeepTogether([para(t.gettext(words.AGREED), s.heading), para(text, s.body)])]


def terms_used(shown: list[str], t: Translator) -> list[tuple[str, str]]:
    """``(term, explanation)`` in ``t``'s language for each term of ``plain_words.TERMS``
    that the copy's own lines (``shown``) use, in the order of the table."""
    text = " ".join(shown).casefold()
    found = [
        (t.gettext(term), t.gettext(explanation)) for term, explanation in words.TERMS.values()
    ]
    return [(term, explanation) for term, explanation in found if term.casefold() in text]


def _glossary(shown: list[str], t: Translator) -> list[Flowable]:
    """The "Words we used" part: the explanation of each term the copy uses; nothing when it
    uses none."""
    used = terms_used(shown, t)
    if not used:
        return []
    s = service_user_styles()
    heading = para(t.gettext(words.GLOSSARY), s.heading)
    intro = para(t.gettext(words.GLOSSARY_INTRO), s.body)
    items = [bullet(explanation, s.bullet) for _term, explanation in used]
    return [KeepTogether([heading, intro, items[0]]), *items[1:]]


def _next_steps(data: ReportData, t: Translator) -> list[Flowable]:
    s = service_user_styles()
    steps = data.outcome.plan.next_steps
    heading = para(t.gettext(words.NEXT), s.heading)
    if not steps:
        return [KeepTogether([heading, para(t.gettext(words.NEXT_NONE), s.body)])]
    items = [bullet(step, s.bullet, f"{number}.") for number, step in enumerate(steps, start=1)]
    return [KeepTogether([heading, items[0]]), *items[1:]]


def _boxed(content: list[Flowable]) -> Table:
    box = Table([[content]], colWidths=[WIDTH], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # else Helvetica is set (unembedded)
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
            ]
        )
    )
    return box


def _follow_up(data: ReportData, t: Translator) -> list[Flowable]:
    s = service_user_styles()
    follow_up = data.outcome.plan.follow_up
    if follow_up is None:
        content = [para(t.gettext(words.FOLLOW_UP_NONE), s.body)]
    else:
        content = [
            para(t.gettext(words.FOLLOW_UP), s.body),
            para(t.format_long_date(follow_up, weekday=True), s.emphasis),
        ]
    return [Spacer(1, 14), KeepTogether([_boxed(content)])]


def _contact(data: ReportData, t: Translator) -> list[Flowable]:
    s = service_user_styles()
    lines = [x for x in (data.agency.name, data.agency.contact) if x.strip()]
    body: list[Flowable] = [para(t.gettext(words.CONTACT), s.subheading)]
    body += [para(line, s.body) for line in lines] or [para(t.gettext(words.CONTACT_NONE), s.body)]
    reference = t.gettext(words.REFERENCE).format(code=data.service_user_code)
    body.append(para(reference, s.small))
    return [
        Spacer(1, 12),
        KeepTogether([*body, Spacer(1, 8), para(t.gettext(words.CHANGE_YOUR_MIND), s.note)]),
    ]
