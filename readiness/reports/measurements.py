"""Device and connection results as report rows: values in words, thresholds with sources.

Each check's stored reason already names the threshold it hit, and is worded in the
report's language (``Translator.reason``: a result saved before reasons were kept as
messages shows its stored English text). The staff report also lists every
threshold that applies to the check (from the thresholds in force, built-in or the
agency's file), each with its source, and the connection tiers, so a reader can see
the whole yardstick, not only the line that was crossed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from readiness.i18n import Translator
from readiness.messages import M_, MP_, Message
from readiness.model import CheckResult, Measurement
from readiness.reports.data import MeasurementRow, TierRow

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

CHECK_TITLES = {
    "device.os": M_("Operating system"),
    "device.cpu": M_("Processor"),
    "device.memory": M_("Memory"),
    "device.disk": M_("Disk space"),
    "device.battery": M_("Battery"),
    "device.network": M_("Network connection"),
    "device.wifi": MP_("report", "Wi-Fi signal"),
    "device.display": M_("Display"),
    "device.camera": M_("Camera"),
    "device.microphone": M_("Microphone"),
    "device.speaker": M_("Speaker"),
    "connection.bandwidth": M_("Internet speed"),
}
"""Each check's name in the report (a check not listed is named by its id)."""

STATUS_TEXTS = {
    "good": M_("Good"),
    "limited": M_("Limited"),
    "missing": M_("Missing"),
    "unknown": MP_("report", "Unknown"),
}
"""A check's result in words."""

VALUE_LABELS = {
    "total": M_("total"),
    "available": M_("free now"),
    "free": M_("free"),
    "cores": M_("cores"),
    "frequency": M_("speed"),
    "load": M_("busy"),
    "charge": M_("charge"),
    "plugged_in": M_("plugged in"),
    "time_left": M_("time left"),
    "name": M_("name"),
    "version": M_("version"),
    "architecture": M_("type"),
    "download_mbps": MP_("report", "download"),
    "upload_mbps": M_("upload"),
    "rtt_ms": M_("round trip"),
    "jitter_ms": M_("jitter"),
    "loss_pct": M_("loss"),
    "backend": M_("test"),
    "width": M_("width"),
    "height": M_("height"),
}
"""The values worth printing, and what each is called; internal ones (attempts, per-use
verdicts, timings) are left out."""

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


def value_text(value: Measurement, t: Translator) -> str:
    """One measured value with its unit ("3.7 GB", "yes")."""
    raw = value.value
    if isinstance(raw, bool):
        return t.gettext("yes") if raw else t.gettext("no")
    if isinstance(raw, float):
        text = f"{raw:.2f}".rstrip("0").rstrip(".") if abs(raw) < 10 else f"{raw:.1f}"
        text = text.removesuffix(".0")
    else:
        text = str(raw)
    unit = value.unit
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


def values_text(result: CheckResult, t: Translator) -> str:
    """The check's values worth printing, as "label value" pairs, one per line."""
    parts = []
    for key, value in result.values.items():
        if key not in VALUE_LABELS or value.value is None or value.value == "":
            continue
        label = t.render(VALUE_LABELS[key])
        parts.append(f"{label}: {value_text(value, t)}")
    return "\n".join(parts)


def threshold_lines(check_id: str, thresholds: Thresholds | None, t: Translator) -> tuple[str, ...]:
    """Every threshold that applies to ``check_id``, each with its source."""
    if thresholds is None:
        return ()
    device = thresholds.device
    found: list[Message] = []
    if check_id == "device.os":
        os_limits = device.os
        for system, version in (
            ("Windows", os_limits.windows_supported),
            ("macOS", os_limits.macos_supported),
        ):
            named = M_("{system} {version} or later", system=system, version=version.version)
            found.append(_threshold_line(named, version.source))
    for group, name in _LIMITS.get(check_id, ()):
        limit: Limit = getattr(getattr(device, group), name)
        found.append(_threshold_line(limit.message(), limit.source))
    return tuple(t.render(line) for line in found)


def _threshold_line(limit: Message, source: str) -> Message:
    from readiness.thresholds import source_message

    return M_("Threshold: {limit} (source: {source})", limit=limit, source=source_message(source))


def measurement_rows(
    results: Sequence[CheckResult], thresholds: Thresholds | None, t: Translator
) -> tuple[MeasurementRow, ...]:
    """One row per check, in display order."""
    return tuple(
        MeasurementRow(
            check_id=result.check_id,
            title=(
                t.render(CHECK_TITLES[result.check_id])
                if result.check_id in CHECK_TITLES
                else result.check_id
            ),
            status=result.status.value,
            status_text=t.render(STATUS_TEXTS[result.status.value]),
            values=values_text(result, t),
            reason=t.reason(result),
            thresholds=threshold_lines(result.check_id, thresholds, t),
            measured_at=result.measured_at,
            manual=result.source == "manual",
        )
        for result in ordered(results)
    )


def _figure(value: float | None, unit: str) -> str:
    return "–" if value is None else f"{value:g} {unit}"


def tier_rows(thresholds: Thresholds | None, t: Translator) -> tuple[TierRow, ...]:
    """The connection tiers in force, for the table under the measurements, titled in ``t``'s
    language."""
    if thresholds is None:
        return ()
    tiers = thresholds.connection
    return tuple(
        TierRow(
            title=t.gettext(tier.title),
            download=_figure(tier.download_mbps, "Mbit/s"),
            upload=_figure(tier.upload_mbps, "Mbit/s"),
            round_trip=_figure(tier.rtt_ms, "ms"),
            source=tier.source,
        )
        for tier in tiers.values()
    )
