"""The crash harness in its short form (20 kills), and a check that it can see a loss at all."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from readiness.store.database import open_database
from tests.crash.harness import Harness, run

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal"),
]

SHORT_FORM_KILLS = 20
SEED = 20260309


def test_twenty_kills_lose_no_confirmed_answer_and_leave_a_sound_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = run(SHORT_FORM_KILLS, seed=SEED, folder=tmp_path)
    with capsys.disabled():
        print(f"\n{report.summary()}")
    assert report.problems == []
    assert report.kills == SHORT_FORM_KILLS
    assert report.integrity_failures == 0
    assert report.lost_answers == 0
    # The run did what it is for: many answers confirmed, kills landing during saves.
    assert report.confirmed_answers >= 5 * SHORT_FORM_KILLS
    assert report.kills_during_save >= SHORT_FORM_KILLS // 2


def test_the_harness_reports_an_answer_that_went_missing(tmp_path: Path) -> None:
    """The control: if a confirmed answer disappears, the harness counts it as lost."""
    harness = Harness(tmp_path, seed=7)
    harness.run(2)
    assert harness.report.lost_answers == 0 and harness.report.confirmed_answers > 0
    db = open_database(harness.db_path, key=harness.key)
    row = db.execute(
        "SELECT assessment_id, questionnaire_id, item_id FROM answers LIMIT 1"
    ).fetchone()
    db.execute(
        "DELETE FROM answers WHERE assessment_id = ? AND questionnaire_id = ? AND item_id = ?",
        list(row),
    )
    db.conn.commit()
    db.close()
    assert harness._check(99)
    assert harness.report.lost_answers == 1
    assert harness.report.problems[-1].endswith("is missing")
