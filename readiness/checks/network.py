"""Network checks: which interfaces are up, what kind the active one is, and Wi-Fi signal.

psutil lists interfaces but cannot tell Wi-Fi from a cable, so the kind comes from
the OS: ``/sys/class/net`` on Linux, ``networksetup`` on macOS and the interface's
name on Windows (where the names are what the user sees, e.g. "Wi-Fi").
"""

from __future__ import annotations

import socket
import subprocess
from dataclasses import dataclass

from readiness.checks.reasons import cite, result, unknown
from readiness.checks.system import CommandError, SystemAccess
from readiness.checks.wifi import (
    WifiPermissionDenied,
    WifiReading,
    WifiUnreadable,
    parse_networksetup_ports,
    read_wifi,
)
from readiness.messages import M_, N_, Message
from readiness.model import CheckResult, CheckStatus
from readiness.progress import CancelToken
from readiness.thresholds import Thresholds

WIFI, WIRED, CELLULAR, OTHER = "Wi-Fi", "wired", "mobile data", "unknown"

_WINDOWS_HINTS = (
    (WIFI, ("wi-fi", "wifi", "wlan", "wireless", "inalámbrica", "sans fil")),
    (CELLULAR, ("cellular", "mobile", "mobilfunk", "móvil", "celular", "wwan")),
    (WIRED, ("ethernet", "lan", "red cableada")),
)


@dataclass(frozen=True)
class NetworkFacts:
    """The interfaces that are up (not loopback, with an address) and the one in use."""

    up: tuple[str, ...]
    active: str | None
    kind: str
    speed_mbps: int | None
    has_route: bool


def _is_loopback(name: str, addresses: list[str]) -> bool:
    return name.lower().startswith(("lo", "loopback")) or any(
        a.startswith("127.") or a == "::1" for a in addresses
    )


def _linux_kind(name: str, access: SystemAccess) -> str:
    base = f"/sys/class/net/{name}"
    try:
        uevent = access.read_text(f"{base}/uevent")
    except OSError:
        uevent = ""
    if "DEVTYPE=wlan" in uevent or access.exists(f"{base}/wireless"):
        return WIFI
    if "DEVTYPE=wwan" in uevent or name.startswith(("wwan", "rmnet")):
        return CELLULAR
    try:
        is_ether = access.read_text(f"{base}/type").strip() == "1"
    except OSError:
        is_ether = False
    virtual = name.startswith(("docker", "veth", "br-", "virbr", "tun", "tap", "wg", "ppp"))
    return WIRED if is_ether and not virtual else OTHER


def _mac_kind(name: str, access: SystemAccess) -> str:
    try:
        port = parse_networksetup_ports(
            access.run_command(("networksetup", "-listallhardwareports"))
        ).get(name, "")
    except (OSError, CommandError, subprocess.TimeoutExpired):
        return OTHER
    if "Wi-Fi" in port or "AirPort" in port:
        return WIFI
    if "iPhone" in port or "Bluetooth" in port:
        return CELLULAR
    return WIRED if "Ethernet" in port or "LAN" in port else OTHER


def interface_kind(name: str, access: SystemAccess) -> str:
    """Wi-Fi, wired, mobile data or unknown, as far as the OS tells without admin rights."""
    system = access.system()
    if system == "Linux":
        return _linux_kind(name, access)
    if system == "Darwin":
        return _mac_kind(name, access)
    lowered = name.lower()
    for kind, hints in _WINDOWS_HINTS:
        if any(hint in lowered for hint in hints):
            return kind
    return OTHER


def network_facts(access: SystemAccess) -> NetworkFacts:
    """Gather which interfaces are up and which one carries traffic to the internet."""
    stats = access.net_if_stats()
    addresses = access.net_if_addrs()
    up: list[str] = []
    by_address: dict[str, str] = {}
    for name, info in stats.items():
        usable = [
            a.address
            for a in addresses.get(name, ())
            if a.family in (socket.AF_INET, socket.AF_INET6) and not a.address.startswith("fe80")
        ]
        if not info.isup or not usable or _is_loopback(name, usable):
            continue
        up.append(name)
        by_address.update(dict.fromkeys(usable, name))
    route = access.default_route_address()
    active = by_address.get(route) if route else None
    if active is None and up:
        active = up[0]
    if active is None:
        return NetworkFacts(tuple(up), None, OTHER, None, route is not None)
    speed = stats[active].speed or None
    return NetworkFacts(tuple(up), active, interface_kind(active, access), speed, route is not None)


_KIND_WORDS = {
    WIFI: N_("a Wi-Fi connection"),
    WIRED: N_("a wired connection"),
    CELLULAR: N_("a mobile data connection"),
    OTHER: N_("an unidentified connection"),
}


