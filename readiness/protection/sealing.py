"""Sealed exports: a file encrypted to the agency's public key, which this laptop cannot open.

Envelope encryption with the ``cryptography`` package. Each sealed file gets a
fresh random 256-bit key; the content is encrypted with AES-256-GCM in chunks (a
1 GB export never needs 1 GB of memory), and the key is wrapped with RSA-OAEP
(SHA-256) under the agency's public key (RSA, at least 3072 bits). Only the
wrapped key is written: the laptop keeps no copy, so once sealed it cannot read the
export back; the agency opens it with its private key (``readiness unseal``).

Format, version 1 (all integers big-endian)::

    magic  8 bytes  b"\\x89RDSEAL\\n"  (the high byte and newline reveal text-mode damage)
    version 1 byte  1
    chunk   4 bytes plaintext bytes per chunk
    key id 32 bytes SHA-256 of the public key (SubjectPublicKeyInfo DER)
    length  2 bytes length of the wrapped key
    wrapped         RSA-OAEP-SHA256(data key)
    chunks          AES-256-GCM(chunk i) with its 16-byte tag

Chunk ``i`` uses the nonce ``i`` (12 bytes; safe because the key is never reused)
and the associated data ``header || i (8 bytes) || final (1 byte)``. Every chunk but
the last holds exactly ``chunk`` bytes; the last holds fewer (possibly none) and
is marked final. So any changed byte (header included), a truncation, an
appended byte or swapped chunks all fail authentication, and ``unseal_file``
writes to a temporary file that is renamed only when the whole file checked out:
no partial plaintext is ever left behind.
"""

from __future__ import annotations

import contextlib
import io
import os
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from readiness.files import SEALED, TO_SEAL, open_file
from readiness.messages import M_, Message, MessageArg
from readiness.progress import CancelToken, Progress, no_progress
from readiness.protection.agency_keys import (
    MIN_RSA_BITS,
    AgencyPublicKey,
    SealError,
    cannot_write,
    fingerprint_of,
    generate_agency_keypair,
    load_private_key,
    load_public_key,
    private_key_needs_passphrase,
)

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

    from readiness.settings import LoadedSettings

__all__ = [
    "MIN_RSA_BITS",
    "SEALED_SUFFIX",
    "AgencyPublicKey",
    "SealError",
    "SealingWriter",
    "generate_agency_keypair",
    "load_private_key",
    "load_public_key",
    "plain_export_warning",
    "private_key_needs_passphrase",
    "seal_file",
    "seal_key_for",
    "seal_stream",
    "unseal_file",
    "unseal_stream",
]

MAGIC = b"\x89RDSEAL\n"
VERSION = 1
CHUNK_SIZE = 64 * 1024
MIN_CHUNK, MAX_CHUNK = 16, 16 * 1024 * 1024
SEALED_SUFFIX = ".sealed"
_TAG = 16
_PROGRESS_EVERY = 4 * 1024 * 1024
_FIXED = struct.Struct(">8sBI32sH")
_OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def plain_export_warning() -> Message:
    """What to say before an export is written without sealing."""
    return M_(
        "This export is not sealed. Anyone who gets the file can read it. Set the agency's "
        "public key in Settings to seal exports, or keep this file safe and delete it when "
        "it is no longer needed."
    )


def seal_key_for(loaded: LoadedSettings) -> AgencyPublicKey | None:
    """The agency's public key to seal exports to, or None when Settings set none.

    A key that is set but cannot be used (its file is missing or not a public
    key, or the setting itself was dropped from the settings file as invalid)
    raises ``SealError`` naming the setting and the file: exports are then
    refused rather than written plain.
    """
    where: dict[str, MessageArg] = {"name": "agency_public_key", "file": str(loaded.path)}
    if loaded.problem_with("agency_public_key") is not None:
        raise SealError(
            M_(
                "Exports are refused: the agency's public key (setting {name} in {file}) could "
                "not be read from the settings file. Fix it in Settings, Data protection.",
                **where,
            )
        )
    path = loaded.settings.agency_public_key
    if not path:
        return None
    try:
        return load_public_key(Path(path))
    except SealError as exc:
        raise SealError(
            M_(
                "Exports are refused: the agency's public key (setting {name} in {file}) cannot "
                "be used. {reason}",
                **where,
                reason=exc.message,
            )
        ) from None


