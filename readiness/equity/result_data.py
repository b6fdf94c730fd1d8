"""An ``AssessmentResult`` as plain JSON data and back, losslessly: how results are stored.

Only the results' public attributes are read and only their constructors are called,
so the engine may build its text however it likes. Every text keeps every language it
has, and is written once however often it recurs (``texts``, named by index; the same
for ``evidence`` and ``sources``), which keeps a result a third of its plain size;
reasons keep their rule, source, evidence and effect; facts keep their values
(a tuple of strings becomes a list and comes back a tuple). ``codes`` is the small part
an export row needs (scores, bands, verdicts, recommendations), kept apart so reading
it never builds the texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from readiness.equity.output import result_codes
from readiness.equity.results import (
    AssessmentResult,
    Band,
    ChannelVerdict,
    DomainScore,
    Evidence,
    FactValue,
    Origin,
    OverallScore,
    Priority,
    Reason,
    Recommendation,
    RecommendationKind,
    Verdict,
)
from readiness.local_text import LocalText
from readiness.model import MissingCode

Data = dict[str, Any]


def codes(result: AssessmentResult) -> Data:
    """The decisions as codes (``result_codes``) with the overall score and each way of
    connecting's title (in every language): what an export row needs."""
    return {
        **result_codes(result),
        "overall": result.overall.score if result.overall is not None else None,
        "channel_titles": {channel.id: dict(channel.title.texts) for channel in result.channels},
    }


def to_data(result: AssessmentResult) -> Data:
    """The whole result as JSON-ready data (texts and evidence once each, named by index)."""
    return _Packer().result(result)


def from_data(data: Mapping[str, Any]) -> AssessmentResult:
    """The result ``to_data`` gave (raises ``KeyError``/``ValueError``/``IndexError`` on other
    data)."""
    return _Unpacker(data).result()


class _Packer:
    """Writes a result; every text and every piece of evidence is kept once, by index."""

    def __init__(self) -> None:
        self.texts: dict[LocalText, int] = {}
        self.evidence: dict[Evidence, int] = {}
        self.evidence_data: list[list[Any]] = []
        self.sources: dict[str, int] = {}

    def result(self, result: AssessmentResult) -> Data:
        body = {
            "assessment_id": result.assessment_id,
            "service_user_code": result.service_user_code,
            "assessed_at": result.assessed_at.isoformat(),
            "profile": [self.domain(domain) for domain in result.profile],
            "overall": self.overall(result.overall) if result.overall is not None else None,
            "channels": [
                [
                    channel.id,
                    self.text(channel.title),
                    channel.verdict.value,
                    [self.reason(reason) for reason in channel.reasons],
                ]
                for channel in result.channels
            ],
            "recommendations": [self.recommendation(item) for item in result.recommendations],
            "facts": [self.fact(fact) for fact in result.facts.values()],
            "rules_origin": result.rules_origin,
            "note": self.text(result.note),
        }
        return {
            **body,
            "texts": [dict(text.texts) for text in self.texts],
            "evidence": self.evidence_data,
            "sources": list(self.sources),
        }

    def source(self, source: str) -> int:
        return self.sources.setdefault(source, len(self.sources))

    def text(self, text: LocalText) -> int:
        return self.texts.setdefault(text, len(self.texts))

    def band(self, band: Band | None) -> list[Any] | None:
        return None if band is None else [band.id, self.text(band.label)]

    def one_evidence(self, item: Evidence) -> int:
        found = self.evidence.get(item)
        if found is None:
            found = self.evidence[item] = len(self.evidence_data)
            self.evidence_data.append(
                [
                    item.fact,
                    self.text(item.label),
                    self.text(item.value),
                    item.origin.value,
                    item.ref,
                ]
            )
        return found

    def reason(self, reason: Reason) -> list[Any]:
        return [
            self.text(reason.text),
            reason.rule,
            self.source(reason.source),
            [self.one_evidence(item) for item in reason.evidence],
            reason.effect.value if reason.effect is not None else None,
        ]

    def domain(self, domain: DomainScore) -> list[Any]:
        return [
            domain.id,
            self.text(domain.title),
            domain.score,
            self.band(domain.band),
            [self.reason(reason) for reason in domain.reasons],
            domain.answered,
            domain.required,
            domain.total,
            self.source(domain.source),
        ]

    def overall(self, overall: OverallScore) -> list[Any]:
        return [
            overall.score,
            self.band(overall.band),
            list(overall.domains),
            self.text(overall.note),
        ]

    def recommendation(self, item: Recommendation) -> list[Any]:
        return [
            item.id,
            item.kind.value,
            item.priority.value,
            self.text(item.title),
            self.text(item.description),
            [self.text(setting) for setting in item.settings],
            self.reason(item.why),
            list(item.channels),
        ]

    def fact(self, fact: FactValue) -> list[Any]:
        return [
            fact.id,
            list(fact.value) if isinstance(fact.value, tuple) else fact.value,
            [self.one_evidence(item) for item in fact.evidence],
            fact.missing.value if fact.missing is not None else None,
        ]


