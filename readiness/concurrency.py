"""Runs work in the background with a deadline, alone or several at once: the only core
module that starts threads.

What the core runs in the background, and how:

- a call that cannot be interrupted, such as a name lookup (``getaddrinfo`` has no
  timeout): ``run_with_deadline`` returns its answer or raises ``DeadlineExceeded`` on
  time, whatever the call does;
- several jobs side by side, each with its own deadline (the device checks, the
  preflight probes): ``run_all`` returns one ``Settled`` per job, in the given order,
  and hands each to ``on_settled`` on the calling thread as it arrives;
- one long job the caller watches (a bandwidth backend): ``run_supervised`` calls
  ``tick`` meanwhile (live figures) and, on cancel or deadline, ``on_stop`` (to set the
  job's stop flag and abort its sockets);
- parallel streams the caller samples with its own loop (a transfer): ``start`` gives
  ``Workers`` to wait for briefly at the end.

Cancellation comes from a ``readiness.progress.CancelToken``; waiting callers look at
it every ``POLL_S`` seconds, while a finished job wakes them at once.

Results travel in ``concurrent.futures.Future`` objects and are awaited with
``concurrent.futures.wait``. The jobs themselves run on daemon threads started here, not
on a ``ThreadPoolExecutor``, because of what the executor cannot do: its worker threads
are joined when the interpreter exits, so a job that cannot be interrupted (a stuck
``getaddrinfo``, a device check hanging in the operating system) would keep the program
from closing. A daemon thread is abandoned instead: the caller goes on at its deadline
and the process can always exit. There is one thread per job and no pool (jobs are few:
a dozen checks, six streams), and every thread whose job ended is joined before the
caller gets its results, so nothing lingers after a normal run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar, cast

from readiness.progress import Cancelled, CancelToken

T = TypeVar("T")

POLL_S = 0.05
"""How often a waiting caller looks at its cancel token and deadlines."""


class Deadline:
    """A point in ``time.monotonic()`` time by which work must have stopped."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.at - time.monotonic())

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.at


class DeadlineExceeded(TimeoutError):
    """The work did not finish before its deadline; it was left running on its own."""


class Outcome(StrEnum):
    """How waiting for a job ended."""

    DONE = "done"
    """The job returned or raised."""
    CANCELLED = "cancelled"
    """The cancel token was set first; the job was abandoned."""
    DEADLINE = "deadline"
    """Time ran out first; the job was abandoned."""


@dataclass(frozen=True)
class Settled(Generic[T]):
    """How one job ended: its value, or the exception it raised, or why it was abandoned."""

    outcome: Outcome
    value: T | None = None
    error: BaseException | None = None

    def result(self) -> T:
        """The job's value; raises its exception, ``Cancelled`` or ``DeadlineExceeded``."""
        if self.outcome is Outcome.CANCELLED:
            raise Cancelled
        if self.outcome is Outcome.DEADLINE:
            raise DeadlineExceeded
        if self.error is not None:
            raise self.error
        return cast(T, self.value)


class _Job(Generic[T]):
    """One function on its own daemon thread, with a future for its result."""

    def __init__(self, function: Callable[[], T], name: str) -> None:
        self.future: Future[T] = Future()
        self._function = function
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        self.future.set_running_or_notify_cancel()
        try:
            value = self._function()
        except BaseException as exc:  # handed to the waiting caller, never lost in the thread
            self.future.set_exception(exc)
        else:
            self.future.set_result(value)

    def settled(self) -> Settled[T]:
        """The ``DONE`` result of a job whose future is done."""
        error = self.future.exception()
        if error is not None:
            return Settled(Outcome.DONE, error=error)
        return Settled(Outcome.DONE, value=self.future.result())


