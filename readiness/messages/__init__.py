"""Sentences kept for translation later: a catalogue message id and the values for its placeholders.

A check measured in English may be read in Spanish next week, and an error raised in
the core is shown by the GUI in its language and by the CLI in English, so such text
is kept as a ``Message`` rather than as finished text:
``M_("This computer has {total} GB of memory", total=3.7)``. A ``Translator``
(``readiness.i18n``) renders it in its language; ``english`` renders it in English
without any catalogue (the wording of ``str(error)`` and of stored English reasons).

A message may have a plural form (``MN_("{count} core", "{count} cores", count=4)``):
its ``count`` value chooses the form, as ``ngettext`` does. A message may name a
context (``MP_("report", "Download")``) where the same English word needs different
translations, as ``pgettext`` does.

An argument is one of:

- a number: formatted for the language when shown (``3.7`` / ``3,7``);
- a text: shown exactly as given (names, versions, cited sources: never translated);
- another ``Message``: translated in turn (a threshold's purpose, a unit, a part of a
  longer sentence);
- a tuple of messages or texts: shown one after another, separated by ``", "``.

``M_``, ``MN_``, ``MP_`` and ``N_`` are also the markers ``pybabel extract`` looks for
(see the README, "Languages and translators"). ``readiness.messages.stored`` gives a
message's stored form (compact JSON) and reads it back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from string import Formatter
from types import MappingProxyType
from typing import Any, TypeAlias

MessageArg: TypeAlias = "str | int | float | Message | tuple[Message | str, ...]"
"""A value for one placeholder (see the module docstring)."""

COUNT = "count"
"""The argument whose value chooses a plural message's form."""


@dataclass(frozen=True)
class Message:
    """A sentence to show in a language chosen later: a msgid and its placeholder values.

    ``plural`` is the English plural form (empty for a message without one); ``context``
    the gettext message context (empty for none).
    """

    msgid: str
    args: Mapping[str, MessageArg] = field(default_factory=dict)
    plural: str = ""
    context: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "args", MappingProxyType(dict(self.args)))

    def __hash__(self) -> int:  # the args mapping cannot be hashed; equal messages share a msgid
        return hash(self.msgid)

    def __reduce__(self) -> tuple[Any, ...]:
        # copy and pickle (a mappingproxy cannot be pickled)
        return Message, (self.msgid, dict(self.args), self.plural, self.context)

    def msgids(self) -> list[str]:
        """This message's msgid and those of every message inside it, outermost first."""
        found = [self.msgid]
        for value in self.args.values():
            for part in value if isinstance(value, tuple) else (value,):
                if isinstance(part, Message):
                    found.extend(part.msgids())
        return found

    @property
    def count(self) -> int:
        """The number that chooses a plural message's form (``ValueError`` if it has none)."""
        value = self.args.get(COUNT)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"plural message {self.msgid!r} needs a whole-number {COUNT!r}")
        return value

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: Any) -> Any:
        """Lets pydantic read and write a message as its plain data (in assessment documents).

        Called only when pydantic builds a schema, so this module never imports it.
        """
        from pydantic_core import core_schema

        from readiness.messages.stored import message_data, validated

        return core_schema.no_info_plain_validator_function(
            validated,
            serialization=core_schema.plain_serializer_function_ser_schema(message_data),
        )

    def english_template(self) -> str:
        """The English template: the msgid, or the plural form when the count is not 1."""
        if self.plural and self.count != 1:
            return self.plural
        return self.msgid


def N_(message: str) -> str:
    """Mark ``message`` for translation later; returns it unchanged."""
    return message


def M_(msgid: str, /, **args: MessageArg) -> Message:
    """Mark ``msgid`` for translation and keep it with its values, to render later."""
    return Message(msgid, args)


def MN_(singular: str, plural: str, /, **args: MessageArg) -> Message:
    """A message with a plural form, chosen by its ``count`` value (as ``ngettext``)."""
    return Message(singular, args, plural=plural)


def MP_(context: str, msgid: str, /, **args: MessageArg) -> Message:
    """A message with a context, for a word translated differently elsewhere (as ``pgettext``)."""
    return Message(msgid, args, context=context)


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


# -- rendering -----------------------------------------------------------------------

Template = Callable[[Message], str]
"""A language's template for a message (its translation, or the English template)."""
Amount = Callable[[float], str]
"""A language's way of writing a measured amount."""


def english_amount(value: float) -> str:
    """An amount as read aloud in English: no needless zeros (``4``, ``3.7``, ``0.45``).

    At most three decimals and no thousands separator (``1024 x 768``).
    """
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Unfilled(Exception):
    """A template names a placeholder its message has no value for."""


def fill(message: Message, template: Template, amount: Amount) -> str:
    """``message`` in the language whose templates and amounts are given.

    A translation whose placeholders do not match falls back to the English template;
    raises ``ValueError`` only when the message cannot be filled in even in English.
    """
    try:
        return _substitute(template(message), message, template, amount)
    except _Unfilled:
        pass  # a faulty translation: the English wording is better than nothing
    try:
        return _substitute(message.english_template(), message, template, amount)
    except _Unfilled as exc:
        raise ValueError(f"message {message.msgid!r} lacks a value for {exc}") from None


def _substitute(text: str, message: Message, template: Template, amount: Amount) -> str:
    if placeholders(text) is None:
        raise _Unfilled("a malformed template")
    pieces: list[str] = []
    for literal, name, _spec, _conversion in Formatter().parse(text):
        pieces.append(literal)
        if name is None:
            continue
        if name not in message.args:
            raise _Unfilled(name)
        pieces.append(_arg_text(message.args[name], template, amount))
    return "".join(pieces)


def _arg_text(value: MessageArg, template: Template, amount: Amount) -> str:
    if isinstance(value, Message):
        return fill(value, template, amount)
    if isinstance(value, tuple):
        return ", ".join(_arg_text(part, template, amount) for part in value)
    if isinstance(value, str):
        return value
    return amount(value)


def english(message: Message) -> str:
    """``message`` in English, without any catalogue (``ValueError`` if it cannot be filled)."""
    return fill(message, Message.english_template, english_amount)
