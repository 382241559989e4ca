"""``ectrack audit``."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ectrack.cli.output import print_json, print_table
from ectrack.cli.state import state


def _changes(event) -> str:
    if event.action == "create":
        return ", ".join(f"{k}={v}" for k, v in (event.after or {}).items() if v is not None)
    before, after = event.before or {}, event.after or {}
    return ", ".join(
        f"{k}: {json.dumps(before.get(k), default=str)} → {json.dumps(v, default=str)}"
        for k, v in after.items()
    )


def audit(
    ctx: typer.Context,
    trn: Annotated[str | None, typer.Option("--trn", help="Only events about this ECT.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Show the latest N events.")] = 50,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Who changed what, and when: the audit log, oldest first.

    Example: ectrack audit --trn 1234567
    """
    from ectrack.rules.identifiers import normalise_trn
    from ectrack.store.audit import list_events

    events = list_events(state(ctx).connect(), trn=normalise_trn(trn) if trn else None, limit=limit)
    if json_output:
        print_json([e.to_json() for e in events])
        return
    print_table(
        f"Audit log ({len(events)} events shown)",
        ["When (UTC)", "Who", "Command", "Record", "Action", "Change"],
        [
            (e.at, e.actor, e.command, f"{e.entity} {e.entity_id}", e.action, _changes(e))
            for e in events
        ],
    )
