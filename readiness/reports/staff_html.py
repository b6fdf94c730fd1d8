"""The staff report as an accessible HTML record, beside the reportlab PDF that is printed.

The same ``ReportData`` and the same words (``staff_words``, the catalogue) as the
PDF, in the same order: who and when, the domain profile (a bar chart with a text
alternative, then the table it is drawn from), the channel verdicts, recommendations
and the plan, device and connection measurements with their thresholds and sources,
questionnaire scores and answers, and the notes. Data tables have a caption and
header cells with ``scope``; the page has ``lang``, a title and one ``h1``. A screen
reader gets everything the printed report shows; the PDF stays the paper record
(reportlab: fast, exact page layout, page headers; see the README).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from readiness import __version__
from readiness.i18n import Translator, translator
from readiness.reports import staff_words as words
from readiness.reports.data import DomainResult, ReportData
from readiness.reports.pdf_common import lang_tag
from readiness.reports.service_user_html import ACCENT, INK, MUTED, SHADE
from readiness.reports.staff_words import (
    DECISION_NAMES,
    LEVEL_NAMES,
    PROFILE_NOTE,
    VERDICT_NAMES,
    WITHHELD_NOTE,
    named,
)

CSS = f"""
html {{ color: {INK}; background: #ffffff; }}
body {{ font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 1rem;
  line-height: 1.45; margin: 0 auto; max-width: 60em; padding: 1rem 1.25rem 3rem; }}
h1, h2, h3 {{ color: {ACCENT}; line-height: 1.25; }}
h1 {{ font-size: 1.8rem; margin: 0.5rem 0 0.25rem; }}
h2 {{ font-size: 1.4rem; margin: 1.75rem 0 0.5rem; }}
h3 {{ font-size: 1.15rem; margin: 1.25rem 0 0.4rem; color: {INK}; }}
.note, .subtitle {{ color: {MUTED}; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }}
caption {{ text-align: left; font-weight: bold; padding: 0.25rem 0; }}
th, td {{ border: 1px solid #9aa5b1; padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }}
thead th {{ background: {SHADE}; }}
dl.facts {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem;
  background: {SHADE}; padding: 0.75rem; }}
dl.facts dt {{ font-weight: bold; }}
dl.facts dd {{ margin: 0; }}
figure {{ margin: 0.5rem 0; }}
svg text {{ font-family: "DejaVu Sans", Verdana, Arial, sans-serif; }}
"""
BAR_COLOURS = {
    "strength": "#2e7d4f",
    "some_support": "#8a5a10",
    "support": "#9b2c3a",
    "unknown": "#616e7c",
}
"""Bars at 3:1 or more against white (WCAG 1.4.11); the table beside says it in words."""


def staff_html(data: ReportData) -> str:
    """The staff report of ``data`` as a complete HTML document."""
    t = translator(data.locale)
    title = f"{t.gettext(words.REPORT_TITLE)}: {data.service_user_code}"
    body = [
        f"<h1>{escape(t.gettext(words.REPORT_TITLE))}</h1>",
        f'<p class="subtitle">{escape(t.gettext(words.CONFIDENTIAL))}'
        f" {escape(data.agency.name)}</p>",
        _facts(data, t),
        _profile(data, t),
        _channels(data, t),
        _plan(data, t),
        _measurements(data, t),
        _scales(data, t),
        _answers(data, t),
        _notes(data, t),
        '<p class="note">'
        + escape(
            t.gettext(words.FOOTER).format(
                code=data.service_user_code, version=data.rules_version or __version__
            )
        )
        + "</p>",
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang_tag(data.locale)}">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{CSS}</style></head>",
            "<body><main>",
            *[part for part in body if part],
            "</main></body></html>",
            "",
        ]
    )


def _facts(data: ReportData, t: Translator) -> str:
    pairs = words.title_pairs(data, t)
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in pairs)
    return f'<dl class="facts">{items}</dl>'


def _table(caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A data table: a caption, column headers, and each row's first cell as its header."""
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in header)
    body = "".join(
        "<tr>"
        + "".join(
            (f'<th scope="row">{_cell(cell)}</th>' if index == 0 else f"<td>{_cell(cell)}</td>")
            for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _cell(text: str) -> str:
    lines = [escape(line) for line in text.split("\n") if line]
    return "<br>".join(lines)


def _reasons(reasons: Sequence[str]) -> str:
    return "\n".join(reasons)


def _section(heading: str, *parts: str) -> str:
    return "<section>" + f"<h2>{escape(heading)}</h2>" + "".join(parts) + "</section>"


def _paragraph(text: str, kind: str = "") -> str:
    css = f' class="{kind}"' if kind else ""
    return f"<p{css}>{_cell(text)}</p>"


def _profile(data: ReportData, t: Translator) -> str:
    heading = t.gettext(words.PROFILE)
    domains = data.outcome.domains
    if not domains:
        return _section(heading, _paragraph(t.gettext(words.NO_PROFILE)))
    rows = [
        [
            domain.title,
            f"{domain.score:.0f}" if domain.score is not None else "–",
            domain.band or named(LEVEL_NAMES, domain.level.value, t),
            _reasons(domain.reasons),
        ]
        for domain in domains
    ]
    header = [
        t.gettext(words.AREA),
        t.gettext(words.SCORE),
        t.gettext(words.SUPPORT_WOULD_HELP),
        t.gettext(words.WHY),
    ]
    return _section(
        heading,
        _paragraph(t.gettext(PROFILE_NOTE), "note"),
        _chart(domains, t),
        _table(heading, header, rows),
    )


def _chart(domains: Sequence[DomainResult], t: Translator) -> str:
    """The bars as SVG, with a text alternative listing each area and its score."""
    no_score = t.gettext(words.NO_SCORE)
    summary = "; ".join(
        f"{d.title}: {d.score:.0f}" if d.score is not None else f"{d.title}: {no_score}"
        for d in domains
    )
    label = f"{t.gettext(words.SCORE_AXIS)}. {summary}"
    row, left, width = 26, 220, 360
    height = row * len(domains) + 10
    shapes = []
    for index, domain in enumerate(domains):
        y = index * row + 4
        shapes.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="13">'
            f"{escape(domain.title)}</text>"
        )
        if domain.score is None:
            shapes.append(
                f'<text x="{left + 4}" y="{y + 15}" font-size="13">{escape(no_score)}</text>'
            )
            continue
        length = width * max(0.0, min(domain.score, 100.0)) / 100
        colour = BAR_COLOURS[domain.level.value]
        shapes.append(
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="18" fill="{colour}"/>'
        )
        shapes.append(
            f'<text x="{left + length + 5:.1f}" y="{y + 15}" font-size="13" font-weight="bold">'
            f"{domain.score:.0f}</text>"
        )
    return (
        f'<figure><svg role="img" aria-label="{escape(label, quote=True)}" '
        f'viewBox="0 0 {left + width + 40} {height}" width="100%" style="max-width: 40em">'
        + "".join(shapes)
        + "</svg></figure>"
    )


def _channels(data: ReportData, t: Translator) -> str:
    heading = t.gettext(words.CHANNELS)
    channels = data.outcome.channels
    if not channels:
        return _section(heading, _paragraph(t.gettext(words.NO_CHANNELS)))
    rows = [
        [
            channel.title,
            channel.verdict_text or named(VERDICT_NAMES, channel.verdict.value, t),
            _reasons(channel.reasons),
        ]
        for channel in channels
    ]
    header = [t.gettext(words.CHANNEL), t.gettext(words.VERDICT), t.gettext(words.WHY)]
    return _section(heading, _table(heading, header, rows))


def _bullets(items: Sequence[str], empty: str) -> str:
    if not items:
        return _paragraph(empty)
    return "<ul>" + "".join(f"<li>{_cell(item)}</li>" for item in items) + "</ul>"


def _plan(data: ReportData, t: Translator) -> str:
    heading = t.gettext(words.PLAN)
    recommendations = data.outcome.recommendations
    if recommendations:
        rows = [
            [
                f"{r.title}\n{r.priority}" if r.priority else r.title,
                r.reason,
                named(DECISION_NAMES, r.decision, t),
            ]
            for r in recommendations
        ]
        header = [
            t.gettext(words.RECOMMENDATION),
            t.gettext(words.WHY),
            t.gettext(words.DECISION),
        ]
        parts = [_table(heading, header, rows)]
    else:
        parts = [_paragraph(t.gettext(words.NO_RECOMMENDATIONS))]
    plan = data.outcome.plan
    none = t.gettext(words.NONE_RECORDED)
    for title, items in (
        (t.gettext(words.SUPPORT_ARRANGED), plan.supports),
        (t.gettext(words.NEXT_STEPS), plan.next_steps),
    ):
        parts += [f"<h3>{escape(title)}</h3>", _bullets(items, none)]
    follow_up = t.format_long_date(plan.follow_up, weekday=True) if plan.follow_up else None
    parts += [
        f"<h3>{escape(t.gettext(words.FOLLOW_UP_DATE))}</h3>",
        _paragraph(follow_up or t.gettext(words.NOT_YET)),
    ]
    if plan.notes:
        parts += [f"<h3>{escape(t.gettext(words.NOTES))}</h3>", _paragraph(plan.notes)]
    return _section(heading, *parts)


def _measurements(data: ReportData, t: Translator) -> str:
    heading = t.gettext(words.MEASUREMENTS)
    if not data.measurements:
        return _section(heading, _paragraph(t.gettext(words.NO_MEASUREMENTS)))
    manual = t.render(words.BY_HAND)
    rows = [
        [
            m.title + (f" ({manual})" if m.manual else ""),
            m.status_text,
            m.values,
            "\n".join([m.reason, *m.thresholds]),
        ]
        for m in data.measurements
    ]
    header = [
        t.gettext(words.CHECK),
        t.gettext(words.RESULT),
        t.gettext(words.MEASURED),
        t.gettext(words.REASON_AND_SOURCES),
    ]
    parts = [_table(heading, header, rows)]
    if data.tiers:
        tiers = t.gettext(words.TIERS)
        tier_header = [
            t.gettext(words.USE),
            t.render(words.DOWNLOAD),
            t.gettext(words.UPLOAD),
            t.gettext(words.ROUND_TRIP),
            t.gettext(words.SOURCE),
        ]
        tier_rows = [[x.title, x.download, x.upload, x.round_trip, x.source] for x in data.tiers]
        parts += [f"<h3>{escape(tiers)}</h3>", _table(tiers, tier_header, tier_rows)]
    return _section(heading, *parts)


def _scales(data: ReportData, t: Translator) -> str:
    if not data.scales:
        return ""
    heading = t.gettext(words.SCALES)
    header = [
        t.gettext(words.SCALE),
        t.gettext(words.QUESTIONNAIRE),
        t.gettext(words.SCORE),
        t.gettext(words.SUPPORT_WOULD_HELP),
        t.gettext(words.ANSWERED),
    ]
    rows = [[x.title, x.instrument_title, x.value, x.band, x.answered] for x in data.scales]
    return _section(heading, _table(heading, header, rows))


def _answers(data: ReportData, t: Translator) -> str:
    heading = t.gettext(words.ANSWERS)
    if not data.answers:
        return _section(heading, _paragraph(t.gettext(words.NO_ANSWERS)))
    parts: list[str] = []
    current = None
    for section in data.answers:
        if section.instrument_title != current:
            current = section.instrument_title
            parts.append(f"<h3>{escape(current)}</h3>")
            if section.text_withheld:
                parts.append(_paragraph(t.gettext(WITHHELD_NOTE), "note"))
            if section.licence_note:
                parts.append(_paragraph(section.licence_note, "note"))
        rows = [[row.question, row.answer] for row in section.rows]
        header = [section.section_title, t.gettext(words.ANSWER)]
        parts.append(_table(f"{current}: {section.section_title}", header, rows))
    return _section(heading, *parts)


def _notes(data: ReportData, t: Translator) -> str:
    return _section(t.gettext(words.ABOUT), _bullets(words.about_notes(data, t), ""))
