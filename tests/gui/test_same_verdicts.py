"""One document, one verdict everywhere: assess, the results page, the staff PDF, CSV, JSON, FHIR.

The interpretation (questionnaires, thresholds, rules) is built in one place from
Settings. Each case writes a settings file (with or without agency files), then runs
every practice persona through every output the app has and reads each channel's
verdict back from what a person or a program would read: the command's JSON, the
verdict headings on the results page, the text of the staff PDF, and the exported
CSV, JSON and FHIR files.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from readiness.cli import main
from readiness.document import AssessmentDocument, to_json
from readiness.equity.results import VERDICT_LABELS
from readiness.practice import personas
from readiness.reports.fhir_systems import Systems
from readiness.reports.jobs import report_for
from readiness.reports.pdf import Audience, render_report
from readiness.settings import Settings, save_settings, settings_path
from readiness.store import repository
from readiness.store.database import open_database
from readiness_ui.app import load_configuration
from readiness_ui.configuration import Configuration
from readiness_ui.pages.results import ResultsPage
from readiness_ui.widgets.verdict_list import VerdictBlock
from tests.core.reports.helpers import pdf_text
from tests.factories import import_into

Verdicts = dict[str, str]
"""Channel id -> verdict code (``ready``, ``ready_with_support``, ``not_suitable_now``)."""

STRICT_VIDEO = """\
schema_version: 1
connection:
  video_basic: {download_mbps: 20, upload_mbps: 20, source: "Agency video policy (test)"}
  video_recommended: {download_mbps: 25, upload_mbps: 25, source: "Agency video policy (test)"}
  group_video: {download_mbps: 30, upload_mbps: 30, source: "Agency video policy (test)"}
"""
NO_EMAIL_WHEN_NEW = """\
format: readiness-rules
schema_version: 1
channels:
  - id: email
    rules:
      - id: email_new
        effect: not_suitable
