"""How long the connection check takes to say "no" when the network is not there.

Part 3 of ``bench_bandwidth``. Each scenario runs the whole check (``check_connection``)
for each backend choice inside a client namespace whose only way out is a
``LossyLink`` that drops every packet, so nothing can leave this machine:

- ``dns-dropped``: the agency server is named and the name service (``resolv.conf``
  in ``/etc/netns/<namespace>/``) sits behind the dead link, as does speedtest.net's;
- ``tcp-dropped``: names resolve (``hosts`` in ``/etc/netns/<namespace>/``), but every
  connection attempt vanishes;
- ``refused``: the agency server's port is closed (speedtest.net's packets vanish);
- ``tls-tarpit``: the agency server accepts the connection and never answers the TLS
  handshake (speedtest.net's packets vanish);
- ``no-network``: a namespace with no usable interface at all.

Goal (the issue's finding): every verdict within 3 s; the check never reads "offline"
for a server that accepted the connection.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

AGENCY_NAME = "speed.agency.example"
SPEEDTEST_NAMES = ("www.speedtest.net", "c.speedtest.net", "speedtest.net")
SCENARIOS = ("dns-dropped", "tcp-dropped", "refused", "tls-tarpit", "no-network")
CHOICES = ("librespeed", "speedtest", "auto")
GOAL_S = 3.0


def measure(scenario: str, dead_address: str) -> list[dict[str, Any]]:
    """Runs inside the client namespace: the check once per backend choice."""
    from readiness.checks.connection import ConnectionSettings, check_connection
    from tests.servers.faults import TcpTarpit

    def agency_url(tarpit: TcpTarpit | None) -> str:
        if scenario in ("dns-dropped", "tcp-dropped"):
            return f"http://{AGENCY_NAME}:8089/"
        if scenario == "refused":
            return "http://127.0.0.1:1/"
        if tarpit is not None:
            return f"https://127.0.0.1:{tarpit.port}/"
        return f"http://{dead_address}:8089/"

    rows = []
    for choice in CHOICES:
        tarpit = TcpTarpit() if scenario == "tls-tarpit" else None
        try:
            if tarpit is not None:
                tarpit.__enter__()
            settings = ConnectionSettings(server_url=agency_url(tarpit)).with_backend(choice)
            started = time.monotonic()
            result = check_connection(settings)
            rows.append(
                {
                    "choice": choice,
                    "seconds": round(time.monotonic() - started, 2),
                    "status": result.status.value,
                    "attempts": [f"{a.backend}:{a.status.value}" for a in result.attempts],
                    "reason": result.reason,
                }
            )
        finally:
            if tarpit is not None:
                tarpit.__exit__(None, None, None)
    return rows


def _etc(namespace: str, scenario: str, dead_address: str) -> Path:
    """The name-service files ``ip netns exec`` puts in place of ``/etc``'s."""
    folder = Path("/etc/netns") / namespace
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "resolv.conf").write_text(f"nameserver {dead_address}\noptions timeout:5\n")
    hosts = "127.0.0.1 localhost\n"
    if scenario == "tcp-dropped":
        hosts += f"{dead_address} {AGENCY_NAME} {' '.join(SPEEDTEST_NAMES)}\n"
    (folder / "hosts").write_text(hosts)
    return folder


def _child(namespace: str, scenario: str, dead_address: str) -> list[dict[str, Any]]:
    from tests.bench.bench_bandwidth import in_namespace

    child = in_namespace(
        namespace, "--offline-client", scenario, "--dead-address", dead_address, timeout=300
    )
    if child.returncode != 0:
        raise RuntimeError(child.stderr)
    found: list[dict[str, Any]] = json.loads(child.stdout.strip().splitlines()[-1])
    return found


def offline_part() -> None:
    """Prints the time to a verdict for every scenario and backend choice."""
    from tests.bench.lossy_link import SERVER, LossyLink

    print(f"\nOffline: seconds to a verdict (goal: within {GOAL_S:g} s)")
    print(f"  {'scenario':<12}  {'choice':<10}  {'s':>5}  status          attempts")
    slowest = 0.0
    with LossyLink(delay_ms=0, jitter_ms=0, loss=1.0) as link:
        namespaces = {scenario: link.client_ns for scenario in SCENARIOS}
        namespaces["no-network"] = f"{link.client_ns}-bare"
        subprocess.run(["ip", "netns", "add", namespaces["no-network"]], check=True)
        folders = []
        try:
            for scenario in SCENARIOS:
                namespace = namespaces[scenario]
                folders.append(_etc(namespace, scenario, SERVER))
                if scenario in ("refused", "tls-tarpit"):
                    subprocess.run(
                        ["ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"],
                        check=True,
                    )
                for row in _child(namespace, scenario, SERVER):
                    slowest = max(slowest, row["seconds"])
                    print(
                        f"  {scenario:<12}  {row['choice']:<10}  {row['seconds']:>5}  "
                        f"{row['status']:<14}  {', '.join(row['attempts'])}"
                    )
        finally:
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)
            subprocess.run(
                ["ip", "netns", "delete", namespaces["no-network"]],
                capture_output=True,
                check=False,
            )
    met = "met" if slowest <= GOAL_S else "missed"
    print(f"  slowest {slowest:g} s; goal (every verdict within {GOAL_S:g} s): {met}")
