"""``ectrack`` alone: where you are (the database, what it holds, what is most urgent)."""

from __future__ import annotations

import typer

from ectrack.cli.state import state

#: Above this many ECTs the work queue takes seconds: point to ``todo`` instead.
QUEUE_LIMIT = 5000
#: How many of the most urgent items to show.
TOP = 5

_FIRST_STEPS = """Start here:
  ectrack demo                   a practice database with a realistic AB, to try things on
  ectrack init                   create your own database (or give --db PATH)
  ectrack --help                 every command; 'ectrack COMMAND --help' explains one"""

_NEXT_STEPS = """Next:
  ectrack todo                   everything that needs you, most urgent first
  ectrack find NAME              find an ECT or school by name
  ectrack ect show NAME          an ECT's whole induction
  ectrack --help                 every command"""


def where_you_are(ctx: typer.Context) -> None:
    """Print the database in use, its counts and the top of the work queue."""
    app_state = state(ctx)
    if not app_state.on_server and not app_state.db_path.exists():
        typer.echo(f"ectrack: no database yet at {app_state.db_path}\n\n{_FIRST_STEPS}")
        return
    from ectrack.labels import uk_date
    from ectrack.store.meta import record_counts

    conn = app_state.connect()
    today = app_state.today
    counts = record_counts(conn, today.isoformat())
    typer.echo(
        f"ectrack: {app_state.where}\n"
        f"{counts['schools']:,} schools, {counts['ects']:,} ECTs, "
        f"{counts['in_post']:,} in a post now (as of {uk_date(today)})"
    )
    if counts["ects"] > QUEUE_LIMIT:
        typer.echo("\nWith this many ECTs the work queue takes a while: see 'ectrack todo'.")
    elif counts["ects"]:
        _top_of_queue(conn, today)
    typer.echo("\n" + (_NEXT_STEPS if counts["ects"] else _FIRST_STEPS))


def _top_of_queue(conn, today) -> None:
    from ectrack.labels import uk_date
    from ectrack.operations.todo import work_queue

    sections = work_queue(conn, today)
    items = [i for s in sections for i in s.items]
    if not items:
        typer.echo("\nNothing is waiting for you.")
        return
    typer.echo(f"\nMost urgent of {len(items):,} things to do:")
    for item in items[:TOP]:
        when = f"{uk_date(item.due_on)}: " if item.due_on else ""
        who = f"{item.name} ({item.trn}): " if item.trn else ""
        typer.echo(f"  {when}{who}{item.words}")
