"""The service user's copy as HTML, tagged PDF and text, and the staff report's HTML record.

The three copies are layouts of one ``CopyContent``; the HTML passes axe-core's WCAG 2.2
A and AA rules in headless Chromium (``tests/browser``); the PDF is tagged PDF/UA-1 with
the HTML's reading order, its language, title and the logo's text alternative.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.interpret import Agency
from readiness.plan import Decision, Plan, PlanDecision, Responsible
from readiness.reports.data import ReportData
from readiness.reports.jobs import report_for
from readiness.reports.pdf import protect, render_report
from readiness.reports.service_user_content import copy_content
from readiness.reports.service_user_html import copy_html
from readiness.reports.service_user_text import WIDTH, copy_text
from tests.browser.chromium import axe_violations
from tests.core.reports.helpers import inputs, reader
from tests.core.reports.samples import filled_document

LOCALES = ["en", "es"]


def copy_data(locale: str, *, logo: str = "") -> ReportData:
    """A completed intake whose plan uses every part of the copy (terms, notes, a date)."""
    plan = Plan(
        decisions=(
            PlanDecision(
                recommendation_id="digital_navigator",
                decision=Decision.ACCEPTED,
                who=Responsible.WORKER,
                due=date(2026, 12, 14),
            ),
            PlanDecision(recommendation_id="lifeline", decision=Decision.ACCEPTED),
            PlanDecision(recommendation_id="text_check_ins", decision=Decision.ACCEPTED),
        ),
        text="Call Maria on Tuesday.\nBring the tablet.",
        follow_up=date(2027, 1, 12),
    )
    document = replace(filled_document(7, locale=locale), plan=plan)
    data = report_for(document, inputs(), locale)
    return replace(data, agency=replace(data.agency, logo=logo)) if logo else data


def small_png(path: Path) -> str:
    from PIL import Image

    Image.new("RGB", (120, 40), "#0b5e59").save(path)
    return str(path)


class _Blocks(HTMLParser):
    """The text of each heading, paragraph and list item of a page, in order."""

    BLOCKS = frozenset({"h1", "h2", "p", "li"})

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self._open: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.BLOCKS:
            self._open.append(tag)
            self._text = []
        elif tag == "br":
            self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self._open:
            self._open.pop()
            self.blocks.append((tag, " ".join("".join(self._text).split())))

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)


def html_blocks(page: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(page)
    return parser.blocks


def figure_alternates(node: object) -> list[str]:
    """The ``/Alt`` text of every Figure of a PDF structure tree, in order (pypdf)."""
    found: list[str] = []
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            found += figure_alternates(kid)
    return found


def structure_text(pdf: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """(tag, text) of each structure element of the PDF, in the tree's order (poppler)."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    found: list[tuple[str, list[str]]] = []
    for line in lines:
        stripped = line.strip()
        tag = re.match(r"^(H1|H2|P|LI|Figure)\b", stripped)
        if tag:
            found.append((tag.group(1), []))
        elif stripped.startswith('"') and found:
            found[-1][1].append(stripped[1:-1])
    return [(tag, " ".join(" ".join(parts).split())) for tag, parts in found]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_copy_html_passes_axe_wcag_22_aa(locale: str, tmp_path: Path) -> None:
    page = render_report(
        copy_data(locale, logo=small_png(tmp_path / "logo.png")), "service-user", "html"
    )
    assert axe_violations(page.decode("utf-8")) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_staff_html_record_passes_axe_wcag_22_aa(locale: str) -> None:
    page = render_report(copy_data(locale), "staff", "html")
    assert axe_violations(page.decode("utf-8")) == []


def test_axe_reports_what_a_page_gets_wrong() -> None:
    """The check can fail: a page without a language, with faint text and an unnamed image."""
    page = (
        "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        '<p style="color:#bbbbbb;background:#ffffff">faint</p><img src="data:,">'
        "</main></body></html>"
    )
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"html-has-lang", "color-contrast", "image-alt"} <= found


