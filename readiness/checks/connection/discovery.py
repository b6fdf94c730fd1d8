"""Finds where a LibreSpeed server keeps its test files, from whatever address was typed.

Agencies run LibreSpeed in several layouts (see the README, "The agency's speed-test
server"): the PHP backend under ``/backend/`` beside the speed-test page, the PHP
files in a folder of their own, speedtest-go (``/empty`` and ``/backend/empty.php``
alike), the Rust server (``/backend/empty``). A worker may type the page's address,
the backend folder, an endpoint's full address, or the host without ``http://``.

The discovery asks for ``empty`` in each likely place, most likely first, and judges
each answer by what it must be: an empty 200 (whatever its Content-Type; PHP labels
it ``text/html``). A 404 means "not here", so the next place is tried. A web page, or
a redirect to another site, is what a sign-in page (captive portal) sends. A
redirect on the same site is followed. Once ``empty`` is found, ``garbage`` in the
same place must send bytes that are not a web page. The folder that worked is the
address to type (``Endpoints.base``).
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, replace
from urllib.parse import urljoin

from readiness.checks.connection.failures import (
    Failure,
    ServerLabel,
    captive_reason,
    classify_status,
    looks_like_html,
    redirect_reason,
)
from readiness.checks.connection.model import ConnectionStatus
from readiness.checks.connection.preflight import (
    ReachError,
    Reply,
    quick_get,
    reach_failure,
    redirected_elsewhere,
)
from readiness.checks.connection.settings import ServerUrl, parse_server_url
from readiness.checks.connection.transport import SocketRegistry
from readiness.concurrency import Deadline
from readiness.messages import M_

ENDPOINT_NAMES = ("empty", "garbage", "getip")
SUFFIXES = (".php", "")
"""``empty.php`` (PHP, and speedtest-go's alias) before ``empty`` (speedtest-go, Rust)."""
MAX_REDIRECTS = 3
EXAMPLES = "https://speed.example.org/, https://speed.example.org/backend/"


@dataclass(frozen=True)
class Endpoints:
    """Where a LibreSpeed server's test files are: ``base`` is the address that works."""

    base: ServerUrl
    suffix: str
    connect_ms: float

    @property
    def empty(self) -> str:
        return f"{self.base.path}empty{self.suffix}"

    @property
    def garbage(self) -> str:
        return f"{self.base.path}garbage{self.suffix}"


def typed_folder(typed: ServerUrl) -> ServerUrl:
    """The folder an address names: an endpoint's or a page's file name is dropped."""
    segments = [part for part in typed.path.split("/") if part]
    if segments:
        last = segments[-1].lower()
        if "." in last or last.removesuffix(".php") in ENDPOINT_NAMES:
            segments.pop()
    path = "/" + "".join(f"{part}/" for part in segments)
    return replace(typed, path=path)


def candidate_folders(typed: ServerUrl) -> list[ServerUrl]:
    """Folders that may hold the test files, most likely first.

    A typed ``…/backend/`` is the backend folder itself (never ``…/backend/backend/``);
    any other folder may be the speed-test page's, with the backend below it.
    """
    folder = typed_folder(typed)
    below = replace(folder, path=folder.path + "backend/")
    ordered = [folder] if folder.path.endswith("/backend/") else [below, folder]
    if not typed.scheme_typed:  # typed without http:// or https://: try both
        secure = [
            replace(each, scheme="https", port=443 if each.port == 80 else each.port)
            for each in ordered
        ]
        ordered += secure
    return ordered


def discover(
    typed: ServerUrl,
    address: str,
    *,
    what: ServerLabel,
    deadline: Deadline,
    sockets: SocketRegistry,
) -> Endpoints | Failure:
    """The server's endpoints, or why they could not be found (see the module docstring)."""
    budget = deadline.remaining()
    queue = deque((folder, suffix) for folder in candidate_folders(typed) for suffix in SUFFIXES)
    seen: set[str] = set()
    unreachable: set[tuple[str, int]] = set()
    findings: list[Failure] = []
    redirects = 0
    while queue:
        folder, suffix = queue.popleft()
        url = f"{folder.base}empty{suffix}"
        if url in seen or (folder.scheme, folder.port) in unreachable:
            continue
        seen.add(url)
        if deadline.expired or sockets.stopped.is_set():
            break
        try:
            reply = _get(folder, address, f"{folder.path}empty{suffix}", deadline, sockets)
        except ReachError as exc:
            findings.append(reach_failure(exc, what, budget))
            if exc.stage == "connect":
                unreachable.add((folder.scheme, folder.port))
            continue
        if reply.status == 200 and not reply.body.strip():
            return _check_garbage(
                folder,
                suffix=suffix,
                address=address,
                empty=reply,
                what=what,
                deadline=deadline,
                sockets=sockets,
            )
        if 300 <= reply.status < 400 and not redirected_elsewhere(reply, folder.host):
            redirects += 1
            if redirects <= MAX_REDIRECTS and reply.location:
                moved = parse_server_url(urljoin(url, reply.location), what.inside)
                queue.appendleft((typed_folder(moved), suffix))
            continue
        finding = _finding(reply, folder.host, what)
        if finding is not None:
            findings.append(finding)
    return _not_found(typed, findings, what)


def _get(
    folder: ServerUrl, address: str, path: str, deadline: Deadline, sockets: SocketRegistry
) -> Reply:
    query = f"?r={time.time_ns()}"
    return quick_get(folder, address, path + query, timeout_s=deadline.remaining(), sockets=sockets)


def _finding(reply: Reply, host: str, what: ServerLabel) -> Failure | None:
    """What an answer that is not an empty 200 says about the server (None: "not here")."""
    refused = classify_status(reply.status, what)
    if refused:
        return refused
    if redirected_elsewhere(reply, host):
        return ConnectionStatus.CAPTIVE_PORTAL, redirect_reason(what)
    if reply.status == 200 and looks_like_html(reply.body):
        return ConnectionStatus.CAPTIVE_PORTAL, captive_reason(what)
    return None


def _check_garbage(
    folder: ServerUrl,
    *,
    suffix: str,
    address: str,
    empty: Reply,
    what: ServerLabel,
    deadline: Deadline,
    sockets: SocketRegistry,
) -> Endpoints | Failure:
    endpoints = Endpoints(folder, suffix, empty.connect_ms)
    try:
        reply = quick_get(
            folder,
            address,
            f"{endpoints.garbage}?r={time.time_ns()}&ckSize=1",
            timeout_s=deadline.remaining(),
            sockets=sockets,
            read_limit=16 * 1024,
        )
    except ReachError as exc:
        return reach_failure(exc, what, deadline.remaining())
    if reply.status == 200 and reply.body and not looks_like_html(reply.body):
        return endpoints
    finding = _finding(reply, folder.host, what)
    if finding is not None:
        return finding
    return ConnectionStatus.NO_SERVERS, M_(
        "{what} at {url} answers, but its download file ({path}) sends no test data (HTTP {code}).",
        what=what.start,
        url=folder.base,
        path=endpoints.garbage,
        code=str(reply.status),
    )


_ORDER = (
    ConnectionStatus.CAPTIVE_PORTAL,
    ConnectionStatus.BLOCKED,
    ConnectionStatus.TIMEOUT,
    ConnectionStatus.ERROR,
    ConnectionStatus.OFFLINE,
)


def _not_found(typed: ServerUrl, findings: list[Failure], what: ServerLabel) -> Failure:
    """Why nothing was found: the most telling finding, else "no test files here"."""
    for status in _ORDER:
        for found in findings:
            if found[0] is status:
                return found
    tried = typed_folder(typed).base
    return ConnectionStatus.NO_SERVERS, M_(
        "{what} at {url} has no LibreSpeed test files. Type the address of the speed-test "
        "page or of its backend folder, for example {examples}.",
        what=what.start,
        url=tried,
        examples=EXAMPLES,
    )
