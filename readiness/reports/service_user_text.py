"""The service user's copy as plain text: for an email, a text message or a screen reader.

``copy_text(content)`` lays out the same ``CopyContent`` as the HTML page and the
PDF: the title underlined, each heading on its own line, list items marked (``-`` or
numbered), paragraphs wrapped at 72 characters, and a blank line between parts.
No tables, columns or symbols a screen reader would spell out.
"""

from __future__ import annotations

import textwrap

from readiness.reports.service_user_content import CopyContent, ListStyle, Section

WIDTH = 72


def copy_text(content: CopyContent) -> str:
    """The copy as plain text (lines end with ``\\n``)."""
    blocks = [
        "\n".join(
            [
                *([content.agency_name] if content.agency_name else []),
                content.title,
                "=" * min(len(content.title), WIDTH),
            ]
        ),
        _wrap(content.date_line),
    ]
    if content.draft:
        blocks.append(_wrap(content.draft))
    blocks.append(_wrap(content.intro))
    blocks += [_section(section) for section in content.sections]
    follow_up = content.follow_up
    blocks.append(_wrap(f"{follow_up.lead} {follow_up.date}".strip()))
    contact = content.contact
    lines = [line for text in contact.lines for line in text.splitlines()]
    blocks.append(_heading(contact.heading) + "\n" + "\n".join(_wrap(line) for line in lines))
    blocks.append(_wrap(contact.reference) + "\n" + _wrap(contact.change_your_mind))
    if content.unprintable:
        blocks.append(_wrap(content.unprintable))
    return "\n\n".join(blocks) + "\n"


def _wrap(text: str, first: str = "", rest: str = "") -> str:
    return "\n".join(
        textwrap.fill(
            paragraph, WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
        )
        if paragraph.strip()
        else ""
        for paragraph in text.splitlines()
    )


def _heading(text: str) -> str:
    return f"{text}\n" + "-" * min(len(text), WIDTH)


def _section(section: Section) -> str:
    lines = [_heading(section.heading)]
    if section.intro:
        lines.append(_wrap(section.intro))
    if not section.items:
        lines.append(_wrap(section.empty))
    elif section.style is ListStyle.NONE:
        lines += [_wrap(item) for item in section.items]
    else:
        for number, item in enumerate(section.items, start=1):
            mark = f"{number}. " if section.style is ListStyle.NUMBERED else "- "
            lines.append(_wrap(item, mark, " " * len(mark)))
    return "\n".join(lines)
