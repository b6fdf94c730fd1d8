"""Device checks: operating system, processor, memory, disk and battery, plus the check registry.

Each check is a small function ``(thresholds, access, cancel) -> CheckResult`` that
reads facts through ``SystemAccess`` and classifies them against the thresholds
file, citing the threshold in its reason. ``device_checks`` lists every device check
(network and Wi-Fi from ``checks.network``, media probes handed in by the UI) and
``run_checks`` (from ``checks.runner``) runs them concurrently with timeouts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from readiness.checks.base import Check
from readiness.checks.media import headless_media_checks
from readiness.checks.reasons import cite, gigabytes, number, result, unknown
from readiness.checks.runner import DEFAULT_TIMEOUT_S, run_checks
from readiness.checks.system import SystemAccess
from readiness.model import CheckResult, CheckStatus
from readiness.progress import CancelToken, Progress
from readiness.thresholds import Thresholds

__all__ = ["FunctionCheck", "device_checks", "run_checks"]

CheckFunction = Callable[[Thresholds, SystemAccess, CancelToken], CheckResult]

_WINDOWS_NAMES: dict[tuple[int, ...], str] = {
    (5, 1): "XP",
    (5, 2): "XP",
    (6, 0): "Vista",
    (6, 1): "7",
    (6, 2): "8",
}
_WINDOWS_NAMES[(6, 3)] = "8.1"
_WINDOWS_11_BUILD = 22000
_32BIT_MACHINES = {"x86", "i386", "i486", "i586", "i686"}


def _version_parts(text: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in text.split("."):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)


def check_os(
    t: Thresholds,
    access: SystemAccess,
    cancel: CancelToken,  # noqa: ARG001 - the shared check signature
    today: dt.date | None = None,
) -> CheckResult:
    """Operating system and version, and whether current video-visit apps support it."""
    limits = t.device.os
    system = access.system()
    if system == "Windows":
        parts = _version_parts(access.version())
        if len(parts) < 2:
            return unknown("device.os", "The Windows version could not be read.")
        build = parts[2] if len(parts) > 2 else 0
        name = _WINDOWS_NAMES.get(parts[:2], "11" if build >= _WINDOWS_11_BUILD else "10")
        bits = "32-bit " if access.machine().lower() in _32BIT_MACHINES else ""
        values = {
            "name": (f"Windows {name}", ""),
            "version": (".".join(map(str, parts)), ""),
            "architecture": (access.machine(), ""),
        }
        label = f"{bits}Windows {name}"
        if parts[:2] < limits.windows_legacy.parts:
            status, reason = (
                CheckStatus.MISSING,
                f"This computer runs {label}, which no current video-visit app supports "
                f"(source: {limits.windows_supported.source}).",
            )
        elif parts[:2] < limits.windows_supported.parts:
            status, reason = (
                CheckStatus.LIMITED,
                f"This computer runs {label}, which video-visit apps no longer update "
                f"(source: {limits.windows_legacy.source}); a browser visit may still work.",
            )
        elif bits and (today or dt.date.today()) >= limits.windows_32bit_end.date:
            status, reason = (
                CheckStatus.LIMITED,
                f"This computer runs {label}, which video-visit apps no longer update "
                f"(source: {limits.windows_32bit_end.source}).",
            )
        else:
            status, reason = (
                CheckStatus.GOOD,
                f"This computer runs {label}, which current video-visit apps support "
                f"(source: {limits.windows_supported.source}).",
            )
        return result("device.os", status, reason, values)
    if system == "Darwin":
        version = access.mac_version()
        parts = _version_parts(version)
        if not parts:
            return unknown("device.os", "The macOS version could not be read.")
        values = {"name": ("macOS", ""), "version": (version, "")}
        supported = limits.macos_supported
        if parts < supported.parts:
            return result(
                "device.os",
                CheckStatus.MISSING,
                f"This Mac runs macOS {version}, older than the {supported.version} that "
                f"video-visit apps need (source: {supported.source}).",
                values,
            )
        return result(
            "device.os",
            CheckStatus.GOOD,
            f"This Mac runs macOS {version}, which current video-visit apps support "
            f"(source: {supported.source}).",
            values,
        )
    if system == "Linux":
        name = access.os_release().get("PRETTY_NAME") or "Linux"
        return result(
            "device.os",
            CheckStatus.GOOD,
            f"This computer runs {name}, which the Zoom app and browser video visits support "
            f"(source: {limits.linux_note.source}).",
            {"name": (name, ""), "version": (access.release(), "")},
        )
    name = system or "an unrecognised system"
    return unknown(
        "device.os",
        f"This computer runs {name}, which the video-visit apps do not list, "
        "so support is unclear.",
    )


def check_cpu(t: Thresholds, access: SystemAccess, cancel: CancelToken) -> CheckResult:
    """Processor cores, rated speed and how busy it is right now."""
    limits = t.device.cpu
    cores = access.cpu_count(False) or access.cpu_count(True)
    mhz = access.cpu_frequency_mhz()
    cancel.raise_if_cancelled()
    load = access.cpu_percent(0.5)
    if cores is None and mhz is None:
        return unknown(
            "device.cpu", "The number of processor cores and their speed could not be read."
        )
    ghz = round(mhz / 1000, 1) if mhz else None
    values = {"cores": (cores, "cores"), "frequency": (ghz, "GHz"), "load": (round(load), "%")}
    speed = f" at {number(ghz)} GHz" if ghz else ""
    summary = f"This computer has {cores or 'an unknown number of'} cores{speed}"
    if ghz is not None and ghz < limits.minimum_frequency.value:
        status = CheckStatus.MISSING
        reason = f"{summary}, below the minimum of {cite(limits.minimum_frequency)}."
    elif cores is not None and cores < limits.recommended_cores.value:
        status = CheckStatus.LIMITED
        reason = f"{summary}, fewer than the {cite(limits.recommended_cores)}."
    elif ghz is not None and ghz < limits.recommended_frequency.value:
        status = CheckStatus.LIMITED
        reason = f"{summary}, slower than the {cite(limits.recommended_frequency)}."
    elif load > limits.high_load.value:
        status = CheckStatus.LIMITED
        reason = (
            f"{summary} but it is {round(load)}% busy, over the {cite(limits.high_load)}; "
            "closing other programs will help."
        )
    else:
        unread = "" if ghz else " (its speed could not be read)"
        status = CheckStatus.GOOD
        reason = (
            f"{summary}{unread} and is {round(load)}% busy, meeting the "
            f"{cite(limits.recommended_cores)}."
        )
    return result("device.cpu", status, reason, values)


def check_memory(
    t: Thresholds,
    access: SystemAccess,
    cancel: CancelToken,  # noqa: ARG001 - the shared check signature
) -> CheckResult:
    """Total and available memory (RAM)."""
    limits = t.device.memory
    memory = access.virtual_memory()
    total, available = gigabytes(memory.total), gigabytes(memory.available)
    values = {"total": (total, "GB"), "available": (available, "GB")}
    effective = total + limits.reserved_allowance.value  # 4 GB computers report ~3.8 GB
    summary = f"This computer has {number(total)} GB of memory"
    if effective < limits.minimum.value:
        status, reason = CheckStatus.MISSING, f"{summary}, below the {cite(limits.minimum)}."
    elif effective < limits.recommended.value:
        status, reason = CheckStatus.LIMITED, f"{summary}, below the {cite(limits.recommended)}."
    elif available < limits.low_available.value:
        status = CheckStatus.LIMITED
        reason = (
            f"{summary} but only {number(available)} GB is free, under the "
            f"{cite(limits.low_available)}; closing other programs will help."
        )
    elif effective < limits.group.value:
        status = CheckStatus.GOOD
        reason = (
            f"{summary}, enough for the {cite(limits.recommended)}, though less than the "
            f"{limits.group.describe()}."
        )
    else:
        status = CheckStatus.GOOD
        reason = f"{summary}, meeting the {cite(limits.group)}."
    return result("device.memory", status, reason, values)


def check_disk(
    t: Thresholds,
    access: SystemAccess,
    cancel: CancelToken,  # noqa: ARG001 - the shared check signature
) -> CheckResult:
    """Free space on the disk that holds the home folder (where apps and downloads go)."""
    limits = t.device.disk
    usage = access.disk_usage(str(access.home()))
    free, total = gigabytes(usage.free), gigabytes(usage.total)
    values = {"free": (free, "GB"), "total": (total, "GB")}
    summary = f"This computer has {number(free)} GB of free disk space"
    if free < limits.minimum_free.value:
        status, reason = CheckStatus.MISSING, f"{summary}, below the {cite(limits.minimum_free)}."
    elif free < limits.recommended_free.value:
        status = CheckStatus.LIMITED
        reason = f"{summary}, below the {cite(limits.recommended_free)}."
    else:
        status, reason = (
            CheckStatus.GOOD,
            f"{summary}, enough for the {cite(limits.recommended_free)}.",
        )
    return result("device.disk", status, reason, values)


def check_battery(
    t: Thresholds,
    access: SystemAccess,
    cancel: CancelToken,  # noqa: ARG001 - the shared check signature
) -> CheckResult:
    """Battery: present, charge, plugged in, time left. No battery (a desktop) is fine."""
    limits = t.device.battery
    battery = access.battery()
    if battery is None:
        return result(
            "device.battery",
            CheckStatus.GOOD,
            "This computer has no battery, so it runs on mains power.",
            {"present": (False, "")},
        )
    charge = round(battery.percent)
    minutes = round(battery.secsleft / 60) if battery.secsleft >= 0 else None
    values = {
        "present": (True, ""),
        "charge": (charge, "%"),
        "plugged_in": (battery.power_plugged, ""),
        "time_left": (minutes, "min"),
    }
    if battery.power_plugged:
        return result(
            "device.battery",
            CheckStatus.GOOD,
            f"The battery is at {charge}% and the computer is plugged in.",
            values,
        )
    left = f" with about {minutes} minutes left" if minutes is not None else ""
    summary = f"The computer is on battery at {charge}%{left}"
    critical, low = limits.critical_charge, limits.low_charge
    if charge < critical.value or (minutes is not None and minutes < limits.critical_time.value):
        limit = critical if charge < critical.value else limits.critical_time
        status = CheckStatus.MISSING
        reason = f"{summary}, under the {cite(limit)}; plug it in before the visit."
    elif charge < low.value or (minutes is not None and minutes < limits.low_time.value):
        limit = low if charge < low.value else limits.low_time
        status = CheckStatus.LIMITED
        reason = f"{summary}, under the {cite(limit)}; plug it in before the visit."
    else:
        status = CheckStatus.GOOD
        reason = f"{summary}, enough for a visit; plugging it in is still safest."
    return result("device.battery", status, reason, values)


@dataclass(frozen=True)
class FunctionCheck:
    """A ``Check`` made from a check function and the collaborators it needs."""

    id: str
    title: str
    function: CheckFunction = field(repr=False)
    thresholds: Thresholds = field(repr=False)
    access: SystemAccess = field(repr=False)
    timeout_s: float = DEFAULT_TIMEOUT_S

    def run(self, progress: Progress, cancel: CancelToken) -> CheckResult:
        cancel.raise_if_cancelled()
        progress(None, f"Checking {self.title.lower()}")
        return self.function(self.thresholds, self.access, cancel)


def device_checks(
    thresholds: Thresholds,
    access: SystemAccess | None = None,
    media_checks: Sequence[Check] | None = None,
) -> list[Check]:
    """Every device check in display order.

    ``media_checks`` are the display, camera, microphone and speaker probes (Qt, from
    ``ui.probes.media``); without them stand-ins report ``unknown`` ("checked only
    in the app"), so the list is complete in the CLI too.
    """
    from readiness.checks.network import check_network, check_wifi

    access = access or SystemAccess()
    functions: list[tuple[str, str, CheckFunction]] = [
        ("device.os", "Operating system", check_os),
        ("device.cpu", "Processor", check_cpu),
        ("device.memory", "Memory", check_memory),
        ("device.disk", "Disk space", check_disk),
        ("device.battery", "Battery", check_battery),
        ("device.network", "Network connection", check_network),
        ("device.wifi", "Wi-Fi signal", check_wifi),
    ]
    checks: list[Check] = [
        FunctionCheck(check_id, title, function, thresholds, access)
        for check_id, title, function in functions
    ]
    checks.extend(headless_media_checks() if media_checks is None else media_checks)
    return checks
