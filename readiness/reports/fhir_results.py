"""The results of an assessment as FHIR R4 Observations: one per way of connecting.

Each Observation says whether a way of connecting (phone, text, 1:1 video, group
video, an app, email, in person) is ready, ready with support or not suitable now
for the person, under the interpretation named in its ``method`` (the app version
and the agency files that made the result: for a completed assessment, those in force
when it was completed). The reasons stay in the Readiness reports; these
carry the decision, so a record system sees the same verdicts as the PDF and CSV.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from readiness.reports.fhir_systems import URI, Systems

if TYPE_CHECKING:
    from readiness.document import AssessmentDocument


def verdict_observations(
    document: AssessmentDocument,
    codes: Mapping[str, Any],
    version: str,
    *,
    uuid_of: Any,
    subject: dict[str, Any],
    systems: Systems,
    when: str,
) -> list[dict[str, Any]]:
    """One Observation per channel verdict in ``codes`` (a result's ``Decided.codes``, worked
    out under ``version``)."""
    found = []
    titles = codes["channel_titles"]  # each {locale: text}, English always among them
    for channel_id, verdict in codes["channels"].items():
        key = uuid_of(document.assessment.id, "channel", channel_id)
        found.append(
            {
                "resourceType": "Observation",
                "identifier": [{"system": URI, "value": f"urn:uuid:{key}"}],
                "status": "final",
                "category": [
                    {"coding": [{"system": systems.category, "code": "channel-readiness"}]}
                ],
                "code": {
                    "coding": [{"system": systems.channel, "code": channel_id}],
                    "text": titles[channel_id]["en"],
                },
                "subject": subject,
                "effectiveDateTime": when,
                "valueCodeableConcept": {
                    "coding": [{"system": systems.channel_verdict, "code": verdict}],
                    "text": verdict,
                },
                "method": {"text": f"Readiness rules {version}"},
            }
        )
    return found
