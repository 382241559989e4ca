"""``ectrack demo``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ectrack.cli.output import print_json, print_table, say
from ectrack.cli.progress import progress_bar
from ectrack.cli.state import author, state
from ectrack.labels import appeal_word, outcome_word, status_word, uk_date

DEFAULT_DEMO_DB = "ectrack-demo.db"


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            os.remove(candidate)


def demo(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Build a fresh database holding a believable synthetic Appropriate Body.

    About 40 schools and 300 ECTs in two cohorts (dates follow --today),
    full- and part-time, some moved school, some released. It is written to
    --db, or ectrack-demo.db in the current directory. demo only ever replaces
    a database that demo made: any other file is refused.

    It then writes the school files of a term (a GIAS extract, a registration
    return, a termly return, an absence return) into ectrack-demo-files/ beside
    the database and imports them, as an officer would, and ends by writing the
    termly report (ectrack-demo-report-TERM.xlsx beside the database).

    Example: ectrack demo && ectrack --db ectrack-demo.db ect list
    """
    from ectrack.demo import build_demo
    from ectrack.errors import EctrackError
    from ectrack.store.db import transaction
    from ectrack.store.meta import is_demo_file, set_meta

    app_state = state(ctx)
    if app_state.db is None:
        app_state.db = DEFAULT_DEMO_DB
    if app_state.on_server:  # a team trying ectrack out: an empty database, files here
        from ectrack.store.meta import record_counts

        conn = app_state.connect()
        if any(record_counts(conn, app_state.today.isoformat()).values()):
            raise EctrackError(
                f"{app_state.where} already holds records; on a server demo fills only an "
                "empty database: give --db a new one"
            )
        beside = Path.cwd()
    else:
        path = app_state.db_path.resolve()
        if path.exists():
            if path.is_dir() or not is_demo_file(path):
                raise EctrackError(
                    f"{path} exists and is not an ectrack demo database; demo replaces only "
                    "its own databases: give --db a new file name"
                )
            _remove_database(path)
        beside = path.parent
    conn = app_state.connect()
    with transaction(conn):
        set_meta(conn, "demo", "1")

    from ectrack.demo_files import write_demo_files
    from ectrack.operations.imports import import_file
    from ectrack.operations.reports import termly_report, write_termly
    from ectrack.reports.queue import DEADLINE_HORIZON_DAYS, SECTIONS

    files_dir = beside / "ectrack-demo-files"
    imports = []
    with progress_bar(ctx, "Making the schools and ECTs") as bar:
        bar(0, 1)
        with transaction(conn):
            summary = build_demo(conn, author(ctx), app_state.today)
        bar(1, 1)
        school_files = list(write_demo_files(conn, files_dir, app_state.today))
        step = bar.stage("Importing the school files")
        for done, school_file in enumerate(school_files, start=1):
            result = import_file(conn, author(ctx), school_file, today=app_state.today)
            imports.append(
                {
                    k: result.to_json()[k]
                    for k in ("file", "kind", "rows", "created", "updated", "unchanged", "rejected")
                }
            )
            step(done, len(school_files))
        report = termly_report(
            conn, app_state.today, progress=bar.stage("Writing the termly report")
        )
        report_path = beside / f"ectrack-demo-report-{report.term.term.name}.xlsx"
        write_termly(report, report_path)
    statuses = {s: n for s, n in report.summary()["ects_by_status"].items() if n}
    result = {
        "path": app_state.where,
        "today": app_state.today.isoformat(),
        "schools": summary.schools,
        "ects": summary.ects,
        "cohorts": dict(summary.cohorts),
        "part_time": summary.part_time,
        "moved_school": summary.moved,
        "changed_fte": summary.fte_changed,
        "released": summary.released,
        "absences": summary.absences,
        "returns_received": summary.returns_received,
        "returns_late": summary.returns_late,
        "not_on_track": summary.not_on_track,
        "decisions": dict(summary.decisions),
        "appeals": dict(summary.appeals),
        "decided_a_term_late": summary.decided_a_term_late,
        "arrived_from_another_ab": summary.arrived_from_another_ab,
        "two_posts": summary.two_posts,
        "fidelity_checks": summary.fidelity_checks,
        "work_queue": report.summary()["work_queue"],
        "ects_by_status": statuses,
        "school_files_imported": imports,
        "termly_report": str(report_path),
    }
    if json_output:
        print_json(result)
        return
    rows = [("Schools", summary.schools), ("ECTs", summary.ects)]
    rows += [(f"  started {cohort}", n) for cohort, n in summary.cohorts.items()]
    rows += [
        ("  part-time", summary.part_time),
        ("  moved school", summary.moved),
        ("  changed FTE", summary.fte_changed),
        ("  released", summary.released),
        ("  arrived from another AB", summary.arrived_from_another_ab),
        ("  holding two posts at once", summary.two_posts),
    ]
    rows += [(f"  {status_word(s).lower()}", n) for s, n in sorted(statuses.items())]
    rows += [
        ("Absences recorded", summary.absences),
        ("Returns received", summary.returns_received),
        ("  of which late", summary.returns_late),
        ("  not on track", summary.not_on_track),
    ]
    rows += [
        (f"Decisions: {outcome_word(o).lower()}", n) for o, n in sorted(summary.decisions.items())
    ]
    rows += [("  recorded in the term after the final", summary.decided_a_term_late)]
    rows += [(f"Appeals: {appeal_word(r).lower()}", n) for r, n in sorted(summary.appeals.items())]
    rows += [("Fidelity checks of school-led programmes", summary.fidelity_checks)]
    titles = dict(SECTIONS)
    rows += [
        (f"To do: {titles[k].format(horizon=DEADLINE_HORIZON_DAYS)}", n)
        for k, n in result["work_queue"].items()
    ]
    print_table(f"Demo AB as of {uk_date(app_state.today)}", ["", "Count"], rows)
    print_table(
        f"School files imported (in {files_dir})",
        ["File", "Kind", "Rows", "Created", "Updated", "Rejected"],
        [
            (Path(i["file"]).name, i["kind"], i["rows"], i["created"], i["updated"], i["rejected"])
            for i in imports
        ],
        wrap=("File",),
    )
    say(f"Termly report: {report_path}")
    say(f"Written to {app_state.where}. Try, as an officer would:")
    for command in _first_steps(conn):
        say(f"  ectrack --db {_shell_word(app_state)} {command}")


def _shell_word(app_state) -> str:
    """The database as a shell takes it (a server's URL holds '?' and '&')."""
    import shlex

    return shlex.quote(app_state.where) if app_state.on_server else app_state.where


def _first_steps(conn) -> list[str]:
    """Commands to try on the demo, naming a person the way an officer would."""
    from collections import Counter

    from ectrack.store.ects import list_ects

    ects = list_ects(conn)
    names = Counter(e.full_name for e in ects)
    named = next((e for e in ects if names[e.full_name] == 1), None)
    steps = ["", "todo"]
    if named is not None:
        steps += [f"find {named.last_name}", f'ect show "{named.full_name}"']
    return [*steps, "ect list"]
