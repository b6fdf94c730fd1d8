"""Every change to the database schema, in order, as ``sqlite_utils.Migrations`` steps.

Never edit a migration that has shipped; add a new one. ``check_not_newer`` refuses
a database that has migrations this version does not know, before anything is
written, so an older app never damages a newer file.
"""

from __future__ import annotations

import json

from sqlite_utils import Database, Migrations

from readiness.messages.stored import from_json, to_json, upgraded

MIGRATION_SET = "readiness"
MIGRATIONS = Migrations(MIGRATION_SET)


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    """Service users, assessments, answers and check results."""
    db.table("service_users").create(
        {"id": str, "code": str, "preferred_name": str, "created": str},
        pk="id",
        not_null={"code", "created"},
    )
    db.table("service_users").create_index(["code"], unique=True)
    db.table("assessments").create(
        {
            "id": str,
            "service_user_id": str,
            "created": str,
            "updated": str,
            "completed": str,
            "status": str,
            "locale": str,
            "staff_initials": str,
            "app_version": str,
        },
        pk="id",
        not_null={"service_user_id", "created", "updated", "status", "locale", "app_version"},
        foreign_keys=[("service_user_id", "service_users", "id")],
    )
    db.table("assessments").create_index(["created"])
    db.table("assessments").create_index(["status", "created"])
    db.table("assessments").create_index(["service_user_id", "created"])
    db.table("answers").create(
        {
            "assessment_id": str,
            "questionnaire_id": str,
            "item_id": str,
            "value_json": str,
            "missing": str,
            "answered_at": str,
        },
        pk=("assessment_id", "questionnaire_id", "item_id"),
        not_null={"answered_at"},
        foreign_keys=[("assessment_id", "assessments", "id")],
    )
    db.table("check_results").create(
        {
            "assessment_id": str,
            "check_id": str,
            "status": str,
            "measured_at": str,
            "reason": str,
            "values_json": str,
            "source": str,
        },
        pk=("assessment_id", "check_id"),
        not_null={"status", "measured_at"},
        foreign_keys=[("assessment_id", "assessments", "id")],
    )


@MIGRATIONS()
def m002_plans(db: Database) -> None:
    """The worker's plan per assessment: decisions on recommendations, own items, notes,
    follow-up date (indexed, for lists of follow-ups that are due)."""
    db.table("plans").create(
        {
            "assessment_id": str,
            "decisions_json": str,
            "added_json": str,
            "text": str,
            "follow_up": str,
            "updated": str,
        },
        pk="assessment_id",
        not_null={"updated"},
        foreign_keys=[("assessment_id", "assessments", "id")],
    )
    db.table("plans").create_index(["follow_up"])


@MIGRATIONS()
def m003_current_step(db: Database) -> None:
    """Where each intake was left, so it reopens at the same step after a crash."""
    db.table("assessments").add_column("current_step", str)


@MIGRATIONS()
def m004_audit(db: Database) -> None:
    """Who did what to which assessment, and when (``readiness.store.audit``).

    No foreign keys: an entry outlives the assessment it names (a "deleted" entry
    must stay). AUTOINCREMENT so the id of an erased entry is never given again,
    and a gap in ids shows that entries were removed.
    """
    db.execute(
        "CREATE TABLE audit_log ("
        "id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "at TEXT NOT NULL, "
        "staff_initials TEXT NOT NULL DEFAULT '', "
        "action TEXT NOT NULL, "
        "assessment_id TEXT, "
        "service_user_id TEXT, "
        "detail TEXT NOT NULL DEFAULT '')"
    )
    db.table("audit_log").create_index(["at"])
    db.table("audit_log").create_index(["service_user_id"])
    db.table("audit_log").create_index(["assessment_id"])


@MIGRATIONS()
def m005_reason_message(db: Database) -> None:
    """A check result's reason as a translatable message in its own column.

    Until now it was JSON text under the reserved ``values_json`` key ``reason_message``;
    it moves to the ``reason_message`` column (compact JSON: msgid and values), with
    msgids changed since rewritten. A damaged one is dropped: the English ``reason``
    stays and is shown.
    """
    db.table("check_results").add_column("reason_message", str)
    moves = []
    for rowid, values_json in db.execute(
        "SELECT rowid, values_json FROM check_results WHERE values_json LIKE '%reason_message%'"
    ).fetchall():
        try:
            values = json.loads(values_json or "{}")
        except ValueError:
            continue  # a damaged row stays as it is; reading it shows its English reason
        if not isinstance(values, dict) or "reason_message" not in values:
            continue
        kept = values.pop("reason_message")
        message = from_json(kept[0] if isinstance(kept, list) and kept else None)
        stored = to_json(upgraded(message)) if message is not None else None
        moves.append((stored, json.dumps(values, ensure_ascii=False), rowid))
    db.conn.executemany(
        "UPDATE check_results SET reason_message = ?, values_json = ? WHERE rowid = ?", moves
    )


_NEWEST = (
    "UPDATE assessments SET newest = 1 - newest WHERE service_user_id = {person} "
    "AND newest != (rowid = (SELECT p.rowid FROM assessments p WHERE p.service_user_id = "
    "{person} ORDER BY p.created DESC, p.rowid DESC LIMIT 1));"
)
"""Mark the person's newest assessment (by start time, then row id) and only that one."""


