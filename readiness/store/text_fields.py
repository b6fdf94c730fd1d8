"""Limits and character rules for every free-text field the store accepts.

Each field has a length limit and a rule for which characters it takes. Nothing is
silently changed: text that breaks a rule is refused with a ``TextFieldError``
(a ``ReadinessError``) whose ``field`` names the field and whose message says what
to do (in English, and as a ``Message`` for any language). Messages never repeat the
text itself: it may be
a person's name or notes.

Refused everywhere: C0 and C1 control characters (NUL, escape, DEL and the like),
the bidirectional embedding, override and isolate characters (U+202A-U+202E,
U+2066-U+2069: they can make a report read differently from what was typed) and
lone surrogates (they cannot be stored as UTF-8). Multi-line fields (plan notes,
written answers) also take tab, line feed and carriage return; one-line fields
take neither those nor the Unicode line and paragraph separators. The marks that
right-to-left scripts need (U+200E, U+200F, U+061C) and joiners used by emoji are
allowed.

``clean_text`` removes what these rules refuse, for a screen to tidy pasted text
before it saves; the store itself never cleans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readiness.errors import ReadinessError
from readiness.messages import M_, MN_, N_, Message
from readiness.model import (
    LINE_BREAKS,
    REFUSED_CHARACTERS,
    code_problem,
    normalize_code,
    normalize_initials,
)
from readiness.plan import MAX_ITEM, MAX_TEXT


@dataclass(frozen=True)
class TextField:
    """One free-text field: a stable key, its name for people, its limit and its line rule."""

    key: str
    label: str
    """English name, marked with ``N_`` and translated when a message is made."""
    limit: int
    multiline: bool = False


SERVICE_USER_CODE = TextField("service_user_code", N_("service-user code"), 32)
PREFERRED_NAME = TextField("preferred_name", N_("preferred name"), 80)
STAFF_INITIALS = TextField("staff_initials", N_("staff initials"), 5)
PLAN_TEXT = TextField("plan_text", N_("plan notes"), MAX_TEXT, multiline=True)
PLAN_ITEM = TextField("plan_item", N_("added plan item"), MAX_ITEM)
PLAN_TITLE = TextField("plan_title", N_("recommendation title"), MAX_ITEM)
RECOMMENDATION_ID = TextField("recommendation_id", N_("recommendation id"), 64)
ANSWER_TEXT = TextField("answer_text", N_("written answer"), 2000, multiline=True)
"""2000: the largest ``max_length`` a questionnaire item may set."""
QUESTIONNAIRE_ID = TextField("questionnaire_id", N_("questionnaire id"), 128)
ITEM_ID = TextField("item_id", N_("question id"), 128)
CHECK_ID = TextField("check_id", N_("check id"), 128)
RECORD_ID = TextField("record_id", N_("record id"), 64)
"""The id of an assessment or service user in an imported document."""
AUDIT_DETAIL = TextField("audit_detail", N_("audit detail"), 200)

FIELDS = (
    SERVICE_USER_CODE,
    PREFERRED_NAME,
    STAFF_INITIALS,
    PLAN_TEXT,
    PLAN_ITEM,
    PLAN_TITLE,
    RECOMMENDATION_ID,
    ANSWER_TEXT,
    QUESTIONNAIRE_ID,
    ITEM_ID,
    CHECK_ID,
    RECORD_ID,
    AUDIT_DETAIL,
)

_MULTI_LINE_REFUSED = re.compile(f"[{REFUSED_CHARACTERS}]")
_ONE_LINE_REFUSED = re.compile(f"[{REFUSED_CHARACTERS}{LINE_BREAKS}]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class TextFieldError(ReadinessError):
    """Text refused for one field; ``field`` is its stable key (for a screen to point at it)."""

    def __init__(self, field: TextField, message: Message) -> None:
        super().__init__(message)
        self.field = field.key


def _name(field: TextField) -> Message:
    return Message(field.label)


def _refused(field: TextField) -> re.Pattern[str]:
    return _MULTI_LINE_REFUSED if field.multiline else _ONE_LINE_REFUSED


def _character_error(field: TextField, char: str) -> TextFieldError:
    name, shown = _name(field), f"U+{ord(char):04X}"
    if char in "\t\n\r\u2028\u2029":
        message = M_(
            "The {field} cannot have line breaks or tabs. Please keep it on one line.", field=name
        )
    elif _BIDI.fullmatch(char):
        message = M_(
            "The {field} has a character that changes the text direction ({char}). "
            "Please remove it and try again.",
            field=name,
            char=shown,
        )
    elif _SURROGATE.fullmatch(char):
        message = M_(
            "The {field} has a character that cannot be saved ({char}). "
            "Please remove it and try again.",
            field=name,
            char=shown,
        )
    else:
        message = M_(
            "The {field} has a hidden control character ({char}). Please remove it and try again.",
            field=name,
            char=shown,
        )
    return TextFieldError(field, message)


def check_characters(field: TextField, value: object) -> str:
    """``value`` unchanged if it is text with only characters ``field`` takes."""
    if not isinstance(value, str):
        raise TextFieldError(field, M_("The {field} must be text.", field=_name(field)))
    found = _refused(field).search(value)
    if found is not None:
        raise _character_error(field, found.group())
    return value


def check_text(field: TextField, value: object) -> str:
    """``value`` unchanged if ``field`` takes it; otherwise a ``TextFieldError`` saying why."""
    text = check_characters(field, value)
    if len(text) > field.limit:
        raise TextFieldError(
            field,
            MN_(
                "The {field} is too long: {count} character. Please keep it to {limit} or fewer.",
                "The {field} is too long: {count} characters. Please keep it to {limit} or fewer.",
                field=_name(field),
                count=len(text),
                limit=field.limit,
            ),
        )
    return text


def clean_text(field: TextField, value: str) -> str:
    """``value`` without the characters ``field`` refuses (line breaks become spaces on one line).

    For screens that tidy pasted text; the length is not cut, so an over-long text
    still gets its clear message when it is saved.
    """
    if not field.multiline:
        value = re.sub(f"[{LINE_BREAKS}]+", " ", value)
    return _refused(field).sub("", value)


def checked_code(code: object) -> str:
    """A service-user code in its stored form, or a ``TextFieldError`` naming the field."""
    text = check_characters(SERVICE_USER_CODE, code).strip()
    if len(text) > SERVICE_USER_CODE.limit:
        raise TextFieldError(
            SERVICE_USER_CODE,
            MN_(
                "The service-user code is too long: {count} character. "
                "Please use 2 to 32 letters or digits.",
                "The service-user code is too long: {count} characters. "
                "Please use 2 to 32 letters or digits.",
                count=len(text),
            ),
        )
    problem = code_problem(text)
    if problem is not None:  # never repeats what was typed: it may be a name
        raise TextFieldError(
            SERVICE_USER_CODE,
            M_(
                "The service-user code is not valid: {problem}. Please use 2 to 32 letters or "
                "digits, and '-', '_' or '.', with no spaces (a code, not a name).",
                problem=problem,
            ),
        )
    return normalize_code(text)


def _echo(text: str) -> str | Message:
    """What was typed, quoted, when it is short plain text; otherwise a neutral stand-in, so
    a message never grows with hostile input or carries escapes."""
    if text.isascii() and text.isprintable() and len(text) <= 40:
        return repr(text)
    return M_("(as typed)")


def checked_initials(initials: object) -> str:
    """Staff initials in their stored form ("" for none), or a ``TextFieldError``."""
    text = check_characters(STAFF_INITIALS, initials).strip()
    if not text:
        return ""
    if len(text) > STAFF_INITIALS.limit:
        raise TextFieldError(
            STAFF_INITIALS,
            M_("The staff initials are too long. Please use 1 to 5 letters."),
        )
    try:
        return normalize_initials(text)
    except ValueError:
        raise TextFieldError(
            STAFF_INITIALS,
            M_(
                "The staff initials {initials} are not valid. Please use 1 to 5 letters.",
                initials=_echo(text),
            ),
        ) from None


def checked_preferred_name(name: object) -> str | None:
    """A preferred name in its stored form (trimmed; None for none), or a ``TextFieldError``."""
    if name is None:
        return None
    text = check_characters(PREFERRED_NAME, name).strip()
    return check_text(PREFERRED_NAME, text) or None
