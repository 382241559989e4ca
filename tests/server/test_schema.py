"""The schema on the server: the same numbered migrations make the same tables as on
a file, an older server schema is upgraded by its owner, and a server is named
the ways libpq names one."""

from __future__ import annotations

import sqlite3

import pytest

from ectrack.store import postgres
from ectrack.store.migrations import MIGRATIONS


def columns_on_file(path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    conn.close()
    return found


def test_the_migrations_make_the_same_tables_and_columns_on_both(server, cli, tmp_path):
    path = tmp_path / "ab.db"
    assert cli(str(path), "init").exit_code == 0
    database = server.new_database()
    assert cli(server.url(database), "init").exit_code == 0
    rows = server.sql(
        database,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
    )
    on_server: dict[str, list[str]] = {}
    for table, column in rows:
        on_server.setdefault(table, []).append(column)
    assert on_server == columns_on_file(path)


def test_an_older_schema_on_the_server_is_upgraded_by_init_keeping_its_rows(server, cli):
    database = server.new_database()
    url = server.url(database)
    conn = postgres.connect(url)
    conn.begin_write()
    postgres.apply_migrations(conn, "ectrack", MIGRATIONS[:9])  # before m010
    conn.execute(
        "INSERT INTO ects (trn, first_name, last_name, date_of_birth, qts_date) "
        "VALUES ('1234567', 'Zoë', 'O''Brien', '1998-04-02', '2025-07-18')"
    )
    conn.execute("COMMIT")
    conn.close()
    done = cli(url, "init", "--json")
    assert done.exit_code == 0, done.output
    assert f'"schema_version": {len(MIGRATIONS)}' in done.stdout
    found = cli(url, "find", "zoe", "obrien", "--json")
    assert '"ects_found": 1' in found.stdout  # m010 filled the search key on the server


def test_an_officer_cannot_upgrade_and_is_told_who_can(server, cli):
    database = server.new_database()
    url = server.url(database)
    conn = postgres.connect(url)
    conn.begin_write()
    postgres.apply_migrations(conn, "ectrack", MIGRATIONS[:-1])
    conn.execute("COMMIT")
    conn.close()
    server.login("dora")
    server.sql(database, f'GRANT "{database}_officer" TO dora')
    result = cli(server.url(database, "dora"), "ect", "list")
    assert result.exit_code == 1
    assert f"needs its schema upgraded to version {len(MIGRATIONS)}" in result.stderr
    assert "ask the AB's manager to run 'ectrack init'" in result.stderr
    assert server.sql(database, "SELECT count(*) FROM _sqlite_migrations") == [
        (len(MIGRATIONS) - 1,)
    ]


def test_a_database_with_someone_elses_tables_is_not_touched(server, cli):
    database = server.new_database()
    server.sql(database, "CREATE TABLE payroll (id integer)")
    result = cli(server.url(database), "init")
    assert result.exit_code == 1
    assert "holds tables that ectrack did not make" in result.stderr
    assert server.sql(
        database, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
    ) == [(1,)]


def test_a_libpq_service_name_picks_the_server(server, cli, tmp_path, monkeypatch):
    database = server.new_database()
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[ab]\nhost={server.cluster.base}\ndbname={database}\nuser=officer.test\n")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    assert cli("service=ab", "school", "add", "100001", "--name", "Hillside").exit_code == 0
    assert server.sql(database, "SELECT name FROM schools") == [("Hillside",)]


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("postgresql://jo:s3cret@db.example/ab", "postgresql://jo:***@db.example/ab"),
        ("host=db dbname=ab password=s3cret", "host=db dbname=ab password=***"),
    ],
)
def test_no_message_shows_a_password(cli, target, shown):
    assert postgres.shown_target(target) == shown
    result = cli(
        target.replace("db.example", "127.0.0.1:1").replace("host=db", "host=127.0.0.1 port=1"),
        "ect",
        "list",
    )
    assert result.exit_code == 1
    assert "s3cret" not in result.output
    assert "cannot connect to the PostgreSQL server" in result.stderr
