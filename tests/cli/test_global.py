"""Global options, the database file, init and upgrades, and what the CLI imports."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import subprocess
import sys

import pytest

import ectrack
from ectrack.store.migrations import MIGRATIONS


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# --- --version ---------------------------------------------------------------------


@pytest.mark.sqlite_only  # --version never opens a database; checks no file was made
def test_version_prints_ectrack_and_the_version(run, ok, db_path):
    result = ok(run("--version"))
    assert re.fullmatch(r"ectrack \d+\.\d+\.\d+\n", result.stdout)
    assert result.stdout == f"ectrack {ectrack.__version__}\n"
    assert not db_path.exists()  # --version never opens the database


def subprocess_env(tmp_path) -> dict:
    return {**os.environ, "ECTRACK_DB": str(tmp_path / "sub.db")}


def test_python_m_ectrack_version(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "ectrack", "--version"],
        capture_output=True,
        text=True,
        env=subprocess_env(tmp_path),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"ectrack {ectrack.__version__}\n"


def test_importing_the_cli_stays_light(tmp_path):
    heavy = ["openpyxl", "sqlite_utils", "pydantic", "rich.table"]
    code = f"import ectrack.cli, sys; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=subprocess_env(tmp_path),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"imported at startup: {done.stdout.strip()}"


def test_a_refusal_in_the_real_program_shows_no_traceback(tmp_path):
    """The installed entry point (not the test runner) prints one line and exits 1."""
    directory = tmp_path / "a-directory"
    directory.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "ectrack", "--db", str(directory), "school", "list"],
        capture_output=True,
        text=True,
        env=subprocess_env(tmp_path),
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "is a directory" in lines[0]


# --- --today -----------------------------------------------------------------------


def status(run, ok, *global_options) -> str:
    doc = json.loads(ok(run(*global_options, "ect", "show", "1234567", "--json")).stdout)
    return doc["status"]


def test_today_decides_the_status(run, ok, register):
    register("1234567", start="2027-01-04")
    assert status(run, ok) == "required_to_complete"  # ECTRACK_TODAY 2026-11-22
    assert status(run, ok, "--today", "2027-01-03") == "required_to_complete"
    assert status(run, ok, "--today", "2027-01-04") == "in_progress"
    assert status(run, ok, "--today", "04/01/2027") == "in_progress"  # day first
    ok(run("ect", "release", "1234567", "--on", "2027-03-31"))
    assert status(run, ok, "--today", "2027-03-31") == "in_progress"
    assert status(run, ok, "--today", "2027-04-01") == "paused"


def test_ectrack_today_sets_the_date_and_today_overrides_it(run, ok, register, monkeypatch):
    register("1234567", start="2027-01-04")
    monkeypatch.setenv("ECTRACK_TODAY", "2027-02-01")
    assert status(run, ok) == "in_progress"
    assert status(run, ok, "--today", "2026-12-01") == "required_to_complete"


@pytest.mark.sqlite_only  # a usage error opens no database; checks no file was made
@pytest.mark.parametrize("today", ["banana", "2026-02-30", "2026/11/22x"])
def test_a_bad_today_is_a_usage_error(run, usage_error, db_path, today):
    usage_error(run("--today", today, "school", "list"), "--today", today)
    assert not db_path.exists()


def test_a_bad_ectrack_today_is_a_usage_error(run, usage_error, monkeypatch):
    monkeypatch.setenv("ECTRACK_TODAY", "31/31/2026")
    usage_error(run("school", "list"), "--today", "31/31/2026")


# --- --db ---------------------------------------------------------------------------


def test_ectrack_db_chooses_the_file_and_db_overrides_it(run, ok, db, tmp_path):
    ok(run("school", "add", "100001", "--name", "Hillside Primary School"))
    other = tmp_path / "other.db"
    ok(run("--db", str(other), "school", "add", "100002", "--name", "Oakfield Academy"))

    def urns(path):
        conn = sqlite3.connect(path)
        try:
            return [r[0] for r in conn.execute("SELECT urn FROM schools")]
        finally:
            conn.close()

    assert db.query("SELECT urn FROM schools") == [("100001",)]
    assert urns(other) == ["100002"]


def test_db_pointing_at_a_directory_is_refused(run, refused, tmp_path):
    directory = tmp_path / "folder"
    directory.mkdir()
    refused(run("--db", str(directory), "school", "list"), str(directory), "is a directory")
    assert list(directory.iterdir()) == []


def test_db_inside_a_file_instead_of_a_folder_is_refused(run, refused, tmp_path):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("just notes\n")
    path = not_a_folder / "ectrack.db"
    refused(run("--db", str(path), "school", "list"), str(path), "cannot create")
    assert not_a_folder.read_text() == "just notes\n"


def test_db_pointing_at_a_text_file_is_refused_and_left_alone(run, refused, tmp_path):
    text = tmp_path / "notes.txt"
    content = b"URN,Name\n100001,Hillside Primary School\nThis is not a database at all.\n"
    text.write_bytes(content)
    refused(run("--db", str(text), "init"), str(text), "not an ectrack database")
    assert text.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == ["notes.txt"]


def test_db_pointing_at_another_programs_sqlite_file_is_refused(run, refused, tmp_path):
    foreign = tmp_path / "other-app.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (9.99)")
    conn.commit()
    conn.close()
    refused(run("--db", str(foreign), "init"), str(foreign), "did not make")
    conn = sqlite3.connect(foreign)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert tables == {"invoices"}


def test_a_new_database_and_its_new_directories_are_owner_only(run, ok, tmp_path):
    tmp_path.chmod(0o755)
    path = tmp_path / "ab" / "data" / "ectrack.db"
    old_umask = os.umask(0o022)
    try:
        result = ok(run("--db", str(path), "school", "add", "100001", "--name", "Hillside"))
    finally:
        os.umask(old_umask)
    assert f"Created a new ectrack database at {path}" in result.stderr
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(path.parent.parent) == 0o700
    assert mode(tmp_path) == 0o755  # an existing directory is left as it was
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            assert mode(side) == 0o600


def test_the_default_database_is_in_the_user_data_directory(run, ok, monkeypatch, tmp_path):
    monkeypatch.delenv("ECTRACK_DB")
    xdg = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg))
    result = ok(run("init"))
    expected = xdg / "ectrack" / "ectrack.db"
    assert f"Database: {expected}" in result.stdout
    assert expected.is_file()
    assert mode(expected) == 0o600
    assert mode(expected.parent) == 0o700
    ok(run("school", "add", "100001", "--name", "Hillside"))
    conn = sqlite3.connect(expected)
    assert conn.execute("SELECT count(*) FROM schools").fetchone()[0] == 1
    conn.close()


# --- init and upgrades --------------------------------------------------------------


@pytest.mark.sqlite_only  # a new file is created, in WAL mode
def test_init_prints_the_path_and_schema_version(run, ok, db_path):
    result = ok(run("init"))
    assert result.stdout == f"Database: {db_path}\nSchema version: {len(MIGRATIONS)}\n"
    assert f"Created a new ectrack database at {db_path}" in result.stderr
    conn = sqlite3.connect(db_path)
    applied = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert applied == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_init_again_keeps_the_data(run, ok, db, db_path):
    ok(run("init"))
    ok(run("school", "add", "100001", "--name", "Hillside"))
    before = db.snapshot()
    result = ok(run("init", "--json"))
    assert json.loads(result.stdout) == {"path": str(db_path), "schema_version": len(MIGRATIONS)}
    assert "Created" not in result.stderr
    assert db.snapshot() == before


def test_a_database_from_a_newer_ectrack_is_refused(run, ok, refused, db):
    ok(run("school", "add", "100001", "--name", "Hillside"))
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('ectrack', 'm999_from_the_future', '2030-01-01 00:00:00')"
    )
    try:
        before = db.snapshot()
        refused(run("init"), "newer ectrack", "m999_from_the_future")
        refused(run("school", "add", "100002", "--name", "Oakfield"), "newer ectrack")
        refused(run("school", "list", "--json"), "newer ectrack")
        assert db.snapshot() == before
    finally:  # the server's migrations table outlives the test
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm999_from_the_future'")


@pytest.mark.sqlite_only  # a file made by an older ectrack
def test_a_first_release_database_upgrades_without_loss(run, ok, db_path):
    """A database made by schema version 1 (foundation release) opens and upgrades."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from ectrack.store.db import create_private_file

    create_private_file(db_path)
    first_release = Migrations("ectrack")
    first_release(name=MIGRATIONS[0].__name__)(MIGRATIONS[0])
    old = Database(db_path)
    first_release.apply(old)
    old.execute("INSERT INTO schools (urn, name) VALUES ('100001', 'Hillside')")
    old.execute(
        "INSERT INTO ects (trn, first_name, last_name, date_of_birth, qts_date) "
        "VALUES ('1234567', 'Amy', 'Shah', '1998-04-02', '2025-07-18')"
    )
    old.execute(
        "INSERT INTO induction_periods (trn, school_urn, started_on, fte_percent, programme) "
        "VALUES ('1234567', '100001', '2025-09-01', 80, 'provider_led')"
    )
    old.conn.commit()
    old.close()

    shown = json.loads(ok(run("ect", "show", "1234567", "--json")).stdout)
    assert shown["first_name"] == "Amy"
    assert shown["periods"][0]["fte"] == 0.8
    conn = sqlite3.connect(db_path)
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == [fn.__name__ for fn in MIGRATIONS]
    assert conn.execute("SELECT reduced_to_tenths FROM ects").fetchone() == (None,)


