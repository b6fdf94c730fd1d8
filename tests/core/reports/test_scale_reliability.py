"""Each scale's reliability from the agency's records: complete cases scored as the scale scores
them (reverse-coded), the minimum number of cases, the "not validated" label until the
agency's mark in Settings, and the CSV report in English and Spanish."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from readiness.document import AssessmentDocument
from readiness.i18n import ENGLISH
from readiness.interpret import interpret
from readiness.model import AssessmentStatus, MissingCode
from readiness.reliability import Status
from readiness.reports.jobs import run_export
from readiness.reports.scale_reliability import (
    ReliabilityReport,
    ScaleReliability,
    analyse_documents,
    report_data,
)
from readiness.settings import Settings
from readiness.store.database import open_database
from readiness.store.export_queries import DateRange
from tests.core.reports.analysis_samples import Given, answered
from tests.core.reports.helpers import inputs
from tests.factories import import_into

WORRY = ("not_at_all", "a_little", "some", "a_lot")
"""privacy_worry and trust_services share these codes, scored 0 to 3."""


def consistent(number: int, level: int) -> dict[str, Given]:
    """Answers whose privacy items agree once trust is reversed (worry = 3 - trust)."""
    return {
        "preferences.privacy_worry": WORRY[level],
        "preferences.trust_services": WORRY[3 - level],
        "preferences.video_comfort": ("would_not_like", "not_sure", "okay")[number % 3],
        "preferences.group_interest": ("would_like", "okay")[number % 2],
    }


def people(count: int) -> list[AssessmentDocument]:
    return [answered(n, consistent(n, n % 4)) for n in range(1, count + 1)]


def scale(report: ReliabilityReport, name: str) -> ScaleReliability:
    return next(s for s in report.scales if s.name == name)


def test_reversed_items_that_agree_give_alpha_one() -> None:
    report = analyse_documents(people(30), inputs())
    privacy = scale(report, "preferences.privacy_concern")
    assert privacy.result.status is Status.COMPUTED
    assert privacy.result.alpha == 1.0 and privacy.result.cases == 30
    assert privacy.result.items == ("preferences.privacy_worry", "preferences.trust_services")
    assert all(item.corrected_item_total == 1.0 for item in privacy.result.item_statistics)


def test_only_complete_cases_count_and_the_rest_are_counted_as_assessments() -> None:
    documents = people(30)
    documents.append(
        answered(31, {**consistent(31, 1), "preferences.trust_services": MissingCode.DECLINED})
    )
    documents.append(answered(32, {"preferences.privacy_worry": "some"}))
    documents.append(answered(33, {"access.phone_type": "basic"}))  # another questionnaire only
    report = analyse_documents(documents, inputs())
    privacy = scale(report, "preferences.privacy_concern")
    assert (privacy.result.cases, privacy.assessments) == (30, 32)
    costs = scale(report, "access.cost_pressure")  # data_runs_out is never asked of a basic phone
    assert (costs.result.cases, costs.assessments) == (0, 1)
    assert costs.result.status is Status.TOO_FEW_CASES


def test_drafts_and_practice_records_are_left_out() -> None:
    documents = people(30)
    documents.append(answered(40, consistent(40, 0), status=AssessmentStatus.DRAFT))
    documents.append(answered(41, consistent(41, 0), code="practice-041"))
    report = analyse_documents(documents, inputs())
    assert (report.selection.used, report.selection.drafts, report.selection.practice) == (30, 1, 1)
    assert scale(report, "preferences.privacy_concern").result.cases == 30


def test_fewer_than_thirty_complete_cases_give_no_alpha() -> None:
    report = analyse_documents(people(29), inputs())
    privacy = scale(report, "preferences.privacy_concern")
    assert privacy.result.status is Status.TOO_FEW_CASES and privacy.result.alpha is None
    explanation = ENGLISH.render(privacy.status_message())
    assert explanation == "Not enough cases: 29 complete, at least 30 needed."


def test_json_data_names_every_scale_with_its_label() -> None:
    validated = replace(inputs(), validated=frozenset({"preferences@1.0"}))
    data = report_data(analyse_documents(people(30), validated), DateRange().describe())
    assert data["period"] == "all dates" and data["minimum_cases"] == 30
    names = [f"{s['instrument']}.{s['scale']}" for s in data["scales"]]
    assert names == [s.name for s in analyse_documents([], inputs()).scales]
    privacy = next(s for s in data["scales"] if s["scale"] == "privacy_concern")
    assert privacy["validated"] is True and privacy["alpha"] == 1.0
    assert privacy["label"].startswith("Validated by the agency")
    basics = next(s for s in data["scales"] if s["scale"] == "basics")
    assert basics["validated"] is False and basics["alpha"] is None
    assert basics["label"].startswith("Not validated: computed from this agency's own records")
    assert basics["status"] == "too_few_cases" and basics["cases"] == 0


def read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("locale", "label", "title"),
    [
        ("en", "Not validated: computed from this agency's own records", "Privacy worries"),
        (
            "es",
            "No validado: calculado con los registros de esta agencia",
            "Preocupación por la privacidad",
        ),
    ],
)
def test_the_csv_report_labels_every_scale_in_its_language(
    tmp_path: Path, locale: str, label: str, title: str
) -> None:
    db = open_database(tmp_path / "r.db")
    for document in people(30):
        import_into(db, document)
    result = run_export(
        db, "reliability", tmp_path / "alpha.csv", inputs(), staff="MJ", locale=locale
    )
    rows = read(result.path)
    scales = [row for row in rows if not row["item"]]
    assert len(scales) == len(analyse_documents([], inputs()).scales)
    assert all(row["note"].startswith(label) for row in scales)
    privacy = next(row for row in scales if row["scale"] == "privacy_concern")
    assert privacy["alpha"] == "1.000" and privacy["complete_cases"] == "30"
    assert privacy["scale_title"].startswith(title)
    items = [row for row in rows if row["scale"] == "privacy_concern" and row["item"]]
    assert [row["item"] for row in items] == [
        "preferences.privacy_worry",
        "preferences.trust_services",
    ]
    assert all(row["corrected_item_total"] == "1.000" for row in items)
    assert all(row["alpha_if_deleted"] == "" for row in items)  # two items: none
    assert ENGLISH.render(result.notes[0]).startswith("Not validated")
    assert "AN0001" not in result.path.read_text(encoding="utf-8-sig")  # no codes, no ids


def test_the_validated_mark_names_a_version_in_force_or_is_warned_about() -> None:
    settings = Settings(validated_instruments=("skills@1.0", "comm@0.9", "phq9@2.0"))
    interpretation = interpret(settings)
    assert interpretation.validated == frozenset({"skills@1.0"})
    skills = interpretation.instrument("skills")
    comm = interpretation.instrument("comm")
    assert skills is not None and interpretation.is_validated(skills)
    assert comm is not None and not interpretation.is_validated(comm)
    warned = [w for w in interpretation.warnings if "validated_instruments" in w]
    assert len(warned) == 2
    assert "comm@0.9" in warned[0] and "version 1.0" in warned[0]
    assert "phq9@2.0" in warned[1] and "no questionnaire phq9" in warned[1]


def test_figures_far_outside_alphas_range_print_short() -> None:
    """The statistics clamp an alpha beyond the float range to the largest float; the CSV
    cell stays a readable number rather than hundreds of digits."""
    import sys

    from readiness.reports.scale_reliability import _number

    assert _number(0.81234) == "0.812"
    assert _number(-0.5) == "-0.500"
    assert _number(None) == ""
    assert _number(-sys.float_info.max) == "-1.798e+308"
