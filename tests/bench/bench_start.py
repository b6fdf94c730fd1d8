"""Benchmark: the app's start, its memory once idle, its close, and reading Settings (issue 19).

On an encrypted database of ``--assessments`` (100,000) opened with its passphrase
(real key derivation, ``READINESS_PASSPHRASE_FILE``), each round starts, one after
the other (interleaved), in fresh processes:

- the floor: a bare PySide6 ``QMainWindow`` (1000x680) shown;
- the floor for Home: that window, then the same file opened with its passphrase
  through ``sqlcipher3`` and the list's first page read (the count and the 50 newest);
- the app (``READINESS_BENCH_STARTUP``): its window shown, and Home filled;
- the app closed right after Home is filled, as the worker closes it (the records'
  check is then running on a worker): from the close to the process's end.

Then, fewer rounds: the memory of the bare window and of the app once idle (the
records' check and the questionnaires' preload done), and the floor for closing,
a copy of the database file with ``fsync``. Settings are read in a fresh process
(the import of the settings' own modules included, not that of the model and the
errors, which the window needs anyway) beside ``json.loads`` of the same file. Wall times are the
goals; each row also has the CPU seconds at the same marker, which a busy shared
machine disturbs less.

    python -m tests.bench.bench_start [--assessments 100000] [--rounds 7]
        [--platform offscreen|xcb|both]

A backup made today is put in the app's backup folder first, so every start checks
the records (as all but the day's first start do) rather than the first one backing up.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.databases import answers_database, bench_key, passphrase_file
from tests.bench.timing import (
    Row,
    app_environment,
    as_json,
    interleaved,
    print_table,
    resident_mb,
    run_with_markers,
    scratch_folder,
    timed,
    x_display,
)

WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1000, 680)
window.show()
"""

