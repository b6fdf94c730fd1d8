"""Fixtures for the connection-check tests: loopback speed-test servers the tests start.

Nothing here (or in any connection test) sends traffic off the machine: servers
bind to 127.0.0.1, and name lookups go through injected resolvers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.servers.speed_server import LoopbackSpeedServer

ServerFactory = Callable[..., LoopbackSpeedServer]


@pytest.fixture
def speed_server() -> Iterator[ServerFactory]:
    """Start loopback speed-test servers; all are closed when the test ends."""
    started: list[LoopbackSpeedServer] = []

    def start(**options: Any) -> LoopbackSpeedServer:
        server = LoopbackSpeedServer(**options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
