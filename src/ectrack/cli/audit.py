"""``ectrack audit``."""

from __future__ import annotations

from typing import Annotated

import typer

from ectrack import labels
from ectrack.cli.output import print_json, say
from ectrack.cli.params import ect_option
from ectrack.cli.state import state

#: Recorded fields whose values are codes, and their words.
CODED = {
    "programme": labels.programme_word,
    "outcome": labels.outcome_word,
    "outcome_after_appeal": labels.outcome_word,
    "recommendation": labels.judgement_word,
    "overall": labels.judgement_word,
    "appeal_result": labels.appeal_word,
    "closed_by": labels.period_end_word,
    "fidelity_result": labels.fidelity_word,
    "exempt_reason": labels.exemption_word,
    "status": labels.status_word,
    "term": labels.term_word,
}
#: The kind of each kind of record.
KINDS = {"absence": labels.absence_word, "checkpoint_record": labels.kind_word}
DATES = ("date_of_birth", "qts_date")


def _field(key: str) -> str:
    """A recorded field as an officer reads it: ``school_urn`` → ``school urn``."""
    return key.upper() if key in labels.STANDARD_CODES else key.replace("_", " ")


def _shown(value: object, key: str = "", entity: str = "") -> str:
    """A value as an officer reads it: a person by name, a code in words, a date in
    UK order, yes or no, nothing as "-"."""
    if value is None:
        return "-"
    if isinstance(value, dict) and "name" in value:
        return str(value["name"])
    if isinstance(value, dict) and key == "standards":
        return ", ".join(f"{_field(k)} {labels.standard_word(v).lower()}" for k, v in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if key == "kind" and entity in KINDS:
            return KINDS[entity](value)
        if key in CODED:
            return CODED[key](value)
        if key.endswith("_on") or key in DATES:
            try:
                return labels.uk_date(value)
            except ValueError:
                return value
    return str(value)


def _flat(values: dict, prefix: str = "") -> dict:
    """Nested records (an entitlement, standards) as their own fields; a person stays
    one field, shown by name."""
    flat = {}
    for key, value in values.items():
        if isinstance(value, dict) and "name" not in value and key != "standards":
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def _label(path: str) -> str:
    return " ".join(_field(part) for part in path.split("."))


def _changes(event) -> str:
    entity = event.entity

    def shown(path: str, value: object) -> str:
        return _shown(value, path.rsplit(".", 1)[-1], entity)

    if event.action == "create":
        after = _flat(event.after or {})
        return "; ".join(f"{_label(k)}: {shown(k, v)}" for k, v in after.items() if v is not None)
    before, after = _flat(event.before or {}), _flat(event.after or {})
    return "; ".join(
        f"{_label(k)}: {shown(k, before.get(k))} → {shown(k, v)}"
        for k, v in after.items()
        if before.get(k) != v or k not in before
    )


app = typer.Typer(
    help="Who changed what, and when; 'audit verify' checks nothing was tampered with.",
    invoke_without_command=True,
)


@app.callback()
def audit(
    ctx: typer.Context,
    trn: Annotated[str | None, ect_option("Only events about this ECT.", "--trn")] = None,
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
            f"{e.action} {e.entity.replace('_', ' ')} {e.entity_id}{about}\n    {_changes(e)}"
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
