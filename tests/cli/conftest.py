"""Shared fixtures for the end-to-end command-line tests.

Every test gets its own database file, user, "today" and data directories; the
``run`` fixture invokes the real Typer app in-process (this Typer/Click keeps
stdout and stderr apart: ``result.stdout``, ``result.stderr``), and ``db``
opens the database file afterwards to see what was really stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ectrack.cli import app
from tests.conftest import ACTOR, TODAY  # noqa: F401 (re-exported for the tests)

#: The tables a refused command must leave exactly as they were.
RECORD_TABLES = (
    "schools", "ects", "induction_periods", "staff", "audit_events",
    "absences", "checkpoint_records", "decisions", "terms",
)  # fmt: skip


@pytest.fixture
def db_path(isolated_database) -> Path | str:
    """The test's own database: a file, or a server's URL (``isolated_database`` in
    tests/conftest.py)."""
    return isolated_database


@pytest.fixture
def run() -> Callable[..., Result]:
    """``run("school", "list", "--json")``: invoke ectrack and return the result."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, [str(a) for a in args])

    return invoke


class Db:
    """Read what ectrack stored, through a fresh connection each time (to the SQLite
    file with plain sqlite3, or to the server through the store's seam, which takes
    the same ``?`` SQL)."""

    def __init__(self, target: Path | str):
        self.path = target

    def _connect(self):
        from ectrack.store.db import is_server

        if is_server(self.path):
            from ectrack.store.postgres import connect

            return connect(self.path)
        return sqlite3.connect(self.path)

    def query(self, sql: str, *params) -> list[tuple]:
        conn = self._connect()
        try:
            return [tuple(row) for row in conn.execute(sql, params).fetchall()]
        finally:
            conn.close()

    def rows(self, sql: str, *params) -> list[dict]:
        conn = self._connect()
        try:
            cursor = conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            conn.close()

    @property
    def on_server(self) -> bool:
        from ectrack.store.db import is_server

        return is_server(self.path)

    def execute(self, sql: str, *params) -> None:
        """Change the database behind ectrack's back (as someone tampering would), and
        commit: ``?`` SQL both engines take."""
        self.executemany(sql, [params])

    def executemany(self, sql: str, rows) -> None:
        conn = self._connect()
        try:
            conn.executemany(sql, rows)
            if not self.on_server:
                conn.commit()
        finally:
            conn.close()

    def foreign_key_problems(self) -> list:
        """Rows referring to a missing row (a server never stores one)."""
        return [] if self.on_server else self.query("PRAGMA foreign_key_check")

    def load(self, source: Path) -> None:
        """Replace this (empty) database's contents with an ectrack file's, as
        ``ectrack db copy`` does."""
        result = CliRunner().invoke(app, ["db", "copy", str(source), str(self.path)])
        assert result.exit_code == 0, result.output

    def one(self, sql: str, *params) -> dict:
        found = self.rows(sql, *params)
        assert len(found) == 1, f"expected one row from {sql!r} {params}, got {found}"
        return found[0]

    def count(self, table: str) -> int:
        return self.query(f"SELECT count(*) FROM {table}")[0][0]

    def counts(self) -> dict[str, int]:
        return {t: self.count(t) for t in RECORD_TABLES}

    def snapshot(self) -> dict[str, list[tuple]]:
        """Every row of every record table: equal snapshots mean nothing was written."""
        return {t: sorted(self.query(f"SELECT * FROM {t}"), key=repr) for t in RECORD_TABLES}

    def audit(self, **where) -> list[dict]:
        import json

        clause = " AND ".join(f"{k} = ?" for k in where) or "1 = 1"
        events = self.rows(
            f"SELECT * FROM audit_events WHERE {clause} ORDER BY id", *where.values()
        )
        for e in events:
            e["before"] = json.loads(e["before"]) if e["before"] else None
            e["after"] = json.loads(e["after"]) if e["after"] else None
        return events


@pytest.fixture
def db(db_path) -> Db:
    return Db(db_path)


def _no_crash(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"crashed with {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output


@pytest.fixture
def ok() -> Callable[[Result], Result]:
    """Assert a command succeeded (exit 0, no crash) and return its result."""

    def check(result: Result) -> Result:
        _no_crash(result)
        assert result.exit_code == 0, result.output
        return result

    return check


@pytest.fixture
def refused() -> Callable[..., str]:
    """Assert a command was refused with exit 1 and one ``Error: ...`` line on stderr
    holding every fragment; stdout stays empty. Returns the error line."""

    def check(result: Result, *fragments: str, code: int = 1) -> str:
        _no_crash(result)
        assert result.exit_code == code, result.output
        assert result.stdout == "", result.stdout
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, lines
        line = lines[0]
        assert line.startswith("Error: "), line
        for fragment in fragments:
            assert fragment in line, f"{fragment!r} not in {line!r}"
        return line

    return check


@pytest.fixture
def refused_unchanged(run, refused, db):
    """Run a command, assert it was refused, and that no record table changed."""

    def check(args, *fragments, code=1) -> str:
        before = db.snapshot()
        line = refused(run(*args), *fragments, code=code)
        assert db.snapshot() == before
        return line

    return check


@pytest.fixture
def usage_error() -> Callable[..., str]:
    """Assert Typer refused the command line itself (exit 2), naming the fragments."""

    def check(result: Result, *fragments: str) -> str:
        _no_crash(result)
        assert result.exit_code == 2, result.output
        assert result.stdout == "", result.stdout
        errors = [line for line in result.stderr.splitlines() if "Error" in line]
        assert len(errors) == 1, result.stderr
        for fragment in fragments:
            assert fragment in result.stderr, f"{fragment!r} not in {result.stderr!r}"
        return errors[0]

    return check


# A small AB used by many tests: two schools, created through the command line.
SCHOOL_A = "100001"
SCHOOL_B = "100002"


@pytest.fixture
def schools(run, ok) -> tuple[str, str]:
    ok(run("school", "add", SCHOOL_A, "--name", "Hillside Primary School", "--phase", "Primary"))
    ok(run("school", "add", SCHOOL_B, "--name", "Oakfield Academy", "--phase", "Secondary"))
    return SCHOOL_A, SCHOOL_B


def _register_args(trn: str = "1234567", **options: str | None) -> list[str]:
    """``ect register`` arguments for a believable ECT; ``options`` override
    (``dob="2000-01-01"``, ``fte="0.5"``); a value of None leaves the option out."""
    values = {
        "first_name": "Amy",
        "last_name": "Shah",
        "dob": "1998-04-02",
        "qts_date": "2025-07-18",
        "school": SCHOOL_A,
        "start": "2025-09-01",
        **options,
    }
    args = ["ect", "register", trn]
    for name, value in values.items():
        if value is not None:
            args += ["--" + name.replace("_", "-"), value]
    return args


@pytest.fixture
def register_args() -> Callable[..., list[str]]:
    return _register_args


@pytest.fixture
def register(run, ok, schools) -> Callable[..., Result]:
    """Register an ECT through the command line (the schools exist)."""

    def do(trn: str = "1234567", **options: str | None) -> Result:
        return ok(run(*_register_args(trn, **options)))

    return do
