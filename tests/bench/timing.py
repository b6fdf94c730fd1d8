"""How the benchmarks measure: interleaved rounds, medians, fresh processes, one table.

Every measure is set beside a floor measured in the same run: each round runs the
floor and the measures one after the other (interleaved), so a busy moment of the
machine falls on both; the figure is the median of the rounds. ``Row`` is one line
of the table (``print_table``): the measure, now, its floor, the ratio and the goal,
met or not. The machine these run on is shared and has 2 cores: figures are medians
and still noisy, and a row may say so (``note``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Row:
    """One measure of the table, beside its floor."""

    measure: str
    now: float
    floor: float
    unit: str = "s"
    goal_ratio: float | None = None
    """The goal as a ratio to the floor (None: the goal is ``goal_absolute``, or none)."""
    goal_absolute: float | None = None
    """The goal in the row's unit (None: the goal is ``goal_ratio``, or none)."""
    floor_name: str = ""
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.now / self.floor if self.floor else float("inf")

    @property
    def met(self) -> bool | None:
        """Whether the goal is met (None: the row has no goal)."""
        if self.goal_ratio is not None:
            return self.ratio <= self.goal_ratio
        if self.goal_absolute is not None:
            return self.now <= self.goal_absolute
        return None

    def goal_text(self) -> str:
        if self.goal_ratio is not None:
            return f"<= {self.goal_ratio:g}x"
        if self.goal_absolute is not None:
            return f"<= {_amount(self.goal_absolute, self.unit)}"
        return "-"


def _amount(value: float, unit: str) -> str:
    if unit == "s" and value < 0.1:
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.3f} ms" if value < 1 else f"{value:.1f} ms"
    return f"{value:.0f} {unit}"


def print_table(rows: Sequence[Row], title: str = "", out: object = None) -> None:
    """The rows as a table: measure, now, floor, ratio, goal and whether it is met."""
    stream = out or sys.stdout
    if title:
        print(title, file=stream)  # type: ignore[arg-type]
    header = f"{'measure':<50}{'now':>11}{'floor':>11}{'ratio':>8}  {'goal':<13}met"
    print(header, file=stream)  # type: ignore[arg-type]
    for row in rows:
        met = {True: "yes", False: "NO", None: "-"}[row.met]
        print(
            f"{row.measure[:50]:<50}{_amount(row.now, row.unit):>11}"
            f"{_amount(row.floor, row.unit):>11}{row.ratio:>7.2f}x  {row.goal_text():<13}{met}",
            file=stream,  # type: ignore[arg-type]
        )
        details = "; ".join(part for part in (row.floor_name, row.note) if part)
        if details:
            print(f"    {details}", file=stream)  # type: ignore[arg-type]


def as_json(rows: Sequence[Row]) -> str:
    """The rows as one JSON line (for comparing runs)."""
    return json.dumps(
        [
            {
                "measure": row.measure,
                "now": row.now,
                "floor": row.floor,
                "unit": row.unit,
                "ratio": row.ratio,
                "met": row.met,
            }
            for row in rows
        ]
    )


def interleaved(
    measures: dict[str, Callable[[], float]], rounds: int, warm_up: bool = True
) -> dict[str, list[float]]:
    """Each measure once per round, one after the other; every sample of each.

    With ``warm_up`` each is run once first and not counted (caches warm on both sides).
    """
    if warm_up:
        for measure in measures.values():
            measure()
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(rounds):
        for name, measure in measures.items():
            samples[name].append(measure())
    return samples


def medians(samples: dict[str, list[float]]) -> dict[str, float]:
    return {name: statistics.median(values) for name, values in samples.items()}


def timed(work: Callable[[], object]) -> float:
    """Seconds ``work()`` took."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A private temporary folder for one benchmark's files, removed afterwards (a start's
    backup alone is the size of its database)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def app_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment for a measured process, with bytecode kept (``__pycache__``) as an
    installed app has it: with ``PYTHONDONTWRITEBYTECODE`` set, every run would compile the
    app's changed modules again, while the third-party packages of the floors come compiled
    from their installation. ``extra`` is added on top."""
    kept = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**kept, **(extra or {})}


def fresh_process(script: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``script`` in a new Python with ``args``; its last line of output, read as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=app_environment(env),
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: a measured process failed:\n{done.stderr[-2000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


@dataclass(frozen=True)
class Markers:
    """When a process printed each marker (seconds from launch), the CPU seconds it printed
    with it, and when it ended."""

    wall: dict[str, float]
    cpu: dict[str, float]
    ended: float
    pid: int


def run_with_markers(
    command: list[str],
    env: dict[str, str],
    *,
    on_marker: Callable[[str, int], None] | None = None,
    timeout: float = 300,
) -> Markers:
    """Run ``command`` to its end, noting each line it prints as ``marker [cpu seconds]``.

    ``on_marker(marker, pid)`` is called as each arrives (to read the process's memory).
    """
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert process.stdout is not None
    for line in process.stdout:
        parts = line.split()
        if not parts:
            continue
        wall.setdefault(parts[0], time.perf_counter() - started)
        if len(parts) > 1:
            with contextlib.suppress(ValueError):
                cpu.setdefault(parts[0], float(parts[1]))
        if on_marker is not None:
            on_marker(parts[0], process.pid)
    _rest, errors = process.communicate(timeout=timeout)
    ended = time.perf_counter() - started
    if process.returncode not in (0, -15):  # -15: ended by the benchmark (terminate)
        raise SystemExit(f"bench: {' '.join(command)} exited {process.returncode}\n{errors}")
    return Markers(wall, cpu, ended, process.pid)


def resident_mb(pid: int) -> float:
    """The resident memory of the process ``pid`` now, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@contextlib.contextmanager
def x_display() -> Iterator[str]:
    """``$DISPLAY``, or a private Xvfb started for the benchmark."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if not shutil.which("Xvfb"):
        raise SystemExit("bench: no $DISPLAY and no Xvfb; run under xvfb-run or install xvfb")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as handle:
        number = handle.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
