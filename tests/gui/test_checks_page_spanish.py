"""The checks page in Spanish: every reason is shown in Spanish, whether just measured or saved
earlier in English; a record saved before reasons were kept as messages shows its own text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from readiness.checks.device import device_checks
from readiness.i18n import translator
from readiness.model import CheckResult, CheckStatus, utc_now
from readiness.progress import CancelToken
from readiness.thresholds import load_thresholds
from readiness_ui.language import reason_text, set_language
from tests.core.device_fakes import fake_access, memory
from tests.gui.test_checks_page import FakeCheck, finish, make_page

pytestmark = pytest.mark.qt_log_ignore("PulseAudioService")


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def test_checks_run_in_spanish_show_spanish_reasons(qtbot: QtBot) -> None:
    set_language("es")
    checks = device_checks(load_thresholds(), fake_access(virtual_memory=lambda: memory(2.8, 2)))
    checks.append(FakeCheck("device.crash", error=RuntimeError("boom")))
    page, saved, runner = make_page(qtbot, checks)
    page.run()
    finish(qtbot, page, runner)
    assert len(saved) == len(checks)
    for outcome in saved:
        shown = page._rows[outcome.check_id].reason.text()
        assert outcome.reason_message is not None, outcome.check_id
        spanish = translator("es").render(outcome.reason_message)
        assert shown == spanish != outcome.reason  # the stored reason is English
    memory_row = page._rows["device.memory"].reason.text()
    assert memory_row.startswith("Esta computadora tiene 2,8 GB de memoria, menos de 4 GB")
    assert (
        page._rows["device.crash"].reason.text() == "La revisión no pudo terminar (RuntimeError)."
    )


def test_results_saved_in_english_read_in_spanish_later(qtbot: QtBot) -> None:
    checks = device_checks(load_thresholds(), fake_access())
    english = [check.run(lambda f, m: None, CancelToken()) for check in checks[:5]]
    old = CheckResult("device.wifi", CheckStatus.GOOD, utc_now(), "Saved before messages.")
    set_language("es")
    page, _saved, _runner = make_page(qtbot, checks)
    page.show_saved([*english, old])
    for outcome in english:
        shown = page._rows[outcome.check_id].reason.text()
        assert shown == reason_text(outcome) and shown != outcome.reason
    assert page._rows["device.os"].reason.text().startswith("Esta computadora usa Ubuntu 24.04 LTS")
    assert page._rows["device.wifi"].reason.text() == "Saved before messages."
