"""The concurrency module: deadlines are honoured, exceptions and cancels reach the caller,
results keep their order, finished work leaves no thread behind, and stuck work never
keeps the process from exiting."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from readiness.concurrency import (
    Deadline,
    DeadlineExceeded,
    Outcome,
    Settled,
    run_all,
    run_supervised,
    run_with_deadline,
    start,
)
from readiness.progress import Cancelled, CancelToken

ROOT = Path(__file__).resolve().parents[2]
MARGIN_S = 0.3
"""How late a deadline may be noticed on a busy test machine (the poll is 0.05 s)."""


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Stuck work in a test waits on this; it is let go when the test ends."""
    event = threading.Event()
    yield event
    event.set()


def stuck(release: threading.Event) -> Callable[[], str]:
    def work() -> str:
        release.wait(30)
        return "late"

    return work


def after(seconds: float, value: str) -> Callable[[], str]:
    def work() -> str:
        time.sleep(seconds)
        return value

    return work


def later(seconds: float, action: Callable[[], None]) -> None:
    timer = threading.Timer(seconds, action)
    timer.daemon = True
    timer.start()


def new_threads(before: set[threading.Thread]) -> set[threading.Thread]:
    return set(threading.enumerate()) - before


# -- run_with_deadline -------------------------------------------------------------------


def test_a_quick_call_returns_its_value() -> None:
    assert run_with_deadline(lambda: 41 + 1, 1.0) == 42


def test_a_stuck_call_raises_at_its_deadline(release: threading.Event) -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        run_with_deadline(stuck(release), 0.3)
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 0.3 + MARGIN_S


def test_a_deadline_is_a_timeout_for_callers_that_catch_those(release: threading.Event) -> None:
    with pytest.raises(TimeoutError):
        run_with_deadline(stuck(release), 0.05)


def test_the_calls_own_exception_reaches_the_caller() -> None:
    error = ValueError("from the worker")

    def failing() -> None:
        raise error

    with pytest.raises(ValueError) as raised:
        run_with_deadline(failing, 1.0)
    assert raised.value is error


def test_cancel_stops_the_wait_at_once(release: threading.Event) -> None:
    cancel = CancelToken()
    later(0.2, cancel.cancel)
    started = time.monotonic()
    with pytest.raises(Cancelled):
        run_with_deadline(stuck(release), 10.0, cancel)
    assert time.monotonic() - started < 0.2 + MARGIN_S


def test_a_result_that_arrives_is_not_delayed_by_the_poll() -> None:
    started = time.monotonic()
    for _ in range(10):  # waiting for the next poll each time would take 0.5 s
        assert run_with_deadline(after(0.0, "soon"), 5.0) == "soon"
    assert time.monotonic() - started < 0.25


# -- run_all -----------------------------------------------------------------------------


def test_results_come_back_in_the_given_order_whatever_finishes_first() -> None:
    arrived: list[int] = []
    settled = run_all(
        [after(0.3, "slow"), after(0.0, "quick"), after(0.15, "middle")],
        Deadline(2.0),
        on_settled=lambda index, _outcome: arrived.append(index),
    )
    assert [item.result() for item in settled] == ["slow", "quick", "middle"]
    assert arrived == [1, 2, 0]


def test_jobs_run_at_the_same_time() -> None:
    started = time.monotonic()
    run_all([after(0.3, str(n)) for n in range(6)], Deadline(2.0))
    assert time.monotonic() - started < 0.3 + MARGIN_S


def test_each_job_has_its_own_deadline(release: threading.Event) -> None:
    started = time.monotonic()
    settled = run_all(
        [after(0.0, "quick"), stuck(release), after(0.4, "slow but in time")],
        [Deadline(1.0), Deadline(0.2), Deadline(1.0)],
    )
    elapsed = time.monotonic() - started
    assert [item.outcome for item in settled] == [Outcome.DONE, Outcome.DEADLINE, Outcome.DONE]
    assert settled[2].value == "slow but in time"
    assert 0.4 <= elapsed < 0.4 + MARGIN_S
    with pytest.raises(DeadlineExceeded):
        settled[1].result()


def test_a_shared_deadline_abandons_whatever_is_still_running(release: threading.Event) -> None:
    started = time.monotonic()
    settled = run_all([stuck(release), after(0.0, "quick")], Deadline(0.3))
    assert 0.3 <= time.monotonic() - started < 0.3 + MARGIN_S
    assert [item.outcome for item in settled] == [Outcome.DEADLINE, Outcome.DONE]


def test_an_exception_is_kept_for_its_job_and_the_others_still_run() -> None:
    def crash() -> str:
        raise KeyError("bug")

    settled = run_all([after(0.1, "a"), crash, after(0.1, "c")], Deadline(2.0))
    assert settled[0].value == "a" and settled[2].value == "c"
    assert settled[1].outcome is Outcome.DONE and isinstance(settled[1].error, KeyError)
    with pytest.raises(KeyError):
        settled[1].result()


def test_cancel_settles_only_the_unfinished_jobs(release: threading.Event) -> None:
    cancel = CancelToken()
    later(0.2, cancel.cancel)
    started = time.monotonic()
    settled = run_all([after(0.0, "done"), stuck(release), stuck(release)], Deadline(10.0), cancel)
    assert time.monotonic() - started < 0.2 + MARGIN_S
    assert [item.outcome for item in settled] == [
        Outcome.DONE,
        Outcome.CANCELLED,
        Outcome.CANCELLED,
    ]
    assert settled[0].value == "done"
    with pytest.raises(Cancelled):
        settled[1].result()


