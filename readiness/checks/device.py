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
from readiness.checks.reasons import cite, gigabytes, result, unknown
from readiness.checks.runner import DEFAULT_TIMEOUT_S, run_checks
from readiness.checks.system import SystemAccess
from readiness.messages import M_, MN_, N_, Message
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
            return unknown("device.os", M_("The Windows version could not be read."))
        build = parts[2] if len(parts) > 2 else 0
        name = _WINDOWS_NAMES.get(parts[:2], "11" if build >= _WINDOWS_11_BUILD else "10")
        bits = access.machine().lower() in _32BIT_MACHINES
        values = {
            "name": (f"Windows {name}", ""),
            "version": (".".join(map(str, parts)), ""),
            "architecture": (access.machine(), ""),
        }
        label: Message | str = M_("32-bit Windows {name}", name=name) if bits else f"Windows {name}"
        if parts[:2] < limits.windows_legacy.parts:
            status, reason = (
                CheckStatus.MISSING,
                M_(
                    "This computer runs {label}, which no current video-visit app supports "
                    "(source: {source}).",
                    label=label,
                    source=limits.windows_supported.source,
                ),
            )
        elif parts[:2] < limits.windows_supported.parts:
            status, reason = (
                CheckStatus.LIMITED,
                M_(
                    "This computer runs {label}, which video-visit apps no longer update "
                    "(source: {source}); a browser visit may still work.",
                    label=label,
                    source=limits.windows_legacy.source,
                ),
            )
        elif bits and (today or dt.date.today()) >= limits.windows_32bit_end.date:
            status, reason = (
                CheckStatus.LIMITED,
                M_(
                    "This computer runs {label}, which video-visit apps no longer update "
                    "(source: {source}).",
                    label=label,
                    source=limits.windows_32bit_end.source,
                ),
            )
        else:
            status, reason = (
                CheckStatus.GOOD,
                M_(
                    "This computer runs {label}, which current video-visit apps support "
                    "(source: {source}).",
                    label=label,
                    source=limits.windows_supported.source,
                ),
            )
        return result("device.os", status, reason, values)
    if system == "Darwin":
        version = access.mac_version()
        parts = _version_parts(version)
        if not parts:
            return unknown("device.os", M_("The macOS version could not be read."))
        values = {"name": ("macOS", ""), "version": (version, "")}
        supported = limits.macos_supported
        if parts < supported.parts:
            return result(
                "device.os",
                CheckStatus.MISSING,
                M_(
                    "This Mac runs macOS {version}, older than the {needed} that video-visit "
                    "apps need (source: {source}).",
                    version=version,
                    needed=supported.version,
                    source=supported.source,
                ),
                values,
            )
        return result(
            "device.os",
            CheckStatus.GOOD,
            M_(
                "This Mac runs macOS {version}, which current video-visit apps support "
                "(source: {source}).",
                version=version,
                source=supported.source,
            ),
            values,
        )
    if system == "Linux":
        name = access.os_release().get("PRETTY_NAME") or "Linux"
        return result(
            "device.os",
            CheckStatus.GOOD,
            M_(
                "This computer runs {name}, which the Zoom app and browser video visits "
                "support (source: {source}).",
                name=name,
                source=limits.linux_note.source,
            ),
            {"name": (name, ""), "version": (access.release(), "")},
        )
    return unknown(
        "device.os",
        M_(
            "This computer runs {name}, which the video-visit apps do not list, "
            "so support is unclear.",
            name=system or M_("an unrecognised system"),
        ),
    )


def _cpu_summary(cores: int | None, ghz: float | None) -> Message:
    if cores is not None and ghz:
        return MN_(
            "This computer has {count} core at {ghz} GHz",
            "This computer has {count} cores at {ghz} GHz",
            count=cores,
            ghz=ghz,
        )
    if cores is not None:
        return MN_("This computer has {count} core", "This computer has {count} cores", count=cores)
    if ghz:
        return M_("This computer has an unknown number of cores at {ghz} GHz", ghz=ghz)
    return M_("This computer has an unknown number of cores")


