"""How the connection checks reach a server: injectable name lookup, connections pinned
to one address that can be stopped even while connecting, unacknowledged-byte counts.

Names are resolved once through a ``Resolver`` (tests inject one, so a "DNS failure"
never leaves the machine) and every connection then goes to that address, keeping
the name for the Host header and TLS. Every socket a check opens is in a
``SocketRegistry`` from before it connects until it is really closed, so a stopping
check aborts all of them at once, and a test can count what is still open. Only the
standard library is used.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import os
import select
import socket
import ssl
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence

from readiness.checks.connection.settings import ServerUrl
from readiness.concurrency import DeadlineExceeded, run_with_deadline

Resolver = Callable[[str], Sequence[str]]
"""Returns the addresses of a host name; raises ``OSError`` (``socket.gaierror``) on failure."""

STEP_S = 0.05
"""How often a connecting socket looks at its registry's stop flag."""


def system_resolver(host: str) -> list[str]:
    """The operating system's resolver (getaddrinfo), IPv4 addresses first.

    Half-working IPv6 is common on guest and mobile networks; trying IPv4 first keeps
    one broken route from turning into "offline".
    """
    found: list[tuple[bool, str]] = []
    for family, *_rest, sockaddr in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM):
        entry = (family != socket.AF_INET, str(sockaddr[0]))
        if entry not in found:
            found.append(entry)
    return [address for _v6, address in sorted(found, key=lambda item: item[0])]


def resolve(host: str, resolver: Resolver, timeout_s: float) -> str:
    """The first address of ``host`` within ``timeout_s`` (getaddrinfo itself has no timeout).

    Raises ``socket.gaierror`` when the name does not resolve and ``TimeoutError``
    when the lookup takes too long (the lookup is then left to finish on its own).
    """
    try:
        addresses = run_with_deadline(
            lambda: list(resolver(host)), max(0.0, timeout_s), name="readiness-resolve"
        )
    except DeadlineExceeded:
        raise TimeoutError(f"looking up {host} took too long") from None
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, f"no address for {host}")
    return str(addresses[0])


