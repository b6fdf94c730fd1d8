"""Packet loss from a train of probes: the estimate and how sure it is.

A probe goes out and its answer comes back, so it is lost when either packet is
lost: with per-packet loss ``p`` in each direction a probe survives with
probability ``(1 - p)²``. The figure reported is ``p``, the loss of one packet on the
way (what call quality targets such as Microsoft Teams' "under 1 %" mean), assuming
both directions lose alike. Its uncertainty is a Wilson score interval on the share
of probes lost (``CONFIDENCE``, two-sided), carried through the same conversion.
With 400 probes and none lost the interval is 0–0.34 %; with 8 lost (about 1 % per
packet) it is 0.6–1.7 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CONFIDENCE = 0.90
"""Two-sided: the upper end is a 95 % one-sided bound, as a verdict against a limit needs."""
_Z = 1.6448536269514722  # the normal quantile for CONFIDENCE


@dataclass(frozen=True)
class LossEstimate:
    """Per-packet loss in per cent with its ``CONFIDENCE`` interval, from ``lost`` of ``sent``."""

    pct: float
    low_pct: float
    high_pct: float
    sent: int
    lost: int

    @property
    def interval(self) -> tuple[float, float]:
        return (self.low_pct, self.high_pct)


def per_packet(round_trip_share: float) -> float:
    """Per-packet loss (0-1) from the share of round trips lost, both directions alike."""
    share = min(max(round_trip_share, 0.0), 1.0)
    return 1.0 - math.sqrt(1.0 - share)


def wilson(lost: int, sent: int, z: float = _Z) -> tuple[float, float]:
    """The Wilson score interval (0-1) for ``lost`` of ``sent``."""
    if sent <= 0:
        return (0.0, 1.0)
    share = lost / sent
    denominator = 1 + z * z / sent
    centre = (share + z * z / (2 * sent)) / denominator
    spread = z * math.sqrt(share * (1 - share) / sent + z * z / (4 * sent * sent)) / denominator
    return (max(0.0, centre - spread), min(1.0, centre + spread))


def estimate_loss(lost: int, sent: int) -> LossEstimate | None:
    """The loss estimate for ``lost`` of ``sent`` round-trip probes (None when none was sent)."""
    if sent <= 0:
        return None
    low, high = wilson(lost, sent)
    return LossEstimate(
        pct=round(100 * per_packet(lost / sent), 2),
        low_pct=round(100 * per_packet(low), 2),
        high_pct=round(100 * per_packet(high), 2),
        sent=sent,
        lost=lost,
    )
