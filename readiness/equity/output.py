"""An assessment result as JSON-ready data (``readiness assess --json``) or as plain text lines.

The JSON shape is stable: ``profile`` (per domain: ``score``, ``band``, ``reasons``),
``overall``, ``channels`` (per channel: ``verdict``, ``reasons``) and
``recommendations`` (``id``, ``priority``, ``reason``, ...). Each reason list is
plain sentences in the chosen language; ``explanations`` add the rule id, its
source and every fact with where it came from, for reports and audits.
"""

from __future__ import annotations

from typing import Any

from readiness.equity.results import (
    NOT_ENOUGH_INFORMATION,
    AssessmentResult,
    Evidence,
    Reason,
)
from readiness.local_text import LocalText
from readiness.plan import Plan, decision_to_data, item_to_data

RESULT_FORMAT = "readiness-assessment-result"
RESULT_SCHEMA_VERSION = 1


def _evidence(item: Evidence, locale: str) -> dict[str, Any]:
    return {
        "fact": item.fact,
        "label": item.label.get(locale),
        "value": item.value.get(locale),
        "origin": item.origin.value,
        "ref": item.ref,
    }


def explanation(reason: Reason, locale: str) -> dict[str, Any]:
    """One reason with its rule, source and facts."""
    return {
        "rule": reason.rule,
        "effect": reason.effect.value if reason.effect else None,
        "text": reason.text.get(locale),
        "source": reason.source,
        "evidence": [_evidence(item, locale) for item in reason.evidence],
    }


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as in the assessment document, but a decision's id is ``id``."""
    decisions = []
    for decision in plan.decisions:
        data = decision_to_data(decision)
        decisions.append({"id": data.pop("recommendation_id"), **data})
    return {
        "decisions": decisions,
        "added": [item_to_data(item) for item in plan.added],
        "text": plan.text,
        "follow_up": plan.follow_up.isoformat() if plan.follow_up else None,
    }


def result_to_json(
    result: AssessmentResult, locale: str = "en", plan: Plan | None = None
) -> dict[str, Any]:
    """The whole result as plain data in ``locale`` ("en" or "es")."""
    profile = {
        domain.id: {
            "title": domain.title.get(locale),
            "score": domain.score,
            "band": domain.band.id if domain.band else None,
            "band_label": (
                domain.band.label.get(locale) if domain.band else NOT_ENOUGH_INFORMATION.get(locale)
            ),
            "answered": domain.answered,
            "required": domain.required,
            "reasons": [reason.render(locale) for reason in domain.reasons],
            "source": domain.source,
            "explanations": [explanation(reason, locale) for reason in domain.reasons],
        }
        for domain in result.profile
    }
    overall = None
    if result.overall is not None:
        overall = {
            "score": result.overall.score,
            "band": result.overall.band.id if result.overall.band else None,
            "band_label": result.overall.band.label.get(locale) if result.overall.band else None,
            "domains": list(result.overall.domains),
            "note": result.overall.note.get(locale),
        }
    channels = {
        channel.id: {
            "title": channel.title.get(locale),
            "verdict": channel.verdict.value,
            "verdict_label": channel.verdict.label.get(locale),
            "reasons": [reason.render(locale) for reason in channel.reasons],
            "explanations": [explanation(reason, locale) for reason in channel.reasons],
        }
        for channel in result.channels
    }
    recommendations = [
        {
            "id": rec.id,
            "kind": rec.kind.value,
            "priority": rec.priority.value,
            "title": rec.title.get(locale),
            "reason": rec.why.render(locale),
            "description": rec.description.get(locale),
            "settings": [setting.get(locale) for setting in rec.settings],
            "channels": list(rec.channels),
            "trigger": rec.why.rule,
            "source": rec.why.source,
            "evidence": [_evidence(item, locale) for item in rec.why.evidence],
        }
        for rec in result.recommendations
    ]
    data: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "schema_version": RESULT_SCHEMA_VERSION,
        "assessment_id": result.assessment_id,
        "service_user_code": result.service_user_code,
        "locale": locale,
        "rules": result.rules_origin,
        "note": result.note.get(locale),
        "profile": profile,
        "overall": overall,
        "channels": channels,
        "recommendations": recommendations,
    }
    if plan is not None:
        data["plan"] = plan_to_json(plan)
    return data


HEADINGS = {
    "profile": LocalText(
        en="Profile (0-100, higher: more in place)",
        es="Perfil (0-100, más alto: más en su lugar)",
    ),
    "channels": LocalText(en="Ways to connect", es="Formas de estar en contacto"),
    "recommendations": LocalText(en="Recommendations", es="Recomendaciones"),
    "overall": LocalText(en="Summary", es="Resumen"),
}


def result_to_text(result: AssessmentResult, locale: str = "en") -> list[str]:
    """The result as readable lines for a terminal."""
    lines = [result.note.get(locale), "", HEADINGS["profile"].get(locale)]
    for domain in result.profile:
        score = f"{domain.score:>3}" if domain.score is not None else "  —"
        band = domain.band.label.get(locale) if domain.band else NOT_ENOUGH_INFORMATION.get(locale)
        lines.append(f"  {score}  {domain.title.get(locale)}: {band}")
    if result.overall is not None:
        lines.append(
            f"  {result.overall.score:>3}  {HEADINGS['overall'].get(locale)} "
            f"({result.overall.note.get(locale)})"
        )
    lines += ["", HEADINGS["channels"].get(locale)]
    for channel in result.channels:
        lines.append(f"  {channel.title.get(locale)}: {channel.verdict.label.get(locale)}")
        lines.extend(f"    - {reason.render(locale)}" for reason in channel.reasons)
    lines += ["", HEADINGS["recommendations"].get(locale)]
    for rec in result.recommendations:
        lines.append(f"  [{rec.priority.label.get(locale)}] {rec.title.get(locale)}")
        lines.append(f"    {rec.why.render(locale)}")
    return lines


def result_codes(result: AssessmentResult) -> dict[str, Any]:
    """The decisions of a result as codes only, the same in every language.

    What exports carry beside the facts: each domain's score and band, each way of
    connecting's verdict, and the recommendations with their priority.
    """
    return {
        "profile": {
            domain.id: {"score": domain.score, "band": domain.band.id if domain.band else None}
            for domain in result.profile
        },
        "channels": {channel.id: channel.verdict.value for channel in result.channels},
        "recommendations": [
            {"id": item.id, "priority": item.priority.value} for item in result.recommendations
        ],
    }
