"""The audit log: one event per change, with who, when, which command, and what."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass

from ectrack.models import AuditEvent


@dataclass(frozen=True, slots=True)
class Author:
    """Who is making a change, and with which command (``ect move``)."""

    actor: str
    command: str


INSERT_EVENT = (
    "INSERT INTO audit_events (at, actor, command, entity, entity_id, trn, action, before, "
    "after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


_ENCODER = json.JSONEncoder(default=str, sort_keys=True, separators=(",", ":"))


def _dumps(values: dict | None) -> str | None:
    return None if values is None else _ENCODER.encode(values)


def event_row(
    author: Author,
    *,
    entity: str,
    entity_id: object,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    trn: str | None = None,
    at: str | None = None,
) -> tuple:
    """One event as the row ``INSERT_EVENT`` takes. ``at`` is the real clock (UTC),
    not ``--today``."""
    at = at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return (
        at,
        author.actor,
        author.command,
        entity,
        str(entity_id),
        trn,
        action,
        _dumps(before),
        _dumps(after),
    )


def record_event(conn: sqlite3.Connection, author: Author, **event) -> None:
    """Append one event (keywords of ``event_row``)."""
    conn.execute(INSERT_EVENT, event_row(author, **event))


def record_events(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Append many events made by ``event_row``, in one statement."""
    conn.executemany(INSERT_EVENT, rows)


def list_events(
    conn: sqlite3.Connection, trn: str | None = None, limit: int | None = None
) -> list[AuditEvent]:
    """Events oldest first; with ``limit``, the latest ``limit`` of them."""
    where, args = ("WHERE trn = ?", [trn]) if trn else ("", [])
    sql = (
        "SELECT id, at, actor, command, entity, entity_id, trn, action, before, after "
        f"FROM audit_events {where} ORDER BY id DESC"
    )
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    events = [
        AuditEvent(
            *row[:8], json.loads(row[8]) if row[8] else None, json.loads(row[9]) if row[9] else None
        )
        for row in conn.execute(sql, args)
    ]
    return events[::-1]
