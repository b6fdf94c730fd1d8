"""Progress reporting and cancellation for long-running core functions.

Long work (checks, speed tests, exports) is a plain function that takes a
``Progress`` callback and a ``CancelToken``; the UI's task runner supplies both and
marshals progress to the screen. Nothing here knows about threads beyond
``threading.Event``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from readiness.messages import Message


class Progress(Protocol):
    """Receives progress: a fraction in [0, 1] (or None when unknown) and a short message,
    which the receiver shows in its language."""

    def __call__(self, fraction: float | None, message: Message) -> None: ...


def no_progress(fraction: float | None, message: Message) -> None:
    """A ``Progress`` that ignores everything (for headless callers that do not care)."""


class Cancelled(Exception):
    """Raised inside long work when its ``CancelToken`` was cancelled."""


class CancelToken(threading.Event):
    """A cancellation flag shared between the caller and the worker.

    It is a ``threading.Event`` so it can be handed straight to libraries that accept
    one (speedtest-cli's ``shutdown_event``). speedtest-cli 2.1.3 polls the deprecated
    ``isSet``; aliasing it here avoids tens of thousands of DeprecationWarnings.
    """

    isSet = threading.Event.is_set

    def cancel(self) -> None:
        """Ask the work to stop as soon as it can."""
        self.set()

    @property
    def cancelled(self) -> bool:
        """True once ``cancel`` has been called."""
        return self.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise ``Cancelled`` if cancellation was requested."""
        if self.is_set():
            raise Cancelled


ProgressCallback = Callable[[float | None, Message], None]
