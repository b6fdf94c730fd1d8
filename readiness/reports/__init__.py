"""Reports and exports: the two PDF reports (reportlab), CSV, JSON, FHIR, the funders' summary
and the analyst's item-level export and reliability figures.

This package file imports nothing, so ``readiness.cli`` and the GUI can name it
without loading reportlab, pydantic or fhir.resources.

Public API (the GUI and the CLI use these):

- ``readiness.reports.jobs``: ``report_for(document, interpretation, locale) ->
  ReportData``, ``ExportFormat`` and ``run_export(db, format, path, interpretation,
  dates, *, staff, ids, validation, locale, progress, cancel, seal) -> ExportResult`` (the
  ``Interpretation`` comes from ``readiness.interpret``)
- ``readiness.reports.pdf``: ``Audience``, ``render_report(data, audience) -> bytes``,
  ``protect(pdf, password) -> bytes``, ``write_report(data, audience, path, *, password)``
- ``readiness.reports.data``: ``ReportData`` and the plain data the renderers read
- ``readiness.reports.outcome``: ``outcome_from_result(result, plan, locale)`` (the
  equity engine's result and the worker's plan, worded for the reports)
- ``readiness.reports.exports_json``: ``read_documents(path)``, ``import_documents(db, docs)``
- ``readiness.reports.scale_reliability``: ``analyse_documents(documents, interpretation)
  -> ReliabilityReport`` and ``report_data(report, period)`` (``readiness reliability``);
  the ``items`` and ``reliability`` formats of ``run_export`` write the analyst's files
- ``readiness.reports.audit_csv``: ``export_csv(db, target, filters, *, staff, seal)``
- ``readiness.store.export_queries``: ``DateRange``, ``iter_documents``, ``count_assessments``
"""