@MIGRATIONS()
def m006_follow_up(db: Database) -> None:
    """What is due, where an index finds it: Home lists follow-ups and reassessments that are
    due among 100,000 assessments without reading them all.

    ``plans.next_due`` is the plan's first due day (its follow-up or an open item's
    date; before items had dates, the follow-up). Triggers keep two copies on the
    assessment: ``follow_up_due`` (the plan's ``next_due``) and ``newest`` (1 on the
    person's latest assessment only; an earlier plan's open items were carried over
    to it). Triggers, not code, so every writer — import, erasure, purge — keeps them
    right. Two partial indexes cover the newest assessments with a due day, and the
    newest completed ones (a reassessment is due some days after the last one).
    """
    db.table("plans").add_column("next_due", str)
    db.execute("UPDATE plans SET next_due = follow_up")
    db.table("assessments").add_column("follow_up_due", str)
    db.table("assessments").add_column("newest", int, not_null_default=0)
    db.execute(
        "UPDATE assessments SET follow_up_due = "
        "(SELECT next_due FROM plans WHERE plans.assessment_id = assessments.id)"
    )
    db.execute(
        "UPDATE assessments SET newest = NOT EXISTS (SELECT 1 FROM assessments later "
        "WHERE later.service_user_id = assessments.service_user_id "
        "AND (later.created, later.rowid) > (assessments.created, assessments.rowid))"
    )
    for name, event, rows in (
        ("insert", "AFTER INSERT", ("NEW",)),
        ("delete", "AFTER DELETE", ("OLD",)),
        ("update", "AFTER UPDATE OF created, service_user_id", ("OLD", "NEW")),
    ):
        body = " ".join(_NEWEST.format(person=f"{row}.service_user_id") for row in rows)
        db.execute(
            f"CREATE TRIGGER assessments_newest_{name} {event} ON assessments BEGIN {body} END"
        )
    for name, event, value, row in (
        ("insert", "AFTER INSERT", "NEW.next_due", "NEW"),
        ("update", "AFTER UPDATE OF next_due", "NEW.next_due", "NEW"),
        ("delete", "AFTER DELETE", "NULL", "OLD"),
    ):
        db.execute(
            f"CREATE TRIGGER plans_due_{name} {event} ON plans BEGIN UPDATE assessments "
            f"SET follow_up_due = {value} WHERE id = {row}.assessment_id; END"
        )
    db.execute(
        "CREATE INDEX assessments_follow_up_due ON assessments (created, follow_up_due) "
        "WHERE newest = 1 AND follow_up_due IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX assessments_reassessment_due ON assessments (created) "
        "WHERE newest = 1 AND status = 'complete'"
    )


@MIGRATIONS()
def m007_hub_sync(db: Database) -> None:
    """The agency hub: this device's credential, what was sent, erasures still to send.

    ``sync_device`` holds one row once the laptop has joined a hub (the credential
    stays inside the encrypted database). ``sync_sent`` records the version last sent
    of each assessment and the ``updated`` time it had then, so an assessment
    completed again after a change is a new version; ``sync_refused`` keeps what the
    hub refused, until the assessment changes. ``sync_erasures`` lists people erased
    here whose erasure the hub has not yet confirmed (``readiness.store.outbox``).
    """
    db.execute(
        "CREATE TABLE sync_device (one INTEGER PRIMARY KEY CHECK (one = 1), "
        "hub_url TEXT NOT NULL, device_id TEXT NOT NULL, device_name TEXT NOT NULL, "
        "credential TEXT NOT NULL, ca_pem TEXT, joined TEXT NOT NULL, "
        "last_attempt TEXT, last_success TEXT, last_problem TEXT)"
    )
    db.execute(
        "CREATE TABLE sync_sent (assessment_id TEXT PRIMARY KEY, version INTEGER NOT NULL, "
        "updated TEXT NOT NULL, sent TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE sync_refused (assessment_id TEXT PRIMARY KEY, updated TEXT NOT NULL, "
        "problem TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE sync_erasures (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "service_user_id TEXT NOT NULL, erased TEXT NOT NULL)"
    )


@MIGRATIONS()
def m008_assessment_results(db: Database) -> None:
    """What was decided when an assessment was completed: the record the outputs read.

    One row per completed assessment: the version of the rules that made it
    (``Interpretation.version``), when and how (``completed``: stored as the assessment
    was completed; ``first_read``: an assessment completed before results were stored,
    or imported, whose result was worked out the first time it was read, with the rules
    in force then; ``recomputed``: replaced on a worker's request, audited), the
    decisions as compact JSON codes for exports (``codes_json``) and the whole result
    (``result``: ``readiness.equity.result_data``'s JSON, zlib-compressed: about 13 kB).
    Reopening an assessment deletes its row. Rows are filled on first read, not here: a
    migration does not know the agency's rules.
    """
    db.execute(
        "CREATE TABLE assessment_results (assessment_id TEXT PRIMARY KEY "
        "REFERENCES assessments(id), rules_version TEXT NOT NULL, computed TEXT NOT NULL, "
        "basis TEXT NOT NULL, codes_json TEXT NOT NULL, result BLOB NOT NULL)"
    )


def known_names() -> list[str]:
    """Names of every migration this version knows, in order."""
    return [migration.name for migration in MIGRATIONS._migrations]


def unknown_applied(db: Database) -> list[str]:
    """Migrations recorded in ``db`` that this version does not know (a newer app made them)."""
    known = set(known_names())
    return [m.name for m in MIGRATIONS.applied(db) if m.name not in known]


def apply(db: Database) -> None:
    """Bring the schema up to date.

    Two commands opening a new file at once must not both migrate it: the pending
    migrations are applied in one write transaction (``BEGIN IMMEDIATE`` in
    ``readiness.store.database.RecordsDatabase``), so the second waits and then finds
    nothing left to do. Reading what is pending takes no lock.
    """
    if not MIGRATIONS.pending(db):
        return
    with db.atomic():
        MIGRATIONS.apply(db)
