"""The self-test's data-protection steps: the encrypted database, encryption and sealed
exports with ``cryptography``, and the credential store (``keyring``).

Part of ``readiness --self-test`` (``readiness.selftest`` runs the steps). Each step
proves that a library the frozen app needs for protecting health information is in
the app and works, with the fictional sample assessment and throwaway keys: a random
database key, a random AES key, and ``selftest_key.pem``, a 3072-bit RSA key made once
for the self-test. Nothing is read from or written to the worker's credential store.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readiness.selftest_context import SelfTestContext

SEAL_KEY_FILE = "selftest_key.pem"
"""A throwaway RSA key made once for the self-test (making one takes 0.1 to 1 s). It ships
with the app, so it is not secret: it only proves that sealing works here."""
SQLITE_MAGIC = b"SQLite format 3\x00"
"""How a plain (unencrypted) SQLite file begins."""
KEYRING_BACKENDS = {"linux": "SecretService", "darwin": "macOS", "win32": "Windows"}
"""The ``keyring.backends`` entry point that serves each system's credential store."""


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """A document's plain data with its facts in a fixed order (the store keeps its own order)."""
    return {
        key: sorted(value, key=lambda entry: json.dumps(entry, sort_keys=True))
        if key in ("answers", "check_results")
        else value
        for key, value in data.items()
    }


def check_encrypted_database(context: SelfTestContext) -> str:
    from readiness.document import to_dict
    from readiness.errors import LockedDatabaseError
    from readiness.questionnaire.loader import load_builtin
    from readiness.store import repository
    from readiness.store.database import open_database
    from readiness.store.importing import import_document
    from readiness.store.keys import DatabaseKey

    path = context.workdir / "self-test.db"
    family = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    for leftover in family:
        leftover.unlink(missing_ok=True)  # from an earlier run in the same folder
    # A random raw key, as the app's own keys: no key stretching, so the step stays fast.
    key = DatabaseKey.from_bytes(os.urandom(32))
    db = open_database(path, key=key)
    try:
        import_document(db, context.sample, instruments=load_builtin().instruments)
        cipher = db.execute("PRAGMA cipher_version").fetchone()
    finally:
        db.close()
    db = open_database(path, key=key)  # a new connection: the sample comes back off the disk
    try:
        reloaded = repository.load_document(db, context.sample.assessment.id)
    finally:
        db.close()
    if _comparable(to_dict(reloaded)) != _comparable(to_dict(context.sample)):
        raise AssertionError("the sample assessment read back differs from the one saved")
    on_disk = b"".join(part.read_bytes() for part in family if part.exists())
    marker = context.sample.service_user.code.encode()  # plain SQLite would store it as is
    if on_disk.startswith(SQLITE_MAGIC) or marker in on_disk:
        raise AssertionError(
            "the database file is not encrypted: it holds the sample in plain text"
        )
    try:
        open_database(path, key=DatabaseKey.from_bytes(os.urandom(32))).close()
    except LockedDatabaseError:
        pass
    else:
        raise AssertionError("a wrong key opened the encrypted database")
    return (
        f"saved and reloaded a sample assessment ({len(reloaded.answers)} answers, "
        f"{len(reloaded.check_results)} check results, a plan) in a database encrypted with "
        f"SQLCipher {cipher[0] if cipher else '?'}; no plain text on disk, a wrong key refused"
    )


def check_encryption(context: SelfTestContext) -> str:
    from cryptography import __version__ as cryptography_version
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.backends.openssl.backend import backend
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from readiness.document import to_json

    plain = to_json(context.sample).encode()
    marker = context.sample.service_user.code.encode()
    key, nonce, context_data = AESGCM.generate_key(bit_length=256), os.urandom(12), b"self-test"
    sealed = AESGCM(key).encrypt(nonce, plain, context_data)
    if marker in sealed or AESGCM(key).decrypt(nonce, sealed, context_data) != plain:
        raise AssertionError("AES-256-GCM did not hide the sample or did not give it back")
    try:
        AESGCM(key).decrypt(nonce, _changed(sealed), context_data)
    except InvalidTag:
        pass
    else:
        raise AssertionError("AES-256-GCM accepted a changed message")
    done = f"AES-256-GCM sealed and opened the sample ({len(plain) // 1024} KB), refused a change"
    if importlib.util.find_spec("readiness.protection.sealing") is not None:
        done += "; " + _seal_and_unseal(context.workdir, plain, marker)
    return f"{done} (cryptography {cryptography_version}, {backend.openssl_version_text()})"


def _changed(data: bytes) -> bytes:
    """``data`` with one bit of its first byte flipped."""
    return bytes([data[0] ^ 1]) + data[1:]


def _seal_and_unseal(workdir: Path, plain: bytes, marker: bytes) -> str:
    """Seal a file to the self-test's throwaway RSA key, then open it again."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from readiness.protection import sealing

    pem = resources.files("readiness").joinpath(SEAL_KEY_FILE).read_bytes()
    # Checking the primes of a known key would cost 0.15 s and prove nothing about this app.
    private_key = load_pem_private_key(pem, password=None, unsafe_skip_rsa_key_validation=True)
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise AssertionError(f"{SEAL_KEY_FILE} does not hold an RSA key")
    public_key = sealing.AgencyPublicKey.from_key(private_key.public_key())
    source, sealed, opened = (workdir / name for name in ("export.json", "sealed", "opened"))
    source.write_bytes(plain)
    sealing.seal_file(source, sealed, public_key)
    if marker in sealed.read_bytes():
        raise AssertionError("the sealed export holds the sample in plain text")
    sealing.unseal_file(sealed, opened, private_key)
    if opened.read_bytes() != plain:
        raise AssertionError("the sealed export did not open to the same file")
    opened.unlink()
    sealed.write_bytes(_changed(sealed.read_bytes()))
    try:
        sealing.unseal_file(sealed, opened, private_key)
    except sealing.SealError:
        pass
    else:
        raise AssertionError("a changed sealed export opened")
    if opened.exists():
        raise AssertionError("a changed sealed export left a file behind")
    return f"sealed an export to a {private_key.key_size}-bit RSA key, opened it, refused a change"


def check_credential_store(context: SelfTestContext) -> str:  # noqa: ARG001
    from importlib.metadata import entry_points

    import keyring

    from readiness.protection.keychain import keychain_available

    names = {point.name: point for point in entry_points(group="keyring.backends")}
    wanted = KEYRING_BACKENDS.get(sys.platform)
    if wanted is not None:
        if wanted not in names:
            raise AssertionError(
                f"keyring's {wanted} backend is not registered (its entry points are missing)"
            )
        names[wanted].load()  # the module and what it imports, without touching any secret
    backend = keyring.get_keyring()  # asks each backend whether it works here; reads nothing
    in_use = (
        f"{type(backend).__module__.removeprefix('keyring.backends.')}.{type(backend).__name__}"
    )
    usable = "usable" if keychain_available() else "none usable here"
    return f"keyring backends {', '.join(sorted(names))}; in use: {in_use} ({usable})"
