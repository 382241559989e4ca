"""The store on both engines: the same schema refuses the same impossible records,
a transaction is all or nothing, and the seam's SQL means the same on each."""

from __future__ import annotations

import sqlite3

import pytest

from ectrack.errors import DatabaseRefused
from ectrack.store import db as store_db
from ectrack.store.migrations import migrate
from ectrack.store.postgres import translate

SCHOOL = "INSERT INTO schools (urn, name) VALUES ('100001', 'Hillside')"
ECT = (
    "INSERT INTO ects (trn, first_name, last_name, date_of_birth, qts_date) "
    "VALUES ('1234567', 'Amy', 'Shah', '1998-04-02', '2025-07-18')"
)


def period(start, finish=None, closed_by=None, fte=100, outcome=None):
    return (
        "INSERT INTO induction_periods (trn, school_urn, started_on, finished_on, fte_percent, "
        "programme, closed_by, outcome) "
        "VALUES ('1234567', '100001', ?, ?, ?, 'provider_led', ?, ?)",
        [start, finish, fte, closed_by, outcome],
    )


@pytest.fixture
def conn(engine, isolated_database, tmp_path):
    """A migrated, empty database of the test's engine."""
    if engine == "postgresql":
        from ectrack.store import postgres

        opened = postgres.connect(isolated_database)
    else:
        store_db.create_private_file(tmp_path / "ab.db")
        opened = store_db.connect(tmp_path / "ab.db")
        migrate(opened, "ab.db")
    yield opened
    opened.close()


@pytest.mark.parametrize(
    "statement",
    [
        ("INSERT INTO schools (urn, name) VALUES ('10001', 'Short URN')", []),
        (
            "INSERT INTO ects (trn, first_name, last_name, date_of_birth, qts_date) "
            "VALUES ('12345A7', 'A', 'B', '1998-01-01', '2025-07-18')",
            [],
        ),
        (
            "INSERT INTO ects (trn, first_name, last_name, date_of_birth, qts_date) "
            "VALUES ('7654321', 'A', 'B', '1998-02-30', '2025-07-18')",
            [],
        ),  # no 30 February
        (
            "INSERT INTO terms (term, starts_on, ends_on) VALUES ('autumn', ?, ?)",
            ["2026-09-01", "2026-12-18"],
        ),
        period("2025-09-01", fte=120),
        period("2025-09-01", "2025-08-01", "release"),
        period("2025-09-01", "2025-12-31"),  # finished without saying how
        period("2025-09-01", None, "move"),  # closed_by on an open period
        period("2025-09-01", "2025-12-31", "release", outcome="pass"),
        period("2024-09-01"),  # a second open period
        (
            "INSERT INTO induction_periods (trn, school_urn, started_on, fte_percent, programme) "
            "VALUES ('1234567', '999999', '2027-01-01', 100, 'provider_led')",
            [],
        ),  # unknown school: foreign key
    ],
)
def test_the_schema_refuses_impossible_records(conn, statement):
    conn.execute(SCHOOL)
    conn.execute(ECT)
    conn.execute(*period("2025-09-01"))
    with pytest.raises((sqlite3.IntegrityError, DatabaseRefused)):
        conn.execute(*statement)


def test_the_schema_takes_what_is_possible(conn):
    conn.execute(SCHOOL)
    conn.execute(ECT)
    conn.execute(*period("2024-09-02", "2025-08-31", "release"))
    conn.execute(*period("2025-09-01"))
    conn.execute("INSERT INTO terms (term, starts_on, ends_on) VALUES (?, ?, ?)",
                 ["2026-autumn", "2026-09-01", "2026-12-18"])  # fmt: skip
    assert conn.execute("SELECT count(*) FROM induction_periods").fetchone()[0] == 2


def test_a_transaction_is_all_or_nothing(conn):
    with pytest.raises(RuntimeError), store_db.transaction(conn):
        conn.execute("INSERT INTO meta VALUES ('a', '1')")
        raise RuntimeError("boom")
    assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 0
    assert not conn.in_transaction


def test_a_savepoint_undoes_only_its_own_step(conn):
    with store_db.transaction(conn):
        conn.execute("INSERT INTO meta VALUES ('kept', '1')")
        with pytest.raises(RuntimeError), store_db.savepoint(conn, "step"):
            conn.execute("INSERT INTO meta VALUES ('undone', '1')")
            raise RuntimeError("this row only")
    assert conn.execute("SELECT key FROM meta").fetchall() == [("kept",)]


def test_new_ids_come_back_from_insert_returning(conn):
    conn.execute(SCHOOL)
    ids = [
        conn.execute(
            "INSERT INTO staff (school_urn, name) VALUES ('100001', ?) RETURNING id", [name]
        ).fetchone()[0]
        for name in ("Tom Reed", "Jo Ellis")
    ]
    assert ids[1] == ids[0] + 1


@pytest.mark.parametrize("values", [[], ["1234567"], ["1234567", "7654321", "0000000"]])
def test_one_of_matches_any_number_of_values(conn, values):
    conn.execute(ECT)
    condition, args = store_db.one_of(conn, "trn", values)
    found = conn.execute(f"SELECT trn FROM ects WHERE {condition}", args).fetchall()
    assert found == ([("1234567",)] if "1234567" in values else [])


def test_dates_and_yes_no_are_stored_as_the_store_stores_them(conn):
    """A ``date`` is ISO text and True is 1 on both engines (sqlite3 and the seam)."""
    import datetime as dt

    conn.execute(SCHOOL)
    conn.execute(
        "INSERT INTO staff (school_urn, name, qts) VALUES (?, ?, ?)", ["100001", "Tom", True]
    )
    conn.execute(
        "INSERT INTO terms (term, starts_on, ends_on) VALUES (?, ?, ?)",
        ["2026-autumn", dt.date(2026, 9, 1).isoformat(), dt.date(2026, 12, 18).isoformat()],
    )
    assert conn.execute("SELECT qts FROM staff").fetchone()[0] == 1
    assert conn.execute("SELECT starts_on FROM terms").fetchone()[0] == "2026-09-01"


@pytest.mark.parametrize(
    ("sql", "server"),
    [
        ("SELECT * FROM ects WHERE trn = ?", "SELECT * FROM ects WHERE trn = %s"),
        (
            "SELECT '?' || name FROM schools WHERE urn = ?",
            "SELECT '?' || name FROM schools WHERE urn = %s",
        ),
        ("SELECT 'it''s 100%' WHERE ? LIKE 'a%'", "SELECT 'it''s 100%' WHERE %s LIKE 'a%'"),
        ("SELECT 1 WHERE 5 % 2 = ?", "SELECT 1 WHERE 5 %% 2 = %s"),
    ],
)
def test_the_seam_turns_question_marks_into_the_servers_placeholders(sql, server):
    # text in quotes is left alone; a % outside quotes is psycopg's, so it is doubled
    assert translate(sql) == server
