"""The PDF reports: their text (English and accented Spanish), fonts, metadata, page numbers,
licence-withheld wording, passwords, atomic writes, and a rendered page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from readiness.errors import ReadinessError
from readiness.reports.data import ReportData
from readiness.reports.pdf import protect, render_report, write_report
from tests.core.reports.fakes import sample_outcome
from tests.core.reports.helpers import data_for, embedded, fonts, page_texts, pdf_text, reader
from tests.core.reports.samples import filled_document


def staff_data(locale: str) -> ReportData:
    document = filled_document(3, code="ÑU-0042", locale=locale)
    return data_for(document, sample_outcome(locale), locale)


@pytest.fixture(scope="module")
def staff_en() -> bytes:
    return render_report(staff_data("en"), "staff")


@pytest.fixture(scope="module")
def staff_es() -> bytes:
    return render_report(staff_data("es"), "staff")


def test_staff_report_has_every_section_and_figure_in_english(staff_en: bytes) -> None:
    text = pdf_text(staff_en)
    for heading in (
        "Digital readiness report",
        "Domain profile",
        "Ways of connecting",
        "Recommendations and plan",
        "Device and connection",
        "Connection thresholds used",
        "Questionnaire scores",
        "Questionnaire answers",
        "About these results",
    ):
        assert heading in text, heading
    assert "ÑU-0042" in text and "Centro Comunitario Esperanza" in text
    assert "Staff initials MJ" in text
    assert re.search(r"Device 88 A strength", text)  # score and band next to the domain
    assert "Not enough information" in text  # the domain without a score says so
    assert "Ready now" in text and "Not for now" in text  # channel verdicts
    assert "Camera works" in text  # a verdict's reason
    assert "Lend a tablet with data" in text and "Accepted" in text
    assert "Monday, December 7, 2026" in text  # the follow-up date
    assert "Threshold: 4 GB for 1:1 video calls (source: Microsoft Teams hardware" in text
    assert "Zoom VoIP 60-80 kbps" in text  # a connection tier's source
    assert "What kind of phone do you use most?" in text  # a question, shareable wording
    assert "have not been validated" in text
    assert "Not validated; for planning support, not for diagnosis." in text


def test_staff_report_in_spanish_keeps_every_accent(staff_es: bytes) -> None:
    text = pdf_text(staff_es)
    for phrase in (
        "Informe de preparación digital",
        "Perfil por área",
        "Código de la persona usuaria",
        "Información de salud",
        "Formas de conectarse",
        "Aparato y conexión",
        "Respuestas del cuestionario",
        "¿Qué tipo de teléfono usa más?",
        "lunes, 7 de diciembre de 2026",
        "Niño en casa",
        "No están validados",
    ):
        assert phrase in text, phrase


def test_every_page_is_numbered_and_headed(staff_en: bytes) -> None:
    pages = page_texts(staff_en)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Confidential · ÑU-0042" in text


def test_metadata_names_title_author_and_language(staff_es: bytes) -> None:
    pdf = reader(staff_es)
    info = pdf.metadata
    assert info is not None
    assert info.title == "Informe de preparación digital: ÑU-0042"
    assert info.author == "Centro Comunitario Esperanza"
    assert "Evaluación de preparación digital" in (info.subject or "")
    catalog = pdf.trailer["/Root"].get_object()
    assert catalog["/Lang"] == "es-US"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]


@pytest.mark.parametrize("audience", ["staff", "service-user"])
def test_only_the_bundled_dejavu_fonts_are_used_and_all_are_embedded(audience: str) -> None:
    pdf = render_report(staff_data("es"), audience)
    used = fonts(pdf)
    assert used, "no fonts found"
    for name, font in used.items():
        # reportlab names the faces "DejaVuSans-Bold", WeasyPrint "DejaVu-Sans-Bold"
        assert name.split("+")[-1].replace("-", "").startswith("DejaVuSans"), name
        assert embedded(font), f"{name} is not embedded"


def test_pdffonts_agrees_that_fonts_are_embedded(staff_es: bytes, tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) is not installed")
    path = tmp_path / "r.pdf"
    path.write_bytes(staff_es)
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        assert "DejaVuSans" in line and " yes yes " in line, line  # embedded, subset


def test_a_page_renders_to_png_with_poppler(staff_es: bytes, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed: cannot render pages")
    path = tmp_path / "r.pdf"
    path.write_bytes(staff_es)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    image = next(tmp_path.glob("p-*.png")).read_bytes()
    assert image.startswith(b"\x89PNG") and len(image) > 5000  # a real page, not blank


@pytest.mark.parametrize("locale", ["en", "es"])
def test_service_user_copy_is_short_plain_and_has_no_scores(locale: str) -> None:
    data = staff_data(locale)
    pdf = render_report(data, "service-user")
    text = pdf_text(pdf)
    assert len(reader(pdf).pages) <= 2
    expected = {
        "en": [
            "Your plan for staying in touch",
            "What is working for you",
            "You have a phone or computer you can use.",
            "Ways to connect that suit you now",
            "Phone calls",
            "with some help to get started",
            "Help we set up for you",
            "Next steps",
            "Monday, December 7, 2026",
            "Questions? Contact us",
            "Teléfono 555-0100",
        ],
        "es": [
            "Su plan para mantenerse en contacto",
            "Lo que le funciona",
            "Tiene un teléfono o una computadora que puede usar.",
            "Formas de conectarse que le sirven ahora",
            "Llamadas por teléfono",
            "con un poco de ayuda para empezar",
            "La ayuda que preparamos para usted",
            "Próximos pasos",
            "lunes, 7 de diciembre de 2026",
            "¿Tiene preguntas? Hable con nosotros",
        ],
    }[locale]
    for phrase in expected:
        assert phrase in text, phrase
    for domain in data.outcome.domains:  # no scores, bands or verdict labels about the person
        assert domain.title not in text
    for forbidden in ("88", "41", "Score", "Puntaje", "Not for now", "Por ahora no", "Declined"):
        assert forbidden not in text
    assert "Group video" not in text and "Grupo de apoyo" not in text  # not suitable now: left out


def test_service_user_copy_uses_large_type() -> None:
    pdf = render_report(staff_data("en"), "service-user")
    sizes: list[float] = []

    def visitor(_text: str, _cm: object, tm: list[float], _fonts: object, size: float) -> None:
        if _text.strip():
            sizes.append(size * abs(tm[0]) if tm[0] else size)

    for page in reader(pdf).pages:
        page.extract_text(visitor_text=visitor)
    body = sorted(sizes)[len(sizes) // 2]
    assert body >= 14  # median text size: large type (the staff report uses 8-10 pt)


def test_licensed_wording_is_left_out_of_the_staff_report() -> None:
    from tests.core.reports.licensed import licensed_document_and_instruments

    document, instruments = licensed_document_and_instruments()
    from readiness.reports.assemble import report_data

    data = report_data(document, instruments=instruments, locale="en")
    text = pdf_text(render_report(data, "staff"))
    assert "licensed.q_one" in text  # questions named by id
    assert "Secret licensed question" not in text
    assert "Secret option text" not in text
    assert "licence does not allow the text to leave this computer" in text


def test_password_protects_with_aes_256(tmp_path: Path) -> None:
    path = write_report(staff_data("en"), "service-user", tmp_path / "r.pdf", password="s3cret-pw")
    pdf = path.read_bytes()
    locked = reader(pdf)
    assert locked.is_encrypted
    assert locked.trailer["/Encrypt"].get_object()["/V"] == 5  # AES-256
    assert "Your plan for staying in touch" in pdf_text(pdf, "s3cret-pw")
    wrong = reader(pdf)
    assert not wrong.decrypt("wrong-password")
    with pytest.raises(ReadinessError, match="at least 6"):
        protect(pdf, "abc")


def test_a_failed_write_leaves_no_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the old report")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", broken)
    with pytest.raises(ReadinessError, match="No space left"):
        write_report(staff_data("en"), "staff", target)
    assert target.read_bytes() == b"the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_report_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReadinessError, match="does not exist"):
        write_report(staff_data("en"), "staff", tmp_path / "nope" / "r.pdf")


@pytest.mark.parametrize("locale", ["en", "es"])
def test_real_equity_result_renders_both_reports(locale: str) -> None:
    from readiness.reports.jobs import report_for
    from tests.core.reports.helpers import inputs

    data = report_for(filled_document(7, locale=locale), inputs(), locale)
    staff = pdf_text(render_report(data, "staff"))
    copy = pdf_text(render_report(data, "service-user"))
    assert data.outcome.domains and data.outcome.channels
    for domain in data.outcome.domains:
        assert domain.title.split()[0] in staff
    assert ("Help we set up" if locale == "en" else "La ayuda que preparamos") in copy
    accepted = "lend you a tablet" if locale == "en" else "prestar una tableta"
    assert accepted in copy


@pytest.mark.parametrize(
    ("locale", "heading"), [("en", "What we agreed"), ("es", "Lo que acordamos")]
)
def test_service_user_copy_states_the_plan_once_each(locale: str, heading: str) -> None:
    """The worker's short plan is on the person's copy, and no line is said twice."""
    from dataclasses import replace

    data = staff_data(locale)
    plan = replace(data.outcome.plan, notes="Phone calls on Tuesdays; captions on.")
    outcome = replace(data.outcome, plan=plan)
    text = pdf_text(render_report(replace(data, outcome=outcome), "service-user"))
    assert heading in text and "Phone calls on Tuesdays; captions on." in text
    for line in (*plan.supports, *plan.next_steps):
        assert text.count(line) == 1, line


def test_a_draft_copy_says_the_plan_may_still_change() -> None:
    from dataclasses import replace

    data = staff_data("en")
    draft = pdf_text(render_report(replace(data, status="draft"), "service-user"))
    final = pdf_text(render_report(replace(data, status="complete"), "service-user"))
    assert "This is a draft. The plan may still change." in draft
    assert "draft" not in final.lower()


@pytest.mark.parametrize(
    ("locale", "you", "by"),
    [("en", "You: Call the library", "(by Monday, December 14, 2026)"),
     ("es", "Usted: Call the library", "(antes del lunes, 14 de diciembre de 2026)")],
)  # fmt: skip
def test_the_copy_says_who_does_each_step_and_by_when(locale: str, you: str, by: str) -> None:
    """A step the person does, due on a day, reads so; a step already done is left out."""
    from dataclasses import replace
    from datetime import date

    from readiness.plan import Plan, PlanItem, Responsible
    from readiness.reports.jobs import report_for
    from tests.core.reports.helpers import inputs
    from tests.factories import make_document

    plan = Plan(
        added=(
            PlanItem("Call the library", who=Responsible.PERSON, due=date(2026, 12, 14)),
            PlanItem("Borrow a tablet", done=True),
        )
    )
    document = replace(make_document(), plan=plan)
    text = pdf_text(render_report(report_for(document, inputs(), locale), "service-user"))
    assert f"{you} {by}" in text
    assert "Borrow a tablet" not in text


@pytest.mark.parametrize(
    ("locale", "line"),
    [("en", "We will help you apply for Lifeline, to lower your phone or internet bill. "
            "You do this step. By Monday, December 14, 2026."),
     ("es", "Este paso lo hace usted. Antes del lunes, 14 de diciembre de 2026.")],
)  # fmt: skip
def test_a_recommendation_with_who_keeps_its_own_sentence(locale: str, line: str) -> None:
    """An accepted recommendation's plain sentence already says "We will …": the copy
    adds who does it after it, never "You: We will …"."""
    from dataclasses import replace
    from datetime import date

    from readiness.plan import Decision, Plan, PlanDecision, Responsible
    from readiness.reports.jobs import report_for
    from tests.core.reports.helpers import inputs
    from tests.factories import make_document

    decision = PlanDecision(
        "lifeline", Decision.ACCEPTED, who=Responsible.PERSON, due=date(2026, 12, 14)
    )
    document = replace(make_document(), plan=Plan(decisions=(decision,)))
    report = report_for(document, inputs(), locale)
    text = " ".join(pdf_text(render_report(report, "service-user")).split())
    assert line in text
    assert "You: We" not in text and "Usted: Nosotros" not in text
