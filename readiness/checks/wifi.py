"""Reading Wi-Fi signal strength without admin rights, and parsing each OS tool's output.

Linux: ``nmcli`` (NetworkManager), else ``/proc/net/wireless``. Windows:
``netsh wlan show interfaces``, whose labels are localised, so values are found by
shape (``87%``, ``802.11ax``) rather than by label; Windows 11 24H2 refuses it
without Location permission. macOS: ``system_profiler SPAirPortDataType``
(``airport`` was removed in 14.4). The network's name (SSID) is never kept: it can
identify a household.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, replace

from readiness.checks.system import CommandError, SystemAccess
from readiness.messages import M_, Message, english


class WifiUnreadable(Exception):
    """The signal could not be read; ``why`` is a plain sentence fragment for the reason."""

    def __init__(self, why: Message) -> None:
        super().__init__(english(why))
        self.why = why


class WifiPermissionDenied(WifiUnreadable):
    """The OS refused to tell (e.g. Windows 11 Location permission is off)."""


@dataclass(frozen=True)
class WifiReading:
    """What the OS says about the current Wi-Fi link; any field may be unknown."""

    signal_pct: int | None = None
    signal_dbm: int | None = None
    rate_mbps: float | None = None
    radio: str | None = None
    interface: str | None = None
    tool: str = ""


def _split_terse(line: str) -> list[str]:
    """Split one line of ``nmcli -t`` output: ``:`` separates, ``\\:`` and ``\\\\`` escape."""
    fields, current, escaped = [], [], False
    for char in line:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields


def parse_nmcli(output: str) -> WifiReading | None:
    """Parse ``nmcli -t -f ACTIVE,SSID,SIGNAL,RATE,CHAN,DEVICE dev wifi list``.

    Returns the active network's reading, or None when no Wi-Fi network is active.
    """
    for line in output.splitlines():
        fields = _split_terse(line)
        if len(fields) < 4 or fields[0].strip() not in ("yes", "*"):
            continue
        signal = fields[2].strip()
        if not signal.isdigit():
            raise WifiUnreadable(M_("nmcli reported a signal strength that could not be read"))
        rate = re.match(r"\s*([\d.]+)", fields[3])
        device = fields[5].strip() if len(fields) > 5 and fields[5].strip() else None
        return WifiReading(
            signal_pct=int(signal),
            rate_mbps=float(rate.group(1)) if rate else None,
            interface=device,
            tool="nmcli",
        )
    return None


def parse_proc_net_wireless(text: str) -> WifiReading | None:
    """Parse ``/proc/net/wireless``: the first interface line's signal level in dBm."""
    for line in text.splitlines()[2:]:
        match = re.match(r"\s*([^:\s]+):\s*\S+\s+([-\d.]+)\s+([-\d.]+)", line)
        if not match:
            continue
        level = round(float(match.group(3)))
        if level > 0:  # some drivers report an unsigned byte: 200 means -56 dBm
            level -= 256
        return WifiReading(signal_dbm=level, interface=match.group(1), tool="/proc/net/wireless")
    return None


_NETSH_PERMISSION_MARKS = ("ms-settings:privacy-location", "error 5:", "error 5 ")
_PERCENT = re.compile(r"^(\d{1,3})\s*%$")
_RATE_LABEL = re.compile(r"\((?:mbps|mbit/s|mb/s)\)", re.IGNORECASE)
_MAC = re.compile(r"^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$", re.IGNORECASE)
_DECIMAL = re.compile(r"^\d+(?:[.,]\d+)?$")


def _netsh_blocks(output: str) -> list[list[tuple[str, str]]]:
    """Group indented ``label : value`` lines into blocks separated by other lines."""
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in output.splitlines():
        label, separator, value = line.partition(":")
        if separator and line.startswith(" ") and label.strip():
            current.append((label.strip(), value.strip()))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse_netsh(output: str) -> WifiReading | None:
    """Parse ``netsh wlan show interfaces`` in any display language.

    Values are recognised by shape, not by their (translated) labels: the signal is
    the only ``NN%`` value, the radio type starts with ``802.11``, the receive rate
    is the first line whose label carries ``(Mbps)``, and each interface block
    starts with its name. Returns None when no interface shows a signal (Wi-Fi off
    or disconnected).
    """
    lowered = output.lower()
    if any(mark in lowered for mark in _NETSH_PERMISSION_MARKS):
        raise WifiPermissionDenied(
            M_("Windows needs Location permission for apps before it shows the Wi-Fi signal")
        )
    for block in _netsh_blocks(output):
        signal = next((m.group(1) for _, v in block if (m := _PERCENT.match(v))), None)
        radio = next((v for _, v in block if v.startswith("802.11")), None)
        if signal is None:
            if radio is not None or sum(bool(_MAC.match(v)) for _, v in block) > 1:
                # connected (a radio type, an access point's address) yet no NN% value
                raise WifiUnreadable(M_("netsh answered in a form this app cannot read"))
            continue
        rssi = next((v for k, v in block if k.lower() == "rssi" and v.lstrip("-").isdigit()), None)
        rate = next((v for k, v in block if _RATE_LABEL.search(k) and _DECIMAL.match(v)), None)
        return WifiReading(
            signal_pct=int(signal),
            signal_dbm=int(rssi) if rssi is not None else None,
            rate_mbps=float(rate.replace(",", ".")) if rate is not None else None,
            radio=radio,
            interface=block[0][1],
            tool="netsh",
        )
    return None


