"""When each entitlement gap was first seen (``entitlement_seen``).

Every command that changes what a gap depends on (a post, its mentor or tutor,
their QTS, the entitlement record, the school's special measures) calls
``refresh_seen`` in the same transaction with the day it acts as of: a gap the
records now show is stored with that day unless already stored, and a gap they
no longer show is forgotten (should it come back, it is new again).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict

from ectrack.rules.entitlement import record_gaps
from ectrack.store.db import one_of
from ectrack.store.ects import select_periods
from ectrack.store.schools import get_school


def seen_dates(conn: sqlite3.Connection, trn: str | None = None) -> dict:
    """(period id, gap) → the day first seen (None: before ectrack kept the day)."""
    sql, args = "SELECT period_id, gap, seen_on FROM entitlement_seen", []
    if trn is not None:
        sql, args = sql + " WHERE trn = ?", [trn]
    return {
        (period_id, gap): dt.date.fromisoformat(seen) if seen else None
        for period_id, gap, seen in conn.execute(sql, args)
    }


def refresh_seen(
    conn: sqlite3.Connection,
    today: dt.date | None,
    *,
    trns: list[str] | None = None,
    school_urn: str | None = None,
    staff_id: int | None = None,
) -> None:
    """Bring the first-seen days of the posts held now or later by these ECTs (or at
    this school, or with this mentor or tutor) up to date with their records."""
    where, args = ["p.appropriate_body IS NULL"], []  # posts here, not periods elsewhere
    if trns is not None:
        condition, values = one_of(conn, "p.trn", trns)
        where.append(condition)
        args += values
    if school_urn is not None:
        where.append("p.school_urn = ?")
        args.append(school_urn)
    if staff_id is not None:
        where.append("(p.mentor_id = ? OR p.tutor_id = ?)")
        args += [staff_id, staff_id]
    if today is not None:
        where.append("(p.finished_on IS NULL OR p.finished_on >= ?)")
        args.append(today.isoformat())
    else:
        where.append("p.finished_on IS NULL")
    periods = select_periods(conn, " AND ".join(where), args)
    if not periods:
        return
    stored: dict[int, set[str]] = defaultdict(set)
    condition, ids = one_of(conn, "period_id", [p.id for p in periods])
    for period_id, gap in conn.execute(
        f"SELECT period_id, gap FROM entitlement_seen WHERE {condition}", ids
    ):
        stored[period_id].add(gap)
    schools: dict = {}
    new, gone = [], []
    seen_on = today.isoformat() if today else None
    for period in periods:
        urn = period.school_urn
        if urn not in schools:
            schools[urn] = get_school(conn, urn)
        codes = {f.code for f in record_gaps(period, schools[urn])}
        new += [(period.trn, period.id, code, seen_on) for code in codes - stored[period.id]]
        gone += [(period.id, code) for code in stored[period.id] - codes]
    conn.executemany(
        "INSERT INTO entitlement_seen (trn, period_id, gap, seen_on) VALUES (?, ?, ?, ?)", new
    )
    conn.executemany("DELETE FROM entitlement_seen WHERE period_id = ? AND gap = ?", gone)


def carry_seen(conn: sqlite3.Connection, from_period: int, to_period: int) -> None:
    """A new period of the same post (a change of FTE): its gaps were seen when the
    post's were."""
    conn.execute(
        "INSERT INTO entitlement_seen (trn, period_id, gap, seen_on) "
        "SELECT trn, ?, gap, seen_on FROM entitlement_seen WHERE period_id = ? "
        "ON CONFLICT DO NOTHING",
        [to_period, from_period],
    )
