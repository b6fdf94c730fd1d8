"""The fast preflight: is there a network, and is it a real server, before any long test?

A probe looks the name up, connects, sends one small GET and judges the answer by
what it must contain (speedtest.net's settings, a Mini server's ``test=test``): a
sign-in page's HTML or a redirect to another site is a captive portal, a 404 is not
"answered". All of one backend's probes run in parallel within one short budget
(2.5 s by default). Each step has its own reason: a name that does not resolve or a
server that cannot be reached is offline; a server that accepts the connection but
never finishes the secure handshake or never answers is a timeout.
``quick_get`` (one short GET) and ``reach_failure`` are shared with the LibreSpeed
discovery.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from readiness.checks.connection.backend import Expect, PreflightResult, ProbeTarget
from readiness.checks.connection.failures import (
    Failure,
    ServerLabel,
    captive_reason,
    classify_error,
    classify_status,
    looks_like_html,
    redirect_reason,
)
from readiness.checks.connection.model import ConnectionStatus
from readiness.checks.connection.settings import ServerUrl, parse_server_url
from readiness.checks.connection.transport import (
    HandshakeTimeout,
    Resolver,
    SocketRegistry,
    open_connection,
    resolve,
    system_resolver,
)
from readiness.concurrency import Deadline, Outcome, Settled, run_all
from readiness.messages import M_
from readiness.progress import CancelToken

PREFLIGHT_TIMEOUT_S = 2.5


@dataclass(frozen=True)
class Reply:
    """The start of an answer: status, the first bytes of the body, any redirect."""

    status: int
    body: bytes
    location: str
    connect_ms: float


class ReachError(Exception):
    """Reaching a server failed at ``stage`` ("connect", "answer") with ``error``."""

    def __init__(self, stage: str, error: BaseException, connect_ms: float | None) -> None:
        super().__init__(f"{stage}: {error!r}")
        self.stage, self.error, self.connect_ms = stage, error, connect_ms


def quick_get(
    server: ServerUrl,
    address: str,
    path: str,
    *,
    timeout_s: float,
    sockets: SocketRegistry,
    read_limit: int = 4096,
) -> Reply:
    """GET ``path`` and read at most ``read_limit`` bytes of the body; raises ``ReachError``."""
    started = time.monotonic()
    connection = open_connection(server, address, max(0.05, timeout_s), sockets)
    connect_ms: float | None = None
    try:
        try:
            connection.connect()
        except (OSError, http.client.HTTPException) as exc:
            raise ReachError("connect", exc, None) from exc
        connect_ms = (time.monotonic() - started) * 1000
        try:
            connection.request("GET", path, headers={"Cache-Control": "no-cache"})
            response = connection.getresponse()
            body = response.read(read_limit)
        except (OSError, http.client.HTTPException) as exc:
            raise ReachError("answer", exc, connect_ms) from exc
        return Reply(response.status, body, response.getheader("Location", "") or "", connect_ms)
    finally:
        connection.close()


def reach_failure(error: ReachError, what: ServerLabel, budget_s: float) -> Failure:
    """The status and reason for a ``ReachError`` (see the module docstring)."""
    exc = error.error
    if isinstance(exc, HandshakeTimeout):
        return ConnectionStatus.TIMEOUT, M_(
            "{what} accepted the connection, but the secure connection was not set up "
            "within {s:g} s.",
            what=what.start,
            s=round(budget_s, 1),
        )
    if isinstance(exc, TimeoutError) and error.stage == "connect":
        return ConnectionStatus.OFFLINE, M_(
            "{what} could not be reached within {s:g} s.", what=what.start, s=round(budget_s, 1)
        )
    if isinstance(exc, TimeoutError):
        return ConnectionStatus.TIMEOUT, M_(
            "{what} accepted the connection but did not answer within {s:g} s.",
            what=what.start,
            s=round(budget_s, 1),
        )
    return classify_error(exc, what)


def lookup_failure(exc: OSError, what: ServerLabel) -> Failure:
    """The status and reason when a server's name could not be looked up."""
    if isinstance(exc, TimeoutError):
        return ConnectionStatus.OFFLINE, M_(
            "Looking up the name of {what} took too long: the network seems to be down.",
            what=what.inside,
        )
    return classify_error(exc, what)


