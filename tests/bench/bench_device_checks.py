"""Benchmark: run every device check five times on this computer and report the wall time.

Run with ``python -m tests.bench.bench_device_checks [--media]``. The goal is all
device checks together in under 3 s (the camera may take its own 3 s frame budget).
``--media`` adds the Qt probes (offscreen when there is no display).
"""

from __future__ import annotations

import argparse
import statistics
import time

from readiness.checks.base import Check
from readiness.checks.device import device_checks, run_checks
from readiness.model import CheckResult
from readiness.progress import CancelToken, no_progress
from readiness.thresholds import load_thresholds

GOAL_S = 3.0
ROUNDS = 5


def one_round(checks: list[Check]) -> tuple[float, dict[str, float]]:
    """Run every check once; the total wall time and when each result arrived."""
    started = time.monotonic()
    arrivals: dict[str, float] = {}

    def arrived(result: CheckResult) -> None:
        arrivals[result.check_id] = time.monotonic() - started

    run_checks(checks, no_progress, CancelToken(), on_result=arrived)
    return time.monotonic() - started, arrivals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--media", action="store_true", help="include the Qt media probes")
    args = parser.parse_args()
    thresholds = load_thresholds()
    media: list[Check] | None = None
    if args.media:
        from readiness_ui.probes.cli import cli_media_checks

        media = cli_media_checks(thresholds)
    times = []
    slowest: dict[str, float] = {}
    checks = device_checks(thresholds, media_checks=media)
    for _ in range(ROUNDS):
        elapsed, arrivals = one_round(checks)
        times.append(elapsed)
        for check_id, seconds in arrivals.items():
            slowest[check_id] = max(slowest.get(check_id, 0.0), seconds)
    median, worst = statistics.median(times), max(times)
    verdict = "meets" if worst < GOAL_S else "MISSES"
    print(f"{len(checks)} device checks, {ROUNDS} rounds")
    print(f"wall time: median {median:.2f} s, max {worst:.2f} s (goal < {GOAL_S:.0f} s: {verdict})")
    for check_id, seconds in sorted(slowest.items(), key=lambda item: -item[1])[:3]:
        print(f"  slowest: {check_id} {seconds:.2f} s")


if __name__ == "__main__":
    main()
