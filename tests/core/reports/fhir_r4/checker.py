"""Validators independent of ``fhir.resources``: the official R4 JSON schema and invariants.

- ``schema_problems(resource)``: HL7's FHIR R4 (4.0.1) JSON schema, ``fhir.schema.json``
  (``fhir.schema.json.gz`` here; id ``http://hl7.org/fhir/json-schema/4.0``), applied
  with ``jsonschema``.
- ``invariant_problems(resource)``: every FHIRPath invariant (``constraint.expression``)
  of the R4 StructureDefinitions of the types the exports use (``invariants.json``,
  made by ``tests/tools/fhir_invariants.py``), evaluated with ``fhirpathpy`` on each
  element of the resource it applies to, data types and contained resources included.

Both files are HL7's FHIR R4, published under CC0 (README.md beside them says where
they were taken from). fhirpathpy has no ``hasValue()``: on a complex element (the
only kind walked) it is false, and ``x.hasValue()`` on a JSON primitive is
``x.exists()``; every other expression runs as written, each parsed once.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


@cache
def schema() -> dict[str, Any]:
    with gzip.open(HERE / "fhir.schema.json.gz", "rt", encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


@cache
def _validator(resource_type: str) -> Any:
    from jsonschema import Draft6Validator

    root = schema()
    wanted = {"$ref": f"#/definitions/{resource_type}", "definitions": root["definitions"]}
    return Draft6Validator(wanted)


def schema_problems(resource: dict[str, Any]) -> list[str]:
    """What the R4 JSON schema finds wrong with ``resource`` ([] when valid).

    A Bundle's entries are checked each against its own resource type (the schema's
    ``oneOf`` over every resource type would only say "not valid under any")."""
    found = []
    checked = resource
    if resource.get("resourceType") == "Bundle":
        entries = resource.get("entry", [])
        checked = {**resource, "entry": [_without_resource(entry) for entry in entries]}
        for index, entry in enumerate(entries):
            found += [f"entry[{index}].resource: {p}" for p in schema_problems(entry["resource"])]
    validator = _validator(str(resource.get("resourceType")))
    for error in validator.iter_errors(checked):
        where = "/".join(str(part) for part in error.absolute_path)
        found.append(f"{resource.get('resourceType')}/{where}: {error.message[:200]}")
    return found


def _without_resource(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if key != "resource"}


@cache
def invariants() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((HERE / "invariants.json").read_text(encoding="utf-8"))
    for definition in loaded.values():
        by_path: dict[str, list[tuple[str, str, str]]] = {}
        for path, key, severity, expression in definition["constraints"]:
            by_path.setdefault(path, []).append((key, severity, expression))
        definition["by_path"] = by_path
    return loaded


def _element(definition: dict[str, Any], path: str, key: str) -> tuple[str, list[str], str] | None:
    """(element path, its types, the type a choice ``key`` names) for ``key`` under ``path``."""
    elements = definition["elements"]
    child = f"{path}.{key}"
    if child in elements:
        element = elements[child]
        return (element["ref"] or child), element["types"], ""
    for candidate, element in elements.items():
        if candidate.startswith(f"{path}.") and candidate.endswith("[x]"):
            base = candidate[len(path) + 1 : -3]
            if key.startswith(base) and key != base:
                named = key[len(base) :]
                for kind in element["types"]:
                    if kind.lower() == named.lower():
                        return candidate, element["types"], kind
    return None


def _nodes(value: Any) -> Iterator[Any]:
    yield from (value if isinstance(value, list) else [value])


def invariant_problems(resource: dict[str, Any]) -> list[str]:
    """Every invariant of R4 that ``resource`` breaks, as "key (severity) at path: expression"."""
    found: list[str] = []
    kind = str(resource["resourceType"])
    _walk(resource, kind, kind, found=found, owner=resource)
    return found


def _runnable(expression: str) -> str:
    return expression.replace(".hasValue()", ".exists()").replace("hasValue()", "false")


@cache
def _parsed(expression: str) -> Any:
    from fhirpathpy.parser import parse

    return parse(_runnable(expression))


def _evaluate(node: Any, path: str, expression: str, owner: Any) -> Any:
    """``expression`` on ``node`` (an element at ``path`` of the resource ``owner``)."""
    from fhirpathpy import apply_parsed_path
    from fhirpathpy.engine.nodes import ResourceNode
    from fhirpathpy.models import models

    context = {"resource": owner, "rootResource": owner}
    quiet = {"traceFn": lambda *_args: None}
    typed = ResourceNode.create_node(node, path)
    return apply_parsed_path(typed, _parsed(expression), context, models["r4"], quiet)


def _walk(
    node: Any, type_name: str, path: str, *, found: list[str], owner: Any, where: str = ""
) -> None:
    """Check ``node`` (an element at ``path`` of type ``type_name`` in the resource
    ``owner``, found at ``where``) and everything under it."""
    definitions = invariants()
    definition = definitions.get(type_name)
    if definition is None or not isinstance(node, dict):
        return
    for key, severity, expression in definition["by_path"].get(path, []):
        try:
            result = _evaluate(node, path, expression, owner)
        except Exception as exc:  # an expression the engine cannot run is a finding too
            found.append(f"{key} ({severity}) at {where or path}: cannot evaluate ({exc})")
            continue
        if result == [False]:
            found.append(f"{key} ({severity}) at {where or path}: {expression}")
    for key, value in node.items():
        if key == "resourceType":
            continue
        if key.startswith("_"):  # a primitive's id and extensions (translations)
            for index, child in enumerate(_nodes(value)):
                for extension in child.get("extension", []) if isinstance(child, dict) else []:
                    place = f"{where or path}.{key}[{index}]"
                    _walk(
                        extension, "Extension", "Extension", found=found, owner=owner, where=place
                    )
            continue
        element = _element(definition, path, key)
        if element is None:
            found.append(f"unknown element {path}.{key} at {where or path}")
            continue
        child_path, types, chosen = element
        kind = chosen or (types[0] if len(types) == 1 else "")
        for index, child in enumerate(_nodes(value)):
            place = f"{where or path}.{key}" + (f"[{index}]" if isinstance(value, list) else "")
            if kind == "Resource" and isinstance(child, dict):
                contained = str(child.get("resourceType"))
                _walk(child, contained, contained, found=found, owner=child, where=place)
            elif kind in ("BackboneElement", "Element") or (not kind and not types):
                _walk(child, type_name, child_path, found=found, owner=owner, where=place)
            elif kind in definitions:  # a JSON primitive has its value: all ele-1 asks
                _walk(child, kind, kind, found=found, owner=owner, where=place)
