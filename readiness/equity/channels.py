"""Channel verdicts: ready, ready with support, or not suitable now, each with its reasons.

Rules come from ``channels.yaml``. Hard rules (Lam et al. 2020 criteria, a missing
device, a hearing need without captions, a measured connection below what a call
needs) are written against facts; profile rules against the domain bands. Every
rule that holds adds a reason; the verdict is the least ready of them, so a hard
"not suitable now" stands whatever the totals, and adding a barrier can never make
a channel more ready. An ``unless`` condition (a capable supporter, captions that
help) softens one rule, as in Lam's supporter scenario. While a fact the channel
``requires`` is unknown, or when no rule applies at all, the channel says what is
not known yet and is "ready with support", never "ready" by default. A verdict
guides the choice of channel; it is never a reason to refuse a service.
"""

from __future__ import annotations

from collections.abc import Mapping

from readiness.equity.compiled import CompiledRule, Values
from readiness.equity.conditions import explaining_facts, fact_tests
from readiness.equity.deferred import complete, deferred
from readiness.equity.loading import Rules
from readiness.equity.results import (
    NOT_ANSWERED,
    ChannelVerdict,
    Evidence,
    FactValue,
    Origin,
    Reason,
    Verdict,
)
from readiness.equity.schema import Rule
from readiness.equity.templates import render, render_source
from readiness.questionnaire.schema import MISSING_LABELS

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


def apply_rule(
    compiled: CompiledRule, facts: Mapping[str, FactValue], values: Values, rules: Rules
) -> Reason | None:
    """The reason a rule gives for these facts (worded when read), or None when it does not hold.

    ``values`` are the facts' values, which the compiled conditions read.
    """
    if compiled.when(values) is not True:
        return None
    return _reason(compiled, facts, values, rules)


def _reason(
    compiled: CompiledRule, facts: Mapping[str, FactValue], values: Values, rules: Rules
) -> Reason:
    """The reason of a rule that holds: its effect now, its wording when read."""
    rule = compiled.rule
    relieved = compiled.unless is not None and compiled.unless(values) is True
    effect = EFFECTS[rule.relief_effect if relieved else rule.effect]

    arguments = (rule, relieved, facts, rules)
    return deferred(Reason, _rule_wording, arguments, rule=rule.id, effect=effect)


def _rule_wording(
    rule: Rule, relieved: bool, facts: Mapping[str, FactValue], rules: Rules
) -> dict[str, object]:
    """A rule's reason in words (its relief reason when ``unless`` held), its source and facts."""
    thresholds = rules.thresholds
    template = rule.reason
    explaining = explaining_facts(rule.when, facts, thresholds)
    if relieved and rule.unless is not None:
        template = rule.relief_reason or rule.reason
        explaining += explaining_facts(rule.unless, facts, thresholds)
    text, shown = render(template, facts, thresholds)
    return {
        "text": text,
        "source": render_source(rule.source, thresholds),
        "evidence": evidence_for(explaining, facts, shown),
    }


def unknown_inputs(fact_id: str, facts: Mapping[str, FactValue], rules: Rules) -> tuple[str, ...]:
    """The answers or checks behind ``fact_id`` that are unknown, each once.

    An answered or measured fact is its own input; a derived fact is unknown because
    some fact its condition reads is unknown, so those are named instead.
    """
    definition = rules.facts.get(fact_id)
    if definition is None or definition.derived is None:
        return (fact_id,)
    found: dict[str, None] = {}
    for test in fact_tests(definition.derived):
        fact = facts.get(test.fact)
        if fact is None or not fact.known:
            found.update(dict.fromkeys(unknown_inputs(test.fact, facts, rules)))
    return tuple(found)


def not_known_evidence(fact_id: str, facts: Mapping[str, FactValue], rules: Rules) -> Evidence:
    """An unknown fact as evidence: its label and why it is unknown (declined, no answer yet)."""
    definition = rules.facts[fact_id]
    fact = facts.get(fact_id)
    missing = fact.missing if fact is not None else None
    value = MISSING_LABELS[missing] if missing is not None else NOT_ANSWERED
    ref = definition.answer or (definition.measured.check if definition.measured else "")
    return Evidence(fact_id, definition.label, value, Origin.UNKNOWN, ref)


