"""Where the app keeps its files on this computer (per-user data, settings and cache folders).

The data folder holds health information, and the report copies folder plain PDFs
shown in the viewer: both are made readable by this user only (0700), and a data
folder an older version made with the usual 0755 is tightened when the app or a
command next opens the records there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

APP_NAME = "Readiness"
DATABASE_NAME = "readiness.db"
REPORT_COPIES_NAME = "report-copies"
PRIVATE_MODE = 0o700


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


def report_copies_dir() -> Path:
    """Where the app keeps the copies of reports it opens in the PDF viewer or prints
    (e.g. ``~/.cache/Readiness/report-copies``); emptied at every start."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False, ensure_exists=False) / REPORT_COPIES_NAME


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed and make it this user's only (0700).

    A folder that exists with wider permissions is tightened when it belongs to this
    user; parents other than ``folder`` are left as they are. Raises ``OSError``.
    """
    folder.mkdir(mode=PRIVATE_MODE, parents=True, exist_ok=True)
    if os.name != "posix":  # Windows: the per-user folders are private already
        return
    info = folder.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != PRIVATE_MODE:
        os.chmod(folder, PRIVATE_MODE)  # mkdir's mode is masked by the umask
