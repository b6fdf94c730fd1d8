"""The intake the crash harness kills: answers questions in a loop, as the questionnaire page does.

Run as ``python -m tests.crash.child DB --seed N [--assessment ID] [--autocheckpoint N]``
with the raw database key (64 hex digits) in ``READINESS_CRASH_KEY``. It opens the
encrypted database, resumes the given draft (or starts a new one and prints
``ASSESSMENT <id>``), prints ``READY``, then answers forever. For each answer it
prints ``SAVING <questionnaire id> <item id> <value as JSON>`` before calling
``repository.save_answer`` and ``CONFIRMED ...`` (the same fields) only after it
returned: exactly when the page would show "saved". Every line is flushed at once,
so the parent sees what a worker would have seen on screen when the kill came.

It imports only the store (no Qt, no reports) so that each start is quick.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

from readiness.model import Answer, utc_now
from readiness.store import repository
from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey

KEY_ENV = "READINESS_CRASH_KEY"
QUESTIONNAIRES = ("access", "skills", "health_info", "comm", "preferences")
ITEMS_PER_QUESTIONNAIRE = 60
CHOICES = ("smartphone", "laptop", "tablet", "desktop", "library", "none")
WORDS = ("prefiere", "llamadas", "mañana", "video", "teléfono", "notes", "help", "🙂", "café")


def _value(rng: random.Random, serial: str) -> object:
    """An answer value of a random kind; text ones are long enough to grow the file."""
    kind = rng.randrange(4)
    if kind == 0:
        words = [rng.choice(WORDS) for _ in range(rng.randrange(3, 250))]
        return f"{serial} " + " ".join(words)[:1900]
    if kind == 1:
        return rng.randrange(-1000, 100_000)
    if kind == 2:
        return rng.random() < 0.5
    return sorted(rng.sample(CHOICES, rng.randrange(1, len(CHOICES))))


def _say(*parts: str) -> None:
    sys.stdout.write(" ".join(parts) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tests.crash.child")
    parser.add_argument("db", type=Path)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--assessment", default=None)
    parser.add_argument("--autocheckpoint", type=int, default=0, help="0: SQLite's default")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    key = DatabaseKey.from_bytes(bytes.fromhex(os.environ[KEY_ENV]))
    db = open_database(args.db, key=key)
    if args.autocheckpoint:
        db.execute(f"PRAGMA wal_autocheckpoint = {int(args.autocheckpoint)}")
    assessment_id = args.assessment
    if assessment_id is None:
        user = repository.find_or_create_service_user(db, f"CRASH-{rng.randrange(10_000):04d}")
        assessment_id = repository.start_assessment(db, user, staff_initials="KH").id
        _say("ASSESSMENT", assessment_id)
    _say("READY")
    serial = 0
    while True:
        serial += 1
        questionnaire = rng.choice(QUESTIONNAIRES)
        item = f"{questionnaire}.q{rng.randrange(ITEMS_PER_QUESTIONNAIRE)}"
        value = _value(rng, f"s{args.seed}-{serial}")
        shown = json.dumps(value, ensure_ascii=False)
        _say("SAVING", questionnaire, item, shown)
        answer = Answer(
            questionnaire,
            item,
            utc_now(),
            value=tuple(value) if isinstance(value, list) else value,  # type: ignore[arg-type]
        )
        repository.save_answer(db, assessment_id, answer, staff="KH")
        _say("CONFIRMED", questionnaire, item, shown)


if __name__ == "__main__":
    sys.exit(main())
