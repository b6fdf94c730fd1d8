"""User-facing error types of the core.

Every error a person can cause or fix (a bad file, a missing folder, a database
from a newer version) is a ``ReadinessError`` whose message names the file or field
and says what is wrong, in one line. The CLI prints that line; the GUI shows it in a
dialog. Anything else is a bug and is reported as such, without personal data.

An error built from a ``Message`` (``ReadinessError(M_("{path}: no such file",
path=...))``) keeps it in ``message``, so the GUI can show it in its language;
``str(error)`` is always the English sentence, for the CLI and logs. An error built
from plain text keeps that text, shown as it is in every language.
"""

from __future__ import annotations

from pathlib import Path

from readiness.messages import Message, english, plain


class ReadinessError(Exception):
    """A problem the user can understand and act on; ``str(err)`` is the whole message in English.

    ``message`` is the same sentence to show in any language.
    """

    def __init__(self, text: str | Message) -> None:
        self.message = text if isinstance(text, Message) else plain(text)
        super().__init__(english(self.message))


class StoreError(ReadinessError):
    """The database could not be opened, created or written."""


class DocumentError(ReadinessError):
    """An assessment document is malformed or has an unsupported version."""


class NotFoundError(ReadinessError):
    """A record asked for by id or code does not exist."""


class LockedDatabaseError(StoreError):
    """The database is encrypted and the key given (or none) does not open it."""


class NotEncryptedError(StoreError):
    """A key was given for a database file that is not encrypted (an older, plain file)."""


class DamagedDatabaseError(StoreError):
    """The records failed their integrity check: part of the file is damaged.

    ``path`` is the database file. Nothing more is written to it by the work that
    found the damage; the faces (CLI, GUI) offer the last good backup, ``backup``
    once it has been looked for (``readiness.protection.backups.offer_last_good_backup``).
    """

    def __init__(self, text: str | Message, path: Path, backup: Path | None = None) -> None:
        super().__init__(text)
        self.path = path
        self.backup = backup
