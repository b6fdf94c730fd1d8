"""Access equity: facts -> domain profile -> channel verdicts -> recommendations, all from data.

The rule files in ``readiness/rules/`` (``facts.yaml``, ``domains.yaml``,
``channels.yaml``, ``catalogue.yaml``; described in ``readiness/rules/README.md``)
are validated once by ``readiness.equity.loading.load_rules`` and interpreted by
pure functions. ``readiness.equity.engine.assess`` is the one entry point, reached
through ``readiness.interpret.Interpretation.assess`` by the CLI, the results page
and the reports; the same document and rules always give the same result.

This package file imports nothing on purpose, so naming the package stays quick.

Public API:

- ``readiness.equity.loading.load_rules(override_paths=(), *, thresholds,
  instruments=None) -> (Rules, warnings)``
- ``readiness.equity.engine.assess(document, rules, instruments) -> AssessmentResult``
- ``readiness.equity.compare.compare(previous, current) -> Comparison``
- ``readiness.equity.output.result_to_json(result, locale) -> dict``
- ``readiness.plan.Plan`` (the worker's decisions, saved with the assessment)
"""
