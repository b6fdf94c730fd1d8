"""Where syncing stands, in plain words: the hub, the last sync, what waits, any problem.

``sync_status`` reads the outbox (``readiness.store.outbox``) and returns
``SyncStatus``; ``lines`` turns it into messages for the Settings page and
``readiness hub status``, rendered later in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from readiness.messages import M_, MN_, Message
from readiness.messages.stored import from_json
from readiness.store import outbox

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class SyncStatus:
    """The state of syncing on this laptop."""

    hub_url: str | None
    device_name: str | None
    last_success: datetime | None
    problem: Message | None
    pending: int
    erasures: int
    refused: int

    @property
    def joined(self) -> bool:
        return self.hub_url is not None


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def sync_status(db: Database) -> SyncStatus:
    joined = outbox.joined_hub(db)
    return SyncStatus(
        hub_url=joined.hub_url if joined else None,
        device_name=joined.device_name if joined else None,
        last_success=_time(joined.last_success) if joined else None,
        problem=from_json(joined.last_problem) if joined and joined.last_problem else None,
        pending=outbox.count_pending(db),
        erasures=outbox.count_erasures(db),
        refused=outbox.count_refused(db),
    )


def lines(status: SyncStatus) -> list[Message]:
    """The status as sentences, most important first."""
    if not status.joined:
        return [M_("This laptop has not joined an agency server.")]
    found: list[Message] = []
    if status.problem is not None:
        found.append(M_("Problem: {problem}", problem=status.problem))
    found.append(
        M_("Joined {url} as {name}.", url=status.hub_url or "", name=status.device_name or "")
    )
    if status.last_success is None:
        found.append(M_("Not synced yet."))
    else:
        when = status.last_success.strftime("%Y-%m-%d %H:%M")
        found.append(M_("Last sync: {when} UTC", when=when))
    if status.pending or status.erasures:
        found.append(
            MN_(
                "{count} assessment waiting to be sent",
                "{count} assessments waiting to be sent",
                count=status.pending,
            )
        )
    else:
        found.append(M_("Nothing is waiting to be sent."))
    if status.erasures:
        found.append(
            MN_(
                "{count} erasure waiting to be sent",
                "{count} erasures waiting to be sent",
                count=status.erasures,
            )
        )
    if status.refused:
        found.append(
            MN_(
                "{count} assessment was refused by the agency server; it is sent again "
                "once changed",
                "{count} assessments were refused by the agency server; they are sent "
                "again once changed",
                count=status.refused,
            )
        )
    return found
