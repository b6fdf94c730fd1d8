"""The fuzz harness's bookkeeping: each door's cases tried, refused and accepted, and the
slowest; every case must end within ``LIMIT`` seconds.

``READINESS_FUZZ=long`` runs ``LONG`` times the cases (the long profile, for a night
run; CI runs the short one). ``conftest.py`` prints the counts after the run.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from hypothesis import HealthCheck, settings

from readiness.model import LINE_BREAKS, REFUSED_CHARACTERS

LIMIT = 5.0
"""Seconds one case may take, refused or accepted."""
LONG = 25
PROFILE = "long" if os.environ.get("READINESS_FUZZ") == "long" else "ci"

T = TypeVar("T")


def profile(count: int) -> settings:
    """Hypothesis settings for a test of ``count`` cases in the short profile: the same
    cases every run (derandomized), so CI is steady; the long profile runs ``LONG``
    times as many, new ones each run."""
    long = PROFILE == "long"
    return settings(
        max_examples=count * (LONG if long else 1),
        derandomize=not long,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


_NOT_PLAIN = re.compile(f"[{REFUSED_CHARACTERS}{LINE_BREAKS}]")


def plain_line(text: str) -> bool:
    """Whether ``text`` shows as written: one line, with no escape code (a terminal would
    obey it) and no text-direction change (it would reorder the line)."""
    return _NOT_PLAIN.search(text) is None


@dataclass
class Tally:
    tried: int = 0
    refused: int = 0
    accepted: int = 0
    slowest: float = 0.0


TALLIES: dict[str, Tally] = {}


def attempt(
    door: str, call: Callable[[], T], refusals: tuple[type[BaseException], ...]
) -> T | None:
    """Run one case through ``door``: its result, or None when it was refused with one of
    ``refusals``, whose message must be one plain line (``plain_line``). Anything else
    raised fails the test (a traceback the user would see); so does a case over ``LIMIT``
    seconds."""
    tally = TALLIES.setdefault(door, Tally())
    tally.tried += 1
    started = time.monotonic()
    try:
        result = call()
    except refusals as refusal:
        tally.refused += 1
        assert plain_line(str(refusal)), f"{door}: not one plain line: {str(refusal)[:300]!r}"
        return None
    finally:
        elapsed = time.monotonic() - started
        tally.slowest = max(tally.slowest, elapsed)
        assert elapsed < LIMIT, f"{door}: one case took {elapsed:.1f} s"
    tally.accepted += 1
    return result


def recount(door: str, *, accepted: bool) -> None:
    """Move the last case of ``door`` counted as accepted to refused (for doors that
    report problems instead of raising)."""
    if not accepted:
        tally = TALLIES[door]
        tally.accepted -= 1
        tally.refused += 1


def summary() -> list[str]:
    """One line per door and one for all of them."""
    lines = []
    total = Tally()
    for door, tally in sorted(TALLIES.items()):
        lines.append(
            f"{door:<28} tried {tally.tried:>6}  refused {tally.refused:>6}  "
            f"accepted {tally.accepted:>6}  slowest {tally.slowest:.2f} s"
        )
        total.tried += tally.tried
        total.refused += tally.refused
        total.accepted += tally.accepted
        total.slowest = max(total.slowest, tally.slowest)
    lines.append(
        f"{'all doors':<28} tried {total.tried:>6}  refused {total.refused:>6}  "
        f"accepted {total.accepted:>6}  slowest {total.slowest:.2f} s"
    )
    return lines
