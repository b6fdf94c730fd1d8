"""Python's cyclic garbage collector, run on the GUI thread only.

Any allocation can start Python's automatic collection, on whatever thread made it.
When that is a worker (``ui.tasks``) and the garbage holds Qt objects caught in a
reference cycle (a widget and a lambda that names it), they are destroyed on the
wrong thread, which can crash the whole app. So automatic collection is turned off
and a timer on the GUI thread collects instead, by the same generation thresholds
Python itself uses: the same work, always on the thread that owns the widgets.

What start-up made (the modules, the window) lives as long as the app: ``keep_for_good``
moves it out of the collector's sight (``gc.freeze``), so a full collection during or
after the start reads only what came since, not every object of every module.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


def collect_if_due() -> None:
    """Collect each generation whose count has passed its threshold (as Python would)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return


def keep_for_good() -> None:
    """Every object made so far is kept for the app's life: never looked at again."""
    gc.freeze()


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects on the GUI thread every half second."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(collect_if_due)
        self._timer.start(INTERVAL_MS)

    def stop(self) -> None:
        """Stop the timer and hand collection back to Python (the app is closing)."""
        self._timer.stop()
        gc.enable()