def check_network(
    t: Thresholds,  # noqa: ARG001 - the shared check signature
    access: SystemAccess,
    cancel: CancelToken,  # noqa: ARG001
) -> CheckResult:
    """At least one network connection is up; which kind it is and its link speed."""
    facts = network_facts(access)
    values = {
        "interfaces_up": (len(facts.up), ""),
        "active_interface": (facts.active, ""),
        "kind": (facts.kind, ""),
        "link_speed": (facts.speed_mbps, "Mbit/s"),
    }
    if facts.active is None:
        return result(
            "device.network",
            CheckStatus.MISSING,
            M_(
                "No network connection is switched on; connect to Wi-Fi or plug in a network cable."
            ),
            values,
        )
    kind = Message(_KIND_WORDS.get(facts.kind, _KIND_WORDS[OTHER]))
    if facts.speed_mbps:
        summary = M_(
            "This computer is connected through {kind} at {speed} Mbit/s",
            kind=kind,
            speed=facts.speed_mbps,
        )
    else:
        summary = M_("This computer is connected through {kind}", kind=kind)
    if not facts.has_route:
        return result(
            "device.network",
            CheckStatus.LIMITED,
            M_("{summary}, but no route to the internet was found.", summary=summary),
            values,
        )
    if facts.kind == CELLULAR:
        return result(
            "device.network",
            CheckStatus.LIMITED,
            M_(
                "{summary}; mobile data can cost money and vary in speed during a video call.",
                summary=summary,
            ),
            values,
        )
    return result("device.network", CheckStatus.GOOD, M_("{summary}.", summary=summary), values)


def _classify_signal(t: Thresholds, reading: WifiReading) -> tuple[CheckStatus, Message]:
    limits = t.device.wifi
    if reading.signal_dbm is not None:
        level, good, poor = reading.signal_dbm, limits.good_signal_dbm, limits.poor_signal_dbm
        summary = M_("The Wi-Fi signal is {level} dBm", level=level)
    elif reading.signal_pct is not None:
        level, good, poor = reading.signal_pct, limits.good_signal_pct, limits.poor_signal_pct
        summary = M_("The Wi-Fi signal is {level}%", level=level)
    else:
        return CheckStatus.UNKNOWN, M_("The Wi-Fi signal strength was not reported.")
    if level >= good.value:
        return CheckStatus.GOOD, M_(
            "{summary}, at least the {limit}.", summary=summary, limit=cite(good)
        )
    if level < poor.value:
        return CheckStatus.MISSING, M_(
            "{summary}, below the {limit}; move closer to the router or use a cable.",
            summary=summary,
            limit=cite(poor),
        )
    return CheckStatus.LIMITED, M_(
        "{summary}, below the {limit}; moving closer to the router will help.",
        summary=summary,
        limit=cite(good),
    )


def check_wifi(t: Thresholds, access: SystemAccess, cancel: CancelToken) -> CheckResult:
    """Wi-Fi signal strength of the network in use (not needed on a cable or mobile data)."""
    facts = network_facts(access)
    if facts.kind in (WIRED, CELLULAR):
        return result(
            "device.wifi",
            CheckStatus.GOOD,
            M_(
                "This computer uses {kind}, so Wi-Fi signal does not matter.",
                kind=Message(_KIND_WORDS[facts.kind]),
            ),
            {"in_use": (False, "")},
        )
    cancel.raise_if_cancelled()
    try:
        reading = read_wifi(access)
    except WifiPermissionDenied as exc:
        return unknown(
            "device.wifi", M_("The Wi-Fi signal could not be read: {problem}.", problem=exc.why)
        )
    except WifiUnreadable as exc:
        return unknown(
            "device.wifi",
            M_("The Wi-Fi signal could not be read because {problem}.", problem=exc.why),
        )
    if reading is None:
        if facts.kind == WIFI:
            return unknown(
                "device.wifi",
                M_("This computer is on Wi-Fi but the Wi-Fi tool did not report the signal."),
            )
        if facts.active is not None:
            return result(
                "device.wifi",
                CheckStatus.GOOD,
                M_("This computer is not using Wi-Fi right now, so Wi-Fi signal does not matter."),
                {"in_use": (False, "")},
            )
        return result(
            "device.wifi",
            CheckStatus.MISSING,
            M_("This computer is not connected to any Wi-Fi network."),
            {"in_use": (False, "")},
        )
    status, reason = _classify_signal(t, reading)
    values = {
        "in_use": (True, ""),
        "signal_percent": (reading.signal_pct, "%"),
        "signal_dbm": (reading.signal_dbm, "dBm"),
        "rate": (reading.rate_mbps, "Mbit/s"),
        "radio": (reading.radio, ""),
        "tool": (reading.tool, ""),
    }
    return result("device.wifi", status, reason, values)
