"""What has been exported to the DfE's bulk upload (``riab_exports``)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable


def exported_keys(conn: sqlite3.Connection, kind: str) -> set[str]:
    return {key for (key,) in conn.execute("SELECT key FROM riab_exports WHERE kind = ?", [kind])}


def remember_exports(
    conn: sqlite3.Connection,
    kind: str,
    exported: Iterable[tuple[str, str, str | None]],
    on: dt.date,
) -> None:
    """``exported``: (key, TRN, file) of each claim, action or fail written out."""
    conn.executemany(
        "INSERT INTO riab_exports (kind, key, trn, exported_on, file) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, key) DO UPDATE SET trn = excluded.trn, "
        "exported_on = excluded.exported_on, file = excluded.file",
        [(kind, key, trn, on.isoformat(), file) for key, trn, file in exported],
    )
