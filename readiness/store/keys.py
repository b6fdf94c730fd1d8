"""The secret that unlocks the encrypted database.

A database key is either the worker's passphrase (SQLCipher stretches it with
PBKDF2-HMAC-SHA512, 256,000 rounds) or a raw 256-bit key (used by tests and by
nothing a person types). The key is never written beside the data: it lives in the
running app's memory, or — only when the agency allows it in Settings — in the
operating system's credential store (``readiness.protection.keychain``). The rules
for a new passphrase are ``readiness.protection.passphrase``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DatabaseKey:
    """A passphrase or a raw key; its text never appears in ``repr`` or logs."""

    secret: str = field(repr=False)
    raw: bool = False

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

    def pragma_value(self) -> str:
        """The value for ``PRAGMA key``/``PRAGMA rekey``, quoted for SQL."""
        if self.raw:
            return f"\"x'{self.secret}'\""
        return "'" + self.secret.replace("'", "''") + "'"
