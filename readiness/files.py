"""Reading a text file a person chose (an import, an agency file): one clear message per problem.

Every failure (missing, a folder, too large, not UTF-8 text, unreadable) becomes
the caller's ``ReadinessError`` type with a message that names the file; the size
limit stops a huge or hostile file before it is read into memory.
"""

from __future__ import annotations

from pathlib import Path

from readiness.errors import ReadinessError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def read_text_file(
    path: Path,
    *,
    kind: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    error: type[ReadinessError] = ReadinessError,
) -> str:
    """The UTF-8 text of ``path`` (a leading BOM is dropped); ``kind`` names what it should be."""
    try:
        if path.stat().st_size > max_bytes:
            raise error(f"{path}: the file is too large to be {kind}")
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a file") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not a text file (expected UTF-8 {kind})") from None
    except OSError as exc:
        raise error(f"{path}: cannot read the file ({exc.strerror or exc})") from None
