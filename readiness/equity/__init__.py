"""Access equity: facts -> domain profile -> channel verdicts -> recommendations, all from data.

The rule files in ``readiness/rules/`` (``facts.yaml``, ``domains.yaml``,
``channels.yaml``, ``catalogue.yaml``; described in ``readiness/rules/README.md``)
are validated once by ``readiness.equity.loading.load_rules`` and interpreted by
pure functions. ``readiness.equity.engine.assess`` is the one entry point used by
the CLI, the results page and the reports; the same document and rules always give
the same result.

This package file imports nothing on purpose: ``readiness.document`` uses
``readiness.plan`` and must stay quick to import.

Public API:

- ``readiness.equity.loading.load_rules(override_paths=(), *, thresholds=None,
  instruments=None) -> (Rules, warnings)``
- ``readiness.equity.engine.assess(document, rules, instruments=None) -> AssessmentResult``
- ``readiness.equity.compare.compare(previous, current) -> Comparison``
- ``readiness.equity.output.result_to_json(result, locale) -> dict``
- ``readiness.plan.Plan`` (the worker's decisions, saved with the assessment)
"""
