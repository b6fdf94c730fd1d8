"""Database exception classes of both drivers, for ``except`` clauses.

The encrypted database is opened with ``sqlcipher3``, whose exception classes are
not subclasses of the standard library's ``sqlite3`` ones; practice databases and
in-memory test databases use ``sqlite3``. Catch these tuples, never one driver's
class alone.
"""

from __future__ import annotations

import sqlite3

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
