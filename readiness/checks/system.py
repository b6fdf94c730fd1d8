"""The seam between the device checks and the computer: psutil, ``platform``, files and commands.

``SystemAccess`` bundles every call the device checks make to the operating system,
with real defaults. Tests pass a ``SystemAccess`` with fakes, so each check's
good / limited / missing / unknown paths run without the hardware. Commands run
with a short timeout, in the C locale where the tool honours it, and never need
admin rights.
"""

from __future__ import annotations

import os
import platform
import socket
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import psutil

COMMAND_TIMEOUT_S = 2.0
"""Longest a system command (nmcli, netsh, system_profiler) may take."""


class CommandError(Exception):
    """A system command could not run or failed; the message is safe to show."""


class MemoryInfo(Protocol):
    @property
    def total(self) -> int: ...
    @property
    def available(self) -> int: ...


class DiskInfo(Protocol):
    @property
    def total(self) -> int: ...
    @property
    def free(self) -> int: ...


class BatteryInfo(Protocol):
    @property
    def percent(self) -> float: ...
    @property
    def secsleft(self) -> float: ...
    @property
    def power_plugged(self) -> bool | None: ...


class InterfaceStats(Protocol):
    @property
    def isup(self) -> bool: ...
    @property
    def speed(self) -> int: ...


class InterfaceAddress(Protocol):
    @property
    def family(self) -> Any: ...
    @property
    def address(self) -> str: ...


def run_command(args: Sequence[str], timeout: float = COMMAND_TIMEOUT_S) -> str:
    """Run a command without a shell and return its output; raise on a missing tool or failure.

    ``FileNotFoundError`` (tool not installed), ``PermissionError`` and
    ``subprocess.TimeoutExpired`` pass through so callers can word them; a non-zero
    exit becomes ``CommandError`` carrying the output (it may explain a refusal).
    """
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    completed = subprocess.run(
        list(args),
        capture_output=True,
        timeout=timeout,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    output = completed.stdout.decode("utf-8", "replace")
    if completed.returncode != 0:
        raise CommandError(output + completed.stderr.decode("utf-8", "replace"))
    return output


def default_route_address() -> str | None:
    """The local IP address the computer would use to reach the internet, or None.

    Connecting a UDP socket sends no packet; it only asks the OS to pick a route.
    The address is a documentation range (RFC 5737), never contacted.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("198.51.100.1", 9))
            address: str = sock.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("0.") else address


def _os_release() -> Mapping[str, str]:
    try:
        return platform.freedesktop_os_release()
    except OSError:
        return {}


def _cpu_frequency_mhz() -> float | None:
    cpu_freq = getattr(psutil, "cpu_freq", None)  # absent on some platforms
    if cpu_freq is None:
        return None
    freq = cpu_freq()
    if freq is None:
        return None
    best = float(freq.max or freq.current or 0)  # max is the rated speed; current may idle low
    return best or None


def _battery() -> BatteryInfo | None:
    sensors_battery = getattr(psutil, "sensors_battery", None)
    return None if sensors_battery is None else sensors_battery()


def _read_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8", errors="replace")


@dataclass(frozen=True)
class SystemAccess:
    """Every operating-system call the device checks make; replace any field in tests."""

    system: Callable[[], str] = platform.system
    release: Callable[[], str] = platform.release
    version: Callable[[], str] = platform.version
    machine: Callable[[], str] = platform.machine
    mac_version: Callable[[], str] = field(default=lambda: platform.mac_ver()[0])
    os_release: Callable[[], Mapping[str, str]] = _os_release
    cpu_count: Callable[[bool], int | None] = field(
        default=lambda logical: psutil.cpu_count(logical=logical)
    )
    cpu_frequency_mhz: Callable[[], float | None] = _cpu_frequency_mhz
    cpu_percent: Callable[[float], float] = field(
        default=lambda interval: psutil.cpu_percent(interval=interval)
    )
    virtual_memory: Callable[[], MemoryInfo] = psutil.virtual_memory
    disk_usage: Callable[[str], DiskInfo] = psutil.disk_usage
    battery: Callable[[], BatteryInfo | None] = _battery
    net_if_stats: Callable[[], Mapping[str, InterfaceStats]] = psutil.net_if_stats
    net_if_addrs: Callable[[], Mapping[str, Sequence[InterfaceAddress]]] = psutil.net_if_addrs
    default_route_address: Callable[[], str | None] = default_route_address
    run_command: Callable[[Sequence[str]], str] = run_command
    read_text: Callable[[str], str] = _read_text
    exists: Callable[[str], bool] = os.path.exists
    home: Callable[[], Path] = Path.home
