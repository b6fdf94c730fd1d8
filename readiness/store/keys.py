"""The secret that unlocks the encrypted database, and where it may be kept.

A database key is either the worker's passphrase (SQLCipher stretches it with
PBKDF2-HMAC-SHA512, 256,000 rounds) or a raw 256-bit key (used by tests and by
nothing a person types). The key is never written beside the data: it lives in the
running app's memory, or — only when the agency allows it in Settings — in the
operating system's credential store through ``keyring``.

Passphrase rules follow NIST SP 800-63B §5.1.1.2: at least 8 characters, no
composition rules, long passphrases welcome. After a wrong passphrase the next try
waits a little longer (``retry_delay``), so guessing is slow but the data is never
locked away from the person who knows the passphrase.
"""

from __future__ import annotations

import contextlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from readiness.errors import ReadinessError
from readiness.i18n import _

MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 1024
KEYCHAIN_SERVICE = "Readiness database"


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


def check_new_passphrase(passphrase: str, confirmation: str | None = None) -> None:
    """Refuse a passphrase that is too short, too long, blank-edged or mistyped twice."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ReadinessError(
            _("The passphrase needs at least {count} characters.").format(count=MIN_PASSPHRASE)
        )
    if len(passphrase) > MAX_PASSPHRASE:
        raise ReadinessError(
            _("The passphrase can have at most {count} characters.").format(count=MAX_PASSPHRASE)
        )
    if passphrase != passphrase.strip():
        raise ReadinessError(_("The passphrase cannot start or end with a space."))
    if any(unicodedata.category(ch) == "Cc" for ch in passphrase):
        raise ReadinessError(_("The passphrase cannot contain control characters."))
    if confirmation is not None and confirmation != passphrase:
        raise ReadinessError(_("The two passphrases are not the same."))


def retry_delay(failures: int) -> float:
    """Seconds to wait before the next try after ``failures`` wrong passphrases in a row."""
    if failures <= 0:
        return 0.0
    return float(min(2 ** (failures - 1), 30))


def _account(path: Path) -> str:
    return str(path.resolve())


def keychain_available() -> bool:
    """Whether a real credential store can be used here (not the fail or plaintext ones)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:
        return False
    name = type(backend).__module__
    if isinstance(backend, fail.Keyring) or "plaintext" in name.lower() or "null" in name.lower():
        return False
    priority = getattr(backend, "priority", 0)
    return bool(priority and priority > 0)


def keychain_get(path: Path) -> DatabaseKey | None:
    """The passphrase kept for the database at ``path``, or None."""
    if not keychain_available():
        return None
    import keyring

    try:
        secret = keyring.get_password(KEYCHAIN_SERVICE, _account(path))
    except Exception:
        return None
    return DatabaseKey(secret) if secret else None


def keychain_set(path: Path, key: DatabaseKey) -> None:
    """Keep the passphrase for ``path`` in the credential store (agency permitting)."""
    if not keychain_available():
        raise ReadinessError(_("This computer has no credential store the app can use."))
    import keyring

    try:
        keyring.set_password(KEYCHAIN_SERVICE, _account(path), key.secret)
    except Exception as exc:
        raise ReadinessError(
            _("The passphrase could not be kept in the credential store ({reason}).").format(
                reason=type(exc).__name__
            )
        ) from None


def keychain_forget(path: Path) -> None:
    """Remove any passphrase kept for ``path`` (nothing happens if there is none)."""
    if not keychain_available():
        return
    import keyring

    # Nothing kept, or the store is gone: both fine.
    with contextlib.suppress(Exception):
        keyring.delete_password(KEYCHAIN_SERVICE, _account(path))
