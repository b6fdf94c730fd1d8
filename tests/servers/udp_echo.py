"""A loopback UDP echo service for tests and benchmarks, with deterministic packet drops.

An agency can run any UDP echo service (RFC 862 style) for the latency probe's loss
measurement; this one exists so tests can check loss arithmetic without a network.
"""

from __future__ import annotations

import socket
import threading


class UdpEchoServer:
    """Echoes datagrams on 127.0.0.1; drops every ``drop_every``-th one (0: none)."""

    def __init__(self, *, drop_every: int = 0, delay_s: float = 0.0) -> None:
        self.drop_every = drop_every
        self.delay_s = delay_s
        self.received = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="udp-echo", daemon=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._closing.is_set():
            try:
                data, peer = self._sock.recvfrom(2048)
            except TimeoutError:
                continue
            except OSError:
                return
            self.received += 1
            if self.drop_every and self.received % self.drop_every == 0:
                continue
            if self.delay_s:
                self._closing.wait(self.delay_s)
            try:
                self._sock.sendto(data, peer)
            except OSError:
                return

    def __enter__(self) -> UdpEchoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        self._thread.join(1)
        self._sock.close()
