"""Characters the report fonts lack show as a box and are mentioned, never silently dropped."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from readiness.plan import Plan
from readiness.reports.jobs import report_for
from readiness.reports.pdf import Audience, render_report
from readiness.reports.printable import MISSING, drawable, printable_text
from tests.core.reports.helpers import inputs, pdf_text
from tests.factories import make_document


def test_an_emoji_in_the_plan_shows_as_a_box_with_a_note_in_both_copies() -> None:
    document = make_document()
    document = replace(document, plan=Plan(text="Call on Tuesdays 🙂 then text"))
    for locale, staff_note, copy_note in (
        ("en", "cannot be printed", "could not be printed"),
        ("es", "no se pueden imprimir", "no se pudieron imprimir"),
    ):
        data = report_for(document, inputs(), locale)
        assert data.unprintable
        staff = pdf_text(render_report(data, Audience.STAFF))
        assert f"Call on Tuesdays {MISSING} then text" in staff
        assert staff_note in staff
        copy = pdf_text(render_report(data, Audience.SERVICE_USER))
        assert copy_note in copy


def test_ordinary_text_is_left_alone() -> None:
    data = report_for(make_document(), inputs(), "es")
    assert not data.unprintable
    assert "□" not in pdf_text(render_report(data, Audience.STAFF))


@given(st.text(max_size=60))
def test_every_character_is_either_drawn_or_boxed(text: str) -> None:
    shown, changed = printable_text(text)
    assert len(shown) == len(text)
    assert changed == (shown != text)
    known = drawable()
    for before, after in zip(text, shown, strict=True):
        assert after == before or (after == MISSING and ord(before) not in known)
