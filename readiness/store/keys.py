"""The secret that unlocks the encrypted database.

A database key is either the worker's passphrase (SQLCipher stretches it with
PBKDF2-HMAC-SHA512, 256,000 rounds) or a raw 256-bit key (used by tests and by
nothing a person types). The key is never written beside the data: it lives in the
running app's memory, or — only when the agency allows it in Settings — in the
operating system's credential store (``readiness.protection.keychain``). The rules
for a new passphrase are ``readiness.protection.passphrase``.

Stretching a passphrase takes about 0.2 s. ``stretched_for(salt)`` does it once, off
the GUI thread, with SQLCipher 4's own parameters and the salt kept in the first 16
bytes of the database file; every connection to that file (and to its backups, which
share the salt) then opens at once with the stretched key, while the passphrase
stays the key for anything new (re-keying, the credential store, the lock screen).

What a file's first bytes say lives here too (``file_salt``, ``is_encrypted``), so the
app can tell a plain file from an encrypted one, and stretch the key for its salt,
without loading the store.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

KDF_ITERATIONS = 256_000
"""SQLCipher 4's default ``kdf_iter`` (PBKDF2-HMAC-SHA512, 32-byte key, 16-byte salt)."""
SALT_BYTES = 16
SQLITE_HEADER = b"SQLite format 3\x00"
"""How a plain SQLite file starts; an encrypted one starts with its salt instead."""


@dataclass(frozen=True)
class DatabaseKey:
    """A passphrase or a raw key; its text never appears in ``repr`` or logs."""

    secret: str = field(repr=False)
    raw: bool = False
    stretched: str = field(default="", repr=False, compare=False)
    """The passphrase stretched for one salt: the 32-byte key then the salt, in hex."""

    @classmethod
    def from_passphrase(cls, passphrase: str) -> DatabaseKey:
        """A key from what the worker typed (Unicode-normalised, so the same letters match)."""
        return cls(unicodedata.normalize("NFC", passphrase))

    @classmethod
    def from_bytes(cls, key: bytes) -> DatabaseKey:
        """A raw 32-byte key (skips the key stretching; for tests and generated keys)."""
        if len(key) != 32:
            raise ValueError("a raw database key has 32 bytes")
        return cls(key.hex(), raw=True)

    def stretched_for(self, salt: bytes) -> DatabaseKey:
        """This key with the passphrase stretched for ``salt`` (about 0.2 s; a raw key as is)."""
        if self.raw:
            return self
        if len(salt) != SALT_BYTES:
            raise ValueError(f"a database salt has {SALT_BYTES} bytes")
        key = hashlib.pbkdf2_hmac("sha512", self.secret.encode("utf-8"), salt, KDF_ITERATIONS, 32)
        return replace(self, stretched=key.hex() + salt.hex())

    def pragma_value(self, salt: bytes | None = None) -> str:
        """The value for ``PRAGMA key``/``PRAGMA rekey``, quoted for SQL.

        ``salt`` is that of the file being opened (None: a new file). A key stretched
        for that salt is given to SQLCipher as it is, so it skips the stretching.
        """
        if self.raw:
            return f"\"x'{self.secret}'\""
        if self.stretched and (salt is None or self.stretched[64:] == salt.hex()):
            return f"\"x'{self.stretched}'\""
        return self.rekey_value()

    def rekey_value(self) -> str:
        """The value for ``PRAGMA rekey``: the passphrase itself (SQLCipher stretches it for
        the file's own salt), or the raw key."""
        if self.raw:
            return f"\"x'{self.secret}'\""
        return "'" + self.secret.replace("'", "''") + "'"


def file_salt(path: Path) -> bytes | None:
    """The salt SQLCipher keeps in the first bytes of an encrypted file (None: new or plain)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SALT_BYTES)
    except OSError:
        return None
    if len(head) < SALT_BYTES or head == SQLITE_HEADER:
        return None
    return head


def stretched_key(path: Path, key: DatabaseKey) -> DatabaseKey:
    """``key`` stretched once for the file at ``path`` (or for a new salt if it is new), so
    every later connection opens at once; about 0.2 s, so call it off the GUI thread."""
    return key.stretched_for(file_salt(path) or os.urandom(SALT_BYTES))


def is_encrypted(path: Path) -> bool:
    """Whether the file at ``path`` exists, is not empty and is not a plain SQLite file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return bool(header) and header != SQLITE_HEADER
