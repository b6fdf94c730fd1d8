"""What went wrong on the way to a server, as a status and one plain sentence.

Reasons name the server with a ``ServerLabel``: one wording for the start of a
sentence ("The agency test server did not answer") and one for inside it ("The name of
the agency test server could not be looked up"), so every reason starts with a
capital letter in every language. Answers are judged by their body, not by their
Content-Type alone: a stock LibreSpeed PHP server labels its empty answers
``text/html``, while a sign-in page sends real HTML.
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
from dataclasses import dataclass

from readiness.checks.connection.model import ConnectionStatus
from readiness.messages import M_, Message


@dataclass(frozen=True)
class ServerLabel:
    """How reasons name a server: ``start`` begins a sentence, ``inside`` goes within one."""

    start: Message
    inside: Message


AGENCY_SERVER = ServerLabel(M_("The agency test server"), M_("the agency test server"))
TEST_SERVER = ServerLabel(M_("The test server"), M_("the test server"))
SPEEDTEST_NET = ServerLabel(M_("The speedtest.net service"), M_("the speedtest.net service"))
MINI_SERVER = ServerLabel(M_("The Speedtest Mini server"), M_("the Speedtest Mini server"))


def host_label(host: str) -> ServerLabel:
    """A label for a server known only by its name or address."""
    return ServerLabel(M_("The server {host}", host=host), M_("the server {host}", host=host))


Failure = tuple[ConnectionStatus, Message]
"""A status and the sentence that explains it."""

_OFFLINE_ERRNOS = {
    errno.ENETUNREACH,
    errno.EHOSTUNREACH,
    errno.ENETDOWN,
    errno.EADDRNOTAVAIL,
    errno.ECONNREFUSED,
}


def classify_error(exc: BaseException, what: ServerLabel) -> Failure:
    """A status and a plain sentence for a network error while reaching ``what``."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return ConnectionStatus.CAPTIVE_PORTAL, M_(
            "The secure connection to {what} was intercepted (its certificate is not "
            "trusted); this usually means a Wi-Fi sign-in page or a network filter.",
            what=what.inside,
        )
    if isinstance(exc, socket.gaierror):
        return ConnectionStatus.OFFLINE, M_(
            "The name of {what} could not be looked up: the computer seems to be offline "
            "or its name service (DNS) is not working.",
            what=what.inside,
        )
    if isinstance(exc, ConnectionRefusedError):
        return ConnectionStatus.OFFLINE, M_(
            "{what} refused the connection: the server is down or the address is wrong.",
            what=what.start,
        )
    if isinstance(exc, TimeoutError):
        return ConnectionStatus.TIMEOUT, M_("{what} did not answer in time.", what=what.start)
    if isinstance(exc, ConnectionResetError | BrokenPipeError | http.client.IncompleteRead):
        return ConnectionStatus.ERROR, M_("The connection to {what} was cut off.", what=what.inside)
    if isinstance(exc, OSError) and exc.errno in _OFFLINE_ERRNOS:
        return ConnectionStatus.OFFLINE, M_(
            "{what} cannot be reached: the computer seems to be offline.", what=what.start
        )
    if isinstance(exc, ssl.SSLError):
        return ConnectionStatus.BLOCKED, M_(
            "A secure connection to {what} could not be set up; something on the network "
            "may be blocking it.",
            what=what.inside,
        )
    return ConnectionStatus.ERROR, M_(
        "Reaching {what} failed ({error}).", what=what.inside, error=type(exc).__name__
    )


def classify_status(code: int, what: ServerLabel) -> Failure | None:
    """A status for an HTTP status code that means "this will not work", else None."""
    if code == 511:
        return ConnectionStatus.CAPTIVE_PORTAL, M_(
            "The network asks to sign in before it gives internet access (HTTP 511)."
        )
    if code in (401, 403, 407, 429, 451):
        return ConnectionStatus.BLOCKED, M_(
            "{what} refused the test (HTTP {code}); the network or the server is blocking it.",
            what=what.start,
            code=str(code),
        )
    return None


def looks_like_html(body: bytes) -> bool:
    """True for a web page: what a sign-in page sends where test data was expected.

    Only the body counts. An empty answer labelled ``text/html`` is what LibreSpeed's
    own ``empty.php`` sends under PHP, and it is not a page.
    """
    head = body.lstrip()[:256].lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        b"<html" in head or b"<form" in head or b"<script" in head
    )


def captive_reason(what: ServerLabel) -> Message:
    return M_(
        "{what} answered with a web page instead of test data: the network probably "
        "needs a sign-in (captive portal) first.",
        what=what.start,
    )


def redirect_reason(what: ServerLabel) -> Message:
    return M_(
        "{what} redirected to another site: the network probably needs a sign-in "
        "(captive portal) first.",
        what=what.start,
    )
