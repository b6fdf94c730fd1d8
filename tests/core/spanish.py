"""Test helpers: is a kept message fully Spanish once rendered, with no English wording left,
and free of false friends?

Values given as text (cited sources, system names, a worker's note) are shown as they
stand in every language, so they are swapped for a marker before the Spanish text is
searched for English words; what is left must be the catalogue's Spanish.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from string import Formatter

from readiness.i18n import ENGLISH, translator
from readiness.messages import Message, MessageArg

SPANISH_PO = Path(__file__).resolve().parents[2] / "readiness" / "locale" / "es.po"
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


@cache
def spanish_entries() -> dict[tuple[str, str], str | tuple[str, ...]]:
    """``(context, msgid)`` -> the Spanish of every translated entry of ``es.po``."""
    from babel.messages.pofile import read_po

    with SPANISH_PO.open("rb") as handle:
        catalogue = read_po(handle, locale="es")
    found: dict[tuple[str, str], str | tuple[str, ...]] = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        string = message.string
        if (isinstance(string, tuple) and all(string)) or (isinstance(string, str) and string):
            found[(message.context or "", str(msgid))] = string
    return found


def neutral(msgid: str) -> bool:
    """True for a msgid with no words to translate (``{summary}.``, ``{value} {unit}``, ``GB``)."""
    return re.search(r"[a-z]{3,}", re.sub(r"{[^}]*}", "", msgid)) is None


def _parts(message: Message) -> list[Message]:
    found = [message]
    for value in message.args.values():
        for part in value if isinstance(value, tuple) else (value,):
            if isinstance(part, Message):
                found.extend(_parts(part))
    return found


def untranslated(message: Message) -> list[str]:
    """The msgids in ``message`` that need a translation and have none."""
    entries = spanish_entries()
    return [
        m.msgid
        for m in _parts(message)
        if not neutral(m.msgid) and (m.context, m.msgid) not in entries
    ]


def _without_data(value: MessageArg) -> MessageArg:
    if isinstance(value, Message):
        args = {k: v if k == "count" else _without_data(v) for k, v in value.args.items()}
        return Message(value.msgid, args, value.plural, value.context)
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
    for part in _parts(message):
        for template in (part.msgid, part.plural) if part.plural else (part.msgid,):
            for literal, *_rest in Formatter().parse(template):
                piece = literal.strip(" .,;:()")
                if re.search(r"[A-Za-z]{4,}.*\s.*[A-Za-z]{3,}", piece):
                    pieces.append(piece)
    return pieces


def english_left(message: Message) -> list[str]:
    """English words or msgid wording still in the Spanish rendering of ``message``."""
    spanish = translator("es").render(without_data(message))
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", spanish)}
    left = sorted(words & ENGLISH_WORDS)
    left += [piece for piece in english_fragments(message) if piece in spanish]
    return left


def assert_fully_spanish(message: Message | None, english: str) -> None:
    """``message`` renders as ``english`` in English and wholly in Spanish in Spanish."""
    assert message is not None, english
    assert ENGLISH.render(message) == english
    assert untranslated(message) == [], english
    assert english_left(message) == [], (english, translator("es").render(message))
    assert translator("es").render(message) != english


def changed_in_spanish() -> set[str]:
    """Every English text of the catalogue whose Spanish differs (none is left on a Spanish
    screen)."""
    changed = set()
    for (_context, msgid), spanish in spanish_entries().items():
        if isinstance(spanish, tuple):
            changed.update(form for form in (msgid,) if form not in spanish)
        elif spanish != msgid:
            changed.add(msgid)
    return changed


FALSE_FRIENDS = {
    r"\bnavegador": ("browser",),
    r"\baud[ií]fono": ("hearing aid",),
    r"\blibrer[ií]a": ("bookstore",),
    r"\baplicar para\b": (),
    r"\bremov[eií]": (),
    r"\bsoportar": ("bear", "stand"),
}
"""Spanish words that look like the English one but mean something else, each with the
English meanings it may translate (none: never right). "Navegador digital" reads as a
web browser, not a person who helps; "audífonos" are hearing aids in much of Latin
America (headphones are "auriculares"); "librería" is a bookstore, not a library; one
applies for help with "solicitar" or "pedir"; "remover" is to stir; "soportar" is to
bear, not to support."""


def false_friends(english: str, spanish: str) -> list[str]:
    """The false friends in ``spanish`` that its ``english`` does not mean."""
    found = []
    for pattern, meanings in FALSE_FRIENDS.items():
        match = re.search(pattern, spanish, re.IGNORECASE)
        if match and not any(meaning in english.lower() for meaning in meanings):
            found.append(match.group(0))
    return found
