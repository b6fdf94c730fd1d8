"""Talking to the hub over HTTPS: one POST of JSON, the certificate always verified.

``post`` sends a request and returns the JSON answer, or raises a ``HubProblem``
that says in plain words what went wrong: the hub cannot be reached (no network,
refused, timed out, a 5xx answer), its certificate cannot be verified, this laptop
is not recognised or was revoked, or the hub asks to slow down. ``retrying`` tries
again, with exponential backoff and jitter, only for the problems that may pass.
Only ``https://`` addresses are accepted. The standard library is enough here.
"""

from __future__ import annotations

import http.client
import json
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from readiness.errors import ReadinessError
from readiness.messages import M_, Message

T = TypeVar("T")

TIMEOUT_S = 30.0
NOT_REACHABLE = M_("agency server not reachable")


class HubProblem(ReadinessError):
    """Sending did not work; ``message`` says why in plain words, ``passing`` whether to retry."""

    def __init__(
        self,
        message: Message,
        *,
        passing: bool = False,
        status: int = 0,
        answer: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.passing = passing
        self.status = status
        self.answer = answer or {}


@dataclass(frozen=True)
class Hub:
    """Where the hub is and how to trust it: its address and, if any, the agency's CA (PEM)."""

    url: str
    ca_pem: str | None = None
    credential: str | None = None

    def context(self) -> ssl.SSLContext:
        context = (
            ssl.create_default_context(cadata=self.ca_pem)
            if self.ca_pem
            else (ssl.create_default_context())
        )
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context


def checked_url(url: str) -> str:
    """``url`` without a trailing slash, or an error unless it is an https:// address."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise ReadinessError(
            M_("the agency server's address must start with https:// (it was {url})", url=url)
        )
    return url.strip().rstrip("/")


def _problem(status: int, answer: dict[str, Any]) -> HubProblem:
    if status == 401:
        return HubProblem(
            M_("the agency server does not recognise this laptop: join it again"), status=status
        )
    if status == 403:
        return HubProblem(
            M_("the agency server no longer accepts this laptop (it was revoked)"), status=status
        )
    if status == 429:
        return HubProblem(
            M_("the agency server asked to wait a little"), passing=True, status=status
        )
    if status >= 500:
        return HubProblem(NOT_REACHABLE, passing=True, status=status)
    return HubProblem(
        M_("the agency server refused what was sent ({status})", status=status),
        status=status,
        answer=answer,
    )


def post(hub: Hub, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST ``body`` as JSON to ``path`` on the hub; the answer, or ``HubProblem``."""
    parts = urlsplit(checked_url(hub.url))
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if hub.credential:
        headers["Authorization"] = f"Bearer {hub.credential}"
    conn = http.client.HTTPSConnection(
        parts.hostname or "", parts.port or 443, timeout=TIMEOUT_S, context=hub.context()
    )
    try:
        conn.request("POST", f"{parts.path}{path}", body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
    except ssl.SSLCertVerificationError:
        raise HubProblem(
            M_(
                "the agency server's certificate could not be verified: check the address "
                "and the agency's CA file"
            )
        ) from None
    except (OSError, http.client.HTTPException):
        raise HubProblem(NOT_REACHABLE, passing=True) from None
    finally:
        conn.close()
    try:
        answer = json.loads(raw) if raw else {}
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    if response.status != 200:
        raise _problem(response.status, answer)
    return answer


def retrying(
    call: Callable[[], T],
    *,
    attempts: int = 4,
    first_wait: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``call()``, tried again after 0.5, 1, 2 ... s (with jitter) while the problem may pass."""
    for attempt in range(attempts):
        try:
            return call()
        except HubProblem as problem:
            if not problem.passing or attempt == attempts - 1:
                raise
            sleep(first_wait * 2**attempt * (1 + random.random() / 2))
    raise AssertionError("unreachable")  # pragma: no cover
