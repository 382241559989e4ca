"""Queries for importing a whole file at once."""

from __future__ import annotations

from ectrack.models import ENTITLEMENT_COLUMNS
from ectrack.store.db import is_postgres

PERIOD_COLUMNS = (
    "id",
    "trn",
    "school_urn",
    "started_on",
    "fte_percent",
    "programme",
    "mentor_id",
    "tutor_id",
    *ENTITLEMENT_COLUMNS,
)


def checkpoint_record_count(conn, trn: str) -> int:
    """How many checkpoint records the ECT has."""
    query = "SELECT count(*) FROM checkpoint_records WHERE trn = ?"
    return conn.execute(query, [trn]).fetchone()[0]


def all_trns(conn) -> set[str]:
    return {trn for (trn,) in conn.execute("SELECT trn FROM ects")}


def all_urns(conn) -> set[str]:
    return {urn for (urn,) in conn.execute("SELECT urn FROM schools")}


def next_period_id(conn) -> int:
    """One more than the highest induction period id (1 when there are none)."""
    return conn.execute("SELECT coalesce(max(id), 0) + 1 FROM induction_periods").fetchone()[0]


def insert_periods(conn, rows) -> None:
    """Insert induction periods, each a tuple of values in ``PERIOD_COLUMNS`` order
    (ids from ``next_period_id``: the writers' lock keeps them free)."""
    conn.executemany(
        f"INSERT INTO induction_periods ({', '.join(PERIOD_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(PERIOD_COLUMNS))})",
        rows,
    )
    if is_postgres(conn):
        from ectrack.store.postgres import follow_ids

        follow_ids(conn, ["induction_periods"])
