"""``assess``: one assessment document in, profile + verdicts + recommendations out.

The single entry point behind ``readiness.interpret.Interpretation.assess``, which
the CLI, the results page and the reports call. It is a pure function of the
document, the rules and the questionnaires: facts -> profile -> channel verdicts ->
recommendations, each step reading only what the steps before it produced. Conditions
are compiled with the rules (``Rules.compiled``) and read only the facts' values; the
wording of reasons and the evidence behind them are built when first read.
"""

from __future__ import annotations

from collections.abc import Iterable

from readiness.document import AssessmentDocument
from readiness.equity.channels import decide_channels, verdict_facts
from readiness.equity.facts import derive_facts
from readiness.equity.loading import Rules
from readiness.equity.profile import score_profile
from readiness.equity.recommendations import recommend
from readiness.equity.results import AssessmentResult
from readiness.questionnaire.schema import Instrument


def assess(
    document: AssessmentDocument, rules: Rules, instruments: Iterable[Instrument]
) -> AssessmentResult:
    """Profile, channel verdicts and recommendations for ``document``.

    ``instruments`` are used to ignore answers to hidden questions and to word
    answers. Both come from ``readiness.interpret``; there is no default here, so
    every caller interprets with what is in force.
    """
    facts = derive_facts(document, rules, tuple(instruments))
    values = {fact_id: fact.value for fact_id, fact in facts.items()}
    domains, overall, profile_facts = score_profile(facts, values, rules)
    # Each step's reasons are worded later, from the facts as they were at that step.
    facts = {**facts, **profile_facts}
    values.update((fact_id, fact.value) for fact_id, fact in profile_facts.items())
    verdicts = decide_channels(facts, values, rules)
    found = verdict_facts(verdicts)
    facts = {**facts, **found}
    values.update((fact_id, fact.value) for fact_id, fact in found.items())
    recommendations = recommend(facts, values, rules)
    return AssessmentResult(
        assessment_id=document.assessment.id,
        service_user_code=document.service_user.code,
        assessed_at=document.assessment.created,
        profile=domains,
        overall=overall,
        channels=verdicts,
        recommendations=recommendations,
        facts=facts,
        rules_origin=rules.origin,
    )
