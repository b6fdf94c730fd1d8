"""``readiness --self-test``: prove an installed or frozen app has everything it needs to run.

Each step exercises one part of the app end to end, with the data files it reads
from the installed package: a temporary encrypted database (migrations, a sample
assessment saved and read back, no plain text on disk, a wrong key refused), the
device checks, every built-in questionnaire in English and Spanish, the interface
translations and Babel's locale data, the equity engine on the sample assessment,
FHIR export (whose resource types load by name), both PDF reports with their
fonts, PDF password protection, AES-256-GCM and sealed exports, and the credential
store (``readiness.selftest_security`` holds the data-protection steps). One line
per step goes to ``out`` (``ok``, ``FAIL`` or ``skip``, the step, what it found
and how long it took); a failing step does not stop the others, and the exit code
is 1 if any step failed.

Everything is written to a temporary folder that is removed afterwards: the
worker's real database, settings and credential store are never opened, and the
sample assessment (``selftest_sample.json``) is fictional. No Qt is imported: the
self-test runs without a display, in the source tree and in the frozen app alike.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from readiness import __version__
from readiness.model import LOCALES, CheckResult
from readiness.progress import Cancelled, CancelToken, Progress, no_progress
from readiness.selftest_context import SelfTestContext, SkipStep
from readiness.selftest_security import (
    check_credential_store,
    check_encrypted_database,
    check_encryption,
)

if TYPE_CHECKING:
    from readiness.checks.base import Check
    from readiness.interpret import Interpretation
    from readiness.local_text import LocalText
    from readiness.questionnaire.schema import Instrument

PDF_PASSWORD = "self-test-only"
"""Protects a PDF of the fictional sample in the temporary folder; never stored elsewhere."""

EXIT_OK = 0
EXIT_FAILED = 1


@dataclass(frozen=True)
class Step:
    """One self-test step: ``run`` returns what it found, raises on failure or ``SkipStep``."""

    name: str
    run: Callable[[SelfTestContext], str] = field(repr=False)


# -- the steps ---------------------------------------------------------------------


@dataclass
class _Watched:
    """A check that remembers an unexpected exception (``run_safely`` turns it into ``unknown``)."""

    check: Check
    errors: list[str]

    @property
    def id(self) -> str:
        return self.check.id

    @property
    def title(self) -> str:
        return self.check.title

    @property
    def timeout_s(self) -> float:
        from readiness.checks.runner import check_timeout

        return check_timeout(self.check)

    def run(self, progress: Progress, cancel: CancelToken) -> CheckResult:
        try:
            return self.check.run(progress, cancel)
        except (Cancelled, PermissionError):
            raise
        except Exception as exc:
            self.errors.append(f"{self.check.id}: {type(exc).__name__}: {exc}")
            raise


def check_devices(context: SelfTestContext) -> str:  # noqa: ARG001 - every step takes it
    from readiness.checks.device import device_checks
    from readiness.checks.runner import run_checks
    from readiness.thresholds import load_thresholds

    errors: list[str] = []
    checks = [_Watched(check, errors) for check in device_checks(load_thresholds())]
    results = run_checks(checks, no_progress, CancelToken())
    if errors:
        raise AssertionError("a check crashed: " + "; ".join(errors))
    if [r.check_id for r in results] != [c.id for c in checks]:
        raise AssertionError("the checks did not each return one result")
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status.value] = counts.get(result.status.value, 0) + 1
    summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
    return f"ran {len(results)} device checks ({summary})"


def check_questionnaires(context: SelfTestContext) -> str:  # noqa: ARG001
    from readiness.questionnaire.loader import BUILTIN_PACKAGE, SUFFIXES, load_builtin

    report = load_builtin()
    if report.problems:
        raise AssertionError("; ".join(str(problem) for problem in report.problems[:3]))
    files = [
        entry.name
        for entry in resources.files(BUILTIN_PACKAGE).iterdir()
        if Path(entry.name).suffix.lower() in SUFFIXES
    ]
    if not report.instruments or len(report.instruments) != len(files):
        raise AssertionError(
            f"{len(report.instruments)} questionnaires loaded from {len(files)} files"
        )
    texts = 0
    for instrument in report.instruments:
        for where, text in _texts(instrument):
            absent = set(LOCALES) - text.languages
            if absent:
                raise AssertionError(
                    f"{instrument.id}: {where} has no text in {', '.join(sorted(absent))}"
                )
            texts += 1
    names = ", ".join(instrument.id for instrument in report.instruments)
    return (
        f"loaded {len(report.instruments)} questionnaires ({names}); "
        f"all {texts} titles, questions and answers in {' and '.join(LOCALES)}"
    )


def _texts(instrument: Instrument) -> Iterator[tuple[str, LocalText]]:
    """Every title, question and answer option of ``instrument``, with where it is."""
    yield "title", instrument.title
    for section in instrument.sections:
        yield section.id, section.title
        for item in section.items:
            yield item.id, item.text
            for option in item.options:
                yield f"{item.id} option {option.code}", option.text


def check_translations(context: SelfTestContext) -> str:  # noqa: ARG001
    from datetime import date

    from babel.dates import format_date
    from babel.numbers import format_decimal

    from readiness.i18n import translator

    spanish = translator("es")
    steps = spanish.gettext("Next steps")
    days = spanish.ngettext("{count} day ago", "{count} days ago", 2).format(count=2)
    if steps == "Next steps" or "days" in days:
        raise AssertionError("the compiled Spanish catalogue (locale/es) translates nothing")
    number = format_decimal(1234.5, locale="es")
    day = format_date(date(2026, 11, 23), format="long", locale="es")
    if "," not in number or "noviembre" not in day:
        raise AssertionError(f"Babel's Spanish locale data is wrong: {number!r}, {day!r}")
    return f"Spanish catalogue ({steps}; {days}); Babel locale data ({number}, {day})"


def check_scoring(context: SelfTestContext) -> str:
    result = _interpretation().assess(context.sample)
    scored = [domain for domain in result.profile if domain.score is not None]
    if not scored or not result.channels:
        raise AssertionError("the sample assessment gave no domain scores or no channel verdicts")
    return (
        f"scored the sample assessment: {len(scored)} of {len(result.profile)} domains, "
        f"{len(result.channels)} channel verdicts, {len(result.recommendations)} recommendations"
    )


def check_fhir(context: SelfTestContext) -> str:
    from readiness.questionnaire.fhir import to_fhir
    from readiness.questionnaire.loader import load_builtin
    from readiness.reports.fhir_response import bundle
    from readiness.reports.fhir_validation import validate

    instruments = load_builtin().instruments
    for instrument in instruments:
        to_fhir(instrument, "es")  # fhir.resources validates while building
    data = bundle(context.sample, instruments)
    validate(data)  # resource types are imported by name: catches a module left out
    return (
        f"exported {len(instruments)} questionnaires and the sample's bundle "
        f"({len(data['entry'])} resources), each valid FHIR R4"
    )


@cache
def _interpretation() -> Interpretation:
    from readiness.interpret import interpret
    from readiness.settings import Settings

    # Default settings, not the worker's: no agency files, name or logo are read.
    return interpret(Settings())


def check_reports(context: SelfTestContext) -> str:
    from readiness.reports.jobs import report_for
    from readiness.reports.pdf import Audience, write_report

    inputs = _interpretation()
    written: list[str] = []
    for locale in LOCALES:
        data = report_for(context.sample, inputs, locale)
        for audience in Audience:
            path = write_report(data, audience, context.workdir / f"{audience}-{locale}.pdf")
            pdf = path.read_bytes()
            if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-64:]:
                raise AssertionError(f"{path.name} is not a complete PDF")
            fonts, tagged = _pdf_facts(pdf)
            if not any("DejaVuSans" in font.replace("-", "") for font in fonts):
                raise AssertionError(f"{path.name} does not embed the DejaVu Sans fonts")
            if audience is Audience.SERVICE_USER and not tagged:
                raise AssertionError(f"{path.name} is not tagged (no structure tree)")
            written.append(f"{path.name} {len(pdf) // 1024} KB")
    return f"rendered both PDF reports in {' and '.join(LOCALES)}: " + ", ".join(written)


def _pdf_facts(pdf: bytes) -> tuple[set[str], bool]:
    """The names of the fonts a PDF's pages use, and whether it has a structure tree."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    fonts: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources is not None else None
        if font_dict is not None:
            fonts.update(str(ref.get_object()["/BaseFont"]) for ref in font_dict.values())
    return fonts, "/StructTreeRoot" in reader.root_object


