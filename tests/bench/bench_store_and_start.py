"""Benchmark: the encrypted database at 100,000 assessments: opening it and its queries.

On an encrypted database opened with its passphrase (real key derivation), each
round times, interleaved with its floor:

- opening the database (``open_database``: the key derivation, the checks, the
  migrations) beside the key derivation alone (PBKDF2-HMAC-SHA512, 256,000 rounds);
- Home's first page, page 500, a search by code prefix and finding one code through
  the app's queries (``readiness.store.listing``, ``repository``), each beside the
  same rows read with one plain SQL query through ``sqlcipher3``.

The app's start, memory and close are ``tests/bench/bench_start.py``.

    python -m tests.bench.bench_store_and_start [--assessments 100000] [--rounds 7]

Goals (issue 2): each query under 50 ms, the open under 200 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys

from readiness.store import listing, repository
from readiness.store.database import open_database
from readiness.store.keys import KDF_ITERATIONS, file_salt, stretched_key
from tests.bench.databases import PASSPHRASE, answers_database, bench_key
from tests.bench.timing import Row, as_json, interleaved, print_table, timed

PAGE = (
    "SELECT a.id, u.code, a.created, a.status FROM assessments a"
    " JOIN service_users u ON u.id = a.service_user_id {where}"
    " ORDER BY a.created DESC LIMIT 50 OFFSET {offset}"
)


def rows(count: int, rounds: int) -> list[Row]:
    path = answers_database(count)
    salt = file_salt(path)
    assert salt is not None
    db = open_database(path, key=stretched_key(path, bench_key()))
    conn = db.conn

    def plain(where: str = "", offset: int = 0, params: tuple[str, ...] = ()) -> float:
        sql = PAGE.format(where=where, offset=offset)
        return timed(lambda: conn.execute(sql, params).fetchall()) * 1000

    plan = {
        "open": lambda: timed(lambda: open_database(path, key=bench_key()).close()),
        "kdf": lambda: timed(
            lambda: hashlib.pbkdf2_hmac("sha512", PASSPHRASE.encode(), salt, KDF_ITERATIONS, 32)
        ),
        "page 1": lambda: timed(lambda: listing.list_assessments(db, page=1)) * 1000,
        "page 1 floor": plain,
        "page 500": lambda: timed(lambda: listing.list_assessments(db, page=500)) * 1000,
        "page 500 floor": lambda: plain(offset=24_950),
        "search": lambda: timed(lambda: listing.list_assessments(db, code_prefix="KB0")) * 1000,
        "search floor": lambda: plain("WHERE u.code >= ? AND u.code < ?", 0, ("KB0", "KB1")),
        "find": lambda: timed(lambda: repository.find_service_user(db, "KB000036")) * 1000,
        "find floor": lambda: (
            timed(
                lambda: conn.execute(
                    "SELECT * FROM service_users WHERE code = ?", ["KB000036"]
                ).fetchall()
            )
            * 1000
        ),
    }
    found = {name: statistics.median(values) for name, values in interleaved(plan, rounds).items()}
    db.close()
    queries = (
        ("page 1", "Home's first page (50 rows)"),
        ("page 500", "page 500 (offset 24,950)"),
        ("search", "search by code prefix"),
        ("find", "find one code"),
    )
    return [
        Row(
            f"open the encrypted database ({count:,})",
            found["open"],
            found["kdf"],
            goal_absolute=0.2,
            floor_name="the key derivation alone",
        ),
        *(
            Row(
                label,
                found[name],
                found[f"{name} floor"],
                unit="ms",
                goal_absolute=50,
                floor_name="the same rows by one plain query",
            )
            for name, label in queries
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    found = rows(args.assessments, args.rounds)
    print_table(found, f"The database (median of {args.rounds}, interleaved)")
    print(as_json(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
