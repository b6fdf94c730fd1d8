"""Garbage is collected on the GUI thread, never by Python's automatic collection on a worker."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from readiness_ui.garbage import GuiThreadCollector, collect_if_due


class Cycle:
    """An object that refers to itself: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_the_collector_turns_automatic_collection_off_and_collects_on_its_timer(
    qapp: QApplication,
) -> None:
    owner = QObject()
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector(owner)
    try:
        assert not gc.isenabled()
        cycle = Cycle()
        gone = weakref.ref(cycle)
        del cycle
        threshold = gc.get_threshold()[0]
        _padding = [[] for _ in range(threshold + 10)]  # past the young generation's threshold
        collect_if_due()
        assert gone() is None
    finally:
        collector.stop()
        if not was_enabled:
            gc.disable()


def test_nothing_is_collected_before_a_threshold_is_passed() -> None:
    gc.collect()
    cycle = Cycle()
    gone = weakref.ref(cycle)
    del cycle
    collect_if_due()
    assert gone() is not None  # left for the next collection that is due
    gc.collect()
    assert gone() is None
