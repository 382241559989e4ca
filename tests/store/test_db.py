"""Opening the database: permissions, settings, migrations, transactions, constraints."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import time

import pytest

from ectrack.errors import DatabaseUnusable
from ectrack.store import db as store_db
from ectrack.store.migrations import MIGRATIONS, migrate, schema_version

pytestmark = pytest.mark.sqlite_only  # the file itself; tests/store/test_both_engines.py


def open_new(path):
    store_db.create_private_file(path)
    conn = store_db.connect(path)
    migrate(conn, str(path))
    return conn


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_and_directories_are_owner_only(tmp_path):
    path = tmp_path / "a" / "b" / "ab.db"
    conn = open_new(path)
    conn.execute("INSERT INTO meta VALUES ('k', 'v')")
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(path.parent.parent) == 0o700
    assert mode(tmp_path / "a" / "b" / "ab.db-wal") == 0o600


def test_existing_directory_permissions_are_left_alone(tmp_path):
    tmp_path.chmod(0o755)
    open_new(tmp_path / "ab.db")
    assert mode(tmp_path) == 0o755


def test_connection_settings(tmp_path):
    conn = open_new(tmp_path / "ab.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_migrations_apply_once_and_record_the_version(tmp_path):
    path = tmp_path / "ab.db"
    conn = open_new(path)
    assert schema_version(conn) == len(MIGRATIONS)
    assert migrate(conn, str(path)) == len(MIGRATIONS)
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names == [fn.__name__ for fn in MIGRATIONS]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"schools", "ects", "staff", "induction_periods", "audit_events", "meta"} <= tables


def test_database_from_a_newer_ectrack_is_refused(tmp_path):
    path = tmp_path / "ab.db"
    conn = open_new(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('ectrack', 'm999_from_the_future', '2030-01-01')"
    )
    with pytest.raises(DatabaseUnusable, match="newer ectrack"):
        migrate(conn, str(path))


def test_someone_elses_sqlite_database_is_not_changed(tmp_path):
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE pupils (name TEXT)")
    other.commit()
    other.close()
    conn = store_db.connect(path)
    with pytest.raises(DatabaseUnusable, match="ectrack did not make"):
        migrate(conn, str(path))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"pupils"}


@pytest.mark.parametrize("content", [b"TRN,Name\n1234567,Amy\n", b"PK\x03\x04" + b"\0" * 200])
def test_a_file_that_is_not_a_database_is_refused(tmp_path, content):
    path = tmp_path / "returns.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseUnusable, match="not an ectrack database"):
        store_db.connect(path)
    assert path.read_bytes() == content


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO meta VALUES ('first', '1')")
print("locked", flush=True)
time.sleep(1.0)
conn.execute("COMMIT")
"""


def test_a_second_writer_waits_instead_of_failing(tmp_path):
    path = tmp_path / "ab.db"
    conn = open_new(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "locked"
    started = time.monotonic()
    with store_db.transaction(conn):  # would raise "database is locked" without the wait
        conn.execute("INSERT INTO meta VALUES ('second', '1')")
    assert time.monotonic() - started > 0.3  # it really waited for the other process
    assert holder.wait(timeout=10) == 0
    assert {r[0] for r in conn.execute("SELECT key FROM meta")} == {"first", "second"}
