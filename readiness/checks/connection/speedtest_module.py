"""Imports speedtest-cli without letting it take over the process's output file descriptors.

At import, speedtest-cli 2.1.3 wraps file descriptors 1 and 2 in new ``FileIO``
objects that close them when garbage-collected (and warn about it). Importing it
while ``sys.stdout``/``sys.stderr`` have no file descriptor makes it fall back to
plain streams instead; it only prints in its debug mode, which is never used here.
"""

from __future__ import annotations

import io
import sys
import threading

_lock = threading.Lock()

with _lock:
    if "speedtest" in sys.modules:
        import speedtest
    else:
        _saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = io.StringIO()  # fileno() raises: no FileIO is made
        try:
            import speedtest
        finally:
            sys.stdout, sys.stderr = _saved

__all__ = ["speedtest"]
