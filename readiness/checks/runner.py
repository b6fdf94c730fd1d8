"""Runs a list of checks concurrently, each with its own deadline, headless.

Used by the CLI and by anything else that wants all results at once (the checks
page instead starts each check as its own task). Every check runs on a daemon
thread through ``run_safely``: a crash, a refused permission or a cancel becomes an
``unknown`` result, and a check that overruns its deadline is reported ``unknown``
and abandoned (its thread is told to stop through its own cancel token, and being a
daemon it can never keep the program from exiting). The other checks still run.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence

from readiness.checks.base import Check, run_safely
from readiness.checks.reasons import unknown
from readiness.i18n import M_
from readiness.model import CheckResult
from readiness.progress import CancelToken, Progress

DEFAULT_TIMEOUT_S = 2.5
"""Deadline for one check that does not set its own ``timeout_s`` (all checks finish in < 3 s)."""

_POLL_S = 0.05


def check_timeout(check: Check, default: float = DEFAULT_TIMEOUT_S) -> float:
    """The deadline a check asks for (``timeout_s`` attribute) or the default."""
    value = getattr(check, "timeout_s", default)
    return float(value) if isinstance(value, int | float) and value > 0 else default


def timed_out(check: Check, seconds: float) -> CheckResult:
    """The result for a check that did not finish within ``seconds``."""
    return unknown(
        check.id,
        M_("The check took longer than {seconds} seconds and was stopped.", seconds=seconds),
    )


def cancelled(check: Check) -> CheckResult:
    """The result for a check that was cancelled before it finished."""
    return unknown(check.id, M_("The check was cancelled before it finished."))


def run_checks(
    checks: Sequence[Check],
    progress: Progress,
    cancel: CancelToken,
    *,
    on_result: Callable[[CheckResult], None] | None = None,
    default_timeout_s: float = DEFAULT_TIMEOUT_S,
) -> list[CheckResult]:
    """Run ``checks`` at the same time; return one result per check, in the given order.

    ``on_result`` is called (on the calling thread) with each result as it arrives,
    timed-out and cancelled ones included. ``progress`` gets the fraction done.
    """
    done: queue.Queue[tuple[int, CheckResult]] = queue.Queue()
    tokens = [CancelToken() for _ in checks]
    started = time.monotonic()
    deadlines = [started + check_timeout(c, default_timeout_s) for c in checks]

    def work(index: int, check: Check) -> None:
        def report(fraction: float | None, message: str) -> None:  # noqa: ARG001
            progress(None, message)

        done.put((index, run_safely(check, report, tokens[index])))

    for index, check in enumerate(checks):
        threading.Thread(
            target=work, args=(index, check), name=f"check {check.id}", daemon=True
        ).start()

    results: dict[int, CheckResult] = {}

    def accept(index: int, outcome: CheckResult) -> None:
        results[index] = outcome
        if on_result is not None:
            on_result(outcome)
        progress(len(results) / len(checks), f"{len(results)} of {len(checks)} checks done")

    progress(0.0 if checks else 1.0, "Checking this computer")
    while len(results) < len(checks):
        arrived: list[tuple[int, CheckResult]] = []
        try:
            arrived.append(done.get(timeout=_POLL_S))
            while True:  # take everything that has arrived before looking at deadlines
                arrived.append(done.get_nowait())
        except queue.Empty:
            pass
        for index, outcome in arrived:
            if index not in results:
                accept(index, outcome)
        now = time.monotonic()
        for index, check in enumerate(checks):
            if index in results:
                continue
            if cancel.cancelled:
                tokens[index].cancel()
                accept(index, cancelled(check))
            elif now >= deadlines[index]:
                tokens[index].cancel()
                accept(index, timed_out(check, deadlines[index] - started))
    return [results[index] for index in range(len(checks))]
