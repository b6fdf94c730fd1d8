"""Kill an intake with SIGKILL at random moments; check the database and every confirmed answer.

``python -m tests.crash.harness --kills 200`` (the long form; CI runs 20 through
``tests/crash/test_kill_harness.py``). Each round starts ``tests.crash.child``
on the same encrypted database (raw test key), resuming the draft of the round
before or, now and then, starting a new one. The child answers questions through
``repository.save_answer`` and prints ``CONFIRMED`` only after a save returned.
After a random delay the child is killed with SIGKILL: mostly 0-300 ms after it
said ``READY`` (in the middle of saves), sometimes 0-600 ms after it was started
(while it opens the database, recovers the WAL or runs migrations). Some rounds
make the child checkpoint the WAL often, so kills also land inside checkpoints.

After each kill the database is opened as the app opens it after a crash, and
``PRAGMA integrity_check`` must say ``ok``; every answer ever confirmed must be
there with its value. The one save that was under way at the kill may or may not
have happened: its value is accepted in place of the confirmed one before it,
never in place of a later one. The random generator is seeded; the seed is printed
so a failing run can be repeated with ``--seed``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from readiness.errors import ReadinessError
from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey
from readiness.store.sql_errors import DATABASE_ERRORS
from tests.crash.child import KEY_ENV

ROOT = Path(__file__).resolve().parents[2]
KEY_HEX = "c4a5" * 16
READY_TIMEOUT = 60.0
PROGRESS_EVERY = 20
EARLY_KILL_SHARE = 0.15
NEW_ASSESSMENT_SHARE = 0.2
AUTOCHECKPOINTS = (0, 0, 100, 10)
"""Per round, chosen at random: 0 keeps SQLite's default (1000 pages, as the app)."""

ItemKey = tuple[str, str, str]
"""(assessment id, questionnaire id, item id)."""
NOTHING = object()
"""No value: never confirmed, or no save under way."""


@dataclass
class _Expected:
    """What the database may hold for one item."""

    confirmed: Any = NOTHING
    """The last value the worker saw confirmed."""
    under_way: Any = NOTHING
    """A later save that was under way at the kill (it may or may not have happened)."""


@dataclass
class Report:
    """What a run found; ``ok`` means no integrity failure and no lost answer."""

    seed: int
    kills: int = 0
    kills_before_ready: int = 0
    kills_during_save: int = 0
    stalls: int = 0
    integrity_failures: int = 0
    confirmed_answers: int = 0
    lost_answers: int = 0
    assessments: int = 0
    seconds: float = 0.0
    database_bytes: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity_failures == 0 and self.lost_answers == 0 and self.stalls == 0

    def summary(self) -> str:
        return (
            f"seed {self.seed}: {self.kills} kills ({self.kills_during_save} during a save, "
            f"{self.kills_before_ready} before the intake was ready), {self.stalls} stalls, "
            f"{self.integrity_failures} integrity failures, "
            f"{self.confirmed_answers} confirmed answers, {self.lost_answers} lost answers, "
            f"{self.assessments} assessments, database {self.database_bytes // 1024} KB, "
            f"{self.seconds:.1f} s"
        )


