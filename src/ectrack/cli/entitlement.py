"""``ectrack entitlement record/fidelity/gaps``: the ECT's statutory entitlement."""

from __future__ import annotations

from typing import Annotated

import typer

from ectrack.cli.output import named_school, print_json, say, school_names
from ectrack.cli.params import Trn, resolve_ect_value, school_option
from ectrack.cli.state import author, state
from ectrack.labels import fidelity_word, school_words, uk_date

app = typer.Typer(
    help="The ECT's statutory entitlement: mentor and tutor with QTS, reduced timetable, "
    "fidelity checks of school-led programmes, a suitable post; and its gaps.",
    no_args_is_help=True,
)

YesNo = "yes or no"


@app.command("record")
def record(
    ctx: typer.Context,
    trn: Trn,
    mentor: Annotated[str | None, typer.Option("--mentor", help="Mentor's name.")] = None,
    mentor_email: Annotated[
        str | None, typer.Option("--mentor-email", help="Mentor's email.")
    ] = None,
    mentor_qts: Annotated[
        str | None, typer.Option("--mentor-qts", help=f"Mentor holds QTS: {YesNo}.")
    ] = None,
    tutor: Annotated[str | None, typer.Option("--tutor", help="Induction tutor's name.")] = None,
    tutor_email: Annotated[
        str | None, typer.Option("--tutor-email", help="Induction tutor's email.")
    ] = None,
    tutor_qts: Annotated[
        str | None, typer.Option("--tutor-qts", help=f"Induction tutor holds QTS: {YesNo}.")
    ] = None,
    same_person_reason: Annotated[
        str | None,
        typer.Option(
            "--same-person-reason",
            help="Why one person is both mentor and induction tutor (the exception).",
        ),
    ] = None,
    timetable_part1: Annotated[
        str | None,
        typer.Option(
            "--timetable-part1", help="Timetable in part 1, % of a normal one (at most 90)."
        ),
    ] = None,
    timetable_part2: Annotated[
        str | None,
        typer.Option(
            "--timetable-part2", help="Timetable in part 2, % of a normal one (at most 95)."
        ),
    ] = None,
    post_suitable: Annotated[
        str | None,
        typer.Option(
            "--post-suitable",
            help=f"The post is the age range and subject the ECT trained for: {YesNo}.",
        ),
    ] = None,
) -> None:
    """Record what the school confirms of an ECT's entitlement in their current post.
    Only what is given changes; each gap it settles leaves 'ectrack todo' at once.

    Example: ectrack entitlement record 1234567 --mentor-qts yes --tutor-qts yes
    --timetable-part1 90 --post-suitable yes
    """
    from ectrack.operations.ects import StaffInput, update_ect
    from ectrack.operations.entitlement import gaps_of
    from ectrack.store.db import transaction
    from ectrack.store.induction import load_induction

    app_state = state(ctx)
    with transaction(app_state.connect()) as conn:
        ect = update_ect(
            conn,
            author(ctx),
            trn,
            mentor=StaffInput("mentor", mentor, mentor_email, mentor_qts),
            tutor=StaffInput("tutor", tutor, tutor_email, tutor_qts),
            same_person_reason=same_person_reason,
            timetable_part1=timetable_part1,
            timetable_part2=timetable_part2,
            post_suitable=post_suitable,
        )
        gaps = gaps_of(conn, load_induction(conn, ect, app_state.today))
    say(f"Recorded the entitlement of {ect.trn} {ect.full_name}")
    _say_gaps(gaps)


def _say_gaps(gaps) -> None:
    if not gaps:
        say("No entitlement gaps now.")
    for gap in gaps:
        say(f"  gap: {gap.finding.what} (first seen {uk_date(gap.first_seen_on)})")


@app.command("fidelity")
def fidelity(
    ctx: typer.Context,
    on: Annotated[str, typer.Option("--on", help="The day the AB did the check.")],
    result: Annotated[
        str, typer.Option("--result", help="met or not-met: does it cover the framework?")
    ],
    trn: Annotated[
        str | None,
        typer.Argument(
            metavar="TRN",
            help="One ECT (TRN or name); or give --school for all its ECTs.",
            callback=resolve_ect_value,
        ),
    ] = None,
    school: Annotated[
        str | None,
        school_option("Every ECT on a school-led programme at this school now."),
    ] = None,
    next_due: Annotated[
        str | None,
        typer.Option("--next-due", help="When to check again [default: a year on, if met]."),
    ] = None,
) -> None:
    """Record the AB's fidelity check of a school-led programme: for one ECT, or for
    every ECT on a school-led programme at a school (one check covers the school's
    programme).

    Example: ectrack entitlement fidelity --school 100001 --on 2026-11-20 --result met
    """
    from ectrack.errors import InvalidValue
    from ectrack.operations.entitlement import record_fidelity
    from ectrack.store.db import transaction

    if (trn is None) == (school is None):
        raise InvalidValue(
            "trn", trn, "needs a TRN or --school (one of them)", "give a TRN or --school URN"
        )
    with transaction(state(ctx).connect()) as conn:
        periods = record_fidelity(
            conn, author(ctx), trn=trn, school_urn=school, on=on, result=result, next_due=next_due
        )
    e = periods[0].entitlement
    due = f"; next due {uk_date(e.fidelity_next_due)}" if e.fidelity_next_due else ""
    say(
        f"Recorded a fidelity check ({fidelity_word(e.fidelity_result).lower()}) on "
        f"{uk_date(e.fidelity_checked_on)} for {len(periods)} "
        f"ECT{'s' if len(periods) != 1 else ''}{due}"
    )


@app.command("gaps")
def gaps(
    ctx: typer.Context,
    school: Annotated[str | None, school_option("Only this school.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every gap in the entitlement of ECTs in induction as of --today, oldest first,
    with the day each was first seen and the command that records it put right.

    Example: ectrack entitlement gaps --school 100001
    """
    from ectrack.operations.entitlement import all_gaps
    from ectrack.operations.schools import require_school

    app_state = state(ctx)
    today = app_state.today
    conn = app_state.connect()
    urn = require_school(conn, school, "school_urn").urn if school else None
    found = all_gaps(conn, today, urn)
    if json_output:
        print_json([{**gap.to_json(today), "name": name} for name, gap in found])
        return
    if not found:
        where = f" at {named_school(conn, urn)}" if urn else ""
        say(f"No entitlement gaps as of {uk_date(today)}{where}")
        return
    typer.echo(f"Entitlement gaps as of {uk_date(today)}: {len(found)}, oldest first")
    by_school: dict[str, list] = {}
    for name, gap in found:
        by_school.setdefault(gap.school_urn, []).append((name, gap))
    names = school_names(conn)
    for school_urn, gaps_here in by_school.items():
        typer.echo(f"\n{school_words(school_urn, names.get(school_urn))}")
        for name, gap in gaps_here:
            days = (today - gap.first_seen_on).days
            typer.echo(
                f"  {gap.trn} {name}: {gap.finding.what} (first seen "
                f"{uk_date(gap.first_seen_on)}, {days} days)\n      → {gap.finding.command}"
            )