def redirected_elsewhere(reply: Reply, host: str) -> bool:
    """True for a redirect to another site (what a sign-in page does)."""
    if not 300 <= reply.status < 400:
        return False
    return (urlsplit(reply.location).hostname or host).lower() != host.lower()


def probe(target: ProbeTarget, *, resolver: Resolver, deadline: Deadline) -> PreflightResult:
    """Probe one target before ``deadline``; never raises for network trouble."""
    started = time.monotonic()
    server = parse_server_url(target.url, target.label.inside)
    what = target.label

    def done(failure: Failure, connect_ms: float | None = None) -> PreflightResult:
        return PreflightResult(
            target.url, failure[0], failure[1], time.monotonic() - started, connect_ms
        )

    try:
        address = resolve(server.host, resolver, deadline.remaining())
    except OSError as exc:
        return done(lookup_failure(exc, what))
    parts = urlsplit(target.url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    budget = deadline.remaining() + (time.monotonic() - started)
    try:
        reply = quick_get(
            server, address, path, timeout_s=deadline.remaining(), sockets=SocketRegistry()
        )
    except ReachError as exc:
        return done(reach_failure(exc, what, budget), exc.connect_ms)
    return done(judge(target, reply, server.host), reply.connect_ms)


def judge(target: ProbeTarget, reply: Reply, host: str) -> Failure:
    """Is ``reply`` the answer ``target`` expects?"""
    what = target.label
    refused = classify_status(reply.status, what)
    if refused:
        return refused
    if redirected_elsewhere(reply, host):
        return ConnectionStatus.CAPTIVE_PORTAL, redirect_reason(what)
    if 300 <= reply.status < 400:  # on the same site (http to https): the client follows it
        return ConnectionStatus.OK, M_("{what} answered.", what=what.start)
    if reply.status == 200:
        body = reply.body
        if target.expect is Expect.XML and (b"<settings" in body or body.startswith(b"<?xml")):
            return ConnectionStatus.OK, M_("{what} answered.", what=what.start)
        if target.expect is Expect.LATENCY_TEXT and body.startswith(b"test=test"):
            return ConnectionStatus.OK, M_("{what} answered.", what=what.start)
        if looks_like_html(body):
            return ConnectionStatus.CAPTIVE_PORTAL, captive_reason(what)
    if reply.status >= 500:
        return ConnectionStatus.ERROR, M_(
            "{what} has a problem (HTTP {code}).", what=what.start, code=str(reply.status)
        )
    return ConnectionStatus.ERROR, M_(
        "{what} gave an answer that is not a speed test's (HTTP {code}).",
        what=what.start,
        code=str(reply.status),
    )


def preflight(
    targets: Sequence[ProbeTarget],
    *,
    resolver: Resolver = system_resolver,
    timeout_s: float = PREFLIGHT_TIMEOUT_S,
    cancel: CancelToken | None = None,
) -> tuple[PreflightResult, ...]:
    """Probe every target in parallel; all answers arrive within ``timeout_s`` (plus a little)."""
    deadline = Deadline(timeout_s)
    # probes stop a little earlier than the wait, so they can say why they stopped
    probe_deadline = Deadline(max(0.05, timeout_s - 0.25))
    probes = [
        partial(probe, target, resolver=resolver, deadline=probe_deadline) for target in targets
    ]
    settled = run_all(probes, deadline, cancel, name="readiness-preflight")
    return tuple(
        _answer(target, outcome, timeout_s)
        for target, outcome in zip(targets, settled, strict=True)
    )


def first_problem(results: Sequence[PreflightResult]) -> PreflightResult | None:
    """The first result that is not OK, if any."""
    return next((result for result in results if result.status is not ConnectionStatus.OK), None)


def _answer(
    target: ProbeTarget, settled: Settled[PreflightResult], timeout_s: float
) -> PreflightResult:
    """The probe's own result, or why there is none (a crashed probe counts as unanswered)."""
    if settled.value is not None:
        return settled.value
    if settled.outcome is Outcome.CANCELLED:
        return PreflightResult(target.url, ConnectionStatus.CANCELLED, M_("Cancelled."), 0.0)
    return PreflightResult(
        target.url,
        ConnectionStatus.TIMEOUT,
        M_("{what} did not answer within {s:g} s.", what=target.label.start, s=timeout_s),
        timeout_s,
    )
