"""The FHIR definitions the exports refer to: Questionnaires and CodeSystems, as one Bundle.

``definition_resources(interpretation)`` gives every Questionnaire in force (with its
canonical ``url`` and ``version``), the CodeSystem of each choice question's answers,
and the project's CodeSystems: the checks, what they measure, their results, the
Observation categories, the ways of connecting and their verdicts (``fhir_systems``
names them). ``definitions_bundle`` puts them in a ``collection`` Bundle
(``readiness questionnaire export --all``) or a ``transaction`` Bundle that creates
each one only if that url and version is not there yet (the first line of the FHIR
export), so a receiver can resolve every ``system`` and ``questionnaire`` it is sent.

Displays are English, with Spanish designations where the app has the words.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from readiness.local_text import LocalText
from readiness.messages import M_
from readiness.questionnaire.fhir_strings import fhir_strings
from readiness.reports.fhir_check_values import catalogue_texts, value_codes
from readiness.reports.fhir_systems import URI, Systems
from readiness.reports.measurements import CHECK_TITLES, STATUS_TEXTS

if TYPE_CHECKING:
    from readiness.interpret import Interpretation

CATEGORIES = {
    "device-check": M_("Device check"),
    "connection-check": M_("Connection check"),
    "channel-readiness": M_("How ready a way of connecting is"),
}
"""The Observation categories the exports use."""
PUBLISHER = "Readiness contributors"


def project_code_system(
    systems: Systems, name: str, title: str, concepts: Mapping[str, LocalText], version: str
) -> dict[str, Any]:
    """One of the project's CodeSystems: ``concepts`` is code -> display (English, Spanish)."""
    return {
        "resourceType": "CodeSystem",
        "id": f"readiness-{name}",
        "url": systems.code_system(name),
        "version": version,
        "name": "Readiness" + "".join(part.capitalize() for part in name.split("-")),
        "title": title,
        "status": "active",
        "publisher": PUBLISHER,
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": [
            {
                "code": code,
                "display": text.get("en"),
                **(
                    {"designation": [{"language": "es", "value": text.get("es")}]}
                    if "es" in text.languages and text.get("es") != text.get("en")
                    else {}
                ),
            }
            for code, text in concepts.items()
        ],
    }


def project_code_systems(interpretation: Interpretation) -> list[dict[str, Any]]:
    """The CodeSystems of checks, values, results, categories, channels and verdicts."""
    from readiness import __version__
    from readiness.equity.results import VERDICT_LABELS

    systems = Systems(interpretation.agency.fhir_base)
    channels = {c.id: c.title for c in interpretation.rules.ruleset.channels}
    verdicts = {verdict.value: label for verdict, label in VERDICT_LABELS.items()}
    tables: Iterable[tuple[str, str, Mapping[str, LocalText]]] = (
        ("check", "Readiness device and connection checks", catalogue_texts(CHECK_TITLES)),
        ("check-value", "What a Readiness check measures", value_codes(interpretation.thresholds)),
        ("check-status", "The result of a Readiness check", catalogue_texts(STATUS_TEXTS)),
        ("observation-category", "Readiness Observation categories", catalogue_texts(CATEGORIES)),
        ("channel", "Ways of connecting", channels),
        ("channel-verdict", "How ready a way of connecting is", verdicts),
    )
    return [
        project_code_system(systems, name, title, concepts, __version__)
        for name, title, concepts in tables
    ]


def definition_resources(
    interpretation: Interpretation, locale: str = "en"
) -> list[dict[str, Any]]:
    """Every Questionnaire in force with its answers' CodeSystems, then the project's."""
    from readiness.questionnaire.fhir import answer_code_systems, questionnaire_data

    base = interpretation.agency.fhir_base
    found: list[dict[str, Any]] = []
    for instrument in interpretation.instruments:
        found.append(questionnaire_data(instrument, locale, base))
        found += answer_code_systems(instrument, locale, base)
    return found + project_code_systems(interpretation)


def definitions_bundle(
    interpretation: Interpretation, locale: str = "en", *, transaction: bool = False
) -> dict[str, Any]:
    """The definitions as a ``collection`` Bundle, or a ``transaction`` that creates each
    definition only when the receiver does not hold that url and version yet."""
    entries = []
    for resource in definition_resources(interpretation, locale):
        kind, url, version = resource["resourceType"], resource["url"], resource["version"]
        entry: dict[str, Any] = {
            "fullUrl": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{url}|{version}')}",
            "resource": resource,
        }
        if transaction:
            entry["request"] = {
                "method": "POST",
                "url": kind,
                "ifNoneExist": f"url={url}&version={version}",
            }
        entries.append(entry)
    key = uuid.uuid5(
        uuid.NAMESPACE_URL, f"{interpretation.agency.fhir_base}|{interpretation.version}"
    )
    found: dict[str, Any] = fhir_strings(
        {
            "resourceType": "Bundle",
            "identifier": {"system": URI, "value": f"urn:uuid:{key}"},
            "type": "transaction" if transaction else "collection",
            "entry": entries,
        }
    )
    return found
