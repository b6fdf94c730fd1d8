"""How the command line gets the database key: a passphrase file, the credential store, or a prompt.

In order: ``--passphrase-file`` (or ``READINESS_PASSPHRASE_FILE``) for scripted
use — the file holds the passphrase on its first line, or a generated raw key as
``x'<64 hex digits>'``; then the system credential store, if the passphrase was
kept there from the app; then a prompt on the terminal (twice, for a new
database). A passphrase file others may read is used with a warning. Without any
of these the command stops with a message saying how to give the passphrase; it
never guesses and never stores it. Practice databases never
come here (``CliContext.database_location`` recognises them by their header); a plain
file without the practice mark is refused with what to do, before any passphrase is
asked for.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from readiness.errors import ReadinessError
from readiness.files import read_secret
from readiness.protection.keychain import keychain_get
from readiness.protection.passphrase import check_new_passphrase
from readiness.store.keys import DatabaseKey

PASSPHRASE_FILE_ENV = "READINESS_PASSPHRASE_FILE"
_RAW_KEY = re.compile(r"x'([0-9a-fA-F]{64})'")


def passphrase_from_file(path: Path) -> str:
    """The first line of the passphrase file ``path`` (surrounding whitespace ignored).

    It is read as every file handed to the app is (``readiness.files``). A file that
    other people on this computer may read is still used, with a warning on stderr:
    anyone who can read it can open the records.
    """
    first, warning = read_secret(path)
    if warning:
        print(f"readiness: warning: {warning}", file=sys.stderr)
    return first


def passphrase_file_key(path: Path) -> DatabaseKey:
    """The key written in ``path``: a passphrase, or a raw key as ``x'<64 hex digits>'``."""
    first = passphrase_from_file(path)
    raw = _RAW_KEY.fullmatch(first)
    if raw:
        return DatabaseKey.from_bytes(bytes.fromhex(raw.group(1)))
    return DatabaseKey.from_passphrase(first)


def resolve_key(db_path: Path, passphrase_file: Path | None, *, new: bool) -> DatabaseKey:
    """The key for ``db_path``; ``new`` means the database does not exist yet."""
    from readiness.store.keys import is_encrypted

    if not new and not is_encrypted(db_path):
        raise ReadinessError(
            f"{db_path}: this database is not encrypted and not marked as practice records. "
            f"To make it a practice database, run: readiness --db {db_path} demo. "
            "Real records are encrypted by the app when it first opens them."
        )
    chosen = passphrase_file or _env_file()
    if chosen is not None:
        return passphrase_file_key(chosen)
    if not new:
        kept = keychain_get(db_path)
        if kept is not None:
            return kept
    if not sys.stdin.isatty():
        raise ReadinessError(
            f"{db_path}: the database is encrypted; type its passphrase in a terminal, "
            f"or give --passphrase-file (or set {PASSPHRASE_FILE_ENV})"
        )
    import getpass

    if not new:
        return DatabaseKey.from_passphrase(getpass.getpass("Database passphrase: "))
    print(
        "Choose a passphrase for the new database. Without it the data cannot be read by "
        "anyone, so keep it somewhere safe, away from this computer.",
        file=sys.stderr,
    )
    first = getpass.getpass("New passphrase: ")
    second = getpass.getpass("Type it again: ")
    check_new_passphrase(first, second)
    return DatabaseKey.from_passphrase(first)


def _env_file() -> Path | None:
    value = os.environ.get(PASSPHRASE_FILE_ENV, "").strip()
    return Path(value) if value else None
