"""Making the termly report from the database: the AB's workbook and one per school."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ectrack.reports.termly import TermlyReport


def termly_report(
    conn: sqlite3.Connection,
    today: dt.date,
    term: object = None,
    progress: Callable[[int, int], None] | None = None,
) -> TermlyReport:
    """The report for ``term`` (default: the term holding ``today``, or in a holiday
    the term just ended), as of ``today``; ``progress(done, total)`` per ECT."""
    from ectrack.operations.todo import new_queue
    from ectrack.reports.termly import build_termly_report
    from ectrack.rules.calendar import parse_term
    from ectrack.store.db import snapshot
    from ectrack.store.induction import iter_inductions, term_calendar

    calendar = term_calendar(conn)
    chosen = parse_term(term) if term is not None else calendar.term_on_or_before(today)
    with snapshot(conn):
        queue = new_queue(conn, today, counting=True)
        return build_termly_report(
            iter_inductions(conn, today, calendar=calendar, progress=progress),
            list(queue.schools.values()),
            calendar.dates(chosen),
            today,
            queue,
        )


def write_termly(
    report: TermlyReport,
    output: Path,
    per_school: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Write the AB's workbook, and with ``per_school`` one workbook per school in that
    folder (``progress(done, total)`` per school); returns what was written, as
    ``report termly --json`` prints it."""
    from ectrack.reports.workbook import write_termly_workbook
    from ectrack.spreadsheets.safe_write import private_directory, slug

    directory = private_directory(Path(per_school)) if per_school is not None else None
    write_termly_workbook(report, Path(output))
    written = {
        "term": report.term.term.name,
        "as_of": report.today.isoformat(),
        "file": str(output),
        "summary": report.summary(),
        "sheets": {t.title: len(t.rows) for t in report.tables.values()},
        "per_school": None,
    }
    if directory is not None:
        files = []
        urns = report.school_urns()
        for done, urn in enumerate(urns, start=1):
            school = report.for_school(urn)
            name = school.school.name if school.school else "school"
            path = directory / f"{urn}-{slug(name)}-{report.term.term.name}-report.xlsx"
            write_termly_workbook(school, path, chart=False)
            files.append({"school_urn": urn, "file": str(path), "summary": school.summary()})
            if progress is not None:
                progress(done, len(urns))
        written["per_school"] = {"directory": str(directory), "files": files}
    return written
