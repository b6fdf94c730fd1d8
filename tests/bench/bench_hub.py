"""Benchmark: many laptops sending to the agency hub at once, through the real HTTPS API.

    python tests/bench/bench_hub.py [--laptops 50] [--each 2000] [--batch 50]
        [--duplicates 0.10] [--drops 0.03] [--phases one,two]

Starts a throw-away PostgreSQL (Debian's binaries, as in the tests) and real
``readiness-hub serve`` processes on 127.0.0.1 with a self-signed certificate. Each
simulated laptop is a thread that sends its completed assessments in batches, exactly
as ``readiness sync`` shapes them (documents with their results), to the hubs in turn
(a round-robin "load balancer"), with:

- duplicates: about ``--duplicates`` of the batches are sent a second time later;
- dropped connections: about ``--drops`` of the requests lose their connection right
  after the body is sent, before the answer is read (the hub may or may not have
  stored it), and are retried;
- retries: any failure (dropped, refused, 5xx) is retried with backoff on the next hub;
- in the two-process phase one hub is killed with SIGKILL when 40 % is sent, and
  restarted 3 seconds later on the same port.

Documents are 100 realistic templates (every questionnaire answered, checks, plans),
cloned with new ids, people and dates. Reports, counted in PostgreSQL: assessments lost
(sent but missing) and duplicated (more than one row per assessment and version), the
throughput (assessments per second, wall clock) and the p50/p95 request latency, for one
and for two hub processes; and whether the hub's summary (SQL) equals the summary the
laptops compute from their own documents (``readiness.reports.summary``). Loopback only;
every loop is bounded.
"""

from __future__ import annotations

import argparse
import copy
import http.client
import json
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from readiness.document import from_data
from readiness.hub import devices, migrations, summary
from readiness.hub.database import as_reporting_connection
from readiness.i18n import translator
from readiness.reports.exports_json import with_results
from readiness.reports.summary import Tally, summary_rows
from readiness.session.decided import decided_for
from readiness.sync import protocol
from tests.core.reports.samples import BASE_TIME, filled_document
from tests.factories import builtin_interpretation
from tests.hub import postgres
from tests.hub.servers import HubProcess, make_certificate, start_hub

TEMPLATES = 100
MAX_TRIES = 30


@dataclass
class Shared:
    """What the laptop threads share: the hubs in turn, latencies, counters."""

    hubs: list[HubProcess]
    latencies: list[float] = field(default_factory=list)
    sent_batches: int = 0
    total_batches: int = 0
    dropped: int = 0
    retries: int = 0
    already_there: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    turn: int = 0

    def next_hub(self) -> HubProcess:
        with self.lock:
            self.turn += 1
            return self.hubs[self.turn % len(self.hubs)]


def templates() -> list[tuple[dict[str, Any], Any]]:
    """(document with results as JSON data, its result) for each template."""
    interpretation = builtin_interpretation()
    made = []
    for index in range(TEMPLATES):
        document = filled_document(
            index + 1, code=f"T{index:04d}", locale="es" if index % 3 == 0 else "en"
        )
        made.append(
            (
                with_results(document, decided_for(document, interpretation)),
                interpretation.assess(document),
            )
        )
    return made