@pytest.mark.parametrize("locale", LOCALES)
def test_the_html_page_is_semantic_and_in_the_copy_language(locale: str) -> None:
    content = copy_content(copy_data(locale))
    page = copy_html(content)
    assert f'<html lang="{content.lang}">' in page
    assert f"<title>{content.title}</title>" in page
    assert page.count("<h1>") == 1
    blocks = html_blocks(page)
    headings = [text for tag, text in blocks if tag == "h2"]
    assert headings[: len(content.sections)] == [s.heading for s in content.sections]
    assert "<ol>" in page and '<ul class="checks">' in page  # lists, not drawn marks
    assert "http" not in page  # nothing to fetch: fonts are the reader's, the logo embedded


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_is_tagged_pdf_ua_with_language_title_and_logo_text(
    locale: str, tmp_path: Path
) -> None:
    data = copy_data(locale, logo=small_png(tmp_path / "logo.png"))
    content = copy_content(data)
    pdf = render_report(data, "service-user")
    document = reader(pdf)
    catalog = document.trailer["/Root"].get_object()
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == content.lang
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert document.metadata is not None and document.metadata.title == content.title
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part>1<" in xmp or b'pdfuaid:part="1"' in xmp
    assert figure_alternates(catalog["/StructTreeRoot"]) == [content.logo_text]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_reads_in_the_order_of_the_html(locale: str, tmp_path: Path) -> None:
    data = copy_data(locale)
    page = copy_html(copy_content(data))
    expected = [(tag.upper(), text) for tag, text in html_blocks(page)]
    tagged = [
        (tag, text)
        for tag, text in structure_text(render_report(data, "service-user"), tmp_path)
        if tag != "Figure"
    ]
    # list items are LI with their mark in a label: compare the words after the mark
    cleaned = [(tag, re.sub(r"^(\u2713|\u2022|\d+\.)\s*", "", text)) for tag, text in tagged]
    assert [tag for tag, _ in cleaned] == [tag for tag, _ in expected]
    assert [text for _, text in cleaned] == [text for _, text in expected]


@pytest.mark.parametrize("locale", LOCALES)
def test_html_text_and_pdf_say_the_same_sentences(locale: str) -> None:
    data = copy_data(locale)
    content = copy_content(data)
    sentences = [content.title, content.intro, content.follow_up.date, content.contact.reference]
    for section in content.sections:
        sentences += [section.heading, *section.items]
    text = " ".join(copy_text(content).split())
    page = " ".join(text for _tag, text in html_blocks(copy_html(content)))
    from tests.core.reports.helpers import pdf_text

    pdf = pdf_text(render_report(data, "service-user"))
    for sentence in sentences:
        words = " ".join(sentence.split())
        assert words in text, words
        assert words in page, words
        assert words in pdf, words


@pytest.mark.parametrize("locale", LOCALES)
def test_the_text_copy_is_plain_and_wrapped(locale: str) -> None:
    content = copy_content(copy_data(locale))
    text = copy_text(content)
    assert all(len(line) <= WIDTH for line in text.splitlines())
    assert "\u2713" not in text and "<" not in text  # no symbols or markup to spell out
    assert text.splitlines()[1] == content.title


def test_a_password_keeps_the_tags_and_language(tmp_path: Path) -> None:
    pdf = protect(render_report(copy_data("es"), "service-user"), "secreto-123")
    document = reader(pdf, "secreto-123")
    catalog = document.trailer["/Root"].get_object()
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "es-US"


def test_other_forms_are_refused_for_the_staff_report() -> None:
    from readiness.errors import ReadinessError

    with pytest.raises(ReadinessError):
        render_report(copy_data("en"), "staff", "text")


@settings(max_examples=25, deadline=None)
@given(
    notes=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200),
    name=st.text(max_size=40),
)
def test_any_words_are_escaped_in_the_html(notes: str, name: str) -> None:
    """Plan notes and agency details are the worker's own words: never markup."""
    data = copy_data("en")
    outcome = replace(data.outcome, plan=replace(data.outcome.plan, notes=notes))
    data = replace(data, outcome=outcome, agency=Agency(name, ""))
    page = render_report(data, "service-user", "html").decode("utf-8")
    text_of = " ".join(text for _tag, text in html_blocks(page))
    assert "<script" not in page.lower() or "<script" not in (notes + name).lower()
    if notes.strip():
        for line in notes.strip().splitlines():
            assert " ".join(line.split()) in text_of


def test_the_staff_record_has_table_headers_and_a_chart_with_a_text_alternative() -> None:
    data = copy_data("en")
    page = render_report(data, "staff", "html").decode("utf-8")
    assert '<th scope="col">' in page and '<th scope="row">' in page and "<caption>" in page
    chart = re.search(r'<svg role="img" aria-label="([^"]*)"', page)
    assert chart is not None
    for domain in data.outcome.domains:
        assert domain.title in chart.group(1)
        if domain.score is not None:
            assert f"{domain.title}: {domain.score:.0f}" in chart.group(1)


def test_the_copy_names_nothing_it_would_fetch(tmp_path: Path) -> None:
    """A logo that is not an image is left out rather than linked."""
    bogus = tmp_path / "logo.png"
    bogus.write_bytes(b"not an image")
    page = render_report(copy_data("en", logo=str(bogus)), "service-user", "html").decode()
    assert "<img" not in page
    assert (
        io.BytesIO(render_report(copy_data("en", logo=str(bogus)), "service-user")).read(5)
        == b"%PDF-"
    )
