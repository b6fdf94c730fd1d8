"""The PySide6 layer: windows, pages, Qt media probes and the task runner.

Only this package imports Qt. ``ui.app`` is the composition root.
"""
