"""Qt media probes for ``readiness check device --media``: a quiet Qt application, then probes.

The command line has no window, so this makes a ``QGuiApplication`` if none exists:
on Linux without X11 or Wayland it uses Qt's offscreen platform (so Qt does not
abort and the display probe reports ``unknown``). Qt's own log lines (FFmpeg and
PulseAudio probing) are kept off the terminal; the command reports what matters.
"""

from __future__ import annotations

import os
import sys

from readiness.checks.base import Check
from readiness.thresholds import Thresholds

_applications: list[object] = []
"""Keeps the CLI's application object alive for the rest of the process."""


def cli_media_checks(thresholds: Thresholds) -> list[Check]:
    """Display, camera, microphone and speaker probes for the command line."""
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;*.debug=false")
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler
    from PySide6.QtGui import QGuiApplication

    def quiet(kind: QtMsgType, _context: object, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            print(f"readiness: Qt: {message}", file=sys.stderr)

    if QCoreApplication.instance() is None:
        qInstallMessageHandler(quiet)
        _applications.append(QGuiApplication(["readiness"]))

    from .media import qt_media_checks

    return qt_media_checks(thresholds)
