"""Check reasons, thresholds and connection uses in the report's language.

A result kept with its reason as a message reads in the report's language whatever
the language it was measured in; a record saved before (English text only) is shown
as it was saved. The Spanish staff report no longer says reasons are in English.
"""

from __future__ import annotations

from dataclasses import replace

from readiness.checks.connection import ConnectionResult, ConnectionStatus, evaluate
from readiness.checks.connection import to_check_result as connection_result
from readiness.checks.device import check_memory
from readiness.i18n import ENGLISH, translator
from readiness.model import CheckResult, CheckStatus, utc_now
from readiness.progress import CancelToken
from readiness.reports.measurements import measurement_rows, tier_rows
from readiness.reports.pdf import render_report
from readiness.thresholds import builtin_thresholds
from tests.core.device_fakes import fake_access, memory
from tests.core.reports.fakes import sample_outcome
from tests.core.reports.helpers import data_for, pdf_text
from tests.core.reports.samples import filled_document

T = builtin_thresholds()
OLD = CheckResult("device.disk", CheckStatus.GOOD, utc_now(), "Saved before messages, in English.")


def _results() -> tuple[CheckResult, ...]:
    measured = check_memory(T, fake_access(virtual_memory=lambda: memory(2.8, 2)), CancelToken())
    line = ConnectionResult(
        ConnectionStatus.OK, utc_now(), 10.0, "Measured.", download_mbps=0.4, upload_mbps=0.3
    )
    return measured, connection_result(line, evaluate(line, T, ENGLISH)), OLD


def test_measurement_rows_are_worded_in_the_report_language() -> None:
    rows = {row.check_id: row for row in measurement_rows(_results(), T, translator("es"))}
    assert rows["device.memory"].reason.startswith("Esta computadora tiene 2,8 GB de memoria")
    assert rows["connection.bandwidth"].reason.startswith("Sirve para: Llamada solo de audio.")
    assert rows["device.disk"].reason == OLD.reason
    assert "Umbral: 4 GB para videollamadas individuales (fuente: Microsoft Teams" in " ".join(
        rows["device.memory"].thresholds
    )
    english = {row.check_id: row for row in measurement_rows(_results(), T, ENGLISH)}
    assert english["device.memory"].reason == _results()[0].reason
    assert tier_rows(T, translator("es"))[0].title == "Llamada solo de audio"
    assert tier_rows(T, ENGLISH)[0].title == "Audio-only call"


def test_the_spanish_staff_report_shows_spanish_reasons() -> None:
    document = replace(filled_document(3, locale="es"), check_results=_results())
    text = pdf_text(render_report(data_for(document, sample_outcome("es"), "es"), "staff"))
    assert "Esta computadora tiene 2,8 GB de memoria" in text
    assert "Sirve para: Llamada solo de audio." in text
    assert "Saved before messages, in English." in text
    assert "se guardan en inglés" not in text
    assert "This computer has" not in text
    english = pdf_text(render_report(data_for(document, sample_outcome("en"), "en"), "staff"))
    assert "This computer has 2.8 GB of memory" in english
