"""The fast preflight: is there a network, and is it a real one, before any long test?

Each backend names the URLs it depends on (``ProbeTarget``); all are probed in
parallel within one short budget (2.5 s by default), so "offline" or "captive
portal" is known in under 3 seconds. A probe looks the name up, connects, sends one
small GET and checks the answer looks like the server (not a sign-in page).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from readiness.checks.connection.backend import Expect, ProbeTarget
from readiness.checks.connection.model import ConnectionStatus
from readiness.checks.connection.settings import parse_server_url
from readiness.checks.connection.transport import (
    Resolver,
    captive_reason,
    classify_error,
    classify_status,
    looks_like_html,
    open_connection,
    resolve,
    system_resolver,
)
from readiness.concurrency import Deadline, Outcome, Settled, run_all
from readiness.messages import M_, Message, english
from readiness.progress import CancelToken

PREFLIGHT_TIMEOUT_S = 2.5


@dataclass(frozen=True)
class PreflightResult:
    """How one probe went; ``connect_ms`` is the TCP (and TLS) set-up time when it got that far."""

    target: ProbeTarget
    status: ConnectionStatus
    message: Message
    elapsed_s: float
    connect_ms: float | None = None

    @property
    def reason(self) -> str:
        """The reason in English (``message`` keeps it for any language)."""
        return english(self.message)


def probe(target: ProbeTarget, *, resolver: Resolver, deadline: Deadline) -> PreflightResult:
    """Probe one target before ``deadline``; never raises for network trouble."""
    started = time.monotonic()
    server = parse_server_url(target.url, target.label)
    what = target.label
    connect_ms: float | None = None

    def done(status: ConnectionStatus, reason: Message) -> PreflightResult:
        return PreflightResult(target, status, reason, time.monotonic() - started, connect_ms)

    try:
        address = resolve(server.host, resolver, deadline.remaining())
    except TimeoutError:
        return done(
            ConnectionStatus.OFFLINE,
            M_(
                "Looking up the name of {what} took too long: the network seems to be down.",
                what=what,
            ),
        )
    except OSError as exc:
        return done(*classify_error(exc, what))
    connection = open_connection(server, address, max(0.05, deadline.remaining()))
    try:
        try:
            connection.connect()
        except TimeoutError:
            return done(
                ConnectionStatus.OFFLINE,
                M_(
                    "{what} could not be reached within {s:g} s.",
                    what=what,
                    s=PREFLIGHT_TIMEOUT_S,
                ),
            )
        connect_ms = (time.monotonic() - started) * 1000
        parts = urlsplit(target.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path or "/", headers={"Cache-Control": "no-cache"})
        response = connection.getresponse()
        body = response.read(4096)
        content_type = response.getheader("Content-Type", "") or ""
        location = response.getheader("Location", "") or ""
    except TimeoutError:
        return done(
            ConnectionStatus.TIMEOUT,
            M_(
                "{what} accepted the connection but did not answer within {s:g} s.",
                what=what,
                s=PREFLIGHT_TIMEOUT_S,
            ),
        )
    except OSError as exc:
        return done(*classify_error(exc, what))
    except Exception as exc:  # http.client.HTTPException and friends
        return done(*classify_error(exc, what))
    finally:
        connection.close()
    return done(
        *_judge(
            target,
            response.status,
            content_type=content_type,
            body=body,
            location=location,
            host=server.host,
        )
    )


def _judge(
    target: ProbeTarget, code: int, *, content_type: str, body: bytes, location: str, host: str
) -> tuple[ConnectionStatus, Message]:
    what = target.label
    refused = classify_status(code, what)
    if refused:
        return refused
    if 300 <= code < 400:
        elsewhere = (urlsplit(location).hostname or host).lower() != host
        if elsewhere:
            return ConnectionStatus.CAPTIVE_PORTAL, M_(
                "{what} redirected to another site: the network probably needs a sign-in "
                "(captive portal) first.",
                what=what,
            )
        return ConnectionStatus.OK, M_("{what} answered.", what=what)
    html = looks_like_html(content_type, body)
    if code == 200 and target.expect is not Expect.ANY:
        if target.expect is Expect.XML and (b"<settings" in body or body.startswith(b"<?xml")):
            return ConnectionStatus.OK, M_("{what} answered.", what=what)
        if target.expect is Expect.LATENCY_TEXT and body.startswith(b"test=test"):
            return ConnectionStatus.OK, M_("{what} answered.", what=what)
        if target.expect is Expect.EMPTY and not html:
            return ConnectionStatus.OK, M_("{what} answered.", what=what)
        if html:
            return ConnectionStatus.CAPTIVE_PORTAL, captive_reason(what)
        return ConnectionStatus.ERROR, M_(
            "{what} gave an answer that is not a speed test's.", what=what
        )
    if code >= 500:
        return ConnectionStatus.ERROR, M_(
            "{what} has a problem (HTTP {code}).", what=what, code=str(code)
        )
    return ConnectionStatus.OK, M_("{what} answered (HTTP {code}).", what=what, code=str(code))


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


def _answer(
    target: ProbeTarget, settled: Settled[PreflightResult], timeout_s: float
) -> PreflightResult:
    """The probe's own result, or why there is none (a crashed probe counts as unanswered)."""
    if settled.value is not None:
        return settled.value
    if settled.outcome is Outcome.CANCELLED:
        return PreflightResult(target, ConnectionStatus.CANCELLED, M_("Cancelled."), 0.0)
    return PreflightResult(
        target,
        ConnectionStatus.TIMEOUT,
        M_("{what} did not answer within {s:g} s.", what=target.label, s=timeout_s),
        timeout_s,
    )
