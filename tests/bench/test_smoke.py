"""The benchmarks still run: each module imports, and the cheap parts run at tiny sizes.

Benchmarks are scripts, not tests; this only keeps them from rotting between runs (a
few seconds: a 40-assessment encrypted database in a temporary cache, one start of the
app per marker mode).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from tests.bench import databases
from tests.bench.timing import Row, interleaved, print_table, run_with_markers

BENCHES = (
    "bench_assess",
    "bench_backup",
    "bench_device_checks",
    "bench_exports",
    "bench_frozen",
    "bench_integrity",
    "bench_local_validation",
    "bench_reports",
    "bench_start",
    "bench_store_and_start",
    "run_all",
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("READINESS_BENCH_CACHE", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("name", BENCHES)
def test_each_benchmark_imports(name: str) -> None:
    module = importlib.import_module(f"tests.bench.{name}")
    assert module.__doc__ and callable(module.main)


def test_rows_say_whether_the_goal_is_met(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        Row("ratio met", 1.2, 1.0, goal_ratio=1.3),
        Row("ratio missed", 1.4, 1.0, goal_ratio=1.3),
        Row("absolute", 0.9, 2.0, goal_absolute=1.0),
        Row("no goal", 3.0, 1.0),
    ]
    assert [row.met for row in rows] == [True, False, True, None]
    print_table(rows)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].rstrip().endswith("yes") and lines[2].rstrip().endswith("NO")


def test_interleaved_runs_each_measure_once_per_round_in_turn() -> None:
    order: list[str] = []
    samples = interleaved(
        {"a": lambda: order.append("a") or 1.0, "b": lambda: order.append("b") or 2.0},
        3,
        warm_up=False,
    )
    assert order == ["a", "b"] * 3 and samples == {"a": [1.0] * 3, "b": [2.0] * 3}


def test_the_databases_are_encrypted_and_opened_with_the_passphrase(cache: Path) -> None:
    from readiness.store.database import open_database
    from readiness.store.keys import is_encrypted
    from readiness.store.listing import AssessmentListing

    path = databases.answers_database(40, answers_per=2)
    assert path.parent == cache / "readiness-bench" and is_encrypted(path)
    assert databases.answers_database(40, answers_per=2) == path  # kept, not filled again
    db = open_database(path, key=databases.bench_key())
    assert AssessmentListing(db).count() == 40
    db.close()
    assert databases.passphrase_file().read_text("utf-8").strip() == databases.PASSPHRASE


def test_the_app_prints_the_markers_the_start_benchmark_reads(cache: Path) -> None:
    from tests.bench.bench_start import Start

    start = Start(databases.answers_database(40, answers_per=2), "offscreen", None)
    command = [sys.executable, "-m", "readiness_ui", "--db", str(start.db)]
    quit_ = run_with_markers(command, {**start.env, "READINESS_BENCH_STARTUP": "1"})
    assert list(quit_.wall) == ["shown", "ready"]
    assert 0 < quit_.cpu["shown"] < quit_.cpu["ready"]
    closed = run_with_markers(command, {**start.env, "READINESS_BENCH_STARTUP": "close"})
    assert list(closed.wall) == ["shown", "ready", "closing"]
    assert start.idle_memory(app=True, settle=0) > start.idle_memory(app=False, settle=0) > 0


def test_the_assess_floor_reads_the_rules_fact_tests() -> None:
    from tests.bench.bench_assess import engine_rows

    [row] = engine_rows(rounds=1, documents=2)
    assert row.unit == "ms" and row.now > 0 and row.floor > 0
    assert "fact tests" in row.floor_name
