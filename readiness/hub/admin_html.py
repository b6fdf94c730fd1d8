"""The admin pages as HTML: plain server-rendered markup, one style sheet, no script.

Built for WCAG 2.2 AA (checked with axe-core in the tests): a language on the page,
a skip link, one ``main`` landmark, headed sections, tables with captions and header
cells, labelled form fields, a visible focus ring and text colours with at least
4.5:1 contrast. Every value is escaped; the words are in the chosen language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from html import escape
from typing import Any

from readiness.hub.devices import state, when
from readiness.i18n import Translator
from readiness.messages import N_
from readiness.reports.summary import SUPPRESSED, SummaryRow

STYLE = """
body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
a { color: #0b4f8a; }
a:focus, button:focus, input:focus, select:focus {
  outline: 3px solid #b3400b; outline-offset: 2px;
}
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #6b6b6b; padding: .25rem .6rem; text-align: left; }
td.number { text-align: right; }
label { display: block; margin-top: .5rem; }
input, select, button { font: inherit; padding: .3rem .5rem; min-height: 24px; }
button { background: #0b4f8a; color: #fff; border: 1px solid #0b4f8a; border-radius: 3px; }
.problem { color: #9b1c1c; font-weight: bold; }
.note { color: #4a4a4a; }
form.inline { display: inline; }
"""


def _h2(text: str) -> str:
    return f"<h2>{escape(text)}</h2>"


def page(t: Translator, title: str, body: str, *, signed_in: bool = False) -> str:
    """A whole page: head, skip link, header with the language switch, main and footer."""
    other = "es" if t.locale == "en" else "en"
    switch = "Español" if other == "es" else "English"
    sign_out = escape(t.gettext("Sign out"))
    skip = escape(t.gettext("Skip to the content"))
    server = escape(t.gettext("Readiness agency server"))
    language = escape(t.gettext("Language"))
    note = escape(t.gettext("No personal data is shown here."))
    form = (
        f'<form class="inline" method="post" action="/admin/sign-out">'
        f"<button>{sign_out}</button></form>"
        if signed_in
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="{t.locale}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f'<a class="skip" href="#content">{skip}</a>'
        f"<header><p><strong>{server}</strong></p>"
        f'<nav aria-label="{language}"><a href="?lang={other}" '
        f'lang="{other}">{switch}</a> {form}</nav></header>'
        f'<main id="content"><h1>{escape(title)}</h1>{body}</main>'
        f'<footer><p class="note">{note}</p></footer></body></html>'
    )


def sign_in(t: Translator, problem: str = "") -> str:
    message = f'<p class="problem" role="alert">{escape(problem)}</p>' if problem else ""
    name, password = escape(t.gettext("Admin name")), escape(t.gettext("Password"))
    title = t.gettext("Sign in")
    body = (
        f'{message}<form method="post" action="/admin/sign-in?lang={t.locale}">'
        f'<label for="name">{name}</label>'
        '<input id="name" name="name" autocomplete="username" required>'
        f'<label for="password">{password}</label>'
        '<input id="password" name="password" type="password" '
        'autocomplete="current-password" required>'
        f'<p><button type="submit">{escape(title)}</button></p></form>'
    )
    return page(t, title, body)


def _table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    lines = []
    for row in rows:
        cells = "".join(
            f'<td class="number">{value}</td>'
            if isinstance(value, int)
            else f"<td>{escape(str(value))}</td>"
            for value in row
        )
        lines.append(f"<tr>{cells}</tr>")
    empty = f'<tr><td colspan="{len(headers)}">—</td></tr>'
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(lines) or empty}</tbody></table>"
    )


STATES = {
    "active": N_("active"),
    "revoked": N_("revoked"),
    "waiting to join": N_("waiting to join"),
}
"""A device's state in words (translated when shown)."""


def _period_form(t: Translator, since: date | None, until: date | None) -> str:
    def field(name: str, label: str, value: date | None) -> str:
        shown = value.isoformat() if value else ""
        return (
            f'<label for="{name}">{escape(label)}</label>'
            f'<input id="{name}" name="{name}" type="date" value="{shown}">'
        )

    first, last = t.gettext("From (first day)"), t.gettext("To (last day)")
    button = escape(t.gettext("Show this period"))
    return (
        f'<form method="get" action="/admin"><input type="hidden" name="lang" value="{t.locale}">'
        f"{field('since', first, since)}{field('until', last, until)}"
        f'<p><button type="submit">{button}</button></p></form>'
    )


def _downloads(t: Translator, query: str) -> str:
    links = [
        ("summary.csv", t.gettext("De-identified summary (CSV)")),
        ("export.csv", t.gettext("Assessments (CSV)")),
        ("export.ndjson", t.gettext("Assessments (FHIR, NDJSON)")),
    ]
    items = "".join(
        f'<li><a href="/admin/{name}?{escape(query)}">{escape(label)}</a></li>'
        for name, label in links
    )
    return f"<ul>{items}</ul>"


def dashboard(
    t: Translator,
    *,
    devices: list[dict[str, Any]],
    per_site: list[dict[str, Any]],
    flagged: list[dict[str, Any]],
    summary: list[SummaryRow],
    since: date | None,
    until: date | None,
    query: str,
) -> str:
    """The one admin page: devices, counts, the summary, downloads, flagged versions."""
    device_rows = [
        (d["name"], d["site"] or "—", t.gettext(STATES[state(d)]), when(d["last_sync"]))
        for d in devices
    ]
    site = t.gettext("Site")
    parts = [
        _h2(t.gettext("Devices")),
        _table(
            t.gettext("Laptops and their last sync"),
            [t.gettext("Device"), site, t.gettext("State"), t.gettext("Last sync")],
            device_rows,
        ),
        _h2(t.gettext("Completed assessments per site and month")),
        _table(
            t.gettext("Completed assessments (newest version of each)"),
            [site, t.gettext("Month"), t.gettext("Assessments")],
            [(r["site"] or "—", r["month"], int(r["assessments"])) for r in per_site],
        ),
        _h2(t.gettext("De-identified summary")),
        _period_form(t, since, until),
        _table(
            t.gettext(
                "Counts from 1 to 10 are shown as {suppressed}; so is a second count in a "
                "group when it would reveal one. Local measures, not validated."
            ).format(suppressed=SUPPRESSED),
            [
                t.pgettext("summary column", "section"),
                t.pgettext("summary column", "item"),
                t.pgettext("summary column", "category"),
                t.pgettext("summary column", "count"),
                t.pgettext("summary column", "percent"),
            ],
            [(r.section, r.item, r.category, r.count, r.percent) for r in summary],
        ),
        _h2(t.gettext("Downloads")),
        _downloads(t, query),
        _h2(t.gettext("Versions sent by another device")),
        f'<p class="note">{escape(_flagged_note(t))}</p>',
        _table(
            t.gettext("Kept, not counted: to review"),
            [
                t.gettext("Assessment"),
                t.gettext("Version"),
                t.gettext("Sent by"),
                t.gettext("Received"),
            ],
            [
                (r["assessment_id"], int(r["version"]), r["device"], when(r["received"]))
                for r in flagged
            ],
        ),
    ]
    return page(t, t.gettext("Agency overview"), "".join(parts), signed_in=True)


def _flagged_note(t: Translator) -> str:
    return t.gettext(
        "Each assessment belongs to the laptop that sent it first. A version sent by another "
        "laptop is kept here and left out of the counts until someone looks at it."
    )
