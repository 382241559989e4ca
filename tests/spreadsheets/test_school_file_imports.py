"""Importing each messy school file rejects exactly the rows its ground truth
calls bad (impossible values, repeated ECTs) and takes every other row."""

from __future__ import annotations

import datetime as dt

import pytest

from ectrack.operations.imports import import_file
from ectrack.rules.identifiers import normalise_urn
from ectrack.store.audit import Author
from ectrack.store.db import connect, create_private_file, transaction
from ectrack.store.migrations import migrate
from tests.fixtures.expected import FIXTURES
from tests.fixtures.make_school_files import make_all

# Reviews and assessments must match each ECT's schedule, which these files do not
# carry; tests/cli/test_import.py and test_templates.py import returns end to end.
IMPORTABLE = [f for f in FIXTURES if f["kind"] in ("schools", "ects", "absences")]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("school-files")
    make_all(directory)
    return directory


@pytest.mark.parametrize("expected", IMPORTABLE, ids=[f["file"] for f in IMPORTABLE])
def test_a_school_file_imports_all_but_its_bad_rows(files, tmp_path, expected):
    path = tmp_path / "ab.db"
    create_private_file(path)
    conn = connect(path)
    migrate(conn, str(path))
    with transaction(conn):  # the schools and ECTs the file refers to
        for _, values in expected["rows"]:
            if values.get("school_urn"):
                conn.execute(
                    "INSERT OR IGNORE INTO schools (urn, name) VALUES (?, 'School')",
                    [normalise_urn(values["school_urn"])],
                )
            if expected["kind"] == "absences" and values.get("trn"):
                conn.execute(
                    "INSERT OR IGNORE INTO ects (trn, first_name, last_name, date_of_birth, "
                    "qts_date) VALUES (?, 'A', 'B', '1990-01-01', '2020-07-01')",
                    [values["trn"]],
                )
    result = import_file(
        conn,
        Author("test", "import"),
        files / expected["file"],
        today=dt.date(2026, 11, 22),
        sheet=expected["sheet_option"],
        accept_valid=True,
        errors_path=tmp_path / "errors.xlsx",
    )
    bad = {number for number, _ in expected["bad_cells"]}
    repeats = {number for rows in expected["duplicate_rows"] for number in rows[1:]}
    assert {e.row for e in result.errors} == bad | repeats
    stored = {"schools": "schools", "ects": "ects", "absences": "absences"}[expected["kind"]]
    created = conn.execute(f"SELECT count(*) FROM {stored}").fetchone()[0]
    if expected["kind"] != "schools":  # schools: the file's own rows are the only ones
        assert result.counts["created"] == len(expected["rows"]) - result.rejected
    else:
        assert created == len(expected["rows"]) - result.rejected
