"""Shared test setup: offscreen Qt, a gui marker, and fresh databases.

``QT_QPA_PLATFORM=offscreen`` is set before anything imports Qt so widget tests run
without a display; pytest-qt's ``qt_log_level_fail = WARNING`` (pyproject) makes Qt
warnings fail tests. Tests never reach the internet; servers they need run on
loopback and are started by the tests themselves. Hypothesis has no per-example deadline:
a property test is about what the code does, and a busy machine must not turn a slow
example into a failure (timings live in tests/bench).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("readiness", deadline=None)
settings.load_profile("readiness")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;*.debug=false")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    """As in the app (``readiness_ui.garbage``): Python never collects garbage on a worker
    thread, where Qt objects caught in a cycle would be destroyed on the wrong thread."""
    import gc

    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    yield
    from readiness_ui.garbage import collect_if_due

    collect_if_due()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a new database file in a fresh temporary folder."""
    return tmp_path / "readiness.db"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point per-user folders at a temporary place so no test touches the real ones."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    yield


TEST_KEY_HEX = "5eed" * 16
"""The raw key every test's command line uses (a passphrase file, so no prompt and no KDF)."""


@pytest.fixture(autouse=True)
def _test_passphrase_file(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands that open the (encrypted) database read its key from a file, as scripts do."""
    folder = tmp_path_factory.mktemp("key")
    path = folder / "passphrase.txt"
    path.write_text(f"x'{TEST_KEY_HEX}'\n", encoding="utf-8")
    path.chmod(0o600)  # private, as a passphrase file should be (others reading it is warned of)
    monkeypatch.setenv("READINESS_PASSPHRASE_FILE", str(path))


_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host: object) -> bool:
    import ipaddress

    if not isinstance(host, str):
        return False
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that tries to reach a host other than this machine.

    Name lookups of other hosts fail as if offline (no DNS traffic leaves the
    machine); connecting a socket to a non-loopback address raises at once.
    """
    import socket

    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host is None or _is_loopback(host):
            return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]
        raise socket.gaierror(socket.EAI_NONAME, f"tests do not look up {host!r}")

    def allowed(sock: socket.socket, address: object) -> bool:
        if sock.family == getattr(socket, "AF_UNIX", None):
            return True
        return isinstance(address, tuple) and _is_loopback(address[0])

    def guarded_connect(sock: socket.socket, address: object) -> None:
        if not allowed(sock, address):
            raise OSError(f"tests may only connect to this machine, not {address!r}")
        real_connect(sock, address)  # type: ignore[arg-type]

    def guarded_connect_ex(sock: socket.socket, address: object) -> int:
        if not allowed(sock, address):
            raise OSError(f"tests may only connect to this machine, not {address!r}")
        return real_connect_ex(sock, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    yield
