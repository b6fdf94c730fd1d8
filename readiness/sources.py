"""Every source the app's numbers and rules rest on, gathered for the About page.

The thresholds, the equity rules and the recommendation catalogue carry a
``source`` on each figure or rule; questionnaires carry a licence and a citation.
``collect_sources`` walks those definitions (whatever their shape) and groups the
places that use each source, so the About page always lists exactly what is in
force, agency files included.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readiness.interpret import Interpretation


@dataclass(frozen=True)
class SourceUse:
    """One cited source and the definitions (dotted paths) that rely on it."""

    source: str
    used_by: tuple[str, ...]


def _children(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        yield from ((str(key), item) for key, item in value.items())
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            label = item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
            yield (str(label) if isinstance(label, str) else str(index)), item
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield from ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    elif hasattr(type(value), "model_fields"):  # a pydantic model
        yield from ((name, getattr(value, name)) for name in type(value).model_fields)


def _walk(value: Any, path: str, found: dict[str, list[str]], depth: int = 0) -> None:
    if depth > 12:
        return
    for name, child in _children(value):
        where = f"{path}.{name}" if path else name
        if name in ("source", "bands_source") and isinstance(child, str) and child.strip():
            found.setdefault(child.strip(), []).append(path or name)
        elif not isinstance(child, (str, int, float, bool, type(None))):
            _walk(child, where, found, depth + 1)


def sources_of(definition: Any, prefix: str) -> list[SourceUse]:
    """The sources cited anywhere inside ``definition``, each with where it is used."""
    found: dict[str, list[str]] = {}
    _walk(definition, prefix, found)
    return [SourceUse(source, tuple(dict.fromkeys(paths))) for source, paths in found.items()]


def collect_sources(inputs: Interpretation) -> dict[str, list[SourceUse]]:
    """Sources of the thresholds, of the equity rules and catalogue, and of the questionnaires."""
    questionnaires = [
        SourceUse(
            f"{instrument.licence.citation} — {instrument.licence.licence} "
            f"({instrument.licence.holder})",
            (instrument.id,),
        )
        for instrument in inputs.instruments
    ]
    return {
        "thresholds": sources_of(inputs.thresholds, "thresholds"),
        "rules": sources_of(inputs.rules.ruleset, "rules"),
        "questionnaires": questionnaires,
    }
