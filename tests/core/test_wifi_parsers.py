"""Wi-Fi tool parsers on recorded outputs (nmcli, netsh in English/German/Spanish,
macOS system_profiler, /proc/net/wireless, networksetup) and ``read_wifi``'s failure paths."""

from __future__ import annotations

import subprocess

import pytest

from readiness.checks.system import CommandError
from readiness.checks.wifi import (
    WifiPermissionDenied,
    WifiReading,
    WifiUnreadable,
    parse_netsh,
    parse_networksetup_ports,
    parse_nmcli,
    parse_proc_net_wireless,
    parse_system_profiler,
    read_wifi,
)
from tests.core.device_fakes import commands, fake_access, files, sample


def test_nmcli_active_network_with_escaped_fields() -> None:
    reading = parse_nmcli(sample("nmcli_wifi_list.txt"))
    assert reading == WifiReading(signal_pct=72, rate_mbps=130.0, interface="wlp2s0", tool="nmcli")


def test_nmcli_without_active_network() -> None:
    assert parse_nmcli(sample("nmcli_wifi_list_not_connected.txt")) is None
    assert parse_nmcli("") is None


def test_nmcli_escaped_colon_in_ssid_does_not_shift_fields() -> None:
    reading = parse_nmcli("yes:My\\:Net\\\\Home:55:54 Mbit/s:11:wlan0\n")
    assert reading is not None
    assert (reading.signal_pct, reading.interface) == (55, "wlan0")


def test_nmcli_garbled_signal_is_unreadable() -> None:
    with pytest.raises(WifiUnreadable):
        parse_nmcli("yes:Home:strong:54 Mbit/s:11:wlan0\n")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("netsh_wlan_interfaces_en.txt", WifiReading(87, -52, 573.5, "802.11ax", "Wi-Fi", "netsh")),
        ("netsh_wlan_interfaces_de.txt", WifiReading(48, None, 72.2, "802.11n", "WLAN", "netsh")),
        ("netsh_wlan_interfaces_es.txt", WifiReading(22, None, 65.0, "802.11n", "Wi-Fi", "netsh")),
    ],
)
def test_netsh_in_each_language(name: str, expected: WifiReading) -> None:
    assert parse_netsh(sample(name)) == expected


def test_netsh_disconnected_has_no_reading() -> None:
    assert parse_netsh(sample("netsh_wlan_interfaces_disconnected_en.txt")) is None


def test_netsh_location_permission_refusal() -> None:
    with pytest.raises(WifiPermissionDenied, match="Location permission"):
        parse_netsh(sample("netsh_wlan_interfaces_location_denied.txt"))


def test_netsh_connected_but_unreadable_signal() -> None:
    mangled = sample("netsh_wlan_interfaces_en.txt").replace("87%", "87 Prozent")
    with pytest.raises(WifiUnreadable, match="cannot read"):
        parse_netsh(mangled)


def test_system_profiler_reads_current_network_not_neighbours() -> None:
    reading = parse_system_profiler(sample("system_profiler_airport_sonoma.txt"))
    assert reading == WifiReading(
        signal_dbm=-71,
        rate_mbps=390.0,
        radio="802.11ac",
        interface="en0",
        tool="system_profiler",
    )


def test_system_profiler_wifi_off() -> None:
    assert parse_system_profiler(sample("system_profiler_airport_off.txt")) is None


def test_system_profiler_current_network_without_signal_is_unreadable() -> None:
    text = sample("system_profiler_airport_sonoma.txt").replace(
        "Signal / Noise: -71 dBm / -92 dBm", "Signal / Noise: unavailable"
    )
    with pytest.raises(WifiUnreadable):
        parse_system_profiler(text)


def test_proc_net_wireless() -> None:
    reading = parse_proc_net_wireless(sample("proc_net_wireless.txt"))
    assert reading is not None and (reading.signal_dbm, reading.interface) == (-56, "wlp3s0")
    header_only = "\n".join(sample("proc_net_wireless.txt").splitlines()[:2])
    assert parse_proc_net_wireless(header_only) is None


def test_proc_net_wireless_unsigned_level() -> None:
    text = "h1\nh2\nwlan0: 0000   54.  200.  -256  0 0 0 0 0 0\n"
    reading = parse_proc_net_wireless(text)
    assert reading is not None and reading.signal_dbm == -56


def test_networksetup_ports() -> None:
    ports = parse_networksetup_ports(sample("networksetup_listallhardwareports.txt"))
    assert ports == {
        "en0": "Ethernet",
        "en1": "Wi-Fi",
        "en5": "iPhone USB",
        "bridge0": "Thunderbolt Bridge",
    }


# -- read_wifi: which tool per OS, and every way a tool can fail -------------------------


def test_read_wifi_uses_each_os_tool() -> None:
    outputs = {
        "nmcli": sample("nmcli_wifi_list.txt"),
        "netsh": sample("netsh_wlan_interfaces_es.txt"),
        "system_profiler": sample("system_profiler_airport_sonoma.txt"),
    }
    run = commands(outputs)
    linux = read_wifi(fake_access(system=lambda: "Linux", run_command=run))
    windows = read_wifi(fake_access(system=lambda: "Windows", run_command=run))
    mac = read_wifi(fake_access(system=lambda: "Darwin", run_command=run))
    assert linux is not None and linux.tool == "nmcli"
    assert windows is not None and windows.signal_pct == 22
    assert mac is not None and mac.signal_dbm == -71


def test_linux_falls_back_to_proc_when_nmcli_missing() -> None:
    access = fake_access(
        run_command=commands({}),
        read_text=files({"/proc/net/wireless": sample("proc_net_wireless.txt")}),
    )
    reading = read_wifi(access)
    assert reading is not None and reading.tool == "/proc/net/wireless"


def test_linux_without_nmcli_or_proc_says_tool_missing() -> None:
    with pytest.raises(WifiUnreadable, match="nmcli tool is not installed"):
        read_wifi(fake_access(run_command=commands({}), read_text=files({})))


@pytest.mark.parametrize(
    ("failure", "expected", "kind"),
    [
        (FileNotFoundError("netsh"), "not installed", WifiUnreadable),
        (PermissionError("netsh"), "did not allow", WifiPermissionDenied),
        (subprocess.TimeoutExpired("netsh", 2), "too long", WifiUnreadable),
        (
            CommandError("The Wireless AutoConfig Service (wlansvc) is not running."),
            "error",
            WifiUnreadable,
        ),
        (
            CommandError(sample("netsh_wlan_interfaces_location_denied.txt")),
            "Location",
            WifiPermissionDenied,
        ),
        (OSError("exec format error"), "could not be started", WifiUnreadable),
    ],
)
def test_windows_tool_failures(failure: BaseException, expected: str, kind: type) -> None:
    access = fake_access(system=lambda: "Windows", run_command=commands({"netsh": failure}))
    with pytest.raises(kind, match=expected):
        read_wifi(access)


def test_unsupported_system() -> None:
    with pytest.raises(WifiUnreadable, match="not supported"):
        read_wifi(fake_access(system=lambda: "Haiku"))
