"""A delayed, jittery, lossy link between two network namespaces, made in user space.

The kernel here has no ``netem``, so this builds the link from two TUN devices: one in a
client namespace, one in a server namespace, and a forwarder (a thread in the calling
process, in the root namespace) that carries every IP packet from one to the other
after ``delay_ms`` ± ``jitter_ms`` (uniform, per packet) and drops each packet with
probability ``loss`` in each direction, independently. Both ends use loopback-range
addresses (``CLIENT``/``SERVER``, with ``route_localnet``), so no traffic is addressed
anywhere but this machine. Needs root; used by ``bench_bandwidth`` only.
"""

from __future__ import annotations

import fcntl
import heapq
import itertools
import os
import random
import select
import struct
import subprocess
import threading
import time
from dataclasses import dataclass, field

CLIENT = "127.16.0.1"
SERVER = "127.16.0.2"
_TUNSETIFF = 0x400454CA
_IFF_TUN = 0x0001
_IFF_NO_PI = 0x1000


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=30)


def _open_tun(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, _TUNSETIFF, struct.pack("16sH", name.encode(), _IFF_TUN | _IFF_NO_PI))
    return fd


@dataclass
class LossyLink:
    """The link; ``client_ns`` and ``server_ns`` are the namespaces' names."""

    delay_ms: float = 40.0
    jitter_ms: float = 10.0
    loss: float = 0.01
    seed: int | None = None
    tag: str = field(default_factory=lambda: str(os.getpid() % 100000))
    dropped: int = 0
    carried: int = 0

    def __post_init__(self) -> None:
        self.client_ns, self.server_ns = f"lossy-c-{self.tag}", f"lossy-s-{self.tag}"
        self._fds: list[int] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._random = random.Random(self.seed)

    def __enter__(self) -> LossyLink:
        ends = (
            (self.client_ns, f"tlc{self.tag}", CLIENT, SERVER),
            (self.server_ns, f"tls{self.tag}", SERVER, CLIENT),
        )
        for namespace, device, mine, other in ends:
            _run("ip", "netns", "add", namespace)
            self._fds.append(_open_tun(device))
            _run("ip", "link", "set", "dev", device, "netns", namespace)
            inside = ("ip", "netns", "exec", namespace)
            _run(*inside, "sysctl", "-qw", "net.ipv4.conf.all.route_localnet=1")
            _run(*inside, "sysctl", "-qw", f"net.ipv4.conf.{device}.route_localnet=1")
            _run(*inside, "ip", "addr", "add", f"{mine}/32", "dev", device)
            _run(*inside, "ip", "link", "set", device, "up")
            _run(*inside, "ip", "route", "add", f"{other}/32", "dev", device)
        self._thread = threading.Thread(target=self._forward, name="lossy-link", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
        for fd in self._fds:
            os.close(fd)
        for namespace in (self.client_ns, self.server_ns):
            subprocess.run(["ip", "netns", "delete", namespace], capture_output=True, check=False)

    def _forward(self) -> None:
        client, server = self._fds
        other = {client: server, server: client}
        queue: list[tuple[float, int, int, bytes]] = []
        order = itertools.count()
        while not self._stop.is_set():
            now = time.monotonic()
            wait = min(0.05, max(0.0, queue[0][0] - now)) if queue else 0.05
            readable, _w, _x = select.select([client, server], [], [], wait)
            for fd in readable:
                for _index in range(64):
                    try:
                        packet = os.read(fd, 65535)
                    except BlockingIOError:
                        break
                    if self._random.random() < self.loss:
                        self.dropped += 1
                        continue
                    delay = self.delay_ms + self._random.uniform(-self.jitter_ms, self.jitter_ms)
                    heapq.heappush(queue, (now + delay / 1000, next(order), other[fd], packet))
            now = time.monotonic()
            while queue and queue[0][0] <= now:
                _due, _seq, fd, packet = heapq.heappop(queue)
                try:
                    os.write(fd, packet)
                    self.carried += 1
                except OSError:
                    self.dropped += 1
