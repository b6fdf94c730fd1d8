"""Readiness: the domain core of the digital readiness and access-equity assessor.

This package never imports Qt; ``ui/`` is the only place that does. Everything here
works headless, so the command line, the tests and the GUI share one core.
"""

__version__ = "0.1.0"
