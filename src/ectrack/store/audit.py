"""The audit log: one event per change, with who, when, which command, and what.

Events are hash-chained so that ``audit verify`` finds one edited, inserted or
deleted outside ectrack. Each event stores ``data_digest``, the SHA-256 of what
it says about whom (entity id, TRN, before, after), and ``hash``, the SHA-256 of
the previous event's hash, its own id, time, actor, command, entity, action and
that digest. Erasing a person (``ect erase``) removes what the events say about
them but keeps their digests, so the chain still verifies; such events are
marked ``erased``. The latest id and hash are also kept in ``meta``
(``audit_head``), so that deleting the newest events shows too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass

from ectrack.models import AuditEvent
from ectrack.store.meta import get_meta, set_meta


@dataclass(frozen=True, slots=True)
class Author:
    """Who is making a change, with which command (``ect move``), and the day it acts
    as of (``--today``: when a gap in an ECT's entitlement is first seen)."""

    actor: str
    command: str
    today: dt.date | None = None


INSERT_EVENT = (
    "INSERT INTO audit_events (id, at, actor, command, entity, entity_id, trn, action, before, "
    "after, data_digest, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
GENESIS = "0" * 64  # the "previous hash" of the first event
HEAD_KEY = "audit_head"


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


def data_digest(entity_id: str, trn: str | None, before: str | None, after: str | None) -> str:
    """The SHA-256 of what an event says about whom (its JSON texts as stored); each
    part is marked present (1) or absent (0), so no two events share a digest."""
    digest = hashlib.sha256()
    for part in (entity_id, trn, before, after):
        digest.update(b"\x00" if part is None else b"\x01" + part.encode() + b"\x1f")
    return digest.hexdigest()


def link_hash(
    previous: str,
    id_: int,
    at: str,
    actor: str,
    command: str,
    entity: str,
    action: str,
    digest: str,
) -> str:
    """An event's place in the chain: the previous hash and this event, hashed."""
    text = "\x1f".join((previous, str(id_), at, actor, command, entity, action, digest))
    return hashlib.sha256(text.encode()).hexdigest()


def chain_head(conn: sqlite3.Connection) -> tuple[int, str]:
    """The latest event's id and hash (0 and the genesis hash for none)."""
    row = conn.execute("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def record_event(conn: sqlite3.Connection, author: Author, **event) -> None:
    """Append one event (keywords of ``event_row``)."""
    record_events(conn, [event_row(author, **event)])


def record_events(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Append events made by ``event_row`` to the chain, in one statement. Runs inside
    the caller's write transaction, which holds the lock: no one else appends meanwhile."""
    last_id, previous = chain_head(conn)
    chained = []
    for id_, row in enumerate(rows, start=last_id + 1):
        at, actor, command, entity, entity_id, trn, action, before, after = row
        digest = data_digest(entity_id, trn, before, after)
        previous = link_hash(previous, id_, at, actor, command, entity, action, digest)
        chained.append((id_, *row, digest, previous))
    conn.executemany(INSERT_EVENT, chained)
    if chained:
        set_meta(conn, HEAD_KEY, f"{chained[-1][0]}:{previous}")


@dataclass(frozen=True)
class ChainCheck:
    events: int
    erased: int
    head: str
    problems: list[tuple[int, str]]  # (event id, what is wrong)


def verify_chain(conn: sqlite3.Connection) -> ChainCheck:
    """Walk the chain from the first event; name each event that was changed,
    inserted or deleted outside ectrack."""
    problems: list[tuple[int, str]] = []
    previous, expected_id, count, erased = GENESIS, 1, 0, 0
    emptied: set[int] = set()  # erased events, each to be listed by a later erasure event
    rows = conn.execute(
        "SELECT id, at, actor, command, entity, entity_id, trn, action, before, after, "
        "data_digest, hash, erased FROM audit_events ORDER BY id"
    )
    for row in rows:
        id_, at, actor, command, entity, entity_id, trn, action, before, after = row[:10]
        digest, stored, was_erased = row[10:]
        count += 1
        erased += bool(was_erased)
        if was_erased:
            emptied.add(id_)
        elif entity == "ect" and entity_id == "erased" and action == "delete":
            emptied -= set(json.loads(after or "{}").get("audit_events_emptied", []))
        when = f"{at.replace('T', ' ')[:16]} {actor} '{command}'"
        gap = id_ > expected_id
        if gap:
            missing = f"{expected_id}" if id_ == expected_id + 1 else f"{expected_id}-{id_ - 1}"
            problems.append((expected_id, f"event {missing} is missing: deleted"))
        if not was_erased and digest != data_digest(entity_id, trn, before, after):
            problems.append((id_, f"event {id_} ({when}) was changed after it was recorded"))
        elif not gap and stored != link_hash(
            previous, id_, at, actor, command, entity, action, digest or ""
        ):
            problems.append(
                (
                    id_,
                    f"event {id_} ({when}) does not follow the event before it: it was "
                    "inserted, or changed after it was recorded",
                )
            )
        previous, expected_id = stored or "", id_ + 1
    problems += [
        (i, f"event {i} was emptied outside ectrack (no erasure lists it)") for i in emptied
    ]
    last_id = expected_id - 1
    head = get_meta(conn, HEAD_KEY)
    if head:
        head_id, head_hash = head.split(":", 1)
        if int(head_id) > last_id:
            problems.append(
                (
                    last_id + 1,
                    f"events {last_id + 1}-{head_id} are missing: deleted (the "
                    f"log ended at event {head_id})",
                )
            )
        elif int(head_id) < last_id:
            problems.append(
                (
                    int(head_id) + 1,
                    f"events {int(head_id) + 1}-{last_id} were added outside ectrack: inserted",
                )
            )
        elif head_hash != previous:
            problems.append((last_id, f"event {last_id} was changed after it was recorded"))
    return ChainCheck(count, erased, previous, problems)


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