def check_pdf_password(context: SelfTestContext) -> str:
    try:
        import pypdf
    except ImportError:
        raise SkipStep("pypdf is not installed, so reports cannot be password protected") from None
    from readiness.reports.jobs import report_for
    from readiness.reports.pdf import Audience, protect, render_report

    data = report_for(context.sample, _interpretation(), context.sample.assessment.locale)
    protected = protect(render_report(data, Audience.SERVICE_USER), PDF_PASSWORD)
    path = context.workdir / "protected.pdf"
    path.write_bytes(protected)
    reader = pypdf.PdfReader(path)
    if not reader.is_encrypted or not reader.decrypt(PDF_PASSWORD):
        raise AssertionError("the protected PDF is not encrypted or does not open")
    return f"protected a report with AES-256 and opened it again ({len(reader.pages)} pages)"


def default_steps() -> list[Step]:
    """The self-test's steps, in order."""
    return [
        Step("database", check_encrypted_database),
        Step("device checks", check_devices),
        Step("questionnaires", check_questionnaires),
        Step("translations", check_translations),
        Step("scoring", check_scoring),
        Step("fhir", check_fhir),
        Step("reports", check_reports),
        Step("pdf password", check_pdf_password),
        Step("encryption", check_encryption),
        Step("credential store", check_credential_store),
    ]


