"""Benchmark: accuracy and speed of the bandwidth backends on a link of known capacity.

Run as root: ``python -m tests.bench.bench_bandwidth [--rates 5 25 100] [--duration 10]``.
For each rate it makes a private network namespace whose loopback (MTU 1500) is
shaped with ``tc qdisc ... tbf``, then runs the loopback test server and both
clients inside it, and prints measured/true for download and upload and the time
each direction took: the LibreSpeed-compatible backend and speedtest-cli side by
side. Goal: within ±5% of the shaped rate in at most 10 s per direction.

Without root (or without ``ip``/``tc``) it says so and exits cleanly. The shaped
rate counts every byte on the wire (IP and TCP headers and the loopback's 14-byte
link header, plus the ACKs, which share the same queue); speedtest-cli reports
payload, LibreSpeed multiplies payload by its 1.06 overhead factor. The table
also shows LibreSpeed's payload ratio (before the factor) for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOAL_RATIO = 0.05
GOAL_SECONDS = 10.0


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=30)


def make_namespace(name: str, rate_mbps: float) -> None:
    _run("ip", "netns", "add", name)
    _run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up")
    _run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "mtu", "1500")
    _run(
        "ip",
        "netns",
        "exec",
        name,
        "tc",
        "qdisc",
        "add",
        "dev",
        "lo",
        "root",
        "tbf",
        "rate",
        f"{rate_mbps:g}mbit",
        "burst",
        "32kb",
        "latency",
        "50ms",
    )


def measure_inside(
    rate_mbps: float, duration_s: float, backends: list[str]
) -> list[dict[str, Any]]:
    """Runs inside the namespace: one server, each backend once; one dict per backend."""
    from readiness.checks.connection.librespeed import LibreSpeedBackend, LibreSpeedOptions
    from readiness.checks.connection.model import Phase, SpeedSample
    from readiness.checks.connection.speedtest_backend import SpeedtestBackend, SpeedtestOptions
    from readiness.concurrency import Deadline
    from readiness.progress import CancelToken
    from tests.servers.speed_server import LoopbackSpeedServer

    rows = []
    with LoopbackSpeedServer(speedtest_length_s=10) as server:  # speedtest.net's own length
        for name in backends:
            if name == "librespeed":
                backend: Any = LibreSpeedBackend(
                    server.url, options=LibreSpeedOptions(duration_s=duration_s)
                )
                factor = backend.options.overhead_factor
            else:
                backend = SpeedtestBackend(SpeedtestOptions(speedtest_net_base=server.url))
                factor = 1.0
            samples: list[SpeedSample] = []
            started = time.monotonic()
            attempt = backend.run(samples.append, CancelToken(), Deadline(120))
            seconds = {
                phase.value: max((s.elapsed_s for s in samples if s.phase is phase), default=0.0)
                for phase in (Phase.DOWNLOAD, Phase.UPLOAD)
            }
            down, up = attempt.download_mbps, attempt.upload_mbps
            rows.append(
                {
                    "backend": name,
                    "status": attempt.status.value,
                    "down_ratio": down / rate_mbps if down else None,
                    "up_ratio": up / rate_mbps if up else None,
                    "payload_down_ratio": down / factor / rate_mbps if down else None,
                    "payload_up_ratio": up / factor / rate_mbps if up else None,
                    "down_s": round(seconds["download"], 1),
                    "up_s": round(seconds["upload"], 1),
                    "total_s": round(time.monotonic() - started, 1),
                }
            )
    return rows


def _fmt(value: float | None) -> str:
    return f"{value:.3f}" if value is not None else "  -  "


def print_table(results: list[tuple[float, dict[str, Any]]]) -> None:
    print(
        f"{'rate':>6}  {'backend':<10}  {'down':>6}  {'up':>6}  {'payload d/u':>13}  "
        f"{'down s':>6}  {'up s':>5}  {'total s':>7}  goal"
    )
    for rate, row in results:
        ratios = [row["down_ratio"], row["up_ratio"]]
        accurate = all(r is not None and abs(r - 1) <= GOAL_RATIO for r in ratios)
        quick = row["down_s"] <= GOAL_SECONDS + 0.3 and row["up_s"] <= GOAL_SECONDS + 0.3
        payload = f"{_fmt(row['payload_down_ratio'])}/{_fmt(row['payload_up_ratio'])}"
        print(
            f"{rate:>4g}M  {row['backend']:<10}  {_fmt(row['down_ratio']):>6}  "
            f"{_fmt(row['up_ratio']):>6}  {payload:>13}  {row['down_s']:>6}  {row['up_s']:>5}  "
            f"{row['total_s']:>7}  {'met' if accurate and quick else 'missed'}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=float, nargs="+", default=[5.0, 25.0, 100.0])
    parser.add_argument("--duration", type=float, default=10.0, help="LibreSpeed s per direction")
    parser.add_argument(
        "--backends",
        nargs="+",
        default=["librespeed", "speedtest"],
        choices=["librespeed", "speedtest"],
    )
    parser.add_argument("--inside", type=float, help=argparse.SUPPRESS)  # the child's rate
    args = parser.parse_args()
    if args.inside is not None:
        print(json.dumps(measure_inside(args.inside, args.duration, args.backends)))
        return 0
    if os.geteuid() != 0 or not (shutil.which("ip") and shutil.which("tc")):
        print(
            "bench_bandwidth: needs root and the 'ip' and 'tc' commands (network "
            "namespaces and traffic shaping); skipped."
        )
        return 0
    results: list[tuple[float, dict[str, Any]]] = []
    for rate in args.rates:
        name = f"readiness-bench-{os.getpid()}-{rate:g}"
        try:
            make_namespace(name, rate)
            child = subprocess.run(
                [
                    "ip",
                    "netns",
                    "exec",
                    name,
                    sys.executable,
                    "-m",
                    "tests.bench.bench_bandwidth",
                    "--inside",
                    f"{rate:g}",
                    "--duration",
                    f"{args.duration:g}",
                    "--backends",
                    *args.backends,
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if child.returncode != 0:
                print(f"rate {rate:g}: the measurement failed:\n{child.stderr}", file=sys.stderr)
                continue
            results.extend((rate, row) for row in json.loads(child.stdout.strip().splitlines()[-1]))
        except (subprocess.CalledProcessError, OSError) as exc:
            print(
                f"rate {rate:g}: could not set up the namespace ({exc}); skipped.", file=sys.stderr
            )
        finally:
            subprocess.run(["ip", "netns", "delete", name], capture_output=True, check=False)
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
