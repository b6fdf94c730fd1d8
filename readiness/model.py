"""The shared vocabulary of the app: frozen dataclasses and enums.

A ``ServiceUser`` is known only by a pseudonymous code; a real or preferred name is
optional and never required anywhere. An ``Assessment`` collects facts as the intake
goes: ``Answer``s to questionnaire items and ``CheckResult``s from device and
connection checks. Every fact is immutable; changing an answer means saving a new
``Answer`` for the same item.

The ``__pydantic_config__`` attributes are plain dicts (no pydantic import here):
they make the assessment-document loader reject unknown keys, so a typo in an
imported file is reported instead of silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from readiness.messages import M_, MN_, Message, english

STRICT: Any = {"extra": "forbid"}
"""pydantic config for the dataclasses below: unknown keys are errors, not silently dropped."""

LOCALES = ("en", "es")
"""Languages the app speaks; every user-facing text exists in each."""


class AssessmentStatus(StrEnum):
    """Where an assessment is in its life."""

    DRAFT = "draft"
    COMPLETE = "complete"


class MissingCode(StrEnum):
    """Why an item has no answer (after the CMS item-set convention of coded non-response)."""

    DECLINED = "declined"
    UNABLE = "unable"
    NOT_APPLICABLE = "not_applicable"
    DONT_KNOW = "dont_know"


class CheckStatus(StrEnum):
    """Outcome of one check, from the point of view of telehealth and peer support."""

    GOOD = "good"
    LIMITED = "limited"
    MISSING = "missing"
    UNKNOWN = "unknown"


class SpeedScale(StrEnum):
    """How a download or upload speed is counted.

    ``goodput`` is the test data that arrived per second; ``line_rate`` estimates what
    the line carries, test data plus the TCP/IP and Ethernet overhead around it
    (goodput x ``LINE_RATE_FACTOR``). Speed tests and service plans quote line rates.
    """

    LINE_RATE = "line_rate"
    GOODPUT = "goodput"


LINE_RATE_FACTOR = 1.06
"""Line rate / goodput: LibreSpeed's overhead factor (speedtest_worker.js,
``overheadCompensationFactor`` 1.06), which matches measured links within a few per cent."""


AnswerValue = bool | int | float | str | tuple[str, ...]
"""An answer: yes/no, a number, a choice code or short text, or several choice codes."""

MeasuredValue = bool | int | float | str | None


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC (all stored times are UTC)."""
    return datetime.now(UTC)


def new_id() -> str:
    """A new random UUID as text."""
    import uuid  # imported on first use: keeps the app's start-up fast

    return str(uuid.uuid4())


_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{1,31}$")
_INITIALS_RE = re.compile(r"^[^\W\d_]{1,5}$")

REFUSED_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
"""Characters no text takes, as the inside of a regular-expression class: C0 and C1
control characters but tab and line breaks, the bidirectional embedding, override and
isolate characters (they can make a report read differently from what was typed) and
lone surrogates (they cannot be stored as UTF-8)."""
LINE_BREAKS = "\t\n\r\u2028\u2029"
"""Tab and line breaks (inside of a class): taken by multi-line texts only."""


def _shown(text: str, limit: int = 40) -> str:
    """``text`` quoted for an error message, cut short so pasted junk cannot flood it."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "..."


def code_problem(code: str) -> Message | None:
    """What is wrong with ``code`` as a service-user code, in words that never repeat it
    (it may be a name typed in the wrong box); None when it is a valid code."""
    text = code.strip()
    if _CODE_RE.fullmatch(text.upper()) and text.isascii():
        return None
    if any(char.isspace() for char in text):
        return M_("it has a space")
    if not 2 <= len(text) <= 32:
        return MN_("it has {count} character", "it has {count} characters", count=len(text))
    if not text.isascii() or not re.fullmatch(r"[A-Za-z0-9._-]*", text):
        return M_("it has a character other than the letters A to Z, digits, '-', '_' and '.'")
    return M_("it starts with '-', '_' or '.'")


def normalize_code(code: str) -> str:
    """Return a service-user code in its stored form (trimmed, upper case) or raise ValueError.

    Codes are pseudonyms such as ``AB12-0042``: 2 to 32 ASCII letters, digits, ``-``,
    ``_`` or ``.``, starting with a letter or digit. Spaces are refused so a full
    name is not typed here by mistake; non-ASCII letters are refused before upper
    casing, so ``ı`` cannot turn into ``I``. The message says what is wrong without
    repeating what was typed.
    """
    problem = code_problem(code)
    if problem is not None:
        raise ValueError(
            f"the service-user code is not valid: {english(problem)}; use 2 to 32 letters, "
            "digits, '-', '_' or '.', with no spaces (a code, not a name)"
        )
    return code.strip().upper()


def normalize_initials(initials: str) -> str:
    """Return staff initials in their stored form (trimmed, NFC, upper case) or raise ValueError."""
    normalized = unicodedata.normalize("NFC", initials.strip()).upper()
    if not _INITIALS_RE.fullmatch(normalized):
        raise ValueError(f"staff initials {_shown(initials)} are not valid: use 1 to 5 letters")
    return normalized


def check_locale(locale: str) -> str:
    """Return ``locale`` if the app supports it, else raise ValueError."""
    if locale not in LOCALES:
        raise ValueError(f"language {locale!r} is not supported: use one of {', '.join(LOCALES)}")
    return locale


@dataclass(frozen=True)
class ServiceUser:
    """A person being assessed, known by a pseudonymous code.

    ``preferred_name`` is optional, shown only on screen, and never exported.
    """

    id: str
    code: str
    created: datetime
    preferred_name: str | None = None


@dataclass(frozen=True)
class Assessment:
    """One intake for one service user; a draft until the worker completes it."""

    __pydantic_config__ = STRICT

    id: str
    service_user_id: str
    created: datetime
    updated: datetime
    status: AssessmentStatus
    locale: str
    staff_initials: str
    app_version: str
    completed: datetime | None = None


@dataclass(frozen=True)
class Answer:
    """The answer to one questionnaire item: a value, or a code saying why there is none."""

    __pydantic_config__ = STRICT

    questionnaire_id: str
    item_id: str
    answered_at: datetime
    value: AnswerValue | None = None
    missing: MissingCode | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.missing is None):
            raise ValueError(
                f"answer to {self.questionnaire_id}/{self.item_id} needs exactly one of "
                "'value' or 'missing'"
            )


@dataclass(frozen=True)
class Measurement:
    """One measured value with its unit (empty for unitless values such as names)."""

    __pydantic_config__ = STRICT

    value: MeasuredValue
    unit: str = ""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one device or connection check.

    ``reason`` is one plain sentence a peer specialist can read aloud; it names the
    threshold and its source when one was applied. It is always English (exports and
    older records rely on that). ``reason_message`` keeps the same sentence as a
    translatable ``Message`` so it can be shown in any language later
    (``Translator.reason(result)``); it is None for records saved before reasons were
    kept that way and for reasons typed in. ``source`` is ``"measured"`` for a check
    the app ran and ``"manual"`` for figures a worker typed in.
    """

    __pydantic_config__ = STRICT

    check_id: str
    status: CheckStatus
    measured_at: datetime
    reason: str
    values: Mapping[str, Measurement] = field(default_factory=dict)
    source: str = "measured"
    reason_message: Message | None = None
