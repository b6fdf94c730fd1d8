"""Recommendations from the catalogue: technologies to use and supports to offer.

Each entry of ``catalogue.yaml`` has triggers written in the same condition
language as the channel rules; they may also test the profile (``band.<domain>``)
and the verdicts (``verdict.<channel>``). The first trigger that holds decides the
entry's priority and its "why" (worded when first read). The list is sorted by
priority, then catalogue order, so the same facts always give the same list.
"""

from __future__ import annotations

from collections.abc import Mapping

from readiness.equity.channels import evidence_for
from readiness.equity.compiled import CompiledEntry, Values
from readiness.equity.conditions import explaining_facts
from readiness.equity.deferred import deferred
from readiness.equity.loading import Rules
from readiness.equity.results import FactValue, Priority, Reason, Recommendation
from readiness.equity.schema import Entry, Trigger
from readiness.equity.templates import render, render_source

_PRIORITY_ORDER = {priority: priority.rank for priority in Priority}


def recommend_entry(
    compiled: CompiledEntry, facts: Mapping[str, FactValue], values: Values, rules: Rules
) -> Recommendation | None:
    """The entry as a recommendation if one of its triggers holds (its "why" worded when read)."""
    entry = compiled.entry
    for trigger, when, priority in compiled.triggers:
        if when(values) is True:
            why = deferred(
                Reason,
                _why,
                (entry, trigger, facts, rules),
                rule=f"{entry.id}.{trigger.id}",
                effect=None,
            )
            return Recommendation(
                id=entry.id,
                kind=compiled.kind,
                priority=priority,
                title=entry.title,
                description=entry.description,
                settings=entry.settings,
                why=why,
                channels=entry.channels,
            )
    return None


def _why(
    entry: Entry, trigger: Trigger, facts: Mapping[str, FactValue], rules: Rules
) -> dict[str, object]:
    """Why a recommendation applies, in words, with its source and facts."""
    thresholds = rules.thresholds
    why, shown = render(trigger.why, facts, thresholds)
    explaining = explaining_facts(trigger.when, facts, thresholds)
    return {
        "text": why,
        "source": render_source(trigger.source or entry.source, thresholds),
        "evidence": evidence_for(explaining, facts, shown),
    }


def recommend(
    facts: Mapping[str, FactValue], values: Values, rules: Rules
) -> tuple[Recommendation, ...]:
    """Every catalogue entry that applies, highest priority first."""
    found = [
        (index, recommendation)
        for index, compiled in enumerate(rules.compiled.catalogue)
        if (recommendation := recommend_entry(compiled, facts, values, rules)) is not None
    ]
    found.sort(key=lambda pair: (_PRIORITY_ORDER[pair[1].priority], pair[0]))
    return tuple(recommendation for _, recommendation in found)