class SocketRegistry:
    """Every socket one check has open, so a supervisor can stop them from another thread.

    A socket joins before it connects and leaves when it is really closed (a socket
    whose reply is still being read stays, whatever ``http.client`` did with it).
    ``abort_all`` also sets ``stopped``, which ends connects still in progress.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._children: list[SocketRegistry] = []
        self.stopped = threading.Event()

    def child(self) -> SocketRegistry:
        """A registry for one phase: stopped on its own, or with this one."""
        registry = SocketRegistry()
        with self._lock:
            self._children.append(registry)
        if self.stopped.is_set():
            registry.abort_all()
        return registry

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._prune()
            self._sockets.add(sock)

    def discard(self, sock: socket.socket | None) -> None:
        if sock is not None:
            with self._lock:
                self._sockets.discard(sock)

    def abort_all(self) -> None:
        """Stop every connect in progress and unblock every read and write."""
        self.stopped.set()
        with self._lock:
            sockets = list(self._sockets)
            children = list(self._children)
        for sock in sockets:
            abort_socket(sock)
        for registry in children:
            registry.abort_all()

    def open_count(self) -> int:
        """How many of the registered sockets (this phase's and its children's) are open."""
        with self._lock:
            self._prune()
            children = list(self._children)
            own = len(self._sockets)
        return own + sum(registry.open_count() for registry in children)

    def _prune(self) -> None:
        self._sockets = {sock for sock in self._sockets if sock.fileno() >= 0}


class HandshakeTimeout(TimeoutError):
    """The server accepted the connection but the secure (TLS) handshake never finished."""


_IN_PROGRESS = {errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, 10035}  # 10035: Windows


def connect_tcp(
    address: str, port: int, timeout_s: float, sockets: SocketRegistry
) -> socket.socket:
    """A TCP connection to ``address``:``port``, registered in ``sockets`` before it starts.

    Unlike ``socket.create_connection`` it gives up within ``STEP_S`` of
    ``sockets.stopped`` being set, so no thread stays blocked in ``connect()``.
    Raises ``TimeoutError``, ``ConnectionAbortedError`` (stopped) or the ``OSError``
    the connection failed with.
    """
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sockets.add(sock)
    try:
        sock.setblocking(False)
        code = sock.connect_ex((address, port))
        if code and code not in _IN_PROGRESS:
            raise OSError(code, os.strerror(code))
        limit = time.monotonic() + timeout_s
        while code:
            if sockets.stopped.is_set():
                raise ConnectionAbortedError("the check was stopped while connecting")
            remaining = limit - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"connecting to {address}:{port} timed out")
            _r, writable, failed = select.select([], [sock], [sock], min(STEP_S, remaining))
            if writable or failed:
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code:
                    raise OSError(code, os.strerror(code))
                break
        sock.settimeout(timeout_s)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    except BaseException:
        sockets.discard(sock)
        sock.close()
        raise


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(
        self, server: ServerUrl, address: str, timeout_s: float, sockets: SocketRegistry
    ) -> None:
        super().__init__(server.host, server.port, timeout=timeout_s)
        self.address, self.sockets = address, sockets

    def connect(self) -> None:
        self.sock = connect_tcp(self.address, self.port, float(self.timeout or 5), self.sockets)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(
        self, server: ServerUrl, address: str, timeout_s: float, sockets: SocketRegistry
    ) -> None:
        super().__init__(
            server.host, server.port, timeout=timeout_s, context=ssl.create_default_context()
        )
        self.address, self.sockets = address, sockets

    def connect(self) -> None:
        plain = connect_tcp(self.address, self.port, float(self.timeout or 5), self.sockets)
        context: ssl.SSLContext = self._context  # type: ignore[attr-defined]
        self.sock = secure = context.wrap_socket(
            plain, server_hostname=self.host, do_handshake_on_connect=False
        )
        self.sockets.add(secure)  # the handshake can be aborted like any read
        try:
            secure.do_handshake()
        except TimeoutError as exc:
            raise HandshakeTimeout(str(exc)) from exc


def open_connection(
    server: ServerUrl, address: str, timeout_s: float, sockets: SocketRegistry
) -> http.client.HTTPConnection:
    """An HTTP(S) connection to ``server`` at ``address`` whose sockets join ``sockets``."""
    kind = _PinnedHTTPS if server.scheme == "https" else _PinnedHTTP
    return kind(server, address, timeout_s, sockets)


def abort_socket(sock: socket.socket | None) -> None:
    """Unblock a thread reading or writing ``sock`` (shutdown only; the owner closes it)."""
    if sock is None:
        return
    with contextlib.suppress(OSError, ValueError):
        sock.shutdown(socket.SHUT_RDWR)


def reset_socket(sock: socket.socket) -> None:
    """Make the next close send a TCP reset instead of a normal close."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


_SIOCOUTQ = 0x5411  # Linux TIOCOUTQ/SIOCOUTQ: bytes sent but not yet acknowledged
_SO_NWRITE = 0x1024  # macOS: bytes in the send buffer not yet acknowledged


def unacked_bytes(sock: socket.socket | None) -> int | None:
    """Bytes handed to ``sock`` that the other end has not acknowledged yet, if knowable.

    Counting an upload by bytes handed to the socket overstates it by whatever sits
    in the send buffer (speedtest-cli's known upload error); subtracting this fixes it.
    Returns None where the platform cannot tell (Windows).
    """
    if sock is None or sock.fileno() < 0:
        return None
    try:
        if sys.platform.startswith("linux"):
            import fcntl

            raw = fcntl.ioctl(sock.fileno(), _SIOCOUTQ, b"\0\0\0\0")
            return int(struct.unpack("i", raw)[0])
        if sys.platform == "darwin":
            return int(sock.getsockopt(socket.SOL_SOCKET, _SO_NWRITE))
    except OSError:
        return None
    return None
