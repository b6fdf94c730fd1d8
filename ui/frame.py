"""The main window's frame, shown the moment the app starts, before the rest is loaded.

A bare window of PySide6 shows in about 0.13 s on a 2-core machine; loading the app's
code, reading Settings and building the navigation and Home take about as long again.
So the launcher shows the window's frame (its title and size, ``MainWindow()``) first
and processes its first events, and only then loads the rest of the app, which builds
what goes inside the same window (``ui.app.run_app``).
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtWidgets import QApplication

from .main_window import MainWindow


def show_frame(argv: list[str] | None = None) -> MainWindow:
    """The application and the main window's frame, shown.

    With ``READINESS_BENCH_STARTUP`` set (the benchmarks) prints ``shown`` and the
    process's CPU seconds when the frame has had its first events.
    """
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Readiness")  # before the window exists: its class on X11
    window = MainWindow()
    window.show()
    app.processEvents()
    if os.environ.get("READINESS_BENCH_STARTUP"):
        print(f"shown {time.process_time():.4f}", flush=True)
    return window
