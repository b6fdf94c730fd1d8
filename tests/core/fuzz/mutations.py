"""How the fuzz harness makes its cases: hostile values, changes to valid data, and
changes to the text of a valid file.

``mutated(seed)`` changes one to four places of a valid document, settings file,
questionnaire, rules or thresholds file: a value replaced by a hostile one (control
and text-direction characters, 100,000-character texts, impossible dates, huge,
negative and tiny numbers, nesting 20 to 200 levels deep, 1,001-entry lists, wrong
types), a key deleted or added, an entry repeated. ``mangled(text)`` changes the file
as text: cut short, bytes inserted, a number made ``NaN``, ``Infinity`` or ``1e309``,
a date made 0001 or 9999, a part repeated. ``generated`` is any JSON at all.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from hypothesis import strategies as st

Path_ = tuple[str | int, ...]

HOSTILE_TEXTS = (
    "",
    " ",
    "\x00",
    "\x1b[2J\x1b[31mred",
    "right\u202eleft",
    "\u2066isolated",
    "two\nlines",
    "Maria Lopez",
    "x" * 100_000,
    "\ud800",
    "../../../etc/passwd",
    "0001-01-01T00:00:00Z",
    "2999-01-01T00:00:00Z",
    "9999-12-31T23:59:59-05:00",
    "2026-13-45",
    "2026-03-02",
    "NaN",
    "true",
    "maybe",
    "\U0001f642" * 50,
    "A" * 33,
    "00000000-0000-0000-0000-000000000000",
)
HOSTILE_NUMBERS = (0, -1, 1, 2**31, 2**63, -(2**63), 10**30, 1e308, -1e308, 5e-324, -0.0, 0.5)
HOSTILE_NUMBERS += (10_001, 60_001, 101, 150, 3.7, 99999999)


def nested(levels: int) -> Any:
    value: Any = "deep"
    for _ in range(levels):
        value = [value]
    return value


_hostile_values: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from((*HOSTILE_TEXTS, *HOSTILE_NUMBERS, None, True, False, [], {})),
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(20, 200).map(nested),
    st.just([1] * 1001),
    st.just({"unknown": 1}),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)
hostile_values = _hostile_values.map(copy.deepcopy)
"""A hostile value, a fresh copy each time (a case may change it in place later)."""

generated: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=25,
)
"""Any JSON value at all (infinite floats included: they are written as ``Infinity``)."""


def places(tree: Any) -> list[Path_]:
    """Every place in ``tree``: the path of each value inside lists and mappings."""
    found: list[Path_] = [()]
    stack: list[tuple[Path_, Any]] = [((), tree)]
    while stack:
        path, node = stack.pop()
        children = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else ()
        )
        for key, child in children:
            found.append((*path, key))
            stack.append(((*path, key), child))
    return found


def _parent(tree: Any, path: Path_) -> Any:
    node = tree
    for key in path[:-1]:
        node = node[key]
    return node


@st.composite
def mutated(draw: st.DrawFn, seed: Any, max_changes: int = 4) -> Any:
    """``seed`` with one to ``max_changes`` places changed."""
    tree = copy.deepcopy(seed)
    for _ in range(draw(st.integers(1, max_changes))):
        path = draw(st.sampled_from(places(tree)))
        if not path:
            tree = draw(hostile_values) if draw(st.integers(0, 9)) == 0 else tree
            continue
        parent, key = _parent(tree, path), path[-1]
        action = draw(st.sampled_from(("replace", "replace", "replace", "delete", "add", "repeat")))
        if action == "replace":
            parent[key] = draw(hostile_values)
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(("extra", "id", "value", "", "x" * 200)))] = draw(
                hostile_values
            )
        elif action == "repeat" and isinstance(parent, list):
            parent.insert(0, copy.deepcopy(parent[key]))
        else:
            parent[key] = draw(hostile_values)
    return tree


_HIDDEN = ("\x00", "\x1b", "\x07", "\u202e", "\u2066", "\x85", "\n", "\t")


FREE_TEXT = ("reason", "text", "title", "agency_name", "agency_contact", "en", "es")
IDS = ("id", "service_user_id")


def _gentle(path: Path_, value: Any) -> bool:
    """Whether a real file might differ at ``path``: free text, an id's letter case, a
    measured number."""
    key = path[-1] if path else None
    measured = len(path) >= 3 and path[-3] == "values" and key == "value"
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return (key in FREE_TEXT and isinstance(value, str)) or key in IDS or (measured and number)


@st.composite
def touched(draw: st.DrawFn, seed: Any, max_changes: int = 4) -> Any:
    """``seed`` with changes a real file may have: a free text in capitals, cut short or
    with a hidden character, an id in capitals, a measured number larger or smaller."""
    tree = copy.deepcopy(seed)
    for _ in range(draw(st.integers(1, max_changes))):
        gentle = [path for path in places(tree) if _gentle(path, _at(tree, path))]
        if not gentle:
            break
        path = draw(st.sampled_from(gentle))
        parent, key = _parent(tree, path), path[-1]
        value = parent[key]
        if key in IDS and isinstance(value, str):
            parent[key] = value.upper()
        elif isinstance(value, str):
            at = draw(st.integers(0, len(value)))
            hidden = value[:at] + draw(st.sampled_from(_HIDDEN)) + value[at:]
            parent[key] = draw(st.sampled_from((hidden, value.upper(), value[:at])))
        else:
            parent[key] = value * draw(st.sampled_from((0, 0.5, 1.5, 2)))
    return tree


def _at(tree: Any, path: Path_) -> Any:
    node = tree
    for key in path:
        node = node[key]
    return node


_NUMBER = re.compile(r"(?<=[\s:\[,])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=[\s,\]}])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NOT_NUMBERS = (
    "NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "-1e309",
    "1e-400",
    "9" * 400,
    "-0",
    "1e308",
)
_NOT_DATES = ("0001-01-01", "9999-12-31", "2999-06-01", "2026-02-30", "1999-12-31")


@st.composite
def mangled(draw: st.DrawFn, text: str) -> str:
    """``text`` with one change made to it as text."""
    action = draw(
        st.sampled_from(("cut", "insert", "number", "number", "date", "delete", "repeat"))
    )
    at = draw(st.integers(0, len(text)))
    if action == "number" and (numbers := list(_NUMBER.finditer(text))):
        found = draw(st.sampled_from(numbers))
        return text[: found.start()] + draw(st.sampled_from(_NOT_NUMBERS)) + text[found.end() :]
    if action == "date" and (dates := list(_DATE.finditer(text))):
        found = draw(st.sampled_from(dates))
        return text[: found.start()] + draw(st.sampled_from(_NOT_DATES)) + text[found.end() :]
    if action == "cut":
        return text[:at]
    if action == "delete":
        return text[:at] + text[at + draw(st.integers(1, 40)) :]
    if action == "repeat":
        return text[:at] + text[at : at + 200] * draw(st.integers(2, 50)) + text[at:]
    inserted = draw(
        st.sampled_from(
            (
                "[" * 300,
                "{",
                '"',
                "\\",
                "\x00",
                "\u202e",
                "\ufeff",
                ",",
                ": &a [*a]",
                "!!python/object/apply:os.system ['true']",
            )
        )
        | st.text(max_size=10)
    )
    return text[:at] + inserted + text[at:]
