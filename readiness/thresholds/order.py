"""The order an agency's thresholds must keep: what each limit means next to the others.

A thresholds file with every value in its range can still say nonsense: audio calls
needing more bandwidth than group video, a minimum above what is recommended, a
"degraded" round trip shorter than the one that is still fine, a use's loss limit
past the point where the loss band calls a connection poor. The rules score a
measurement against these limits one after another, so limits out of order would
make them fail and blame the built-in rules. ``out_of_order(thresholds)`` names the
first such key instead, so the agency's file is refused (and named) and the built-in
thresholds stay in force.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readiness.thresholds import ConnectionThreshold, Thresholds

TIERS = ("audio_call", "video_basic", "video_recommended", "group_video")
"""The uses from least to most demanding: each needs at least the bandwidth the one
before needs, and allows at most its delay, jitter and loss."""
RISING = (
    ("memory", "minimum", "recommended", "group"),
    ("cpu", "minimum_frequency", "recommended_frequency"),
    ("disk", "minimum_free", "recommended_free"),
    ("battery", "critical_charge", "low_charge"),
    ("battery", "critical_time", "low_time"),
    ("wifi", "poor_signal_dbm", "good_signal_dbm"),
    ("wifi", "poor_signal_pct", "good_signal_pct"),
)
"""Device limits that rise in this order (a minimum never above what is recommended)."""
BANDWIDTH = ("download_mbps", "upload_mbps")
QUALITY = ("rtt_ms", "jitter_ms", "loss_pct")
"""Limits a use allows at most; each has a band (good below, poor above)."""
DEGRADED = ("rtt_ms", "loss_pct")
"""Limits with a looser ``..._degraded`` one beside them."""


def out_of_order(thresholds: Thresholds) -> str | None:
    """The first limit out of order, as "key '...': what is wrong" (None: all in order)."""
    found = chain(_device(thresholds), _bands(thresholds), _uses(thresholds))
    return next(found, None)


def _device(thresholds: Thresholds) -> Iterator[str]:
    for group, *names in RISING:
        limits = getattr(thresholds.device, group)
        values = [getattr(limits, name).value for name in names]
        for (low, high), (below, above) in zip(pairwise(names), pairwise(values), strict=True):
            if above < below:
                yield f"key 'device.{group}.{high}': {above:g} is below {low} ({below:g})"


def _bands(thresholds: Thresholds) -> Iterator[str]:
    for key in QUALITY:
        band = getattr(thresholds.connection_bands, key)
        if band.poor_above < band.good_below:
            yield f"key 'connection_bands.{key}.poor_above': is below good_below"


def _uses(thresholds: Thresholds) -> Iterator[str]:
    uses = [(use, thresholds.connection[use]) for use in TIERS if use in thresholds.connection]
    for (easier, before), (harder, tier) in pairwise(uses):
        for key in BANDWIDTH:
            need, needed = getattr(tier, key), getattr(before, key)
            if need < needed:
                yield (
                    f"key 'connection.{harder}.{key}': {need:g} is less than {easier} needs "
                    f"({needed:g}); each use needs at least what the one before it needs"
                )
        for key in QUALITY:
            allows, allowed = getattr(tier, key), getattr(before, key)
            if allows is not None and allowed is not None and allows > allowed:
                yield (
                    f"key 'connection.{harder}.{key}': {allows:g} is more than {easier} "
                    f"allows ({allowed:g}); each use allows at most what the one before allows"
                )
    for use, tier in uses:
        yield from _within(thresholds, use, tier)


def _within(thresholds: Thresholds, use: str, tier: ConnectionThreshold) -> Iterator[str]:
    """One use's quality limits: each at most its degraded one and its band's poor point."""
    for key in DEGRADED:
        limit, degraded = getattr(tier, key), getattr(tier, f"{key}_degraded")
        if limit is not None and degraded is not None and degraded < limit:
            yield f"key 'connection.{use}.{key}_degraded': {degraded:g} is below {key} ({limit:g})"
    for key in QUALITY:
        limit, poor = getattr(tier, key), getattr(thresholds.connection_bands, key).poor_above
        if limit is not None and limit > poor:
            yield (
                f"key 'connection.{use}.{key}': {limit:g} is past "
                f"connection_bands.{key}.poor_above ({poor:g}), where a connection is poor"
            )
