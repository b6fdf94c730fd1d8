"""Connection checks: download, upload, round trip, jitter and loss, with verdicts per use.

Public API (the page, the CLI and Settings use these; the rest is internal):

- ``ConnectionSettings`` - validated settings (backend order, agency server URL, ...)
- ``check_connection(settings, progress, cancel, on_sample)`` -> ``ConnectionResult``
- ``run_connection_test(backends, ...)`` for explicit backends (tests, benchmarks)
- ``evaluate(result, thresholds)`` -> verdicts per use; ``to_check_result`` /
  ``from_check_result`` to store and reload (``holds_figures`` for one that measured);
  ``manual_result`` for hand-entered figures
- ``result_to_json`` (the CLI's JSON) and ``describe_age`` (the last result's age)

Backends: ``librespeed`` (an agency's own LibreSpeed server, found from whatever
address form was typed: ``discovery``), ``speedtest`` (speedtest-cli, imported only
when used) and the latency probe (a 400-probe train for round trip, jitter and loss
with its interval: ``probe_train``, ``loss``). Each backend stands on its own: its
preflight, then its test; the next is contacted only when it failed. Speeds from
every backend are on one scale, the estimated line rate (``readiness.model.SpeedScale``).
"""

from readiness.checks.connection.model import (
    Attempt,
    ConnectionResult,
    ConnectionStatus,
    Phase,
    SampleSink,
    SpeedSample,
)
from readiness.checks.connection.records import (
    CHECK_ID,
    describe_age,
    figures_message,
    from_check_result,
    holds_figures,
    manual_result,
    result_to_json,
    to_check_result,
)
from readiness.checks.connection.runner import (
    backends_from_settings,
    check_connection,
    describe_sample,
    run_connection_test,
)
from readiness.checks.connection.settings import AUTO, BACKENDS, ConnectionSettings
from readiness.checks.connection.verdicts import Level, UseVerdict, evaluate, summary_message

__all__ = [
    "AUTO",
    "BACKENDS",
    "CHECK_ID",
    "Attempt",
    "ConnectionResult",
    "ConnectionSettings",
    "ConnectionStatus",
    "Level",
    "Phase",
    "SampleSink",
    "SpeedSample",
    "UseVerdict",
    "backends_from_settings",
    "check_connection",
    "describe_age",
    "describe_sample",
    "evaluate",
    "figures_message",
    "from_check_result",
    "holds_figures",
    "manual_result",
    "result_to_json",
    "run_connection_test",
    "summary_message",
    "to_check_result",
]
