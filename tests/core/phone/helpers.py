"""Shared by the phone tests: a phone that posts its report over loopback, as the page does."""

from __future__ import annotations

import contextlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from unittest import mock

from readiness import concurrency
from readiness.phone.link import PhoneLink

IPHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
REPORT = {
    "target": "laptop",
    "download_mbps": 24.6,
    "upload_mbps": 9.8,
    "rtt_ms": 18.0,
    "jitter_ms": 3.2,
    "duration_s": 21.0,
    "user_agent": IPHONE_UA,
    "screen_width": 390,
    "screen_height": 844,
    "connection_type": "wifi",
}


def post(url: str, body: Any, *, raw: bytes | None = None) -> tuple[int, bytes]:
    """POST ``body`` as JSON (or ``raw`` bytes) to ``url``; the status and the answer."""
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@contextlib.contextmanager
def phone_that_reports(report: Any = REPORT) -> Iterator[list[PhoneLink]]:
    """While open, every phone link that opens gets ``report`` posted to it, as the page
    would (the links are listed as they open)."""
    opened: list[PhoneLink] = []
    original = PhoneLink.open

    def open_and_report(link: PhoneLink) -> PhoneLink:
        original(link)
        opened.append(link)
        url = link.url
        concurrency.start([lambda: (time.sleep(0.2), post(url + "report", report))], name="phone")
        return link

    with mock.patch.object(PhoneLink, "open", open_and_report):
        yield opened
