"""The operating system's credential store, where the passphrase may be kept if the agency allows.

Only a real store is used (never keyring's fail, null or plaintext back ends). The
account is the database file's full path, so two databases keep two passphrases.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from readiness.errors import ReadinessError
from readiness.messages import M_
from readiness.store.keys import DatabaseKey

KEYCHAIN_SERVICE = "Readiness database"


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
        raise ReadinessError(M_("This computer has no credential store the app can use."))
    import keyring

    try:
        keyring.set_password(KEYCHAIN_SERVICE, _account(path), key.secret)
    except Exception as exc:
        raise ReadinessError(
            M_(
                "The passphrase could not be kept in the credential store ({reason}).",
                reason=type(exc).__name__,
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
