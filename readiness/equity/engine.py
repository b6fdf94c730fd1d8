"""``assess``: one assessment document in, profile + verdicts + recommendations out.

The single entry point for the CLI (``readiness assess``), the results page and
the reports. It is a pure function of the document, the rules and the
questionnaires: facts -> profile -> channel verdicts -> recommendations, each
step reading only what the steps before it produced.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from readiness.document import AssessmentDocument
from readiness.equity.channels import decide_channels, verdict_facts
from readiness.equity.facts import derive_facts
from readiness.equity.loading import Rules, load_rules
from readiness.equity.profile import score_profile
from readiness.equity.recommendations import recommend
from readiness.equity.results import AssessmentResult
from readiness.questionnaire.schema import Instrument


@cache
def builtin_instruments() -> tuple[Instrument, ...]:
    """The questionnaires shipped with the app (loaded once)."""
    from readiness.questionnaire.loader import load_builtin

    return load_builtin().instruments


@cache
def builtin_rules() -> Rules:
    """The built-in rules checked against the built-in questionnaires (loaded once)."""
    rules, _warnings = load_rules(instruments=builtin_instruments())
    return rules


def assess(
    document: AssessmentDocument,
    rules: Rules | None = None,
    instruments: Iterable[Instrument] | None = None,
) -> AssessmentResult:
    """Profile, channel verdicts and recommendations for ``document``.

    ``rules`` default to the built-in ones; ``instruments`` (used to ignore answers to
    hidden questions and to word answers) default to the built-in questionnaires.
    """
    rules = rules or builtin_rules()
    chosen = tuple(instruments) if instruments is not None else builtin_instruments()
    facts = derive_facts(document, rules, chosen)
    domains, overall, profile_facts = score_profile(facts, rules)
    facts.update(profile_facts)
    verdicts = decide_channels(facts, rules)
    facts.update(verdict_facts(verdicts))
    recommendations = recommend(facts, rules)
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
