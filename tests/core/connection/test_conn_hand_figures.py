"""Figures typed by hand may be partial (a figure not entered is None, never 0), and the
person's last result is the last one with figures: a test that could not measure never
hides the one measured before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.checks.connection import (
    CHECK_ID,
    ConnectionResult,
    ConnectionStatus,
    evaluate,
    from_check_result,
    holds_figures,
    manual_result,
    to_check_result,
)
from readiness.errors import ReadinessError
from readiness.i18n import ENGLISH
from readiness.model import CheckStatus
from readiness.session.records import Records
from readiness.store.database import open_memory_database
from readiness.thresholds import load_thresholds

THRESHOLDS = load_thresholds()
NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
FIGURES = ("download_mbps", "upload_mbps", "rtt_ms", "jitter_ms", "loss_pct")


@given(st.dictionaries(st.sampled_from(FIGURES), st.floats(min_value=0, max_value=100), min_size=1))
def test_only_the_figures_entered_are_stored_the_rest_stay_not_entered(
    entered: dict[str, float],
) -> None:
    result = manual_result(**entered)  # type: ignore[arg-type]
    stored = from_check_result(to_check_result(result, evaluate(result, THRESHOLDS, ENGLISH)))
    for key in FIGURES:
        assert getattr(stored, key) == entered.get(key)  # None when not entered, never 0


def test_one_figure_alone_cannot_say_there_is_no_connection() -> None:
    result = manual_result(upload_mbps=7.5)
    assert (
        to_check_result(result, evaluate(result, THRESHOLDS, ENGLISH)).status is CheckStatus.UNKNOWN
    )
    slow = manual_result(download_mbps=0.05, upload_mbps=0.05)
    assert to_check_result(slow, evaluate(slow, THRESHOLDS, ENGLISH)).status is CheckStatus.MISSING


def test_no_figure_at_all_is_refused() -> None:
    with pytest.raises(ReadinessError, match="at least one figure"):
        manual_result(note="phone app")


def offline(at: datetime) -> ConnectionResult:
    return ConnectionResult(ConnectionStatus.OFFLINE, at, 0.1, "Offline.")


def test_the_last_result_with_figures_is_not_hidden_by_later_failed_tests() -> None:
    records = Records(open_memory_database(), actor=lambda: "SET", clock=lambda: NOON)
    measured = ConnectionResult(
        ConnectionStatus.OK, NOON, 9.0, "Measured.", download_mbps=20, upload_mbps=4
    )
    first = records.start_intake("AB12-0042")
    first.save_check_result(to_check_result(measured, evaluate(measured, THRESHOLDS, ENGLISH)))
    second = records.start_intake("AB12-0042")
    failed = offline(NOON + timedelta(days=2))
    second.save_check_result(to_check_result(failed, evaluate(failed, THRESHOLDS, ENGLISH)))
    newest = second.last_measured(CHECK_ID)
    assert newest is not None and not holds_figures(newest)  # what a plain "newest" gives
    found = second.last_measured(CHECK_ID, accept=holds_figures)
    assert found is not None and holds_figures(found)
    assert from_check_result(found).download_mbps == 20
