"""Database errors of both drivers: their classes, for ``except`` clauses, and what they mean.

The encrypted database is opened with ``sqlcipher3``, whose exception classes are
not subclasses of the standard library's ``sqlite3`` ones; practice databases and
in-memory test databases use ``sqlite3``. Catch these tuples, never one driver's
class alone. ``describe_database_error`` says what an error means for the person:
the records are busy, the disk is full (nothing saved before is lost: SQLite undoes
an unfinished change as a whole), the file cannot be written, or it is damaged.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from readiness.messages import M_, Message, english

try:
    import sqlcipher3
except ImportError:  # pragma: no cover - sqlcipher3 is a dependency; kept for partial installs
    sqlcipher3 = None

_DRIVERS = (sqlite3,) if sqlcipher3 is None else (sqlite3, sqlcipher3)

INTEGRITY_ERRORS: tuple[type[Exception], ...] = tuple(d.IntegrityError for d in _DRIVERS)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = tuple(d.OperationalError for d in _DRIVERS)
DATABASE_ERRORS: tuple[type[Exception], ...] = tuple(d.DatabaseError for d in _DRIVERS)
"""Every database error (``OperationalError`` and ``IntegrityError`` are subclasses)."""
ALL_ERRORS: tuple[type[Exception], ...] = tuple(d.Error for d in _DRIVERS)

FULL_BELOW_BYTES = 1024 * 1024
"""A disk I/O error on a file system with less free space than this is a full disk: SQLite
says "disk I/O error", not "full", when it cannot even make its shared-memory file."""


def error_kind(exc: Exception, path: Path | None = None) -> str:
    """What a database error means: "busy", "full", "read-only", "damaged" or "other"."""
    extended = getattr(exc, "sqlite_errorcode", None)
    code = extended & 0xFF if isinstance(extended, int) else None
    text = str(exc).lower()
    if code in (5, 6) or "locked" in text or "busy" in text:  # SQLITE_BUSY, SQLITE_LOCKED
        return "busy"
    if code == 13 or "full" in text or (_io_error(code, text) and _nearly_full(path)):
        return "full"  # SQLITE_FULL
    if code == 8 or "readonly" in text or "read-only" in text:  # SQLITE_READONLY
        return "read-only"
    if code in (11, 26) or "malformed" in text or "not a database" in text:  # CORRUPT, NOTADB
        return "damaged"
    return "other"


def _io_error(code: int | None, text: str) -> bool:
    return code == 10 or "disk i/o error" in text  # SQLITE_IOERR


def _nearly_full(path: Path | None) -> bool:
    if path is None or str(path) == ":memory:":
        return False
    try:
        return shutil.disk_usage(path.parent).free < FULL_BELOW_BYTES
    except OSError:
        return False


def describe_database_error(path: Path | str, exc: Exception) -> Message:
    """What a database error means for the person, naming the file, in one sentence.

    Busy and full are said as what they are: nothing that was saved before is lost
    (SQLite undoes the unfinished change as a whole), so neither suggests a backup.
    """
    kind, where, reason = error_kind(exc, Path(path)), str(path), str(exc)
    if kind == "busy":
        return M_(
            "{path}: the records are busy: another command or the app is changing them. "
            "Nothing was lost; try again in a moment.",
            path=where,
        )
    if kind == "full":
        return M_(
            "{path}: the disk is full, so the change could not be saved. Nothing that was "
            "saved before was lost; free some space and try again.",
            path=where,
        )
    if kind == "read-only":
        return M_("{path}: the database cannot be written to ({reason})", path=where, reason=reason)
    if kind == "damaged":
        return M_(
            "{path}: the database file is damaged ({reason}); restore a backup",
            path=where,
            reason=reason,
        )
    return M_("{path}: database error ({reason})", path=where, reason=reason)


def database_error_text(path: Path | str, exc: Exception) -> str:
    """``describe_database_error`` in English, for the command line and logs."""
    return english(describe_database_error(path, exc))
