"""Officers are logins: what each may do is enforced by the server itself."""

from __future__ import annotations

import psycopg
import pytest

from tests.conftest import ACTOR

SCHOOL = ["school", "add", "100001", "--name", "Hillside Primary"]
REGISTER = [
    "ect", "register", "1234567", "--first-name", "Amy", "--last-name", "Shah",
    "--dob", "1998-04-02", "--qts-date", "2025-07-18", "--school", "100001",
    "--start", "2025-09-01",
]  # fmt: skip


@pytest.fixture
def ab(server, cli):
    """An AB's database with the owner, an officer (ann) and a reader (bob)."""
    database = server.new_database()
    owner = server.url(database)
    assert cli(owner, "init").exit_code == 0
    for login, role in (("ann", "officer"), ("bob", "reader")):
        result = cli(owner, "team", "add", login, "--role", role)
        assert result.exit_code == 0, result.output
    return database


def test_team_list_shows_each_login_with_its_role(server, cli, ab):
    result = cli(server.url(ab), "team", "list", "--json")
    assert result.exit_code == 0, result.output
    import json

    assert json.loads(result.stdout) == [
        {"login": "ann", "role": "officer"},
        {"login": "bob", "role": "reader"},
    ]


def test_an_officer_records_under_their_own_login_whatever_as_says(server, cli, ab):
    ann = server.url(ab, "ann")
    assert cli(ann, "--as", "someone.else", *SCHOOL).exit_code == 0
    assert cli(ann, *REGISTER).exit_code == 0
    actors = server.sql(ab, "SELECT DISTINCT actor FROM audit_events WHERE command <> 'team add'")
    assert actors == [("ann",)]
    assert cli(ann, "audit", "verify").exit_code == 0


def test_a_reader_reads_and_reports_but_every_write_is_refused(server, cli, ab, tmp_path):
    assert cli(server.url(ab, "ann"), *SCHOOL).exit_code == 0
    bob = server.url(ab, "bob")
    before = server.sql(ab, "SELECT count(*) FROM audit_events")
    refused = cli(bob, *REGISTER)
    assert refused.exit_code == 1
    assert "your login bob may read this AB's records but not change them" in refused.stderr
    assert "Traceback" not in refused.output
    assert server.sql(ab, "SELECT count(*) FROM ects") == [(0,)]
    assert server.sql(ab, "SELECT count(*) FROM audit_events") == before
    assert cli(bob, "school", "show", "Hillside").exit_code == 0
    report = cli(bob, "report", "termly", "-o", tmp_path / "r.xlsx")
    assert report.exit_code == 0, report.output
    assert (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO schools (urn, name, search_key) VALUES ('100002', 'X', '')",
        "UPDATE schools SET name = 'X'",
        "DELETE FROM schools",
        "DELETE FROM audit_events",
    ],
)
def test_the_server_itself_refuses_a_reader_any_write(server, cli, ab, statement):
    assert cli(server.url(ab, "ann"), *SCHOOL).exit_code == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        server.sql(ab, statement, login="bob")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET actor = 'someone.else'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "INSERT INTO audit_events (id, at, actor, command, entity, entity_id, action) "
        "VALUES (999, '2026-01-01', 'ann', 'x', 'x', 'x', 'create')",  # outside the chain
    ],
)
def test_an_officer_cannot_change_or_delete_audit_events(server, cli, ab, statement):
    assert cli(server.url(ab, "ann"), *SCHOOL).exit_code == 0
    if statement.startswith("INSERT"):  # may append (as ectrack does), but audit verify sees it
        server.sql(ab, statement, login="ann")
        result = cli(server.url(ab, "ann"), "audit", "verify")
        assert result.exit_code == 1 and "added outside ectrack" in result.output
        return
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        server.sql(ab, statement, login="ann")


def test_an_audit_event_in_another_login_s_name_is_refused(server, cli, ab):
    assert cli(server.url(ab, "ann"), *SCHOOL).exit_code == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="must name the login"):
        server.sql(
            ab,
            "INSERT INTO audit_events (id, at, actor, command, entity, entity_id, action) "
            "VALUES (999, '2026-01-01', 'bob', 'x', 'x', 'x', 'create')",
            login="ann",
        )


