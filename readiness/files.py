"""Reading a file a person or an agency hands the app: one reader at every door.

Assessment documents, questionnaires, rules, thresholds, settings, keys, certificates,
logos, passphrase files and files to seal or open all come in through here, each as a
``FileKind`` with its own size cap (and, for JSON, its own nesting cap). The reader

- takes regular files only: the path is looked at (``os.stat``) before it is opened,
  so a pipe (FIFO), a device such as ``/dev/zero``, a socket or a folder is refused by
  name instead of hanging or reading forever; the file is opened without blocking
  and looked at once more, so one swapped for a pipe in between is refused too;
- reads at most one byte past the cap, so a file that grows while it is read is
  refused as too large;
- for text, wants UTF-8 (a leading byte-order mark is dropped, line ends made ``\\n``);
- for JSON, takes plain data only: ``NaN``, ``Infinity``, numbers too large for a
  float (``1e309``, or a whole number of over 309 digits), a key twice in one object
  and nesting deeper than the kind allows are refused. YAML goes through
  ``readiness.safe_yaml``, which has caps of its own.

Every refusal is the caller's ``ReadinessError`` type with one sentence that names
the file and says what is wrong, kept as a ``Message`` for the GUI's language.
Checking the values against a schema is the next step, and the caller's.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from readiness.errors import ReadinessError
from readiness.messages import M_, N_, Message

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class FileKind:
    """What a file should be: its name for messages, its size cap and its nesting cap."""

    what: str
    """English, marked with ``N_`` ("an assessment document"); translated in messages."""
    max_bytes: int
    max_depth: int = 32
    """How deeply its JSON may nest (objects and lists inside one another)."""


DOCUMENT = FileKind(N_("an assessment document (JSON)"), 20 * MIB, max_depth=64)
JSON_EXPORT = FileKind(
    N_("an assessment document or a Readiness export (JSON)"), 2 * 1024 * MIB, max_depth=65
)
"""What ``readiness assessment import`` takes: one document, or an export's array of them."""
QUESTIONNAIRE = FileKind(N_("a questionnaire"), 512 * KIB)
RULES = FileKind(N_("a rules file (YAML)"), 1 * MIB)
THRESHOLDS = FileKind(N_("a thresholds file (YAML)"), 1 * MIB)
SETTINGS = FileKind(N_("a settings file"), 1 * MIB)
PUBLIC_KEY = FileKind(N_("the agency's public key"), 64 * KIB)
PRIVATE_KEY = FileKind(N_("the agency's private key"), 64 * KIB)
LOGO = FileKind(N_("a logo"), 5 * MIB)
PASSPHRASE = FileKind(N_("a passphrase file"), 4 * KIB)
CERTIFICATES = FileKind(N_("a certificate file"), 256 * KIB)
"""The agency's CA certificates (PEM) a laptop trusts its hub by."""
TO_SEAL = FileKind(N_("a file to seal"), 4 * 1024 * MIB)
SEALED = FileKind(N_("a sealed file"), 4 * 1024 * MIB)
"""Sealing streams a file in chunks: twice the largest export (a sealed one is a little
larger than the export in it), only to refuse what no export is."""

MAX_DIGITS = 309
"""The most digits a whole number may have: no float holds a larger one (1e309 is infinite)."""

_NOT_A_FILE = {
    stat.S_IFIFO: N_("a pipe"),
    stat.S_IFCHR: N_("a device"),
    stat.S_IFBLK: N_("a device"),
    stat.S_IFSOCK: N_("a socket"),
}
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a pipe swapped in after the look cannot block the open
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: bytes as they are
)


def _refused(path: Path | str, reason: Message, error: type[ReadinessError]) -> ReadinessError:
    return error(M_("{path}: {reason}", path=str(path), reason=reason))


def _not_regular(mode: int, kind: FileKind) -> Message:
    if stat.S_ISDIR(mode):
        return M_("this is a folder, not {what}", what=Message(kind.what))
    thing = _NOT_A_FILE.get(stat.S_IFMT(mode), N_("a special file"))
    return M_(
        "this is {thing}, not a file saved on disk; only a file can be {what}",
        thing=Message(thing),
        what=Message(kind.what),
    )


def _opened(path: Path, kind: FileKind, error: type[ReadinessError]) -> BinaryIO:
    """The regular file ``path`` opened to read bytes: looked at before it is opened and
    once more after, never a pipe, a device or a folder, never larger than its cap."""
    try:
        mode, size = _looked_at(os.stat(path))
        if not stat.S_ISREG(mode):
            raise _refused(path, _not_regular(mode, kind), error)
        if size > kind.max_bytes:
            raise _refused(path, _too_large(kind), error)
        handle = os.fdopen(os.open(path, _OPEN_FLAGS), "rb")
    except FileNotFoundError:
        raise _refused(path, M_("no such file"), error) from None
    except ValueError:  # a NUL character: no file can have this name
        raise _refused(path, M_("no such file"), error) from None
    except OSError as exc:
        raise _refused(path, _cannot_read(exc), error) from None
    mode, _size = _looked_at(os.fstat(handle.fileno()))
    if not stat.S_ISREG(mode):  # swapped for something else since it was looked at
        handle.close()
        raise _refused(path, _not_regular(mode, kind), error)
    return handle


@contextlib.contextmanager
def open_file(
    path: Path, kind: FileKind, *, error: type[ReadinessError] = ReadinessError
) -> Iterator[BinaryIO]:
    """The regular file ``path`` opened to read bytes as they come (a file to seal or
    open); refused as ``read_file_bytes`` refuses. Reading it is the caller's."""
    with _opened(path, kind, error) as handle:
        yield handle


