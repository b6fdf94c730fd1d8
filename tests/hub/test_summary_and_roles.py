"""The hub's summary equals the laptops' own; the reporting role cannot write."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from readiness.hub import migrations, summary
from readiness.hub.cli import main as hub_main
from readiness.hub.database import as_reporting_connection
from readiness.i18n import translator
from readiness.practice import fill_practice_database
from readiness.reports.summary import summary_rows, tally_documents
from readiness.store.database import open_database
from readiness.store.export_queries import DateRange, iter_documents
from readiness.sync.join import join_hub
from readiness.sync.run import sync
from tests.factories import builtin_interpretation
from tests.hub.helpers import enroll
from tests.hub.servers import HubProcess


def _accept_some(db: object) -> None:
    """Every second completed assessment accepts its first two recommendations, and one that
    was not made (which the summary must not count)."""
    from readiness.plan import Decision, Plan, PlanDecision
    from readiness.store import plans

    interpretation = builtin_interpretation()
    for index, document in enumerate(iter_documents(db)):  # type: ignore[arg-type]
        if index % 2 or document.assessment.status.value != "complete":
            continue
        made = [r.id for r in interpretation.assess(document).recommendations][:2]
        decisions = [PlanDecision(rec, Decision.ACCEPTED) for rec in [*made, "never-made"]]
        plans.save_plan(db, document.assessment.id, Plan(decisions=tuple(decisions)))  # type: ignore[arg-type]


def _laptop(path: Path, hub: HubProcess, name: str, people: int) -> None:
    db = open_database(path)
    try:
        fill_practice_database(db, people)
        _accept_some(db)
        join_hub(db, hub.url, enroll(hub.dsn, name), hub.cert.read_text())
        report = sync(db, builtin_interpretation(), staff="MJ")
        assert report.errors == [] and report.pending == 0
    finally:
        db.close()


def _laptop_tally(paths: list[Path], dates: DateRange):  # type: ignore[no-untyped-def]
    documents = []
    for path in paths:
        db = open_database(path)
        try:
            documents += list(iter_documents(db, dates))
        finally:
            db.close()
    return tally_documents(documents, builtin_interpretation().assess)


@pytest.mark.slow
def test_the_hubs_summary_equals_the_laptops_own(hub: HubProcess, tmp_path: Path) -> None:
    paths = [tmp_path / "one.db", tmp_path / "two.db"]
    _laptop(paths[0], hub, "summary-1", 60)
    _laptop(paths[1], hub, "summary-2", 40)
    rules = builtin_interpretation().rules
    with psycopg.connect(hub.dsn, row_factory=dict_row) as conn:
        for dates in (
            DateRange(),
            DateRange(date(2000, 1, 1), date.today()),
            DateRange(date.today(), None),
        ):
            with as_reporting_connection(conn):
                on_hub = summary.tally(conn, dates)
            on_laptops = _laptop_tally(paths, dates)
            assert on_hub == on_laptops
            for locale in ("en", "es"):
                t = translator(locale)
                assert summary_rows(on_hub, rules, t) == summary_rows(on_laptops, rules, t)
    whole = _laptop_tally(paths, DateRange())
    assert whole.total > 100 and len(whole.bands) > 5 and sum(whole.accepted.values()) > 0, (
        "the practice data is varied enough for the comparison to mean something"
    )


def test_the_summary_command_prints_the_same_rows(
    hub: HubProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    _laptop(tmp_path / "one.db", hub, "summary-cli", 30)
    capsys.readouterr()
    assert hub_main(["summary", "--dsn", hub.dsn, "--json", "--language", "es"]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = summary_rows(
        _laptop_tally([tmp_path / "one.db"], DateRange()),
        builtin_interpretation().rules,
        translator("es"),
    )
    assert printed == [row.__dict__ for row in expected]


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO hub_audit (actor, action) VALUES ('x', 'y')",
        "UPDATE assessment_versions SET flagged = true",
        "DELETE FROM assessments",
        "UPDATE devices SET revoked = now()",
        "SELECT credential_hash FROM devices",
        "SELECT * FROM admins",
        "CREATE TABLE sneaky (x int)",
    ],
)
def test_the_reporting_role_cannot_write_or_read_secrets(hub_dsn: str, statement: str) -> None:
    with (
        psycopg.connect(hub_dsn, row_factory=dict_row) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
        as_reporting_connection(conn),
    ):
        conn.execute(statement)


def test_the_reporting_role_reads_what_the_page_needs(hub_dsn: str) -> None:
    with psycopg.connect(hub_dsn, row_factory=dict_row) as conn, as_reporting_connection(conn):
        assert conn.execute("SELECT current_user AS who").fetchone() == {
            "who": migrations.REPORTING
        }
        assert summary.tally(conn).total == 0
        assert summary.per_site_and_month(conn) == []
        assert summary.flagged_versions(conn) == []


def test_migrations_are_recorded_and_applying_again_changes_nothing(hub_dsn: str) -> None:
    with psycopg.connect(hub_dsn) as conn:
        assert migrations.apply(conn) == []
        assert migrations.applied(conn) == list(range(1, len(migrations.MIGRATIONS) + 1))
        assert migrations.pending(conn) == []
