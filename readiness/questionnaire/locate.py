"""Turning raw-data trouble into plain, located messages for problem reports.

``shape_problem`` guards against data no questionnaire has (very deep nesting, huge
numbers of values, keys that are not text, dates or other YAML extras) before the
schema sees it. ``describe_validation_error`` turns pydantic's errors into
(where, item id, message) triples that name the item, section or scale by its id
and say what is wrong in words a form author can act on.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from readiness.files import shown_key

MAX_DEPTH = 24
MAX_VALUES = 100_000
PLAIN = (str, int, float, bool, type(None))

_ENTITIES = {"sections": "section", "items": "item", "scales": "scale"}
_PATTERN_HINTS = {
    "id": "use lower-case letters, digits and '_', starting with a letter",
    "item": "use '<instrument id>.<name>' in lower-case snake_case, e.g. 'access.home_internet'",
    "code": "use lower-case letters, digits and '_'",
    "loinc": "use a LOINC code such as '12345-6'",
    "version": "use a version such as '1.0' or '1.2.3'",
}


def shape_problem(data: Any) -> str | None:
    """Why ``data`` cannot be a questionnaire by its shape alone, or None."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            return f"too large: more than {MAX_VALUES} values"
        if depth > MAX_DEPTH:
            return f"nested too deeply (more than {MAX_DEPTH} levels)"
        if isinstance(value, dict):
            for key, child in value.items():
                if not isinstance(key, str):
                    return f"the key {_short(key)} is not text{_yaml_hint(key)}"
                stack.append((child, depth + 1))
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
        elif not isinstance(value, PLAIN):
            return (
                f"contains a {type(value).__name__} value ({_short(value)}); only text, numbers, "
                "true/false, lists and mappings are allowed (put dates and versions in quotes)"
            )
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _yaml_hint(value: Any) -> str:
    if isinstance(value, bool):
        return " (YAML reads yes/no/on/off as true/false: put the word in quotes)"
    return " (put it in quotes)"


def describe_validation_error(exc: ValidationError, data: Any) -> list[tuple[str, str | None, str]]:
    """(where, item id, message) for each distinct problem pydantic found in ``data``."""
    grouped: dict[tuple[str, str | None, str], list[dict[str, Any]]] = {}
    errors: list[dict[str, Any]] = [dict(error) for error in exc.errors(include_url=False)]
    locations = [tuple(error["loc"]) for error in errors]
    for error in errors:
        loc = tuple(error["loc"])
        if any(other[: len(loc)] == loc and other != loc for other in locations):
            continue  # e.g. "no valid sections" when each section has its own error
        where, item_id, path = _locate(data, error["loc"])
        grouped.setdefault((where, item_id, path), []).append(error)
    results = []
    for (where, item_id, path), same_place in grouped.items():
        message = _message(where, path, same_place)
        results.append((where, item_id, f"{path}: {message}" if path else message))
    return results


def _locate(data: Any, loc: tuple[int | str, ...]) -> tuple[str, str | None, str]:
    """Walk ``loc`` through the raw data: the innermost item/section/scale, and the rest."""
    where, item_id = "", None
    path: list[str] = []
    node = data
    key: int | str | None = None
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
            if key == "answer_sets":
                where, item_id, path = f"answer set {shown_key(part)}", None, []
            else:
                path.append(shown_key(part))
            key = part
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            kind = _ENTITIES.get(str(key))
            if kind is not None:
                name = node.get("id") if isinstance(node, dict) else None
                valid = isinstance(name, str) and name
                label = shown_key(name) if valid else f"#{part + 1} (no valid id)"
                where = f"{kind} {label}"
                item_id = label if kind == "item" and isinstance(name, str) else None
                path = []
            elif path:
                path[-1] += f"[{part}]"
            else:
                path.append(f"[{part}]")
            key = None
        elif not (isinstance(part, str) and part in _UNION_TAGS):
            path.append(shown_key(part))
    return where, item_id, ".".join(path)


_UNION_TAGS = {
    "bool",
    "str",
    "int",
    "float",
    "tuple[str, ...]",
    "function-after",
    "constrained-str",
}


def _message(where: str, path: str, errors: list[dict[str, Any]]) -> str:
    first = errors[0]
    kind = first["type"]
    given = first.get("input")
    field_name = path.rsplit(".", 1)[-1].split("[", maxsplit=1)[0]
    if kind == "missing":
        return "required but missing"
    if kind == "too_short":
        return f"needs at least {first.get('ctx', {}).get('min_length', 1)} entries"
    if kind == "extra_forbidden":
        return "not a known field (check the spelling)"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(field_name, "the text does not have the expected form")
        if field_name == "id" and where.startswith("item"):
            hint = _PATTERN_HINTS["item"]
        return f"{_short(given)} is not valid: {hint}"
    expected = first.get("ctx", {}).get("expected")
    if kind == "enum" and field_name == "type" and expected:
        return f"unknown item type {_short(given)}: use {expected}"
    if kind == "string_type" and isinstance(given, bool):
        return f"{_short(given)} is not text{_yaml_hint(given)}"
    messages = list(dict.fromkeys(str(error["msg"]) for error in errors))
    text = messages[0] + "".join(
        " or " + m.removeprefix("Input should be ").strip() for m in messages[1:]
    )
    if kind in ("enum", "literal_error") and given is not None:
        return f"{_short(given)} is not allowed: {text}"
    return text
