"""The one reader every file handed to the app goes through (``readiness.files``).

Regular files only (a pipe, a device, a socket or a folder is refused by name, at
once), a size cap per kind, UTF-8 text, and JSON that is plain data: no NaN or
Infinity, no number too large for a float, no key twice, no nesting past the
kind's cap. Every refusal is one line naming the file; nothing here may hang.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness import files
from readiness.errors import DocumentError, ReadinessError
from readiness.files import (
    DOCUMENT,
    SETTINGS,
    FileKind,
    depth_over,
    others_can_read,
    parse_json,
    read_file_bytes,
    read_json_file,
    read_text_file,
)
from readiness.i18n import translator

SMALL = FileKind("a test file", 64, max_depth=4)
QUICK = 5.0


def refused(path: Path, kind: FileKind = SMALL) -> str:
    """The one-line refusal of ``path`` (the test fails if it is read, or takes long)."""
    started = time.monotonic()
    with pytest.raises(ReadinessError) as info:
        read_file_bytes(path, kind)
    assert time.monotonic() - started < QUICK
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A named pipe nobody writes to: opening it to read would wait forever.

    If the reader ever opens it, a watchdog opens it for writing after a few seconds
    so the test fails instead of hanging.
    """
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    done = threading.Event()

    def unblock() -> None:
        if not done.wait(QUICK * 2):
            descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            os.close(descriptor)

    watchdog = threading.Thread(target=unblock, daemon=True)
    watchdog.start()
    yield path
    done.set()
    watchdog.join()


def test_a_pipe_is_refused_at_once_without_being_opened(fifo: Path) -> None:
    assert "this is a pipe, not a file saved on disk" in refused(fifo)


def test_a_device_is_refused_at_once(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    assert "this is a device, not a file saved on disk" in refused(link)
    assert "this is a device" in refused(Path("/dev/zero"))


def test_a_socket_is_refused(tmp_path: Path) -> None:
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets here")
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(path))
        except OSError:
            pytest.skip("cannot make a socket here")
        assert "this is a socket" in refused(path)


def test_a_folder_a_missing_file_and_an_unreadable_one(tmp_path: Path) -> None:
    assert refused(tmp_path).endswith("this is a folder, not a test file")
    assert refused(tmp_path / "nope").endswith("no such file")
    assert refused(tmp_path / "no\x00pe").endswith("no such file")
    locked = tmp_path / "locked"
    locked.write_text("{}", encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("this user reads every file (root)")
        assert "cannot read the file" in refused(locked)
    finally:
        locked.chmod(0o600)


def test_the_size_cap_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * SMALL.max_bytes)
    assert read_file_bytes(path, SMALL) == b"x" * SMALL.max_bytes
    path.write_bytes(b"x" * (SMALL.max_bytes + 1))
    assert refused(path).endswith("this file is too large to be a test file")


def test_text_is_utf8_without_its_bom_and_with_plain_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "t"
    path.write_bytes(b"\xef\xbb\xbfa\r\nb\rc")
    assert read_text_file(path, SMALL) == "a\nb\nc"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(ReadinessError, match="not a text file"):
        read_text_file(path, SMALL)


def test_the_error_type_is_the_callers(tmp_path: Path) -> None:
    with pytest.raises(DocumentError):
        read_json_file(tmp_path / "nope", DOCUMENT, error=DocumentError)


def test_refusals_read_in_spanish_too(fifo: Path) -> None:
    with pytest.raises(ReadinessError) as info:
        read_file_bytes(fifo, SETTINGS)
    spanish = translator("es").render(info.value.message)
    assert spanish == (
        f"{fifo}: esto es una tubería (pipe), no un archivo guardado en el disco; solo un "
        "archivo puede ser un archivo de configuración"
    )


# -- JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"a": NaN}', "holds NaN or Infinity"),
        ('{"a": Infinity}', "holds NaN or Infinity"),
        ('{"a": -Infinity}', "holds NaN or Infinity"),
        ('{"a": 1e309}', "too large to be read"),
        ('{"a": -1e309}', "too large to be read"),
        ('{"a": ' + "9" * 400 + "}", "too large to be read"),
        ('{"a": 1, "a": 2}', "the key 'a' appears twice in one object"),
        ('{"' + "k" * 500 + '": 1, "' + "k" * 500 + '": 2}', "the key 'kkkkkkkk"),
        ('{"\\u001b[2J": 1, "\\u001b[2J": 2}', r"the key '\x1b[2J' appears twice"),
        ('{"a": [[[[[1]]]]]}', "nested more than 4 levels deep"),
        ("[" * 100_000 + "]" * 100_000, "nested more than 4 levels deep"),
        ('{"a": ', "not valid JSON (line 1, column 7"),
    ],
)
def test_json_that_is_not_plain_data_is_refused(text: str, words: str) -> None:
    with pytest.raises(ReadinessError) as info:
        parse_json(text, "f.json", SMALL)
    assert str(info.value).startswith("f.json: ")
    assert words in str(info.value)


def test_json_at_the_caps_is_read() -> None:
    assert parse_json('{"a": [[[1]]], "b": 1.5e308, "c": -12}', "f", SMALL) == {
        "a": [[[1]]],
        "b": 1.5e308,
        "c": -12,
    }


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=20,
    )
)
def test_any_plain_json_within_the_nesting_cap_reads_back_as_written(data: object) -> None:
    text = json.dumps(data)
    if depth_over(data, DOCUMENT.max_depth) or "Infinity" in text:
        return
    assert parse_json(text, "f", DOCUMENT) == data


def test_depth_is_counted_without_recursion() -> None:
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    assert depth_over(deep, 64)
    assert not depth_over({"a": [1, {"b": []}]}, 4)  # object, list, object, list
    assert depth_over({"a": [1, {"b": []}]}, 3)


# -- who may read -------------------------------------------------------------------------


def test_others_can_read(tmp_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("permission bits do not say who may read on Windows")
    path = tmp_path / "secret"
    path.write_text("x", encoding="utf-8")
    path.chmod(0o600)
    assert not others_can_read(path)
    path.chmod(0o640)
    assert others_can_read(path)
    path.chmod(0o604)
    assert others_can_read(path)
    assert not others_can_read(tmp_path / "missing")


def test_every_kind_has_a_cap_and_a_name_in_both_languages() -> None:
    kinds = [value for value in vars(files).values() if isinstance(value, FileKind)]
    assert len(kinds) >= 10
    for kind in kinds:
        assert 0 < kind.max_bytes <= 4 * 1024**3 and kind.max_depth >= 16
        assert translator("es").gettext(kind.what) != kind.what
