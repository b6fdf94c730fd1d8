"""Test helpers: is a kept message fully Spanish once rendered, with no English wording left?

Values given as text (cited sources, system names, a worker's note) are shown as they
stand in every language, so they are swapped for a marker before the Spanish text is
searched for English words; what is left must be the catalogue's Spanish.
"""

from __future__ import annotations

import re
from string import Formatter

from readiness.i18n import catalogue, render
from readiness.messages import Message, MessageArg

DATA = "DATO"
"""What every text value is replaced with before looking for English words."""

ENGLISH_WORDS = frozenset(
    {
        "the", "and", "is", "are", "of", "to", "this", "that", "computer", "was", "were",
        "not", "could", "be", "been", "with", "for", "but", "it", "its", "when", "will",
        "what", "which", "should", "found", "works", "only", "your",
    }
)  # fmt: skip
"""Common English words that never appear in Spanish sentences."""


def neutral(msgid: str) -> bool:
    """True for a msgid with no words to translate (``{summary}.``, ``{value} {unit}``, ``GB``)."""
    return re.search(r"[a-z]{3,}", re.sub(r"{[^}]*}", "", msgid)) is None


def untranslated(message: Message) -> list[str]:
    """The msgids in ``message`` that need a translation and have none."""
    spanish = catalogue("es")
    return [m for m in message.msgids() if not neutral(m) and m not in spanish]


def _without_data(value: MessageArg) -> MessageArg:
    if isinstance(value, Message):
        return Message(value.msgid, {k: _without_data(v) for k, v in value.args.items()})
    if isinstance(value, tuple):
        return tuple(_without_data(part) for part in value)  # type: ignore[misc]
    return DATA if isinstance(value, str) else value


def without_data(message: Message) -> Message:
    """``message`` with every text value replaced by ``DATA``."""
    result = _without_data(message)
    assert isinstance(result, Message)
    return result


def english_fragments(message: Message) -> list[str]:
    """The wording pieces of every msgid in ``message`` that hold real words."""
    pieces = []
    for msgid in message.msgids():
        for literal, *_rest in Formatter().parse(msgid):
            piece = literal.strip(" .,;:()")
            if re.search(r"[A-Za-z]{4,}.*\s.*[A-Za-z]{3,}", piece):
                pieces.append(piece)
    return pieces


def english_left(message: Message) -> list[str]:
    """English words or msgid wording still in the Spanish rendering of ``message``."""
    spanish = render(without_data(message), "es")
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", spanish)}
    left = sorted(words & ENGLISH_WORDS)
    left += [piece for piece in english_fragments(message) if piece in spanish]
    return left


def assert_fully_spanish(message: Message | None, english: str) -> None:
    """``message`` renders as ``english`` in English and wholly in Spanish in Spanish."""
    assert message is not None, english
    assert render(message, "en") == english
    assert untranslated(message) == [], english
    assert english_left(message) == [], (english, render(message, "es"))
    assert render(message, "es") != english
