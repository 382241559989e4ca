"""``ectrack import FILE``: a school's spreadsheet in, never half-way."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ectrack.cli.output import print_json, print_table, say
from ectrack.cli.progress import progress_bar
from ectrack.cli.state import author, state

KIND_HELP = "schools, ects, checkpoints or absences [default: detected from the headers]"
SHOWN_ERRORS = 10


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="The school's file: .xlsx, .xlsm, .xls, .ods or .csv.", show_default=False
        ),
    ],
    kind: Annotated[str | None, typer.Option("--kind", help=KIND_HELP)] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="The sheet to read [default: the first one with a header ectrack recognises].",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row and report; write nothing.")
    ] = False,
    accept_valid: Annotated[
        bool,
        typer.Option("--accept-valid", help="Write the valid rows even if others are rejected."),
    ] = False,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="Where to write the rejected rows [default: FILE-errors.xlsx beside the file].",
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Import a school's spreadsheet: schools (or a GIAS extract), ECT registrations,
    reviews and assessments (checkpoints), or absences; or a transfer file another AB
    wrote with 'ectrack ect transfer-out' (recognised by its first cell), which records
    the ECT with their induction so far as periods elsewhere.

    The header row is found wherever it is; columns match their usual names. Every
    row is checked with the same rules as the equivalent command. All or nothing:
    one bad row and nothing is written (exit 3), unless --accept-valid. Rejected
    rows go to an errors workbook, as the school sent them plus an 'Error message'
    column: the school can fix that file and send it back as it is. Importing the
    same rows again changes nothing.

    Example: ectrack import hillside-registrations.xlsx --dry-run
    """
    from ectrack.errors import InvalidValue
    from ectrack.operations.imports import import_file
    from ectrack.spreadsheets.headers import KINDS

    if kind is not None and kind not in KINDS:
        raise InvalidValue("kind", kind, "not a kind of file", "use " + ", ".join(KINDS))
    app_state = state(ctx)
    conn = app_state.connect()
    with progress_bar(ctx, f"Importing {file.name}", minimum=1000) as progress:
        result = import_file(
            conn,
            author(ctx),
            file,
            today=app_state.today,
            kind=kind,
            sheet=sheet,
            dry_run=dry_run,
            accept_valid=accept_valid,
            errors_path=errors,
            progress=progress,
        )
    if json_output:
        print_json(result.to_json())
    else:
        _report(result)
    if result.rejected:
        raise typer.Exit(3)


def _report(result) -> None:
    counts = result.to_json()
    if result.transfer:
        t = result.transfer
        say(
            f"{Path(result.file).name}: a transfer file from {t['from']}: {t['trn']} "
            f"{t['name']}, {t['fte_terms_elsewhere']:.1f} FTE terms served in {t['periods']} "
            f"period{'s' if t['periods'] != 1 else ''} elsewhere, {t['records']} reviews and "
            "assessments"
        )
        if result.dry_run:
            say("Dry run: nothing was written.")
        else:
            say(
                f"Recorded. When they start here: 'ectrack ect move {t['trn']} --school URN "
                "--on DATE --fte F --programme P'; induction carries on where it was."
            )
        return
    print_table(
        f"{Path(result.file).name}: {result.kind}, sheet {result.sheet!r}, header on row "
        f"{result.header_row}",
        ["Rows", "Valid", "Created", "Updated", "Unchanged", "Rejected"],
        [[counts[k] for k in ("rows", "valid", "created", "updated", "unchanged", "rejected")]],
    )
    for problem in result.errors[:SHOWN_ERRORS]:
        say(problem.line())
    if len(result.errors) > SHOWN_ERRORS:
        say(f"... and {len(result.errors) - SHOWN_ERRORS} more problems")
    if result.errors_file:
        say(f"Rejected rows, with what to fix, are in {result.errors_file}")
    if result.dry_run:
        say("Dry run: nothing was written.")
    elif not result.written:
        say(
            "Nothing was written: fix the rejected rows and import the file again, or use "
            "--accept-valid to keep the valid rows."
        )
    else:
        say(
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )
