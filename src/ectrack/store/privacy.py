"""Rows held about one person: exporting them, erasing them, and retention."""

from __future__ import annotations

from ectrack.store.db import is_postgres

#: The tables holding an ECT's own rows, children first (foreign keys).
ECT_TABLES = (
    "letters",
    "checkpoint_records",
    "absences",
    "decisions",
    "riab_exports",
    "entitlement_seen",
    "induction_periods",
)
STAFF_COLUMNS = ("id", "school_urn", "name", "email", "qts")
#: Audit events about one ECT: by TRN, or about the ECT record itself.
_ABOUT = "WHERE trn = ? OR (entity = 'ect' AND entity_id = ?)"


def rows_about(conn, table: str, trn: str) -> list[dict]:
    """Every row of ``table`` with this TRN, each as column → value."""
    cursor = conn.execute(f"SELECT * FROM {table} WHERE trn = ?", [trn])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def staff_rows(conn, ids) -> list[dict]:
    """The staff rows with these ids (``STAFF_COLUMNS``), in id order."""
    ids = sorted(ids)
    if not ids:
        return []
    rows = conn.execute(
        f"SELECT {', '.join(STAFF_COLUMNS)} FROM staff WHERE id IN ({', '.join('?' * len(ids))})",
        ids,
    )
    return [dict(zip(STAFF_COLUMNS, row, strict=True)) for row in rows]


def delete_ect_rows(conn, trn: str) -> dict[str, int]:
    """Delete the ECT and its rows in ``ECT_TABLES``; rows removed per table."""
    counts = {}
    for table in ECT_TABLES:
        counts[table] = conn.execute(f"DELETE FROM {table} WHERE trn = ?", [trn]).rowcount
    counts["ects"] = conn.execute("DELETE FROM ects WHERE trn = ?", [trn]).rowcount
    return counts


def empty_audit_events(conn, trn: str) -> list[int]:
    """Mark the audit events about this TRN erased, keeping none of their data;
    returns the ids of the events emptied. On a server only the owner may change an
    event, so officers erase through the owner's function that does just this."""
    if is_postgres(conn):
        rows = conn.execute("SELECT * FROM ectrack_empty_audit(?)", [trn])
        return sorted(i for (i,) in rows)
    emptied = [i for (i,) in conn.execute(f"SELECT id FROM audit_events {_ABOUT}", [trn, trn])]
    conn.execute(
        "UPDATE audit_events SET erased = 1, trn = NULL, before = NULL, after = NULL, "
        f"entity_id = CASE WHEN entity = 'ect' THEN 'erased' ELSE entity_id END {_ABOUT}",
        [trn, trn],
    )
    return emptied


def finished_inductions(conn) -> list[tuple]:
    """(TRN, first name, last name, last end date, outcome) of each ECT whose periods
    have all ended, earliest end first."""
    return conn.execute(
        "SELECT e.trn, e.first_name, e.last_name, max(p.finished_on), max(p.outcome) "
        "FROM ects e JOIN induction_periods p ON p.trn = e.trn GROUP BY e.trn "
        "HAVING count(*) = count(p.finished_on) ORDER BY max(p.finished_on), e.trn"
    ).fetchall()
