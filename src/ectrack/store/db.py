"""Opening the AB's database safely.

The file and any directory ectrack creates for it are owner-only (0600/0700)
before SQLite touches them; SQLite gives the -wal and -shm files the same mode.
WAL lets readers work while one writer writes; a busy timeout makes concurrent
writers wait instead of failing with "database is locked"; every write runs in
``BEGIN IMMEDIATE`` so two writers never deadlock upgrading a read lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ectrack.errors import DatabaseUnusable

APP_NAME = "ectrack"
DB_FILENAME = "ectrack.db"
BUSY_TIMEOUT_SECONDS = 60


def default_path() -> Path:
    """``ectrack.db`` in the user data directory (platformdirs, no app author)."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_path(explicit: str | os.PathLike | None) -> Path:
    """``--db`` / ``ECTRACK_DB`` when given, else the default path."""
    if explicit is None or str(explicit) == "":
        return default_path()
    return Path(explicit).expanduser()


def _make_private_dirs(directory: Path) -> None:
    """Create missing directories owner-only; never touch existing ones."""
    missing = []
    while not directory.exists():
        missing.append(directory)
        if directory.parent == directory:
            break
        directory = directory.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:  # another ectrack made it a moment ago
            continue
        os.chmod(d, 0o700)  # mkdir's mode is filtered by the umask


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 (and its directory 0700) if missing.

    Returns True if this call created it.
    """
    _make_private_dirs(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    os.chmod(path, 0o600)
    return True


def connect(path: Path) -> sqlite3.Connection:
    """Open an existing file as an SQLite database with ectrack's settings.

    The connection is in autocommit mode: callers group writes with
    ``transaction``. Raises ``DatabaseUnusable`` with a fix for every
    foreseeable failure.
    """
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a directory; give --db the path of a file")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as e:
        raise DatabaseUnusable(f"cannot open {path}: {e}; check the path and permissions") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # an erased person is gone from the file too
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: no corruption on crash
    except sqlite3.DatabaseError as e:
        conn.close()
        raise DatabaseUnusable(
            f"{path} is not an ectrack database ({e}); give --db the path of an ectrack database"
        ) from None
    if mode != "wal":
        conn.close()
        raise DatabaseUnusable(
            f"{path} cannot use write-ahead logging (journal mode {mode}); "
            "keep the database on a local disk"
        )
    return conn


def is_server(target: str | os.PathLike | None) -> bool:
    """True for a PostgreSQL server: a ``postgresql://`` URL or a libpq connection
    string such as ``service=ab`` or ``host=db dbname=ab``; anything else is a file."""
    text = str(target or "").strip()
    return text.startswith(("postgresql://", "postgres://")) or bool(_CONNINFO.match(text))


_CONNINFO = re.compile(r"^[a-z_]+\s*=\s*\S")


def is_postgres(conn) -> bool:
    return getattr(conn, "engine", "sqlite") == "postgresql"


def one_of(conn, column: str, values) -> tuple[str, list]:
    """A condition that ``column`` is one of ``values`` (any number of them), and its
    one parameter: a JSON list on SQLite (no limit on variables), an array on the server."""
    if is_postgres(conn):
        return f"{column} = ANY(?)", [list(values)]
    import json

    return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(list(values))]


def table_names(conn) -> set[str]:
    """Every table in the database (the migrations' own included)."""
    if is_postgres(conn):
        from ectrack.store.postgres import table_names as on_server

        return on_server(conn)
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {name for (name,) in rows if not name.startswith("sqlite_")}


def begin_write(conn) -> None:
    """Start a write transaction holding the writers' lock (see ``transaction``)."""
    if is_postgres(conn):
        conn.begin_write()
    else:
        conn.execute("BEGIN IMMEDIATE")


def end_write(conn, commit: bool) -> None:
    """Commit (``commit``) or roll back the write transaction."""
    conn.execute("COMMIT" if commit else "ROLLBACK")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it is stored, or none of it.

    Writers take turns: SQLite's ``BEGIN IMMEDIATE`` and, on PostgreSQL, a
    transaction-scoped lock (``store/postgres.py``) are taken at the start (waiting
    up to the busy timeout), so a command never fails half-way for want of the
    lock, reads what it changes only after every earlier writer committed, and the
    audit chain's head moves one writer at a time.
    """
    begin_write(conn)
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # not if the server connection itself was lost
            end_write(conn, commit=False)
        raise
    end_write(conn, commit=True)


@contextlib.contextmanager
def savepoint(conn, name: str = "step") -> Iterator[None]:
    """Inside a write transaction: undo only this step if it raises, then re-raise."""
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
        conn.execute(f"RELEASE SAVEPOINT {name}")
        raise
    conn.execute(f"RELEASE SAVEPOINT {name}")


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Several reads that see the database at one moment: a registration committed
    by another officer between two of them is seen by all or by none. Inside a
    write transaction, that transaction is already the snapshot."""
    if conn.in_transaction:
        yield conn
        return
    if is_postgres(conn):
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    else:
        conn.execute("BEGIN")  # deferred: the snapshot starts with the first read
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


def update_row(conn: sqlite3.Connection, table: str, key: str, key_value, changes: dict) -> None:
    """Set ``changes`` (column → value; dates as ``date``) on the row whose ``key`` matches."""
    values = [v.isoformat() if isinstance(v, dt.date) else v for v in changes.values()]
    assignments = ", ".join(f"{column} = ?" for column in changes)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE {key} = ?", [*values, key_value])
    from ectrack.store import search

    if table in search.KEY_SOURCES and set(changes) & set(search.KEY_SOURCES[table][1]):
        search.refresh(conn, table, [key_value])