# -- running -----------------------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _where() -> str:
    kind = "frozen app" if getattr(sys, "frozen", False) else "Python package"
    return f"{kind}, Python {platform.python_version()}, {platform.system()} {platform.machine()}"


def run_steps(steps: Sequence[Step], context: SelfTestContext, out: TextIO) -> int:
    """Run every step, printing one line each; return how many failed."""
    failed = 0
    for step in steps:
        started = time.perf_counter()
        try:
            status, message = "ok", step.run(context)
        except SkipStep as exc:
            status, message = "skip", str(exc)
        except Exception as exc:
            status, message = "FAIL", _first_line(exc)
            failed += 1
        elapsed = time.perf_counter() - started
        print(f"{status:<5}{step.name}: {message} ({elapsed:.2f} s)", file=out, flush=True)
    return failed


def run_self_test(
    out: TextIO, workdir: Path | None = None, steps: Sequence[Step] | None = None
) -> int:
    """Run the self-test, writing into ``workdir`` (default: a temporary folder, removed after).

    Returns the exit code: 0 if every step passed or was skipped, 1 if any failed.
    """
    steps = default_steps() if steps is None else steps
    print(f"readiness {__version__} self-test ({_where()})", file=out, flush=True)
    started = time.perf_counter()
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="readiness-self-test-") as folder:
            failed = run_steps(steps, SelfTestContext(Path(folder)), out)
    else:
        workdir.mkdir(parents=True, exist_ok=True)
        failed = run_steps(steps, SelfTestContext(workdir), out)
    elapsed = time.perf_counter() - started
    verdict = f"{failed} of {len(steps)} steps FAILED" if failed else "all steps passed"
    print(f"self-test done: {verdict} ({elapsed:.2f} s)", file=out, flush=True)
    return EXIT_FAILED if failed else EXIT_OK
