"""The worker's and agency's settings: a small versioned JSON file in the per-user config folder.

- ``readiness.settings.schema``: ``Settings`` (the frozen object the app receives)
  and the check of each field on its own.
- ``readiness.settings.migrations``: older file formats brought up to the current one.
- ``readiness.settings.loading``: ``load_settings(path) -> LoadedSettings`` (never
  fails; a bad or unknown field is reported and dropped, never the whole file).
- ``readiness.settings.saving``: ``save_settings(settings, path)`` (checked,
  atomic, keeping keys this version does not know).
"""

from __future__ import annotations

from readiness.settings.loading import (
    ORIGIN_DEFAULT,
    ORIGIN_FILE,
    LoadedSettings,
    SettingProblem,
    load_settings,
    settings_path,
)
from readiness.settings.saving import save_settings
from readiness.settings.schema import (
    HIGH_CONTRAST_CHOICES,
    LIMITS,
    SETTINGS_VERSION,
    Settings,
    json_values,
)

__all__ = [
    "HIGH_CONTRAST_CHOICES",
    "LIMITS",
    "ORIGIN_DEFAULT",
    "ORIGIN_FILE",
    "SETTINGS_VERSION",
    "LoadedSettings",
    "SettingProblem",
    "Settings",
    "json_values",
    "load_settings",
    "save_settings",
    "settings_path",
]
