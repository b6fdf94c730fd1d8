""" "Recompute with the rules in force now": what would change in a completed assessment's record.

A completed assessment's result is the record of what was decided then
(``readiness.store.results``). ``recompute`` works the result out again with the
interpretation in force and lines the two up with ``readiness.equity.compare``:
verdict by verdict, domain scores and bands, and the recommendations added and
removed. It changes nothing; ``IntakeSession.save_recomputed`` keeps the new result
(audited, with the actor).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from readiness.equity.compare import Comparison, Direction, compare
from readiness.errors import ReadinessError
from readiness.messages import M_, N_

if TYPE_CHECKING:
    from readiness.document import AssessmentDocument
    from readiness.equity.results import AssessmentResult, Recommendation
    from readiness.interpret import Interpretation
    from readiness.session.decided import Decided
    from readiness.session.intake import IntakeSession


@dataclass(frozen=True)
class Recomputation:
    """The kept result beside the one the rules in force give now."""

    kept: Decided
    now: AssessmentResult
    version_now: str
    comparison: Comparison

    @property
    def added_recommendations(self) -> tuple[Recommendation, ...]:
        """Recommendations the rules in force give that the record does not have."""
        before = {item.id for item in self.kept.result.recommendations}
        return tuple(item for item in self.now.recommendations if item.id not in before)

    @property
    def removed_recommendations(self) -> tuple[Recommendation, ...]:
        """Recommendations in the record that the rules in force no longer give."""
        after = {item.id for item in self.now.recommendations}
        return tuple(item for item in self.kept.result.recommendations if item.id not in after)

    @property
    def added(self) -> tuple[str, ...]:
        """The ids of ``added_recommendations``."""
        return tuple(item.id for item in self.added_recommendations)

    @property
    def removed(self) -> tuple[str, ...]:
        """The ids of ``removed_recommendations``."""
        return tuple(item.id for item in self.removed_recommendations)

    @property
    def changed_domains(self) -> list[Any]:
        """Domains whose score or band differ."""
        return [
            domain
            for domain in self.comparison.domains
            if domain.before != domain.after
            or (domain.band_before.id if domain.band_before else None)
            != (domain.band_after.id if domain.band_after else None)
        ]

    @property
    def changed_channels(self) -> list[Any]:
        """Ways of connecting whose verdict differs (or that are new)."""
        return [c for c in self.comparison.channels if c.direction is not Direction.SAME]

    @property
    def changed(self) -> bool:
        """Whether saving would change any decision (scores, bands, verdicts, recommendations)."""
        return bool(
            self.changed_domains
            or self.changed_channels
            or self.added
            or self.removed
            or self.comparison.overall_before != self.comparison.overall_after
        )

    def to_data(self, locale: str = "en") -> dict[str, Any]:
        """The comparison as the command's JSON: codes, with the titles in ``locale``."""
        return {
            "assessment_id": self.now.assessment_id,
            "kept": {
                "rules_version": self.kept.version,
                "basis": self.kept.basis.value,
                "computed": self.kept.computed.isoformat() if self.kept.computed else None,
            },
            "rules_version_now": self.version_now,
            "changed": self.changed,
            "domains": [
                {
                    "id": d.id,
                    "title": d.title.get(locale),
                    "score": [d.before, d.after],
                    "band": [
                        d.band_before.id if d.band_before else None,
                        d.band_after.id if d.band_after else None,
                    ],
                }
                for d in self.changed_domains
            ],
            "channels": [
                {
                    "id": c.id,
                    "title": c.title.get(locale),
                    "verdict": [c.before.value if c.before else None, c.after.value],
                }
                for c in self.changed_channels
            ],
            "overall": [self.comparison.overall_before, self.comparison.overall_after],
            "recommendations_added": list(self.added),
            "recommendations_removed": list(self.removed),
        }


def change_lines(found: Recomputation, gettext: Callable[[str], str], locale: str) -> list[str]:
    """What the rules in force now would change, a line each, in ``locale`` (the command
    prints them, the app's dialog lists them); none when nothing changes."""
    lines = []
    for domain in found.changed_domains:
        bands = [
            band.label.get(locale) if band else "—"
            for band in (domain.band_before, domain.band_after)
        ]
        lines.append(f"{domain.describe(locale)} [{bands[0]} → {bands[1]}]")
    lines += [channel.describe(locale) for channel in found.changed_channels]
    for heading, chosen in (
        (N_("Recommendations added: {names}"), found.added_recommendations),
        (N_("Recommendations removed: {names}"), found.removed_recommendations),
    ):
        if chosen:
            names = "; ".join(item.title.get(locale) for item in chosen)
            lines.append(gettext(heading).format(names=names))
    return lines


def recompute(session: IntakeSession, interpretation: Interpretation) -> Recomputation:
    """The completed intake's kept result beside the one ``interpretation`` gives now."""
    if not session.is_complete:
        raise ReadinessError(M_("only a completed assessment has a result to recompute"))
    return compare_kept(session.decided(interpretation), session.document(), interpretation)


def compare_kept(
    kept: Decided, document: AssessmentDocument, interpretation: Interpretation
) -> Recomputation:
    """``kept`` beside what ``interpretation`` gives for ``document`` now: plain values in and
    out, so it can run on any thread (the app runs it off the GUI thread)."""
    now = interpretation.assess(document)
    return Recomputation(kept, now, interpretation.version, compare(kept.result, now))
