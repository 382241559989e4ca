"""Facts about the database itself (for example, that it is a demo)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def is_demo_file(path) -> bool:
    """True only for a database that ``ectrack demo`` made (opened read-only)."""
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return get_meta(conn, "demo") == "1"
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def record_counts(conn: sqlite3.Connection, today: str) -> dict[str, int]:
    """How many schools and ECTs the database holds, and ECTs in a post here on ``today``."""
    schools, ects, in_post = conn.execute(
        "SELECT (SELECT count(*) FROM schools), (SELECT count(*) FROM ects), "
        "(SELECT count(DISTINCT trn) FROM induction_periods WHERE school_urn IS NOT NULL "
        " AND appropriate_body IS NULL AND started_on <= ? "
        " AND (finished_on IS NULL OR finished_on >= ?))",
        [today, today],
    ).fetchone()
    return {"schools": schools, "ects": ects, "in_post": in_post}
