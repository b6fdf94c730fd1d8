"""Building check results: plain-language reasons that cite their thresholds, and values with units.

Every device check ends with ``result(...)``; the wording helpers keep numbers and
citations in one style ("4 GB for 1:1 video calls (source: Microsoft Teams hardware
requirements)") so a peer specialist can read any reason aloud.

A reason is built as a ``Message`` (``M_`` from ``readiness.messages``), never as
finished text: ``result`` keeps the message with the result (``reason_message``) and
its English rendering in ``reason``, so the checks page, the results and the reports
can show it in whichever language is chosen when they are read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from readiness.messages import M_, Message, english
from readiness.model import CheckResult, CheckStatus, MeasuredValue, Measurement, utc_now

if TYPE_CHECKING:  # pydantic loads only when thresholds are really read
    from readiness.thresholds import Limit

GIB = 1024**3
"""Memory and disk sizes are shown in GB of 1024³ bytes, as Windows and most tools do."""


def gigabytes(byte_count: float) -> float:
    """Bytes as GB, rounded to one decimal."""
    return round(byte_count / GIB, 1)


def number(value: float) -> str:
    """A number without a needless ``.0`` (``4`` not ``4.0``; ``3.7`` stays)."""
    return f"{value:g}"


def cite(limit: Limit) -> Message:
    """A threshold as read aloud: its amount, purpose and source."""
    from readiness.thresholds import source_message

    return M_(
        "{limit} (source: {source})", limit=limit.message(), source=source_message(limit.source)
    )


def explained(
    check_id: str,
    status: CheckStatus,
    reason: Message,
    values: Mapping[str, Measurement] | None = None,
    *,
    measured_at: datetime | None = None,
    source: str = "measured",
) -> CheckResult:
    """A ``CheckResult`` whose reason is kept as a message (and in English in ``reason``)."""
    return CheckResult(
        check_id=check_id,
        status=status,
        measured_at=measured_at or utc_now(),
        reason=english(reason),
        values=dict(values or {}),
        source=source,
        reason_message=reason,
    )


def result(
    check_id: str,
    status: CheckStatus,
    reason: Message,
    values: Mapping[str, Measurement | tuple[MeasuredValue, str]] | None = None,
) -> CheckResult:
    """A ``CheckResult`` measured now; values may be given as ``(value, unit)`` pairs."""
    measured: dict[str, Measurement] = {}
    for key, value in (values or {}).items():
        measured[key] = value if isinstance(value, Measurement) else Measurement(*value)
    return explained(check_id, status, reason, measured)


def unknown(check_id: str, reason: Message) -> CheckResult:
    """An ``unknown`` result: the check could not tell."""
    return result(check_id, CheckStatus.UNKNOWN, reason)
