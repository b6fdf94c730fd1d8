"""The agency's RSA key pair: making it, and reading its public and private halves.

The agency makes one key pair (``readiness agency-keys``): the private key stays
with the agency, encrypted with a passphrase (PKCS#8, 0600); the public key goes
into every laptop's Settings, and exports are sealed to it (``readiness.protection.sealing``).
Keys must be RSA with at least 3072 bits (NIST SP 800-57: 128-bit security). Every
problem with a key file (missing, not PEM, a private key where the public one
belongs, not RSA, too small, wrong passphrase) is one clear ``SealError`` naming it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from readiness.errors import ReadinessError
from readiness.files import PRIVATE_KEY, PUBLIC_KEY, FileKind, read_file_bytes
from readiness.messages import M_, Message
from readiness.protection.passphrase import check_new_passphrase

MIN_RSA_BITS = 3072


class SealError(ReadinessError):
    """A key or a sealed file cannot be used; the message names the file."""


@dataclass(frozen=True)
class AgencyPublicKey:
    """The agency's RSA public key and its fingerprint (to check by phone or email)."""

    key: rsa.RSAPublicKey
    fingerprint: bytes
    """SHA-256 of the key's SubjectPublicKeyInfo DER: also written in every sealed file."""

    @classmethod
    def from_key(cls, key: rsa.RSAPublicKey) -> AgencyPublicKey:
        return cls(key, fingerprint_of(key))

    @property
    def bits(self) -> int:
        return self.key.key_size

    @property
    def fingerprint_text(self) -> str:
        """The fingerprint as 16 groups of 4 hex digits, easy to read aloud."""
        text = self.fingerprint.hex()
        return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def fingerprint_of(key: rsa.RSAPublicKey) -> bytes:
    """SHA-256 of the public key in SubjectPublicKeyInfo DER form."""
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).digest()


def load_public_key(path: Path | str) -> AgencyPublicKey:
    """The agency's RSA public key from a PEM file (a public key or a certificate)."""
    path = Path(path)
    data = _read_key_file(path, PUBLIC_KEY)
    if b"PRIVATE KEY" in data:
        raise SealError(
            M_(
                "{path}: this is a private key. Use the agency's public key here; the private "
                "key must stay with the agency.",
                path=str(path),
            )
        )
    key: object
    try:
        if b"BEGIN CERTIFICATE" in data:
            from cryptography import x509

            key = x509.load_pem_x509_certificate(data).public_key()
        else:
            key = serialization.load_pem_public_key(data)
    except Exception:  # cryptography raises ValueError or UnsupportedAlgorithm
        raise SealError(
            M_(
                "{path}: this is not a public key file (PEM). It should start with "
                "-----BEGIN PUBLIC KEY-----.",
                path=str(path),
            )
        ) from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise SealError(_not_rsa(path))
    _check_size(key.key_size, path)
    if fingerprint_of(key) == _selftest_fingerprint():
        raise SealError(
            M_(
                "{path}: this is the app's self-test key, which is public: anyone could "
                "open files sealed to it. Use your agency's own key.",
                path=str(path),
            )
        )
    return AgencyPublicKey.from_key(key)


def _selftest_fingerprint() -> bytes:
    """Fingerprint of the throwaway key shipped for ``--self-test`` (never an agency key)."""
    from importlib import resources

    pem = resources.files("readiness").joinpath("selftest_key.pem").read_bytes()
    private = serialization.load_pem_private_key(pem, password=None)
    return fingerprint_of(private.public_key())  # type: ignore[arg-type]


def private_key_needs_passphrase(path: Path | str) -> bool:
    """Whether the private key file at ``path`` is protected by a passphrase."""
    data = _read_key_file(Path(path), PRIVATE_KEY)
    return b"ENCRYPTED" in data


def load_private_key(path: Path | str, password: str | None = None) -> rsa.RSAPrivateKey:
    """The agency's RSA private key from a PEM file, opened with ``password`` if it has one."""
    path = Path(path)
    data = _read_key_file(path, PRIVATE_KEY)
    secret = password.encode("utf-8") if password else None
    try:
        try:
            key = serialization.load_pem_private_key(data, secret)
        except TypeError:
            if secret is None:
                message = M_(
                    "{path}: this private key is protected by a passphrase; please enter it.",
                    path=str(path),
                )
                raise SealError(message) from None
            key = serialization.load_pem_private_key(data, None)  # it has no passphrase
    except SealError:
        raise
    except Exception:
        if b"ENCRYPTED" in data and secret is not None:
            message = M_("{path}: the passphrase does not open this private key.", path=str(path))
        else:
            message = M_("{path}: this is not a private key file (PEM).", path=str(path))
        raise SealError(message) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SealError(_not_rsa(path))
    _check_size(key.key_size, path)
    return key


def generate_agency_keypair(
    private_path: Path | str, public_path: Path | str, passphrase: str, *, bits: int = MIN_RSA_BITS
) -> AgencyPublicKey:
    """Make the agency's key pair: the private key (0600, encrypted with ``passphrase``) and
    the public key to give to every laptop. Existing files are never overwritten."""
    private_path, public_path = Path(private_path), Path(public_path)
    check_new_passphrase(passphrase)
    if bits < MIN_RSA_BITS:
        raise ValueError(f"an agency key needs at least {MIN_RSA_BITS} bits")
    for path in (private_path, public_path):
        if path.exists():
            raise SealError(
                M_(
                    "{path}: a file with this name already exists; keys are never overwritten.",
                    path=str(path),
                )
            )
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    written: list[Path] = []
    try:
        for path, data, mode in (
            (private_path, private_pem, 0o600),
            (public_path, public_pem, 0o644),
        ):
            _write_new(path, data, mode)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return AgencyPublicKey.from_key(key.public_key())


def _read_key_file(path: Path, kind: FileKind) -> bytes:
    """A key file, read as every file handed to the app is (``readiness.files``): a
    regular file only (never a pipe or ``/dev/zero``), at most 64 KB."""
    return read_file_bytes(path, kind, error=SealError)


def _not_rsa(path: Path) -> Message:
    return M_(
        "{path}: this is not an RSA key; sealing needs an RSA key of at least {bits} bits.",
        path=str(path),
        bits=MIN_RSA_BITS,
    )


def _check_size(bits: int, path: Path) -> None:
    if bits < MIN_RSA_BITS:
        raise SealError(
            M_(
                "{path}: this RSA key has only {size} bits; sealing needs at least {bits}. "
                "Ask the agency for a new key.",
                path=str(path),
                size=bits,
                bits=MIN_RSA_BITS,
            )
        )


def cannot_write(path: Path, exc: OSError) -> Message:
    """The message for a file that could not be written (``readiness.protection.sealing`` too)."""
    return M_(
        "{path}: the file cannot be written ({reason}).",
        path=str(path),
        reason=exc.strerror or type(exc).__name__,
    )


def _write_new(path: Path, data: bytes, mode: int) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(path, mode)
    except FileExistsError:
        raise SealError(
            M_(
                "{path}: a file with this name already exists; keys are never overwritten.",
                path=str(path),
            )
        ) from None
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise SealError(cannot_write(path, exc)) from None
