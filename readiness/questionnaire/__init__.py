"""Questionnaires: the definition schema, the loader, conditions, scoring and FHIR export,
and the ``consent`` record (``consent.py``: the person's choices, kept as yes/no answers).

Instruments are data (files in ``questionnaires/`` and agency folders) validated
into frozen ``Instrument`` objects. Nothing here imports Qt.
"""