BARE_WINDOW = (
    WINDOW
    + """
def shown():
    print(f"shown {time.process_time():.4f}", flush=True)
    if sys.argv[1:] != ["stay"]:
        app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""
)

HOME_FLOOR = (
    WINDOW
    + """
def fill():
    print(f"shown {time.process_time():.4f}", flush=True)
    import sqlcipher3
    passphrase = open(sys.argv[2], encoding="utf-8").readline().strip()
    conn = sqlcipher3.connect(sys.argv[1])
    conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
    conn.execute("SELECT count(*) FROM assessments").fetchone()
    conn.execute(
        "SELECT a.id, u.code, a.created, a.status FROM assessments a"
        " JOIN service_users u ON u.id = a.service_user_id ORDER BY a.created DESC LIMIT 50"
    ).fetchall()
    print(f"ready {time.process_time():.4f}", flush=True)
    app.quit()
QTimer.singleShot(0, fill)
app.exec()
"""
)

SETTINGS_READ = """
import json, sys, time
from pathlib import Path
import readiness.errors, readiness.model  # needed by the window anyway: not the settings' cost
path = Path(sys.argv[1])
started = time.perf_counter()
if sys.argv[2] == "app":
    from readiness.settings import load_settings
    load_settings(path)
else:
    json.loads(path.read_text(encoding="utf-8"))
print(json.dumps({"seconds": time.perf_counter() - started}))
"""

SETTINGS = {
    "version": 2,
    "staff_initials": "MJ",
    "agency_name": "Esperanza Peer Services",
    "agency_contact": "Tel 555 0100, Mon-Fri 9-5",
    "backup_count": 7,
    "lock_after_minutes": 10,
    "default_locale": "en",
}


class Start:
    """The app and its floors on one database, in one settings folder."""

    def __init__(self, db: Path, platform: str, display: str | None) -> None:
        self.db = db
        self.home = Path(tempfile.mkdtemp(prefix="readiness-bench-start-"))
        config = self.home / "config" / "Readiness"
        config.mkdir(parents=True)
        self.backups = self.home / "backups"
        settings = {**SETTINGS, "backup_folder": str(self.backups)}
        (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
        self.env = {
            **app_environment(),
            "QT_QPA_PLATFORM": platform,
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "READINESS_PASSPHRASE_FILE": str(passphrase_file()),
        }
        if display is not None:
            self.env["DISPLAY"] = display
        self.samples: dict[str, list[float]] = {}

    def back_up_today(self) -> None:
        """A backup made now, so the starts measured check the records instead."""
        from readiness.protection.backups import make_backup
        from readiness.store.database import open_database
        from readiness.store.keys import stretched_key

        key = stretched_key(self.db, bench_key())
        db = open_database(self.db, key=key)
        try:
            make_backup(db, key, self.backups, keep=1)
        finally:
            db.close()

    def __enter__(self) -> Start:
        return self

    def __exit__(self, *_exc: object) -> None:
        """Remove the settings folder, its backups and copies (the size of the database)."""
        shutil.rmtree(self.home, ignore_errors=True)

    def _note(self, name: str, value: float) -> float:
        self.samples.setdefault(name, []).append(value)
        return value

    def bare(self) -> float:
        found = run_with_markers([sys.executable, "-c", BARE_WINDOW], self.env)
        self._note("bare cpu", found.cpu["shown"])
        return self._note("bare", found.wall["shown"])

    def home_floor(self) -> float:
        command = [sys.executable, "-c", HOME_FLOOR, str(self.db), str(passphrase_file())]
        found = run_with_markers(command, self.env)
        self._note("home floor cpu", found.cpu["ready"])
        return self._note("home floor", found.wall["ready"])

    def app(self, mode: str = "1") -> float:
        env = {**self.env, "READINESS_BENCH_STARTUP": mode}
        command = [sys.executable, "-m", "readiness_ui", "--db", str(self.db)]
        found = run_with_markers(command, env)
        if mode == "close":
            return self._note("close", found.ended - found.wall["closing"])
        self._note("shown", found.wall["shown"])
        self._note("shown cpu", found.cpu["shown"])
        self._note("ready cpu", found.cpu["ready"])
        return self._note("ready", found.wall["ready"])

    def idle_memory(self, app: bool, settle: float = 1.0) -> float:
        """Resident MB once idle (the app: after ``idle``; the bare window: after shown)."""
        import signal

        marker = "idle" if app else "shown"
        measured: list[float] = []

        def on_marker(name: str, pid: int) -> None:
            if name == marker:
                time.sleep(settle)
                measured.append(resident_mb(pid))
                os.kill(pid, signal.SIGTERM)

        if app:
            env = {**self.env, "READINESS_BENCH_STARTUP": "stay"}
            command = [sys.executable, "-m", "readiness_ui", "--db", str(self.db)]
        else:
            env, command = self.env, [sys.executable, "-c", BARE_WINDOW, "stay"]
        run_with_markers(command, env, on_marker=on_marker)
        return measured[0]

    def copy_floor(self) -> float:
        """A copy of the database file with fsync: what a backup at close cost at least."""
        from readiness.protection.backup_copy import copy_bytes

        target = self.home / "copy.db"
        seconds = timed(lambda: copy_bytes(self.db, target))
        target.unlink()
        return seconds


def settings_row(rounds: int) -> Row:
    """Settings read at start (their own modules' import included) beside ``json.loads``."""
    from tests.bench.timing import fresh_process

    with scratch_folder("readiness-bench-settings-") as folder:
        path = folder / "settings.json"
        path.write_text(json.dumps(SETTINGS), encoding="utf-8")
        samples = interleaved(
            {
                "app": lambda: fresh_process(SETTINGS_READ, str(path), "app")["seconds"],
                "floor": lambda: fresh_process(SETTINGS_READ, str(path), "json")["seconds"],
            },
            rounds,
        )
    return Row(
        "settings read at start (their modules included)",
        statistics.median(samples["app"]),
        statistics.median(samples["floor"]),
        goal_absolute=0.005,
        floor_name="json.loads of the same file",
    )


def measure(count: int, rounds: int, platform: str, *, close: bool = True) -> list[Row]:
    """The start rows for one Qt platform (``xcb`` runs on a private Xvfb when needed)."""
    db = answers_database(count)
    if platform == "xcb":
        with x_display() as display, Start(db, platform, display) as start:
            return _measure(start, count, rounds, close=close)
    with Start(db, platform, None) as start:
        return _measure(start, count, rounds, close=close)


def _measure(start: Start, count: int, rounds: int, *, close: bool) -> list[Row]:
    start.back_up_today()
    plan = {"bare": start.bare, "home floor": start.home_floor, "app": start.app}
    if close:
        plan["close"] = lambda: start.app("close")
    interleaved(plan, rounds)
    found = {name: statistics.median(values) for name, values in start.samples.items()}
    where = start.env["QT_QPA_PLATFORM"]
    size = f"{count:,}"
    rows = [
        Row(
            f"start to window shown ({where})",
            found["shown"],
            found["bare"],
            goal_ratio=1.3,
            floor_name="bare PySide6 QMainWindow shown",
            note=f"CPU {found['shown cpu']:.3f} s vs {found['bare cpu']:.3f} s",
        ),
        Row(
            f"Home filled from {size} assessments ({where})",
            found["ready"],
            found["home floor"],
            goal_ratio=1.5,
            floor_name="bare window + encrypted open (passphrase) + count and 50 newest",
            note=f"CPU {found['ready cpu']:.3f} s vs {found['home floor cpu']:.3f} s",
        ),
    ]
    if close:
        rows.append(_close_row(start, count, found["close"], rounds))
    memory = interleaved(
        {"app": lambda: start.idle_memory(app=True), "bare": lambda: start.idle_memory(app=False)},
        max(3, rounds // 2),
        warm_up=False,
    )
    rows.append(
        Row(
            f"memory idle after start ({where})",
            statistics.median(memory["app"]),
            statistics.median(memory["bare"]),
            unit="MB",
            goal_ratio=1.8,
            floor_name="bare window, resident",
        )
    )
    return rows


def _close_row(start: Start, count: int, close: float, rounds: int) -> Row:
    copies = [start.copy_floor() for _ in range(min(rounds, 3))]
    return Row(
        f"closing the app at {count:,} assessments ({start.env['QT_QPA_PLATFORM']})",
        close,
        statistics.median(copies),
        goal_absolute=1.0,
        floor_name="copy + fsync of the database file",
        note="from the close to the process's end; the records' check was running",
    )


def close_row(count: int, rounds: int) -> Row:
    """Closing the app alone (offscreen), beside a copy of the database file."""
    with Start(answers_database(count), "offscreen", None) as start:
        start.back_up_today()
        samples = interleaved({"close": lambda: start.app("close")}, rounds)
        return _close_row(start, count, statistics.median(samples["close"]), rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--platform", default="both", choices=("offscreen", "xcb", "both"))
    args = parser.parse_args()
    rows: list[Row] = []
    for platform in ("offscreen", "xcb") if args.platform == "both" else (args.platform,):
        rows += measure(args.assessments, args.rounds, platform)
    rows.append(settings_row(args.rounds))
    print_table(rows, f"Start, memory and close (median of {args.rounds}, interleaved)")
    print(as_json(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
