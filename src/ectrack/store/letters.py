"""The AB's letter templates, the letters written, and the AB's letter settings."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass

from ectrack.store.meta import get_meta, set_meta

#: The AB's details its letters use, kept in ``meta`` (copied with the database).
SETTINGS = {
    "ab_name": "letter_ab_name",
    "ab_email": "letter_ab_email",
    "signed_by": "letter_signed_by",
    "tra_email": "letter_tra_email",
}


@dataclass(frozen=True, slots=True)
class StoredTemplate:
    name: str
    data: bytes
    sha256: str
    file_name: str
    set_on: dt.date
    set_by: str


def stored_templates(conn: sqlite3.Connection) -> dict[str, StoredTemplate]:
    """The AB's own templates, by name."""
    rows = conn.execute(
        "SELECT name, docx_base64, sha256, file_name, set_on, set_by FROM letter_templates"
    )
    return {
        name: StoredTemplate(
            name, base64.b64decode(data), sha, file_name, dt.date.fromisoformat(on), by
        )
        for name, data, sha, file_name, on, by in rows
    }


def save_template(
    conn: sqlite3.Connection, name: str, data: bytes, file_name: str, on: dt.date, by: str
) -> str:
    """Store (or replace) the AB's template ``name``; returns its SHA-256."""
    sha = hashlib.sha256(data).hexdigest()
    conn.execute(
        "INSERT INTO letter_templates (name, docx_base64, sha256, file_name, set_on, set_by) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
        "docx_base64 = excluded.docx_base64, sha256 = excluded.sha256, "
        "file_name = excluded.file_name, set_on = excluded.set_on, set_by = excluded.set_by",
        [name, base64.b64encode(data).decode("ascii"), sha, file_name, on.isoformat(), by],
    )
    return sha


def delete_template(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("DELETE FROM letter_templates WHERE name = ?", [name]).rowcount > 0


LETTER_COLUMNS = (
    "trn",
    "school_urn",
    "decision_id",
    "template",
    "recipient",
    "written_on",
    "dated",
    "email",
    "file",
)


def insert_letter(conn: sqlite3.Connection, row: dict) -> int:
    """Record one letter written (``LETTER_COLUMNS``); returns its id."""
    return conn.execute(
        f"INSERT INTO letters ({', '.join(LETTER_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(LETTER_COLUMNS))}) RETURNING id",
        [row.get(c) for c in LETTER_COLUMNS],
    ).fetchone()[0]


def letters_of(conn: sqlite3.Connection, trn: str) -> list[dict]:
    """The letters written about one ECT, oldest first."""
    names = ("template", "recipient", "written_on", "dated", "email", "file")
    rows = conn.execute(f"SELECT {', '.join(names)} FROM letters WHERE trn = ? ORDER BY id", [trn])
    return [dict(zip(names, row, strict=True)) for row in rows]


def letters_by_decision(conn: sqlite3.Connection) -> dict[int, dt.date]:
    """When letters were first written for each decision that has any."""
    rows = conn.execute(
        "SELECT decision_id, min(written_on) FROM letters WHERE decision_id IS NOT NULL "
        "GROUP BY decision_id"
    )
    return {i: dt.date.fromisoformat(on) for i, on in rows}


def decided_since(conn: sqlite3.Connection, day: dt.date) -> list[str]:
    """The TRNs of ECTs with a decision made on or after ``day``."""
    rows = conn.execute(
        "SELECT DISTINCT trn FROM decisions WHERE decided_on >= ? ORDER BY trn", [day.isoformat()]
    )
    return [trn for (trn,) in rows]


def transfer_written(conn: sqlite3.Connection, trn: str) -> tuple[dt.date, dict] | None:
    """When the latest transfer file for this ECT was written, and what its audit event
    says (file, written_by); None if none was."""
    row = conn.execute(
        "SELECT at, after FROM audit_events WHERE trn = ? AND entity = 'transfer' "
        "AND entity_id = ? ORDER BY id DESC LIMIT 1",  # by TRN: the log's index
        [trn, f"out {trn}"],
    ).fetchone()
    if row is None or row[1] is None:
        return None
    return dt.date.fromisoformat(row[0][:10]), json.loads(row[1])


def letter_settings(conn: sqlite3.Connection) -> dict[str, str | None]:
    return {name: get_meta(conn, key) for name, key in SETTINGS.items()}


def set_letter_setting(conn: sqlite3.Connection, name: str, value: str) -> None:
    set_meta(conn, SETTINGS[name], value)
