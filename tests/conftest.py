"""Every test runs against its own database: no test can touch a real one.

The command-line and store tests run twice, once on an SQLite file and once on a
PostgreSQL server (``[sqlite]`` and ``[postgresql]`` in their names). The server
is a throwaway cluster the tests start themselves (``tests/pgcluster.py``); if it
cannot start, every server test fails: none is skipped. A test about the SQLite
file itself (its mode bits, locking, what a damaged file says) is marked
``sqlite_only`` and runs once. ``ECTRACK_TEST_ENGINES=sqlite`` runs one engine
while developing; CI runs both.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TODAY = "2026-11-22"
ACTOR = "officer.test"
#: The test directories whose tests run on both engines.
BOTH_ENGINES = ("cli", "store")
ENGINES = tuple(os.environ.get("ECTRACK_TEST_ENGINES", "sqlite,postgresql").split(","))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only: a test of the SQLite file itself; runs on SQLite alone"
    )


def pytest_generate_tests(metafunc):
    if "engine" not in metafunc.fixturenames:
        return
    path = Path(str(metafunc.definition.fspath))
    both = path.parent.name in BOTH_ENGINES and not metafunc.definition.get_closest_marker(
        "sqlite_only"
    )
    if both:
        metafunc.parametrize("engine", ENGINES)


@pytest.fixture(scope="session")
def pg_cluster():
    """One server for the whole run, with the tests' login (``ACTOR``, so the audit
    names the same officer on both engines) owning a migrated database."""
    from tests import pgcluster

    cluster = pgcluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_database(pg_cluster):
    """The tests' database on the server, migrated once; emptied before each test."""
    import psycopg

    from ectrack.store import postgres
    from ectrack.store.migrations import migrate

    admin = psycopg.connect(pg_cluster.url(), autocommit=True)
    if not admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ACTOR]).fetchone():
        admin.execute(f'CREATE ROLE "{ACTOR}" LOGIN SUPERUSER')
    admin.execute(f'CREATE DATABASE ectrack_tests OWNER "{ACTOR}"')
    admin.close()
    url = pg_cluster.url("ectrack_tests", ACTOR)
    conn = postgres.connect(url)
    migrate(conn, url)
    tables = sorted(postgres.table_names(conn) - {postgres.MIGRATIONS_TABLE})
    conn.execute("SET lock_timeout = '20s'")  # a connection left open shows, not hangs
    yield url, conn, tables
    conn.close()


@pytest.fixture
def server_database(request):
    """An empty, migrated ectrack database on the test server: its URL."""
    url, conn, tables = request.getfixturevalue("pg_database")
    conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    return url


@pytest.fixture(autouse=True)
def isolated_database(tmp_path, monkeypatch, request, engine):
    """Point ECTRACK_DB at a fresh database (a file in tmp_path, or the emptied server
    database), and the user data directory at tmp_path. Returns the file's path or
    the server's URL."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("ECTRACK_USER", ACTOR)
    monkeypatch.setenv("ECTRACK_TODAY", TODAY)
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    if engine == "postgresql":
        target = request.getfixturevalue("server_database")
        monkeypatch.setenv("ECTRACK_DB", target)
        return target
    monkeypatch.setenv("ECTRACK_DB", str(tmp_path / "ectrack.db"))
    return tmp_path / "ectrack.db"


@pytest.fixture
def engine():  # replaced by the parameter pytest_generate_tests gives
    return "sqlite"
