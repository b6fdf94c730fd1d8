"""The staff and agency report: the whole assessment, for the service user's record.

Sections, in the order a worker uses them: who and when; the domain profile (a vector
chart and a table with reasons); the channel verdicts with reasons; recommendations
and the plan; device and connection measurements with every threshold and its
source; questionnaire scores and answers by section (item text left out where an
agency instrument's licence forbids sharing it); and notes on what is not validated.
Every page carries the agency header, the service-user code and "Page n of N".
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer  # type: ignore[import-untyped]

from readiness import __version__
from readiness.i18n import Translator, translator
from readiness.reports import staff_words as words
from readiness.reports.charts import profile_chart
from readiness.reports.data import AnswerSection, ReportData
from readiness.reports.fonts import BOLD, REGULAR
from readiness.reports.pdf_common import (
    ACCENT,
    CONTENT_WIDTH,
    FRAME_PADDING,
    LEVEL_COLOURS,
    MARGIN,
    MUTED,
    PAGE_SIZE,
    RULE,
    VERDICT_COLOURS,
    PdfMeta,
    build_pdf,
    draw_logo,
    lang_tag,
    staff_styles,
)
from readiness.reports.pdf_tables import badge, bullet, bulleted, grid, key_values, muted, para
from readiness.reports.staff_words import (
    DECISION_NAMES,
    LEVEL_NAMES,
    PROFILE_NOTE,
    VERDICT_NAMES,
    WITHHELD_NOTE,
    named,
)
from readiness.reports.text_table import CellContent, Piece, TextTable

WIDTH = CONTENT_WIDTH
HEADER_HEIGHT = 0.55 * inch
SMALL_TABLE = 8
"""Answer tables with fewer rows are kept on one page; longer ones split between rows."""
SIDE_COLUMN = 1.55 * inch
"""The left column of the profile and channel tables: name, score or verdict."""


def render_staff_report(data: ReportData) -> bytes:
    """The staff report as PDF bytes."""
    t = translator(data.locale)
    story: list[Flowable] = []
    story += _title_block(data, t)
    story += _profile(data, t)
    story += _channels(data, t)
    story += _plan(data, t)
    story += _measurements(data, t)
    story += _scales(data, t)
    story += _answers(data, t)
    story += _notes(data, t)
    meta = PdfMeta(
        title=t.gettext(words.REPORT_TITLE) + f": {data.service_user_code}",
        author=data.agency.name or data.staff_initials or "Readiness",
        subject=t.gettext(words.REPORT_SUBJECT),
        lang=lang_tag(data.locale),
        keywords=("Readiness", data.assessment_id),
    )
    return build_pdf(
        story,
        meta,
        lambda canvas, page, pages: _decorate(canvas, page, pages, data, t),
        top_margin=MARGIN + HEADER_HEIGHT,
    )


def _decorate(canvas: Canvas, page: int, pages: int, data: ReportData, t: Translator) -> None:
    width, height = PAGE_SIZE
    left, right = MARGIN + FRAME_PADDING, width - MARGIN - FRAME_PADDING
    top = height - MARGIN + 8
    x = left
    logo_width = draw_logo(canvas, data.agency.logo, x, top, max_w=1.3 * inch, max_h=0.36 * inch)
    if logo_width:
        x += logo_width + 10
    canvas.setFillColor(ACCENT)
    canvas.setFont(BOLD, 10.5)
    canvas.drawString(x, top - 12, data.agency.name or "Readiness")
    canvas.setFont(REGULAR, 8.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(right, top - 12, t.gettext(words.REPORT_TITLE))
    canvas.drawRightString(right, top - 24, data.service_user_code)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(left, top - HEADER_HEIGHT + 6, right, top - HEADER_HEIGHT + 6)
    canvas.line(left, MARGIN - 12, right, MARGIN - 12)
    canvas.setFont(REGULAR, 8)
    canvas.drawString(
        left,
        MARGIN - 24,
        t.gettext(words.FOOTER).format(
            code=data.service_user_code, version=data.rules_version or __version__
        ),
    )
    canvas.drawRightString(
        right, MARGIN - 24, t.gettext("Page {page} of {pages}").format(page=page, pages=pages)
    )


def _title_block(data: ReportData, t: Translator) -> list[Flowable]:
    s = staff_styles()
    pairs = words.title_pairs(data, t)
    return [
        para(t.gettext(words.REPORT_TITLE), s.title),
        para(t.gettext(words.CONFIDENTIAL), s.subtitle),
        key_values(pairs, [1.5 * inch, WIDTH / 2 - 1.5 * inch] * 2),
    ]


def _reasons(reasons: tuple[str, ...]) -> CellContent:
    """A single reason as text; several as bulleted items."""
    if len(reasons) <= 1:
        return reasons[0] if reasons else ""
    return bulleted(reasons)


def _heading(text: str) -> Flowable:
    return para(text, staff_styles().heading)


def _height(flowable: Flowable) -> float:
    _width, height = flowable.wrap(WIDTH, PAGE_SIZE[1])
    return float(height + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def _lead(
    before: Sequence[Flowable], after: Flowable | None = None, *, whole: bool = False
) -> list[Flowable]:
    """``before`` (headings, notes) and the start of ``after`` on the same page.

    A page break comes first if the headings and the table's first row (or, with
    ``whole``, the whole table) would not fit: no heading is left alone at the foot
    of a page, and a short table is never split.
    """
    need = sum(_height(f) for f in before)
    if isinstance(after, TextTable):
        need += after.height if whole else after.head_height()
    elif after is not None:
        need += _height(after)
    return [CondPageBreak(need + 4), *before, *([after] if after is not None else [])]


def _profile(data: ReportData, t: Translator) -> list[Flowable]:
    s = staff_styles()
    domains = data.outcome.domains
    heading = _heading(t.gettext(words.PROFILE))
    if not domains:
        return _lead(
            [heading],
            para(
                t.gettext(words.NO_PROFILE),
                s.body,
            ),
        )
    chart = profile_chart(domains, WIDTH, t.gettext(words.SCORE_AXIS), t.gettext(words.NO_SCORE))
    rows: list[list[CellContent]] = []
    for domain in domains:
        score = f"{domain.score:.0f}" if domain.score is not None else "–"
        level = domain.band or named(LEVEL_NAMES, domain.level.value, t)
        who = [
            Piece(domain.title, BOLD),
            Piece(score, BOLD),
            badge(level, LEVEL_COLOURS[domain.level.value]),
        ]
        rows.append([who, _reasons(domain.reasons)])
    header = [t.gettext(words.AREA) + " · " + t.gettext(words.SCORE), t.gettext(words.WHY)]
    table = grid(header, rows, [SIDE_COLUMN, WIDTH - SIDE_COLUMN], font_size=8.2)
    return _lead(
        [
            heading,
            para(
                t.gettext(PROFILE_NOTE),
                s.note,
            ),
            chart,
            Spacer(1, 6),
        ],
        table,
    )


def _channels(data: ReportData, t: Translator) -> list[Flowable]:
    s = staff_styles()
    heading = _heading(t.gettext(words.CHANNELS))
    channels = data.outcome.channels
    if not channels:
        return _lead([heading], para(t.gettext(words.NO_CHANNELS), s.body))
    rows: list[list[CellContent]] = []
    for channel in channels:
        verdict = channel.verdict_text or named(VERDICT_NAMES, channel.verdict.value, t)
        who = [Piece(channel.title, BOLD), badge(verdict, VERDICT_COLOURS[channel.verdict.value])]
        rows.append([who, _reasons(channel.reasons)])
    header = [t.gettext(words.CHANNEL) + " · " + t.gettext(words.VERDICT), t.gettext(words.WHY)]
    return _lead([heading], grid(header, rows, [SIDE_COLUMN, WIDTH - SIDE_COLUMN], font_size=8.2))


def _plan(data: ReportData, t: Translator) -> list[Flowable]:
    s = staff_styles()
    heading = _heading(t.gettext(words.PLAN))
    recommendations = data.outcome.recommendations
    decision_colours = {"accepted": "strength", "declined": "unknown", "suggested": "unknown"}
    if recommendations:
        rows: list[list[CellContent]] = []
        for r in recommendations:
            decision = named(DECISION_NAMES, r.decision, t)
            colour = LEVEL_COLOURS[decision_colours.get(r.decision, "unknown")]
            rows.append(
                [[Piece(r.title, BOLD), muted(r.priority)], r.reason, badge(decision, colour)]
            )
        header = [t.gettext(words.RECOMMENDATION), t.gettext(words.WHY), t.gettext(words.DECISION)]
        widths = [2.1 * inch, WIDTH - 3.05 * inch, 0.95 * inch]
        out = _lead([heading], grid(header, rows, widths))
    else:
        out = _lead([heading], para(t.gettext(words.NO_RECOMMENDATIONS), s.body))
    plan = data.outcome.plan
    follow_up = t.format_long_date(plan.follow_up, weekday=True) if plan.follow_up else None
    for title, items in (
        (t.gettext(words.SUPPORT_ARRANGED), plan.supports),
        (t.gettext(words.NEXT_STEPS), plan.next_steps),
    ):
        body = [bullet(item, s.bullet) for item in items] or [
            para(t.gettext(words.NONE_RECORDED), s.body)
        ]
        out += [KeepTogether([para(title, s.subheading), body[0]]), *body[1:]]
    out.append(
        KeepTogether(
            [
                para(t.gettext(words.FOLLOW_UP_DATE), s.subheading),
                para(follow_up or t.gettext(words.NOT_YET), s.body),
            ]
        )
    )
    if plan.notes:
        out.append(
            KeepTogether([para(t.gettext(words.NOTES), s.subheading), para(plan.notes, s.body)])
        )
    return out


def _measurements(data: ReportData, t: Translator) -> list[Flowable]:
    s = staff_styles()
    before = [_heading(t.gettext(words.MEASUREMENTS))]
    if not data.measurements:
        return _lead(before, para(t.gettext(words.NO_MEASUREMENTS), s.body))
    rows: list[list[CellContent]] = []
    colours = {"good": "strength", "limited": "some_support", "missing": "support"}
    for m in data.measurements:
        manual = t.render(words.BY_HAND)
        title = m.title + (f" ({manual})" if m.manual else "")
        rows.append(
            [
                title,
                badge(m.status_text, LEVEL_COLOURS[colours.get(m.status, "unknown")]),
                m.values,
                [Piece(m.reason), *(muted(line) for line in m.thresholds)],
            ]
        )
    header = [
        t.gettext(words.CHECK),
        t.gettext(words.RESULT),
        t.gettext(words.MEASURED),
        t.gettext(words.REASON_AND_SOURCES),
    ]
    widths = [1.15 * inch, 0.8 * inch, 1.55 * inch, WIDTH - 3.5 * inch]
    out = _lead(before, grid(header, rows, widths, bold_columns=[0]))
    if data.tiers:
        tier_rows: list[list[CellContent]] = [
            [x.title, x.download, x.upload, x.round_trip, x.source] for x in data.tiers
        ]
        header = [
            t.gettext(words.USE),
            t.render(words.DOWNLOAD),
            t.gettext(words.UPLOAD),
            t.gettext(words.ROUND_TRIP),
            t.gettext(words.SOURCE),
        ]
        widths = [1.7 * inch, 0.85 * inch, 0.8 * inch, 0.75 * inch, WIDTH - 4.1 * inch]
        tiers = grid(header, tier_rows, widths)
        out += _lead([para(t.gettext(words.TIERS), s.subheading)], tiers, whole=True)
    return out


def _scales(data: ReportData, t: Translator) -> list[Flowable]:
    if not data.scales:
        return []
    rows = [[x.instrument_title, x.title, x.value, x.band, x.answered] for x in data.scales]
    header = [
        t.gettext(words.QUESTIONNAIRE),
        t.gettext(words.SCALE),
        t.gettext(words.SCORE),
        t.gettext(words.SUPPORT_WOULD_HELP),
        t.gettext(words.ANSWERED),
    ]
    widths = [1.3 * inch, 1.45 * inch, 1.15 * inch, WIDTH - 5.05 * inch, 1.15 * inch]
    return _lead([_heading(t.gettext(words.SCALES))], grid(header, rows, widths, bold_columns=[1]))


def _answers(data: ReportData, t: Translator) -> list[Flowable]:
    s = staff_styles()
    heading: list[Flowable] = [_heading(t.gettext(words.ANSWERS))]
    if not data.answers:
        return _lead(heading, para(t.gettext(words.NO_ANSWERS), s.body))
    out: list[Flowable] = []
    current = None
    for section in data.answers:
        if section.instrument_title != current:
            current = section.instrument_title
            heading.append(para(current, s.subheading))
            if section.text_withheld:
                heading.append(
                    para(
                        t.gettext(WITHHELD_NOTE),
                        s.note,
                    )
                )
            if section.licence_note:
                heading.append(para(section.licence_note, s.note))
        table = _section_table(section, t)
        out += _lead(heading, table, whole=len(section.rows) < SMALL_TABLE)
        heading = [Spacer(1, 3)]
    return out


def _section_table(section: AnswerSection, t: Translator) -> TextTable:
    rows: list[list[CellContent]] = [
        [row.question, muted(row.answer) if row.missing else row.answer] for row in section.rows
    ]
    widths = [WIDTH * 0.62, WIDTH * 0.38]
    return grid([section.section_title, t.gettext(words.ANSWER)], rows, widths)


def _notes(data: ReportData, t: Translator) -> list[Flowable]:
    s = staff_styles()
    notes = words.about_notes(data, t)
    bullets = [bullet(note, s.bullet) for note in notes]
    return [*_lead([_heading(t.gettext(words.ABOUT))], bullets[0]), *bullets[1:]]
