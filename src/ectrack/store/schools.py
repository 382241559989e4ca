"""Schools and their staff (mentors and induction tutors)."""

from __future__ import annotations

import sqlite3

from ectrack.models import School, Staff

SCHOOL_FIELDS = ("urn", "name", "local_authority", "laestab", "phase", "headteacher", "email")


def get_school(conn: sqlite3.Connection, urn: str) -> School | None:
    row = conn.execute(
        f"SELECT {', '.join(SCHOOL_FIELDS)} FROM schools WHERE urn = ?", [urn]
    ).fetchone()
    return School(*row) if row else None


def list_schools(conn: sqlite3.Connection) -> list[School]:
    rows = conn.execute(f"SELECT {', '.join(SCHOOL_FIELDS)} FROM schools ORDER BY name, urn")
    return [School(*row) for row in rows]


def insert_school(conn: sqlite3.Connection, school: School) -> None:
    conn.execute(
        f"INSERT INTO schools ({', '.join(SCHOOL_FIELDS)}) VALUES ({', '.join('?' * 7)})",
        [getattr(school, f) for f in SCHOOL_FIELDS],
    )


def find_staff(conn: sqlite3.Connection, school_urn: str, name: str, email: str | None):
    """The staff member at a school with this name (and email, if known)."""
    row = conn.execute(
        "SELECT id, school_urn, name, email FROM staff WHERE school_urn = ? "
        "AND lower(name) = lower(?) AND ifnull(lower(email), '') = lower(?)",
        [school_urn, name, email or ""],
    ).fetchone()
    return Staff(*row) if row else None


def insert_staff(conn: sqlite3.Connection, school_urn: str, name: str, email: str | None) -> Staff:
    cursor = conn.execute(
        "INSERT INTO staff (school_urn, name, email) VALUES (?, ?, ?)", [school_urn, name, email]
    )
    return Staff(cursor.lastrowid, school_urn, name, email)


def staff_at(conn: sqlite3.Connection, school_urn: str) -> list[Staff]:
    rows = conn.execute(
        "SELECT id, school_urn, name, email FROM staff WHERE school_urn = ? ORDER BY name",
        [school_urn],
    )
    return [Staff(*row) for row in rows]


def ect_counts_by_school(conn: sqlite3.Connection, today: str) -> dict[str, int]:
    """ECTs whose period at each school holds ``today``."""
    rows = conn.execute(
        "SELECT school_urn, count(DISTINCT trn) FROM induction_periods "
        "WHERE started_on <= ?1 AND (finished_on IS NULL OR finished_on >= ?1) "
        "GROUP BY school_urn",
        [today],
    )
    return dict(rows.fetchall())
