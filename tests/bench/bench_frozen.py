"""Benchmark: the frozen one-folder app next to the source install (size and start times).

Prints the size of ``dist/readiness/`` and of the installed packages it replaces, and
for both the frozen app and the source install (the ``readiness`` script beside this
Python): the time from launch to ``--self-test`` done, and to the first window shown
and to Home filled (``READINESS_BENCH_STARTUP=1``, the timing of
``bench_store_and_start.py``) on a real X server. Without ``$DISPLAY`` it starts its
own Xvfb. Each figure is the median of ``--repeat`` runs after one warm-up run, with
settings and data in a temporary folder (the worker's own are never read).

    python build/build.py && python tests/bench/bench_frozen.py [--app PATH] [--repeat 5]

Goals (issue 10): the folder under 200 MB; the frozen app starts within 1.5 times
the source install's time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.timing import x_display

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_APP = ROOT / "dist" / "readiness" / "readiness"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def source_install_size() -> int:
    """Bytes of the installed distributions the frozen app bundles (``build/build.py``'s list)."""
    sys.dont_write_bytecode = True  # nothing generated in build/
    spec = importlib.util.spec_from_file_location("readiness_build", ROOT / "build" / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    total = 0
    for dist in module.bundled_distributions():
        for file in dist.files or ():
            path = Path(str(file.locate()))
            if path.is_file():
                total += path.stat().st_size
    return total


def run_until(command: list[str], env: dict[str, str], marker: str | None) -> float:
    """Seconds from launch until ``command`` prints ``marker`` (None: until it exits 0)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    elapsed = None
    for line in process.stdout:
        if marker is not None and line.split()[:1] == [marker]:
            elapsed = time.perf_counter() - start
            break
    _rest, errors = process.communicate(timeout=120)  # keep reading: the app prints on
    if marker is None:
        elapsed = time.perf_counter() - start
    if process.returncode != 0 or elapsed is None:
        raise SystemExit(f"bench: {' '.join(command)} exited {process.returncode}\n{errors}")
    return elapsed


def median_time(command: list[str], env: dict[str, str], marker: str | None, repeat: int) -> float:
    run_until(command, env, marker)  # warm-up: both sides start from a warm file cache
    return statistics.median(run_until(command, env, marker) for _ in range(repeat))


def source_command() -> list[str]:
    script = Path(sys.executable).parent / ("readiness.exe" if os.name == "nt" else "readiness")
    return [str(script)] if script.exists() else [sys.executable, "-m", "readiness_ui"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=DEFAULT_APP, help="the frozen executable")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.app.exists():
        raise SystemExit(f"bench: {args.app} does not exist; build it with python build/build.py")
    folder = args.app.parent
    frozen_mb = folder_size(folder) / 1e6
    source_mb = source_install_size() / 1e6

    home = Path(tempfile.mkdtemp(prefix="readiness-bench-frozen-"))
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    frozen = [str(args.app)]
    source = source_command()
    results: dict[str, float] = {}
    offscreen = {**env, "QT_QPA_PLATFORM": "offscreen"}
    results["self_test_frozen_s"] = median_time([*frozen, "--self-test"], offscreen, None, 3)
    results["self_test_source_s"] = median_time([*source, "--self-test"], offscreen, None, 3)
    with x_display() as display:
        window = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        window["READINESS_BENCH_STARTUP"] = "1"
        for name, command in (("frozen", frozen), ("source", source)):
            db = home / f"{name}.db"
            for marker in ("shown", "ready"):
                results[f"{marker}_{name}_s"] = median_time(
                    [*command, "--db", str(db)], window, marker, args.repeat
                )
    shutil.rmtree(home, ignore_errors=True)

    def row(label: str, key: str, goal: str = "") -> None:
        frozen_s, source_s = results[f"{key}_frozen_s"], results[f"{key}_source_s"]
        ratio = frozen_s / source_s
        print(f"{label:<30}{frozen_s:>8.2f} s{source_s:>10.2f} s{ratio:>8.2f}  {goal}")

    print(f"{'size':<30}{'frozen':>10}{'source':>12}{'ratio':>8}  goal")
    print(
        f"{'installed size':<30}{frozen_mb:>7.1f} MB{source_mb:>9.1f} MB"
        f"{frozen_mb / source_mb:>8.2f}  frozen < 200 MB"
    )
    print(f"\nstart (median of {args.repeat}; self-test of 3), frozen: {args.app}")
    print(f"source: {' '.join(source)}")
    row("--self-test done (offscreen)", "self_test", "ratio <= 1.5")
    row("first window shown (Xvfb)", "shown", "ratio <= 1.5")
    row("Home filled (Xvfb)", "ready")
    print(json.dumps({"frozen_mb": frozen_mb, "source_mb": source_mb, **results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
