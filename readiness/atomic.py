"""Writing files so a crash never leaves half of one: a temporary file, fsync, then a rename.

The temporary file sits in the destination folder (so the rename is atomic on the same
file system) under a neutral name (``.readiness-XXXX.part``: never the service user's
code), and is removed if anything goes wrong, including a cancel. ``atomic_writer``
suits streaming exports; ``write_bytes_atomic`` whole documents such as PDFs.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, overload

from readiness.errors import ReadinessError
from readiness.messages import M_

PREFIX = ".readiness-"
SUFFIX = ".part"


def _check_folder(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise ReadinessError(
            M_("{path}: the folder {folder} does not exist", path=str(path), folder=str(folder))
        )
    if path.is_dir():
        raise ReadinessError(M_("{path}: this is a folder, not a file", path=str(path)))


@overload
def atomic_writer(
    path: Path,
    mode: Literal["w"],
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_writer(
    path: Path,
    mode: Literal["wb"],
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def atomic_writer(
    path: Path,
    mode: str = "w",
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]:
    """A file handle whose content replaces ``path`` only when the block ends without error.

    (``readiness.protection.sealed_output`` seals the content as it is written.)
    """
    return _writer(Path(path), mode, encoding, newline)


@contextlib.contextmanager
def _writer(path: Path, mode: str, encoding: str, newline: str | None) -> Iterator[IO[Any]]:
    _check_folder(path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=PREFIX, suffix=SUFFIX, dir=path.parent)
    except OSError as exc:
        raise ReadinessError(
            M_(
                "{path}: cannot write in {folder} ({reason})",
                path=str(path),
                folder=str(path.parent),
                reason=exc.strerror or str(exc),
            )
        ) from None
    temp = Path(temp_name)
    try:
        if "b" in mode:
            handle = os.fdopen(fd, mode)
        else:
            handle = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _set_permissions(temp, path)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _set_permissions(temp: Path, path: Path) -> None:
    """Keep a replaced file's permissions; a new file stays readable by its owner only.

    mkstemp creates files with mode 0600, which suits reports and exports holding
    personal data on a shared computer.
    """
    try:
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
    except OSError:
        pass  # permissions are a courtesy; the content is what matters


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible or needed on Windows."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    try:
        with atomic_writer(Path(path), "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise ReadinessError(
            M_(
                "{path}: could not be written ({reason})",
                path=str(path),
                reason=exc.strerror or str(exc),
            )
        ) from None
