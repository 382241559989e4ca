"""Schools and their staff (mentors and induction tutors)."""

from __future__ import annotations

import sqlite3

from ectrack.models import School, Staff
from ectrack.store import search

SCHOOL_FIELDS = (
    "urn",
    "name",
    "local_authority",
    "laestab",
    "phase",
    "headteacher",
    "email",
    "special_measures",
    "induction_permitted",
    "town",
)
SCHOOL_FLAGS = ("special_measures", "induction_permitted")


def flag(value: int | None) -> bool | None:
    """A yes/no column (1, 0 or NULL) as True, False or None."""
    return None if value is None else bool(value)


def _school(row) -> School:
    *details, special_measures, permitted, town = row
    return School(*details, flag(special_measures), flag(permitted), town)


def get_school(conn: sqlite3.Connection, urn: str) -> School | None:
    row = conn.execute(
        f"SELECT {', '.join(SCHOOL_FIELDS)} FROM schools WHERE urn = ?", [urn]
    ).fetchone()
    return _school(row) if row else None


def list_schools(conn: sqlite3.Connection) -> list[School]:
    rows = conn.execute(f"SELECT {', '.join(SCHOOL_FIELDS)} FROM schools ORDER BY name, urn")
    return [_school(row) for row in rows]


def insert_school(conn: sqlite3.Connection, school: School) -> None:
    conn.execute(
        f"INSERT INTO schools ({', '.join(SCHOOL_FIELDS)}, search_key) "
        f"VALUES ({', '.join('?' * len(SCHOOL_FIELDS))}, ?)",
        [
            *(getattr(school, f) for f in SCHOOL_FIELDS),
            search.key_of(getattr(school, f) for f in search.KEY_SOURCES["schools"][1]),
        ],
    )


STAFF_SELECT = "SELECT id, school_urn, name, email, qts FROM staff"


def _staff(row) -> Staff:
    *details, qts = row
    return Staff(*details, flag(qts))


def find_staff(conn: sqlite3.Connection, school_urn: str, name: str, email: str | None):
    """The staff member at a school with this name (and email, if known)."""
    row = conn.execute(
        STAFF_SELECT + " WHERE school_urn = ? "
        "AND lower(name) = lower(?) AND coalesce(lower(email), '') = lower(?)",
        [school_urn, name, email or ""],
    ).fetchone()
    return _staff(row) if row else None


def insert_staff(
    conn: sqlite3.Connection,
    school_urn: str,
    name: str,
    email: str | None,
    qts: bool | None = None,
) -> Staff:
    cursor = conn.execute(
        "INSERT INTO staff (school_urn, name, email, qts) VALUES (?, ?, ?, ?) RETURNING id",
        [school_urn, name, email, qts],
    )
    return Staff(cursor.fetchone()[0], school_urn, name, email, qts)


def staff_at(conn: sqlite3.Connection, school_urn: str) -> list[Staff]:
    rows = conn.execute(STAFF_SELECT + " WHERE school_urn = ? ORDER BY name", [school_urn])
    return [_staff(row) for row in rows]


def all_staff(conn: sqlite3.Connection) -> list[Staff]:
    return [_staff(row) for row in conn.execute(STAFF_SELECT)]


def ect_counts_by_school(conn: sqlite3.Connection, today: str) -> dict[str, int]:
    """ECTs whose period at each school holds ``today``."""
    rows = conn.execute(
        "SELECT school_urn, count(DISTINCT trn) FROM induction_periods "
        "WHERE started_on <= ? AND (finished_on IS NULL OR finished_on >= ?) "
        "GROUP BY school_urn",
        [today, today],
    )
    return dict(rows.fetchall())
