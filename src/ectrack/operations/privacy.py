"""Data protection: what is held about one person, erasing it, and retention.

Records of an induction are kept at least six years (SG 2.74-2.80); after that,
and when a person asks, they are erased. Erasing removes every row about the ECT
and what the audit log says about them, while the log keeps that an erasure
happened, when, and by whom (see ``store.audit`` for how the chain survives it).
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from ectrack.models import Ect, iso
from ectrack.store.audit import Author, list_events, record_event
from ectrack.values import visible_text

#: [decision] Records are kept six full years after an induction ends with this AB.
RETENTION_YEARS = 6
#: The tables holding an ECT's own rows, children first (foreign keys).
ECT_TABLES = (
    "checkpoint_records",
    "absences",
    "decisions",
    "riab_exports",
    "entitlement_seen",
    "induction_periods",
)


def subject_access(conn: sqlite3.Connection, ect: Ect, today: dt.date) -> dict:
    """Everything ectrack holds about one person, for a subject access request."""
    from ectrack.store.induction import load_induction

    tables = {}
    for table in ("ects", *ECT_TABLES):
        cursor = conn.execute(f"SELECT * FROM {table} WHERE trn = ?", [ect.trn])
        names = [d[0] for d in cursor.description]
        tables[table] = [dict(zip(names, row, strict=True)) for row in cursor]
    staff_ids = {
        i for p in tables["induction_periods"] for i in (p["mentor_id"], p["tutor_id"]) if i
    }
    staff = conn.execute(
        f"SELECT id, school_urn, name, email, qts FROM staff WHERE id IN "
        f"({', '.join('?' * len(staff_ids))})",
        sorted(staff_ids),
    )
    return {
        "trn": ect.trn,
        "exported_on": today.isoformat(),
        "induction": load_induction(conn, ect, today).to_json(),
        "stored": tables,
        "mentors_and_tutors": [
            dict(zip(("id", "school_urn", "name", "email", "qts"), row, strict=True))
            for row in staff
        ],
        "audit_events": [e.to_json() for e in list_events(conn, trn=ect.trn)],
    }


def erase_ect(conn: sqlite3.Connection, author: Author, ect: Ect, reason: str) -> dict:
    """Remove every row about the ECT and what the audit log says about them; record
    that it was done (by whom, when, why) without any of the erased data."""
    reason = visible_text(reason, "reason")
    counts = {}
    for table in ECT_TABLES:
        counts[table] = conn.execute(f"DELETE FROM {table} WHERE trn = ?", [ect.trn]).rowcount
    counts["ects"] = conn.execute("DELETE FROM ects WHERE trn = ?", [ect.trn]).rowcount
    about = "WHERE trn = ? OR (entity = 'ect' AND entity_id = ?)"
    emptied = [i for (i,) in conn.execute(f"SELECT id FROM audit_events {about}", [ect.trn] * 2)]
    conn.execute(
        "UPDATE audit_events SET erased = 1, trn = NULL, before = NULL, after = NULL, "
        f"entity_id = CASE WHEN entity = 'ect' THEN 'erased' ELSE entity_id END {about}",
        [ect.trn, ect.trn],
    )
    counts["audit_events_erased"] = len(emptied)
    record_event(  # the ids let 'audit verify' tell an erasure from an event emptied by hand
        conn,
        author,
        entity="ect",
        entity_id="erased",
        action="delete",
        after={"reason": reason, "rows_removed": counts, "audit_events_emptied": emptied},
    )
    return counts


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def past_retention(conn: sqlite3.Connection, today: dt.date) -> list[dict]:
    """ECTs whose induction with this AB ended more than six years before ``today``:
    kept until six years after their last period ended, listed from the day after."""
    rows = conn.execute(
        "SELECT e.trn, e.first_name, e.last_name, max(p.finished_on), max(p.outcome) "
        "FROM ects e JOIN induction_periods p ON p.trn = e.trn GROUP BY e.trn "
        "HAVING count(*) = count(p.finished_on) ORDER BY max(p.finished_on), e.trn"
    )
    found = []
    for trn, first, last, ended, outcome in rows:
        kept_until = shift_years(dt.date.fromisoformat(ended), RETENTION_YEARS)
        if kept_until < today:
            found.append(
                {
                    "trn": trn,
                    "first_name": first,
                    "last_name": last,
                    "induction_ended_on": ended,
                    "outcome": outcome,
                    "kept_until": iso(kept_until),
                }
            )
    return found
