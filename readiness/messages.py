"""Sentences kept for translation later: a catalogue message id and the values for its placeholders.

The app's language can change at any moment, and a check measured in English may be
read in Spanish next week, so a check's reason is kept as a ``Message`` rather than as
finished text: ``Message("This computer has {total} GB of memory", {"total": 3.7})``.
``readiness.i18n.render`` turns it into text in any language when it is shown.

An argument is one of:

- a number: formatted for the language when shown (``3.7`` / ``3,7``);
- a text: shown exactly as given (names, versions, cited sources: never translated);
- another ``Message``: translated in turn (a threshold's purpose, a unit, a part of a
  longer sentence);
- a tuple of messages or texts: shown one after another, separated by ``", "``.

``to_json`` / ``from_json`` give the compact JSON kept with a stored check result (see
``readiness.model.REASON_MESSAGE``). ``from_json`` never raises: anything that is not
a well-formed message (a damaged or hand-edited record) gives None, and the stored
English text is shown instead.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter
from types import MappingProxyType
from typing import Any, TypeAlias

MessageArg: TypeAlias = "str | int | float | Message | tuple[Message | str, ...]"
"""A value for one placeholder (see the module docstring)."""

MAX_DEPTH = 8
"""Deepest nesting of messages accepted from stored JSON (real reasons use 3)."""
MAX_JSON_CHARS = 20_000
"""Longest stored message accepted (real reasons are a few hundred characters)."""


@dataclass(frozen=True)
class Message:
    """A sentence to show in the language of the moment: a msgid and its placeholder values."""

    msgid: str
    args: Mapping[str, MessageArg] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "args", MappingProxyType(dict(self.args)))

    def __hash__(self) -> int:  # the args mapping cannot be hashed; equal messages share a msgid
        return hash(self.msgid)

    def __reduce__(self) -> tuple[type[Message], tuple[str, dict[str, MessageArg]]]:
        return Message, (self.msgid, dict(self.args))  # copy and pickle (a mappingproxy cannot)

    def msgids(self) -> list[str]:
        """This message's msgid and those of every message inside it, outermost first."""
        found = [self.msgid]
        for value in self.args.values():
            for part in value if isinstance(value, tuple) else (value,):
                if isinstance(part, Message):
                    found.extend(part.msgids())
        return found


def placeholders(template: str) -> list[str] | None:
    """The placeholder names in ``template``, or None if it is not a simple template.

    Only plain names are allowed (``{total}``); a format spec such as ``{s:g}`` is
    accepted and ignored (numbers are formatted for the language instead), while
    attribute or index access (``{a.b}``, ``{a[0]}``) makes the template unusable.
    """
    names: list[str] = []
    try:
        for _literal, name, _spec, _conversion in Formatter().parse(template):
            if name is None:
                continue
            if not name.isidentifier():
                return None
            names.append(name)
    except ValueError:  # a lone "{" or "}"
        return None
    return names


def plain(text: str) -> Message:
    """A message that shows ``text`` unchanged in every language (text from elsewhere)."""
    return Message("{text}", {"text": text})


def joined(parts: tuple[Message, ...], separator: str = " ") -> Message:
    """Several messages shown one after another (each translated on its own)."""
    names = [f"part{index}" for index in range(len(parts))]
    template = separator.join("{" + name + "}" for name in names)
    return Message(template, dict(zip(names, parts, strict=True)))


# -- JSON ----------------------------------------------------------------------------


def _arg_data(value: MessageArg) -> Any:
    if isinstance(value, Message):
        return _data(value)
    if isinstance(value, tuple):
        return [_arg_data(part) for part in value]
    return value


def _data(message: Message) -> dict[str, Any]:
    data: dict[str, Any] = {"msgid": message.msgid}
    if message.args:
        data["args"] = {name: _arg_data(value) for name, value in message.args.items()}
    return data


def to_json(message: Message) -> str:
    """The message as compact JSON text."""
    return json.dumps(_data(message), ensure_ascii=False, separators=(",", ":"))


class _Malformed(Exception):
    pass


def _arg(value: Any, depth: int) -> MessageArg:
    if isinstance(value, bool) or value is None:
        raise _Malformed
    if isinstance(value, str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Malformed
        return value
    if isinstance(value, dict):
        return _message(value, depth + 1)
    if isinstance(value, list):
        parts: list[Message | str] = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict):
                parts.append(_message(part, depth + 1))
            else:
                raise _Malformed
        return tuple(parts)
    raise _Malformed


def _message(data: Any, depth: int) -> Message:
    if depth > MAX_DEPTH or not isinstance(data, dict) or set(data) - {"msgid", "args"}:
        raise _Malformed
    msgid, args = data.get("msgid"), data.get("args", {})
    if not isinstance(msgid, str) or not isinstance(args, dict):
        raise _Malformed
    names = placeholders(msgid)
    if names is None or not set(names) <= set(args):
        raise _Malformed
    return Message(msgid, {str(name): _arg(value, depth) for name, value in args.items()})


def from_json(text: object) -> Message | None:
    """The message stored as ``text``, or None when it is not a well-formed message."""
    if not isinstance(text, str) or len(text) > MAX_JSON_CHARS:
        return None
    try:
        return _message(json.loads(text), 0)
    except (_Malformed, ValueError, RecursionError):
        return None
