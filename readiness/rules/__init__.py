"""Data files the core interprets: thresholds with their sources, and the access-equity rules.

``thresholds.yaml`` (numbers and citations for the checks), ``facts.yaml``,
``domains.yaml``, ``channels.yaml`` and ``catalogue.yaml`` (see ``README.md`` here).
This package holds no code; it exists so the files can be located with
``importlib.resources`` both from a source checkout and from an installed wheel.
"""
