"""Joining a hub: exchange the one-time enrolment code for this laptop's credential.

The code goes to the hub over verified HTTPS (with the agency's CA file if given);
the credential that comes back is kept in the encrypted database with the hub's
address and the CA certificate, so later syncs trust the same certificate authority.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from readiness.errors import ReadinessError
from readiness.files import CERTIFICATES, read_text_file
from readiness.messages import M_
from readiness.store import outbox
from readiness.sync import protocol
from readiness.sync.client import Hub, HubProblem, checked_url, post

if TYPE_CHECKING:
    from sqlite_utils import Database


def read_ca(path: Path) -> str:
    """The agency's CA certificate(s) as PEM text, or an error naming the file."""
    text = read_text_file(path, CERTIFICATES)
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise ReadinessError(M_("{path}: not a PEM certificate file", path=str(path)))
    return text


def join_hub(db: Database, url: str, code: str, ca_pem: str | None = None) -> str:
    """Join the hub at ``url`` with ``code``; returns the device name the hub gave."""
    url = checked_url(url)
    try:
        answer = post(Hub(url, ca_pem), protocol.JOIN_PATH, {"code": code.strip()})
    except HubProblem as problem:
        if problem.status == 401:
            raise ReadinessError(
                M_(
                    "the agency server did not accept the code: it may be mistyped, used or "
                    "expired; ask for a new one"
                )
            ) from None
        raise
    credential, device_id, name = (
        answer.get("credential"),
        answer.get("device_id"),
        answer.get("device_name"),
    )
    if not all(isinstance(value, str) and value for value in (credential, device_id, name)):
        raise ReadinessError(M_("the agency server gave an answer this app does not understand"))
    outbox.save_join(
        db,
        hub_url=url,
        device_id=str(device_id),
        device_name=str(name),
        credential=str(credential),
        ca_pem=ca_pem,
    )
    return str(name)
