"""Verdicts per use (audio call, 1:1 video, group video, FCC benchmark) with reasons and sources.

Thresholds come from ``readiness/rules/thresholds.yaml`` (via ``readiness.thresholds``),
the same data file as the device checks. Bandwidth below a tier's figure means "not
ready"; round trip, jitter or loss over the tier's limit means "degraded", and over
the tier's ``*_degraded`` bound or the "poor" band (Cloudflare AIM breakpoints)
means "not ready". A loss figure measured with an interval is judged only when the
whole interval lies on one side of a limit; otherwise the reason says there were not
enough measurements to tell, and loss does not change the level (so a line near the
limit no longer flips between "ready" and "degraded" from one run to the next).
Speeds are on the line-rate scale, as the thresholds are once loaded
(``readiness.thresholds``). Every reason names the number, the limit and its source,
worded by the ``Translator`` the caller passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from readiness.checks.connection.model import ConnectionResult, ConnectionStatus
from readiness.messages import M_, Message, plain

if TYPE_CHECKING:  # pydantic and YAML load only when thresholds are really read
    from readiness.i18n import Translator
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
    """The use's title in the verdict's language (``title_msgid`` as the thresholds file has it)."""
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


def mbps_text(value: float, translator: Translator) -> str:
    """Mbit/s as read aloud, with the language's decimal mark: 0.45 / 0,45, 5.3, 120."""
    return translator.format_amount(mbps_amount(value))


def _with_unit(value: float, unit: str, translator: Translator) -> str:
    return f"{translator.format_amount(value)}{'' if unit == '%' else ' '}{unit}"


def _worse(a: Level, b: Level) -> Level:
    return a if _RANK[a] >= _RANK[b] else b


def evaluate_use(
    use_id: str,
    tier: ConnectionThreshold,
    result: ConnectionResult,
    bands: ConnectionBands,
    translator: Translator,
) -> UseVerdict:
    """The verdict for one use; titles and reasons are worded in ``translator``'s language."""
    t = translator
    use_title = t.gettext(tier.title)
    title = use_title[0].lower() + use_title[1:] if use_title[1:2].islower() else use_title
    if tier.informational:
        needs = t.gettext("of the {use}").format(use=title)
    else:
        needs = t.gettext("needed for {use}").format(use=title)
    source = t.gettext("source: {source}").format(source=tier.source)
    if not result.status.measured or (result.download_mbps is None and result.upload_mbps is None):
        return UseVerdict(
            use_id,
            use_title,
            Level.UNKNOWN,
            (t.gettext("No measurement: {reason}").format(reason=t.render(result.message)),),
            tier.source,
            tier.informational,
            tier.title,
        )
    level, reasons = Level.READY, []
    for label, value, limit in (
        (t.gettext("Download"), result.download_mbps, tier.download_mbps),
        (t.gettext("Upload"), result.upload_mbps, tier.upload_mbps),
    ):
        if value is None:
            level = _worse(level, Level.UNKNOWN)
            reasons.append(t.gettext("{what} was not measured.").format(what=label))
        elif value < limit:
            level = _worse(level, Level.NOT_READY)
            reasons.append(
                t.gettext(
                    "{what} {value} Mbit/s is below the {limit} Mbit/s {needs} ({source})."
                ).format(
                    what=label,
                    value=mbps_text(value, t),
                    limit=mbps_text(limit, t),
                    needs=needs,
                    source=source,
                )
            )
    for label, amount, bound, hard, band, unit, interval in (
        (
            t.gettext("Round trip"),
            result.rtt_ms,
            tier.rtt_ms,
            tier.rtt_ms_degraded,
            bands.rtt_ms,
            "ms",
            None,
        ),
        (t.gettext("Jitter"), result.jitter_ms, tier.jitter_ms, None, bands.jitter_ms, "ms", None),
        (
            t.gettext("Packet loss"),
            result.loss_pct,
            tier.loss_pct,
            tier.loss_pct_degraded,
            bands.loss_pct,
            "%",
            result.loss_range,
        ),
    ):
        if bound is None:
            continue
        if amount is None:
            reasons.append(t.gettext("{what} was not measured.").format(what=label))
            continue
        limit = hard if hard is not None else band.poor_above
        low, high = interval if interval is not None else (amount, amount)
        shown, allowed = _with_unit(amount, unit, t), _with_unit(bound, unit, t)
        if low > limit:
            level = _worse(level, Level.NOT_READY)
            reasons.append(
                t.gettext(
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
        elif low > bound:
            level = _worse(level, Level.DEGRADED)
            reasons.append(
                t.gettext(
                    "{what} {value} is over the {limit} {needs}; expect lag or choppy "
                    "sound ({source})."
                ).format(what=label, value=shown, limit=allowed, needs=needs, source=source)
            )
        elif high > bound:  # the figure's uncertainty spans the limit: no verdict on it
            reasons.append(
                t.gettext(
                    "{what} {value} may be over or under the {limit} {needs} (it could be "
                    "anywhere from {low} to {high}): not enough measurements to tell."
                ).format(
                    what=label,
                    value=shown,
                    limit=allowed,
                    needs=needs,
                    low=_with_unit(low, unit, t),
                    high=_with_unit(high, unit, t),
                )
            )
    if level is Level.READY:
        reasons.insert(
            0,
            t.gettext(
                "Download {down} and upload {up} Mbit/s meet the {ld}/{lu} Mbit/s "
                "{needs} ({source})."
            ).format(
                down=mbps_text(result.download_mbps or 0, t),
                up=mbps_text(result.upload_mbps or 0, t),
                ld=mbps_text(tier.download_mbps, t),
                lu=mbps_text(tier.upload_mbps, t),
                needs=needs,
                source=source,
            ),
        )
    if tier.informational:
        reasons.append(t.gettext("For information only; it does not change readiness."))
    if result.status is ConnectionStatus.PARTIAL:
        reasons.append(t.gettext("Based on a partial test."))
    if result.manual:
        reasons.append(t.gettext("Figures entered by hand."))
    return UseVerdict(
        use_id, use_title, level, tuple(reasons), tier.source, tier.informational, tier.title
    )


def evaluate(
    result: ConnectionResult, thresholds: Thresholds, translator: Translator
) -> tuple[UseVerdict, ...]:
    """Verdicts for every connection use in the thresholds file (known uses first), worded
    in ``translator``'s language."""
    tiers = thresholds.connection
    ordered = [u for u in USE_ORDER if u in tiers] + sorted(u for u in tiers if u not in USE_ORDER)
    bands = thresholds.connection_bands
    return tuple(evaluate_use(u, tiers[u], result, bands, translator) for u in ordered)


def summary_message(verdicts: tuple[UseVerdict, ...]) -> Message:
    """One sentence, to show in any language: the uses the connection is ready for."""
    ready = [v for v in verdicts if not v.informational and v.level is Level.READY]
    if not any(v.level is not Level.UNKNOWN for v in verdicts):
        return M_("The connection could not be measured.")
    if not ready:
        return M_("The connection is not good enough for calls.")
    return M_("Ready for: {uses}.", uses=tuple(v.title_message for v in ready))
