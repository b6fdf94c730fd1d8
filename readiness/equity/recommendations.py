"""Recommendations from the catalogue: technologies to use and supports to offer.

Each entry of ``catalogue.yaml`` has triggers written in the same condition
language as the channel rules; they may also test the profile (``band.<domain>``)
and the verdicts (``verdict.<channel>``). The first trigger that holds decides the
entry's priority and its "why". The list is sorted by priority, then catalogue
order, so the same facts always give the same list.
"""

from __future__ import annotations

from collections.abc import Mapping

from readiness.equity.channels import evidence_for
from readiness.equity.conditions import evaluate, explaining_facts
from readiness.equity.loading import Rules
from readiness.equity.results import (
    FactValue,
    Priority,
    Reason,
    Recommendation,
    RecommendationKind,
)
from readiness.equity.schema import Entry
from readiness.equity.templates import render, render_source


def recommend_entry(
    entry: Entry, facts: Mapping[str, FactValue], rules: Rules
) -> Recommendation | None:
    """The entry as a recommendation if one of its triggers holds."""
    thresholds = rules.thresholds
    for trigger in entry.triggers:
        if evaluate(trigger.when, facts, thresholds) is not True:
            continue
        why, shown = render(trigger.why, facts, thresholds)
        explaining = explaining_facts(trigger.when, facts, thresholds)
        reason = Reason(
            why,
            f"{entry.id}.{trigger.id}",
            render_source(trigger.source or entry.source, thresholds),
            evidence_for(explaining, facts, shown),
        )
        return Recommendation(
            id=entry.id,
            kind=RecommendationKind(entry.kind),
            priority=Priority(trigger.priority),
            title=entry.title,
            description=entry.description,
            settings=entry.settings,
            why=reason,
            channels=entry.channels,
        )
    return None


def recommend(facts: Mapping[str, FactValue], rules: Rules) -> tuple[Recommendation, ...]:
    """Every catalogue entry that applies, highest priority first."""
    found = [
        (index, recommendation)
        for index, entry in enumerate(rules.ruleset.catalogue)
        if (recommendation := recommend_entry(entry, facts, rules)) is not None
    ]
    found.sort(key=lambda pair: (pair[1].priority.rank, pair[0]))
    return tuple(recommendation for _, recommendation in found)
