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
from ectrack.store import privacy as privacy_store
from ectrack.store.audit import Author, list_events, record_event
from ectrack.values import visible_text

#: [decision] Records are kept six full years after an induction ends with this AB.
RETENTION_YEARS = 6


def subject_access(conn: sqlite3.Connection, ect: Ect, today: dt.date) -> dict:
    """Everything ectrack holds about one person, for a subject access request."""
    from ectrack.store.induction import load_induction

    tables = {
        table: privacy_store.rows_about(conn, table, ect.trn)
        for table in ("ects", *privacy_store.ECT_TABLES)
    }
    staff_ids = {
        i for p in tables["induction_periods"] for i in (p["mentor_id"], p["tutor_id"]) if i
    }
    return {
        "trn": ect.trn,
        "exported_on": today.isoformat(),
        "induction": load_induction(conn, ect, today).to_json(),
        "stored": tables,
        "mentors_and_tutors": privacy_store.staff_rows(conn, staff_ids),
        "audit_events": [e.to_json() for e in list_events(conn, trn=ect.trn)],
    }


def erase_ect(conn: sqlite3.Connection, author: Author, ect: Ect, reason: str) -> dict:
    """Remove every row about the ECT and what the audit log says about them; record
    that it was done (by whom, when, why) without any of the erased data."""
    reason = visible_text(reason, "reason")
    counts = privacy_store.delete_ect_rows(conn, ect.trn)
    emptied = privacy_store.empty_audit_events(conn, ect.trn)
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
    found = []
    for trn, first, last, ended, outcome in privacy_store.finished_inductions(conn):
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
