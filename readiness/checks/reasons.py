"""Building check results: plain-language reasons that cite their thresholds, and values with units.

Every device check ends with ``result(...)``; the wording helpers keep numbers and
citations in one style ("4 GB for 1:1 video calls (source: Microsoft Teams hardware
requirements)") so a peer specialist can read any reason aloud.
"""

from __future__ import annotations

from collections.abc import Mapping

from readiness.model import CheckResult, CheckStatus, MeasuredValue, Measurement, utc_now
from readiness.thresholds import Limit

GIB = 1024**3
"""Memory and disk sizes are shown in GB of 1024³ bytes, as Windows and most tools do."""


def gigabytes(byte_count: float) -> float:
    """Bytes as GB, rounded to one decimal."""
    return round(byte_count / GIB, 1)


def number(value: float) -> str:
    """A number without a needless ``.0`` (``4`` not ``4.0``; ``3.7`` stays)."""
    return f"{value:g}"


def cite(limit: Limit) -> str:
    """A threshold as read aloud: its amount, purpose and source."""
    return f"{limit.describe()} (source: {limit.source})"


def result(
    check_id: str,
    status: CheckStatus,
    reason: str,
    values: Mapping[str, Measurement | tuple[MeasuredValue, str]] | None = None,
) -> CheckResult:
    """A ``CheckResult`` measured now; values may be given as ``(value, unit)`` pairs."""
    measured: dict[str, Measurement] = {}
    for key, value in (values or {}).items():
        measured[key] = value if isinstance(value, Measurement) else Measurement(*value)
    return CheckResult(
        check_id=check_id,
        status=status,
        measured_at=utc_now(),
        reason=reason,
        values=measured,
    )


def unknown(check_id: str, reason: str) -> CheckResult:
    """An ``unknown`` result: the check could not tell."""
    return result(check_id, CheckStatus.UNKNOWN, reason)
