"""Loads the thresholds data file into frozen, validated objects.

The built-in file is ``readiness/rules/thresholds.yaml`` (found with
``importlib.resources`` so it works from a wheel). An agency may point Settings at
its own file holding only the keys it changes; those are merged over the built-in
values and the result is validated as a whole. A malformed override raises
``ThresholdsError`` naming the file and the key; ``load_thresholds_with_fallback``
turns that into a message and keeps the built-in values in force. Values must be
plausible for their unit and in order (``order.py``: a minimum never above what is
recommended, a harder use never needing less than an easier one).

Public API (also used by the connection checks):

- ``load_thresholds(path=None) -> Thresholds`` (raises ``ThresholdsError``)
- ``load_thresholds_with_fallback(path) -> (Thresholds, error message or None)``
- ``Thresholds.device`` (typed groups of ``Limit``), ``Thresholds.phone`` (the person's
  own phone) and ``Thresholds.connection``
  (use id -> ``ConnectionThreshold``: download_mbps, upload_mbps, rtt_ms, jitter_ms,
  loss_pct, source, ...)
- ``Limit.message()``: a limit as read aloud (a ``Message``), its purpose
  and unit translated through the catalogue (sources stay as cited); use titles too
  go through the catalogue (``readiness.thresholds.catalogue`` lists them for
  ``pybabel extract``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from readiness.errors import ReadinessError
from readiness.files import shown_key
from readiness.messages import M_, MP_, Message
from readiness.model import LINE_RATE_FACTOR, SpeedScale
from readiness.thresholds.order import out_of_order

SCHEMA_VERSION = 1
"""The thresholds file format this version reads; bump with a migration when it changes."""

BUILTIN_NAME = "thresholds.yaml"


_RULE_OF_THUMB = MP_("source", "Readiness rule of thumb (no published source)")
RULE_OF_THUMB = _RULE_OF_THUMB.msgid
"""The ``source`` of a figure with no published source: the project's own words, not a
citation, so it is shown in the reader's language (citations are shown as written)."""


def source_message(source: str) -> str | Message:
    """A figure's source as a message argument: a citation as written, the rule-of-thumb
    label translated."""
    return _RULE_OF_THUMB if source.strip() == RULE_OF_THUMB else source


