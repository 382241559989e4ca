"""``ectrack ect register/list/show/update/move/change-fte/release``."""

from __future__ import annotations

from typing import Annotated

import typer

from ectrack.cli.output import print_fields, print_json, print_table, say
from ectrack.cli.state import author, state
from ectrack.labels import CHECKPOINT_LABELS

app = typer.Typer(help="ECTs by TRN, and their induction periods.", no_args_is_help=True)

Trn = Annotated[str, typer.Argument(metavar="TRN", help="Teacher reference number (7 digits).")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Mentor = Annotated[str | None, typer.Option("--mentor", help="Mentor's name.")]
MentorEmail = Annotated[str | None, typer.Option("--mentor-email", help="Mentor's email.")]
Tutor = Annotated[str | None, typer.Option("--tutor", help="Induction tutor's name.")]
TutorEmail = Annotated[str | None, typer.Option("--tutor-email", help="Induction tutor's email.")]
Programme = Annotated[
    str | None,
    typer.Option("--programme", help="provider-led or school-led (FIP, CIP, DIY understood)."),
]
DATE = "Dates as YYYY-MM-DD or DD/MM/YYYY (day first)."


def _people(mentor, mentor_email, tutor, tutor_email):
    from ectrack.operations.ects import StaffInput

    return StaffInput("mentor", mentor, mentor_email), StaffInput("tutor", tutor, tutor_email)


@app.command("register")
def register(
    ctx: typer.Context,
    trn: Trn,
    first_name: Annotated[str, typer.Option("--first-name", help="First name.")],
    last_name: Annotated[str, typer.Option("--last-name", help="Last name.")],
    dob: Annotated[str, typer.Option("--dob", help="Date of birth.")],
    qts_date: Annotated[str, typer.Option("--qts-date", help="Date QTS was awarded.")],
    school: Annotated[str, typer.Option("--school", help="URN of the employing school.")],
    start: Annotated[str, typer.Option("--start", help="Induction start date agreed with the AB.")],
    fte: Annotated[str, typer.Option("--fte", help="FTE, 0.1 to 1.0.")] = "1.0",
    programme: Annotated[
        str,
        typer.Option("--programme", help="provider-led or school-led (FIP, CIP, DIY understood)."),
    ] = "provider-led",
    mentor: Mentor = None,
    mentor_email: MentorEmail = None,
    tutor: Tutor = None,
    tutor_email: TutorEmail = None,
    email: Annotated[str | None, typer.Option("--email", help="The ECT's email.")] = None,
) -> None:
    """Register an ECT and open their first induction period at a school.

    The start date cannot be before the QTS date nor 7 May 1999; the ECT must
    be 18 to 100 on it. TRNs are 7 digits: spaces, "RP" and "/" are dropped and
    5-6 digits are padded with leading zeros. Dates as YYYY-MM-DD or
    DD/MM/YYYY (day first, never month first).

    Example: ectrack ect register 1234567 --first-name Amy --last-name Shah
    --dob 1998-04-02 --qts-date 2025-07-18 --school 100001 --start 2025-09-01
    --fte 0.8 --mentor "Tom Reed" --tutor "Jo Ellis"
    """
    from ectrack.operations.ects import register_ect
    from ectrack.store.db import transaction

    mentor_in, tutor_in = _people(mentor, mentor_email, tutor, tutor_email)
    with transaction(state(ctx).connect()) as conn:
        ect, period = register_ect(
            conn,
            author(ctx),
            trn=trn,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=dob,
            qts_date=qts_date,
            school_urn=school,
            start=start,
            fte=fte,
            programme=programme,
            mentor=mentor_in,
            tutor=tutor_in,
            email=email,
        )
    say(
        f"Registered {ect.trn} {ect.full_name}: induction starts {period.started_on} at "
        f"{period.school_urn}"
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    school: Annotated[
        str | None, typer.Option("--school", help="Only ECTs with a period at this URN.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="Only ECTs with this status, e.g. in_progress, paused."),
    ] = None,
    at_risk: Annotated[
        bool, typer.Option("--at-risk", help="Only ECTs whose latest return raised a concern.")
    ] = False,
    json_output: Json = False,
) -> None:
    """List ECTs with their status as of --today, school, FTE terms and risk.

    Statuses: required_to_complete (not started), in_progress, paused (no
    current period, no outcome), awaiting_decision (final assessment in, no
    decision yet), passed, failed. At risk: the latest review or assessment
    said not on track or unsatisfactory, or a support plan is open.

    Example: ectrack ect list --status paused --json
    """
    from ectrack.errors import InvalidValue
    from ectrack.rules.identifiers import normalise_urn
    from ectrack.rules.status import ECT_STATUSES
    from ectrack.store.induction import load_inductions

    if status is not None and status not in ECT_STATUSES:
        raise InvalidValue(
            "status", status, "not an ECT status", "use one of: " + ", ".join(ECT_STATUSES)
        )
    app_state = state(ctx)
    conn = app_state.connect()
    urn = normalise_urn(school, "school_urn") if school else None
    rows = [i.summary_json() for i in load_inductions(conn, app_state.today, urn)]
    rows = [
        r for r in rows if (not status or r["status"] == status) and (not at_risk or r["at_risk"])
    ]
    if json_output:
        print_json(rows)
        return
    print_table(
        f"{len(rows)} ECTs (as of {app_state.today})",
        ["TRN", "Name", "Status", "School", "Started", "FTE", "Terms", "At risk"],
        [
            (
                r["trn"],
                f"{r['first_name']} {r['last_name']}",
                r["status"],
                r["school_urn"],
                r["induction_started_on"],
                r["fte"],
                f"{r['fte_terms_served']:.1f} of {r['fte_terms_required']:.1f}",
                "AT RISK" if r["at_risk"] else "",
            )
            for r in rows
        ],
    )


@app.command("show")
def show(ctx: typer.Context, trn: Trn, json_output: Json = False) -> None:
    """Show an ECT's whole induction: periods, FTE terms served of required,
    checkpoints with status and due dates, absence per part, extensions,
    decision, open deadlines, gaps in their statutory entitlement, and whether
    they are at risk (as of --today).

    Example: ectrack ect show 1234567
    """
    from ectrack.operations.ects import require_ect
    from ectrack.operations.entitlement import gaps_of
    from ectrack.store.induction import load_induction
    from ectrack.store.schools import list_schools

    app_state = state(ctx)
    conn = app_state.connect()
    induction = load_induction(conn, require_ect(conn, trn), app_state.today)
    detail = induction.to_json()
    detail["entitlement_gaps"] = [g.to_json(app_state.today) for g in gaps_of(conn, induction)]
    if json_output:
        print_json(detail)
        return
    names = {s.urn: s.name for s in list_schools(conn)}
    ect = induction.ect
    fields = [
        (
            "Status",
            f"{detail['status']} (as of {app_state.today})"
            + ("  AT RISK" if detail["at_risk"] else ""),
        ),
        ("Date of birth", detail["date_of_birth"]),
        ("QTS date", detail["qts_date"]),
        ("Email", detail["email"]),
        ("Induction started", detail["induction_started_on"]),
        ("School now", f"{detail['school_urn']} {names.get(detail['school_urn'], '')}"),
        (
            "FTE terms",
            f"{detail['fte_terms_served']:.1f} served of "
            f"{detail['fte_terms_required']:.1f} required"
            + (f" (reduced to {detail['reduced_to']:.1f})" if detail["reduced_to"] else ""),
        ),
    ]
    for part in detail["absence_by_part"]:
        extension = part["extension_terms"]
        fields.append(
            (
                f"Absence, part {part['part']}",
                f"{part['days_towards_threshold']} of {part['threshold_days']} days"
                + (
                    f"; {part['statutory_leave_days']} days statutory leave"
                    if part["statutory_leave_days"]
                    else ""
                )
                + (f"; extended by {extension:.1f} terms" if extension else ""),
            )
        )
    for extension in detail["extensions"]:
        fields.append(
            ("Extension", f"{extension['terms']:.1f} terms, decided {extension['decided_on']}")
        )
    if detail["decision"]:
        d = detail["decision"]
        fields.append(("Decision", f"{d['outcome']} on {d['decided_on']}"))
    print_fields(f"{ect.full_name} ({ect.trn})", fields)
    print_table(
        "Induction periods",
        [
            "School",
            "From",
            "To",
            "FTE",
            "FTE terms",
            "Programme",
            "Mentor",
            "Induction tutor",
            "Ended by",
        ],
        [
            (
                f"{p['school_urn']} {names.get(p['school_urn'], '')}",
                p["started_on"],
                p["finished_on"] or "open",
                p["fte"],
                f"{p['fte_terms']:.1f}" + ("" if p["counts"] else " (under a term: counts 0)"),
                p["programme"],
                (p["mentor"] or {}).get("name"),
                (p["induction_tutor"] or {}).get("name"),
                p["outcome"] or p["closed_by"],
            )
            for p in detail["periods"]
        ],
    )
    print_table(
        "Checkpoints",
        ["Term", "Checkpoint", "Due", "Status", "Received"],
        [
            (c["term"], CHECKPOINT_LABELS[c["kind"]], c["due_on"], c["status"], c["received_on"])
            for c in detail["checkpoints"]
        ],
        wrap=("Checkpoint",),
    )
    if detail["unscheduled_records"]:
        print_table(
            "Records that no longer match the schedule",
            ["Term", "Checkpoint", "Held", "Received"],
            [
                (r["term"], CHECKPOINT_LABELS[r["kind"]], r["held_on"], r["received_on"])
                for r in detail["unscheduled_records"]
            ],
        )
    if detail["deadlines"]:
        print_table(
            "Open deadlines",
            ["Due", "Deadline", "What"],
            [(d["due_on"], d["name"], d["what"]) for d in detail["deadlines"]],
            wrap=("What",),
        )
    if detail["entitlement_gaps"]:
        print_table(
            "Entitlement gaps",
            ["First seen", "Gap", "Command"],
            [(g["first_seen_on"], g["what"], g["command"]) for g in detail["entitlement_gaps"]],
            wrap=("Gap", "Command"),
        )
    elif detail["status"] == "in_progress":
        say("Entitlement: no gaps (mentor and tutor with QTS, timetable, post, programme).")


@app.command("update")
def update(
    ctx: typer.Context,
    trn: Trn,
    first_name: Annotated[str | None, typer.Option("--first-name", help="First name.")] = None,
    last_name: Annotated[str | None, typer.Option("--last-name", help="Last name.")] = None,
    dob: Annotated[str | None, typer.Option("--dob", help="Date of birth.")] = None,
    qts_date: Annotated[str | None, typer.Option("--qts-date", help="QTS date.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="The ECT's email.")] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Correct the induction start date.")
    ] = None,
    programme: Programme = None,
    mentor: Mentor = None,
    mentor_email: MentorEmail = None,
    tutor: Tutor = None,
    tutor_email: TutorEmail = None,
    reduced_to: Annotated[
        str | None,
        typer.Option(
            "--reduced-to",
            help="Reduce induction to this many FTE terms (1.0-6.0, "
            "SG 3.2-3.4); 0 removes a reduction.",
        ),
    ] = None,
) -> None:
    """Correct an ECT's details; only the options given change.

    --programme, --mentor and --tutor change the open induction period.

    Example: ectrack ect update 1234567 --last-name Shah-Patel --mentor "Kim Lowe"
    """
    from ectrack.operations.ects import update_ect
    from ectrack.store.db import transaction

    mentor_in, tutor_in = _people(mentor, mentor_email, tutor, tutor_email)
    with transaction(state(ctx).connect()) as conn:
        ect = update_ect(
            conn,
            author(ctx),
            trn,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=dob,
            qts_date=qts_date,
            email=email,
            start=start,
            programme=programme,
            mentor=mentor_in,
            tutor=tutor_in,
            reduced_to=reduced_to,
        )
    say(f"Updated {ect.trn} {ect.full_name}")


@app.command("move")
def move(
    ctx: typer.Context,
    trn: Trn,
    school: Annotated[str, typer.Option("--school", help="URN of the new school.")],
    on: Annotated[str, typer.Option("--on", help="First day at the new school.")],
    fte: Annotated[str | None, typer.Option("--fte", help="New FTE [default: unchanged].")] = None,
    programme: Programme = None,
    mentor: Mentor = None,
    mentor_email: MentorEmail = None,
    tutor: Tutor = None,
    tutor_email: TutorEmail = None,
) -> None:
    """The ECT moves to another school: close the open period the day before
    --on and open one at the new school.

    FTE and programme carry over unless given. If the ECT has no open period
    (released earlier, no outcome), a new period starts at the school.

    Example: ectrack ect move 1234567 --school 100002 --on 2026-01-05 --mentor "Sam Lee"
    """
    from ectrack.operations.ects import move_ect
    from ectrack.store.db import transaction

    mentor_in, tutor_in = _people(mentor, mentor_email, tutor, tutor_email)
    with transaction(state(ctx).connect()) as conn:
        period = move_ect(
            conn,
            author(ctx),
            trn,
            school_urn=school,
            on=on,
            fte=fte,
            programme=programme,
            mentor=mentor_in,
            tutor=tutor_in,
        )
    say(f"{period.trn} now at {period.school_urn} from {period.started_on}")


@app.command("change-fte")
def change_fte(
    ctx: typer.Context,
    trn: Trn,
    fte: Annotated[str, typer.Option("--fte", help="The new FTE, 0.1 to 1.0.")],
    on: Annotated[str, typer.Option("--on", help="First day of the new working pattern.")],
) -> None:
    """A new working pattern at the same school: close the open period the day
    before --on and open one with the new FTE.

    Example: ectrack ect change-fte 1234567 --fte 0.6 --on 2026-04-20
    """
    from ectrack.operations.ects import change_fte as change
    from ectrack.store.db import transaction

    with transaction(state(ctx).connect()) as conn:
        period = change(conn, author(ctx), trn, fte=fte, on=on)
    say(f"{period.trn} works {period.to_json()['fte']} FTE from {period.started_on}")


@app.command("release")
def release(
    ctx: typer.Context,
    trn: Trn,
    on: Annotated[str, typer.Option("--on", help="The ECT's last day in this AB's care.")],
    terms: Annotated[
        str | None, typer.Option("--terms", help="FTE terms served in the period (0-16, 1 dp).")
    ] = None,
) -> None:
    """The ECT leaves this AB's care: close the open period on --on, with no outcome.

    Example: ectrack ect release 1234567 --on 2026-03-31 --terms 1.6
    """
    from ectrack.operations.ects import release_ect
    from ectrack.store.db import transaction

    with transaction(state(ctx).connect()) as conn:
        period = release_ect(conn, author(ctx), trn, on=on, terms=terms)
    say(f"Released {period.trn} from {period.school_urn}: last day {on}")
