"""One sync: send the outbox to the hub in batches, then the erasures, and say how it went.

Assessments go in batches of up to ``MAX_BATCH`` (smaller when the documents are
large), each request retried with backoff while the problem may pass. A batch the hub
refuses as invalid (422) names the version at fault: that one is set aside with the
hub's reason, and the rest of the batch is sent again. Every version the hub answers
for ("stored" or "already there") is marked sent, so a sync cut off at any point
resumes where it stopped and sends nothing twice as new. Nothing is deleted because
the hub could not be reached: the outbox simply waits.

The audit log records each sync that sent something ("exported", with counts) and
each erasure the hub confirmed ("erased", counts only), both naming ``staff``, the
worker who asked for the sync or whose app ran it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from readiness.errors import ReadinessError
from readiness.messages import M_, Message
from readiness.messages.stored import to_json
from readiness.progress import CancelToken, Progress, no_progress
from readiness.store import audit, outbox
from readiness.store.audit import AuditAction
from readiness.sync import protocol
from readiness.sync.client import Hub, HubProblem, post, retrying
from readiness.sync.payload import version_entry

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.interpret import Interpretation

BATCH_BYTES = protocol.MAX_REQUEST_BYTES // 2
_FAULT = re.compile(r"versions\.(\d+)")


@dataclass
class SyncReport:
    """What one sync did; ``errors`` are plain sentences (empty when all went well)."""

    sent: int = 0
    already_there: int = 0
    flagged: int = 0
    refused: int = 0
    erasures_sent: int = 0
    pending: int = 0
    errors: list[Message] = field(default_factory=list)

    def as_json(self, render: Callable[[Message], str]) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "already_there": self.already_there,
            "flagged": self.flagged,
            "refused": self.refused,
            "erasures_sent": self.erasures_sent,
            "pending": self.pending,
            "errors": [render(error) for error in self.errors],
        }


def not_joined() -> ReadinessError:
    return ReadinessError(
        M_("this laptop has not joined an agency server: readiness hub join URL CODE")
    )


def _hub(db: Database) -> Hub:
    joined = outbox.joined_hub(db)
    if joined is None:
        raise not_joined()
    return Hub(joined.hub_url, joined.ca_pem, joined.credential)


def _batch(
    db: Database, interpretation: Interpretation
) -> list[tuple[outbox.PendingVersion, dict[str, Any]]]:
    batch: list[tuple[outbox.PendingVersion, dict[str, Any]]] = []
    size = 0
    for pending in outbox.pending_versions(db, protocol.MAX_BATCH):
        entry = version_entry(db, pending, interpretation)
        entry_size = len(json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        if batch and size + entry_size > BATCH_BYTES:
            break
        batch.append((pending, entry))
        size += entry_size
    return batch


def _send_batch(
    db: Database,
    hub: Hub,
    batch: list[tuple[outbox.PendingVersion, dict[str, Any]]],
    report: SyncReport,
    sleep: Callable[[float], None],
) -> None:
    while batch:
        body = {"versions": [entry for _pending, entry in batch]}
        try:
            answer = retrying(partial(post, hub, protocol.ASSESSMENTS_PATH, body), sleep=sleep)
        except HubProblem as problem:
            fault = _FAULT.match(str(problem.answer.get("field", "")))
            if problem.status not in (413, 422) or (problem.status == 422 and not fault):
                raise
            index = int(fault.group(1)) if fault else 0
            if index >= len(batch):
                raise
            reason = str(problem.answer.get("problem", "too large"))
            outbox.mark_refused(db, batch[index][0], f"{problem.answer.get('field', '')}: {reason}")
            report.refused += 1
            report.errors.append(
                M_("the agency server refused one assessment: {reason}", reason=reason)
            )
            del batch[index]
            continue
        outbox.mark_sent(db, [pending for pending, _entry in batch])
        report.sent += len(answer.get("stored", []))
        report.already_there += len(answer.get("already_there", []))
        report.flagged += len(answer.get("flagged", []))
        return


def _send_erasures(
    db: Database, hub: Hub, report: SyncReport, staff: str, sleep: Callable[[float], None]
) -> None:
    while erasures := outbox.pending_erasures(db, protocol.MAX_BATCH):
        body = {"erasures": [{"service_user_id": person} for _id, person in erasures]}
        answer = retrying(partial(post, hub, protocol.ERASURES_PATH, body), sleep=sleep)
        with db.atomic():
            outbox.erasures_confirmed(db, [row for row, _person in erasures])
            audit.record(
                db,
                AuditAction.ERASED,
                staff=staff,
                detail=f"the agency server erased {int(answer.get('erased', 0))} versions "
                f"of {len(erasures)} people",
            )
        report.erasures_sent += len(erasures)


def sync(
    db: Database,
    interpretation: Interpretation,
    *,
    staff: str,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SyncReport:
    """Send everything waiting; the report says what happened (problems never raise).

    ``staff`` (initials, "" when not known) is recorded as the actor in the audit log."""
    hub = _hub(db)
    report = SyncReport()
    total = outbox.count_pending(db)
    try:
        while not (cancel is not None and cancel.cancelled):
            batch = _batch(db, interpretation)
            if not batch:
                break
            _send_batch(db, hub, batch, report, sleep)
            done = report.sent + report.already_there + report.refused
            progress(
                min(1.0, done / total) if total else None,
                M_("Sent {done} of {total}", done=done, total=total),
            )
        _send_erasures(db, hub, report, staff, sleep)
    except HubProblem as problem:
        report.errors.append(problem.message)
        outbox.record_attempt(db, to_json(problem.message))
    else:
        outbox.record_attempt(db, None)
    report.pending = outbox.count_pending(db)
    if report.sent or report.already_there:
        audit.record(
            db,
            AuditAction.EXPORTED,
            staff=staff,
            detail=f"sent {report.sent} assessments to the agency server "
            f"({report.already_there} already there)",
        )
    return report
