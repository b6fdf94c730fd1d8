"""The service user's copy as an accessible HTML page (and the source of its tagged PDF).

``copy_html(content)`` lays out a ``CopyContent`` as one self-contained HTML file: a
``lang`` attribute, a ``<title>``, one ``<h1>`` and an ``<h2>`` per section, real lists,
the logo with a text alternative, large print (20 px body text on screens, 15 pt in
print) and colours with at least 7:1 contrast on white (WCAG 2.2 AAA for text, beyond
the AA the tests hold it to). Nothing is fetched: the logo is embedded and the
fonts are the reader's own, so the file can be emailed or opened offline.

With ``paged=True`` the same page also carries the print rules WeasyPrint follows
for the tagged PDF (``service_user_pdf``): US Letter, the bundled DejaVu fonts, the
page number in the footer and the agency's name in the header of every page.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from readiness.reports.service_user_content import CopyContent, ListStyle, Section

INK = "#1f2933"
"""Body text: 14.3:1 on white."""
ACCENT = "#0b5e59"
"""Headings and the follow-up box border: 7.6:1 on white, 7.0:1 on ``SHADE``."""
MUTED = "#3e4c59"
"""Smaller notes: 9.4:1 on white."""
SHADE = "#eef4f3"

SCREEN_CSS = f"""
html {{ color: {INK}; background: #ffffff; }}
body {{ font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 1.25rem;
  line-height: 1.5; margin: 0 auto; max-width: 40em; padding: 1rem 1.25rem 3rem; }}
header.agency {{ display: flex; align-items: center; gap: 0.75rem;
  border-bottom: 2px solid #c9d3dc; padding-bottom: 0.5rem; }}
header.agency img {{ max-height: 3rem; max-width: 10rem; }}
header.agency p {{ font-weight: bold; color: {ACCENT}; margin: 0; }}
h1 {{ color: {ACCENT}; font-size: 2rem; line-height: 1.2; margin: 1rem 0 0.25rem; }}
h2 {{ color: {ACCENT}; font-size: 1.5rem; line-height: 1.25; margin: 1.5rem 0 0.5rem; }}
p {{ margin: 0 0 0.5rem; }}
.date, .draft {{ color: {MUTED}; }}
.draft {{ font-weight: bold; }}
ul, ol {{ margin: 0 0 0.5rem; padding-left: 2rem; }}
li {{ margin-bottom: 0.4rem; }}
ul.checks {{ list-style-type: "\\2713\\a0\\a0"; }}
li::marker {{ font-weight: bold; }}
.follow-up {{ background: {SHADE}; border: 3px solid {ACCENT}; border-radius: 4px;
  padding: 0.75rem 1rem; margin: 1.5rem 0 1rem; }}
.follow-up .when {{ font-size: 1.6rem; font-weight: bold; color: {ACCENT}; margin: 0; }}
.contact h2 {{ font-size: 1.3rem; color: {INK}; }}
.reference, .note {{ color: {MUTED}; font-size: 1.1rem; }}
.agreed {{ white-space: pre-line; }}
"""

PRINT_CSS = """
@page {{ size: letter; margin: 0.75in 0.75in 0.9in;
  @bottom-right {{ content: {page_label}; font: 12pt "DejaVu Sans"; color: {muted}; }} }}
{font_faces}
body {{ font-family: "DejaVu Sans"; font-size: 15pt; line-height: 1.4; max-width: none;
  padding: 0; }}
h1 {{ font-size: 26pt; }}
h1 {{ margin-top: 10pt; }}
h2 {{ font-size: 19pt; margin: 14pt 0 5pt; break-after: avoid; }}
li {{ margin-bottom: 4pt; }}
.follow-up {{ margin: 14pt 0 10pt; }}
.contact h2 {{ font-size: 16pt; }}
.follow-up .when {{ font-size: 20pt; }}
.reference, .note {{ font-size: 12pt; }}
li, .follow-up {{ break-inside: avoid; }}
"""


def copy_html(
    content: CopyContent, *, paged: bool = False, fonts: dict[str, Path] | None = None
) -> str:
    """The copy as a complete HTML document; ``paged`` adds the PDF's print rules,
    ``fonts`` (weight -> TTF file) the ``@font-face`` rules it embeds."""
    style = SCREEN_CSS + (_print_css(content, fonts or {}) if paged else "")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_attribute(content.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(content.title)}</title>",
        f'<meta name="author" content="{_attribute(content.author)}">',
        f'<meta name="description" content="{_attribute(content.subject)}">',
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        _header(content),
        "<main>",
        f"<h1>{escape(content.title)}</h1>",
        f'<p class="date">{escape(content.date_line)}</p>',
    ]
    if content.draft:
        parts.append(f'<p class="draft">{escape(content.draft)}</p>')
    parts.append(f"<p>{escape(content.intro)}</p>")
    parts += [_section(section) for section in content.sections]
    parts.append(_follow_up(content))
    parts.append(_contact(content))
    if content.unprintable:
        parts.append(f'<p class="note">{escape(content.unprintable)}</p>')
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _attribute(text: str) -> str:
    return escape(text, quote=True)


def _header(content: CopyContent) -> str:
    logo = _logo_uri(content.agency_logo)
    if not (logo or content.agency_name):
        return ""
    inside = []
    if logo:
        inside.append(f'<img src="{logo}" alt="{_attribute(content.logo_text)}">')
    if content.agency_name:
        inside.append(f"<p>{escape(content.agency_name)}</p>")
    return '<header class="agency">' + "".join(inside) + "</header>"


def _section(section: Section) -> str:
    heading_id = f"section-{section.key}"
    parts = [
        f'<section aria-labelledby="{heading_id}">',
        f'<h2 id="{heading_id}">{escape(section.heading)}</h2>',
    ]
    if section.intro:
        parts.append(f"<p>{escape(section.intro)}</p>")
    if not section.items:
        parts.append(f"<p>{escape(section.empty)}</p>")
    elif section.style is ListStyle.NONE:
        parts += [f'<p class="{section.key}">{escape(item)}</p>' for item in section.items]
    else:
        tag = "ol" if section.style is ListStyle.NUMBERED else "ul"
        kind = ' class="checks"' if section.style is ListStyle.CHECKS else ""
        items = "".join(f"<li>{escape(item)}</li>" for item in section.items)
        parts.append(f"<{tag}{kind}>{items}</{tag}>")
    parts.append("</section>")
    return "\n".join(parts)


def _follow_up(content: CopyContent) -> str:
    follow_up = content.follow_up
    inside = f"<p>{escape(follow_up.lead)}</p>"
    if follow_up.date:
        inside += f'<p class="when">{escape(follow_up.date)}</p>'
    return f'<div class="follow-up">{inside}</div>'


def _contact(content: CopyContent) -> str:
    contact = content.contact
    lines = "".join(f"<p>{escape(line)}</p>" for line in contact.lines).replace("\n", "<br>")
    return (
        '<section class="contact" aria-labelledby="section-contact">'
        f'<h2 id="section-contact">{escape(contact.heading)}</h2>{lines}'
        f'<p class="reference">{escape(contact.reference)}</p>'
        f'<p class="note">{escape(contact.change_your_mind)}</p></section>'
    )


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_label(label: str) -> str:
    """ "Page {page} of {pages}" as CSS ``content``: strings around the page counters."""
    pieces = []
    rest = label
    while rest:
        positions = [(rest.find(field), field) for field in ("{page}", "{pages}") if field in rest]
        if not positions:
            pieces.append(_css_string(rest))
            break
        at, field = min(positions)
        if at:
            pieces.append(_css_string(rest[:at]))
        pieces.append("counter(pages)" if field == "{pages}" else "counter(page)")
        rest = rest[at + len(field) :]
    return " ".join(pieces)


def _print_css(content: CopyContent, fonts: dict[str, Path]) -> str:
    faces = "".join(
        f'@font-face {{ font-family: "DejaVu Sans"; font-weight: {weight};'
        f' src: url("{path.as_uri()}"); }}\n'
        for weight, path in fonts.items()
    )
    return PRINT_CSS.format(
        page_label=_page_label(content.page_label), muted=MUTED, font_faces=faces
    )


LOGO_LIMIT = 5 * 1024 * 1024
"""A logo is small; a larger file is a wrong file and is left out (as in the staff report)."""
_IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def _logo_uri(path: str) -> str:
    """The agency logo as a ``data:`` URI, or "" when it is missing, too big or not PNG/JPEG:
    a copy never fails because a logo moved."""
    if not path:
        return ""
    try:
        file = Path(path)
        if file.stat().st_size > LOGO_LIMIT:
            return ""
        raw = file.read_bytes()
    except OSError:
        return ""
    kind = next((mime for magic, mime in _IMAGE_TYPES.items() if raw.startswith(magic)), "")
    return f"data:{kind};base64,{base64.b64encode(raw).decode('ascii')}" if kind else ""