def read_file_bytes(
    path: Path, kind: FileKind, *, error: type[ReadinessError] = ReadinessError
) -> bytes:
    """The bytes of the regular file ``path``, at most ``kind.max_bytes`` of them."""
    with _opened(path, kind, error) as handle:
        try:
            raw = handle.read(kind.max_bytes + 1)
        except OSError as exc:
            raise _refused(path, _cannot_read(exc), error) from None
    if len(raw) > kind.max_bytes:
        raise _refused(path, _too_large(kind), error)
    return raw


def _too_large(kind: FileKind) -> Message:
    return M_("this file is too large to be {what}", what=Message(kind.what))


def _cannot_read(exc: OSError) -> Message:
    return M_("cannot read the file ({reason})", reason=exc.strerror or type(exc).__name__)


def _looked_at(found: os.stat_result) -> tuple[int, int]:
    return found.st_mode, found.st_size


def decode_text(
    raw: bytes, path: Path | str, kind: FileKind, *, error: type[ReadinessError] = ReadinessError
) -> str:
    """``raw`` as UTF-8 text (a leading BOM dropped, line ends made "\\n")."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        reason = M_("not a text file (expected UTF-8 text for {what})", what=Message(kind.what))
        raise _refused(path, reason, error) from None
    # As text mode reads it: Windows and old Mac line ends become "\n".
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(
    path: Path, kind: FileKind, *, error: type[ReadinessError] = ReadinessError
) -> str:
    """The UTF-8 text of the regular file ``path`` (see ``read_file_bytes``, ``decode_text``)."""
    return decode_text(read_file_bytes(path, kind, error=error), path, kind, error=error)


def read_json_file(
    path: Path, kind: FileKind, *, error: type[ReadinessError] = ReadinessError
) -> Any:
    """The plain data in the JSON file ``path`` (see ``parse_json``)."""
    return parse_json(read_text_file(path, kind, error=error), str(path), kind, error=error)


class _Refusal(ValueError):
    """Raised inside the JSON parser; ``reason`` says what is wrong."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason.msgid)
        self.reason = reason


def _not_finite(_text: str) -> float:
    raise _Refusal(M_("holds NaN or Infinity; only ordinary numbers are allowed"))


_TOO_LARGE = M_("holds a number too large to be read")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e309 and the like
        raise _Refusal(_TOO_LARGE)
    return number


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:  # refused before Python works out a huge number
        raise _Refusal(_TOO_LARGE)
    return int(text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            shown = shown_key(key, quote=True)
            raise _Refusal(M_("the key {key} appears twice in one object", key=shown))
        found[key] = value
    return found


def escaped(text: str, limit: int = 1000) -> str:
    """``text`` for a one-line message: hidden characters written as escapes (``\\n``,
    ``\\x1b``, ``\\u202e``), cut short after ``limit`` characters."""
    shown = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text[:limit])
    return shown + ("..." if len(text) > limit else "")


def shown_key(key: object, *, quote: bool = False, limit: int = 40) -> str:
    """A key or id read from a file, as a message shows it: as it is (quoted with
    ``quote``) when it is short printable text, else quoted with hidden characters
    escaped and cut short. A file may hold escape codes that recolour a terminal,
    text-direction changes that reorder a line, or whole pages pasted in."""
    text = str(key)
    if len(text) <= limit and text.isprintable():
        return repr(text) if quote else text
    return repr(text[:limit]) + ("..." if len(text) > limit else "")


def parse_json(
    text: str, source: str, kind: FileKind, *, error: type[ReadinessError] = ReadinessError
) -> Any:
    """Plain data from JSON ``text``; ``source`` (a file name) names it in messages."""
    too_deep = M_(
        "nested more than {levels} levels deep, deeper than {what} ever is",
        levels=kind.max_depth,
        what=Message(kind.what),
    )
    try:
        data = json.loads(
            text,
            parse_constant=_not_finite,
            parse_float=_finite,
            parse_int=_whole,
            object_pairs_hook=_unique_keys,
        )
    except _Refusal as refusal:
        raise _refused(source, refusal.reason, error) from None
    except json.JSONDecodeError as exc:
        reason = M_(
            "not valid JSON (line {line}, column {column}: {problem})",
            line=exc.lineno,
            column=exc.colno,
            problem=exc.msg,
        )
        raise _refused(source, reason, error) from None
    except RecursionError:
        raise _refused(source, too_deep, error) from None
    if depth_over(data, kind.max_depth):
        raise _refused(source, too_deep, error)
    return data


def depth_over(data: Any, limit: int) -> bool:
    """Whether lists and objects in ``data`` nest more than ``limit`` levels (no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, level = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict | list):
            if level > limit:
                return True
            stack.extend((child, level + 1) for child in children)
    return False


def read_secret(
    path: Path, *, error: type[ReadinessError] = ReadinessError
) -> tuple[str, str | None]:
    """The first line of the passphrase or password file ``path`` (surrounding whitespace
    ignored; an empty one is refused), and a warning to show when people other than its
    owner may read it: anyone who can read it can use it. The file is still used."""
    lines = read_text_file(path, PASSPHRASE, error=error).splitlines()
    first = lines[0].strip() if lines else ""
    if not first:
        raise error(f"{path}: the passphrase file is empty")
    if not others_can_read(path):
        return first, None
    return first, (
        f"{path}: other people on this computer can read this passphrase file; "
        f"make it private (chmod 600 {path})"
    )


def others_can_read(path: Path) -> bool:
    """Whether people other than the file's owner may read it (never on Windows, where
    the permission bits do not say)."""
    if os.name == "nt":
        return False
    try:
        return bool(os.stat(path).st_mode & (stat.S_IRGRP | stat.S_IROTH))
    except OSError:
        return False