def test_on_settled_runs_on_the_calling_thread() -> None:
    seen: set[int] = set()
    run_all(
        [after(0.0, "a"), after(0.05, "b")],
        Deadline(1.0),
        on_settled=lambda *_: seen.add(threading.get_ident()),
    )
    assert seen == {threading.get_ident()}


def test_no_jobs_means_no_results() -> None:
    assert run_all([], Deadline(1.0)) == []


def test_deadlines_must_match_the_jobs() -> None:
    with pytest.raises(ValueError):
        run_all([after(0.0, "a"), after(0.0, "b")], [Deadline(1.0)])


# -- run_supervised and start ------------------------------------------------------------


def test_supervised_work_ticks_on_the_caller_and_is_stopped_at_its_deadline() -> None:
    stop = threading.Event()
    ticks: list[int] = []
    stopped: list[float] = []

    def work() -> str:
        stop.wait(30)
        return "stopped"

    def on_stop() -> None:
        stopped.append(time.monotonic())
        stop.set()

    before = set(threading.enumerate())
    started = time.monotonic()
    settled = run_supervised(
        work,
        Deadline(0.3),
        tick=lambda: ticks.append(threading.get_ident()),
        on_stop=on_stop,
        grace_s=1.0,
    )
    assert settled == Settled(Outcome.DEADLINE)
    assert len(stopped) == 1 and 0.3 <= stopped[0] - started < 0.3 + MARGIN_S
    assert len(ticks) >= 3 and set(ticks) == {threading.get_ident()}
    assert new_threads(before) == set()  # it wound down within its grace time


def test_supervised_work_that_finishes_is_not_stopped() -> None:
    stops: list[bool] = []
    settled = run_supervised(after(0.1, "fine"), Deadline(2.0), on_stop=lambda: stops.append(True))
    assert settled == Settled(Outcome.DONE, value="fine")
    assert stops == []


def test_supervised_work_is_stopped_on_cancel(release: threading.Event) -> None:
    cancel = CancelToken()
    cancel.cancel()
    stops: list[bool] = []
    started = time.monotonic()
    settled = run_supervised(
        stuck(release), Deadline(10.0), cancel, on_stop=lambda: stops.append(True)
    )
    assert settled.outcome is Outcome.CANCELLED and stops == [True]
    assert time.monotonic() - started < MARGIN_S


def test_started_workers_can_be_waited_for_briefly(release: threading.Event) -> None:
    workers = start([after(0.0, "a"), stuck(release)])
    started = time.monotonic()
    assert workers.wait(0.2) is False
    assert 0.2 <= time.monotonic() - started < 0.2 + MARGIN_S
    assert workers.done(0) and not workers.done(1)
    release.set()
    assert workers.wait(1.0) is True


# -- threads: none left behind, none keeping the process alive ---------------------------


def test_finished_work_leaves_no_thread_behind() -> None:
    before = set(threading.enumerate())
    run_with_deadline(after(0.0, "a"), 1.0)
    run_all([after(0.01 * n, str(n)) for n in range(8)], Deadline(1.0))
    run_supervised(after(0.05, "b"), Deadline(1.0))
    start([after(0.0, "c"), after(0.02, "d")]).wait(1.0)
    assert new_threads(before) == set()


def test_an_abandoned_call_runs_on_a_daemon_thread(release: threading.Event) -> None:
    before = set(threading.enumerate())
    with pytest.raises(DeadlineExceeded):
        run_with_deadline(stuck(release), 0.05)
    left = new_threads(before)
    assert left and all(thread.daemon for thread in left)


STUCK_PROGRAM = """
import socket, threading, time
from readiness.checks.connection.transport import resolve, system_resolver
from readiness.concurrency import Deadline, run_all, run_with_deadline

forever = threading.Event()
socket.getaddrinfo = lambda *args, **kwargs: forever.wait()  # a lookup that never returns
try:
    resolve("speed.agency.test", system_resolver, 0.2)
except TimeoutError:
    print("lookup timed out")
try:
    run_with_deadline(forever.wait, 0.1)
except TimeoutError:
    print("call timed out")
outcomes = run_all([forever.wait, lambda: "quick"], Deadline(0.1))
print(*[item.outcome.value for item in outcomes])
print("exiting", time.monotonic(), flush=True)
"""


def test_stuck_calls_do_not_keep_the_process_from_exiting() -> None:
    started = time.monotonic()
    finished = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(STUCK_PROGRAM)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    ended = time.monotonic()
    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.splitlines()
    assert lines[:3] == ["lookup timed out", "call timed out", "deadline done"]
    exiting_at = float(lines[3].split()[1])
    assert ended - exiting_at < 1.0  # the interpreter did not wait for the stuck threads
    assert ended - started < 10.0


# -- Deadline -----------------------------------------------------------------------------


def test_a_deadline_counts_down_and_never_below_zero() -> None:
    deadline = Deadline(0.05)
    assert 0.0 < deadline.remaining() <= 0.05 and not deadline.expired
    time.sleep(0.06)
    assert deadline.remaining() == 0.0 and deadline.expired
