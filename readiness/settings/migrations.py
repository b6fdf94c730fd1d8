"""Bringing a settings file written in an older format up to the current one, a step at a time.

A file without a ``version`` key is version 1. Each step is a small function
from the values of one version to those of the next; steps never raise (a value
they cannot convert is left for the field checks to report). Steps name the
fields they touch themselves, as those fields were in that version, so later
changes to ``Settings`` do not change what an old step does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from readiness.settings.schema import SETTINGS_VERSION

Values = dict[str, object]
Step = Callable[[Values], Values]

_V1_WHOLE_NUMBERS = ("lock_after_minutes", "retention_days", "backup_count")
_V1_YES_OR_NO = ("allow_keychain",)
_NUMBER_TEXT = re.compile(r"\s*([+-]?[0-9]{1,4000})(?:\.0+)?\s*")
_YES = frozenset({"1", "on", "t", "true", "y", "yes"})
_NO = frozenset({"0", "off", "f", "false", "n", "no"})


def _v1_whole_number(value: object) -> object:
    match = _NUMBER_TEXT.fullmatch(value) if isinstance(value, str) else None
    if match:
        return int(match.group(1))
    if isinstance(value, bool) or (isinstance(value, float) and value.is_integer()):
        return int(value)
    return value


def _v1_yes_or_no(value: object) -> object:
    if isinstance(value, str) and value.lower() in _YES | _NO:
        return value.lower() in _YES
    if not isinstance(value, bool) and isinstance(value, int | float) and value in (0, 1):
        return value == 1
    return value


def version_1_to_2(values: Values) -> Values:
    """Version 1 was read leniently; version 2 wants each value in its own JSON type.

    Version 1 accepted numbers written as text (``"10"``, ``"10.0"``), whole
    numbers with a decimal point (``10.0``) or ``true`` (1) for the numeric
    settings, and ``"yes"``/``"no"``, ``"on"``/``"off"``, ``"true"``/``"false"``,
    ``"y"``/``"n"``, ``"t"``/``"f"``, ``"1"``/``"0"`` (any case) or ``1``/``0`` for
    ``allow_keychain``. This step turns those into the numbers and true/false that
    version 2 reads, so a file the old app accepted keeps its values.
    """
    migrated = dict(values)
    for name in _V1_WHOLE_NUMBERS:
        if name in migrated:
            migrated[name] = _v1_whole_number(migrated[name])
    for name in _V1_YES_OR_NO:
        if name in migrated:
            migrated[name] = _v1_yes_or_no(migrated[name])
    return migrated


STEPS: Mapping[int, Step] = {1: version_1_to_2}
"""The step from each version to the next, by the version it starts from."""


def migrate(
    values: Values,
    version: int,
    *,
    to_version: int = SETTINGS_VERSION,
    steps: Mapping[int, Step] = STEPS,
) -> Values:
    """``values`` of a file in ``version`` brought up to ``to_version`` by each step in turn."""
    for start in range(version, to_version):
        values = steps[start](values)
    return values
