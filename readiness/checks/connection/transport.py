"""How the connection checks reach a server: injectable name lookup, pinned connections,
unacknowledged-byte counts, and turning network errors into a status with a plain reason.

Names are resolved once through a ``Resolver`` (tests inject one, so a "DNS failure"
never leaves the machine) and every connection then goes to that address, keeping
the name for the Host header and TLS. Only the standard library is used.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import socket
import ssl
import struct
import sys
from collections.abc import Callable, Sequence
from typing import Any

from readiness.checks.connection.model import ConnectionStatus
from readiness.checks.connection.settings import ServerUrl
from readiness.concurrency import DeadlineExceeded, run_with_deadline
from readiness.messages import M_, Message

Resolver = Callable[[str], Sequence[str]]
"""Returns the addresses of a host name; raises ``OSError`` (``socket.gaierror``) on failure."""


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


def open_connection(
    server: ServerUrl, address: str, timeout_s: float
) -> http.client.HTTPConnection:
    """An HTTP(S) connection to ``server`` that connects to ``address`` (no further lookups)."""
    connection: http.client.HTTPConnection
    if server.scheme == "https":
        connection = http.client.HTTPSConnection(
            server.host, server.port, timeout=timeout_s, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout_s)

    def create(
        addr: tuple[str, int], timeout: float | None = None, source: Any = None
    ) -> socket.socket:
        return socket.create_connection((address, addr[1]), timeout, source)

    connection._create_connection = create  # type: ignore[attr-defined]  # the pinning seam
    return connection


def abort_socket(sock: socket.socket | None) -> None:
    """Unblock a thread reading or writing ``sock`` (shutdown only; the owner closes it)."""
    if sock is None:
        return
    with contextlib.suppress(OSError):
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


_OFFLINE_ERRNOS = {
    errno.ENETUNREACH,
    errno.EHOSTUNREACH,
    errno.ENETDOWN,
    errno.EADDRNOTAVAIL,
    errno.ECONNREFUSED,
}


Label = str | Message
"""What a reason calls a server: its host name as it stands, or words to translate
("the agency test server")."""


def classify_error(exc: BaseException, what: Label) -> tuple[ConnectionStatus, Message]:
    """A status and a plain sentence for a network error while reaching ``what``."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return ConnectionStatus.CAPTIVE_PORTAL, M_(
            "The secure connection to {what} was intercepted (its certificate is not "
            "trusted); this usually means a Wi-Fi sign-in page or a network filter.",
            what=what,
        )
    if isinstance(exc, socket.gaierror):
        return ConnectionStatus.OFFLINE, M_(
            "The name of {what} could not be looked up: the computer seems to be offline "
            "or its name service (DNS) is not working.",
            what=what,
        )
    if isinstance(exc, ConnectionRefusedError):
        return ConnectionStatus.OFFLINE, M_(
            "{what} refused the connection: the server is down or the address is wrong.",
            what=what,
        )
    if isinstance(exc, TimeoutError):
        return ConnectionStatus.TIMEOUT, M_("{what} did not answer in time.", what=what)
    if isinstance(exc, ConnectionResetError | BrokenPipeError | http.client.IncompleteRead):
        return ConnectionStatus.ERROR, M_("The connection to {what} was cut off.", what=what)
    if isinstance(exc, OSError) and exc.errno in _OFFLINE_ERRNOS:
        return ConnectionStatus.OFFLINE, M_(
            "{what} cannot be reached: the computer seems to be offline.", what=what
        )
    if isinstance(exc, ssl.SSLError):
        return ConnectionStatus.BLOCKED, M_(
            "A secure connection to {what} could not be set up; something on the network "
            "may be blocking it.",
            what=what,
        )
    return ConnectionStatus.ERROR, M_(
        "Reaching {what} failed ({error}).", what=what, error=type(exc).__name__
    )


def classify_status(code: int, what: Label) -> tuple[ConnectionStatus, Message] | None:
    """A status for an HTTP status code that means "this will not work", else None."""
    if code == 511:
        return ConnectionStatus.CAPTIVE_PORTAL, M_(
            "The network asks to sign in before it gives internet access (HTTP 511)."
        )
    if code in (401, 403, 407, 429, 451):
        return ConnectionStatus.BLOCKED, M_(
            "{what} refused the test (HTTP {code}); the network or the server is blocking it.",
            what=what,
            code=str(code),
        )
    return None


def looks_like_html(content_type: str, body: bytes) -> bool:
    """True for a web page (a sign-in page where data or an empty answer was expected)."""
    head = body.lstrip()[:64].lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def captive_reason(what: Label) -> Message:
    return M_(
        "{what} answered with a web page instead of test data: the network probably "
        "needs a sign-in (captive portal) first.",
        what=what,
    )
