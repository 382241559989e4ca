"""Checking the SQLite file itself, and copying it while others write."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from ectrack.store.db import is_postgres


def integrity_check(conn) -> list[str]:
    """SQLite's integrity check: ``["ok"]``, or what is damaged (a server keeps its own)."""
    if is_postgres(conn):
        return ["ok"]
    return [row[0] for row in conn.execute("PRAGMA integrity_check")]


def foreign_key_problems(conn) -> list[tuple[str, int, str]]:
    """(table, rowid, parent table) of each row referring to a missing parent row (none
    on a server, which never lets one be stored)."""
    if is_postgres(conn):
        return []
    rows = conn.execute("PRAGMA foreign_key_check")
    return [(table, rowid, parent) for table, rowid, parent, _ in rows]


def backup_copy(
    conn, path: Path, pages: int, progress: Callable[[int, int], None] | None = None
) -> tuple[str, int, int]:
    """Copy the live database into the (empty) file ``path`` with SQLite's online backup,
    ``pages`` pages per step; ``progress(pages done, pages)``. Returns the copy's
    integrity check result and its numbers of ECTs and audit events."""
    copy = sqlite3.connect(path)
    try:
        conn.backup(
            copy,
            pages=pages,
            progress=(lambda _, left, total: progress(total - left, total)) if progress else None,
        )
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        ects = copy.execute("SELECT count(*) FROM ects").fetchone()[0]
        events = copy.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    finally:
        copy.close()
    return result, ects, events
