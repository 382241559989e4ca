"""``ectrack school add/update/list/show``."""

from __future__ import annotations

from typing import Annotated

import typer

from ectrack.cli.output import print_fields, print_json, print_table, say, school_names
from ectrack.cli.params import NewUrn, SchoolArg
from ectrack.cli.state import author, state
from ectrack.labels import school_words, status_word, uk_date

app = typer.Typer(help="Schools, by URN.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Name = Annotated[str | None, typer.Option("--name", help="The school's name.")]
LocalAuthority = Annotated[str | None, typer.Option("--local-authority", help="Local authority.")]
Laestab = Annotated[str | None, typer.Option("--laestab", help="LA code/establishment, NNN/NNNN.")]
Phase = Annotated[str | None, typer.Option("--phase", help="Primary, Secondary, All-through...")]
Headteacher = Annotated[str | None, typer.Option("--headteacher", help="Headteacher's name.")]
Email = Annotated[str | None, typer.Option("--email", help="Contact email for induction.")]
Town = Annotated[str | None, typer.Option("--town", help="The town or city it is in.")]
SpecialMeasures = Annotated[
    str | None, typer.Option("--special-measures", help="In special measures: yes or no.")
]
InductionPermitted = Annotated[
    str | None,
    typer.Option(
        "--induction-permitted",
        help="In special measures, HMCI allows induction here: yes or no.",
    ),
]


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else "yes" if value else "no"


def _school_fields(school) -> list[tuple[str, object]]:
    return [
        ("URN", school.urn),
        ("Name", school.name),
        ("Local authority", school.local_authority),
        ("LAESTAB", school.laestab),
        ("Phase", school.phase),
        ("Headteacher", school.headteacher),
        ("Email", school.email),
        ("Town", school.town),
        ("Special measures", _yes_no(school.special_measures)),
        ("HMCI allows induction", _yes_no(school.induction_permitted)),
    ]


@app.command("add")
def add(
    ctx: typer.Context,
    urn: NewUrn,
    name: Annotated[str, typer.Option("--name", help="The school's name.")],
    local_authority: LocalAuthority = None,
    laestab: Laestab = None,
    phase: Phase = None,
    headteacher: Headteacher = None,
    email: Email = None,
    town: Town = None,
    special_measures: SpecialMeasures = None,
    induction_permitted: InductionPermitted = None,
) -> None:
    """Add a school.

    Example: ectrack school add 100001 --name "Hillside Primary School" --phase Primary
    """
    from ectrack.operations.schools import add_school
    from ectrack.store.db import transaction

    with transaction(state(ctx).connect()) as conn:
        school = add_school(
            conn,
            author(ctx),
            urn,
            name,
            local_authority=local_authority,
            laestab=laestab,
            phase=phase,
            headteacher=headteacher,
            email=email,
            town=town,
            special_measures=special_measures,
            induction_permitted=induction_permitted,
        )
    say(f"Added school {school_words(school.urn, school.name)}")


@app.command("update")
def update(
    ctx: typer.Context,
    urn: SchoolArg,
    name: Name = None,
    local_authority: LocalAuthority = None,
    laestab: Laestab = None,
    phase: Phase = None,
    headteacher: Headteacher = None,
    email: Email = None,
    town: Town = None,
    special_measures: SpecialMeasures = None,
    induction_permitted: InductionPermitted = None,
) -> None:
    """Correct a school's details; only the options given change. A school in special
    measures is an entitlement gap for its ECTs unless HMCI allows induction there.

    Example: ectrack school update 100001 --headteacher "Ms A Khan"
    """
    from ectrack.operations.schools import update_school
    from ectrack.store.db import transaction

    with transaction(state(ctx).connect()) as conn:
        school = update_school(
            conn,
            author(ctx),
            urn,
            name=name,
            local_authority=local_authority,
            laestab=laestab,
            phase=phase,
            headteacher=headteacher,
            email=email,
            town=town,
            special_measures=special_measures,
            induction_permitted=induction_permitted,
        )
    say(f"Updated school {school_words(school.urn, school.name)}")


@app.command("list")
def list_(ctx: typer.Context, json_output: Json = False) -> None:
    """List schools with the number of ECTs in induction there today.

    Example: ectrack school list --json
    """
    from ectrack.store import schools as store

    app_state = state(ctx)
    conn = app_state.connect()
    counts = store.ect_counts_by_school(conn, app_state.today.isoformat())
    rows = [
        {**s.to_json(), "ects_in_induction": counts.get(s.urn, 0)} for s in store.list_schools(conn)
    ]
    if json_output:
        print_json(rows)
        return
    print_table(
        f"{len(rows)} schools",
        ["URN", "Name", "Local authority", "Phase", "ECTs now"],
        [
            (r["urn"], r["name"], r["local_authority"], r["phase"], r["ects_in_induction"])
            for r in rows
        ],
    )


@app.command("show")
def show(
    ctx: typer.Context,
    urn: SchoolArg,
    json_output: Json = False,
) -> None:
    """Show a school, its mentors and induction tutors, and its ECTs.

    Example: ectrack school show 100001
    """
    from ectrack.operations.schools import require_school
    from ectrack.store import schools as store
    from ectrack.store.induction import load_inductions

    app_state = state(ctx)
    conn = app_state.connect()
    school = require_school(conn, urn)
    staff = store.staff_at(conn, school.urn)
    ects = [i.summary_json() for i in load_inductions(conn, app_state.today, school.urn)]
    if json_output:
        print_json({**school.to_json(), "staff": [s.to_json() for s in staff], "ects": ects})
        return
    print_fields(school_words(school.urn, school.name), _school_fields(school))
    if staff:
        print_table(
            "Mentors and induction tutors",
            ["Name", "Email", "QTS"],
            [(s.name, s.email, _yes_no(s.qts) or "not confirmed") for s in staff],
        )
    names = school_names(conn)
    print_table(
        f"ECTs ({len(ects)})",
        ["TRN", "Name", "Status", "Now at", "Started", "FTE"],
        [
            (
                e["trn"],
                f"{e['first_name']} {e['last_name']}",
                status_word(e["status"]),
                school_words(e["school_urn"], names.get(e["school_urn"])),
                uk_date(e["induction_started_on"]),
                e["fte"],
            )
            for e in ects
        ],
        wrap=("Name", "Now at"),
    )
