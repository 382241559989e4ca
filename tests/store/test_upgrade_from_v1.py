"""A database made by the first release (schema m001, tests/fixtures/ectrack-v1.db,
written by tests/fixtures/make_v1_database.py) opens with today's ectrack, is
upgraded to the latest schema, and keeps every row it held."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ectrack.cli import app
from ectrack.store.migrations import MIGRATIONS
from tests.fixtures import make_v1_database as v1

pytestmark = pytest.mark.sqlite_only  # files an older ectrack made

FIXTURE = Path(v1.__file__).with_name("ectrack-v1.db")
V1_TABLES = ("schools", "ects", "staff", "induction_periods", "audit_events")


def rows(path: Path, table: str, columns: list[str]) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
    finally:
        conn.close()


def columns_of(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


@pytest.fixture
def upgraded(tmp_path) -> tuple[Path, dict]:
    """The fixture's rows as the first release stored them, and an upgraded copy."""
    path = tmp_path / "ectrack.db"
    shutil.copy(FIXTURE, path)
    path.chmod(0o600)  # as ectrack creates its files (git keeps the fixture 0644)
    before = {t: (columns_of(path, t), rows(path, t, columns_of(path, t))) for t in V1_TABLES}
    result = CliRunner().invoke(app, ["--db", str(path), "--today", "2026-11-22", "init"])
    assert result.exit_code == 0, result.output
    return path, before


def test_the_fixture_is_the_first_schema():
    conn = sqlite3.connect(FIXTURE)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == [MIGRATIONS[0].__name__]
    assert conn.execute("SELECT count(*) FROM ects").fetchone()[0] == len(v1.ECTS)


def test_every_row_survives_the_upgrade(upgraded):
    path, before = upgraded
    for table, (columns, old_rows) in before.items():
        assert rows(path, table, columns) == old_rows, table
    conn = sqlite3.connect(path)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == [fn.__name__ for fn in MIGRATIONS]


def test_the_upgraded_database_works_and_its_audit_log_verifies(upgraded):
    path, _ = upgraded

    def run(*args: str):
        result = CliRunner().invoke(app, ["--db", str(path), "--today", "2026-11-22", *args])
        assert result.exit_code == 0, result.output
        return result

    listed = json.loads(run("ect", "list", "--json").stdout)
    assert {e["trn"] for e in listed} == {e[0] for e in v1.ECTS}
    # m010 filled the search keys of rows it found: a person made in v1 is found by name
    found = json.loads(run("find", "chloe", "--json").stdout)
    assert [e["trn"] for e in found["ects"]] == ["2345678"]
    assert json.loads(run("ect", "show", "ben oneill", "--json").stdout)["trn"] == "0765432"
    amy = json.loads(run("ect", "show", "1234567", "--json").stdout)
    assert [p["closed_by"] for p in amy["periods"]] == ["move", "fte_change", None]
    assert amy["status"] == "in_progress"
    report = json.loads(run("audit", "verify", "--json").stdout)
    assert report["intact"] and report["events"] == len(v1.events())
    run("review", "record", "2345678", "--term", "2026-autumn", "--date", "2026-11-20",
        "--on-track", "yes", "--absence-days", "1.5")  # fmt: skip
    assert json.loads(run("audit", "verify", "--json").stdout)["events"] == len(v1.events()) + 1
    run("doctor")
