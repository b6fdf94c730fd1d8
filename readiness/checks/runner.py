"""Runs a list of checks concurrently, each with its own deadline, headless.

Used by the CLI and by anything else that wants all results at once (the checks
page instead starts each check as its own task). Every check runs through
``run_safely`` on ``readiness.concurrency.run_all``: a crash, a refused permission or
a cancel becomes an ``unknown`` result, and a check that overruns its deadline is
reported ``unknown`` and abandoned (it is told to stop through its own cancel token,
and it can never keep the program from exiting). The other checks still run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from readiness.checks.base import Check, crashed, run_safely
from readiness.checks.reasons import unknown
from readiness.concurrency import Deadline, Outcome, Settled, run_all
from readiness.messages import M_, MN_, Message
from readiness.model import CheckResult
from readiness.progress import CancelToken, Progress

DEFAULT_TIMEOUT_S = 2.5
"""Deadline for one check that does not set its own ``timeout_s`` (all checks finish in < 3 s)."""


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
    tokens = [CancelToken() for _ in checks]
    timeouts = [check_timeout(check, default_timeout_s) for check in checks]
    results: dict[int, CheckResult] = {}

    def report(fraction: float | None, message: Message) -> None:  # noqa: ARG001
        progress(None, message)

    def accept(index: int, settled: Settled[CheckResult]) -> None:
        check = checks[index]
        if settled.outcome is not Outcome.DONE:
            tokens[index].cancel()  # an abandoned check is told to stop
        results[index] = _result(check, settled, timeouts[index])
        if on_result is not None:
            on_result(results[index])
        done = MN_(
            "{done} of {count} check done",
            "{done} of {count} checks done",
            done=len(results),
            count=len(checks),
        )
        progress(len(results) / len(checks), done)

    progress(0.0 if checks else 1.0, M_("Checking this computer"))
    run_all(
        [partial(run_safely, check, report, tokens[index]) for index, check in enumerate(checks)],
        [Deadline(seconds) for seconds in timeouts],
        cancel,
        on_settled=accept,
        name="readiness-check",
    )
    return [results[index] for index in range(len(checks))]


def _result(check: Check, settled: Settled[CheckResult], timeout_s: float) -> CheckResult:
    if settled.outcome is Outcome.CANCELLED:
        return cancelled(check)
    if settled.outcome is Outcome.DEADLINE:
        return timed_out(check, timeout_s)
    if settled.error is not None:  # run_safely lets only BaseExceptions through
        return crashed(check.id, settled.error)
    return settled.result()
