"""The app's configuration while it runs: Settings loaded once, and the interpretation in force.

``Configuration`` is made once at start-up (``ui.app``) from the settings file and
handed to whatever needs it; nothing else reads the file. Saving Settings goes
through it, so the new values and the interpretation built from them
(``readiness.interpret``: questionnaires, thresholds, rules, agency) take effect at
once. The interpretation is loaded off the GUI thread (``preload``): right after
start-up when Settings name agency files (so their problems are said at once),
otherwise when the first page that needs it is made (``ui.app``), which keeps the
questionnaires and their validation out of the memory of an app that only lists
records. Asked for before it has loaded, it loads on the spot.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.errors import ReadinessError
from readiness.settings import LoadedSettings, Settings, load_settings, save_settings

if TYPE_CHECKING:
    from readiness.checks.connection import ConnectionSettings
    from readiness.interpret import Interpretation
    from readiness.thresholds import Thresholds

    from .tasks import TaskRunner


class Configuration:
    """Settings in force and what they mean for interpreting assessments."""

    def __init__(self, loaded: LoadedSettings) -> None:
        self._loaded = loaded
        self._interpretation: Interpretation | None = None
        self._preloading: Settings | None = None
        self._listeners: list[Callable[[Settings], None]] = []

    @property
    def settings(self) -> Settings:
        return self._loaded.settings

    @property
    def loaded(self) -> LoadedSettings:
        """The settings with where each came from and what was dropped from the file."""
        return self._loaded

    @property
    def settings_file(self) -> Path:
        return self._loaded.path

    def staff(self) -> str:
        """The worker's initials from Settings, for the audit log ("" if not set)."""
        return self.settings.staff_initials

    def save(self, new: Settings) -> Settings:
        """Write ``new`` to the settings file (atomically) and put it in force; returns it
        as validated. A ``ReadinessError`` names a bad field and nothing changes."""
        save_settings(new, self.settings_file)
        self._loaded = load_settings(self.settings_file)
        validated = self._loaded.settings
        self._interpretation = None
        for listener in list(self._listeners):
            listener(validated)
        return validated

    def on_saved(self, listener: Callable[[Settings], None]) -> None:
        """Call ``listener(settings)`` each time Settings are saved."""
        self._listeners.append(listener)

    def interpretation(self) -> Interpretation:
        """Questionnaires, thresholds, rules and agency in force (loaded once per Settings)."""
        if self._interpretation is None:
            from readiness.interpret import interpret

            self._interpretation = interpret(self.settings)
        return self._interpretation

    def thresholds(self) -> Thresholds:
        return self.interpretation().thresholds

    def connection_settings(self) -> ConnectionSettings:
        """How to test the connection; a bad server address in Settings gives the default."""
        from readiness.checks.connection import ConnectionSettings
        from readiness.checks.connection.settings import from_settings

        try:
            return from_settings(self.settings)
        except ReadinessError:
            return ConnectionSettings()

    def names_agency_files(self) -> bool:
        """Whether Settings name agency files or validated questionnaires, whose problems
        the interpretation reports."""
        settings = self.settings
        return bool(
            settings.thresholds_file
            or settings.instrument_files
            or settings.rules_files
            or settings.validated_instruments
        )

    def preload(self, tasks: TaskRunner, on_warnings: Callable[[list[str]], None]) -> None:
        """Load the interpretation off the GUI thread (once for these Settings); report
        problems with agency files."""
        settings = self.settings
        if self._interpretation is not None or self._preloading is settings:
            return
        self._preloading = settings
        from readiness.interpret import interpret

        def done(loaded: Interpretation) -> None:
            if self.settings is settings and self._interpretation is None:
                self._interpretation = loaded
            if loaded.warnings:
                on_warnings(list(loaded.warnings))

        tasks.start(lambda _progress, _cancel: interpret(settings), on_done=done)
