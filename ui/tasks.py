"""Runs core functions off the GUI thread; the only module in the app that owns threads.

``TaskRunner.start(fn, ...)`` calls ``fn(progress, cancel)`` on a ``QThreadPool``
worker. Progress, the result and any exception come back to the GUI thread through
queued Qt signals, so callbacks may touch widgets; a progress message (a ``Message``)
arrives worded in the screens' language of that moment. Work never receives widgets and
never touches the database (SQLite stays on the GUI thread); it returns a value and
the page saves it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from readiness.messages import Message
from readiness.progress import CancelToken, Progress

from .language import render

T = TypeVar("T")

Work = Callable[[Progress, CancelToken], T]


class _Signals(QObject):
    progress = Signal(object, object)
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work[Any], signals: _Signals, cancel: CancelToken) -> None:
        super().__init__()
        self._work = work
        self._signals = signals
        self._cancel = cancel

    def run(self) -> None:
        def report(fraction: float | None, message: Message) -> None:
            self._signals.progress.emit(fraction, message)

        try:
            result = self._work(report, self._cancel)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class TaskHandle(QObject, Generic[T]):
    """A running task: cancel it, ask whether it is still running.

    Signals:
        progress(fraction: float | None, message: str)
        finished(result)
        failed(exception)
    """

    progress = Signal(object, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, cancel: CancelToken, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_token = cancel
        self.running = True

    def cancel(self) -> None:
        """Ask the work to stop; it reports back through ``failed`` or ``finished``."""
        self.cancel_token.cancel()

    @Slot(object, object)
    def _on_progress(self, fraction: float | None, message: Message) -> None:
        if self.running:
            self.progress.emit(fraction, render(message))

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self.running = False
        self.finished.emit(result)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self.running = False
        self.failed.emit(error)


class TaskRunner(QObject):
    """Starts work on a thread pool and keeps track of what is running."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool(self)
        self._handles: set[TaskHandle[Any]] = set()

    def start(
        self,
        work: Work[T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[float | None, str], None] | None = None,
    ) -> TaskHandle[T]:
        """Run ``work(progress, cancel)`` off the GUI thread; callbacks run on the GUI thread."""
        cancel = CancelToken()
        handle: TaskHandle[T] = TaskHandle(cancel, self)
        signals = _Signals()
        # Queued connections deliver on the thread that owns ``handle``: the GUI thread.
        signals.progress.connect(handle._on_progress)
        signals.done.connect(handle._on_done)
        signals.failed.connect(handle._on_failed)
        if on_progress is not None:
            handle.progress.connect(on_progress)
        if on_done is not None:
            handle.finished.connect(on_done)
        if on_error is not None:
            handle.failed.connect(on_error)
        handle.finished.connect(lambda _result: self._forget(handle, signals))
        handle.failed.connect(lambda _error: self._forget(handle, signals))
        self._handles.add(handle)
        handle.setProperty("_signals", signals)  # keep the emitter alive with the handle
        self._pool.start(_Runnable(work, signals, cancel))
        return handle

    def _forget(self, handle: TaskHandle[Any], signals: _Signals) -> None:
        self._handles.discard(handle)
        signals.deleteLater()

    @property
    def active(self) -> int:
        """How many tasks are still running."""
        return len(self._handles)

    def cancel_all(self) -> None:
        """Ask every running task to stop (used when the window closes)."""
        for handle in list(self._handles):
            handle.cancel()

    def wait(self, msecs: int = 5000) -> bool:
        """Block until every worker has returned (for shutdown and tests)."""
        return bool(self._pool.waitForDone(msecs))