class _Unpacker:
    """Reads what ``_Packer`` wrote."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.sources: list[str] = list(data["sources"])
        self.texts = [LocalText(text) for text in data["texts"]]
        self.evidence = [
            Evidence(
                fact=fact,
                label=self.texts[label],
                value=self.texts[value],
                origin=Origin(origin),
                ref=ref,
            )
            for fact, label, value, origin, ref in data["evidence"]
        ]

    def result(self) -> AssessmentResult:
        data, text = self.data, self.texts
        overall = data["overall"]
        return AssessmentResult(
            assessment_id=data["assessment_id"],
            service_user_code=data["service_user_code"],
            assessed_at=datetime.fromisoformat(data["assessed_at"]),
            profile=tuple(self.domain(domain) for domain in data["profile"]),
            overall=self.overall(overall) if overall is not None else None,
            channels=tuple(
                ChannelVerdict(
                    id=channel_id,
                    title=text[title],
                    verdict=Verdict(verdict),
                    reasons=tuple(self.reason(reason) for reason in reasons),
                )
                for channel_id, title, verdict, reasons in data["channels"]
            ),
            recommendations=tuple(self.recommendation(item) for item in data["recommendations"]),
            facts={fact[0]: self.fact(fact) for fact in data["facts"]},
            rules_origin=data["rules_origin"],
            note=text[data["note"]],
        )

    def band(self, data: list[Any] | None) -> Band | None:
        return None if data is None else Band(id=data[0], label=self.texts[data[1]])

    def reason(self, data: list[Any]) -> Reason:
        text, rule, source, evidence, effect = data
        return Reason(
            text=self.texts[text],
            rule=rule,
            source=self.sources[source],
            evidence=tuple(self.evidence[index] for index in evidence),
            effect=Verdict(effect) if effect is not None else None,
        )

    def domain(self, data: list[Any]) -> DomainScore:
        domain_id, title, score, band, reasons, answered, required, total, source = data
        return DomainScore(
            id=domain_id,
            title=self.texts[title],
            score=score,
            band=self.band(band),
            reasons=tuple(self.reason(reason) for reason in reasons),
            answered=answered,
            required=required,
            total=total,
            source=self.sources[source],
        )

    def overall(self, data: list[Any]) -> OverallScore:
        score, band, domains, note = data
        return OverallScore(
            score=score, band=self.band(band), domains=tuple(domains), note=self.texts[note]
        )

    def recommendation(self, data: list[Any]) -> Recommendation:
        recommendation_id, kind, priority, title, description, settings, why, channels = data
        return Recommendation(
            id=recommendation_id,
            kind=RecommendationKind(kind),
            priority=Priority(priority),
            title=self.texts[title],
            description=self.texts[description],
            settings=tuple(self.texts[setting] for setting in settings),
            why=self.reason(why),
            channels=tuple(channels),
        )

    def fact(self, data: list[Any]) -> FactValue:
        fact_id, value, evidence, missing = data
        return FactValue(
            id=fact_id,
            value=tuple(value) if isinstance(value, list) else value,
            evidence=tuple(self.evidence[index] for index in evidence),
            missing=MissingCode(missing) if missing is not None else None,
        )
