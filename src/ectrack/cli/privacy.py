"""``ect export``, ``ect erase``, ``retention``, ``backup`` and ``doctor``: keeping
personal data lawfully and the database file sound."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ectrack.cli import params
from ectrack.cli.output import print_json, print_table, say
from ectrack.cli.params import Trn, confirmed
from ectrack.cli.progress import progress_bar
from ectrack.cli.state import author, state

Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def ect_export(
    ctx: typer.Context,
    trn: Trn,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="The JSON file to write [default: ect-TRN.json]."),
    ] = None,
) -> None:
    """Write everything ectrack holds about one person (a subject access request):
    their record, induction periods, returns, absences, decisions, DfE exports, the
    induction as ectrack evaluates it, their mentors and tutors, and every audit
    event about them. The file is owner-only.

    Example: ectrack ect export 1234567 -o subject-access-1234567.json
    """
    import json

    from ectrack.errors import EctrackError
    from ectrack.operations.ects import require_ect
    from ectrack.operations.privacy import subject_access
    from ectrack.spreadsheets.safe_write import open_private

    app_state = state(ctx)
    conn = app_state.connect()
    ect = require_ect(conn, trn)
    document = subject_access(conn, ect, app_state.today)
    path = output or Path(f"ect-{ect.trn}.json")
    if path.exists():
        raise EctrackError(f"{path} already exists; give -o a new file name")
    with open_private(path) as f:
        f.write(json.dumps(document, indent=2, ensure_ascii=False, default=str).encode())
    say(
        f"Wrote everything held about {ect.trn} {ect.full_name} to {path} "
        f"({len(document['audit_events'])} audit events)"
    )


def ect_erase(
    ctx: typer.Context,
    trn: Trn,
    reason: Annotated[
        str, typer.Option("--reason", help="Why, e.g. 'erasure request 2026-11-20'.")
    ],
    yes: Annotated[
        bool, typer.Option("--yes", help="Yes, erase it: this cannot be undone.")
    ] = False,
) -> None:
    """Erase everything held about one person, on request or after the retention
    period: their record, periods, returns, absences, decisions, DfE exports, and
    what the audit log says about them. The audit log keeps that an erasure
    happened, when, by whom and why, without the erased data, and still verifies.
    Export it first if the person asked for a copy (ect export).

    Example: ectrack ect erase 1234567 --reason "erasure request 2026-11-20" --yes
    """
    from ectrack.errors import EctrackError
    from ectrack.operations.ects import require_ect
    from ectrack.operations.privacy import erase_ect
    from ectrack.store.db import transaction

    conn = state(ctx).connect()
    ect = require_ect(conn, trn)
    if not reason.strip():
        raise EctrackError("say why with --reason, e.g. --reason 'erasure request 2026-11-20'")
    if not (yes or confirmed(f"Erase everything held about {ect.full_name} ({ect.trn})?")):
        raise EctrackError(
            f"erasing {ect.trn} {ect.full_name} cannot be undone; add --yes to erase, and "
            "'ectrack ect export' first if they asked for a copy"
        )
    with transaction(conn):
        counts = erase_ect(conn, author(ctx), ect, reason.strip())
    say(
        f"Erased {ect.trn}: {sum(v for k, v in counts.items() if k != 'audit_events_erased')} "
        f"rows removed, {counts['audit_events_erased']} audit events emptied"
    )


def retention(
    ctx: typer.Context,
    purge: Annotated[
        bool, typer.Option("--purge", help="Erase every ECT listed (cannot be undone).")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="With --purge: do not ask first at a terminal.")
    ] = False,
    json_output: Json = False,
) -> None:
    """ECTs whose induction with this AB ended more than six years before --today
    (the guidance asks for records to be kept at least six years). --purge erases
    them as 'ect erase' does, each erasure kept in the audit log. At a terminal
    --purge asks first (--yes does not); in a script it erases without asking.

    Example: ectrack retention --purge --yes
    """
    from ectrack.labels import period_end_word, uk_date
    from ectrack.operations.privacy import erase_ect, past_retention
    from ectrack.store.db import transaction
    from ectrack.store.ects import get_ect

    app_state = state(ctx)
    conn = app_state.connect()
    rows = past_retention(conn, app_state.today)

    def listing() -> None:
        print_table(
            f"{len(rows)} ECTs past the six-year retention period "
            f"(as of {uk_date(app_state.today)})",
            ["TRN", "Name", "Induction ended", "Outcome", "Kept until"],
            [
                (
                    r["trn"],
                    f"{r['first_name']} {r['last_name']}",
                    uk_date(r["induction_ended_on"]),
                    period_end_word(r["outcome"] or "release"),
                    uk_date(r["kept_until"]),
                )
                for r in rows
            ],
        )

    asked = purge and rows and not yes and not json_output and params.is_interactive()
    if asked:
        listing()
        confirmed(f"Erase everything held about these {len(rows)} ECTs? This cannot be undone")
    if purge and rows:
        with transaction(conn):
            for row in rows:
                erase_ect(
                    conn,
                    author(ctx),
                    get_ect(conn, row["trn"]),
                    f"retention: induction ended {row['induction_ended_on']}",
                )
    if json_output:
        print_json({"purged": purge, "ects": rows})
        return
    if not asked:
        listing()
    if purge:
        say(f"Erased {len(rows)} ECTs")
    elif rows:
        say("Erase them with: ectrack retention --purge")


def backup(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The backup file to create.")],
    json_output: Json = False,
) -> None:
    """Copy the database safely while it is in use (SQLite's online backup) to a new
    owner-only file, and check the copy. To restore: stop every ectrack, move the
    damaged file and its -wal and -shm files away, and copy the backup in its place
    (or use it directly with --db).

    Example: ectrack backup backups/ectrack-2026-11-22.db
    """
    from ectrack.operations.doctor import backup_database

    with progress_bar(ctx, "Backing up") as bar:
        done = backup_database(state(ctx).connect(), path, progress=bar)
    if json_output:
        print_json(done)
        return
    say(
        f"Backed up {done['ects']} ECTs and {done['audit_events']} audit events to "
        f"{done['file']} (integrity ok)"
    )


def doctor(
    ctx: typer.Context,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="First put right what the rules can restore (a period carrying a pass or "
            "fail that an older ectrack closed on the day of the decision is closed on the "
            "end of induction); each change is audited.",
        ),
    ] = False,
    json_output: Json = False,
) -> None:
    """Check the database: the file's integrity, foreign keys, owner-only permissions,
    the audit log's hash chain, and facts the rules of induction say cannot be
    (overlapping periods, more than two posts or over 1.0 FTE at once, a period after
    the outcome, an outcome not on the end of induction, an exempt teacher with a
    period, terms served elsewhere that already make a whole induction, returns that
    no longer match the schedule). Each finding says what to do. Exits 1 when anything
    is found.

    Example: ectrack doctor --repair
    """
    from ectrack.operations.doctor import diagnose

    app_state = state(ctx)
    if repair:
        from ectrack.operations.doctor import repair as repair_database
        from ectrack.store.db import transaction

        with transaction(app_state.connect()) as conn:
            for line in repair_database(conn, author(ctx), app_state.today):
                say(f"Repaired {line}")
    file = None if app_state.on_server else app_state.db_path
    findings = diagnose(app_state.connect(), file, app_state.today)
    if json_output:
        print_json({"ok": not findings, "findings": [f.to_json() for f in findings]})
    elif not findings:
        say(f"{app_state.where}: no problems found")
    else:
        print_table(
            f"{len(findings)} problems in {app_state.where}",
            ["Check", "Problem", "What to do"],
            [(f.check, f.problem, f.fix) for f in findings],
            wrap=("Problem", "What to do"),
        )
    if findings:
        raise typer.Exit(1)
