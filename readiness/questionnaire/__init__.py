"""Questionnaires: the definition schema, the loader, conditions, scoring and FHIR export.

Instruments are data (files in ``questionnaires/`` and agency folders) validated
into frozen ``Instrument`` objects. Nothing here imports Qt.
"""
