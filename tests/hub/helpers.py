"""What the hub's tests share: completed documents with results, raw requests, joined devices."""

from __future__ import annotations

import http.client
import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import psycopg
from psycopg.rows import dict_row

from readiness.document import AssessmentDocument
from readiness.hub import devices
from readiness.model import AssessmentStatus
from readiness.reports.exports_json import with_results
from readiness.session.decided import decided_for
from readiness.sync import protocol
from tests.factories import builtin_interpretation, make_document
from tests.hub.servers import HubProcess


def completed(document: AssessmentDocument | None = None, **kwargs: Any) -> AssessmentDocument:
    document = document or make_document(**kwargs)
    a = document.assessment
    done = replace(a, status=AssessmentStatus.COMPLETE, completed=a.updated + timedelta(minutes=1))
    return replace(document, assessment=done)


def entry(
    document: AssessmentDocument, version: int = 1, previous: int | None = None
) -> dict[str, Any]:
    return {
        "version": version,
        "previous_version": previous,
        "document": with_results(document, decided_for(document, builtin_interpretation())),
    }


def request(
    hub: HubProcess,
    path: str,
    body: Any = None,
    *,
    credential: str | None = None,
    method: str = "POST",
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any], dict[str, str]]:
    """One HTTPS request to the hub: status, JSON answer ({} if none), headers."""
    sent = {"Content-Type": "application/json", **(headers or {})}
    if credential is not None:
        sent["Authorization"] = f"Bearer {credential}"
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    conn = http.client.HTTPSConnection("127.0.0.1", hub.port, context=hub.context(), timeout=60)
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        text = response.read()
        answer_headers = {key.lower(): value for key, value in response.getheaders()}
    finally:
        conn.close()
    try:
        answer = json.loads(text) if text else {}
    except ValueError:
        answer = {"text": text.decode("utf-8", "replace")}
    return response.status, answer if isinstance(answer, dict) else {"list": answer}, answer_headers


def enroll(dsn: str, name: str, site: str = "") -> str:
    with psycopg.connect(dsn, row_factory=dict_row) as conn:
        return devices.enroll(conn, name, site)


def joined_device(hub: HubProcess, name: str, site: str = "") -> str:
    """Enrol ``name`` and join it through the API; returns its credential."""
    code = enroll(hub.dsn, name, site)
    status, answer, _headers = request(hub, protocol.JOIN_PATH, {"code": code})
    assert status == 200, answer
    return str(answer["credential"])


def query(dsn: str, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    with psycopg.connect(dsn, row_factory=dict_row) as conn:
        return list(conn.execute(sql, params or []).fetchall())
