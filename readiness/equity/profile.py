"""The domain profile: a 0-100 score and a band per domain, or "not enough information".

Each domain in ``domains.yaml`` lists indicators; an indicator scores one or more
facts (by answer code, or by steps against ``thresholds.yaml`` for measured
numbers) and combines them by their lowest score unless told otherwise. A domain is
the weighted mean of its known indicators, given only when at least
``min_indicators`` are known; otherwise it says "not enough information" and never
a made-up number. In a ``worst_need`` domain each indicator is a need of its own, so
the domain is in the band of its lowest indicator, never a better one (one severe need
is not averaged away), and inside that band the score follows the mean. Higher always
means more is already in place. Bands follow the Australian Digital Inclusion Index
(≤45, 45-61, 61-80, ≥80) as an analogy only: the ADII is a population index, not
validated for one person.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence

from readiness.equity.compiled import Scorer, Values
from readiness.equity.deferred import deferred
from readiness.equity.loading import Rules
from readiness.equity.results import (
    Band,
    DomainScore,
    Evidence,
    FactValue,
    Origin,
    OverallScore,
    Reason,
)
from readiness.equity.schema import BandDef, Domain, Indicator
from readiness.local_text import LocalText


def round_score(value: float) -> int:
    """Half up, so 44.5 shows as 45 whatever the float rounding mode."""
    return int(value + 0.5)


def indicator_score(
    indicator: Indicator,
    scorers: tuple[tuple[str, Scorer], ...],
    facts: Mapping[str, FactValue],
    values: Values,
) -> tuple[float | None, tuple[FactValue, ...]]:
    """An indicator's score (its facts scored by ``scorers``, from ``Rules.compiled``, and
    combined) and the facts that gave it."""
    scores: list[float] = []
    used: list[FactValue] = []
    for fact_id, scorer in scorers:
        score = scorer(values.get(fact_id))
        if score is not None:
            scores.append(score)
            used.append(facts[fact_id])
    if not scores:
        return None, ()
    if indicator.combine == "max":
        combined = max(scores)
    elif indicator.combine == "mean":
        combined = sum(scores) / len(scores)
    else:
        combined = min(scores)
    return combined, tuple(used)


def evidence_of(used: Iterable[FactValue]) -> tuple[Evidence, ...]:
    """The evidence of the facts ``used``, each item once, in order."""
    return tuple(dict.fromkeys(item for fact in used for item in fact.evidence))


def band_for(bands: Sequence[BandDef], score: float) -> BandDef:
    """The highest band whose lower bound ``score`` reaches (the first band always does)."""
    chosen = bands[0]
    for band in bands[1:]:
        if band.contains_from_below(score):
            chosen = band
    return chosen


def band_range(bands: Sequence[BandDef], score: float) -> tuple[int, int]:
    """The lowest and highest whole scores of the band ``score`` is in (the top ends at 100)."""
    found = band_for(bands, score)
    position = next(i for i, band in enumerate(bands) if band is found)
    if found.above is not None:
        lowest = math.floor(found.above) + 1
    else:
        lowest = math.ceil(found.at_least or 0.0)
    if position + 1 == len(bands):
        return lowest, 100
    above = bands[position + 1]
    if above.above is not None:
        return lowest, math.floor(above.above)
    return lowest, math.ceil(above.at_least or 0.0) - 1


def within_worst_band(mean: float, worst: float, bands: Sequence[BandDef]) -> float:
    """A worst-need domain's score: in the band of its ``worst`` indicator, placed in it
    by the ``mean``.

    The mean's share of the way from the band's lowest score to 100 becomes the same
    share of the band, so the band is always that of the worst need (one need is not
    averaged away) while progress on the other needs still moves the score. In the top
    band it is the mean itself.
    """
    lowest, highest = band_range(bands, round_score(worst))
    share = (mean - lowest) / (100 - lowest) if lowest < 100 else 1.0
    return lowest + (highest - lowest) * min(1.0, max(0.0, share))


def band_marks(rules: Rules) -> tuple[float, ...]:
    """Where each band after the first starts (45, 61, 80 with the built-in rules), for charts."""
    return tuple(band.lower for band in rules.ruleset.bands[1:])


def _band(domain: Domain | None, band: BandDef) -> Band:
    label = domain.band_labels.get(band.id) if domain is not None else None
    return Band(band.id, label or band.label)


def worst_need_reason(
    domain: Domain, worst: Indicator, mean: int, evidence: tuple[Evidence, ...]
) -> Reason:
    """Why a domain is in a lower band than its average: its most severe single need."""
    return Reason(
        LocalText(
            en=f"The greatest need sets the band: {worst.label.get('en')}. "
            f"The average alone would be {mean}.",
            es=f"La necesidad más grande decide la banda: {worst.label.get('es')}. "
            f"Solo el promedio daría {mean}.",
        ),
        f"{domain.id}.worst_need",
        domain.source,
        evidence,
    )


Known = tuple[Indicator, float, tuple[FactValue, ...]]
"""An indicator with a score, and the facts that gave it."""


def score_domain(
    domain: Domain, facts: Mapping[str, FactValue], values: Values, rules: Rules
) -> DomainScore:
    """One domain's score, band and reasons (lowest indicators first; worded when read)."""
    known: list[Known] = []
    scorers = rules.compiled.scorers
    for indicator in domain.indicators:
        found = scorers[domain.id, indicator.id]
        score, used = indicator_score(indicator, found, facts, values)
        if score is not None:
            known.append((indicator, score, used))
    if len(known) < domain.min_indicators:
        return _domain_score(domain, _not_enough_reasons, (domain, known), known)
    weight = sum(indicator.weight for indicator, _, _ in known)
    value = sum(indicator.weight * score for indicator, score, _ in known) / weight
    score = round_score(value)
    ordered = sorted(known, key=lambda entry: entry[1])
    mean, held_back = score, False
    if domain.worst_need:
        bands = rules.ruleset.bands
        held = round_score(within_worst_band(value, ordered[0][1], bands))
        held_back = band_for(bands, score) is not band_for(bands, held)
        score = held
    band = _band(domain, band_for(rules.ruleset.bands, score))

    held_by = mean if held_back else None
    arguments = (domain, ordered, held_by)
    return _domain_score(domain, _scored_reasons, arguments, known, score=score, band=band)


