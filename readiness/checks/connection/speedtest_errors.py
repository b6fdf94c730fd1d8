"""Every way a speedtest-cli run can end, mapped to a connection status and a plain reason.

speedtest-cli raises its own exceptions (often wrapping a urllib error), swallows
some failures inside its download and upload threads, and can be stopped by our
deadline or cancel. The hooks handler saw the HTTP statuses and cut-off reads, so
even swallowed failures are reported.
"""

from __future__ import annotations

import http.client
import urllib.error

from readiness.checks.connection.failures import (
    MINI_SERVER,
    SPEEDTEST_NET,
    Failure,
    ServerLabel,
    classify_error,
    classify_status,
)
from readiness.checks.connection.model import ConnectionStatus
from readiness.checks.connection.speedtest_hooks import SpeedtestHooks
from readiness.checks.connection.speedtest_module import speedtest
from readiness.concurrency import Outcome
from readiness.messages import M_, MN_, N_, Message

WHAT = SPEEDTEST_NET


def _network(exc: BaseException, what: ServerLabel) -> Failure:
    """A status for a urllib / socket error, unwrapping ``URLError.reason``."""
    if isinstance(exc, urllib.error.HTTPError):
        return classify_status(exc.code, what) or (
            ConnectionStatus.ERROR,
            M_("{what} answered HTTP {code}.", what=what.start, code=str(exc.code)),
        )
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        return classify_error(exc.reason, what)
    if isinstance(exc, urllib.error.URLError):
        return ConnectionStatus.ERROR, M_(
            "Reaching {what} failed ({error}).", what=what.inside, error=str(exc.reason)
        )
    return classify_error(exc, what)


def _captive(what: ServerLabel) -> Failure:
    return ConnectionStatus.CAPTIVE_PORTAL, M_(
        "{what} sent something other than its settings (often a Wi-Fi sign-in page): "
        "the network probably needs a sign-in first.",
        what=what.start,
    )


def _exception(error: BaseException, stage: str, hooks: SpeedtestHooks) -> Failure:
    mini = MINI_SERVER
    if isinstance(error, speedtest.SpeedtestHTTPError):  # config or server list not fetched
        inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else None
        if inner is not None:
            return _network(inner, WHAT)
        return ConnectionStatus.ERROR, M_("{what} could not be reached.", what=WHAT.start)
    if isinstance(error, speedtest.SpeedtestConfigError | speedtest.SpeedtestServersError):
        return _captive(WHAT)
    if isinstance(error, speedtest.SpeedtestBestServerFailure | speedtest.NoMatchedServers):
        return ConnectionStatus.NO_SERVERS, M_(
            "No speed-test server answered; speedtest.net may be blocked on this network."
        )
    if isinstance(error, speedtest.SpeedtestMiniConnectFailure):
        code = hooks.statuses.get("mini", 0)
        refused = classify_status(code, mini) if code else None
        return refused or (
            ConnectionStatus.OFFLINE,
            M_("{what} could not be reached.", what=mini.start),
        )
    if isinstance(error, speedtest.InvalidSpeedtestMiniServer):
        if "upload" in hooks.html_seen or ("mini" in hooks.html_seen and not hooks.statuses):
            return _captive(mini)
        return ConnectionStatus.NO_SERVERS, M_(
            "{what} is not a Speedtest Mini server.", what=mini.start
        )
    if isinstance(error, speedtest.SpeedtestException):
        detail = str(error).rstrip(".") or type(error).__name__
        return ConnectionStatus.ERROR, M_(
            "The speedtest-cli program stopped ({error}).", error=detail
        )
    if isinstance(error, OSError | http.client.HTTPException):
        return _network(error, WHAT)
    if stage == "config":  # a page that parsed as XML but is not speedtest.net's settings
        return _captive(WHAT)
    return ConnectionStatus.ERROR, M_(
        "The speedtest-cli program failed ({error}).", error=type(error).__name__
    )


def classify_speedtest_error(
    *,
    outcome: Outcome,
    error: BaseException | None,
    stage: str,
    hooks: SpeedtestHooks,
    measured: tuple[float | None, float | None],
) -> Failure:
    """How a speedtest-cli run ended: ``stage`` is where it got to, ``measured`` its speeds."""
    has_figures = any(value is not None for value in measured)
    if outcome is Outcome.CANCELLED:
        return ConnectionStatus.CANCELLED, M_("The test was cancelled.")
    if outcome is Outcome.DEADLINE:
        if has_figures or hooks.downloaded:
            return ConnectionStatus.PARTIAL, M_(
                "The test reached its time limit; the figures cover the part that finished."
            )
        return ConnectionStatus.TIMEOUT, M_(
            "{what} did not finish in time (stopped while {stage}).",
            what=WHAT.start,
            stage=_stage_words(stage),
        )
    if error is not None:
        return _exception(error, stage, hooks)
    download_code = hooks.statuses.get("download", 200)
    if not has_figures:
        refused = classify_status(download_code, WHAT)
        if refused:
            return refused
        if "download" in hooks.html_seen:
            return _captive(WHAT)
        return ConnectionStatus.ERROR, M_("No test data arrived from the server.")
    if hooks.interruptions or None in measured:
        return ConnectionStatus.PARTIAL, MN_(
            "The connection was cut off {count} time during the test; the figures cover the "
            "part that worked.",
            "The connection was cut off {count} times during the test; the figures cover the "
            "part that worked.",
            count=hooks.interruptions,
        )
    return ConnectionStatus.OK, M_("Measured with speedtest-cli.")


_STAGE_WORDS = {
    "config": N_("fetching its settings"),
    "servers": N_("choosing a server"),
    "ping": N_("measuring the round trip"),
    "download": N_("testing download"),
    "upload": N_("testing upload"),
}


def _stage_words(stage: str) -> Message | str:
    return Message(_STAGE_WORDS[stage]) if stage in _STAGE_WORDS else stage