def check_cpu(t: Thresholds, access: SystemAccess, cancel: CancelToken) -> CheckResult:
    """Processor cores, rated speed and how busy it is right now."""
    limits = t.device.cpu
    cores = access.cpu_count(False) or access.cpu_count(True)
    mhz = access.cpu_frequency_mhz()
    cancel.raise_if_cancelled()
    load = access.cpu_percent(0.5)
    if cores is None and mhz is None:
        return unknown(
            "device.cpu",
            M_("The number of processor cores and their speed could not be read."),
        )
    ghz = round(mhz / 1000, 1) if mhz else None
    values = {"cores": (cores, "cores"), "frequency": (ghz, "GHz"), "load": (round(load), "%")}
    summary = _cpu_summary(cores, ghz)
    if ghz is not None and ghz < limits.minimum_frequency.value:
        status = CheckStatus.MISSING
        reason = M_(
            "{summary}, below the minimum of {limit}.",
            summary=summary,
            limit=cite(limits.minimum_frequency),
        )
    elif cores is not None and cores < limits.recommended_cores.value:
        status = CheckStatus.LIMITED
        reason = M_(
            "{summary}, fewer than the {limit}.",
            summary=summary,
            limit=cite(limits.recommended_cores),
        )
    elif ghz is not None and ghz < limits.recommended_frequency.value:
        status = CheckStatus.LIMITED
        reason = M_(
            "{summary}, slower than the {limit}.",
            summary=summary,
            limit=cite(limits.recommended_frequency),
        )
    elif load > limits.high_load.value:
        status = CheckStatus.LIMITED
        reason = M_(
            "{summary} but it is {load}% busy, over the {limit}; closing other programs will help.",
            summary=summary,
            load=round(load),
            limit=cite(limits.high_load),
        )
    else:
        status = CheckStatus.GOOD
        if ghz:
            wording = N_("{summary} and is {load}% busy, meeting the {limit}.")
        else:
            wording = N_(
                "{summary} (its speed could not be read) and is {load}% busy, meeting the {limit}."
            )
        reason = M_(
            wording, summary=summary, load=round(load), limit=cite(limits.recommended_cores)
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
    summary = M_("This computer has {total} GB of memory", total=total)
    if effective < limits.minimum.value:
        status = CheckStatus.MISSING
        reason = M_("{summary}, below the {limit}.", summary=summary, limit=cite(limits.minimum))
    elif effective < limits.recommended.value:
        status = CheckStatus.LIMITED
        reason = M_(
            "{summary}, below the {limit}.", summary=summary, limit=cite(limits.recommended)
        )
    elif available < limits.low_available.value:
        status = CheckStatus.LIMITED
        reason = M_(
            "{summary} but only {available} GB is free, under the {limit}; closing other "
            "programs will help.",
            summary=summary,
            available=available,
            limit=cite(limits.low_available),
        )
    elif effective < limits.group.value:
        status = CheckStatus.GOOD
        reason = M_(
            "{summary}, enough for the {limit}, though less than the {group}.",
            summary=summary,
            limit=cite(limits.recommended),
            group=limits.group.message(),
        )
    else:
        status = CheckStatus.GOOD
        reason = M_("{summary}, meeting the {limit}.", summary=summary, limit=cite(limits.group))
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
    summary = M_("This computer has {free} GB of free disk space", free=free)
    if free < limits.minimum_free.value:
        status = CheckStatus.MISSING
        reason = M_(
            "{summary}, below the {limit}.", summary=summary, limit=cite(limits.minimum_free)
        )
    elif free < limits.recommended_free.value:
        status = CheckStatus.LIMITED
        reason = M_(
            "{summary}, below the {limit}.", summary=summary, limit=cite(limits.recommended_free)
        )
    else:
        status = CheckStatus.GOOD
        reason = M_(
            "{summary}, enough for the {limit}.",
            summary=summary,
            limit=cite(limits.recommended_free),
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
            M_("This computer has no battery, so it runs on mains power."),
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
            M_("The battery is at {charge}% and the computer is plugged in.", charge=charge),
            values,
        )
    if minutes is not None:
        summary = MN_(
            "The computer is on battery at {charge}% with about {count} minute left",
            "The computer is on battery at {charge}% with about {count} minutes left",
            charge=charge,
            count=minutes,
        )
    else:
        summary = M_("The computer is on battery at {charge}%", charge=charge)
    critical, low = limits.critical_charge, limits.low_charge
    if charge < critical.value or (minutes is not None and minutes < limits.critical_time.value):
        limit = critical if charge < critical.value else limits.critical_time
        status = CheckStatus.MISSING
    elif charge < low.value or (minutes is not None and minutes < limits.low_time.value):
        limit = low if charge < low.value else limits.low_time
        status = CheckStatus.LIMITED
    else:
        reason = M_(
            "{summary}, enough for a visit; plugging it in is still safest.", summary=summary
        )
        return result("device.battery", CheckStatus.GOOD, reason, values)
    reason = M_(
        "{summary}, under the {limit}; plug it in before the visit.",
        summary=summary,
        limit=cite(limit),
    )
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
        progress(None, M_("Checking: {what}", what=Message(self.title)))
        return self.function(self.thresholds, self.access, cancel)


def device_checks(
    thresholds: Thresholds,
    access: SystemAccess | None = None,
    media_checks: Sequence[Check] | None = None,
) -> list[Check]:
    """Every device check in display order.

    ``media_checks`` are the display, camera, microphone and speaker probes (Qt, from
    ``ui.probes.media``); without them stand-ins report ``unknown`` ("checked only
    in the app"), so the list is complete in the CLI too. Titles are English msgids:
    show them with ``translator.gettext(check.title)``.
    """
    from readiness.checks.network import check_network, check_wifi

    access = access or SystemAccess()
    functions: list[tuple[str, str, CheckFunction]] = [
        ("device.os", N_("Operating system"), check_os),
        ("device.cpu", N_("Processor"), check_cpu),
        ("device.memory", N_("Memory"), check_memory),
        ("device.disk", N_("Disk space"), check_disk),
        ("device.battery", N_("Battery"), check_battery),
        ("device.network", N_("Network connection"), check_network),
        ("device.wifi", N_("Wi-Fi signal"), check_wifi),
    ]
    checks: list[Check] = [
        FunctionCheck(check_id, title, function, thresholds, access)
        for check_id, title, function in functions
    ]
    checks.extend(headless_media_checks() if media_checks is None else media_checks)
    return checks
