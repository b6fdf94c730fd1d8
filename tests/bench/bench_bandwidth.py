"""Benchmark: accuracy and speed of the bandwidth backends, and loss on a lossy link.

Run as root: ``python -m tests.bench.bench_bandwidth [--rates 5 25 100] [--repeat 1]
[--duration 8] [--loss-runs 10] [--skip-offline]``. Three parts:

1. Line rate. For each rate, a private network namespace whose loopback (MTU 1500) is
   shaped with ``tc qdisc ... tbf rate R burst 32kb latency 50ms``; inside it the
   LibreSpeed backend measures the replayed stock PHP backend
   (``tests/servers/recorded/librespeed_php.json``, 8 requests at once as with
   ``PHP_CLI_SERVER_WORKERS=8``) and speedtest-cli the loopback Mini server. Both
   report on the same scale (estimated line rate: payload x 1.06), printed as the
   ratio to R, with the payload ratio beside it and the seconds each direction took;
   ``--repeat`` measures each rate that many times (slow links vary from run to run).
   Goal: within ±3 % of R, at most 6 s per direction at 25 Mbit/s and up.
2. Loss. A link of 40 ms each way, ±10 ms jitter and 1 % loss per packet in each
   direction (``lossy_link``: TUN devices and a user-space forwarder, as the kernel has
   no netem); the latency probe's train (400 probes) runs ``--loss-runs`` times against
   the replayed server. Goal: the mean within ±0.5 % of the true 1 %.
3. Offline: the seconds to a verdict when names, connections or TLS handshakes go
   unanswered (``offline_verdicts``). Goal: every verdict within 3 s.

Without root (or without ``ip``/``tc``/``/dev/net/tun``) it says so and exits cleanly.
Everything stays on this machine's loopback range, inside namespaces it makes and deletes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOAL_RATIO = 0.03
GOAL_SECONDS = 6.0
GOAL_LOSS = 0.5


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=30)


def make_namespace(name: str, rate_mbps: float) -> None:
    inside = ("ip", "netns", "exec", name)
    _run("ip", "netns", "add", name)
    _run(*inside, "ip", "link", "set", "lo", "up")
    _run(*inside, "ip", "link", "set", "lo", "mtu", "1500")
    shape = ("tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", f"{rate_mbps:g}mbit")
    _run(*inside, *shape, "burst", "32kb", "latency", "50ms")


def _seconds(samples: list[Any], phase: Any) -> float:
    return round(max((s.elapsed_s for s in samples if s.phase is phase), default=0.0), 1)


def measure_inside(rate_mbps: float, duration_s: float) -> list[dict[str, Any]]:
    """Runs inside a shaped namespace: each backend once; one dict per backend."""
    from readiness.checks.connection.librespeed import LibreSpeedBackend, LibreSpeedOptions
    from readiness.checks.connection.model import Phase, SpeedSample
    from readiness.checks.connection.speedtest_backend import SpeedtestBackend, SpeedtestOptions
    from readiness.concurrency import Deadline
    from readiness.model import LINE_RATE_FACTOR
    from readiness.progress import CancelToken
    from tests.servers.replay_server import ReplayServer
    from tests.servers.speed_server import LoopbackSpeedServer

    rows = []
    with (
        ReplayServer("librespeed_php", workers=8) as php,
        LoopbackSpeedServer(
            speedtest_length_s=10  # speedtest.net's own test length
        ) as mini,
    ):
        backends: list[tuple[str, Any]] = [
            ("librespeed", LibreSpeedBackend(php.url, options=LibreSpeedOptions(duration_s))),
            ("speedtest", SpeedtestBackend(SpeedtestOptions(speedtest_net_base=mini.url))),
        ]
        for name, backend in backends:
            samples: list[SpeedSample] = []
            started = time.monotonic()
            checked = backend.preflight(CancelToken(), 2.5)
            attempt = backend.run(samples.append, CancelToken(), Deadline(120))
            down, up = attempt.download_mbps, attempt.upload_mbps
            rows.append(
                {
                    "backend": name,
                    "status": f"{checked.status.value}/{attempt.status.value}",
                    "down": down / rate_mbps if down else None,
                    "up": up / rate_mbps if up else None,
                    "payload_down": down / LINE_RATE_FACTOR / rate_mbps if down else None,
                    "payload_up": up / LINE_RATE_FACTOR / rate_mbps if up else None,
                    "down_s": _seconds(samples, Phase.DOWNLOAD),
                    "up_s": _seconds(samples, Phase.UPLOAD),
                    "total_s": round(time.monotonic() - started, 1),
                }
            )
    return rows


def serve(host: str, port: int, seconds: float) -> None:
    """Serve the replayed PHP backend on ``host``:``port`` for ``seconds`` (server side)."""
    from tests.servers.replay_server import ReplayServer

    with ReplayServer("librespeed_php", workers=8, host=host, port=port):
        time.sleep(seconds)


def loss_runs(url: str, runs: int) -> list[dict[str, Any]]:
    """The latency probe ``runs`` times against ``url`` (client side)."""
    from readiness.checks.connection.latency import LatencyProbe
    from readiness.concurrency import Deadline
    from readiness.progress import CancelToken

    found = []
    for _run_index in range(runs):
        attempt = LatencyProbe(url, rtt_hint_ms=80).run(lambda s: None, CancelToken(), Deadline(10))
        found.append(
            {
                "status": attempt.status.value,
                "loss": attempt.loss_pct,
                "range": attempt.loss_range,
                "rtt": attempt.rtt_ms,
                "jitter": attempt.jitter_ms,
                "probes": attempt.loss_probes,
            }
        )
    return found


def in_namespace(
    namespace: str, *arguments: str, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """This benchmark run with ``arguments`` inside ``namespace`` (a part's child)."""
    command = [
        "ip",
        "netns",
        "exec",
        namespace,
        sys.executable,
        "-m",
        "tests.bench.bench_bandwidth",
        *arguments,
    ]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def _fmt(value: float | None) -> str:
    return f"{value:.3f}" if value is not None else "  -  "


def rates_part(rates: list[float], duration: float, repeat: int) -> None:
    print("Line rate (both backends on the line-rate scale; payload ratio in brackets)")
    print(
        f"{'rate':>6}  {'backend':<10}  {'down':>6}  {'up':>6}  {'payload d/u':>13}  "
        f"{'down s':>6}  {'up s':>5}  {'total s':>7}  status  goal"
    )
    for rate in [rate for rate in rates for _run_index in range(repeat)]:
        name = f"readiness-bench-{os.getpid()}-{rate:g}"
        try:
            make_namespace(name, rate)
            child = in_namespace(name, "--inside", f"{rate:g}", "--duration", f"{duration:g}")
            if child.returncode != 0:
                print(f"rate {rate:g}: the measurement failed:\n{child.stderr}", file=sys.stderr)
                continue
            for row in json.loads(child.stdout.strip().splitlines()[-1]):
                ratios = [row["down"], row["up"]]
                accurate = all(r is not None and abs(r - 1) <= GOAL_RATIO for r in ratios)
                quick = rate < 25 or max(row["down_s"], row["up_s"]) <= GOAL_SECONDS + 0.3
                payload = f"{_fmt(row['payload_down'])}/{_fmt(row['payload_up'])}"
                print(
                    f"{rate:>4g}M  {row['backend']:<10}  {_fmt(row['down']):>6}  "
                    f"{_fmt(row['up']):>6}  {payload:>13}  {row['down_s']:>6}  "
                    f"{row['up_s']:>5}  {row['total_s']:>7}  {row['status']:<6}  "
                    f"{'met' if accurate and quick else 'missed'}"
                )
        except (subprocess.CalledProcessError, OSError) as exc:
            print(
                f"rate {rate:g}: could not set up the namespace ({exc}); skipped.", file=sys.stderr
            )
        finally:
            subprocess.run(["ip", "netns", "delete", name], capture_output=True, check=False)


def loss_part(runs: int) -> None:
    from tests.bench.lossy_link import SERVER, LossyLink

    print(f"\nLoss: 40 ms each way, ±10 ms jitter, 1 % per packet each way; {runs} runs")
    with LossyLink(delay_ms=40, jitter_ms=10, loss=0.01) as link:
        port = 8089
        command = [
            "ip",
            "netns",
            "exec",
            link.server_ns,
            sys.executable,
            "-m",
            "tests.bench.bench_bandwidth",
            "--serve",
            f"{SERVER}:{port}",
            "--serve-seconds",
            str(runs * 6 + 30),
        ]
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            time.sleep(1.5)
            child = in_namespace(
                link.client_ns,
                "--loss-client",
                f"http://{SERVER}:{port}/",
                "--loss-runs",
                str(runs),
            )
        finally:
            server.terminate()
            server.wait(10)
        if child.returncode != 0:
            print(f"the loss runs failed:\n{child.stderr}", file=sys.stderr)
            return
        found = json.loads(child.stdout.strip().splitlines()[-1])
    losses = [row["loss"] for row in found if row["loss"] is not None]
    for index, row in enumerate(found, 1):
        low, high = row["range"] or (None, None)
        print(
            f"  run {index:>2}: loss {row['loss']} % (90 % interval {low}-{high}), "
            f"{row['probes']} probes, rtt {row['rtt']} ms, jitter {row['jitter']} ms"
        )
    if losses:
        mean = statistics.fmean(losses)
        spread = statistics.stdev(losses) if len(losses) > 1 else 0.0
        met = abs(mean - 1.0) <= GOAL_LOSS
        print(
            f"  mean {mean:.2f} %, standard deviation {spread:.2f} %, range "
            f"{min(losses):.2f}-{max(losses):.2f} %; goal (mean within ±{GOAL_LOSS} % of 1 %): "
            f"{'met' if met else 'missed'}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rates", type=float, nargs="*", default=[5.0, 25.0, 100.0])
    parser.add_argument(
        "--duration", type=float, default=8.0, help="LibreSpeed s per direction (the app's)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per rate")
    parser.add_argument("--loss-runs", type=int, default=10)
    parser.add_argument("--skip-offline", action="store_true", help="leave out part 3")
    parser.add_argument("--inside", type=float, help=argparse.SUPPRESS)  # a shaped child
    parser.add_argument("--serve", help=argparse.SUPPRESS)  # host:port, the lossy link's server
    parser.add_argument("--serve-seconds", type=float, default=90, help=argparse.SUPPRESS)
    parser.add_argument("--loss-client", help=argparse.SUPPRESS)  # the lossy link's client
    parser.add_argument("--offline-client", help=argparse.SUPPRESS)  # part 3's client
    parser.add_argument("--dead-address", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.offline_client:
        from tests.bench.offline_verdicts import measure

        print(json.dumps(measure(args.offline_client, args.dead_address)))
        return 0
    if args.inside is not None:
        print(json.dumps(measure_inside(args.inside, args.duration)))
        return 0
    if args.serve:
        host, port = args.serve.rsplit(":", 1)
        serve(host, int(port), args.serve_seconds)
        return 0
    if args.loss_client:
        print(json.dumps(loss_runs(args.loss_client, args.loss_runs)))
        return 0
    if os.geteuid() != 0 or not (shutil.which("ip") and shutil.which("tc")):
        print(
            "bench_bandwidth: needs root and the 'ip' and 'tc' commands (network "
            "namespaces and traffic shaping); skipped."
        )
        return 0
    if args.rates:
        rates_part(args.rates, args.duration, args.repeat)
    tun = Path("/dev/net/tun").exists()
    if not tun and (args.loss_runs > 0 or not args.skip_offline):
        print("bench_bandwidth: no /dev/net/tun for the user-space links; parts 2-3 skipped.")
    if tun and args.loss_runs > 0:
        loss_part(args.loss_runs)
    if tun and not args.skip_offline:
        from tests.bench.offline_verdicts import offline_part

        offline_part()
    return 0


if __name__ == "__main__":
    sys.exit(main())
