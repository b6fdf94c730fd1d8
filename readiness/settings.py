"""The worker's and agency's settings, kept as a small JSON file in the per-user config folder.

Settings are a frozen dataclass with defaults; ``load_settings`` never fails: a
missing file gives the defaults, and a damaged file gives the defaults plus a
message naming the file and the field, so the app still starts.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from readiness.errors import ReadinessError
from readiness.model import STRICT, check_locale, normalize_initials

SETTINGS_NAME = "settings.json"
SPEED_TEST_BACKENDS = ("auto", "librespeed", "speedtest")
LIMITS = (
    ("lock_after_minutes", 1, 240),
    ("retention_days", 0, 36500),
    ("backup_count", 0, 100),
)
"""Numeric settings and their allowed ranges (inclusive)."""


@dataclass(frozen=True)
class Settings:
    """Everything the worker or agency can set; every field has a safe default."""

    __pydantic_config__ = STRICT

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
    agency_public_key: str = ""
    """The agency's RSA public key (PEM file); exports are sealed to it (empty: not set)."""

    def validated(self) -> Settings:
        """This object with normalised values, or a ReadinessError naming the bad field."""
        if self.speed_test_backend not in SPEED_TEST_BACKENDS:
            choices = ", ".join(SPEED_TEST_BACKENDS)
            raise ReadinessError(
                f"setting 'speed_test_backend' is {self.speed_test_backend!r}: use one of {choices}"
            )
        for name, low, high in LIMITS:
            value = getattr(self, name)
            if not low <= value <= high:
                raise ReadinessError(
                    f"setting {name!r} is {value}: use a number from {low} to {high}"
                )
        try:
            check_locale(self.default_locale)
            initials = normalize_initials(self.staff_initials) if self.staff_initials else ""
        except ValueError as exc:
            raise ReadinessError(str(exc)) from None
        return replace(
            self,
            staff_initials=initials,
            agency_name=self.agency_name.strip(),
            agency_contact=self.agency_contact.strip()[:500],
            agency_logo=self.agency_logo.strip(),
            thresholds_file=self.thresholds_file.strip(),
            instrument_files=tuple(f.strip() for f in self.instrument_files if f.strip()),
            rules_files=tuple(f.strip() for f in self.rules_files if f.strip()),
            speed_test_server=self.speed_test_server.strip(),
            backup_folder=self.backup_folder.strip(),
            agency_public_key=self.agency_public_key.strip(),
        )


def settings_path(config_dir: Path | None = None) -> Path:
    from readiness.paths import default_config_dir

    return (config_dir or default_config_dir()) / SETTINGS_NAME


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """Settings from ``path`` and a warning (or None); defaults when the file is missing or bad."""
    if not path.exists():
        return Settings(), None
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Settings(), f"{path}: settings could not be read ({exc}); using the defaults"
    from pydantic import TypeAdapter, ValidationError

    try:
        settings: Settings = TypeAdapter(Settings).validate_python(data)
        return settings.validated(), None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        return Settings(), f"{path}: setting {where}: {first['msg']}; using the defaults"
    except ReadinessError as exc:
        return Settings(), f"{path}: {exc}; using the defaults"


def save_settings(settings: Settings, path: Path) -> None:
    """Write settings atomically (a temporary file, then a rename)."""
    settings = settings.validated()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(settings), handle, indent=2, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
