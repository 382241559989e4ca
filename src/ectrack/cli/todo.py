"""``ectrack todo`` and ``ectrack chase``: the officer's day."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ectrack.cli.output import print_json, say, school_names
from ectrack.cli.params import school_option
from ectrack.cli.state import author, state
from ectrack.labels import school_words, uk_date


def todo(
    ctx: typer.Context,
    within: Annotated[
        int,
        typer.Option(
            "--within", min=0, max=3650, help="Deadlines due within N days (overdue always)."
        ),
    ] = 30,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What needs the officer today, most urgent first: statutory deadlines, schools
    to chase for returns, ECTs at risk with no support plan, absence near or past
    30 days, gaps in ECTs' statutory entitlement (oldest first), DfE records not yet
    exported, and interim assessments never received.
    Each line says what to do and the command that does it; an item goes as soon as
    the record that settles it is made.

    Example: ectrack todo --within 14
    """
    from ectrack.operations.todo import work_queue

    app_state = state(ctx)
    today = app_state.today
    conn = app_state.connect()
    sections = work_queue(conn, today, within)
    if json_output:
        print_json(
            {
                "as_of": today.isoformat(),
                "sections": [
                    {
                        "key": s.key,
                        "title": s.title,
                        "items": [i.to_json(today) for i in s.items],
                    }
                    for s in sections
                ],
            }
        )
        return
    total = sum(len(s.items) for s in sections)
    names = school_names(conn)
    typer.echo(
        f"To do as of {uk_date(today)}: {total} items" + ("" if total else ". Nothing is waiting.")
    )
    for section in sections:
        if not section.items:
            continue
        typer.echo(f"\n{section.title} ({len(section.items)})")
        for item in section.items:
            when = ""
            if item.due_on:
                days = (item.due_on - today).days
                when = f"{uk_date(item.due_on)} ("
                when += f"{'overdue by ' + str(-days) if days < 0 else str(days)}"
                when += " days) " if days < 0 else " days left) "
            who = " ".join(x for x in (item.trn, item.name) if x)
            school = school_words(item.school_urn, names.get(item.school_urn or ""))
            where = f" at {school}" if item.school_urn and item.trn else ""
            if item.school_urn and not item.trn and item.name:  # a school to chase
                who = school_words(item.school_urn, item.name)
            about = f"{who}{where}: " if who else ""
            typer.echo(f"  {when}{about}{item.words}\n      → {item.command}")


def chase(
    ctx: typer.Context,
    school: Annotated[str | None, school_option("Only this school [default: all].")] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write one .txt per school into this folder."),
    ] = None,
    eml: Annotated[
        Path | None,
        typer.Option(
            "--eml",
            help="Write one unsent email (.eml) per school into this folder, To: the "
            "school's address, with its returns workbook for the term attached; Outlook "
            "and Thunderbird open it ready to check and send.",
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Write a plain-text email to each school that owes returns: what is missing
    (overdue, and due within 14 days) and by when, ready to paste or send. ectrack
    sends nothing. Without -o the letters are printed one after another. With --eml,
    each is an Outlook draft with the school's pre-filled returns workbook attached
    (each draft written is recorded in the audit log); a school with no email address
    gets none, and the command says so (exit 1) after writing the others.

    Example: ectrack chase --school 100001
    Example: ectrack chase --eml chase-drafts/
    """
    from ectrack.operations.schools import require_school
    from ectrack.operations.todo import chase_letters
    from ectrack.spreadsheets.safe_write import open_private, private_directory, slug

    app_state = state(ctx)
    conn = app_state.connect()
    urn = require_school(conn, school, "school_urn").urn if school else None
    if eml is not None:
        from ectrack.cli.letters import report_written
        from ectrack.operations.letters import chase_drafts
        from ectrack.store.db import transaction

        with transaction(conn):
            written = chase_drafts(conn, author(ctx), eml, today=app_state.today, school_urn=urn)
        if not written.files and not written.problems:
            _owes_nothing(school_names(conn), urn)
        return report_written(written, json_output)
    letters = chase_letters(conn, app_state.today, urn)
    names = school_names(conn)
    files = []
    if output is not None and letters:
        folder = private_directory(output)
        for school_urn, letter, _ in letters:
            name = names.get(school_urn) or "school"
            path = folder / f"{school_urn}-{slug(name)}-chase.txt"
            with open_private(path) as f:
                f.write(letter.encode("utf-8"))
            files.append(str(path))
    if json_output:
        print_json(
            [
                {"school_urn": u, "returns": len(r), "letter": text, "file": f}
                for (u, text, r), f in zip(letters, files or [None] * len(letters), strict=True)
            ]
        )
    elif output is None:
        for i, (_, letter, _) in enumerate(letters):
            if i:
                typer.echo("-" * 72)
            typer.echo(letter)
    for path in files:
        say(f"Wrote {path}")
    if not letters:
        _owes_nothing(names, urn)


def _owes_nothing(names: dict[str, str], urn: str | None) -> None:
    school = school_words(urn, names.get(urn or ""))
    say(f"{school} owes no return" if urn else "No school owes a return")
