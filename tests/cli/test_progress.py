"""Progress on long work: operations say how far they have got; a bar is drawn only
for a person at a terminal, never in scripts or with --quiet."""

from __future__ import annotations

import datetime as dt

import pytest

from ectrack.cli import progress as cli_progress


@pytest.fixture
def demo(run, ok, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # beside a server's database is the current folder
    ok(run("demo", "--json"))


def _connect(target):
    """The store's connection to the test database: the file, or the server."""
    from ectrack.store import db, postgres

    return postgres.connect(target) if db.is_server(target) else db.connect(target)


def test_the_report_counts_every_ect_and_every_school_file(demo, db_path, tmp_path):
    from ectrack.operations.reports import termly_report, write_termly

    conn = _connect(db_path)
    seen, schools = [], []

    def record(done, total):
        seen.append((done, total))

    def record_school(done, total):
        schools.append((done, total))

    report = termly_report(conn, dt.date(2026, 11, 22), progress=record)
    ects = conn.execute("SELECT count(*) FROM ects").fetchone()[0]
    assert [d for d, _ in seen] == list(range(1, ects + 1))
    assert {t for _, t in seen} == {ects}
    written = write_termly(report, tmp_path / "r.xlsx", tmp_path / "each", progress=record_school)
    files = len(written["per_school"]["files"])
    assert schools == [(i, files) for i in range(1, files + 1)]


@pytest.mark.sqlite_only  # SQLite's online backup copies the file page by page
def test_a_backup_reports_its_pages(demo, db_path, tmp_path):
    from ectrack.operations.doctor import backup_database
    from ectrack.store.db import connect

    pages = []
    backup_database(
        connect(db_path), tmp_path / "copy.db", progress=lambda d, t: pages.append((d, t))
    )
    assert pages and pages[-1][0] == pages[-1][1] > 0


def test_no_bar_in_scripts_or_when_quiet(run, ok, demo, tmp_path, monkeypatch):
    out = ok(run("report", "termly", "-o", tmp_path / "r.xlsx", "--per-school", tmp_path / "s"))
    assert "━" not in out.stderr and "━" not in out.stdout  # not a terminal here
    drawn = []
    monkeypatch.setattr(
        cli_progress.ProgressBar, "__call__", lambda self, d, t: drawn.append(self.enabled)
    )
    monkeypatch.setattr(cli_progress, "stderr_is_terminal", lambda: True)
    ok(run("report", "termly", "-o", tmp_path / "t.xlsx"))
    assert drawn and all(drawn)  # at a terminal: drawn
    drawn.clear()
    ok(run("--quiet", "report", "termly", "-o", tmp_path / "q.xlsx"))
    assert drawn and not any(drawn)  # --quiet: never


def test_a_bar_draws_only_when_enabled_and_the_work_is_large():
    bar = cli_progress.ProgressBar("Importing", enabled=False)
    bar(1, 10_000)
    assert bar._bar is None
    small = cli_progress.ProgressBar("Importing", enabled=True, minimum=1000)
    small(1, 10)
    assert small._bar is None
