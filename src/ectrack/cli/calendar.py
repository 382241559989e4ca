"""``ectrack calendar show/set/import``: term dates and the AB's deadlines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ectrack.cli.output import print_json, print_table, say
from ectrack.cli.state import author, state
from ectrack.labels import term_word, uk_date

app = typer.Typer(help="Term dates and the AB's deadlines for returns.", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=1999,
            max=2100,
            help="Academic "
            "year by its first calendar year, e.g. 2025 for "
            "2025/26 [default: the one holding --today].",
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the three terms of an academic year: the AB's own dates where set,
    otherwise ectrack's default (autumn 1 Sep to the last weekday on or before
    20 Dec; spring the first working day on or after 4 Jan to the Friday 9 days
    before Easter; summer the Monday 17 days after spring ends to the last
    weekday on or before 22 Jul). Returns are due on the AB's deadline, else
    the last day of the term.

    Example: ectrack calendar show --year 2025
    """
    from ectrack.rules.calendar import academic_year_of
    from ectrack.store.induction import term_calendar

    app_state = state(ctx)
    calendar = term_calendar(app_state.connect())
    terms = calendar.terms_of_year(year or academic_year_of(app_state.today))
    rows = [
        {
            "term": t.term.name,
            "starts_on": t.starts_on.isoformat(),
            "ends_on": t.ends_on.isoformat(),
            "deadline_on": t.deadline_on.isoformat() if t.deadline_on else None,
            "due_on": t.due_on.isoformat(),
            "working_days": calendar.working_days_in(t.term),
            "source": "default" if t.is_default else "ab",
        }
        for t in terms
    ]
    if json_output:
        print_json(rows)
        return
    print_table(
        None,
        ["Term", "Starts", "Ends", "Working days", "Returns due", "Dates"],
        [
            (
                term_word(r["term"]),
                uk_date(r["starts_on"]),
                uk_date(r["ends_on"]),
                r["working_days"],
                uk_date(r["due_on"]),
                "ectrack default" if r["source"] == "default" else "set by the AB",
            )
            for r in rows
        ],
    )


@app.command("set")
def set_(
    ctx: typer.Context,
    term: Annotated[str, typer.Argument(metavar="TERM", help="e.g. 2026-spring.")],
    start: Annotated[str, typer.Option("--start", help="First day of term.")],
    end: Annotated[str, typer.Option("--end", help="Last day of term.")],
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="The AB's deadline for this term's returns.")
    ] = None,
) -> None:
    """Set a term's dates (your local authority's) and the AB's deadline for returns.

    Example: ectrack calendar set 2026-spring --start 2026-01-05 --end 2026-03-27
    --deadline 2026-03-20
    """
    from ectrack.errors import InvalidValue
    from ectrack.operations.induction import set_term_dates
    from ectrack.store.db import transaction

    with transaction(state(ctx).connect()) as conn:
        try:
            dates = set_term_dates(
                conn, author(ctx), term, starts_on=start, ends_on=end, deadline_on=deadline
            )
        except InvalidValue as e:
            if e.field == "term":  # the positional argument, not an option
                e.relabel("TERM")
            raise
    say(
        f"{term_word(dates.term)}: {uk_date(dates.starts_on)} to {uk_date(dates.ends_on)}, "
        f"returns due {uk_date(dates.due_on)}"
    )


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A .csv or .xlsx with columns term, start, end and optionally deadline."
        ),
    ],
) -> None:
    """Set many terms at once from a spreadsheet: all rows or none.

    Example: ectrack calendar import term-dates.csv
    """
    from ectrack.errors import FileRejected, InvalidValue
    from ectrack.operations.induction import set_term_dates
    from ectrack.spreadsheets.simple import read_rows
    from ectrack.store.db import transaction

    rows = read_rows(file, required=("term", "start", "end"), optional=("deadline",))
    conn = state(ctx).connect()
    with transaction(conn):
        for number, row in rows:
            try:
                set_term_dates(
                    conn,
                    author(ctx),
                    row.get("term"),
                    starts_on=row.get("start"),
                    ends_on=row.get("end"),
                    deadline_on=row.get("deadline"),
                )
            except InvalidValue as e:
                problem = e.describe(f"row {number}, column {e.field}")
                raise FileRejected(f"{file}: {problem}; nothing was imported") from None
    say(f"Imported {len(rows)} terms from {file}")
