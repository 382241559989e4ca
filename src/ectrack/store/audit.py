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


def record_event(
    conn: sqlite3.Connection,
    author: Author,
    *,
    entity: str,
    entity_id: object,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    trn: str | None = None,
) -> None:
    """Append one event. ``at`` is the real clock (UTC), not ``--today``."""
    conn.execute(
        "INSERT INTO audit_events (at, actor, command, entity, entity_id, trn, action, "
        "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            author.actor,
            author.command,
            entity,
            str(entity_id),
            trn,
            action,
            None if before is None else json.dumps(before, default=str, sort_keys=True),
            None if after is None else json.dumps(after, default=str, sort_keys=True),
        ],
    )


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
