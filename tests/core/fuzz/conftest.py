"""The fuzz harness prints its counts (tried, refused, accepted as valid) after the run."""

from __future__ import annotations

import pytest

from tests.core.fuzz.tally import LIMIT, PROFILE, TALLIES, summary


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLIES:
        return
    terminalreporter.section(f"fuzz harness ({PROFILE} profile; no case over {LIMIT:g} s)")
    for line in summary():
        terminalreporter.write_line(line)
