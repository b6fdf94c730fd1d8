"""The ``Check`` protocol shared by device checks, connection checks and the UI's media probes.

A check is anything with an ``id``, a ``title`` and a ``run(progress, cancel)`` that
returns a ``CheckResult``. Qt-based probes (camera, microphone, speaker) live in
``ui/`` and implement the same protocol, so the core can run and store them without
importing Qt. ``run_safely`` turns any exception into an ``unknown`` result with the
reason, so one failing check never stops the others.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from readiness.checks.reasons import explained
from readiness.messages import M_
from readiness.model import CheckResult, CheckStatus
from readiness.progress import Cancelled, CancelToken, Progress


@runtime_checkable
class Check(Protocol):
    """One check: a stable id (e.g. ``device.memory``), a short title and a ``run`` method."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    def run(self, progress: Progress, cancel: CancelToken) -> CheckResult: ...


def run_safely(check: Check, progress: Progress, cancel: CancelToken) -> CheckResult:
    """Run ``check``; a crash, a denied permission or a cancel becomes an ``unknown`` result."""
    try:
        return check.run(progress, cancel)
    except Cancelled:
        reason = M_("The check was cancelled before it finished.")
    except PermissionError:
        reason = M_("The check could not run because the computer refused permission.")
    except Exception as exc:  # a faulty check must not stop the others
        return crashed(check.id, exc)
    return explained(check.id, CheckStatus.UNKNOWN, reason)


def crashed(check_id: str, error: BaseException) -> CheckResult:
    """The ``unknown`` result of a check that failed with ``error`` (only its type is named)."""
    return explained(
        check_id,
        CheckStatus.UNKNOWN,
        M_("The check could not finish ({error}).", error=type(error).__name__),
    )