_SIGNAL_NOISE = re.compile(r"(-\d{1,3})\s*dBm\s*/\s*(-\d{1,3})\s*dBm")


def parse_system_profiler(output: str) -> WifiReading | None:
    """Parse ``system_profiler SPAirPortDataType``: the current network's signal and rates.

    Only the part under "Current Network Information:" is read, so nearby networks
    listed under "Other Local Wi-Fi Networks:" are never mistaken for this one.
    """
    lines = output.splitlines()
    interface: str | None = None
    for index, line in enumerate(lines):
        if re.match(r"^\s+(en\d+|wl\w*):\s*$", line):
            interface = line.strip().rstrip(":")
        if line.strip() != "Current Network Information:":
            continue
        depth = len(line) - len(line.lstrip())
        reading = WifiReading(interface=interface, tool="system_profiler")
        for inner in lines[index + 1 :]:
            if inner.strip() and len(inner) - len(inner.lstrip()) <= depth:
                break
            key, _, value = inner.strip().partition(":")
            if match := _SIGNAL_NOISE.search(inner):
                reading = replace(reading, signal_dbm=int(match.group(1)))
            elif key == "PHY Mode":
                reading = replace(reading, radio=value.strip())
            elif key == "Transmit Rate" and value.strip().replace(".", "", 1).isdigit():
                reading = replace(reading, rate_mbps=float(value.strip()))
        if reading.signal_dbm is None:
            raise WifiUnreadable(M_("system_profiler did not show a signal level for this network"))
        return reading
    return None


def parse_networksetup_ports(output: str) -> dict[str, str]:
    """Parse ``networksetup -listallhardwareports`` into device -> hardware port name."""
    ports: dict[str, str] = {}
    port: str | None = None
    for line in output.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Hardware Port":
            port = value.strip()
        elif key.strip() == "Device" and port is not None:
            ports[value.strip()] = port
            port = None
    return ports


NMCLI = (
    "nmcli",
    "-t",
    "-f",
    "ACTIVE,SSID,SIGNAL,RATE,CHAN,DEVICE",
    "dev",
    "wifi",
    "list",
    "--rescan",
    "no",
)
NETSH = ("netsh", "wlan", "show", "interfaces")
SYSTEM_PROFILER = ("system_profiler", "-detailLevel", "basic", "SPAirPortDataType")


def _run(access: SystemAccess, args: tuple[str, ...]) -> str:
    tool = args[0]
    try:
        return access.run_command(args)
    except FileNotFoundError as exc:
        raise WifiUnreadable(M_("the {tool} tool is not installed", tool=tool)) from exc
    except PermissionError as exc:
        raise WifiPermissionDenied(
            M_("the computer did not allow {tool} to run", tool=tool)
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise WifiUnreadable(M_("{tool} took too long to answer", tool=tool)) from exc
    except CommandError as exc:
        if tool == "netsh":
            parse_netsh(str(exc))  # raises WifiPermissionDenied when that is the cause
        raise WifiUnreadable(M_("{tool} reported an error", tool=tool)) from exc
    except OSError as exc:
        raise WifiUnreadable(M_("{tool} could not be started", tool=tool)) from exc


def read_wifi(access: SystemAccess) -> WifiReading | None:
    """The current Wi-Fi reading, None if no Wi-Fi network is in use; raises ``WifiUnreadable``."""
    system = access.system()
    if system == "Windows":
        return parse_netsh(_run(access, NETSH))
    if system == "Darwin":
        return parse_system_profiler(_run(access, SYSTEM_PROFILER))
    if system == "Linux":
        try:
            return parse_nmcli(_run(access, NMCLI))
        except WifiUnreadable as nmcli_problem:
            try:
                text = access.read_text("/proc/net/wireless")
            except OSError:
                raise nmcli_problem from None
            return parse_proc_net_wireless(text)
    raise WifiUnreadable(
        M_(
            "reading Wi-Fi signal is not supported on {system}",
            system=system or M_("this system"),
        )
    )
