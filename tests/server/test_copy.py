"""Moving an AB onto the server and back (``db copy``) loses nothing, and a server's
``backup`` is an SQLite file any ectrack opens."""

from __future__ import annotations

import json
import sqlite3

import pytest

from ectrack.store.copy import TABLES

TODAY = "2026-11-22"


def file_rows(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        conn.close()


def test_an_ab_goes_onto_the_server_and_back_without_losing_a_row(server, cli, demo_file, tmp_path):
    target = server.url(server.new_database())
    there = cli(target, "db", "copy", str(demo_file), target, "--json")
    assert there.exit_code == 0, there.output
    copied = json.loads(there.stdout)
    source = file_rows(demo_file)
    assert copied["tables"] == {t: len(rows) for t, rows in source.items()}
    assert copied["tables"]["ects"] > 100 and copied["tables"]["audit_events"] > 1000
    assert cli(target, "audit", "verify").exit_code == 0
    back = tmp_path / "back.db"
    home = cli(target, "db", "copy", target, str(back))
    assert home.exit_code == 0, home.output
    assert file_rows(back) == source


@pytest.mark.parametrize(
    "args",
    [
        ["--today", TODAY, "ect", "show", "5659611", "--json"],
        ["--today", TODAY, "checkpoints", "--status", "overdue", "--json"],
        ["--today", TODAY, "todo", "--json"],
        ["--today", TODAY, "ect", "list"],
        ["--today", TODAY, "audit", "--trn", "5659611"],
    ],
)
def test_the_same_commands_say_the_same_on_both_engines(server, cli, demo_file, args):
    target = server.url(server.new_database())
    assert cli(target, "db", "copy", str(demo_file), target).exit_code == 0
    on_file, on_server = cli(str(demo_file), *args), cli(target, *args)
    assert on_file.exit_code == on_server.exit_code == 0, on_server.output
    assert on_server.stdout == on_file.stdout


def test_a_copy_into_a_database_holding_records_is_refused(server, cli, demo_file, tmp_path):
    database = server.new_database()
    target = server.url(database)
    assert cli(target, "school", "add", "100001", "--name", "Hillside").exit_code == 0
    result = cli(target, "db", "copy", str(demo_file), target)
    assert result.exit_code == 1
    assert "already holds an AB's records (schools, audit_events)" in result.stderr
    assert server.sql(database, "SELECT count(*) FROM ects") == [(0,)]


def test_a_source_whose_audit_log_does_not_verify_is_not_copied(server, cli, demo_file, tmp_path):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(demo_file.read_bytes())
    conn = sqlite3.connect(damaged)
    conn.execute("UPDATE audit_events SET actor = 'someone.else' WHERE id = 5")
    conn.commit()
    conn.close()
    database = server.new_database()
    target = server.url(database)
    result = cli(target, "db", "copy", str(damaged), target)
    assert result.exit_code == 1
    assert "the audit log does not verify in the copy (event 5" in result.stderr
    assert "nothing was written" in result.stderr
    for table in ("schools", "ects", "audit_events"):
        assert server.sql(database, f"SELECT count(*) FROM {table}") == [(0,)]


def test_a_missing_source_is_named_and_nothing_is_created(cli, tmp_path):
    missing, target = str(tmp_path / "nope.db"), str(tmp_path / "t.db")
    result = cli(str(tmp_path / "x.db"), "db", "copy", missing, target)
    assert result.exit_code == 1
    assert f"there is no ectrack database at {tmp_path / 'nope.db'}" in result.stderr
    assert not (tmp_path / "nope.db").exists() and not (tmp_path / "t.db").exists()


def test_backup_from_the_server_is_a_file_any_ectrack_opens(server, cli, demo_file, tmp_path):
    target = server.url(server.new_database())
    assert cli(target, "db", "copy", str(demo_file), target).exit_code == 0
    snapshot = tmp_path / "snapshot.db"
    result = cli(target, "backup", str(snapshot), "--json")
    assert result.exit_code == 0, result.output
    done = json.loads(result.stdout)
    assert done["ects"] == len(file_rows(demo_file)["ects"])
    assert file_rows(snapshot) == file_rows(demo_file)
    assert cli(str(snapshot), "audit", "verify").exit_code == 0
    assert cli(str(snapshot), "doctor").exit_code == 0


def test_copy_lists_every_table_the_migrations_make(server, cli, tmp_path):
    from ectrack.store import postgres
    from ectrack.store.db import connect, table_names
    from ectrack.store.migrations import MIGRATIONS_TABLE, migrate

    path = tmp_path / "t.db"
    path.touch()
    file = connect(path)
    migrate(file, str(path))
    target = server.url(server.new_database())
    on_server = postgres.connect(target)
    migrate(on_server, target)
    for conn in (file, on_server):
        assert table_names(conn) - {MIGRATIONS_TABLE} == set(TABLES)
