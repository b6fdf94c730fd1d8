"""A fully faked ``SystemAccess`` for device-check tests: a healthy Linux laptop on a cable.

Every field is replaced, so no test reaches the real system; tests override the
fields they are about with ``fake_access(field=...)``.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from readiness.checks.system import SystemAccess

GIB = 1024**3
SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def memory(total_gb: float, available_gb: float) -> SimpleNamespace:
    return SimpleNamespace(total=int(total_gb * GIB), available=int(available_gb * GIB))


def disk(free_gb: float, total_gb: float = 256) -> SimpleNamespace:
    return SimpleNamespace(free=int(free_gb * GIB), total=int(total_gb * GIB))


def battery(percent: float, secsleft: float, plugged: bool | None) -> SimpleNamespace:
    return SimpleNamespace(percent=percent, secsleft=secsleft, power_plugged=plugged)


def nic(up: bool = True, speed: int = 1000) -> SimpleNamespace:
    return SimpleNamespace(isup=up, speed=speed)


def addr(address: str, family: int = socket.AF_INET) -> SimpleNamespace:
    return SimpleNamespace(family=family, address=address)


def files(contents: Mapping[str, str]) -> Callable[[str], str]:
    def read_text(path: str) -> str:
        if path in contents:
            return contents[path]
        raise FileNotFoundError(path)

    return read_text


def commands(outputs: Mapping[str, str | BaseException]) -> Callable[[Sequence[str]], str]:
    """A ``run_command`` answering by tool name; an exception value is raised."""

    def run(args: Sequence[str]) -> str:
        answer = outputs.get(args[0], FileNotFoundError(args[0]))
        if isinstance(answer, BaseException):
            raise answer
        return answer

    return run


WIRED_LINUX_FILES = {
    "/sys/class/net/eth0/uevent": "INTERFACE=eth0\n",
    "/sys/class/net/eth0/type": "1\n",
}


def fake_access(**overrides: Any) -> SystemAccess:
    base = SystemAccess(
        system=lambda: "Linux",
        release=lambda: "6.8.0",
        version=lambda: "#1 SMP",
        machine=lambda: "x86_64",
        mac_version=lambda: "",
        os_release=lambda: {"PRETTY_NAME": "Ubuntu 24.04 LTS"},
        cpu_count=lambda logical: 4,
        cpu_frequency_mhz=lambda: 2800.0,
        cpu_percent=lambda interval: 12.0,
        virtual_memory=lambda: memory(16, 8),
        disk_usage=lambda path: disk(120),
        battery=lambda: None,
        net_if_stats=lambda: {"lo": nic(), "eth0": nic(speed=1000)},
        net_if_addrs=lambda: {"lo": [addr("127.0.0.1")], "eth0": [addr("192.168.1.20")]},
        default_route_address=lambda: "192.168.1.20",
        run_command=commands({}),
        read_text=files(WIRED_LINUX_FILES),
        exists=lambda path: False,
        home=lambda: Path("/home/user"),
    )
    return replace(base, **overrides)
