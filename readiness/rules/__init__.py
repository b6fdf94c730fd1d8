"""Data files the core interprets: thresholds with their sources (``thresholds.yaml``).

This package holds no code; it exists so the files can be located with
``importlib.resources`` both from a source checkout and from an installed wheel.
"""
