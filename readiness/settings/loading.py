"""Reading settings.json field by field, so one bad or unknown field never costs the others.

``load_settings`` never fails. A missing file gives the defaults. A file that
cannot be read, is not JSON or is not a JSON object gives the defaults and one
problem. Otherwise the file is brought up to the current version
(``readiness.settings.migrations``) and each field is checked on its own: a field
this version does not know, or one whose value is not allowed, is reported (the
file, the field and what is wrong, in one sentence) and that field keeps its
default. The result says where each value came from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from readiness.errors import ReadinessError
from readiness.files import SETTINGS, read_json_file
from readiness.settings.migrations import migrate
from readiness.settings.schema import (
    DEFAULTS,
    FIELD_NAMES,
    SETTINGS_VERSION,
    FieldError,
    Settings,
    check_field,
    json_values,
    shown,
)

SETTINGS_NAME = "settings.json"
VERSION_KEY = "version"

_DEFAULT_VALUES = json_values(DEFAULTS)

ORIGIN_DEFAULT = "default"
ORIGIN_FILE = "file"


@dataclass(frozen=True)
class SettingProblem:
    """Something in the settings file that was not used: the field (None: the file) and why."""

    field: str | None
    message: str
    """One sentence naming the file and the field, saying what is wrong and what is used instead."""


def _all_default() -> Mapping[str, str]:
    return MappingProxyType(dict.fromkeys(FIELD_NAMES, ORIGIN_DEFAULT))


@dataclass(frozen=True)
class LoadedSettings:
    """The settings in force, the file they came from, what was dropped, and each value's origin."""

    settings: Settings
    path: Path
    version: int | None = None
    """The file's format version as read (None: no file, or it could not be read)."""
    problems: tuple[SettingProblem, ...] = ()
    origins: Mapping[str, str] = field(default_factory=_all_default)
    """For each field: ``default``, ``file``, or the source of an override."""

    def warning(self) -> str | None:
        """Every problem, one per line, for a message to the worker (None when there are none)."""
        return "\n".join(problem.message for problem in self.problems) or None

    def problem_with(self, name: str) -> SettingProblem | None:
        """Why the field ``name`` was dropped from the file, while its default is in force."""
        if self.origins.get(name) != ORIGIN_DEFAULT:
            return None
        return next((problem for problem in self.problems if problem.field == name), None)

    def with_overrides(self, *, source: str = "override", **values: object) -> LoadedSettings:
        """These settings with ``values`` laid on top (None: not given), each marked as ``source``.

        A value that is not allowed raises ``ReadinessError`` naming the field and the source.
        """
        given = {name: value for name, value in values.items() if value is not None}
        checked: dict[str, Any] = {}
        for name, value in given.items():
            if name not in FIELD_NAMES:
                raise ReadinessError(f"{source}: {_quoted(name)} is not a setting")
            try:
                checked[name] = check_field(name, value)
            except FieldError as exc:
                raise ReadinessError(f"{source}: setting {name!r}: {exc}") from None
        origins = {**self.origins, **dict.fromkeys(checked, source)}
        return replace(
            self,
            settings=replace(self.settings, **checked),
            origins=MappingProxyType(origins),
        )


def settings_path(config_dir: Path | None = None) -> Path:
    """The settings file in ``config_dir`` (default: the per-user settings folder)."""
    from readiness.paths import default_config_dir

    return (config_dir or default_config_dir()) / SETTINGS_NAME


def load_settings(path: Path) -> LoadedSettings:
    """The settings in ``path`` as far as they are valid, field by field (never raises)."""
    try:
        missing = not path.exists()
    except OSError:
        missing = False  # reading it says what is wrong
    if missing:
        return LoadedSettings(DEFAULTS, path)
    try:
        data = read_file_object(path)
    except ReadinessError as exc:
        problem = SettingProblem(None, f"{exc}; every setting has its default value")
        return LoadedSettings(DEFAULTS, path, problems=(problem,))
    return _read_values(data, path)


def read_file_object(path: Path) -> dict[str, object]:
    """The JSON object in the settings file ``path``, or a ReadinessError naming the file.

    The file is read as every file handed to the app is (``readiness.files``): a
    regular file only (a pipe or a device never blocks the start), at most 1 MB,
    plain JSON (no NaN, no key twice) nested at most 32 levels.
    """
    data: object = read_json_file(path, SETTINGS)
    if not isinstance(data, dict):
        raise ReadinessError(f"{path}: holds {shown(data)} instead of an object of settings")
    return data


def _read_values(data: Mapping[str, object], path: Path) -> LoadedSettings:
    """The settings in ``data`` (a settings file's JSON object), each field checked on its own."""
    version, problems = _version(data.get(VERSION_KEY, 1), path)
    stored = {key: value for key, value in data.items() if key != VERSION_KEY}
    values = migrate(stored, min(version or SETTINGS_VERSION, SETTINGS_VERSION))
    checked: dict[str, Any] = {}
    for name, value in values.items():
        if name not in FIELD_NAMES:
            problems.append(
                SettingProblem(
                    name,
                    f"{path}: {_quoted(name)} is not a setting this version of Readiness knows; "
                    "it is ignored (and kept in the file when settings are saved)",
                )
            )
            continue
        try:
            checked[name] = check_field(name, value)
        except FieldError as exc:
            default = json.dumps(_DEFAULT_VALUES[name])
            problems.append(
                SettingProblem(
                    name,
                    f"{path}: setting {name!r}: {exc}; the default ({default}) is used instead",
                )
            )
    origins = {name: ORIGIN_FILE if name in checked else ORIGIN_DEFAULT for name in FIELD_NAMES}
    return LoadedSettings(
        replace(DEFAULTS, **checked), path, version, tuple(problems), MappingProxyType(origins)
    )


def _quoted(key: str, limit: int = 40) -> str:
    """A key of the file, quoted for a message and cut short."""
    return repr(key) if len(key) <= limit else repr(key[:limit]) + "..."


def _version(value: object, path: Path) -> tuple[int | None, list[SettingProblem]]:
    """The file's version (None when it is not a version number) and any problem with it."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None, [
            SettingProblem(
                VERSION_KEY,
                f"{path}: {VERSION_KEY!r} is {shown(value)}, not a settings version "
                f"(a whole number from 1); the settings are read as version {SETTINGS_VERSION}",
            )
        ]
    if value > SETTINGS_VERSION:
        return value, [
            SettingProblem(
                VERSION_KEY,
                f"{path}: written by a newer version of Readiness (settings version {value}; "
                f"this one reads up to {SETTINGS_VERSION}); the settings it knows are used",
            )
        ]
    return value, []