@dataclass
class _Child:
    """One child process and the lines it printed (read by a thread as they come)."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    reader: threading.Thread | None = None

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("READY"):
                self.ready.set()
        self.ready.set()  # the child ended (or died): stop waiting


def _start_child(db_path: Path, seed: int, assessment: str | None, checkpoint: int) -> _Child:
    command = [sys.executable, "-m", "tests.crash.child", str(db_path), "--seed", str(seed)]
    if assessment is not None:
        command += ["--assessment", assessment]
    if checkpoint:
        command += ["--autocheckpoint", str(checkpoint)]
    env = {
        **os.environ,
        KEY_ENV: KEY_HEX,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONIOENCODING": "utf-8",
    }
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    child = _Child(process)
    child.reader = threading.Thread(target=child.read, daemon=True)
    child.reader.start()
    return child


def _kill(child: _Child) -> str:
    """SIGKILL the child (if still running); returns its stderr when it ended on its own."""
    process = child.process
    ended_alone = process.poll() is not None
    if not ended_alone:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert child.reader is not None and process.stdout and process.stderr
    child.reader.join()
    process.stdout.close()
    errors = process.stderr.read()
    process.stderr.close()
    return errors if ended_alone else ""


def _same(stored: Any, expected: Any) -> bool:
    """Equal as JSON (so True is not taken for 1)."""
    if expected is NOTHING:
        return False
    return json.dumps(stored, sort_keys=True) == json.dumps(expected, sort_keys=True)


class Harness:
    """Runs the rounds on one database and keeps what the worker saw confirmed."""

    def __init__(self, folder: Path, seed: int, out: TextIO | None = None) -> None:
        self.db_path = folder / "crash.db"
        self.key = DatabaseKey.from_bytes(bytes.fromhex(KEY_HEX))
        self.rng = random.Random(seed)
        self.report = Report(seed=seed)
        self.out = out
        self.expected: dict[ItemKey, _Expected] = {}
        self.assessment: str | None = None
        self.known_assessments: set[str] = set()

    def run(self, kills: int) -> Report:
        started = time.monotonic()
        for round_number in range(kills):
            if not self._round(round_number):
                break
            if self.out is not None and (round_number + 1) % PROGRESS_EVERY == 0:
                report = self.report
                print(
                    f"  {report.kills}/{kills} kills: {report.confirmed_answers} confirmed, "
                    f"{report.lost_answers} lost, {report.integrity_failures} integrity failures",
                    file=self.out,
                    flush=True,
                )
        self.report.seconds = time.monotonic() - started
        self.report.database_bytes = sum(
            path.stat().st_size
            for path in self.db_path.parent.iterdir()
            if path.name.startswith(self.db_path.name)
        )
        return self.report

    def _round(self, round_number: int) -> bool:
        rng = self.rng
        resume = self.assessment if rng.random() >= NEW_ASSESSMENT_SHARE else None
        checkpoint = rng.choice(AUTOCHECKPOINTS)
        early = rng.random() < EARLY_KILL_SHARE
        delay = rng.uniform(0.0, 0.6) if early else rng.uniform(0.0, 0.3)
        child = _start_child(self.db_path, rng.randrange(2**31), resume, checkpoint)
        if not early and not child.ready.wait(READY_TIMEOUT):
            self.report.stalls += 1
            self.report.problems.append(f"round {round_number}: the intake never became ready")
        time.sleep(delay)
        errors = _kill(child)
        if errors:
            self.report.problems.append(f"round {round_number}: the intake stopped: {errors}")
            self.report.integrity_failures += 1
            return False
        self.report.kills += 1
        self._take(child.lines, resume)
        return self._check(round_number)

    def _take(self, lines: list[str], resume: str | None) -> None:
        """Record what the child confirmed; its last unconfirmed save may have happened."""
        assessment = resume
        pending: tuple[ItemKey, Any] | None = None
        for line in lines:
            word, _, rest = line.partition(" ")
            if word == "ASSESSMENT":
                assessment = rest.strip()
                self.known_assessments.add(assessment)
            elif word in ("SAVING", "CONFIRMED") and assessment is not None:
                questionnaire, item, shown = rest.split(" ", 2)
                key, value = (assessment, questionnaire, item), json.loads(shown)
                if word == "SAVING":
                    pending = (key, value)
                else:
                    self.expected[key] = _Expected(confirmed=value)
                    self.report.confirmed_answers += 1
                    pending = None
        if "READY" not in lines:
            self.report.kills_before_ready += 1
        if pending is not None:
            self.report.kills_during_save += 1
            key, value = pending
            self.expected.setdefault(key, _Expected()).under_way = value
        if assessment is not None:
            self.assessment = assessment

    def _check(self, round_number: int) -> bool:
        """Open as the app would after a crash; False stops the run (the database is gone)."""
        try:
            db = open_database(self.db_path, key=self.key)
        except ReadinessError as exc:
            self.report.integrity_failures += 1
            self.report.problems.append(f"round {round_number}: cannot open: {exc}")
            return False
        try:
            result = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                self.report.integrity_failures += 1
                self.report.problems.append(f"round {round_number}: integrity_check: {result[:5]}")
            stored = {
                (row[0], row[1], row[2]): json.loads(row[3]) if row[3] is not None else None
                for row in db.execute(
                    "SELECT assessment_id, questionnaire_id, item_id, value_json FROM answers"
                )
            }
        except DATABASE_ERRORS as exc:
            self.report.integrity_failures += 1
            self.report.problems.append(f"round {round_number}: reading failed: {exc}")
            return False
        finally:
            db.close()
        self.report.assessments = len(self.known_assessments)
        for key, expected in list(self.expected.items()):
            if key in stored:
                if any(_same(stored[key], v) for v in (expected.confirmed, expected.under_way)):
                    self.expected[key] = _Expected(confirmed=stored[key])
                else:
                    self._lost(round_number, key, "has another value")
            elif expected.confirmed is not NOTHING:
                self._lost(round_number, key, "is missing")
            else:
                del self.expected[key]  # only an unconfirmed first save, which did not happen
        return True

    def _lost(self, round_number: int, key: ItemKey, how: str) -> None:
        self.report.lost_answers += 1
        self.expected.pop(key)
        self.report.problems.append(f"round {round_number}: answer {key[1]}/{key[2]} {how}")


def run(
    kills: int,
    seed: int | None = None,
    folder: Path | None = None,
    *,
    keep: bool = False,
    out: TextIO | None = None,
) -> Report:
    """Run ``kills`` rounds in ``folder`` (a new temporary folder by default) and report.

    ``out`` gets a progress line every ``PROGRESS_EVERY`` kills.
    """
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    own = folder is None
    where = Path(tempfile.mkdtemp(prefix="readiness-crash-")) if folder is None else folder
    try:
        return Harness(where, seed, out).run(kills)
    finally:
        if own and not keep:
            shutil.rmtree(where, ignore_errors=True)
        elif own and out is not None:
            print(f"the database is kept in {where}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.crash.harness", description=__doc__)
    parser.add_argument("--kills", type=int, default=200, help="rounds to run (default 200)")
    parser.add_argument("--seed", type=int, default=None, help="repeat a run (printed at start)")
    parser.add_argument("--keep", action="store_true", help="keep the database folder")
    args = parser.parse_args(argv)
    seed = random.SystemRandom().randrange(2**31) if args.seed is None else args.seed
    print(f"crash harness: seed {seed}, {args.kills} kills", flush=True)
    report = run(args.kills, seed, keep=args.keep, out=sys.stdout)
    for problem in report.problems:
        print(f"  {problem}")
    print(f"kills: {report.kills}")
    print(f"integrity failures: {report.integrity_failures}")
    print(f"confirmed answers: {report.confirmed_answers}")
    print(f"lost answers: {report.lost_answers}")
    print(report.summary())
    return 0 if report.ok and report.kills == args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