"""
CODE_OF_LABEL = {label.get("en"): verdict.value for verdict, label in VERDICT_LABELS.items()}


@pytest.fixture(params=["built-in", "agency files"])
def configuration(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Configuration]:
    """Settings as the app and the CLI read them: the per-user settings file."""
    settings = Settings()
    if request.param == "agency files":
        thresholds, rules = tmp_path / "thresholds.yaml", tmp_path / "rules.yaml"
        thresholds.write_text(STRICT_VIDEO, encoding="utf-8")
        rules.write_text(NO_EMAIL_WHEN_NEW, encoding="utf-8")
        settings = Settings(thresholds_file=str(thresholds), rules_files=(str(rules),))
    save_settings(settings, settings_path())
    configuration, warning = load_configuration(settings_path())
    assert warning is None and configuration.interpretation().warnings == ()
    yield configuration


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def from_assess(
    capsys: pytest.CaptureFixture[str], document: AssessmentDocument, folder: Path
) -> Verdicts:
    path = folder / f"{document.assessment.id}.json"
    path.write_text(to_json(document), encoding="utf-8")
    data = json.loads(cli(capsys, "assess", "--input", str(path), "--json"))
    return {channel: found["verdict"] for channel, found in data["channels"].items()}


def from_results_page(
    qtbot: QtBot, document: AssessmentDocument, configuration: Configuration
) -> Verdicts:
    from readiness.equity.profile import band_marks

    interpretation = configuration.interpretation()
    page = ResultsPage(
        lambda: document,
        lambda plan: plan,
        assess_document=interpretation.assess,
        band_marks=band_marks(interpretation.rules),
    )
    qtbot.addWidget(page)
    page.refresh()
    headings = [
        block.heading.accessibleName() for block in page.verdicts.findChildren(VerdictBlock)
    ]
    titles = {channel.title.get("en"): channel.id for channel in interpretation.rules.channels}
    found = {}
    for heading in headings:
        title, _, label = heading.rpartition(": ")
        found[titles[title]] = CODE_OF_LABEL[label]
    return found


def from_staff_pdf(document: AssessmentDocument, configuration: Configuration) -> Verdicts:
    interpretation = configuration.interpretation()
    text = pdf_text(render_report(report_for(document, interpretation, "en"), Audience.STAFF))
    table = text[text.index("Channel · Verdict") :]
    labels = "|".join(sorted(CODE_OF_LABEL, key=len, reverse=True))  # longest label first
    found, at = {}, 0
    for channel in interpretation.rules.channels:  # rows in order: title, then the verdict
        row = re.compile(re.escape(channel.title.get("en")) + f" ({labels})").search(table, at)
        assert row is not None, f"no row for {channel.id}"
        found[channel.id], at = CODE_OF_LABEL[row.group(1)], row.end()
    return found


def test_every_output_gives_the_same_verdicts(
    qtbot: QtBot,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    configuration: Configuration,
) -> None:
    documents = personas()
    database = ["--db", str(tmp_path / "records.db")]  # opened with the tests' key file
    for document in documents:
        path = tmp_path / f"import-{document.assessment.id}.json"
        path.write_text(to_json(document), encoding="utf-8")
        cli(capsys, *database, "assessment", "import", str(path), "--staff", "MJ")
    exports = {}
    for kind in ("csv", "json", "fhir"):
        exports[kind] = tmp_path / f"export.{kind}"
        cli(
                capsys, *database, "export", "--format", kind, "--out", str(exports[kind]),
                "--staff", "MJ",
            )  # fmt: skip

    with exports["csv"].open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = {row["assessment_id"]: row for row in csv.DictReader(handle)}
    json_rows = {
        item["assessment"]["id"]: item["results"]["channels"]
        for item in json.loads(exports["json"].read_text(encoding="utf-8"))
    }
    fhir_rows: dict[str, Verdicts] = {}
    _definitions, *bundles = exports["fhir"].read_text(encoding="utf-8").splitlines()
    for line in bundles:
        bundle = json.loads(line)
        verdicts = fhir_rows.setdefault(bundle["identifier"]["value"].removeprefix("urn:uuid:"), {})
        for entry in bundle["entry"]:
            resource = entry["resource"]
            coding = resource.get("code", {}).get("coding", [{}])[0]
            if coding.get("system") == Systems().channel:
                value = resource["valueCodeableConcept"]["coding"][0]
                assert value["system"] == Systems().channel_verdict
                verdicts[coding["code"]] = value["code"]

    channel_ids = [channel.id for channel in configuration.interpretation().rules.channels]
    for document in documents:
        key = document.assessment.id
        expected = from_assess(capsys, document, tmp_path)
        assert list(expected) == channel_ids
        everywhere = {
            "results page": from_results_page(qtbot, document, configuration),
            "staff PDF": from_staff_pdf(document, configuration),
            "CSV": {channel: csv_rows[key][f"channel_{channel}"] for channel in channel_ids},
            "JSON": json_rows[key],
            "FHIR": fhir_rows[key],
        }
        for output, verdicts in everywhere.items():
            assert verdicts == expected, f"{document.service_user.code}: {output} differs"


def test_the_agency_files_change_verdicts_somewhere(configuration: Configuration) -> None:
    """The cases above differ, so agreement is not agreement about nothing."""
    from readiness.interpret import interpret

    built_in = interpret(Settings())
    changed = [
        document.service_user.code
        for document in personas()
        if configuration.interpretation().assess(document) != built_in.assess(document)
    ]
    if configuration.interpretation().files.thresholds is None:
        assert changed == []
    else:
        assert len(changed) >= 3


def test_imported_documents_are_the_ones_checked(tmp_path: Path) -> None:
    """The database round trip keeps every fact a verdict rests on."""
    from readiness.interpret import interpret

    db = open_database(tmp_path / "plain.db")
    interpretation = interpret(Settings())
    for document in personas():
        import_into(db, document)
        again = repository.load_document(db, document.assessment.id)
        assert interpretation.assess(again).channels == interpretation.assess(document).channels