def clone(template: dict[str, Any], rng: random.Random, laptop: int, number: int) -> dict[str, Any]:
    data = copy.deepcopy(template)
    person = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    data["service_user"] = {"id": person, "code": f"B{laptop:02d}-{number:05d}"}
    created = BASE_TIME - timedelta(hours=7 * number + laptop)
    assessment = data["assessment"]
    assessment["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    assessment["service_user_id"] = person
    assessment["created"] = created.isoformat()
    assessment["updated"] = (created + timedelta(minutes=25)).isoformat()
    assessment["completed"] = (created + timedelta(minutes=25)).isoformat()
    return data


@dataclass
class LaptopResult:
    """What one laptop sent (ids) and its own summary counts over its documents."""

    ids: set[str] = field(default_factory=set)
    tally: Tally = field(default_factory=Tally)


def merge(tallies: list[Tally]) -> Tally:
    merged = Tally()
    for tally in tallies:
        merged.total += tally.total
        merged.bands.update(tally.bands)
        merged.verdicts.update(tally.verdicts)
        merged.recommended.update(tally.recommended)
        merged.accepted.update(tally.accepted)
    return merged


def post(hub: HubProcess, body: bytes, credential: str, drop: bool) -> dict[str, Any]:
    conn = http.client.HTTPSConnection("127.0.0.1", hub.port, context=hub.context(), timeout=120)
    try:
        conn.request(
            "POST",
            protocol.ASSESSMENTS_PATH,
            body=body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {credential}"},
        )
        if drop:  # the connection is lost before the answer arrives
            conn.sock.close()  # type: ignore[union-attr]
            raise ConnectionResetError("dropped on purpose")
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise ConnectionError(f"hub answered {response.status}: {raw[:200]!r}")
    answer: dict[str, Any] = json.loads(raw)
    return answer


def send(
    shared: Shared,
    credential: str,
    versions: list[dict[str, Any]],
    rng: random.Random,
    drops: float,
) -> None:
    body = json.dumps({"versions": versions}, ensure_ascii=False).encode("utf-8")
    for attempt in range(MAX_TRIES):
        hub = shared.next_hub()
        drop = rng.random() < drops
        started = time.perf_counter()
        try:
            answer = post(hub, body, credential, drop)
        except (OSError, ConnectionError, http.client.HTTPException):
            with shared.lock:
                shared.dropped += drop
                shared.retries += 1
            time.sleep(min(2.0, 0.05 * 2**attempt) * (1 + rng.random()))
            continue
        with shared.lock:
            shared.latencies.append(time.perf_counter() - started)
            shared.already_there += len(answer["already_there"])
        return
    raise RuntimeError("a batch could not be sent after every retry")


def run_laptop(
    shared: Shared,
    credential: str,
    made: list[tuple[dict[str, Any], Any]],
    *,
    laptop: int,
    each: int,
    batch: int,
    duplicates: float,
    drops: float,
) -> LaptopResult:
    """Make this laptop's documents a batch at a time (memory stays small), send each
    batch, now and then one of the last ten again, and count the laptop's own summary."""
    rng, making = random.Random(laptop), random.Random(1000 + laptop)
    result = LaptopResult()
    recent: list[list[dict[str, Any]]] = []
    for start in range(0, each, batch):
        versions = []
        for number in range(start, min(each, start + batch)):
            which = making.randrange(TEMPLATES)
            data = clone(made[which][0], making, laptop, number)
            result.ids.add(data["assessment"]["id"])
            result.tally.add(from_data(data, "bench"), made[which][1])
            versions.append({"version": 1, "previous_version": None, "document": data})
        send(shared, credential, versions, rng, drops)
        recent = [*recent[-9:], versions]
        with shared.lock:
            shared.sent_batches += 1
        if rng.random() < duplicates:  # an earlier batch again, as after a lost answer
            send(shared, credential, rng.choice(recent), rng, drops)
    return result


def enrol(dsn: str, hub: HubProcess, name: str) -> str:
    with psycopg.connect(dsn, row_factory=dict_row) as conn:
        code = devices.enroll(conn, name)
    conn2 = http.client.HTTPSConnection("127.0.0.1", hub.port, context=hub.context(), timeout=30)
    try:
        conn2.request(
            "POST",
            protocol.JOIN_PATH,
            body=json.dumps({"code": code}),
            headers={"Content-Type": "application/json"},
        )
        answer = json.loads(conn2.getresponse().read())
    finally:
        conn2.close()
    return str(answer["credential"])


def new_database(server: postgres.Server, name: str) -> str:
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    dsn = server.dsn(name)
    with psycopg.connect(dsn) as conn:
        migrations.apply(conn)
    return dsn


def killer(
    shared: Shared,
    victim: HubProcess,
    *,
    certificate: tuple[Path, Path],
    folder: Path,
    done: threading.Event,
    restarted: list[HubProcess],
) -> None:
    """SIGKILL ``victim`` when 40 % of the batches are sent; restart it 3 s later."""
    deadline = time.monotonic() + 3600
    while not done.is_set() and time.monotonic() < deadline:
        if shared.sent_batches >= 0.4 * shared.total_batches:
            victim.kill()
            print(
                f"  killed hub on port {victim.port} (SIGKILL) at {shared.sent_batches} "
                f"of {shared.total_batches} batches",
                flush=True,
            )
            time.sleep(3)
            again = start_hub(
                victim.dsn,
                certificate,
                folder / "restarted.log",
                port=victim.port,
                extra=victim.extra,
            )
            shared.hubs[shared.hubs.index(victim)] = again
            restarted.append(again)
            print("  restarted it", flush=True)
            return
        time.sleep(0.05)


def phase(
    server: postgres.Server,
    processes: int,
    args: argparse.Namespace,
    made: list[tuple[dict[str, Any], Any]],
    *,
    certificate: tuple[Path, Path],
    folder: Path,
) -> dict[str, Any]:
    dsn = new_database(server, f"bench_{processes}")
    extra = [
        "--device-rate",
        "1000000",
        "--join-rate",
        "1000000",
        "--no-access-log",
        "--pool-size",
        "6",
    ]
    hubs = [
        start_hub(dsn, certificate, folder / f"hub{processes}-{i}.log", extra=extra, dsn_kept=dsn)
        for i in range(processes)
    ]
    shared = Shared(hubs=list(hubs))
    credentials = [enrol(dsn, hubs[0], f"laptop-{n:02d}") for n in range(args.laptops)]
    print(f"{processes} hub process(es): {args.laptops} laptops × {args.each}", flush=True)
    shared.total_batches = args.laptops * -(-args.each // args.batch)
    done, restarted = threading.Event(), []
    watcher = None
    if processes > 1:
        watcher = threading.Thread(
            target=killer,
            args=(shared, hubs[1]),
            kwargs={
                "certificate": certificate,
                "folder": folder,
                "done": done,
                "restarted": restarted,
            },
        )
        watcher.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.laptops) as pool:
        futures = [
            pool.submit(
                run_laptop,
                shared,
                credentials[n],
                made,
                laptop=n,
                each=args.each,
                batch=args.batch,
                duplicates=args.duplicates,
                drops=args.drops,
            )
            for n in range(args.laptops)
        ]
        results = [future.result() for future in futures]
    elapsed = time.perf_counter() - started
    done.set()
    if watcher is not None:
        watcher.join()
    expected = set().union(*(result.ids for result in results))
    with psycopg.connect(dsn, row_factory=dict_row) as conn:
        rows = conn.execute(
            "SELECT count(*) AS n, count(DISTINCT (assessment_id, version)) AS d "
            "FROM assessment_versions"
        ).fetchone()
        stored = {
            r["assessment_id"]
            for r in conn.execute("SELECT assessment_id FROM assessment_versions")
        }
        with as_reporting_connection(conn):
            on_hub = summary.tally(conn)
    lost = len(expected - stored)
    duplicated = rows["n"] - rows["d"]
    laptops = merge([result.tally for result in results])
    rules = builtin_interpretation().rules
    same = on_hub == laptops and all(
        summary_rows(on_hub, rules, translator(locale))
        == summary_rows(laptops, rules, translator(locale))
        for locale in ("en", "es")
    )
    latencies = sorted(shared.latencies)
    for hub in [*hubs, *restarted]:
        hub.stop()
    return {
        "hub_processes": processes,
        "assessments": len(expected),
        "requests": len(latencies),
        "seconds": round(elapsed, 1),
        "assessments_per_second": round(len(expected) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
        "retries": shared.retries,
        "dropped_on_purpose": shared.dropped,
        "answered_already_there": shared.already_there,
        "lost": lost,
        "duplicated": duplicated,
        "rows_in_postgresql": rows["n"],
        "summary_equal": same,
        "killed_and_restarted": bool(restarted),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laptops", type=int, default=50)
    parser.add_argument("--each", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=protocol.MAX_BATCH)
    parser.add_argument("--duplicates", type=float, default=0.10)
    parser.add_argument("--drops", type=float, default=0.03)
    parser.add_argument("--phases", default="one,two")
    args = parser.parse_args()
    made = templates()
    results = []
    server = postgres.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-hub-") as temporary:
            folder = Path(temporary)
            certificate = make_certificate(folder)
            for name in args.phases.split(","):
                results.append(
                    phase(
                        server,
                        {"one": 1, "two": 2}[name],
                        args,
                        made,
                        certificate=certificate,
                        folder=folder,
                    )
                )
                print(json.dumps(results[-1], indent=2), flush=True)
    finally:
        server.stop()
    failed = any(r["lost"] or r["duplicated"] or not r["summary_equal"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
