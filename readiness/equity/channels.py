"""Channel verdicts: ready, ready with support, or not suitable now, each with its reasons.

Rules come from ``channels.yaml``. Hard rules (Lam et al. 2020 criteria, a missing
device, a hearing need without captions, a measured connection below what a call
needs) are written against facts; profile rules against the domain bands. Every
rule that holds adds a reason; the verdict is the least ready of them, so a hard
"not suitable now" stands whatever the totals, and adding a barrier can never make
a channel more ready. An ``unless`` condition (a capable supporter, captions that
help) softens one rule, as in Lam's supporter scenario. A verdict guides the choice
of channel; it is never a reason to refuse a service.
"""

from __future__ import annotations

from collections.abc import Mapping

from readiness.equity.conditions import evaluate, explaining_facts
from readiness.equity.loading import Rules
from readiness.equity.results import ChannelVerdict, Evidence, FactValue, Reason, Verdict
from readiness.equity.schema import Rule
from readiness.equity.templates import render, render_source

EFFECTS = {"not_suitable": Verdict.NOT_SUITABLE, "support": Verdict.SUPPORT, "ready": Verdict.READY}


def evidence_for(
    fact_ids: tuple[str, ...], facts: Mapping[str, FactValue], shown: frozenset[str]
) -> tuple[Evidence, ...]:
    """The evidence of ``fact_ids`` not already shown in the sentence, each once."""
    found: dict[Evidence, None] = {}
    for fact_id in fact_ids:
        fact = facts.get(fact_id)
        if fact is None:
            continue
        for item in fact.evidence:
            if item.fact not in shown:
                found.setdefault(item, None)
    return tuple(found)


def apply_rule(rule: Rule, facts: Mapping[str, FactValue], rules: Rules) -> Reason | None:
    """The reason ``rule`` gives for these facts, or None when it does not hold."""
    thresholds = rules.thresholds
    if evaluate(rule.when, facts, thresholds) is not True:
        return None
    effect = EFFECTS[rule.effect]
    template = rule.reason
    explaining = explaining_facts(rule.when, facts, thresholds)
    if rule.unless is not None and evaluate(rule.unless, facts, thresholds) is True:
        effect = EFFECTS[rule.relief_effect]
        template = rule.relief_reason or rule.reason
        explaining += explaining_facts(rule.unless, facts, thresholds)
    text, shown = render(template, facts, thresholds)
    return Reason(
        text,
        rule.id,
        render_source(rule.source, thresholds),
        evidence_for(explaining, facts, shown),
        effect,
    )


def decide_channel(channel_id: str, facts: Mapping[str, FactValue], rules: Rules) -> ChannelVerdict:
    """The verdict for one channel with every reason that applies, least ready first."""
    channel = next(c for c in rules.channels if c.id == channel_id)
    reasons = [
        reason
        for rule in rules.channel_rules[channel_id]
        if (reason := apply_rule(rule, facts, rules)) is not None
    ]
    verdict = max(
        (reason.effect for reason in reasons if reason.effect is not None),
        key=lambda v: v.rank,
        default=Verdict.READY,
    )
    ordered = sorted(reasons, key=lambda r: -(r.effect.rank if r.effect else 0))
    if verdict is Verdict.READY and not ordered:
        text, _ = render(rules.ruleset.no_barrier_reason, facts, rules.thresholds)
        ordered.append(Reason(text, "no_barrier", "Readiness rules", (), Verdict.READY))
    return ChannelVerdict(channel.id, channel.title, verdict, tuple(ordered))


def decide_channels(facts: Mapping[str, FactValue], rules: Rules) -> tuple[ChannelVerdict, ...]:
    """Every channel in ``channels.yaml`` order."""
    return tuple(decide_channel(channel.id, facts, rules) for channel in rules.channels)


def verdict_facts(verdicts: tuple[ChannelVerdict, ...]) -> dict[str, FactValue]:
    """The verdicts as facts ``verdict.<channel>`` for the recommendation catalogue."""
    return {f"verdict.{v.id}": FactValue(f"verdict.{v.id}", v.verdict.value) for v in verdicts}
