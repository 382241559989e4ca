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
