"""``ectrack init``."""

from __future__ import annotations

from typing import Annotated

import typer

from ectrack.cli.output import print_json
from ectrack.cli.state import state


def init(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create or upgrade the database; print its path and schema version. Also
    refreshes the database's copy of England-and-Wales bank holidays.

    Every command does this by itself when it opens the file; init is for
    seeing where the file is.

    Example: ectrack --db ab.db init
    """
    from ectrack.store.induction import bank_holidays
    from ectrack.store.migrations import schema_version

    app_state = state(ctx)
    conn = app_state.connect()
    bank_holidays(conn, refresh=True)  # pick up a newer holidays package's dates
    version = schema_version(conn)
    if json_output:
        print_json({"path": app_state.where, "schema_version": version})
    else:
        typer.echo(f"Database: {app_state.where}\nSchema version: {version}")
