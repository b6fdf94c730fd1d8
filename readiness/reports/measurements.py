"""Device and connection results as report rows: values in words, thresholds with sources.

Each check's stored reason already names the threshold it hit, and is worded in the
report's language (``readiness.i18n.reason_text``: a result saved before reasons were
kept as messages shows its stored English text). The staff report also lists every
threshold that applies to the check (from the thresholds in force, built-in or the
agency's file), each with its source, and the connection tiers, so a reader can see
the whole yardstick, not only the line that was crossed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from readiness.i18n import reason_text, render
from readiness.messages import Message
from readiness.model import CheckResult, Measurement
from readiness.reports.data import MeasurementRow, TierRow
from readiness.reports.texts import Texts

if TYPE_CHECKING:
    from readiness.thresholds import Limit, Thresholds

CHECK_ORDER = (
    "device.os",
    "device.cpu",
    "device.memory",
    "device.disk",
    "device.battery",
    "device.network",
    "device.wifi",
    "device.display",
    "device.camera",
    "device.microphone",
    "device.speaker",
    "connection.bandwidth",
)
"""The order of the checks page; checks not listed follow, by id."""

SHOWN_VALUES = frozenset(
    {
        "total", "available", "free", "cores", "frequency", "load", "charge", "plugged_in",
        "time_left", "name", "version", "architecture", "download_mbps", "upload_mbps",
        "rtt_ms", "jitter_ms", "loss_pct", "width", "height", "backend",
    }
)  # fmt: skip
"""Values worth printing; internal ones (attempts, per-use verdicts, timings) are left out."""

_LIMITS: dict[str, tuple[tuple[str, ...], ...]] = {
    "device.cpu": (
        ("cpu", "minimum_frequency"),
        ("cpu", "recommended_frequency"),
        ("cpu", "recommended_cores"),
    ),
    "device.memory": (("memory", "minimum"), ("memory", "recommended"), ("memory", "group")),
    "device.disk": (("disk", "minimum_free"), ("disk", "recommended_free")),
    "device.battery": (("battery", "low_charge"), ("battery", "critical_charge")),
    "device.wifi": (("wifi", "good_signal_dbm"), ("wifi", "poor_signal_dbm")),
    "device.display": (("display", "minimum_width"), ("display", "minimum_height")),
    "device.camera": (("camera", "minimum_width"), ("camera", "minimum_height")),
    "device.microphone": (("microphone", "speech_peak"),),
}


def ordered(results: Iterable[CheckResult]) -> list[CheckResult]:
    """Results in the order the checks page shows them."""
    rank = {check_id: index for index, check_id in enumerate(CHECK_ORDER)}
    return sorted(results, key=lambda r: (rank.get(r.check_id, len(rank)), r.check_id))


def value_text(value: Measurement, t: Texts) -> str:
    """One measured value with its unit ("3.7 GB", "yes")."""
    raw = value.value
    if isinstance(raw, bool):
        return t("yes") if raw else t("no")
    if isinstance(raw, float):
        text = f"{raw:.2f}".rstrip("0").rstrip(".") if abs(raw) < 10 else f"{raw:.1f}"
        text = text.removesuffix(".0")
    else:
        text = str(raw)
    unit = value.unit
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


def values_text(result: CheckResult, t: Texts) -> str:
    """The check's values worth printing, as "label value" pairs, one per line."""
    parts = []
    for key, value in result.values.items():
        if key not in SHOWN_VALUES or value.value is None or value.value == "":
            continue
        label = t.get(f"value.{key}", key.replace("_", " "))
        parts.append(f"{label}: {value_text(value, t)}")
    return "\n".join(parts)


def threshold_lines(check_id: str, thresholds: Thresholds | None, t: Texts) -> tuple[str, ...]:
    """Every threshold that applies to ``check_id``, each with its source."""
    if thresholds is None:
        return ()
    device = thresholds.device
    if check_id == "device.os":
        os_limits = device.os
        return tuple(
            t(
                "threshold.line",
                limit=t("threshold.version", system=system, version=limit.version),
                source=limit.source,
            )
            for system, limit in (
                ("Windows", os_limits.windows_supported),
                ("macOS", os_limits.macos_supported),
            )
        )
    found = []
    for group, name in _LIMITS.get(check_id, ()):
        limit: Limit = getattr(getattr(device, group), name)
        found.append(t("threshold.line", limit=limit.describe(t.locale), source=limit.source))
    return tuple(found)


def measurement_rows(
    results: Sequence[CheckResult], thresholds: Thresholds | None, t: Texts
) -> tuple[MeasurementRow, ...]:
    """One row per check, in display order."""
    return tuple(
        MeasurementRow(
            check_id=result.check_id,
            title=t.get(f"check.{result.check_id}", result.check_id),
            status=result.status.value,
            status_text=t(f"check.{result.status.value}"),
            values=values_text(result, t),
            reason=reason_text(result, t.locale),
            thresholds=threshold_lines(result.check_id, thresholds, t),
            measured_at=result.measured_at,
            manual=result.source == "manual",
        )
        for result in ordered(results)
    )


def _figure(value: float | None, unit: str) -> str:
    return "–" if value is None else f"{value:g} {unit}"


def tier_rows(thresholds: Thresholds | None, locale: str = "en") -> tuple[TierRow, ...]:
    """The connection tiers in force, for the table under the measurements, titled in ``locale``."""
    if thresholds is None:
        return ()
    tiers = thresholds.connection
    return tuple(
        TierRow(
            title=render(Message(tier.title), locale),
            download=_figure(tier.download_mbps, "Mbit/s"),
            upload=_figure(tier.upload_mbps, "Mbit/s"),
            round_trip=_figure(tier.rtt_ms, "ms"),
            source=tier.source,
        )
        for tier in tiers.values()
    )
