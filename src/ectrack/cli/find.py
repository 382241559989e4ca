"""``ectrack find``: ECTs and schools by what a person remembers of them."""

from __future__ import annotations

from typing import Annotated

import typer

from ectrack.cli.output import print_json, print_table, say
from ectrack.cli.state import state
from ectrack.labels import school_words

#: How many of each kind ``--json`` lists (with how many were found in all).
JSON_SHOWN = 100


def find(
    ctx: typer.Context,
    text: Annotated[
        list[str],
        typer.Argument(
            metavar="TEXT", help="Any part of a name, TRN, email, URN, LAESTAB or town."
        ),
    ],
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Find ECTs (by first, last or former name, TRN or email, and their school's
    name) and schools (by name, URN, LAESTAB, town or local authority). Case and
    accents do not matter, parts of words do; every word must match. Best matches
    first, each with the command to go further (--json lists the best 100, and how
    many were found).

    Any command that takes a TRN or URN also takes a name that matches exactly one
    ECT or school, and says which it chose.

    Example: ectrack find freya taylor fieldhead
    """
    from ectrack.operations.find import SHOWN, find_ects, find_schools

    words = " ".join(text)
    conn = state(ctx).connect()
    shown = JSON_SHOWN if json_output else SHOWN
    ects, schools = find_ects(conn, words, shown), find_schools(conn, words, shown)
    if json_output:
        print_json(
            {
                "query": words,
                "ects_found": ects.total,
                "schools_found": schools.total,
                "ects": [m.to_json() for m in ects.best],
                "schools": [m.to_json() for m in schools.best],
            }
        )
        return
    if not ects.total and not schools.total:
        say(f"Nothing matches {words!r}. Try fewer letters, or another part of the name.")
        raise typer.Exit(1)
    if ects.total:
        print_table(
            f"ECTs matching {words!r}: {ects.total:,}",
            ["TRN", "Name", "School", "To see more"],
            [
                (
                    m.code,
                    m.name,
                    school_words(m.school_urn, m.school_name),
                    m.command,
                )
                for m in ects.best
            ],
        )
    if schools.total:
        print_table(
            f"Schools matching {words!r}: {schools.total:,}",
            ["URN", "Name", "Place", "To see more"],
            [(m.code, m.name, m.detail or "", m.command) for m in schools.best],
        )
    if max(ects.total, schools.total) > SHOWN:
        say(f"The best {SHOWN} of each are shown; add more of the name to narrow it down.")
