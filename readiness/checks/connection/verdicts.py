"""Verdicts per use (audio call, 1:1 video, group video, FCC benchmark) with reasons and sources.

Thresholds come from ``readiness/rules/thresholds.yaml`` (via ``readiness.thresholds``),
the same data file as the device checks. Bandwidth below a tier's figure means "not
ready"; round trip, jitter or loss over the tier's limit means "degraded", and over
the tier's ``*_degraded`` bound or the "poor" band (Cloudflare AIM breakpoints)
means "not ready". Every reason names the number, the limit and its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from readiness.checks.connection.model import ConnectionResult, ConnectionStatus
from readiness.i18n import M_, _, format_amount, render
from readiness.messages import Message, plain

if TYPE_CHECKING:  # pydantic and YAML load only when thresholds are really read
    from readiness.thresholds import ConnectionBands, ConnectionThreshold, Thresholds

USE_ORDER = ("audio_call", "video_basic", "video_recommended", "group_video", "fcc_broadband")


class Level(StrEnum):
    READY = "ready"
    DEGRADED = "degraded"
    NOT_READY = "not_ready"
    UNKNOWN = "unknown"


_RANK = {Level.READY: 0, Level.DEGRADED: 1, Level.NOT_READY: 2, Level.UNKNOWN: 3}


@dataclass(frozen=True)
class UseVerdict:
    """Whether the connection suits one use, why, and where the figures come from."""

    use_id: str
    title: str
    """The use's title in the current language (``title_msgid`` as the thresholds file has it)."""
    level: Level
    reasons: tuple[str, ...]
    source: str
    informational: bool = False
    title_msgid: str = ""

    @property
    def title_message(self) -> Message:
        """The title to show in any language later."""
        return Message(self.title_msgid) if self.title_msgid else plain(self.title)


def mbps_amount(value: float) -> float:
    """Mbit/s rounded as they are read aloud: 0.45, 5.3, 120."""
    return round(value, 2 if value < 1 else 1 if value < 100 else 0)


def mbps_text(value: float) -> str:
    """Mbit/s as read aloud, with the current language's decimal mark: 0.45 / 0,45, 5.3, 120."""
    return format_amount(mbps_amount(value))


def _with_unit(value: float, unit: str) -> str:
    return f"{format_amount(value)}{'' if unit == '%' else ' '}{unit}"


def _worse(a: Level, b: Level) -> Level:
    return a if _RANK[a] >= _RANK[b] else b


def evaluate_use(
    use_id: str, tier: ConnectionThreshold, result: ConnectionResult, bands: ConnectionBands
) -> UseVerdict:
    """The verdict for one use; titles and reasons are worded in the current language."""
    use_title = _(tier.title)
    title = use_title[0].lower() + use_title[1:] if use_title[1:2].islower() else use_title
    if tier.informational:
        needs = _("of the {use}").format(use=title)
    else:
        needs = _("needed for {use}").format(use=title)
    source = _("source: {source}").format(source=tier.source)
    if not result.status.measured or (result.download_mbps is None and result.upload_mbps is None):
        return UseVerdict(
            use_id,
            use_title,
            Level.UNKNOWN,
            (_("No measurement: {reason}").format(reason=render(result.message)),),
            tier.source,
            tier.informational,
            tier.title,
        )
    level, reasons = Level.READY, []
    for label, value, limit in (
        (_("Download"), result.download_mbps, tier.download_mbps),
        (_("Upload"), result.upload_mbps, tier.upload_mbps),
    ):
        if value is None:
            level = _worse(level, Level.UNKNOWN)
            reasons.append(_("{what} was not measured.").format(what=label))
        elif value < limit:
            level = _worse(level, Level.NOT_READY)
            reasons.append(
                _("{what} {value} Mbit/s is below the {limit} Mbit/s {needs} ({source}).").format(
                    what=label,
                    value=mbps_text(value),
                    limit=mbps_text(limit),
                    needs=needs,
                    source=source,
                )
            )
    for label, amount, bound, hard, band, unit in (
        (_("Round trip"), result.rtt_ms, tier.rtt_ms, tier.rtt_ms_degraded, bands.rtt_ms, "ms"),
        (_("Jitter"), result.jitter_ms, tier.jitter_ms, None, bands.jitter_ms, "ms"),
        (
            _("Packet loss"),
            result.loss_pct,
            tier.loss_pct,
            tier.loss_pct_degraded,
            bands.loss_pct,
            "%",
        ),
    ):
        if bound is None:
            continue
        if amount is None:
            reasons.append(_("{what} was not measured.").format(what=label))
            continue
        shown, allowed = _with_unit(amount, unit), _with_unit(bound, unit)
        if amount > (hard if hard is not None else band.poor_above):
            level = _worse(level, Level.NOT_READY)
            reasons.append(
                _(
                    "{what} {value} is far over the {limit} {needs}; calls are likely to "
                    "break up ({source}; {bands})."
                ).format(
                    what=label,
                    value=shown,
                    limit=allowed,
                    needs=needs,
                    source=source,
                    bands=bands.source,
                )
            )
        elif amount > bound:
            level = _worse(level, Level.DEGRADED)
            reasons.append(
                _(
                    "{what} {value} is over the {limit} {needs}; expect lag or choppy "
                    "sound ({source})."
                ).format(what=label, value=shown, limit=allowed, needs=needs, source=source)
            )
    if level is Level.READY:
        reasons.insert(
            0,
            _(
                "Download {down} and upload {up} Mbit/s meet the {ld}/{lu} Mbit/s "
                "{needs} ({source})."
            ).format(
                down=mbps_text(result.download_mbps or 0),
                up=mbps_text(result.upload_mbps or 0),
                ld=mbps_text(tier.download_mbps),
                lu=mbps_text(tier.upload_mbps),
                needs=needs,
                source=source,
            ),
        )
    if tier.informational:
        reasons.append(_("For information only; it does not change readiness."))
    if result.status is ConnectionStatus.PARTIAL:
        reasons.append(_("Based on a partial test."))
    if result.manual:
        reasons.append(_("Figures entered by hand."))
    return UseVerdict(
        use_id, use_title, level, tuple(reasons), tier.source, tier.informational, tier.title
    )


def evaluate(result: ConnectionResult, thresholds: Thresholds) -> tuple[UseVerdict, ...]:
    """Verdicts for every connection use in the thresholds file (known uses first)."""
    tiers = thresholds.connection
    ordered = [u for u in USE_ORDER if u in tiers] + sorted(u for u in tiers if u not in USE_ORDER)
    return tuple(evaluate_use(u, tiers[u], result, thresholds.connection_bands) for u in ordered)


def summary_message(verdicts: tuple[UseVerdict, ...]) -> Message:
    """One sentence, to show in any language: the uses the connection is ready for."""
    ready = [v for v in verdicts if not v.informational and v.level is Level.READY]
    if not any(v.level is not Level.UNKNOWN for v in verdicts):
        return M_("The connection could not be measured.")
    if not ready:
        return M_("The connection is not good enough for calls.")
    return M_("Ready for: {uses}.", uses=tuple(v.title_message for v in ready))


def summary(verdicts: tuple[UseVerdict, ...]) -> str:
    """One sentence in the current language: the uses the connection is ready for."""
    return render(summary_message(verdicts))
