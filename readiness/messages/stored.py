"""A message's stored form: compact JSON of its msgid and values, read back safely.

A check result keeps its reason as ``to_json(message)`` (the ``reason_message`` column
of the store; the same data in an assessment document). ``from_json`` never raises:
anything that is not a well-formed message (a damaged or hand-edited record) gives
None, and the stored English text is shown instead. ``upgraded`` rewrites messages
stored by an older version whose msgids have changed since.
"""

from __future__ import annotations

import json
import math
from typing import Any

from readiness.messages import COUNT, Message, MessageArg, placeholders

MAX_DEPTH = 8
"""Deepest nesting of messages accepted from stored JSON (real reasons use 3)."""
MAX_JSON_CHARS = 20_000
"""Longest stored message accepted (real reasons are a few hundred characters)."""


_OLD_SCALING = "{width} x {height} at {scaling}% scaling"
"""A display reason's msgid until schema 3: "% s" made gettext tools read it as a
printf format, which its Spanish ("{scaling}%" at the end) broke."""
SCALING = "{width} x {height} at {scaling} scaling"
PERCENT = "{value}%"

_NOW_PLURAL = {
    "This computer has {cores} cores at {ghz} GHz": (
        "cores",
        "This computer has {count} core at {ghz} GHz",
        "This computer has {count} cores at {ghz} GHz",
    ),
    "This computer has {cores} cores": (
        "cores",
        "This computer has {count} core",
        "This computer has {count} cores",
    ),
    "The computer is on battery at {charge}% with about {minutes} minutes left": (
        "minutes",
        "The computer is on battery at {charge}% with about {count} minute left",
        "The computer is on battery at {charge}% with about {count} minutes left",
    ),
    "No answer from {server} to any of {n} tries.": (
        "n",
        "No answer from {server} to its {count} try.",
        "No answer from {server} to any of {count} tries.",
    ),
    "The connection was cut off {n} time(s) during the test.": (
        "n",
        "The connection was cut off {count} time during the test.",
        "The connection was cut off {count} times during the test.",
    ),
    "The connection was cut off {n} time(s) during the test; the figures cover the "
    "part that worked.": (
        "n",
        "The connection was cut off {count} time during the test; the figures cover the "
        "part that worked.",
        "The connection was cut off {count} times during the test; the figures cover the "
        "part that worked.",
    ),
}
"""Reasons stored before they had plural forms: old msgid -> (the argument that holds
the count, the singular msgid, the plural msgid)."""


def upgraded(message: Message) -> Message:
    """A message stored by an older version, with msgids changed since then rewritten."""
    args = {name: _upgraded_arg(value) for name, value in message.args.items()}
    scaling = args.get("scaling")
    if message.msgid == _OLD_SCALING and isinstance(scaling, int | float):
        return Message(SCALING, {**args, "scaling": Message(PERCENT, {"value": scaling})})
    if message.msgid in _NOW_PLURAL:
        name, singular, plural = _NOW_PLURAL[message.msgid]
        count = args.get(name)
        if isinstance(count, int) and not isinstance(count, bool):
            rest = {key: value for key, value in args.items() if key != name}
            return Message(singular, {**rest, COUNT: count}, plural)
    return Message(message.msgid, args, message.plural, message.context)


def _upgraded_arg(value: MessageArg) -> MessageArg:
    if isinstance(value, Message):
        return upgraded(value)
    if isinstance(value, tuple):
        return tuple(upgraded(part) if isinstance(part, Message) else part for part in value)
    return value


# -- JSON ----------------------------------------------------------------------------


def _arg_data(value: MessageArg) -> Any:
    if isinstance(value, Message):
        return message_data(value)
    if isinstance(value, tuple):
        return [_arg_data(part) for part in value]
    return value


def message_data(message: Message) -> dict[str, Any]:
    """The message as plain JSON-ready data: ``msgid``, and ``args``, ``plural``, ``context``
    when it has them."""
    data: dict[str, Any] = {"msgid": message.msgid}
    if message.plural:
        data["plural"] = message.plural
    if message.context:
        data["context"] = message.context
    if message.args:
        data["args"] = {name: _arg_data(value) for name, value in message.args.items()}
    return data


def to_json(message: Message) -> str:
    """The message as compact JSON text."""
    return json.dumps(message_data(message), ensure_ascii=False, separators=(",", ":"))


class MalformedMessage(ValueError):
    """Data that is not a well-formed message."""


_KEYS = frozenset({"msgid", "args", "plural", "context"})


def _arg(value: Any, depth: int) -> MessageArg:
    if isinstance(value, bool) or value is None:
        raise MalformedMessage
    if isinstance(value, str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise MalformedMessage
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
                raise MalformedMessage
        return tuple(parts)
    raise MalformedMessage


def _message(data: Any, depth: int) -> Message:
    if depth > MAX_DEPTH or not isinstance(data, dict) or set(data) - _KEYS:
        raise MalformedMessage
    msgid, args = data.get("msgid"), data.get("args", {})
    plural, context = data.get("plural", ""), data.get("context", "")
    if not isinstance(msgid, str) or not isinstance(plural, str) or not isinstance(context, str):
        raise MalformedMessage
    if not isinstance(args, dict):
        raise MalformedMessage
    needed = set()
    for template in (msgid, plural) if plural else (msgid,):
        names = placeholders(template)
        if names is None:
            raise MalformedMessage
        needed.update(names)
    if not needed <= set(args):
        raise MalformedMessage
    message = Message(
        msgid, {str(name): _arg(value, depth) for name, value in args.items()}, plural, context
    )
    if plural:
        try:
            message.count  # noqa: B018 - a plural message needs a whole-number count
        except ValueError:
            raise MalformedMessage from None
    return message


def from_data(data: Any) -> Message:
    """The message held in plain data (``MalformedMessage`` when it is not a well-formed one)."""
    try:
        return _message(data, 0)
    except (MalformedMessage, RecursionError):
        raise MalformedMessage(
            "not a well-formed message: a msgid with a value for each of its placeholders"
        ) from None


def validated(value: Any) -> Message:
    """``value`` if it is a message, else the message its plain data holds (for pydantic)."""
    return value if isinstance(value, Message) else from_data(value)


def from_json(text: object) -> Message | None:
    """The message stored as ``text``, or None when it is not a well-formed message."""
    if not isinstance(text, str) or len(text) > MAX_JSON_CHARS:
        return None
    try:
        return from_data(json.loads(text))
    except (ValueError, RecursionError):
        return None
