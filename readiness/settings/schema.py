"""What each setting is: its default, and the check and normalisation of its value, field by field.

``Settings`` is the frozen object the rest of the app receives. ``check_field``
checks one value for one field, so a bad field can be dropped without touching
the others; ``Settings.validated`` checks them all and names the first bad one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from readiness.errors import ReadinessError
from readiness.model import LINE_BREAKS, REFUSED_CHARACTERS, check_locale, normalize_initials

SETTINGS_VERSION = 2
"""The settings file's format version this app writes (``version`` in the file).

It changes only when a value already in files must be read differently (with a step
in ``readiness.settings.migrations``). A new field with a default does not change it:
a file without the field reads the default (``text_size`` and ``high_contrast`` came
this way), and an older app keeps the field it does not know when it saves.
"""

DEFAULT_FHIR_BASE = "https://readiness.org/fhir"
"""The canonical base of the project's FHIR definitions (the app's own namespace, as in its
bundle id ``org.readiness``): canonical URLs identify; they need not be fetched. An
agency that publishes the definitions sets ``fhir_base`` to its own address."""

SPEED_TEST_BACKENDS = ("auto", "librespeed", "speedtest")
HIGH_CONTRAST_CHOICES = ("system", "on", "off")
"""``system``: as the computer's accessibility setting asks; ``on``, ``off``: as chosen."""
LIMITS = (
    ("backup_every_days", 1, 365),
    ("backup_megabytes", 0, 1_000_000),
    ("lock_after_minutes", 1, 240),
    ("retention_days", 0, 36500),
    ("backup_count", 0, 100),
    ("text_size", 100, 200),
    ("hub_sync_minutes", 0, 1440),
)
"""Numeric settings and their allowed ranges (inclusive)."""

INSTRUMENT_VERSION = re.compile(r"[a-z][a-z0-9_]{0,47}@\d+(\.\d+){0,2}")
"""A questionnaire id and version, as ``validated_instruments`` names them."""

CONTACT_LIMIT = 500
"""The agency contact text is cut to this many characters (it is printed on reports)."""
NAME_LIMIT = 200
"""The agency's name is printed in every report's header: a name, not a paragraph."""
PATH_LIMIT = 4096
"""A file or folder name (and the speed-test server's address)."""
MAX_FILES = 100
"""Agency questionnaire or rules files in one list."""


class FieldError(ValueError):
    """One setting's value is not allowed; ``str(error)`` says what is wrong."""


@dataclass(frozen=True)
class Settings:
    """Everything the worker or agency can set; every field has a safe default."""

    default_locale: str = "en"
    staff_initials: str = ""
    agency_name: str = ""
    agency_contact: str = ""
    """How the service user reaches the agency (phone, address, hours), printed on their copy."""
    agency_logo: str = ""
    """A PNG or JPEG file shown in the header of the reports (empty: none)."""
    thresholds_file: str = ""
    """An agency's thresholds file laid over the built-in one (empty: built-in only)."""
    instrument_files: tuple[str, ...] = ()
    """Questionnaire files the agency holds a licence for, added to the built-in ones."""
    rules_files: tuple[str, ...] = ()
    """Agency files changing the equity weights, channel rules or recommendation catalogue."""
    speed_test_backend: str = "auto"
    """``auto`` (the agency server first, then speedtest.net), ``librespeed`` or ``speedtest``."""
    speed_test_server: str = ""
    """The agency's LibreSpeed-compatible server (empty: none)."""
    lock_after_minutes: int = 5
    """Lock the app after this many idle minutes (it also locks on system sleep)."""
    allow_keychain: bool = False
    """The agency allows the database passphrase to be kept in the system's credential store."""
    retention_days: int = 0
    """Purge assessments older than this many days (0: keep until a person is erased)."""
    backup_count: int = 7
    """How many automatic encrypted backups to keep (0: no automatic backups)."""
    backup_folder: str = ""
    """Where automatic backups go (empty: a ``backups`` folder beside the database)."""
    backup_every_days: int = 1
    """An automatic backup is made (in the background, after the app starts) when the newest
    is this many days old: 1 is daily, the most often."""
    backup_megabytes: int = 4096
    """The most space the kept backups may take together, in megabytes (0: no limit); the
    newest is always kept. 4096 keeps four backups of 100,000 assessments (about 0.9 GB each)
    and every one of a smaller agency's."""
    agency_public_key: str = ""
    """The agency's RSA public key (PEM file); exports are sealed to it (empty: not set)."""
    reassess_after_days: int = 90
    """Home lists a person as "Reassessment due" this many days after their last completed
    assessment (0: never)."""
    text_size: int = 100
    """The app's text size in percent of the normal size (100 to 200)."""
    high_contrast: str = "system"
    """High contrast: ``system`` (as the computer's accessibility setting asks), ``on``, ``off``."""
    hub_url: str = ""
    """The agency server's address (https://...), offered when joining (empty: none)."""
    hub_ca_file: str = ""
    """The agency's CA certificate (PEM) for its server (empty: the system's authorities)."""
    hub_sync_minutes: int = 15
    """Send completed assessments to the agency server this often (0: only on request)."""
    fhir_base: str = DEFAULT_FHIR_BASE
    """Where the agency publishes its FHIR definitions: the canonical base of every
    Questionnaire and CodeSystem the FHIR exports name (``https://fhir.agency.org/readiness``)."""
    validated_instruments: tuple[str, ...] = ()
    """Questionnaires the agency has validated with its own population, each as
    ``ID@VERSION`` (``skills@1.0``). Until an instrument is named here, every reliability
    figure computed for it says "Not validated"; a new version is not validated until
    it is named too (``readiness.interpret`` warns about names matching nothing in force)."""

    def validated(self) -> Settings:
        """This object with normalised values, or a ReadinessError naming the first bad field."""
        values: dict[str, Any] = {}
        for name in FIELD_NAMES:
            try:
                values[name] = check_field(name, getattr(self, name))
            except FieldError as exc:
                raise ReadinessError(f"setting {name!r}: {exc}") from None
        return Settings(**values)


