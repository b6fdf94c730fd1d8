"""Addresses a worker may type for the agency's LibreSpeed server (outside input): every
text is read or refused with a reason, and the places the discovery asks stay on the
typed server, in folders, most likely first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from readiness.checks.connection.discovery import candidate_folders, typed_folder
from readiness.checks.connection.settings import parse_server_url
from readiness.errors import ReadinessError

SEGMENTS = st.sampled_from(
    ["backend", "speedtest", "empty.php", "garbage.php", "empty", "index.html", "a b", "é", ""]
)
ADDRESSES = st.builds(
    lambda scheme, host, port, path: f"{scheme}{host}{port}/{'/'.join(path)}",
    st.sampled_from(["http://", "https://", "", "HTTP://"]),
    st.sampled_from(["speed.example.org", "192.168.1.20", "[::1]", "LOCALHOST"]),
    st.sampled_from(["", ":8089", ":443", ":80"]),
    st.lists(SEGMENTS, max_size=4),
)


@given(st.one_of(ADDRESSES, st.text(max_size=60)))
def test_any_text_is_read_or_refused_with_a_reason(text: str) -> None:
    try:
        typed = parse_server_url(text, "server")
    except ReadinessError:
        return
    assert typed.scheme in ("http", "https")
    assert typed.path.startswith("/") and typed.path.endswith("/")


@given(ADDRESSES)
def test_the_discovery_asks_folders_on_the_typed_server(text: str) -> None:
    try:
        typed = parse_server_url(text, "server")
    except ReadinessError:
        return
    folders = candidate_folders(typed)
    typed_path = "/" + "".join(f"{part}/" for part in typed.path.split("/") if part)
    per_scheme = 1 if typed_folder(typed).path.endswith("/backend/") else 2
    assert len(folders) == (per_scheme if typed.scheme_typed else 2 * per_scheme)
    assert len({folder.base for folder in folders}) == len(folders)
    for folder in folders:
        assert folder.host == typed.host
        assert folder.path.startswith("/") and folder.path.endswith("/")
        assert "//" not in folder.path
        if "backend/backend/" not in typed_path:  # empty segments fold, as the folders do
            assert "backend/backend/" not in folder.path  # finding: php's log had it ten times
    assert folders[0].scheme == typed.scheme  # what was typed comes first
    where = typed_folder(typed).path
    assert typed_path.startswith(where)
    last = typed_path.rstrip("/").rsplit("/", 1)[-1]
    if "." in last or last in ("empty", "garbage"):  # a file's address: its folder is asked
        assert where == typed_path[: -len(last) - 1]
    first = where if where.endswith("/backend/") else where + "backend/"
    assert folders[0].path == first
