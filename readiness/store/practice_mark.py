"""The practice mark as the store reads it: whether an open database holds fictional people only.

A practice database carries ``PRACTICE_APPLICATION_ID`` in its header (SQLite's
``PRAGMA application_id``); ``readiness.practice.marker`` writes it and reads it from
a file without opening it. Kept here, free of heavy imports, so exports (which must
never include practice records) can ask an open database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

PRACTICE_APPLICATION_ID = 0x52445052
"""``RDPR`` (Readiness practice) as a 32-bit number."""


def is_practice_database(db: Database) -> bool:
    """Whether the open database ``db`` carries the practice mark (fictional people only)."""
    return int(db.execute("PRAGMA application_id").fetchone()[0]) == PRACTICE_APPLICATION_ID
