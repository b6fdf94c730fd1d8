"""Connection results as stored facts: to and from ``CheckResult``, hand-entered figures,
the CLI's JSON shape, and the age of the last result.

A connection test is stored with its assessment as one ``CheckResult`` with
check id ``connection.bandwidth``: status from the verdicts, one readable reason,
every figure as a ``Measurement`` with its unit, and ``source="manual"`` when a
worker typed the figures in from another test. ``speed_scale`` says how the speeds
are counted, and ``loss_low_pct``/``loss_high_pct``/``loss_probes`` how sure the loss
figure is. Results stored before these existed read back without them (scale None,
no loss interval).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, Any

from readiness.checks.connection.loss import CONFIDENCE as LOSS_CONFIDENCE
from readiness.checks.connection.model import ConnectionResult, ConnectionStatus
from readiness.checks.connection.verdicts import Level, UseVerdict, mbps_amount, summary_message
from readiness.checks.reasons import explained
from readiness.errors import ReadinessError
from readiness.messages import M_, MN_, Message, english, joined
from readiness.model import CheckResult, CheckStatus, Measurement, SpeedScale, utc_now

if TYPE_CHECKING:
    from readiness.i18n import Translator

CHECK_ID = "connection.bandwidth"
GOOD_USE = "video_recommended"
"""The tier that makes a connection "good": the recommended one, not the minimum,
leaves headroom for other people and Wi-Fi on the same line (research §6.2)."""
LIMITED_USE = "audio_call"

_FIGURES = (
    ("download_mbps", "Mbit/s"),
    ("upload_mbps", "Mbit/s"),
    ("rtt_ms", "ms"),
    ("jitter_ms", "ms"),
    ("loss_pct", "%"),
)


def check_status(result: ConnectionResult, verdicts: tuple[UseVerdict, ...]) -> CheckStatus:
    """good: recommended 1:1 video works; limited: at least audio; missing: offline or less;
    unknown: the test failed otherwise, or the figures cannot tell (one of them missing)."""
    if not result.status.measured:
        offline = result.status is ConnectionStatus.OFFLINE
        return CheckStatus.MISSING if offline else CheckStatus.UNKNOWN
    levels = {v.use_id: v.level for v in verdicts}
    if levels.get(GOOD_USE) is Level.READY:
        return CheckStatus.GOOD
    if levels.get(LIMITED_USE) in (Level.READY, Level.DEGRADED):
        return CheckStatus.LIMITED
    if levels.get(LIMITED_USE) is Level.UNKNOWN:  # e.g. only the download was entered
        return CheckStatus.UNKNOWN
    return CheckStatus.MISSING


def figures_parts(result: ConnectionResult) -> tuple[Message, ...]:
    """The measured figures, one message each ("download 23.4 Mbit/s", "round trip 40 ms")."""
    parts = []
    if result.download_mbps is not None:
        parts.append(M_("download {v} Mbit/s", v=mbps_amount(result.download_mbps)))
    if result.upload_mbps is not None:
        parts.append(M_("upload {v} Mbit/s", v=mbps_amount(result.upload_mbps)))
    if result.rtt_ms is not None:
        parts.append(M_("round trip {v:g} ms", v=result.rtt_ms))
    if result.jitter_ms is not None:
        parts.append(M_("jitter {v:g} ms", v=result.jitter_ms))
    if result.loss_pct is not None and result.loss_range is not None:
        low, high = result.loss_range
        parts.append(
            M_("loss {v:g}% (between {low:g} and {high:g}%)", v=result.loss_pct, low=low, high=high)
        )
    elif result.loss_pct is not None:
        parts.append(M_("loss {v:g}%", v=result.loss_pct))
    return tuple(parts)


def figures_message(result: ConnectionResult) -> Message:
    """The measured figures in one line ("download 23.4 Mbit/s, upload 5.1 Mbit/s, ...")."""
    return joined(figures_parts(result), ", ")


def reason_message(result: ConnectionResult, verdicts: tuple[UseVerdict, ...]) -> Message:
    """The stored reason: what the connection is ready for and its figures, or why it failed."""
    if not result.status.measured:
        return result.message
    figures = figures_parts(result)
    why = summary_message(verdicts)
    if figures:
        why = M_("{summary} ({figures})", summary=why, figures=figures)
    if result.status is ConnectionStatus.PARTIAL or result.manual:
        why = joined((why, result.message))
    return why


def to_check_result(result: ConnectionResult, verdicts: tuple[UseVerdict, ...]) -> CheckResult:
    """The result as a ``CheckResult`` to store with the assessment."""
    values: dict[str, Measurement] = {
        key: Measurement(getattr(result, key), unit) for key, unit in _FIGURES
    }
    values["status"] = Measurement(result.status.value)
    values["backend"] = Measurement(result.backend)
    values["server"] = Measurement(result.server)
    values["duration_s"] = Measurement(result.duration_s, "s")
    values["latency_method"] = Measurement(result.latency_method)
    if result.speed_scale is not None:
        values["speed_scale"] = Measurement(result.speed_scale.value)
    if result.loss_range is not None:
        values["loss_low_pct"] = Measurement(result.loss_range[0], "%")
        values["loss_high_pct"] = Measurement(result.loss_range[1], "%")
        values["loss_probes"] = Measurement(result.loss_probes)
    values["attempts"] = Measurement(
        "; ".join(f"{a.backend}: {a.status.value}" for a in result.attempts if a.backend)
    )
    if result.note:
        values["note"] = Measurement(result.note)
    for verdict in verdicts:
        values[f"verdict.{verdict.use_id}"] = Measurement(verdict.level.value)
    return explained(
        CHECK_ID,
        check_status(result, verdicts),
        reason_message(result, verdicts),
        values,
        measured_at=result.measured_at,
        source=result.source,
    )


def holds_figures(check: CheckResult) -> bool:
    """True when a stored result has figures: a test that measured, or figures typed in
    (a test that could not measure, offline say, has none)."""
    return from_check_result(check).status.measured


def from_check_result(check: CheckResult) -> ConnectionResult:
    """A stored ``connection.bandwidth`` result back as a ``ConnectionResult`` (no attempts)."""

    def value(key: str) -> Any:
        found = check.values.get(key)
        return found.value if found is not None else None

    def number(key: str) -> float | None:
        raw = value(key)
        return float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None

    try:
        scale: SpeedScale | None = SpeedScale(str(value("speed_scale")))
    except ValueError:
        scale = None  # stored before figures said their scale
    low, high = number("loss_low_pct"), number("loss_high_pct")
    probes = number("loss_probes")
    try:
        status = ConnectionStatus(str(value("status")))
    except ValueError:
        status = (
            ConnectionStatus.OK
            if check.status is not CheckStatus.UNKNOWN
            else ConnectionStatus.ERROR
        )
    return ConnectionResult(
        status=status,
        measured_at=check.measured_at,
        duration_s=number("duration_s") or 0.0,
        reason=check.reason,
        reason_message=check.reason_message,
        download_mbps=number("download_mbps"),
        upload_mbps=number("upload_mbps"),
        rtt_ms=number("rtt_ms"),
        jitter_ms=number("jitter_ms"),
        loss_pct=number("loss_pct"),
        loss_range=(low, high) if low is not None and high is not None else None,
        loss_probes=int(probes) if probes is not None else 0,
        speed_scale=scale,
        backend=str(value("backend") or ""),
        server=str(value("server") or ""),
        source=check.source,
        latency_method=str(value("latency_method") or ""),
        note=str(value("note") or ""),
    )


_LIMITS = {
    "download_mbps": (M_("Download"), 100_000.0),
    "upload_mbps": (M_("Upload"), 100_000.0),
    "rtt_ms": (M_("Round trip"), 60_000.0),
    "jitter_ms": (M_("Jitter"), 60_000.0),
    "loss_pct": (M_("Packet loss"), 100.0),
}


def manual_result(
    *,
    download_mbps: float | None = None,
    upload_mbps: float | None = None,
    rtt_ms: float | None = None,
    jitter_ms: float | None = None,
    loss_pct: float | None = None,
    note: str = "",
    measured_at: datetime | None = None,
) -> ConnectionResult:
    """Figures a worker typed in from a test run elsewhere (e.g. a phone app), marked as such.

    A figure left out (None) was not entered, which is not zero; at least one is needed."""
    given = {
        "download_mbps": download_mbps,
        "upload_mbps": upload_mbps,
        "rtt_ms": rtt_ms,
        "jitter_ms": jitter_ms,
        "loss_pct": loss_pct,
    }
    for key, entered in given.items():
        label, high = _LIMITS[key]
        if entered is None:
            continue
        if (
            not isinstance(entered, int | float)
            or not math.isfinite(entered)
            or not 0 <= entered <= high
        ):
            raise ReadinessError(
                M_(
                    "{what}: {value} should be a number from 0 to {high}.",
                    what=label,
                    value=repr(entered),
                    high=high,
                )
            )
    if all(entered is None for entered in given.values()):
        raise ReadinessError(M_("Type at least one figure."))
    note = note.strip()[:200]
    why = M_("Entered by hand from another speed test.")
    if note:
        why = joined((why, M_("Note: {note}", note=note)))
    return ConnectionResult(
        status=ConnectionStatus.OK,
        measured_at=measured_at or utc_now(),
        duration_s=0.0,
        reason=english(why),
        reason_message=why,
        download_mbps=None if download_mbps is None else float(download_mbps),
        upload_mbps=None if upload_mbps is None else float(upload_mbps),
        rtt_ms=rtt_ms,
        jitter_ms=jitter_ms,
        loss_pct=loss_pct,
        backend="manual",
        source="manual",
        note=note,
    )


def result_to_json(
    result: ConnectionResult, verdicts: tuple[UseVerdict, ...], translator: Translator
) -> dict[str, Any]:
    """The CLI's ``--json`` shape (stable keys; see the README), its sentences in
    ``translator``'s language (the verdicts' already are)."""
    return {
        "status": result.status.value,
        "download_mbps": result.download_mbps,
        "upload_mbps": result.upload_mbps,
        "rtt_ms": result.rtt_ms,
        "jitter_ms": result.jitter_ms,
        "loss_pct": result.loss_pct,
        "loss_range_pct": list(result.loss_range) if result.loss_range else None,
        "loss_confidence": LOSS_CONFIDENCE if result.loss_range else None,
        "loss_probes": result.loss_probes or None,
        "speed_scale": result.speed_scale.value if result.speed_scale else None,
        "backend": result.backend,
        "server": result.server,
        "measured_at": result.measured_at.isoformat(),
        "duration_s": result.duration_s,
        "reason": translator.render(result.message),
        "source": result.source,
        "latency_method": result.latency_method,
        "verdicts": {
            v.use_id: {
                "title": v.title,
                "level": v.level.value,
                "reasons": list(v.reasons),
                "source": v.source,
                "informational": v.informational,
            }
            for v in verdicts
        },
        "attempts": [
            {
                "backend": a.backend,
                "server": a.server,
                "status": a.status.value,
                "duration_s": a.duration_s,
                "reason": translator.render(a.message),
                "download_mbps": a.download_mbps,
                "upload_mbps": a.upload_mbps,
                "rtt_ms": a.rtt_ms,
                "jitter_ms": a.jitter_ms,
                "loss_pct": a.loss_pct,
                "loss_range_pct": list(a.loss_range) if a.loss_range else None,
                "speed_scale": a.speed_scale.value if a.has_speeds else None,
                "target": a.target,
                "method": a.method,
            }
            for a in result.attempts
        ],
    }


def describe_age(measured_at: datetime, now: datetime | None = None) -> Message:
    """How long ago, in words ("just now", "25 minutes ago", "3 days ago")."""
    seconds = max(0.0, ((now or utc_now()) - measured_at).total_seconds())
    days, hours, minutes = int(seconds // 86400), int(seconds // 3600), int(seconds // 60)
    if seconds < 90:
        return M_("just now")
    if days:
        return MN_("{count} day ago", "{count} days ago", count=days)
    if hours:
        return MN_("{count} hour ago", "{count} hours ago", count=hours)
    return MN_("{count} minute ago", "{count} minutes ago", count=minutes)
