"""Adapts the equity engine's result and the worker's plan to the reports' ``Outcome``.

``readiness.equity.engine.assess`` gives the profile, the channel verdicts and the
recommendations (texts in English and Spanish); ``readiness.plan.Plan`` holds
the worker's decisions, own items, notes and follow-up date. This module words
them in one language for the reports, maps the ADII-style bands onto the reports'
support levels, and picks plain sentences for the service user's copy
(``readiness.reports.plain_words.PLAIN_SENTENCES``), falling back to the catalogue title.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from readiness.i18n import Translator, translator
from readiness.plan import Responsible
from readiness.reports import plain_words as words
from readiness.reports.data import (
    ChannelResult,
    DomainResult,
    Level,
    Outcome,
    PlanResult,
    RecommendationResult,
    Verdict,
)
from readiness.reports.plain_words import PLAIN_SENTENCES

if TYPE_CHECKING:
    from readiness.equity.results import AssessmentResult
    from readiness.plan import Assignment, Plan

BAND_LEVELS = {
    "in_place": Level.STRENGTH,
    "mostly_in_place": Level.STRENGTH,
    "some_support": Level.SOME_SUPPORT,
    "more_support": Level.SUPPORT,
}
"""The profile's band ids (``readiness/rules/domains.yaml``) as report levels; an agency
band with another id counts as "some support"."""

VERDICTS = {
    "ready": Verdict.READY,
    "ready_with_support": Verdict.WITH_SUPPORT,
    "not_suitable_now": Verdict.NOT_NOW,
}


def outcome_from_result(
    result: AssessmentResult,
    plan: Plan | None,
    locale: str,
    kinds: Mapping[str, str] | None = None,
) -> Outcome:
    """The equity result and the plan, worded in ``locale``.

    ``kinds`` (catalogue id -> "support" or "technology") sorts accepted items the
    rules no longer recommend (the facts changed since the plan was made).
    """
    t = translator(locale)
    domains = tuple(
        DomainResult(
            domain_id=d.id,
            title=d.title.get(locale),
            score=float(d.score) if d.score is not None else None,
            level=(BAND_LEVELS.get(d.band.id, Level.SOME_SUPPORT) if d.band else Level.UNKNOWN),
            band=d.band.label.get(locale) if d.band else "",
            reasons=tuple(r.render(locale) for r in d.reasons),
        )
        for d in result.profile
    )
    channels = tuple(
        ChannelResult(
            channel_id=c.id,
            title=c.title.get(locale),
            verdict=VERDICTS.get(c.verdict.value, Verdict.UNKNOWN),
            verdict_text=c.verdict.label.get(locale),
            reasons=tuple(r.render(locale) for r in c.reasons),
        )
        for c in result.channels
    )
    decisions = {d.recommendation_id: d.decision.value for d in plan.decisions} if plan else {}
    recommendations = tuple(
        RecommendationResult(
            recommendation_id=r.id,
            title=r.title.get(locale),
            reason=r.why.render(locale),
            priority=r.priority.label.get(locale),
            decision={"accepted": "accepted", "rejected": "declined"}.get(
                decisions.get(r.id, ""), "suggested"
            ),
        )
        for r in result.recommendations
    )
    notes = [result.note.get(locale)]
    if result.overall is not None:
        band = f" ({result.overall.band.label.get(locale)})" if result.overall.band else ""
        overall = t.gettext("Overall summary: {score} of 100{band}.").format(
            score=result.overall.score, band=band
        )
        notes.append(f"{overall} {result.overall.note.get(locale)}")
    return Outcome(
        domains=domains,
        channels=channels,
        recommendations=recommendations,
        plan=plan_result(plan, result, locale, kinds),
        notes=tuple(notes),
    )


def _plain_sentence(recommendation_id: str, fallback: str, t: Translator) -> str:
    """The service user's sentence for a recommendation, or ``fallback`` when it has none."""
    known = PLAIN_SENTENCES.get(recommendation_id)
    return t.gettext(known) if known else fallback


def _who_and_when(text: str, item: Assignment, t: Translator, *, sentence: bool = False) -> str:
    """A plan step in plain words, with who does it and by when, when the worker said.

    A worker's own item is a short step ("Call the library") and reads "You: Call the
    library (by …)"; a recommendation's plain ``sentence`` ("We will help you apply …")
    keeps its words and is followed by who does it and by when.
    """
    you, we, by = (
        (words.SENTENCE_YOU, words.SENTENCE_WE, words.SENTENCE_BY)
        if sentence
        else (words.STEP_YOU, words.STEP_WE, words.STEP_BY)
    )
    if item.who is Responsible.PERSON:
        text = t.gettext(you).format(step=text)
    elif item.who is Responsible.WORKER:
        text = t.gettext(we).format(step=text)
    if item.due is not None:
        text = t.gettext(by).format(step=text, date=t.format_long_date(item.due, weekday=True))
    return text


def plan_result(
    plan: Plan | None,
    result: AssessmentResult,
    locale: str,
    kinds: Mapping[str, str] | None = None,
) -> PlanResult:
    """Support arranged (accepted supports and the worker's own items), next steps
    (accepted technologies), the follow-up date and the notes."""
    if plan is None:
        return PlanResult()
    t = translator(locale)
    supports: list[str] = []
    steps: list[str] = []
    known = {r.id: r for r in result.recommendations}
    for decision in plan.accepted():
        if decision.done:
            continue  # the copy says what is ahead
        recommendation = known.get(decision.recommendation_id)
        fallback = recommendation.title.get(locale) if recommendation else decision.title
        text = _plain_sentence(decision.recommendation_id, fallback, t)
        if not text:
            continue
        if recommendation is not None:
            kind = recommendation.kind.value
        else:
            kind = (kinds or {}).get(decision.recommendation_id, "support")
        plain = decision.recommendation_id in PLAIN_SENTENCES
        line = _who_and_when(text, decision, t, sentence=plain)
        (steps if kind == "technology" else supports).append(line)
    supports.extend(_who_and_when(item.text, item, t) for item in plan.added if not item.done)
    return PlanResult(
        supports=tuple(supports),
        next_steps=tuple(steps),
        follow_up=plan.follow_up,
        notes=plan.text,
    )
