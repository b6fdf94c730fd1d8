"""The test suite itself cannot reach other hosts (the guard in conftest.py)."""

from __future__ import annotations

import socket

import pytest


def test_looking_up_another_host_fails_like_offline() -> None:
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("www.speedtest.net", 443)


def test_connecting_to_another_address_is_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(OSError):
        sock.connect(("192.0.2.1", 443))  # TEST-NET-1: would never be reached anyway


def test_loopback_still_works() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
    assert socket.getaddrinfo("localhost", 80)