class ThresholdsError(ReadinessError):
    """A thresholds file could not be read or is not valid; the message names file and key."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False, defer_build=True)


PLAUSIBLE = 1_000_000
"""No limit is this large in any unit the checks use (1e308 is a typing slip, not a limit)."""
MBPS, MS = 10_000, 60_000
"""The most a connection tier may ask: 10,000 Mbit/s; 60,000 ms (one minute)."""


def _finite(value: float) -> float:
    if not math.isfinite(value) or abs(value) > PLAUSIBLE:
        raise ValueError(f"must be a number from -{PLAUSIBLE:,} to {PLAUSIBLE:,}")
    return value


class Limit(_Frozen):
    """One numeric threshold with its unit and the citation shown in reasons."""

    value: float
    unit: str
    source: str = Field(min_length=1)
    purpose: str = ""
    reference: str = ""

    _check_value = field_validator("value")(_finite)

    def message(self) -> Message:
        """The limit to show in any language: amount, unit, purpose (``4 GB for 1:1 video calls``).

        The unit and the purpose go through the translation catalogue (an agency's own
        purpose that has no translation is shown as written); the source is never
        translated, it is cited as it stands.
        """
        if self.unit == "%":
            amount = M_("{value}%", value=self.value)
        elif self.unit:
            amount = M_("{value} {unit}", value=self.value, unit=Message(self.unit))
        else:
            amount = M_("{value}", value=self.value)
        if not self.purpose:
            return amount
        return M_("{amount} {purpose}", amount=amount, purpose=Message(self.purpose))


class VersionLimit(_Frozen):
    """An operating-system version threshold such as ``10.13``."""

    version: str = Field(pattern=r"^\d{1,4}(\.\d{1,4}){0,3}$")
    source: str = Field(min_length=1)
    reference: str = ""

    @property
    def parts(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.version.split("."))


class DateLimit(_Frozen):
    """A date after which something is no longer supported."""

    date: dt.date
    source: str = Field(min_length=1)
    reference: str = ""


class Note(_Frozen):
    """A citation without a number (e.g. which Linux builds a platform supports)."""

    source: str = Field(min_length=1)
    reference: str = ""


class OsThresholds(_Frozen):
    windows_supported: VersionLimit
    windows_legacy: VersionLimit
    windows_32bit_end: DateLimit
    macos_supported: VersionLimit
    linux_note: Note


class CpuThresholds(_Frozen):
    minimum_frequency: Limit
    recommended_frequency: Limit
    recommended_cores: Limit
    high_load: Limit


class MemoryThresholds(_Frozen):
    minimum: Limit
    recommended: Limit
    group: Limit
    reserved_allowance: Limit
    low_available: Limit


class DiskThresholds(_Frozen):
    recommended_free: Limit
    minimum_free: Limit


class BatteryThresholds(_Frozen):
    low_charge: Limit
    low_time: Limit
    critical_charge: Limit
    critical_time: Limit


class WifiThresholds(_Frozen):
    good_signal_dbm: Limit
    good_signal_pct: Limit
    poor_signal_dbm: Limit
    poor_signal_pct: Limit


class DisplayThresholds(_Frozen):
    minimum_width: Limit
    minimum_height: Limit


class CameraThresholds(_Frozen):
    frame_timeout: Limit
    minimum_width: Limit
    minimum_height: Limit


class MicrophoneThresholds(_Frozen):
    speech_peak: Limit


class DeviceThresholds(_Frozen):
    """Every device-check threshold, grouped by check."""

    os: OsThresholds
    cpu: CpuThresholds
    memory: MemoryThresholds
    disk: DiskThresholds
    battery: BatteryThresholds
    wifi: WifiThresholds
    display: DisplayThresholds
    camera: CameraThresholds
    microphone: MicrophoneThresholds


class PhoneThresholds(_Frozen):
    """The person's own phone: the platforms' system minimums and free storage."""

    ios_supported: VersionLimit
    android_supported: VersionLimit
    ios_messaging: VersionLimit
    android_messaging: VersionLimit
    recommended_free_storage: Limit
    minimum_free_storage: Limit


class ConnectionThreshold(_Frozen):
    """What one use (audio call, basic video, ...) needs from the connection.

    ``None`` for rtt/jitter/loss means the tier does not limit that metric. The
    ``*_degraded`` bounds, when given, mark "works, but degraded". ``scale`` says how
    the file's download and upload figures are counted (``readiness.model.SpeedScale``);
    measurements are on the line-rate scale, so figures written as goodput are
    converted to it when loaded (x ``LINE_RATE_FACTOR``) and every consumer compares
    like with like.
    """

    title: str = Field(min_length=1)
    download_mbps: float = Field(ge=0, le=MBPS)
    upload_mbps: float = Field(ge=0, le=MBPS)
    rtt_ms: float | None = Field(default=None, ge=0, le=MS)
    jitter_ms: float | None = Field(default=None, ge=0, le=MS)
    loss_pct: float | None = Field(default=None, ge=0, le=100)
    rtt_ms_degraded: float | None = Field(default=None, ge=0, le=MS)
    loss_pct_degraded: float | None = Field(default=None, ge=0, le=100)
    informational: bool = False
    scale: SpeedScale = SpeedScale.LINE_RATE
    source: str = Field(min_length=1)
    reference: str = ""

    _check_numbers = field_validator("download_mbps", "upload_mbps")(_finite)

    @model_validator(mode="before")
    @classmethod
    def _on_line_rate(cls, data: Any) -> Any:
        """Goodput figures, converted to the line-rate scale measurements use."""
        if not isinstance(data, Mapping) or data.get("scale") != SpeedScale.GOODPUT.value:
            return data
        converted = dict(data)
        for key in ("download_mbps", "upload_mbps"):
            value = converted.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                converted[key] = round(value * LINE_RATE_FACTOR, 4)
        return converted


class QualityBand(_Frozen):
    """Below ``good_below`` is good, above ``poor_above`` is poor, between is degraded."""

    good_below: float = Field(ge=0, le=MS)
    poor_above: float = Field(ge=0, le=MS)


class ConnectionBands(_Frozen):
    rtt_ms: QualityBand
    jitter_ms: QualityBand
    loss_pct: QualityBand
    source: str = Field(min_length=1)
    reference: str = ""


class Thresholds(_Frozen):
    """The whole thresholds file, validated. ``origin`` names the file(s) it came from."""

    schema_version: int
    connection: Mapping[str, ConnectionThreshold]
    connection_bands: ConnectionBands
    device: DeviceThresholds
    phone: PhoneThresholds
    origin: str = "built-in"

    @field_validator("schema_version")
    @classmethod
    def _supported_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"this version of Readiness reads schema_version {SCHEMA_VERSION}")
        return value

    @field_validator("connection")
    @classmethod
    def _read_only(cls, value: Mapping[str, ConnectionThreshold]) -> Mapping[str, Any]:
        if not value:
            raise ValueError("at least one connection tier is needed")
        return MappingProxyType(dict(value))


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` laid over ``base``, recursively for nested mappings."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _parse_yaml(text: str, name: str) -> dict[str, Any]:
    import yaml

    from readiness import safe_yaml

    try:
        data = safe_yaml.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None)
        detail = f": {problem}" if problem else ""
        raise ThresholdsError(f"{name}: not valid YAML{where}{detail}") from exc
    except (RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise ThresholdsError(f"{name}: not valid YAML ({type(exc).__name__})") from exc
    if not isinstance(data, dict):
        raise ThresholdsError(f"{name}: expected a mapping of keys at the top level")
    return data


def _first_error(exc: ValidationError, name: str) -> ThresholdsError:
    error = exc.errors(include_url=False)[0]
    key = ".".join(shown_key(part) for part in error["loc"]) or "(top level)"
    more = len(exc.errors()) - 1
    extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return ThresholdsError(f"{name}: key '{key}': {error['msg']}{extra}")


def _validate(data: Mapping[str, Any], name: str) -> Thresholds:
    try:
        thresholds = Thresholds.model_validate({**data, "origin": name})
    except ValidationError as exc:
        raise _first_error(exc, name) from exc
    except (RecursionError, TypeError, ValueError, OverflowError) as exc:
        raise ThresholdsError(f"{name}: could not be read ({type(exc).__name__})") from exc
    problem = out_of_order(thresholds)
    if problem:
        raise ThresholdsError(f"{name}: {problem}")
    return thresholds


@cache
def _builtin_data() -> dict[str, Any]:
    text = resources.files("readiness.rules").joinpath(BUILTIN_NAME).read_text(encoding="utf-8")
    return _parse_yaml(text, f"built-in {BUILTIN_NAME}")


def builtin_file() -> tuple[str, bytes]:
    """The built-in thresholds file: (name, bytes)."""
    return BUILTIN_NAME, resources.files("readiness.rules").joinpath(BUILTIN_NAME).read_bytes()


@cache
def builtin_thresholds() -> Thresholds:
    """The thresholds shipped with the app: validated once per content and kept in the
    definitions cache, then read once per process."""
    import sys

    from readiness import model
    from readiness.definitions_cache import cached, classes_in

    return cached(
        "thresholds",
        [("schema", str(SCHEMA_VERSION).encode()), builtin_file()],
        lambda: _validate(_builtin_data(), "built-in thresholds"),
        classes_in(vars(sys.modules[__name__]), vars(model)),
    )


def validated_file(text: str, name: str) -> Thresholds:
    """A whole thresholds file (every value given, as the built-in one), validated."""
    return _validate(_parse_yaml(text, name), name)


def thresholds_from_text(text: str, name: str) -> Thresholds:
    """Validate override text laid over the built-in values; ``name`` labels errors."""
    override = _parse_yaml(text, name)
    if "schema_version" not in override:
        raise ThresholdsError(f"{name}: key 'schema_version' is missing")
    if "origin" in override:
        raise ThresholdsError(f"{name}: key 'origin': is not a thresholds setting")
    return _validate(_merge(_builtin_data(), override), name)


def load_thresholds(path: Path | None = None) -> Thresholds:
    """The built-in thresholds, or ``path``'s values laid over them; raises ``ThresholdsError``."""
    if path is None:
        return builtin_thresholds()
    from readiness.files import THRESHOLDS, read_text_file

    text = read_text_file(path, THRESHOLDS, error=ThresholdsError)
    return thresholds_from_text(text, str(path))


def load_thresholds_with_fallback(path: Path | None) -> tuple[Thresholds, str | None]:
    """Like ``load_thresholds`` but never raises: a bad file gives the built-ins and a message."""
    try:
        return load_thresholds(path), None
    except ThresholdsError as exc:
        return builtin_thresholds(), f"{exc}; the built-in thresholds are used instead"