def _database_before(db_path, migration: int):
    """A database made by the ectrack whose schema stopped before ``migration``
    (1-based), holding one school, one ECT and their induction period."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from ectrack.store.db import create_private_file

    create_private_file(db_path)
    older = Migrations("ectrack")
    for fn in MIGRATIONS[: migration - 1]:
        older(name=fn.__name__)(fn)
    old = Database(db_path)
    older.apply(old)
    old.execute("INSERT INTO schools (urn, name) VALUES ('100001', 'Hillside')")
    old.execute(
        "INSERT INTO ects (trn, first_name, last_name, date_of_birth, qts_date) "
        "VALUES ('1234567', 'Amy', 'Shah', '1998-04-02', '2025-07-18')"
    )
    old.execute(
        "INSERT INTO induction_periods (trn, school_urn, started_on, fte_percent, programme) "
        "VALUES ('1234567', '100001', '2025-09-01', 100, 'provider_led')"
    )
    return old


@pytest.mark.sqlite_only  # a file made by an older ectrack
def test_absences_recorded_in_whole_days_carry_over_as_half_days(run, ok, db_path):
    """m004 stores absence days as half days; what m002 held is carried over."""
    old = _database_before(db_path, 4)
    old.execute(
        "INSERT INTO absences (trn, starts_on, ends_on, days, kind) "
        "VALUES ('1234567', '2026-01-12', '2026-03-06', 41, 'sickness')"
    )
    old.conn.commit()
    old.close()
    shown = json.loads(ok(run("ect", "show", "1234567", "--json")).stdout)
    assert shown["absences"][0]["days"] == 41
    assert shown["absence_by_part"][0]["extension_terms"] == 0.7  # worked example 3
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT half_days FROM absences").fetchone() == (82,)


@pytest.mark.sqlite_only  # a file made by an older ectrack
def test_days_absent_on_returns_carry_over_as_half_days(run, ok, db_path):
    """m006 stores a return's days absent as half days; what m005 held is carried over."""
    old = _database_before(db_path, 6)
    old.execute(
        "INSERT INTO checkpoint_records (trn, kind, term, held_on, received_on, on_track, "
        "absence_days) VALUES ('1234567', 'progress_review', '2025-autumn', '2025-12-05', "
        "'2025-12-08', 1, 3)"
    )
    old.conn.commit()
    old.close()
    shown = json.loads(ok(run("ect", "show", "1234567", "--json")).stdout)
    assert shown["records"][0]["absence_days"] == 3
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT absence_half_days FROM checkpoint_records").fetchone() == (6,)
    ok(
        run(
            "review",
            "record",
            "1234567",
            "--term",
            "2026-spring",
            "--date",
            "2026-03-20",
            "--on-track",
            "yes",
            "--absence-days",
            "1.5",
        )
    )
    shown = json.loads(ok(run("ect", "show", "1234567", "--json")).stdout)
    assert [r["absence_days"] for r in shown["records"]] == [3, 1.5]