def not_known_reason(
    channel_id: str,
    facts: Mapping[str, FactValue],
    values: Values,
    rules: Rules,
    *,
    any_reason: bool,
) -> Reason | None:
    """What the channel still needs to know, or None when every required fact is known.

    Also given when no rule applied at all (``any_reason`` False): a channel is never
    "ready" for want of anything to say.
    """
    unknown: dict[str, None] = {}
    for fact_id in rules.channel_requires.get(channel_id, ()):
        if values.get(fact_id) is None:
            unknown.update(dict.fromkeys(unknown_inputs(fact_id, facts, rules)))
    if not unknown and any_reason:
        return None

    arguments = (tuple(unknown), facts, rules)
    return deferred(
        Reason, _not_known_wording, arguments, rule="not_known_yet", effect=Verdict.SUPPORT
    )


def _not_known_wording(
    unknown: tuple[str, ...], facts: Mapping[str, FactValue], rules: Rules
) -> dict[str, object]:
    """What is not known yet, in words, with the unknown facts as its evidence."""
    setting = rules.ruleset.not_known
    text, _ = render(setting.reason, facts, rules.thresholds)
    evidence = tuple(not_known_evidence(f, facts, rules) for f in unknown if f in rules.facts)
    source = render_source(setting.source, rules.thresholds)
    return {"text": text, "source": source, "evidence": evidence}


def decide_channel(
    channel_id: str, facts: Mapping[str, FactValue], values: Values, rules: Rules
) -> ChannelVerdict:
    """The verdict for one channel with every reason that applies, least ready first."""
    return _decide_channel(channel_id, facts, values, rules, _applied(facts, values, rules))


def _applied(facts: Mapping[str, FactValue], values: Values, rules: Rules) -> list[Reason | None]:
    """The reason of every channel rule (``rules.compiled.rules``), None where it does not
    hold: each rule is applied once, however many channels inherit it."""
    return [
        _reason(compiled, facts, values, rules) if compiled.when(values) is True else None
        for compiled in rules.compiled.rules
    ]


def _decide_channel(
    channel_id: str,
    facts: Mapping[str, FactValue],
    values: Values,
    rules: Rules,
    applied: list[Reason | None],
) -> ChannelVerdict:
    channel = next(c for c in rules.channels if c.id == channel_id)
    reasons = [
        reason
        for position in rules.compiled.channels[channel_id]
        if (reason := applied[position]) is not None
    ]
    decided = any(reason.effect is Verdict.NOT_SUITABLE for reason in reasons)
    if not decided:
        missing = not_known_reason(channel_id, facts, values, rules, any_reason=bool(reasons))
        if missing is not None:
            reasons.append(missing)
    verdict = max(
        (reason.effect for reason in reasons if reason.effect is not None),
        key=lambda v: v.rank,
        default=Verdict.SUPPORT,
    )
    ordered = sorted(reasons, key=lambda r: -(r.effect.rank if r.effect else 0))
    return ChannelVerdict(channel.id, channel.title, verdict, tuple(ordered))


def decide_channels(
    facts: Mapping[str, FactValue], values: Values, rules: Rules
) -> tuple[ChannelVerdict, ...]:
    """Every channel in ``channels.yaml`` order."""
    applied = _applied(facts, values, rules)
    return tuple(
        _decide_channel(channel.id, facts, values, rules, applied) for channel in rules.channels
    )


def verdict_facts(verdicts: tuple[ChannelVerdict, ...]) -> dict[str, FactValue]:
    """The verdicts as facts ``verdict.<channel>`` for the recommendation catalogue.

    Each names itself as evidence ("Phone call: Not suitable now (from the results)"),
    so a recommendation that follows from a verdict says which.
    """
    found: dict[str, FactValue] = {}
    for channel in verdicts:
        fact_id = f"verdict.{channel.id}"
        evidence = Evidence(fact_id, channel.title, channel.verdict.label, Origin.DERIVED)
        found[fact_id] = complete(
            FactValue, id=fact_id, value=channel.verdict.value, evidence=(evidence,), missing=None
        )
    return found
