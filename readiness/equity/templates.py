"""Filling the placeholders of rule texts with facts and thresholds, in each language.

Rule and catalogue texts may name a fact or a threshold instead of writing a number:

- ``{fact:upload_mbps}`` -> ``0.4 Mbit/s (measured)`` or ``“A basic phone” (answered)``
- ``{limit:video_basic.upload_mbps}`` -> ``0.6 Mbit/s`` (from ``thresholds.yaml``)
- ``{source:video_basic}`` (in ``source`` lines) -> that threshold's citation
- ``{data:video_basic}`` -> ``540 MB``: the data an hour of that use takes, its download
  and upload rates from ``thresholds.yaml`` added and multiplied by 3600 s / 8 bits

so a number lives in one file and every sentence shows where its figures came from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from readiness.equity.conditions import ThresholdRef
from readiness.equity.results import ORIGIN_WORDS, FactValue, Origin
from readiness.local_text import LocalText

if TYPE_CHECKING:
    from readiness.thresholds import Thresholds

PLACEHOLDER = re.compile(r"\{([a-z]+):([a-z0-9_.]+)\}")
ANY_BRACE = re.compile(r"[{}]")
KINDS = ("fact", "limit", "source", "data")
SECONDS_PER_HOUR_IN_BYTES = 3600 / 8
"""Mbit/s times this is megabytes an hour."""
UNKNOWN = LocalText(en="unknown", es="desconocido")


def format_number(value: float) -> str:
    """A number as read aloud: ``0.45``, ``5.3``, ``120`` (no needless ``.0``)."""
    if not math.isfinite(value):  # never from validated data; be safe anyway
        return "?"
    magnitude = abs(value)
    if magnitude < 1:
        shown = f"{value:.2f}".rstrip("0").rstrip(".")
        return shown if shown not in ("", "-0") else "0"
    if magnitude < 100:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.0f}"


def with_unit(value: float, unit: str) -> str:
    number = format_number(value)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def data_per_hour(use: str, thresholds: Thresholds) -> float | None:
    """Megabytes an hour of ``use`` (download plus upload rate), or None for an unknown use."""
    tier = thresholds.connection.get(use)
    if tier is None:
        return None
    return (tier.download_mbps + tier.upload_mbps) * SECONDS_PER_HOUR_IN_BYTES


def data_text(megabytes: float) -> str:
    """``540 MB`` or ``2.5 GB``: whole tens of megabytes, or gigabytes to one decimal."""
    if megabytes < 1000:
        return f"{max(10, round(megabytes, -1)):.0f} MB"
    return f"{format_number(round(megabytes / 1000, 1))} GB"


def placeholders(template: str) -> Iterator[tuple[str, str]]:
    """Every ``(kind, name)`` placeholder in ``template``."""
    for match in PLACEHOLDER.finditer(template):
        yield match.group(1), match.group(2)


def stray_braces(template: str) -> bool:
    """Whether ``template`` has braces that are not a placeholder (a likely typo)."""
    return bool(ANY_BRACE.search(PLACEHOLDER.sub("", template)))


def fact_text(fact: FactValue | None, locale: str) -> str:
    """A fact's value with where it came from, e.g. ``0.4 Mbit/s (measured)``."""
    if fact is None or not fact.known:
        return UNKNOWN.get(locale)
    own = next((e for e in fact.evidence if e.fact == fact.id), None)
    if own is None:
        return UNKNOWN.get(locale)
    value = own.value.get(locale)
    if own.origin is Origin.ANSWERED:
        value = f"“{value}”"
    return f"{value} ({ORIGIN_WORDS[own.origin].get(locale)})"


def render(
    template: LocalText, facts: Mapping[str, FactValue], thresholds: Thresholds
) -> tuple[LocalText, frozenset[str]]:
    """``template`` filled in each of its languages, and the facts it showed in the sentence."""
    shown: set[str] = set()
    filled = {
        locale: _fill(text, locale, facts, thresholds, shown)
        for locale, text in template.texts.items()
    }
    return LocalText(filled), frozenset(shown)


def render_source(source: str, thresholds: Thresholds) -> str:
    """A citation line with any ``{source:<use>}`` filled in from ``thresholds.yaml``."""
    return _fill(source, "en", {}, thresholds, set())


def _fill(
    text: str,
    locale: str,
    facts: Mapping[str, FactValue],
    thresholds: Thresholds,
    shown: set[str],
) -> str:
    """``text`` with its placeholders filled in ``locale``; adds each fact shown to ``shown``."""

    def replace(match: re.Match[str]) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "fact":
            shown.add(name)
            return fact_text(facts.get(name), locale)
        if kind == "limit":
            ref = ThresholdRef(name)
            limit = ref.value(thresholds)
            return with_unit(limit, ref.unit()) if limit is not None else "?"
        if kind == "source":
            tier = thresholds.connection.get(name)
            return tier.source if tier is not None else name
        if kind == "data":
            megabytes = data_per_hour(name, thresholds)
            return data_text(megabytes) if megabytes is not None else "?"
        return match.group(0)

    return PLACEHOLDER.sub(replace, text)
