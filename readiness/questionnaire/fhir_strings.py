"""FHIR's rule for strings, applied to every text the FHIR exports write.

A FHIR ``string`` (and ``markdown``, ``code``) holds no control character but tab,
carriage return and line feed, and no other kind of white space (R4 JSON schema:
``^[ \\r\\n\\t\\S]+$``); text that comes from outside (typed answers, what the
operating system reports, an agency's files) may hold any of them. ``fhir_strings``
returns the data with every such character replaced: other white space (a
no-break space, a form feed) by a space; other control characters, lone surrogates
and the byte-order mark (white space to JavaScript) left out; and a text left empty
by that as ``\\ufffd``, so the resource stays valid and says something was there.
``needs_fhir_strings`` tells, from the encoded JSON, whether that walk is needed at all.
"""

from __future__ import annotations

import unicodedata
from typing import Any

KEPT = frozenset(" \r\n\t")
REPLACEMENT = "\ufffd"


def fhir_text(text: str) -> str:
    """``text`` as a valid FHIR string (unchanged when it already is one)."""
    if text.isprintable() and text:
        return text
    cleaned = "".join(_character(character) for character in text)
    return cleaned or REPLACEMENT


def _character(character: str) -> str:
    if character in KEPT:
        return character
    if character.isspace():
        return " "
    if character == "\ufeff" or unicodedata.category(character) in ("Cc", "Cs"):
        return ""  # a control character, a lone surrogate, or JavaScript's white space
    return character


def fhir_strings(data: Any) -> Any:
    """``data`` (FHIR JSON) with every string made a valid FHIR string."""
    if isinstance(data, str):
        return fhir_text(data)
    if isinstance(data, dict):
        return {key: fhir_strings(value) for key, value in data.items()}
    if isinstance(data, list):
        return [fhir_strings(value) for value in data]
    return data


def needs_fhir_strings(encoded: str) -> bool:
    """Whether FHIR JSON encoded with ``ensure_ascii=False`` may hold a string that is not a
    valid FHIR string (then ``fhir_strings`` is needed): a character that is not
    printable, an escaped control character, or an empty string. It may say yes for data
    that is valid (a typed backslash), never no for data that is not; checking the text
    once is many times faster than walking the data."""
    return not encoded.isprintable() or any(mark in encoded for mark in _SUSPECT)


_SUSPECT = ('""', "\\u", "\\b", "\\f")
"""An empty string; the escapes JSON writes for control characters other than tab, line
feed and carriage return (which FHIR keeps)."""
