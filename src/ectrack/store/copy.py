"""Reading and writing whole tables, for moving an AB between engines (``db copy``,
``backup`` from a server)."""

from __future__ import annotations

from collections.abc import Iterator

from ectrack.store.db import is_postgres

#: Every table of an AB's records, each after the tables it refers to (the migrations'
#: own table is not copied: the target has its own). A test checks that this lists
#: every table the migrations make.
TABLES = (
    "meta",
    "letter_templates",
    "schools",
    "ects",
    "staff",
    "induction_periods",
    "terms",
    "absences",
    "checkpoint_records",
    "decisions",
    "letters",
    "bank_holidays",
    "riab_exports",
    "entitlement_seen",
    "audit_events",
)
#: Rows read and written at a time.
BATCH = 5000


def columns(conn, table: str) -> list[str]:
    return [d[0] for d in conn.execute(f"SELECT * FROM {table} LIMIT 0").description]


def count(conn, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def read(conn, table: str, names: list[str]) -> Iterator[list[tuple]]:
    """The table's rows in batches, in the order of their first column."""
    cursor = conn.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY 1")
    while batch := cursor.fetchmany(BATCH):
        yield [tuple(row) for row in batch]


def write(conn, table: str, names: list[str], rows: list[tuple]) -> None:
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", rows
    )


def clear(conn, table: str) -> None:
    conn.execute(f"DELETE FROM {table}")


def after_copy(conn) -> None:
    """On a server, new ids continue after the copied ones."""
    if is_postgres(conn):
        from ectrack.store.postgres import follow_ids

        follow_ids(conn)
