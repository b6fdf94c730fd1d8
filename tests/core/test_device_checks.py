"""Device checks: good / limited / missing / unknown for every check with injected fakes,
faults (crash, hang, refused permission, cancel) becoming ``unknown`` while the others run,
the registry, and the ``readiness check device`` command."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from readiness.checks.base import Check
from readiness.checks.device import (
    FunctionCheck,
    check_battery,
    check_cpu,
    check_disk,
    check_memory,
    check_os,
    device_checks,
)
from readiness.checks.network import check_network, check_wifi
from readiness.checks.runner import run_checks
from readiness.checks.system import SystemAccess
from readiness.model import CheckResult, CheckStatus
from readiness.progress import CancelToken, no_progress
from readiness.settings import Settings
from readiness.thresholds import Thresholds, load_thresholds
from tests.core.device_fakes import (
    addr,
    battery,
    commands,
    disk,
    fake_access,
    files,
    memory,
    nic,
    sample,
)

GOOD, LIMITED, MISSING, UNKNOWN = (
    CheckStatus.GOOD,
    CheckStatus.LIMITED,
    CheckStatus.MISSING,
    CheckStatus.UNKNOWN,
)
T = load_thresholds()

CheckFn = Callable[[Thresholds, SystemAccess, CancelToken], CheckResult]


def run(function: CheckFn, **overrides: Any) -> CheckResult:
    """Run one check function the way the app does (through ``run_safely``)."""
    check = FunctionCheck("device.test", "Test", function, T, fake_access(**overrides))
    return run_checks([check], no_progress, CancelToken())[0]


def windows(version: str, machine: str = "AMD64") -> dict[str, Any]:
    return {"system": lambda: "Windows", "version": lambda: version, "machine": lambda: machine}


# -- operating system -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "status", "words"),
    [
        (windows("10.0.22631"), GOOD, "Windows 11"),
        (windows("10.0.19045"), GOOD, "Windows 10"),
        ({"system": lambda: "Darwin", "mac_version": lambda: "14.4.1"}, GOOD, "macOS 14.4.1"),
        ({}, GOOD, "Ubuntu 24.04 LTS"),
        (windows("6.1.7601"), LIMITED, "Windows 7"),
        (windows("6.3.9600"), LIMITED, "Windows 8.1"),
        (windows("5.1.2600"), MISSING, "Windows XP"),
        ({"system": lambda: "Darwin", "mac_version": lambda: "10.12.6"}, MISSING, "10.13"),
        ({"system": lambda: "Haiku"}, UNKNOWN, "Haiku"),
        (windows("garbled"), UNKNOWN, "could not be read"),
        ({"system": lambda: "Darwin", "mac_version": lambda: ""}, UNKNOWN, "could not be read"),
    ],
)
def test_os(overrides: dict[str, Any], status: CheckStatus, words: str) -> None:
    outcome = check_os(T, fake_access(**overrides), CancelToken())
    assert outcome.status is status
    assert words in outcome.reason
    if status is not UNKNOWN:
        assert "(source: " in outcome.reason and "Zoom" in outcome.reason


def test_32bit_windows_is_limited_after_support_ended() -> None:
    access = fake_access(**windows("10.0.19045", machine="x86"))
    before = check_os(T, access, CancelToken(), today=dt.date(2025, 1, 1))
    after = check_os(T, access, CancelToken(), today=dt.date(2026, 11, 23))
    assert before.status is GOOD
    assert (
        after.status is LIMITED and "32-bit" in after.reason and "17 November 2025" in after.reason
    )


# -- processor --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "status", "words"),
    [
        ({}, GOOD, "4 cores at 2.8 GHz"),
        ({"cpu_frequency_mhz": lambda: None}, GOOD, "speed could not be read"),
        ({"cpu_count": lambda logical: 1}, LIMITED, "fewer than the 2 cores"),
        ({"cpu_frequency_mhz": lambda: 1600.0}, LIMITED, "slower than the 2 GHz"),
        ({"cpu_percent": lambda interval: 95.0}, LIMITED, "95% busy"),
        ({"cpu_frequency_mhz": lambda: 800.0}, MISSING, "below the minimum of 1 GHz"),
        (
            {"cpu_count": lambda logical: None, "cpu_frequency_mhz": lambda: None},
            UNKNOWN,
            "could not be read",
        ),
        ({"cpu_percent": lambda interval: 1 / 0}, UNKNOWN, "ZeroDivisionError"),
    ],
)
def test_cpu(overrides: dict[str, Any], status: CheckStatus, words: str) -> None:
    outcome = run(check_cpu, **overrides)
    assert outcome.status is status
    assert words in outcome.reason


def test_cpu_values_have_units() -> None:
    outcome = check_cpu(T, fake_access(), CancelToken())
    assert outcome.values["cores"].value == 4 and outcome.values["cores"].unit == "cores"
    assert outcome.values["frequency"].value == 2.8 and outcome.values["frequency"].unit == "GHz"
    assert outcome.values["load"].unit == "%"


# -- memory -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "available", "status", "words"),
    [
        (16, 8, GOOD, "8 GB for group meetings"),
        (3.8, 2, GOOD, "less than the 8 GB for group meetings"),  # a 4 GB computer
        (6, 3, GOOD, "enough for the 4 GB for 1:1 video calls"),
        (3.5, 2, LIMITED, "below the 4 GB for 1:1 video calls"),
        (8, 0.3, LIMITED, "only 0.3 GB is free"),
        (1.5, 1, MISSING, "below the 2 GB to run Microsoft Teams at all"),
    ],
)
def test_memory(total: float, available: float, status: CheckStatus, words: str) -> None:
    outcome = run(check_memory, virtual_memory=lambda: memory(total, available))
    assert outcome.status is status
    assert words in outcome.reason
    assert "Microsoft Teams hardware requirements" in outcome.reason or "rule of thumb" in (
        outcome.reason
    )
    assert outcome.values["total"].unit == "GB"


def test_memory_reason_reads_aloud() -> None:
    outcome = run(check_memory, virtual_memory=lambda: memory(3.5, 2))
    assert outcome.reason == (
        "This computer has 3.5 GB of memory, below the 4 GB for 1:1 video calls "
        "(source: Microsoft Teams hardware requirements)."
    )


def test_memory_unknown_when_psutil_fails() -> None:
    def broken() -> Any:
        raise OSError("no /proc")

    outcome = run(check_memory, virtual_memory=broken)
    assert outcome.status is UNKNOWN and "OSError" in outcome.reason


# -- disk -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("free", "status", "words"),
    [
        (120, GOOD, "enough for the 3 GB to install Microsoft Teams"),
        (2.1, LIMITED, "below the 3 GB to install Microsoft Teams"),
        (0.2, MISSING, "below the 0.5 GB for updates"),
    ],
)
def test_disk(free: float, status: CheckStatus, words: str) -> None:
    outcome = run(check_disk, disk_usage=lambda path: disk(free))
    assert outcome.status is status
    assert words in outcome.reason
    assert outcome.values["free"].value == free and outcome.values["free"].unit == "GB"


def test_disk_permission_refused_is_unknown() -> None:
    def refuse(path: str) -> Any:
        raise PermissionError(path)

    outcome = run(check_disk, disk_usage=refuse)
    assert outcome.status is UNKNOWN and "refused permission" in outcome.reason


# -- battery ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "status", "words"),
    [
        (None, GOOD, "no battery"),
        (battery(80, -2, True), GOOD, "plugged in"),
        (battery(90, 4 * 3600, False), GOOD, "enough for a visit"),
        (battery(25, 2 * 3600, False), LIMITED, "under the 30% on battery"),
        (battery(50, 40 * 60, False), LIMITED, "under the 60 min on battery"),
        (battery(5, 3600, False), MISSING, "under the 10% to last a visit"),
        (battery(40, 10 * 60, False), MISSING, "under the 15 min to last a visit"),
        (battery(40, -1, None), GOOD, "on battery at 40%"),
    ],
)
def test_battery(state: Any, status: CheckStatus, words: str) -> None:
    outcome = run(check_battery, battery=lambda: state)
    assert outcome.status is status
    assert words in outcome.reason


def test_no_battery_is_not_a_failure() -> None:
    outcome = run(check_battery, battery=lambda: None)
    assert outcome.status is GOOD and outcome.values["present"].value is False


def test_battery_unknown_when_sensor_fails() -> None:
    def broken() -> Any:
        raise RuntimeError("ACPI")

    assert run(check_battery, battery=broken).status is UNKNOWN


# -- network ----------------------------------------------------------------------------

WIFI_LINUX = {
    "net_if_stats": lambda: {"lo": nic(), "wlp2s0": nic(speed=0)},
    "net_if_addrs": lambda: {"lo": [addr("127.0.0.1")], "wlp2s0": [addr("10.0.0.5")]},
    "default_route_address": lambda: "10.0.0.5",
    "read_text": files({"/sys/class/net/wlp2s0/uevent": "DEVTYPE=wlan\nINTERFACE=wlp2s0\n"}),
}


@pytest.mark.parametrize(
    ("overrides", "status", "kind", "words"),
    [
        ({}, GOOD, "wired", "wired connection at 1000 Mbit/s"),
        (WIFI_LINUX, GOOD, "Wi-Fi", "a Wi-Fi connection"),
        (
            {
                "net_if_stats": lambda: {"wwan0": nic(speed=0)},
                "net_if_addrs": lambda: {"wwan0": [addr("100.64.0.9")]},
                "default_route_address": lambda: "100.64.0.9",
            },
            LIMITED,
            "mobile data",
            "mobile data can cost money",
        ),
        ({"default_route_address": lambda: None}, LIMITED, "wired", "no route to the internet"),
        (
            {
                "net_if_stats": lambda: {"lo": nic(), "eth0": nic(up=False)},
                "net_if_addrs": lambda: {"lo": [addr("127.0.0.1")], "eth0": []},
                "default_route_address": lambda: None,
            },
            MISSING,
            "unknown",
            "No network connection",
        ),
    ],
)
def test_network(overrides: dict[str, Any], status: CheckStatus, kind: str, words: str) -> None:
    outcome = run(check_network, **overrides)
    assert outcome.status is status
    assert outcome.values["kind"].value == kind
    assert words in outcome.reason


@pytest.mark.parametrize(
    ("system", "name", "kind"),
    [
        ("Windows", "Wi-Fi", "Wi-Fi"),
        ("Windows", "WLAN", "Wi-Fi"),
        ("Windows", "Ethernet 2", "wired"),
        ("Windows", "Cellular", "mobile data"),
        ("Darwin", "en1", "Wi-Fi"),
        ("Darwin", "en0", "wired"),
        ("Darwin", "en5", "mobile data"),
    ],
)
def test_interface_kind_per_os(system: str, name: str, kind: str) -> None:
    access = fake_access(
        system=lambda: system,
        net_if_stats=lambda: {name: nic(speed=0)},
        net_if_addrs=lambda: {name: [addr("fd00::5", socket.AF_INET6)]},
        default_route_address=lambda: None,
        run_command=commands({"networksetup": sample("networksetup_listallhardwareports.txt")}),
    )
    assert run(check_network, **access.__dict__).values["kind"].value == kind


def test_network_unknown_when_psutil_fails() -> None:
    def broken() -> Any:
        raise OSError("netlink")

    assert run(check_network, net_if_stats=broken).status is UNKNOWN


# -- Wi-Fi signal -----------------------------------------------------------------------


def wifi(system: str, tool_output: str | BaseException, **extra: Any) -> dict[str, Any]:
    tool = {"Linux": "nmcli", "Windows": "netsh", "Darwin": "system_profiler"}[system]
    overrides = {
        **WIFI_LINUX,
        "system": lambda: system,
        "run_command": commands({tool: tool_output}),
    }
    if system != "Linux":
        overrides["net_if_stats"] = lambda: {"Wi-Fi": nic(speed=0)}
        overrides["net_if_addrs"] = lambda: {"Wi-Fi": [addr("10.0.0.5")]}
    return {**overrides, **extra}


@pytest.mark.parametrize(
    ("overrides", "status", "words"),
    [
        ({}, GOOD, "wired connection, so Wi-Fi signal does not matter"),
        (wifi("Linux", sample("nmcli_wifi_list.txt")), GOOD, "72%, at least the 60%"),
        (wifi("Windows", sample("netsh_wlan_interfaces_en.txt")), GOOD, "-52 dBm"),
        (wifi("Windows", sample("netsh_wlan_interfaces_de.txt")), LIMITED, "48%, below the 60%"),
        (wifi("Darwin", sample("system_profiler_airport_sonoma.txt")), LIMITED, "-71 dBm"),
        (wifi("Windows", sample("netsh_wlan_interfaces_es.txt")), MISSING, "22%, below the 30%"),
        (
            wifi(
                "Linux",
                sample("nmcli_wifi_list_not_connected.txt"),
                net_if_stats=lambda: {"usb0": nic(speed=0)},
                net_if_addrs=lambda: {"usb0": [addr("10.0.0.5")]},
                read_text=files({}),
            ),
            GOOD,
            "not using Wi-Fi right now",
        ),
        (
            wifi(
                "Linux",
                sample("nmcli_wifi_list_not_connected.txt"),
                net_if_stats=lambda: {"wlp2s0": nic(up=False)},
                default_route_address=lambda: None,
            ),
            MISSING,
            "not connected to any Wi-Fi network",
        ),
        (
            wifi("Windows", sample("netsh_wlan_interfaces_location_denied.txt")),
            UNKNOWN,
            "Location permission",
        ),
        (wifi("Linux", FileNotFoundError("nmcli")), UNKNOWN, "nmcli tool is not installed"),
        (
            wifi("Windows", sample("netsh_wlan_interfaces_en.txt").replace("87%", "87 pct")),
            UNKNOWN,  # localised beyond recognition
            "cannot read",
        ),
        (
            wifi(
                "Linux",
                sample("nmcli_wifi_list_not_connected.txt"),
                read_text=files({"/sys/class/net/wlp2s0/uevent": "DEVTYPE=wlan\n"}),
            ),
            UNKNOWN,  # the route goes through Wi-Fi, yet nmcli shows no active network
            "did not report the signal",
        ),
        (wifi("Darwin", PermissionError("system_profiler")), UNKNOWN, "did not allow"),
    ],
)
def test_wifi(overrides: dict[str, Any], status: CheckStatus, words: str) -> None:
    outcome = run(check_wifi, **overrides)
    assert outcome.status is status, outcome.reason
    assert words in outcome.reason
    if outcome.values.get("in_use") and outcome.values["in_use"].value:
        assert "(source: " in outcome.reason


def test_wifi_never_stores_the_network_name() -> None:
    outcome = run(check_wifi, **wifi("Windows", sample("netsh_wlan_interfaces_en.txt")))
    assert "HomeNet" not in json.dumps({k: v.value for k, v in outcome.values.items()})
    assert "HomeNet" not in outcome.reason


# -- registry and runner: faults become unknown, the others still run --------------------


class FakeCheck:
    def __init__(
        self,
        check_id: str,
        action: Callable[[CancelToken], CheckResult | None],
        timeout_s: float = 1.0,
    ) -> None:
        self.id = check_id
        self.title = check_id
        self.timeout_s = timeout_s
        self._action = action

    def run(self, progress: Any, cancel: CancelToken) -> CheckResult:
        outcome = self._action(cancel)
        assert outcome is not None
        return outcome


def good(check_id: str) -> FakeCheck:
    return FakeCheck(check_id, lambda cancel: CheckResult(check_id, GOOD, _now(), "Fine."))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def test_registry_lists_every_device_check_in_order() -> None:
    checks = device_checks(T, fake_access())
    assert [c.id for c in checks] == [
        "device.os",
        "device.cpu",
        "device.memory",
        "device.disk",
        "device.battery",
        "device.network",
        "device.wifi",
        "device.display",
        "device.camera",
        "device.microphone",
        "device.speaker",
    ]
    assert all(isinstance(c, Check) for c in checks)


def test_headless_media_checks_report_unknown_checked_in_app() -> None:
    results = run_checks(device_checks(T, fake_access())[7:], no_progress, CancelToken())
    assert {r.status for r in results} == {UNKNOWN}
    assert all("checked only in the app" in r.reason for r in results)


def test_media_checks_can_be_handed_in() -> None:
    checks = device_checks(T, fake_access(), media_checks=[good("device.camera")])
    assert [c.id for c in checks][-1] == "device.camera" and len(checks) == 8


def test_all_fake_device_checks_good_and_fast() -> None:
    started = time.monotonic()
    results = run_checks(
        device_checks(T, fake_access(cpu_percent=lambda i: 5.0)), no_progress, CancelToken()
    )
    assert time.monotonic() - started < 1.0
    assert [r.status for r in results[:7]] == [GOOD] * 7


def test_crash_hang_and_refusal_become_unknown_while_others_run() -> None:
    release = threading.Event()

    def crash(cancel: CancelToken) -> None:
        raise ValueError("bug")

    def hang(cancel: CancelToken) -> None:
        release.wait(10)

    def refuse(cancel: CancelToken) -> None:
        raise PermissionError("camera")

    checks = [
        good("a"),
        FakeCheck("crash", crash),
        FakeCheck("hang", hang, timeout_s=0.3),
        FakeCheck("refuse", refuse),
        good("z"),
    ]
    arrived: list[str] = []
    fractions: list[float | None] = []
    started = time.monotonic()
    results = run_checks(
        checks,
        lambda fraction, message: fractions.append(fraction),
        CancelToken(),
        on_result=lambda r: arrived.append(r.check_id),
    )
    elapsed = time.monotonic() - started
    release.set()
    assert elapsed < 1.0
    assert [r.check_id for r in results] == ["a", "crash", "hang", "refuse", "z"]
    assert [r.status for r in results] == [GOOD, UNKNOWN, UNKNOWN, UNKNOWN, GOOD]
    assert "ValueError" in results[1].reason
    assert "longer than 0.3 seconds" in results[2].reason
    assert "refused permission" in results[3].reason
    assert arrived[-1] == "hang" and sorted(arrived) == sorted(r.check_id for r in results)
    assert fractions[-1] == 1.0


def test_cancel_marks_unfinished_checks_unknown() -> None:
    cancel = CancelToken()
    seen_cancel = threading.Event()

    def slow(token: CancelToken) -> CheckResult:
        token.wait(5)
        seen_cancel.set()
        token.raise_if_cancelled()
        return CheckResult("slow", GOOD, _now(), "late")

    timer = threading.Timer(0.1, cancel.cancel)
    timer.start()
    results = run_checks([good("a"), FakeCheck("slow", slow, timeout_s=5)], no_progress, cancel)
    assert results[0].status is GOOD
    assert results[1].status is UNKNOWN and "cancelled" in results[1].reason
    assert seen_cancel.wait(1)  # the check's own token was cancelled too


def test_empty_list() -> None:
    assert run_checks([], no_progress, CancelToken()) == []


# -- the command line --------------------------------------------------------------------


def _args(**values: Any) -> argparse.Namespace:
    defaults = {"json": False, "thresholds": None, "media": False}
    return argparse.Namespace(**{**defaults, **values})


class _Context:
    def __init__(self, media_checks: object = None) -> None:
        self.out = io.StringIO()
        self.media_checks = media_checks

    def settings(self) -> Settings:
        return Settings()


def test_cli_json_has_one_object_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.cli import check as cli_check

    monkeypatch.setattr("readiness.checks.device.SystemAccess", fake_access)
    context = _Context()
    assert cli_check.run_device(_args(json=True), context) == 0  # type: ignore[arg-type]
    data = json.loads(context.out.getvalue())
    assert len(data) == 11
    assert set(data[0]) == {"id", "status", "values", "reason"}
    memory_item = next(item for item in data if item["id"] == "device.memory")
    assert memory_item["values"]["total"] == {"value": 16.0, "unit": "GB"}
    assert {item["status"] for item in data[7:]} == {"unknown"}


def test_cli_table_and_bad_thresholds_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from readiness.cli import check as cli_check

    monkeypatch.setattr("readiness.checks.device.SystemAccess", fake_access)
    bad = tmp_path / "agency.yaml"
    bad.write_text("schema_version: 1\ndevice:\n  disk:\n    minimum_free: {value: x}\n")
    context = _Context()
    assert cli_check.run_device(_args(thresholds=bad), context) == 0  # type: ignore[arg-type]
    table = context.out.getvalue()
    assert table.splitlines()[0].split() == ["Check", "Status", "Reason"]
    assert "Memory" in table and "good" in table and "Camera" in table
    warning = capsys.readouterr().err
    assert "device.disk.minimum_free.value" in warning and "built-in" in warning


def test_cli_media_flag_uses_the_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.cli import check as cli_check

    monkeypatch.setattr("readiness.checks.device.SystemAccess", fake_access)
    context = _Context(media_checks=lambda t: [good("device.camera")])
    code = cli_check.run_device(_args(json=True, media=True), context)  # type: ignore[arg-type]
    assert code == 0
    ids = [item["id"] for item in json.loads(context.out.getvalue())]
    assert ids[-1] == "device.camera" and len(ids) == 8


def test_cli_real_run_headless(capsys: pytest.CaptureFixture[str]) -> None:
    """The real command on this machine: every check answers, nothing crashes, under 3 s."""
    from readiness.cli import main

    started = time.monotonic()
    assert main(["check", "device", "--json"]) == 0
    assert time.monotonic() - started < 3.0
    data = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in data] == [c.id for c in device_checks(T)]
    assert all(item["status"] in {"good", "limited", "missing", "unknown"} for item in data)
    assert all(item["reason"].endswith(".") for item in data)


def test_cli_check_group_without_subcommand_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    from readiness.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["check"])
    assert exited.value.code == 0
    assert "device" in capsys.readouterr().out