def test_an_officer_erases_a_person_through_the_path_that_keeps_the_record(server, cli, ab):
    ann = server.url(ab, "ann")
    assert cli(ann, *SCHOOL).exit_code == 0
    assert cli(ann, *REGISTER).exit_code == 0
    erased = cli(ann, "ect", "erase", "1234567", "--reason", "asked", "--yes")
    assert erased.exit_code == 0, erased.output
    assert server.sql(ab, "SELECT count(*) FROM audit_events WHERE trn = '1234567'") == [(0,)]
    (event,) = server.sql(
        ab, "SELECT actor, after FROM audit_events WHERE entity_id = 'erased' AND action = 'delete'"
    )
    assert event[0] == "ann" and "audit_events_emptied" in event[1]
    verified = cli(ann, "audit", "verify")
    assert verified.exit_code == 0, verified.output


def test_only_the_owner_changes_the_team(server, cli, ab):
    result = cli(server.url(ab, "ann"), "team", "add", "carl")
    assert result.exit_code == 1
    assert "only the owner of this AB's database" in result.stderr
    assert not server.sql(ab, "SELECT 1 FROM pg_roles WHERE rolname = 'carl'")


def test_team_changes_are_audited_and_a_removed_login_loses_access(server, cli, ab):
    owner = server.url(ab)
    result = cli(owner, "team", "remove", "bob")
    assert result.exit_code == 0, result.output
    assert "bob is no longer in this AB's team" in result.output
    events = server.sql(
        ab, "SELECT actor, action, entity_id FROM audit_events WHERE entity = 'team' ORDER BY id"
    )
    assert events == [
        (ACTOR, "create", "ann"),
        (ACTOR, "create", "bob"),
        (ACTOR, "delete", "bob"),
    ]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        server.sql(ab, "SELECT count(*) FROM ects", login="bob")
    again = cli(owner, "team", "remove", "bob")
    assert again.exit_code == 1 and "bob is not in this AB's team" in again.stderr


def test_a_role_change_is_one_update(server, cli, ab):
    owner = server.url(ab)
    assert cli(owner, "team", "add", "bob", "--role", "officer").exit_code == 0
    listed = cli(owner, "team", "list", "--json")
    assert '"login": "bob",\n    "role": "officer"' in listed.stdout
    assert cli(server.url(ab, "bob"), *SCHOOL).exit_code == 0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["team", "add", "x; DROP TABLE ects"], "a login is a letter"),
        (["team", "add", "jo", "--role", "admin"], "officer or reader"),
    ],
)
def test_bad_team_input_is_refused_clearly(server, cli, ab, args, fragment):
    result = cli(server.url(ab), *args)
    assert result.exit_code == 1, result.output
    assert fragment in result.stderr
    assert server.sql(ab, "SELECT count(*) FROM ects") == [(0,)]


def test_team_on_an_sqlite_file_says_a_team_needs_a_server(cli, tmp_path):
    result = cli(str(tmp_path / "ab.db"), "team", "list")
    assert result.exit_code == 1
    assert "is an SQLite file, which is one officer's" in result.stderr


def test_a_reader_cannot_write_letters_and_no_file_is_left(server, cli, ab, tmp_path):
    ann = server.url(ab, "ann")
    assert cli(ann, *SCHOOL).exit_code == 0
    assert cli(ann, *REGISTER).exit_code == 0
    result = cli(server.url(ab, "bob"), "letter", "registration", "1234567", "-o", tmp_path / "l")
    assert result.exit_code == 1
    assert "may read this AB's records but not change them" in result.stderr
    assert not (tmp_path / "l").exists()
    assert server.sql(ab, "SELECT count(*) FROM letters") == [(0,)]
    done = cli(ann, "letter", "registration", "1234567", "-o", tmp_path / "l")
    assert done.exit_code == 0, done.output
    assert server.sql(ab, "SELECT recipient FROM letters") == [("school",)]
