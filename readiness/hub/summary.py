"""The agency's numbers, counted in PostgreSQL: the de-identified summary, counts per site.

``tally`` counts the newest unflagged version of each completed assessment created
in the date range, exactly as the laptop's ``readiness.reports.summary.Tally`` counts
documents: each domain's band (no band: "not enough information"), each channel's
verdict, each recommendation once per assessment, and each accepted decision on a
recommendation that was made. The counts become a ``Tally``, and the rows, their
small-number suppression and their wording come from ``readiness.reports.summary``
itself, so the hub and the laptops cannot disagree on what is shown or hidden.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time, timedelta
from typing import Any

from readiness.hub.database import Connection
from readiness.reports.summary import NOT_ENOUGH, Tally
from readiness.store.export_queries import DateRange

_CURRENT = "SELECT * FROM current_versions WHERE status = 'complete' AND {dates}"


def date_clause(dates: DateRange) -> tuple[str, list[Any]]:
    parts, params = [], []
    if dates.since is not None:
        parts.append("created >= %s")
        params.append(datetime.combine(dates.since, time(), UTC))
    if dates.until is not None:
        parts.append("created < %s")
        params.append(datetime.combine(dates.until + timedelta(days=1), time(), UTC))
    return " AND ".join(parts) or "true", params


def _pairs(conn: Connection, query: str, params: list[Any]) -> Counter[tuple[str, str]]:
    return Counter(
        {
            (str(row["item"]), str(row["category"])): int(row["n"])
            for row in conn.execute(query, params)
        }
    )


def _singles(conn: Connection, query: str, params: list[Any]) -> Counter[str]:
    return Counter({str(row["item"]): int(row["n"]) for row in conn.execute(query, params)})


def tally(conn: Connection, dates: DateRange | None = None) -> Tally:
    """The summary's counts over the hub's current versions created in ``dates``."""
    where, params = date_clause(dates or DateRange())
    current = f"WITH v AS ({_CURRENT.format(dates=where)}) "
    total = conn.execute(current + "SELECT count(*) AS n FROM v", params).fetchone()
    bands = _pairs(
        conn,
        current + "SELECT p.key AS item, coalesce(p.value->>'band', %s) AS category, "
        "count(*) AS n FROM v, jsonb_each(v.results->'profile') p GROUP BY 1, 2",
        [*params, NOT_ENOUGH],
    )
    verdicts = _pairs(
        conn,
        current + "SELECT c.key AS item, c.value #>> '{}' AS category, count(*) AS n "
        "FROM v, jsonb_each(v.results->'channels') c GROUP BY 1, 2",
        params,
    )
    recommended = _singles(
        conn,
        current + "SELECT r.value->>'id' AS item, count(DISTINCT v.assessment_id) AS n "
        "FROM v, jsonb_array_elements(v.results->'recommendations') r GROUP BY 1",
        params,
    )
    accepted = _singles(
        conn,
        current + "SELECT d.value->>'recommendation_id' AS item, count(*) AS n "
        "FROM v, jsonb_array_elements(coalesce(v.document->'plan'->'decisions', '[]'::jsonb)) d "
        "WHERE d.value->>'decision' = 'accepted' AND EXISTS (SELECT 1 FROM "
        "jsonb_array_elements(v.results->'recommendations') r "
        "WHERE r.value->>'id' = d.value->>'recommendation_id') GROUP BY 1",
        params,
    )
    return Tally(
        total=int(total["n"]) if total else 0,
        bands=bands,
        verdicts=verdicts,
        recommended=recommended,
        accepted=accepted,
    )


def per_site_and_month(conn: Connection) -> list[dict[str, Any]]:
    """Completed assessments (current versions) per site of the owning device and month."""
    rows = conn.execute(
        "SELECT d.site, to_char(v.created AT TIME ZONE 'UTC', 'YYYY-MM') AS month, "
        "count(*) AS assessments FROM current_versions v "
        "JOIN assessments a USING (assessment_id) JOIN devices d ON d.id = a.owner_device "
        "WHERE v.status = 'complete' GROUP BY 1, 2 ORDER BY 2 DESC, 1"
    ).fetchall()
    return [dict(row) for row in rows]


def flagged_versions(conn: Connection) -> list[dict[str, Any]]:
    """Versions sent by a device that does not own the assessment, for an admin to review."""
    rows = conn.execute(
        "SELECT v.assessment_id, v.version, d.name AS device, v.received "
        "FROM assessment_versions v JOIN devices d ON d.id = v.device_id "
        "WHERE v.flagged ORDER BY v.received DESC LIMIT 200"
    ).fetchall()
    return [dict(row) for row in rows]
