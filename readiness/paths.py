"""Where the app keeps its files on this computer (per-user data and settings folders)."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "Readiness"
DATABASE_NAME = "readiness.db"


def default_data_dir() -> Path:
    """The per-user data folder (e.g. ``~/.local/share/Readiness`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=False)


def default_config_dir() -> Path:
    """The per-user settings folder (e.g. ``~/.config/Readiness`` on Linux)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False, ensure_exists=False)


def default_database_path() -> Path:
    """The embedded database used when no ``--db`` is given."""
    return default_data_dir() / DATABASE_NAME
