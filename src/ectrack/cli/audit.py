"""``ectrack audit``."""

from __future__ import annotations

from typing import Annotated

import typer

from ectrack.cli.output import print_json, say
from ectrack.cli.state import state


def _shown(value: object) -> str:
    """A value as an officer reads it: a person by name, nothing as "-"."""
    if value is None:
        return "-"
    if isinstance(value, dict) and "name" in value:
        return str(value["name"])
    return str(value)


def _changes(event) -> str:
    if event.action == "create":
        after = event.after or {}
        return "; ".join(f"{k}: {_shown(v)}" for k, v in after.items() if v is not None)
    before, after = event.before or {}, event.after or {}
    return "; ".join(f"{k}: {_shown(before.get(k))} → {_shown(v)}" for k, v in after.items())


app = typer.Typer(
    help="Who changed what, and when; 'audit verify' checks nothing was tampered with.",
    invoke_without_command=True,
)


@app.callback()
def audit(
    ctx: typer.Context,
    trn: Annotated[str | None, typer.Option("--trn", help="Only events about this ECT.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=1_000_000, help="Show the latest N events.")
    ] = 50,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Who changed what, and when: the audit log, oldest first.

    Example: ectrack audit --trn 1234567
    """
    if ctx.invoked_subcommand:
        return
    from ectrack.rules.identifiers import normalise_trn
    from ectrack.store.audit import list_events

    events = list_events(state(ctx).connect(), trn=normalise_trn(trn) if trn else None, limit=limit)
    if json_output:
        print_json([e.to_json() for e in events])
        return
    say(f"Audit log: {len(events)} events shown (times in UTC), oldest first")
    for e in events:
        about = f" (TRN {e.trn})" if e.trn and e.entity != "ect" else ""
        typer.echo(
            f"{e.at.replace('T', ' ')[:16]}  {e.actor}  {e.command}  "
            f"{e.action} {e.entity} {e.entity_id}{about}\n    {_changes(e)}"
        )


@app.command("verify")
def verify(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check the audit log's hash chain: every event as it was recorded, none inserted
    or deleted outside ectrack. Names each event that was, and exits 1. Note the head
    hash it prints somewhere else: a log rebuilt from scratch would not match it.

    Example: ectrack audit verify
    """
    from ectrack.errors import EctrackError
    from ectrack.store.audit import verify_chain

    check = verify_chain(state(ctx).connect())
    if json_output:
        print_json(
            {
                "events": check.events,
                "erased": check.erased,
                "head": check.head,
                "intact": not check.problems,
                "problems": [{"event": i, "problem": p} for i, p in check.problems],
            }
        )
    elif not check.problems:
        say(
            f"Audit log intact: {check.events} events"
            + (f" ({check.erased} erased on request)" if check.erased else "")
            + f"; head {check.head}"
        )
    for _, problem in check.problems if not json_output else ():
        say(problem)
    if check.problems:
        raise EctrackError(
            f"the audit log was changed outside ectrack ({len(check.problems)} problems); "
            "keep a copy of this database and restore the last good backup"
        )
