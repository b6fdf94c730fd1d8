"""Reports and exports: the two reports (the service user's copy as a tagged PDF by
WeasyPrint, a web page and plain text; the staff report as a PDF by reportlab and a
web page), CSV, JSON, FHIR with its definitions, the funders' summary and the analyst's
item-level export and reliability figures.

This package file imports nothing, so ``readiness.cli`` and the GUI can name it
without loading reportlab, WeasyPrint, pydantic or fhir.resources.

Public API (the GUI and the CLI use these):

- ``readiness.reports.jobs``: ``report_for(document, interpretation, locale) ->
  ReportData``, ``ExportFormat`` and ``run_export(db, format, path, interpretation,
  dates, *, staff, ids, validation, locale, progress, cancel, seal) -> ExportResult`` (the
  ``Interpretation`` comes from ``readiness.interpret``), ``save_report(db, id,
  interpretation, *, audience, locale, path, staff, kind, password, seal)``
- ``readiness.reports.pdf``: ``Audience``, ``ReportFormat``, ``FORMATS``,
  ``render_report(data, audience, kind) -> bytes``, ``protect(pdf, password) -> bytes``,
  ``write_report(data, audience, path, *, kind, password)``
- ``readiness.reports.fhir_definitions``: ``definitions_bundle(interpretation, locale, *,
  transaction)``: the Questionnaires and CodeSystems the FHIR exports name
- ``readiness.reports.data``: ``ReportData`` and the plain data the renderers read
- ``readiness.reports.outcome``: ``outcome_from_result(result, plan, locale)`` (the
  equity engine's result and the worker's plan, worded for the reports)
- ``readiness.reports.exports_json``: ``read_documents(path)``, ``import_documents(db, docs)``
- ``readiness.reports.scale_reliability``: ``analyse_documents(documents, interpretation)
  -> ReliabilityReport`` and ``report_data(report, period)`` (``readiness reliability``);
  the ``items`` and ``reliability`` formats of ``run_export`` write the analyst's files
- ``readiness.reports.audit_csv``: ``export_csv(db, target, filters, *, staff, seal)``
- ``readiness.store.export_queries``: ``DateRange``, ``iter_documents``, ``count_assessments``,
  and ``iter_tallied`` (the CSV's reading: completed assessments with their answers counted)
"""
