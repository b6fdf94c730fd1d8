"""Reading a text file a person chose (an import, an agency file): one clear message per problem.

Every failure (missing, a folder, too large, not UTF-8 text, unreadable) becomes
the caller's ``ReadinessError`` type with a message that names the file. The size
limit stops a huge or hostile file before it is read into memory: the size is
checked first, and then at most one byte past the limit is ever read, so a file
that grows while it is read, a device such as ``/dev/zero`` or an endless pipe is
refused too (a pipe, as from a shell's ``<(...)``, is otherwise read as usual).
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
    """The UTF-8 text of ``path`` (a leading BOM is dropped, line ends made "\\n").

    ``kind`` names what the file should be, for the messages.
    """
    too_large = error(f"{path}: the file is too large to be {kind}")
    try:
        if path.stat().st_size > max_bytes:
            raise too_large
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise too_large
        text = raw.decode("utf-8-sig")
        # As text mode reads it: Windows and old Mac line ends become "\n".
        return text.replace("\r\n", "\n").replace("\r", "\n")
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a file") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not a text file (expected UTF-8 {kind})") from None
    except OSError as exc:
        raise error(f"{path}: cannot read the file ({exc.strerror or exc})") from None
