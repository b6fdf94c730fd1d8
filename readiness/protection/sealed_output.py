"""Writing an export file: sealed to the agency's key when one is given, always atomically.

``output_file`` is what every export (CSV, JSON, FHIR, the summary, the audit log)
writes through. Without a key it is ``readiness.atomic.atomic_writer``; with one, the
content is encrypted as it is written (``readiness.protection.sealing``), so no
plain copy ever reaches the disk. A block that fails leaves no file: the
unfinished sealed stream is dropped without its final chunk, and the temporary
file is removed.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, overload

from readiness.atomic import atomic_writer
from readiness.protection.sealing import SEALED_SUFFIX, AgencyPublicKey, SealingWriter


def sealed_name(path: Path) -> Path:
    """``path`` ending in ``.sealed`` (added if it is not there), so no program takes the
    sealed file for the plain kind its first name says (a PDF viewer would call it damaged)."""
    path = Path(path)
    if path.name.lower().endswith(SEALED_SUFFIX):
        return path
    return path.with_name(path.name + SEALED_SUFFIX)


@overload
def output_file(
    path: Path,
    mode: Literal["w"],
    *,
    seal: AgencyPublicKey | None,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def output_file(
    path: Path,
    mode: Literal["wb"],
    *,
    seal: AgencyPublicKey | None,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def output_file(
    path: Path,
    mode: str = "w",
    *,
    seal: AgencyPublicKey | None,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]:
    """A handle whose content replaces ``path`` when the block ends; sealed to ``seal`` if given."""
    if seal is None:
        if mode == "wb":
            return atomic_writer(Path(path), "wb")
        return atomic_writer(Path(path), "w", encoding=encoding, newline=newline)
    return _sealed(Path(path), mode, seal, encoding, newline)


@contextlib.contextmanager
def _sealed(
    path: Path, mode: str, seal: AgencyPublicKey, encoding: str, newline: str | None
) -> Iterator[IO[Any]]:
    with atomic_writer(path, "wb") as raw:
        sealer = SealingWriter(raw, seal)
        buffered = io.BufferedWriter(sealer)
        handle: IO[Any] = (
            buffered
            if "b" in mode
            else io.TextIOWrapper(buffered, encoding=encoding, newline=newline)
        )
        try:
            yield handle
        except BaseException:
            # Never finish an unfinished stream: detached, the wrappers cannot write the
            # final chunk when they are collected, so a part can never pass as a whole.
            with contextlib.suppress(Exception):
                if isinstance(handle, io.TextIOWrapper):
                    handle.detach()
                buffered.detach()
            raise
        handle.close()  # flushes, then writes the final, authenticated chunk
