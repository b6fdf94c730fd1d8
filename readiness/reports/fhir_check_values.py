"""The codes of what the checks measure: the ``check-value`` CodeSystem and its lookup.

An Observation of a check carries each measured value as a component whose code is
the value's name (``download_mbps``, ``signal_dbm``) in the project's ``check-value``
CodeSystem. ``value_codes(thresholds)`` is that CodeSystem's content: the values the
reports name (``measurements.VALUE_LABELS``, in English and Spanish), the other
values the checks write (below, English), and one ``verdict.<use>`` per connection
tier in force (an agency's thresholds file may add tiers). A value whose name is not
in it (a check added later) keeps its name as the component's text and no coding, so
no export names a code its definitions lack.
"""

from __future__ import annotations

from collections.abc import Mapping

from readiness.i18n import ENGLISH, translator
from readiness.local_text import LocalText
from readiness.messages import Message
from readiness.reports.measurements import VALUE_LABELS
from readiness.thresholds import Thresholds

OTHER_VALUES = {
    "present": "battery present",
    "interfaces_up": "network interfaces up",
    "active_interface": "interface in use",
    "kind": "kind of connection",
    "link_speed": "link speed",
    "in_use": "Wi-Fi in use",
    "signal_percent": "signal strength (percent)",
    "signal_dbm": "signal level (dBm)",
    "rate": "Wi-Fi link rate",
    "radio": "Wi-Fi standard",
    "tool": "tool that read the signal",
    "cameras": "cameras found",
    "frames": "frames captured",
    "waited": "time waited for the camera",
    "microphones": "microphones found",
    "peak": "loudest sound heard (dBFS)",
    "speakers": "speakers found",
    "tone_heard": "test tone heard",
    "screens": "screens",
    "scaling": "display scaling",
    "diagonal": "screen size (diagonal)",
    "status": "how the connection test ended",
    "server": "test server",
    "duration_s": "test duration",
    "latency_method": "how the round trip was measured",
    "speed_scale": "how the speeds were counted",
    "loss_low_pct": "packet loss, lower bound",
    "loss_high_pct": "packet loss, upper bound",
    "loss_probes": "loss probes sent",
    "attempts": "attempts",
    "note": "note",
}
"""What the device, media, network and connection checks (``readiness/checks``) write
besides the values the reports label; the displays are English only (they are shown
nowhere in the app)."""

VERDICT_PREFIX = "verdict."
"""The connection check's per-use results: ``verdict.audio_call`` = ``good``."""


def catalogue_texts(messages: Mapping[str, Message]) -> dict[str, LocalText]:
    """Each code's message in English and Spanish (the catalogue's words)."""
    spanish = translator("es")
    return {
        code: LocalText(en=ENGLISH.render(message), es=spanish.render(message))
        for code, message in messages.items()
    }


def value_codes(thresholds: Thresholds) -> dict[str, LocalText]:
    """Every code of the ``check-value`` CodeSystem, with its display."""
    codes = catalogue_texts(VALUE_LABELS)
    codes.update(
        (code, LocalText(en=text)) for code, text in OTHER_VALUES.items() if code not in codes
    )
    for use, tier in thresholds.connection.items():
        codes[f"{VERDICT_PREFIX}{use}"] = LocalText(en=f"result for: {tier.title}")
    return codes