def _scored_reasons(
    domain: Domain, ordered: list[Known], held_by: int | None
) -> dict[str, tuple[Reason, ...]]:
    """A scored domain's reasons, lowest indicator first; when its greatest need holds it
    in a lower band than its average (``held_by``, that average), that reason first."""
    found = tuple(_indicator_reason(domain, *entry) for entry in ordered)
    if held_by is not None:
        worst, _, used = ordered[0]
        found = (worst_need_reason(domain, worst, held_by, evidence_of(used)), *found)
    return {"reasons": found}


def _not_enough_reasons(domain: Domain, known: list[Known]) -> dict[str, tuple[Reason, ...]]:
    return {"reasons": (_not_enough_reason(domain, known),)}


def _domain_score(
    domain: Domain,
    reasons: Callable[..., dict[str, tuple[Reason, ...]]],
    arguments: tuple[object, ...],
    known: list[Known],
    *,
    score: int | None = None,
    band: Band | None = None,
) -> DomainScore:
    """A domain's score now, its reasons (``reasons(*arguments)``) worded when first read."""
    return deferred(
        DomainScore,
        reasons,
        arguments,
        id=domain.id,
        title=domain.title,
        score=score,
        band=band,
        answered=len(known),
        required=domain.min_indicators,
        total=len(domain.indicators),
        source=domain.source,
    )


def _not_enough_reason(domain: Domain, known: list[Known]) -> Reason:
    total = len(domain.indicators)
    return Reason(
        LocalText(
            en=f"Not enough information yet: {len(known)} of the {domain.min_indicators} "
            f"answers or measurements needed (out of {total}).",
            es=f"Todavía no hay suficiente información: {len(known)} de las "
            f"{domain.min_indicators} respuestas o mediciones necesarias (de {total}).",
        ),
        f"{domain.id}.not_enough_information",
        domain.source,
        tuple(item for _, _, used in known for item in evidence_of(used)),
    )


def _indicator_reason(
    domain: Domain, indicator: Indicator, part: float, used: tuple[FactValue, ...]
) -> Reason:
    return Reason(
        LocalText(
            en=f"{indicator.label.get('en')}: {round_score(part)} of 100",
            es=f"{indicator.label.get('es')}: {round_score(part)} de 100",
        ),
        f"{domain.id}.{indicator.id}",
        domain.source,
        evidence_of(used),
    )


def score_profile(
    facts: Mapping[str, FactValue], values: Values, rules: Rules
) -> tuple[tuple[DomainScore, ...], OverallScore | None, dict[str, FactValue]]:
    """Every domain, the optional overall summary, and the profile as facts for later rules.

    The facts are ``profile.<domain>`` (the score) and ``band.<domain>`` (the band id),
    unknown when the domain has not enough information.
    """
    domains = tuple(score_domain(domain, facts, values, rules) for domain in rules.ruleset.domains)
    profile_facts: dict[str, FactValue] = {}
    for domain in domains:
        if domain.score is None or domain.band is None:
            profile_facts[f"profile.{domain.id}"] = FactValue(f"profile.{domain.id}", None)
            profile_facts[f"band.{domain.id}"] = FactValue(f"band.{domain.id}", None)
            continue
        profile_facts[f"profile.{domain.id}"] = deferred(
            FactValue,
            _profile_evidence,
            (domain,),
            id=f"profile.{domain.id}",
            value=domain.score,
            missing=None,
        )
        profile_facts[f"band.{domain.id}"] = deferred(
            FactValue,
            _profile_evidence,
            (domain,),
            id=f"band.{domain.id}",
            value=domain.band.id,
            missing=None,
        )
    return domains, overall_score(domains, rules), profile_facts


def _profile_evidence(domain: DomainScore) -> dict[str, tuple[Evidence, ...]]:
    """A scored domain as the evidence of its profile facts ("58 of 100, Some support")."""
    assert domain.score is not None and domain.band is not None
    shown = LocalText(
        en=f"{domain.score} of 100, {domain.band.label.get('en')}",
        es=f"{domain.score} de 100, {domain.band.label.get('es')}",
    )
    return {"evidence": (Evidence(f"profile.{domain.id}", domain.title, shown, Origin.DERIVED),)}


def overall_score(domains: Sequence[DomainScore], rules: Rules) -> OverallScore | None:
    """The weighted mean of scored domains (equal weights unless set), if enough are scored."""
    overall = rules.ruleset.overall
    scored = [domain for domain in domains if domain.score is not None]
    if not overall.enabled or len(scored) < overall.min_domains:
        return None
    weights = {domain.id: overall.weights.get(domain.id, 1.0) for domain in scored}
    value = sum(weights[d.id] * (d.score or 0) for d in scored) / sum(weights.values())
    score = round_score(value)
    band = _band(None, band_for(rules.ruleset.bands, score))
    return OverallScore(score, band, tuple(d.id for d in scored), overall.note)
