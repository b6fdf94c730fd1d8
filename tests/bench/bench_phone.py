"""Benchmark: the phone page's figures on links of known capacity, as the phone measures them.

Run as root: ``python -m tests.bench.bench_phone [--rates 5 25 100]``. For each rate it
makes a private network namespace whose loopback (MTU 1500) is shaped with ``tc tbf``
(as ``bench_bandwidth`` does), opens the one-time phone link on 127.0.0.1 inside it, and
lets headless Chromium (``tests/browser``) act as the phone: the page measures
to the laptop itself, as it does when no agency server is set. It prints the page's
download and upload against the shaped rate and the whole test's time. Goal, as for the
laptop's client: within ±5% of the shaped rate, each direction within 10 s (the page
stops each direction at 10 s by design, earlier on fast links).

Without root, ``ip``/``tc``, Chromium or the npm packages it says so and exits cleanly.
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

from tests.bench.bench_bandwidth import GOAL_RATIO, make_namespace

ROOT = Path(__file__).resolve().parents[2]
BROWSER = ROOT / "tests" / "browser"


def measure_inside() -> dict[str, float | None]:
    """Run in the namespace: one phone test to the laptop; the page's figures."""
    from readiness import concurrency
    from readiness.phone.link import PageOptions, PhoneLink

    link = PhoneLink("127.0.0.1", PageOptions("en")).open()
    waiting = concurrency.start([link.wait])
    config = Path(f"/tmp/bench-phone-{os.getpid()}.json")
    config.write_text(
        json.dumps({"chromium": shutil.which("chromium"), "url": link.url, "press": "start",
                    "timeout_ms": 120_000})
    )  # fmt: skip
    started = time.monotonic()
    subprocess.run(
        ["node", str(BROWSER / "phone.mjs"), str(config)], check=True, capture_output=True,
        timeout=180, cwd=BROWSER,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    config.unlink()
    waiting.wait(10)
    report = waiting.settled(0).result().report
    assert report is not None
    return {
        "download": report.download_mbps,
        "upload": report.upload_mbps,
        "rtt": report.rtt_ms,
        "test_s": report.duration_s,
        "browser_s": round(elapsed, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=float, nargs="+", default=[5.0, 25.0, 100.0])
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        print(json.dumps(measure_inside()))
        return 0
    missing = [tool for tool in ("ip", "tc", "chromium", "node") if not shutil.which(tool)]
    if os.geteuid() != 0 or missing or not (BROWSER / "node_modules").is_dir():
        print(f"bench_phone: needs root, ip, tc, chromium, node and npm ci in {BROWSER} "
              f"(missing: {', '.join(missing) or 'root or the npm packages'})")  # fmt: skip
        return 0
    print(f"{'shaped':>8} {'download':>9} {'ratio':>6} {'upload':>8} {'ratio':>6} "
          f"{'rtt ms':>7} {'test s':>7}  within ±{GOAL_RATIO:.0%}")  # fmt: skip
    for rate in args.rates:
        name = f"readiness-phone-{os.getpid()}"
        try:
            make_namespace(name, rate)
            child = subprocess.run(
                ["ip", "netns", "exec", name, sys.executable, "-m", "tests.bench.bench_phone",
                 "--inside"],
                capture_output=True, text=True, timeout=300, cwd=ROOT, check=True,
            )  # fmt: skip
            row = json.loads(child.stdout.strip().splitlines()[-1])
        finally:
            subprocess.run(["ip", "netns", "delete", name], capture_output=True, check=False)
        down, up = row["download"] / rate, row["upload"] / rate
        ok = all(abs(ratio - 1) <= GOAL_RATIO for ratio in (down, up))
        verdict = "yes" if ok else "NO"
        print(f"{rate:>8g} {row['download']:>9.2f} {down:>6.3f} {row['upload']:>8.2f} "
              f"{up:>6.3f} {row['rtt']:>7.1f} {row['test_s']:>7.1f}  {verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