class Workers(Generic[T]):
    """Jobs started by ``start``, one daemon thread each."""

    def __init__(self, jobs: Sequence[_Job[T]]) -> None:
        self._jobs = tuple(jobs)

    def done(self, index: int) -> bool:
        return self._jobs[index].future.done()

    def settled(self, index: int) -> Settled[T]:
        """The result of job ``index``, which must be done."""
        return self._jobs[index].settled()

    def wait_any(self, indexes: Sequence[int], seconds: float) -> None:
        """Wait up to ``seconds`` for one of the jobs ``indexes`` to end."""
        wait(
            [self._jobs[index].future for index in indexes],
            timeout=max(0.0, seconds),
            return_when=FIRST_COMPLETED,
        )

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for every job to end; True if all did."""
        _done, pending = wait([job.future for job in self._jobs], timeout=max(0.0, seconds))
        self.join_finished()
        return not pending

    def join_finished(self) -> None:
        """Join the threads whose job ended (they are returning; this takes no time)."""
        for job in self._jobs:
            if job.future.done():
                job.thread.join()


def start(functions: Sequence[Callable[[], T]], *, name: str = "readiness") -> Workers[T]:
    """Start each of ``functions`` on its own daemon thread, named ``name-<index>``."""
    jobs = [_Job(function, f"{name}-{index}") for index, function in enumerate(functions)]
    for job in jobs:
        job.thread.start()
    return Workers(jobs)


def run_all(
    functions: Sequence[Callable[[], T]],
    deadlines: Deadline | Sequence[Deadline],
    cancel: CancelToken | None = None,
    *,
    on_settled: Callable[[int, Settled[T]], None] | None = None,
    name: str = "readiness",
) -> list[Settled[T]]:
    """Run ``functions`` at the same time; one ``Settled`` each, in the given order.

    ``deadlines`` is one for all or one per function. A job still running at its
    deadline settles as ``DEADLINE``, every job still running when ``cancel`` is set as
    ``CANCELLED``; either is abandoned on its daemon thread. A job's exception is kept
    in its ``Settled`` (``result()`` raises it) and never stops the others.
    ``on_settled(index, settled)`` runs on the calling thread as each job settles.
    """
    limits = [deadlines] * len(functions) if isinstance(deadlines, Deadline) else list(deadlines)
    if len(limits) != len(functions):
        raise ValueError("give one deadline for all functions or one per function")
    workers = start(functions, name=name)
    settled: dict[int, Settled[T]] = {}

    def settle(index: int, outcome: Settled[T]) -> None:
        settled[index] = outcome
        if on_settled is not None:
            on_settled(index, outcome)

    while len(settled) < len(functions):
        pending = [index for index in range(len(functions)) if index not in settled]
        soonest = min(limits[index].remaining() for index in pending)
        workers.wait_any(pending, min(POLL_S, soonest))
        for index in pending:  # what has arrived counts before any deadline
            if workers.done(index):
                settle(index, workers.settled(index))
        for index in pending:
            if index in settled:
                continue
            if cancel is not None and cancel.cancelled:
                settle(index, Settled(Outcome.CANCELLED))
            elif limits[index].expired:
                settle(index, Settled(Outcome.DEADLINE))
    workers.join_finished()
    return [settled[index] for index in range(len(functions))]


def run_supervised(
    function: Callable[[], T],
    deadline: Deadline,
    cancel: CancelToken | None = None,
    *,
    tick: Callable[[], None] | None = None,
    on_stop: Callable[[], None] | None = None,
    grace_s: float = 0.0,
    poll_s: float = POLL_S,
    name: str = "readiness",
) -> Settled[T]:
    """Run ``function`` in the background until it ends, ``cancel`` is set or time is up.

    ``tick`` runs on the calling thread every ``poll_s`` seconds while it waits. When
    the job is abandoned, ``on_stop`` runs (to tell the job to stop) and the job gets
    ``grace_s`` more seconds to wind down before the caller goes on without it.
    """
    workers = start([function], name=name)
    outcome = Outcome.DONE
    while not workers.wait(min(poll_s, max(deadline.remaining(), 0.001))):
        if cancel is not None and cancel.cancelled:
            outcome = Outcome.CANCELLED
            break
        if deadline.expired:
            outcome = Outcome.DEADLINE
            break
        if tick is not None:
            tick()
    if outcome is Outcome.DONE:
        return workers.settled(0)
    if on_stop is not None:
        on_stop()
    workers.wait(grace_s)
    return Settled(outcome)


def run_with_deadline(
    function: Callable[[], T],
    seconds: float,
    cancel: CancelToken | None = None,
    *,
    name: str = "readiness",
) -> T:
    """``function()`` if it ends within ``seconds``; its exception if it raises.

    Raises ``DeadlineExceeded`` at the deadline (or ``Cancelled`` when ``cancel`` is
    set first) while the call is left to finish on its own daemon thread.
    """
    return run_supervised(function, Deadline(seconds), cancel, name=name).result()