FIELD_NAMES = tuple(field.name for field in fields(Settings))
DEFAULTS = Settings()


def check_field(name: str, value: object) -> object:
    """``value`` normalised for the setting ``name``, or ``FieldError`` saying what is wrong."""
    return _CHECKS[name](value)


def json_values(settings: Settings) -> dict[str, object]:
    """The settings as JSON values (lists for the file lists), in field order."""
    values: dict[str, object] = {}
    for name in FIELD_NAMES:
        value = getattr(settings, name)
        values[name] = list(value) if isinstance(value, tuple) else value
    return values


def shown(value: object, limit: int = 40) -> str:
    """``value`` as JSON on one line for a message, cut short so pasted junk cannot flood it."""
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    try:
        text = json.dumps(value)
    except ValueError:  # an integer too long to turn into text
        return "a very long number"
    return text if len(text) <= limit else text[:limit] + "..."


# -- the checks, one kind of value each ---------------------------------------------------


_HIDDEN = re.compile(f"[{REFUSED_CHARACTERS}]")
_ONE_LINE_HIDDEN = re.compile(f"[{REFUSED_CHARACTERS}{LINE_BREAKS}]")


def _text(value: object, limit: int | None = PATH_LIMIT, *, lines: bool = False) -> str:
    """One line of text (several with ``lines``) of at most ``limit`` characters (None: any
    length), with no hidden characters (control characters, text-direction changes, half
    characters)."""
    if not isinstance(value, str):
        raise FieldError(f"expected text, not {shown(value)}")
    if (_HIDDEN if lines else _ONE_LINE_HIDDEN).search(value):
        raise FieldError(
            "the text holds hidden characters (control characters, line breaks or ones that "
            "change the text direction)"
        )
    text = value.strip()
    if limit is not None and len(text) > limit:
        raise FieldError(f"too long ({len(text):,} characters; at most {limit:,})")
    return text


def _name(value: object) -> str:
    return _text(value, NAME_LIMIT)


def _canonical_base(value: object) -> str:
    """An absolute http(s) address without ``|``, ``#``, spaces or a query (FHIR cnl-1)."""
    text = _text(value).rstrip("/") or DEFAULT_FHIR_BASE
    if not re.fullmatch(r"https?://[^\s|#?]+", text) or "//" in text.split("://", 1)[1]:
        raise FieldError(
            f"expected an http or https address (https://fhir.example.org), not {shown(value)}"
        )
    return text


def _contact(value: object) -> str:
    return _text(value, None, lines=True)[:CONTACT_LIMIT]


def _file_list(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise FieldError(f"expected a list of file names, not {shown(value)}")
    if len(value) > MAX_FILES:
        raise FieldError(f"{len(value):,} files; a list holds at most {MAX_FILES}")
    names = []
    for item in value:
        if not isinstance(item, str):
            raise FieldError(f"expected a list of file names, but one item is {shown(item)}")
        names.append(_text(item))
    return tuple(name for name in names if name)


def _instrument_versions(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise FieldError(f'expected a list like ["skills@1.0"], not {shown(value)}')
    names = []
    for item in value:
        text = _text(item) if isinstance(item, str) else item
        if not isinstance(text, str) or not INSTRUMENT_VERSION.fullmatch(text):
            raise FieldError(
                f'{shown(text)} is not a questionnaire id and version like "skills@1.0"'
            )
        names.append(text)
    return tuple(dict.fromkeys(names))


def _locale(value: object) -> str:
    try:
        return check_locale(_text(value))
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def _initials(value: object) -> str:
    text = _text(value)
    try:
        return normalize_initials(text) if text else ""
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def _one_of(choices: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = _text(value)
        if text not in choices:
            raise FieldError(f"{shown(text)} is not one of {', '.join(choices)}")
        return text

    return check


def _https_address(value: object) -> str:
    text = _text(value)
    if text and not (text.startswith("https://") and len(text) > len("https://")):
        raise FieldError(f"{shown(text)} is not an https:// address")
    return text


def _yes_or_no(value: object) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"expected true or false, not {shown(value)}")
    return value


def _whole_number(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(f"expected a whole number from {low} to {high}, not {shown(value)}")
        if not low <= value <= high:
            wanted = f"a whole number from {low} to {high}"
            raise FieldError(f"{shown(value)} is out of range: use {wanted}")
        return value

    return check


_CHECKS: Mapping[str, Callable[[object], object]] = {
    "default_locale": _locale,
    "staff_initials": _initials,
    "agency_name": _name,
    "agency_contact": _contact,
    "agency_logo": _text,
    "thresholds_file": _text,
    "instrument_files": _file_list,
    "rules_files": _file_list,
    "speed_test_backend": _one_of(SPEED_TEST_BACKENDS),
    "speed_test_server": _text,
    "allow_keychain": _yes_or_no,
    "backup_folder": _text,
    "agency_public_key": _text,
    "reassess_after_days": _whole_number(0, 3650),
    "high_contrast": _one_of(HIGH_CONTRAST_CHOICES),
    "hub_url": _https_address,
    "hub_ca_file": _text,
    "validated_instruments": _instrument_versions,
    "fhir_base": _canonical_base,
    **{name: _whole_number(low, high) for name, low, high in LIMITS},
}