# -- sealing ------------------------------------------------------------------------------


class SealingWriter(io.RawIOBase):
    """A writable binary stream that seals what is written into ``target``.

    ``close()`` writes the final chunk (it does not close ``target``). Wrap it in
    ``io.TextIOWrapper`` for text. A writer dropped without ``close()`` (an export
    that failed) is never finished, so its output cannot pass as a whole file.
    """

    def __init__(
        self, target: IO[bytes], public_key: AgencyPublicKey, *, chunk_size: int = CHUNK_SIZE
    ) -> None:
        super().__init__()
        if not MIN_CHUNK <= chunk_size <= MAX_CHUNK:
            raise ValueError(f"chunk_size must be from {MIN_CHUNK} to {MAX_CHUNK}")
        data_key = AESGCM.generate_key(bit_length=256)
        wrapped = public_key.key.encrypt(data_key, _OAEP)
        self._aead: AESGCM | None = AESGCM(data_key)
        del data_key  # only the wrapped copy is kept; the cipher goes at close()
        self._target = target
        self._chunk = chunk_size
        self._header = (
            _FIXED.pack(MAGIC, VERSION, chunk_size, public_key.fingerprint, len(wrapped)) + wrapped
        )
        self._buffer = bytearray()
        self._index = 0
        self._finished = False
        target.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        if self.closed:
            raise ValueError("write to a closed sealing writer")
        view = memoryview(data).cast("B")
        size = len(view)
        start = 0
        if self._buffer:
            start = min(size, self._chunk - len(self._buffer))
            self._buffer += view[:start]
            if len(self._buffer) == self._chunk:
                self._emit(bytes(self._buffer), final=False)
                self._buffer.clear()
        while size - start >= self._chunk:
            self._emit(bytes(view[start : start + self._chunk]), final=False)
            start += self._chunk
        self._buffer += view[start:]
        return size

    def close(self) -> None:
        if not self.closed and not self._finished:
            self._finished = True
            self._emit(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._aead = None
        super().close()

    def __del__(self) -> None:
        self._finished = True  # abandoned: never seal a partial stream as complete
        super().__del__()

    def _emit(self, plain: bytes, *, final: bool) -> None:
        if self._aead is None:
            raise ValueError("write to a closed sealing writer")
        ad = _aad(self._header, self._index, final)
        self._target.write(self._aead.encrypt(_nonce(self._index), plain, ad))
        self._index += 1


def seal_stream(
    source: IO[bytes],
    target: IO[bytes],
    public_key: AgencyPublicKey,
    *,
    chunk_size: int = CHUNK_SIZE,
    total: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> None:
    """Seal everything read from ``source`` into ``target``."""
    sealer = SealingWriter(target, public_key, chunk_size=chunk_size)
    progress(0.0 if total else None, M_("Sealing the export…"))
    done = 0
    while block := source.read(chunk_size):
        if cancel is not None:
            cancel.raise_if_cancelled()
        sealer.write(block)
        done += len(block)
        if done % _PROGRESS_EVERY < len(block):
            progress(min(1.0, done / total) if total else None, M_("Sealing the export…"))
    sealer.close()
    progress(1.0, M_("Sealing the export…"))


def unseal_stream(
    source: IO[bytes],
    target: IO[bytes],
    private_key: rsa.RSAPrivateKey,
    *,
    shown: Path | str = "input",
    total: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> None:
    """Check and decrypt a sealed stream into ``target``.

    ``target`` receives plaintext chunk by chunk, before the end is checked: on a
    ``SealError`` the caller must discard it (``unseal_file`` does).
    """
    header, chunk_size, fingerprint, wrapped = _read_header(source, shown)
    if fingerprint != fingerprint_of(private_key.public_key()):
        raise SealError(
            M_(
                "{path}: this file was sealed for a different agency key, or it was changed; "
                "it cannot be opened with this private key.",
                path=str(shown),
            )
        )
    try:
        data_key = private_key.decrypt(wrapped, _OAEP)
    except ValueError:
        raise SealError(_damaged(shown)) from None
    if len(data_key) != 32:
        raise SealError(_damaged(shown))
    aead = AESGCM(data_key)
    index, done = 0, len(header)
    while True:
        if cancel is not None:
            cancel.raise_if_cancelled()
        block = _read_exactly(source, chunk_size + _TAG)
        final = len(block) < chunk_size + _TAG
        try:
            target.write(aead.decrypt(_nonce(index), block, _aad(header, index, final)))
        except InvalidTag:
            raise SealError(_damaged(shown)) from None
        done += len(block)
        if final:
            progress(1.0, M_("Opening the sealed file…"))
            return
        if done % _PROGRESS_EVERY < len(block):
            progress(min(1.0, done / total) if total else None, M_("Opening the sealed file…"))
        index += 1


def seal_file(
    source: Path | str,
    target: Path | str,
    public_key: AgencyPublicKey | Path | str,
    *,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> AgencyPublicKey:
    """Seal the file ``source`` into ``target`` (written whole or not at all).

    ``public_key`` is a loaded key or the path of its PEM file. Returns the key
    used, so its fingerprint can be shown.
    """
    source, target = Path(source), Path(target)
    if not isinstance(public_key, AgencyPublicKey):
        public_key = load_public_key(public_key)
    with open_file(source, TO_SEAL, error=SealError) as reader, _atomic(target) as writer:
        seal_stream(
            reader,
            writer,
            public_key,
            chunk_size=chunk_size,
            total=_size(source),
            progress=progress,
            cancel=cancel,
        )
    return public_key


def unseal_file(
    source: Path | str,
    target: Path | str,
    private_key: rsa.RSAPrivateKey | Path | str,
    password: str | None = None,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> None:
    """Open the sealed file ``source`` into ``target``; nothing is written unless it all checks."""
    source, target = Path(source), Path(target)
    if not isinstance(private_key, rsa.RSAPrivateKey):
        private_key = load_private_key(private_key, password)
    with open_file(source, SEALED, error=SealError) as reader, _atomic(target) as writer:
        unseal_stream(
            reader,
            writer,
            private_key,
            shown=source,
            total=_size(source),
            progress=progress,
            cancel=cancel,
        )


# -- the parts ----------------------------------------------------------------------------


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if final else 0)


def _damaged(path: Path | str) -> Message:
    return M_(
        "{path}: the sealed file was changed or damaged; it cannot be opened.", path=str(path)
    )


def _read_exactly(source: IO[bytes], size: int) -> bytes:
    """``size`` bytes, or fewer only at the end (pipes may return short reads)."""
    parts, remaining = [], size
    while remaining:
        part = source.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _read_header(source: IO[bytes], shown: Path | str) -> tuple[bytes, int, bytes, bytes]:
    fixed = _read_exactly(source, _FIXED.size)
    if len(fixed) < _FIXED.size or not fixed.startswith(MAGIC):
        raise SealError(
            M_("{path}: this is not a sealed Readiness file; it cannot be opened.", path=str(shown))
        )
    _magic, version, chunk_size, fingerprint, length = _FIXED.unpack(fixed)
    if version != VERSION:
        raise SealError(
            M_(
                "{path}: this sealed file was made by a newer version of Readiness; "
                "it cannot be opened here.",
                path=str(shown),
            )
        )
    if not MIN_CHUNK <= chunk_size <= MAX_CHUNK or not MIN_RSA_BITS // 8 <= length <= 2048:
        raise SealError(_damaged(shown))
    wrapped = _read_exactly(source, length)
    if len(wrapped) < length:
        raise SealError(_damaged(shown))
    return fixed + wrapped, chunk_size, fingerprint, wrapped


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[IO[bytes]]:
    """A 0600 temporary file beside ``path``, renamed onto it only if the block succeeds."""
    if not path.parent.is_dir():
        raise SealError(M_("{path}: the folder does not exist.", path=str(path.parent)))
    if path.is_dir():
        raise SealError(M_("{path}: this is a folder, not a file.", path=str(path)))
    try:
        fd, name = tempfile.mkstemp(prefix=".readiness-", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise SealError(cannot_write(path, exc)) from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise SealError(cannot_write(path, exc)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
