"""Every device-check reason, in every status branch, renders wholly in Spanish from its message.

Each scenario drives one branch of a check with the fakes of ``device_fakes`` (or the
facts the Qt probes hand over), then checks that the result keeps its reason as a
message, that the English rendering is exactly the stored ``reason``, and that the
Spanish rendering has a translation for every msgid and no English wording left.
The threshold texts (purposes, units) and connection-use titles are checked too.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest

from readiness.checks.base import crashed, run_safely
from readiness.checks.device import check_battery, check_cpu, check_disk, check_memory, check_os
from readiness.checks.media import (
    AudioLevel,
    CameraFacts,
    DisplayFacts,
    MicrophoneFacts,
    Permission,
    classify_camera,
    classify_display,
    classify_microphone,
    classify_speaker,
    headless_media_checks,
)
from readiness.checks.network import _classify_signal, check_network, check_wifi
from readiness.checks.reasons import cite
from readiness.checks.runner import cancelled, timed_out
from readiness.checks.system import CommandError
from readiness.checks.wifi import WifiReading
from readiness.i18n import ENGLISH, translator
from readiness.messages import english
from readiness.model import CheckResult, CheckStatus
from readiness.progress import Cancelled, CancelToken, no_progress
from readiness.thresholds import Limit, load_thresholds
from readiness.thresholds.catalogue import catalogue_texts, extract_babel
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
from tests.core.spanish import assert_fully_spanish, neutral, spanish_entries

GOOD, LIMITED, MISSING, UNKNOWN = (
    CheckStatus.GOOD,
    CheckStatus.LIMITED,
    CheckStatus.MISSING,
    CheckStatus.UNKNOWN,
)
T = load_thresholds()


def _device(function: Callable[..., CheckResult], **overrides: Any) -> Callable[[], CheckResult]:
    return lambda: function(T, fake_access(**overrides), CancelToken())


def _windows(version: str, machine: str = "AMD64") -> dict[str, Any]:
    return {"system": lambda: "Windows", "version": lambda: version, "machine": lambda: machine}


WIFI_LINUX = {
    "net_if_stats": lambda: {"lo": nic(), "wlp2s0": nic(speed=0)},
    "net_if_addrs": lambda: {"lo": [addr("127.0.0.1")], "wlp2s0": [addr("10.0.0.5")]},
    "default_route_address": lambda: "10.0.0.5",
    "read_text": files({"/sys/class/net/wlp2s0/uevent": "DEVTYPE=wlan\nINTERFACE=wlp2s0\n"}),
}


def _wifi(system: str, output: str | BaseException, **extra: Any) -> Callable[[], CheckResult]:
    tool = {"Linux": "nmcli", "Windows": "netsh", "Darwin": "system_profiler"}[system]
    overrides: dict[str, Any] = {
        **WIFI_LINUX,
        "system": lambda: system,
        "run_command": commands({tool: output}),
    }
    if system != "Linux":
        overrides["net_if_stats"] = lambda: {"Wi-Fi": nic(speed=0)}
        overrides["net_if_addrs"] = lambda: {"Wi-Fi": [addr("10.0.0.5")]}
    return _device(check_wifi, **{**overrides, **extra})


def _os_on(day: dt.date, **overrides: Any) -> Callable[[], CheckResult]:
    return lambda: check_os(T, fake_access(**overrides), CancelToken(), today=day)


NOT_CONNECTED = sample("nmcli_wifi_list_not_connected.txt")
LEVEL = AudioLevel(rms=0.1, peak=0.5)  # about -6 dBFS: speech
QUIET = AudioLevel(rms=0.001, peak=0.002)  # about -54 dBFS

SCENARIOS: dict[str, tuple[CheckStatus, Callable[[], CheckResult]]] = {
    # operating system
    "windows 11": (GOOD, _device(check_os, **_windows("10.0.22631"))),
    "windows 7": (LIMITED, _device(check_os, **_windows("6.1.7601"))),
    "windows xp": (MISSING, _device(check_os, **_windows("5.1.2600"))),
    "32-bit windows after its end": (
        LIMITED,
        _os_on(dt.date(2026, 11, 23), **_windows("10.0.19045", machine="x86")),
    ),
    "windows unreadable": (UNKNOWN, _device(check_os, **_windows("garbled"))),
    "macos current": (
        GOOD,
        _device(check_os, system=lambda: "Darwin", mac_version=lambda: "14.4.1"),
    ),
    "macos too old": (
        MISSING,
        _device(check_os, system=lambda: "Darwin", mac_version=lambda: "10.12.6"),
    ),
    "macos unreadable": (
        UNKNOWN,
        _device(check_os, system=lambda: "Darwin", mac_version=lambda: ""),
    ),
    "linux": (GOOD, _device(check_os)),
    "unlisted system": (UNKNOWN, _device(check_os, system=lambda: "Haiku")),
    "unnamed system": (UNKNOWN, _device(check_os, system=lambda: "")),
    # processor
    "cpu good": (GOOD, _device(check_cpu)),
    "cpu speed unread": (GOOD, _device(check_cpu, cpu_frequency_mhz=lambda: None)),
    "cpu cores unread": (GOOD, _device(check_cpu, cpu_count=lambda logical: None)),
    "cpu few cores": (LIMITED, _device(check_cpu, cpu_count=lambda logical: 1)),
    "cpu slow": (LIMITED, _device(check_cpu, cpu_frequency_mhz=lambda: 1600.0)),
    "cpu busy": (LIMITED, _device(check_cpu, cpu_percent=lambda interval: 95.0)),
    "cpu below minimum": (MISSING, _device(check_cpu, cpu_frequency_mhz=lambda: 800.0)),
    "cpu unreadable": (
        UNKNOWN,
        _device(check_cpu, cpu_count=lambda logical: None, cpu_frequency_mhz=lambda: None),
    ),
    # memory
    "memory ample": (GOOD, _device(check_memory)),
    "memory short of group": (GOOD, _device(check_memory, virtual_memory=lambda: memory(6, 3))),
    "memory mostly used": (
        LIMITED,
        _device(check_memory, virtual_memory=lambda: memory(16, 0.2)),
    ),
    "memory below recommended": (
        LIMITED,
        _device(check_memory, virtual_memory=lambda: memory(2.8, 2)),
    ),
    "memory below minimum": (MISSING, _device(check_memory, virtual_memory=lambda: memory(1, 1))),
    # disk
    "disk ample": (GOOD, _device(check_disk)),
    "disk low": (LIMITED, _device(check_disk, disk_usage=lambda path: disk(2))),
    "disk full": (MISSING, _device(check_disk, disk_usage=lambda path: disk(0.2))),
    # battery
    "no battery": (GOOD, _device(check_battery)),
    "plugged in": (GOOD, _device(check_battery, battery=lambda: battery(50, -2, True))),
    "battery enough": (GOOD, _device(check_battery, battery=lambda: battery(90, 4 * 3600, False))),
    "battery time unknown": (GOOD, _device(check_battery, battery=lambda: battery(90, -1, False))),
    "battery low charge": (LIMITED, _device(check_battery, battery=lambda: battery(20, -1, False))),
    "battery low time": (
        LIMITED,
        _device(check_battery, battery=lambda: battery(80, 40 * 60, False)),
    ),
    "battery critical": (MISSING, _device(check_battery, battery=lambda: battery(5, 600, False))),
    # network
    "wired": (GOOD, _device(check_network)),
    "wi-fi network": (GOOD, _device(check_network, **WIFI_LINUX)),
    "unidentified network": (
        GOOD,
        _device(
            check_network,
            net_if_stats=lambda: {"usb0": nic(speed=0)},
            net_if_addrs=lambda: {"usb0": [addr("10.0.0.5")]},
            default_route_address=lambda: "10.0.0.5",
            read_text=files({}),
        ),
    ),
    "mobile data": (
        LIMITED,
        _device(
            check_network,
            net_if_stats=lambda: {"wwan0": nic(speed=0)},
            net_if_addrs=lambda: {"wwan0": [addr("100.64.0.9")]},
            default_route_address=lambda: "100.64.0.9",
        ),
    ),
    "no route": (LIMITED, _device(check_network, default_route_address=lambda: None)),
    "no network": (
        MISSING,
        _device(
            check_network,
            net_if_stats=lambda: {"lo": nic(), "eth0": nic(up=False)},
            net_if_addrs=lambda: {"lo": [addr("127.0.0.1")], "eth0": []},
            default_route_address=lambda: None,
        ),
    ),
    # Wi-Fi signal
    "wi-fi not needed on a cable": (GOOD, _device(check_wifi)),
    "wi-fi not needed on mobile data": (
        GOOD,
        _device(
            check_wifi,
            net_if_stats=lambda: {"wwan0": nic(speed=0)},
            net_if_addrs=lambda: {"wwan0": [addr("100.64.0.9")]},
            default_route_address=lambda: "100.64.0.9",
        ),
    ),
    "signal good (percent)": (GOOD, _wifi("Linux", sample("nmcli_wifi_list.txt"))),
    "signal good (dBm)": (GOOD, _wifi("Windows", sample("netsh_wlan_interfaces_en.txt"))),
    "signal fair": (LIMITED, _wifi("Darwin", sample("system_profiler_airport_sonoma.txt"))),
    "signal weak": (MISSING, _wifi("Windows", sample("netsh_wlan_interfaces_es.txt"))),
    "not on wi-fi now": (
        GOOD,
        _wifi(
            "Linux",
            NOT_CONNECTED,
            net_if_stats=lambda: {"usb0": nic(speed=0)},
            net_if_addrs=lambda: {"usb0": [addr("10.0.0.5")]},
            read_text=files({}),
        ),
    ),
    "no wi-fi network": (
        MISSING,
        _wifi(
            "Linux",
            NOT_CONNECTED,
            net_if_stats=lambda: {"wlp2s0": nic(up=False)},
            default_route_address=lambda: None,
        ),
    ),
    "wi-fi tool silent": (
        UNKNOWN,
        _wifi(
            "Linux",
            NOT_CONNECTED,
            read_text=files({"/sys/class/net/wlp2s0/uevent": "DEVTYPE=wlan\n"}),
        ),
    ),
    "location permission": (
        UNKNOWN,
        _wifi("Windows", sample("netsh_wlan_interfaces_location_denied.txt")),
    ),
    "tool missing": (UNKNOWN, _wifi("Linux", FileNotFoundError("nmcli"))),
    "tool refused": (UNKNOWN, _wifi("Darwin", PermissionError("system_profiler"))),
    "tool slow": (
        UNKNOWN,
        _wifi("Darwin", subprocess.TimeoutExpired("system_profiler", 2)),
    ),
    "tool failed": (
        UNKNOWN,
        _wifi("Darwin", CommandError("exit status 1")),
    ),
    "tool would not start": (UNKNOWN, _wifi("Darwin", OSError("exec format"))),
    "netsh unreadable": (
        UNKNOWN,
        _wifi("Windows", sample("netsh_wlan_interfaces_en.txt").replace("87%", "87 pct")),
    ),
    "nmcli unreadable": (
        UNKNOWN,
        _wifi("Linux", "yes:Home:strong:130 Mbit/s:6:wlp2s0\n", read_text=files({})),
    ),
    "system_profiler without a level": (
        UNKNOWN,
        _wifi("Darwin", "Wi-Fi:\n\n      Current Network Information:\n        Home:\n"),
    ),
    "unsupported system": (
        UNKNOWN,
        _device(
            check_wifi,
            system=lambda: "Haiku",
            net_if_stats=lambda: {"wifi0": nic(speed=0)},
            net_if_addrs=lambda: {"wifi0": [addr("10.0.0.5")]},
        ),
    ),
    # camera
    "camera good": (
        GOOD,
        lambda: classify_camera(T, CameraFacts(1, frames=9, width=1280, height=720)),
    ),
    "camera small": (
        LIMITED,
        lambda: classify_camera(T, CameraFacts(1, frames=9, width=320, height=240)),
    ),
    "camera size unknown": (LIMITED, lambda: classify_camera(T, CameraFacts(1, frames=9))),
    "camera silent": (LIMITED, lambda: classify_camera(T, CameraFacts(1, waited_s=3.0))),
    "camera busy": (LIMITED, lambda: classify_camera(T, CameraFacts(1, error="busy"))),
    "no camera": (MISSING, lambda: classify_camera(T, CameraFacts(0))),
    "camera blocked": (
        UNKNOWN,
        lambda: classify_camera(T, CameraFacts(1, permission=Permission.DENIED)),
    ),
    # microphone
    "microphone hears speech": (
        GOOD,
        lambda: classify_microphone(T, MicrophoneFacts(1, opened=True, bytes_read=9, level=LEVEL)),
    ),
    "microphone quiet": (
        GOOD,
        lambda: classify_microphone(T, MicrophoneFacts(1, opened=True, bytes_read=9, level=QUIET)),
    ),
    "microphone only silence": (
        LIMITED,
        lambda: classify_microphone(
            T, MicrophoneFacts(1, opened=True, bytes_read=9, level=AudioLevel(0.0, 0.0))
        ),
    ),
    "microphone sends nothing": (LIMITED, lambda: classify_microphone(T, MicrophoneFacts(1))),
    "no microphone": (MISSING, lambda: classify_microphone(T, MicrophoneFacts(0))),
    "microphone blocked": (
        UNKNOWN,
        lambda: classify_microphone(T, MicrophoneFacts(1, permission=Permission.DENIED)),
    ),
    # speaker
    "tone heard": (GOOD, lambda: classify_speaker(1, heard=True)),
    "tone not heard": (LIMITED, lambda: classify_speaker(1, heard=False)),
    "tone failed": (LIMITED, lambda: classify_speaker(1, heard=None, error="no sink")),
    "tone not played yet": (UNKNOWN, lambda: classify_speaker(1, heard=None)),
    "no speaker": (MISSING, lambda: classify_speaker(0, heard=None)),
    # display
    "screen good": (GOOD, lambda: classify_display(T, DisplayFacts(1, 1920, 1080))),
    "screen small when scaled": (
        LIMITED,
        lambda: classify_display(T, DisplayFacts(1, 1000, 600, scale=1.5)),
    ),
    "no screen": (MISSING, lambda: classify_display(T, DisplayFacts(0))),
    "headless screen": (UNKNOWN, lambda: classify_display(T, DisplayFacts(1, headless=True))),
}


class _Raising:
    id = "device.test"
    title = "Test"

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def run(self, progress: Any, cancel: CancelToken) -> CheckResult:
        raise self.error


FAULTS: dict[str, Callable[[], CheckResult]] = {
    "cancelled while running": lambda: run_safely(
        _Raising(Cancelled()), no_progress, CancelToken()
    ),
    "permission refused": lambda: run_safely(
        _Raising(PermissionError()), no_progress, CancelToken()
    ),
    "crashed": lambda: run_safely(_Raising(ZeroDivisionError()), no_progress, CancelToken()),
    "crashed on the GUI side": lambda: crashed("device.test", RuntimeError("x")),
    "timed out": lambda: timed_out(_Raising(RuntimeError()), 2.5),
    "cancelled by the runner": lambda: cancelled(_Raising(RuntimeError())),
    **{
        f"{check.id} from the command line": (
            lambda check=check: check.run(no_progress, CancelToken())
        )
        for check in headless_media_checks()
    },
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_status_branch_reads_in_spanish(name: str) -> None:
    status, make = SCENARIOS[name]
    outcome = make()
    assert outcome.status is status, outcome.reason
    assert_fully_spanish(outcome.reason_message, outcome.reason)


@pytest.mark.parametrize("name", list(FAULTS))
def test_faults_read_in_spanish(name: str) -> None:
    outcome = FAULTS[name]()
    assert outcome.status is UNKNOWN
    assert_fully_spanish(outcome.reason_message, outcome.reason)


def test_signal_not_reported_reads_in_spanish() -> None:
    status, message = _classify_signal(T, WifiReading(tool="nmcli"))
    assert status is UNKNOWN
    assert_fully_spanish(message, english(message))


def test_the_scenarios_reach_every_status_of_every_check() -> None:
    reached: dict[str, set[CheckStatus]] = {}
    for status, make in SCENARIOS.values():
        reached.setdefault(make().check_id, set()).add(status)
    everything = {GOOD, LIMITED, MISSING, UNKNOWN}
    expected = {
        "device.os": everything,
        "device.cpu": everything,
        "device.memory": {GOOD, LIMITED, MISSING},
        "device.disk": {GOOD, LIMITED, MISSING},
        "device.battery": {GOOD, LIMITED, MISSING},
        "device.network": {GOOD, LIMITED, MISSING},
        "device.wifi": everything,
        "device.camera": everything,
        "device.microphone": everything,
        "device.speaker": everything,
        "device.display": everything,
    }
    assert reached == expected


def test_the_reason_reads_in_the_language_it_is_shown_in() -> None:
    outcome = SCENARIOS["memory below recommended"][1]()
    assert ENGLISH.reason(outcome) == outcome.reason
    spanish = translator("es").reason(outcome)
    assert spanish.startswith("Esta computadora tiene 2,8 GB de memoria")
    assert "Microsoft Teams hardware requirements" in spanish  # sources are cited as they are


def test_a_result_always_stores_english() -> None:
    outcome = SCENARIOS["disk low"][1]()
    assert outcome.reason.startswith("This computer has 2 GB of free disk space")


def _limits() -> list[Limit]:
    found = []
    for group in type(T.device).model_fields:
        limits = getattr(T.device, group)
        found += [
            v for k in type(limits).model_fields if isinstance(v := getattr(limits, k), Limit)
        ]
    return found


@pytest.mark.parametrize("limit", _limits(), ids=lambda limit: f"{limit.value:g} {limit.unit}")
def test_every_built_in_threshold_reads_in_spanish(limit: Limit) -> None:
    spanish = spanish_entries()
    assert ("", limit.purpose) in spanish
    assert neutral(limit.unit) or ("", limit.unit) in spanish
    shown = translator("es").render(limit.message())
    assert spanish[("", limit.purpose)] in shown
    assert shown != ENGLISH.render(limit.message())


def test_every_connection_use_title_has_spanish() -> None:
    spanish = spanish_entries()
    assert all(("", tier.title) in spanish for tier in T.connection.values())


def test_pybabel_extraction_keeps_the_threshold_texts() -> None:
    raw = resources.files("readiness.rules").joinpath("thresholds.yaml").read_bytes()
    extracted = list(extract_babel(io.BytesIO(raw), ["_"], [], {}))
    assert [message for _line, _f, message, _c in extracted] == catalogue_texts(T)
    assert "for 1:1 video calls" in catalogue_texts(T) and "cores" in catalogue_texts(T)
    assert "Audio-only call" in catalogue_texts(T)
    assert all(line > 0 for line, *_rest in extracted)
    spanish = spanish_entries()
    assert [m for m in catalogue_texts(T) if not neutral(m) and ("", m) not in spanish] == []


def test_the_rule_of_thumb_label_is_ours_and_reads_in_spanish() -> None:
    """Figures with no published source say so in the reader's language; citations stay."""
    from readiness.thresholds import RULE_OF_THUMB

    limits = [limit for limit in _limits() if limit.source == RULE_OF_THUMB]
    assert limits, "the built-in thresholds have figures with no published source"
    spanish = [translator("es").render(cite(limit)) for limit in limits]
    assert all("Regla práctica de Readiness (sin fuente publicada)" in text for text in spanish)
    assert all(RULE_OF_THUMB in ENGLISH.render(cite(limit)) for limit in limits)
