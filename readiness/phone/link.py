"""The one-time link to the phone: a small web server that lives only while the step is open.

``PhoneLink.open`` listens on one local address (never all interfaces) with a random
token (``secrets``) that every path must start with; ``wait`` serves the phone page and
the speed-test endpoints until the page's report arrives, time runs out (10 minutes
by default) or the caller cancels, and then closes the socket and every connection:
nothing is served after that. The report is accepted once: the first valid one ends
the link; an invalid one is refused and the link keeps waiting. Connections are served
on threads from ``readiness.concurrency``, several at once (the page's parallel
streams). The requests themselves are answered by ``readiness.phone.serve``.
"""

from __future__ import annotations

import contextlib
import functools
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from readiness import concurrency
from readiness.errors import ReadinessError
from readiness.messages import M_
from readiness.model import utc_now

if TYPE_CHECKING:
    from readiness.phone.report import PhoneReport
    from readiness.progress import CancelToken

LIFETIME_S = 600.0
"""How long the link stays open: 10 minutes."""
POLL_S = 0.1


class LinkError(ReadinessError):
    """The link could not be opened (the address is not this computer's, the port is taken)."""


class Ending(StrEnum):
    """Why waiting for the phone ended."""

    REPORTED = "reported"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PageOptions:
    """What the page needs to know: its language, and the agency's LibreSpeed server if set."""

    locale: str = "en"
    agency_server: str = ""
    """Base URL of the agency's LibreSpeed-compatible server (with CORS); empty: the laptop."""


@dataclass(frozen=True)
class Outcome:
    """How the link ended: the report (if one came) and whether the page was ever opened."""

    ending: Ending
    report: PhoneReport | None = None
    page_opened: bool = False


@dataclass
class LinkState:
    """What the request handlers share with the link (one lock-free writer each)."""

    token: str
    options: PageOptions
    closing: bool = False
    page_opened: bool = False
    report: PhoneReport | None = None
    delivered: bool = False
    """The phone was told its report was taken: the link may close."""
    connections: set[socket.socket] = field(default_factory=set)

    def accept(self, report: PhoneReport) -> bool:
        """Keep ``report`` if it is the first; False if one was already taken."""
        if self.report is not None or self.closing:
            return False
        self.report = report
        return True


def local_address() -> str | None:
    """This computer's address on the local network, for the phone to reach: the first
    private IPv4 address of an interface that is up (None when there is none)."""
    import ipaddress

    import psutil

    stats = psutil.net_if_stats()
    for name, addresses in psutil.net_if_addrs().items():
        if name in stats and not stats[name].isup:
            continue
        for address in addresses:
            if address.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(address.address)
            if ip.is_private and not ip.is_loopback and not ip.is_link_local:
                return address.address
    return None


def agency_base(server: str | None) -> str:
    """The agency server's base URL for the page (ends in ``/``); empty when none is set.
    Raises ``ReadinessError`` for an address that is not an http(s) URL."""
    from readiness.checks.connection.settings import parse_server_url

    return parse_server_url(server, M_("agency speed-test server")).base if server else ""


def new_token() -> str:
    """A random token for the link's address (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


class PhoneLink:
    """One link to one phone; see the module docstring. Use ``open``, then ``wait``."""

    def __init__(
        self,
        bind: str,
        options: PageOptions,
        *,
        port: int = 0,
        lifetime_s: float = LIFETIME_S,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._bind = bind
        self._port = port
        self._lifetime_s = lifetime_s
        self._clock = clock
        self.state = LinkState(new_token(), options)
        self._socket: socket.socket | None = None
        self._url = ""
        self._deadline = concurrency.Deadline(lifetime_s)
        self.expires: datetime = clock() + timedelta(seconds=lifetime_s)

    @property
    def url(self) -> str:
        """The page's address, with the token (once ``open`` returned; kept after closing)."""
        if not self._url:
            raise LinkError(M_("The link to the phone is not open."))
        return self._url

    def open(self) -> PhoneLink:
        """Listen on the chosen address; raises ``LinkError`` when that is not possible."""
        family = socket.AF_INET6 if ":" in self._bind else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        try:
            listener.bind((self._bind, self._port))
            listener.listen(16)
        except OSError as exc:
            listener.close()
            raise LinkError(
                M_(
                    "The laptop cannot listen for the phone on {address} ({error}).",
                    address=self._bind,
                    error=exc.strerror or type(exc).__name__,
                )
            ) from exc
        listener.settimeout(POLL_S)
        self._socket = listener
        host, port = listener.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        self._url = f"http://{shown}:{port}/{self.state.token}/"
        self._deadline = concurrency.Deadline(self._lifetime_s)
        self.expires = self._clock() + timedelta(seconds=self._lifetime_s)
        return self

    def wait(self, cancel: CancelToken | None = None) -> Outcome:
        """Serve until the report comes, the link expires or ``cancel`` is set; then close."""
        from readiness.phone.serve import serve_connection

        if self._socket is None:
            raise LinkError(M_("The link to the phone is not open."))
        workers: list[concurrency.Workers[None]] = []
        ending = Ending.EXPIRED
        try:
            while True:
                if self.state.delivered:
                    ending = Ending.REPORTED
                    break
                if cancel is not None and cancel.cancelled:
                    ending = Ending.CANCELLED
                    break
                if self._deadline.expired:
                    break
                try:
                    connection, _address = self._socket.accept()
                except TimeoutError:
                    continue
                except OSError:
                    break
                self.state.connections.add(connection)
                serve = functools.partial(serve_connection, connection, self.state)
                workers.append(concurrency.start([serve], name="phone-link"))
                # Forget (and join) the connections that ended.
                workers = [w for w in workers if not w.wait(0)]
        finally:
            self.close(workers)
        return Outcome(ending, self.state.report, self.state.page_opened)

    def close(self, workers: list[concurrency.Workers[None]] | None = None) -> None:
        """Stop listening and end every open connection (safe to call twice)."""
        self.state.closing = True
        if self._socket is not None:
            self._socket.close()
        for connection in list(self.state.connections):
            with contextlib.suppress(OSError):  # already closed by the phone
                connection.shutdown(socket.SHUT_RDWR)
        started = time.monotonic()
        for worker in workers or []:
            worker.wait(max(0.0, 2.0 - (time.monotonic() - started)))
