"""``ectrack ect register/list/show/update/move/change-fte/release``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ectrack.cli.output import (
    named_school,
    print_fields,
    print_json,
    print_table,
    say,
    school_names,
)
from ectrack.cli.params import NewTrn, Trn, school_option
from ectrack.cli.state import author, state
from ectrack.labels import (
    DEADLINE_LABELS,
    appeal_word,
    checkpoint_status_word,
    exemption_word,
    judgement_word,
    kind_word,
    outcome_word,
    period_end_word,
    programme_word,
    school_words,
    status_word,
    term_word,
    uk_date,
    word,
)

app = typer.Typer(help="ECTs by TRN, and their induction periods.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
FormerNames = Annotated[
    str | None,
    typer.Option(
        "--former-names",
        help="Names the ECT was known by before (a maiden name...), found by 'ectrack find'.",
    ),
]
Mentor = Annotated[str | None, typer.Option("--mentor", help="Mentor's name.")]
MentorEmail = Annotated[str | None, typer.Option("--mentor-email", help="Mentor's email.")]
Tutor = Annotated[str | None, typer.Option("--tutor", help="Induction tutor's name.")]
TutorEmail = Annotated[str | None, typer.Option("--tutor-email", help="Induction tutor's email.")]
Programme = Annotated[
    str | None,
    typer.Option("--programme", help="provider-led or school-led (FIP, CIP, DIY understood)."),
]
DATE = "Dates as YYYY-MM-DD or DD/MM/YYYY (day first)."
Post = Annotated[
    str | None,
    school_option("With two posts at once: the school whose post this changes.", "--post"),
]


def _people(mentor, mentor_email, tutor, tutor_email):
    from ectrack.operations.ects import StaffInput

    return StaffInput("mentor", mentor, mentor_email), StaffInput("tutor", tutor, tutor_email)


@app.command("register")
def register(
    ctx: typer.Context,
    trn: NewTrn,
    first_name: Annotated[str, typer.Option("--first-name", help="First name.")],
    last_name: Annotated[str, typer.Option("--last-name", help="Last name.")],
    dob: Annotated[str, typer.Option("--dob", help="Date of birth.")],
    qts_date: Annotated[str, typer.Option("--qts-date", help="Date QTS was awarded.")],
    school: Annotated[str, school_option("The employing school.")],
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
    former_names: FormerNames = None,
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
            former_names=former_names,
        )
        school_named = named_school(conn, period.school_urn)
    say(
        f"Registered {ect.trn} {ect.full_name}: induction starts "
        f"{uk_date(period.started_on)} at {school_named}"
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    school: Annotated[str | None, school_option("Only ECTs with a period at this school.")] = None,
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
    names = school_names(conn)
    print_table(
        f"{len(rows)} ECTs (as of {uk_date(app_state.today)})",
        ["TRN", "Name", "Status", "School", "Started", "FTE", "Terms", "At risk"],
        [
            (
                r["trn"],
                f"{r['first_name']} {r['last_name']}",
                status_word(r["status"]),
                school_words(r["school_urn"], names.get(r["school_urn"])),
                uk_date(r["induction_started_on"]),
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
    from ectrack.store.letters import letters_of

    app_state = state(ctx)
    conn = app_state.connect()
    induction = load_induction(conn, require_ect(conn, trn), app_state.today)
    detail = induction.to_json()
    detail["entitlement_gaps"] = [g.to_json(app_state.today) for g in gaps_of(conn, induction)]
    detail["letters"] = letters_of(conn, induction.trn)
    if json_output:
        print_json(detail)
        return
    names = school_names(conn)
    ect = induction.ect
    fields = [
        (
            "Status",
            f"{status_word(detail['status'])} (as of {uk_date(app_state.today)})"
            + ("  AT RISK" if detail["at_risk"] else ""),
        ),
        ("Date of birth", uk_date(detail["date_of_birth"])),
        ("QTS date", uk_date(detail["qts_date"])),
        ("Email", detail["email"]),
        *((("Former names", detail["former_names"]),) if detail["former_names"] else ()),
        ("Induction started", uk_date(detail["induction_started_on"])),
        ("School now", school_words(detail["school_urn"], names.get(detail["school_urn"]))),
        (
            "FTE terms",
            f"{detail['fte_terms_served']:.1f} served of "
            f"{detail['fte_terms_required']:.1f} required"
            + (f" (reduced to {detail['reduced_to']:.1f})" if detail["reduced_to"] else "")
            + (
                f"; {detail['fte_terms_served_elsewhere']:.1f} of them with another AB"
                if detail["prior_periods"]
                else ""
            ),
        ),
        ("End of induction", _end_of_induction(induction, app_state.today)),
    ]
    if ect.exempt_reason:
        fields.insert(
            1,
            ("Exempt", f"{exemption_word(ect.exempt_reason)} (recorded {uk_date(ect.exempt_on)})"),
        )
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
            (
                "Extension",
                f"{extension['terms']:.1f} terms, decided {uk_date(extension['decided_on'])}",
            )
        )
    if detail["decision"]:
        d = detail["decision"]
        fields.append(("Decision", f"{outcome_word(d['outcome'])}, {uk_date(d['decided_on'])}"))
        if d["appeal_lodged_on"]:
            fields.append(("Appeal", _appeal_text(d)))
    print_fields(f"{ect.full_name} ({ect.trn})", fields)
    if detail["prior_periods"]:
        print_table(
            "Induction served with other appropriate bodies (counted, never claimed here)",
            ["Appropriate body", "Institution", "From", "To", "FTE terms", "Absence 1/2"],
            [
                (
                    p["appropriate_body"],
                    p["institution"],
                    uk_date(p["started_on"]),
                    uk_date(p["finished_on"]),
                    f"{p['fte_terms']:.1f}"
                    + (f" + {p['extension_terms']:.1f} extension" if p["extension_terms"] else ""),
                    f"{p['absence_days_part1']} / {p['absence_days_part2']} days",
                )
                for p in detail["prior_periods"]
            ],
            wrap=("Appropriate body", "Institution"),
        )
        elsewhere = [r for r in detail["records"] if r["appropriate_body"]]
        if elsewhere:
            print_table(
                "Reviews and assessments made with other appropriate bodies",
                ["Appropriate body", "Term", "Checkpoint", "Held", "Judgement"],
                [
                    (
                        r["appropriate_body"],
                        term_word(r["term"]),
                        kind_word(r["kind"]),
                        uk_date(r["held_on"]),
                        judgement_word(r["overall"])
                        or {True: "On track", False: "NOT on track"}.get(r["on_track"]),
                    )
                    for r in elsewhere
                ],
                wrap=("Appropriate body", "Checkpoint"),
            )
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
                school_words(p["school_urn"], names.get(p["school_urn"])),
                uk_date(p["started_on"]),
                uk_date(p["finished_on"]) or "open",
                p["fte"],
                f"{p['fte_terms']:.1f}" + ("" if p["counts"] else " (under a term: counts 0)"),
                programme_word(p["programme"]),
                (p["mentor"] or {}).get("name"),
                (p["induction_tutor"] or {}).get("name"),
                " ".join(
                    filter(
                        None,
                        (
                            period_end_word(p["outcome"] or p["closed_by"]),
                            {True: "(lead post)", False: "(second post)"}.get(p["lead"]),
                        ),
                    )
                ),
            )
            for p in detail["periods"]
        ],
    )
    print_table(
        "Checkpoints",
        ["Term", "Checkpoint", "Due", "Status", "Received"],
        [
            (
                term_word(c["term"]),
                kind_word(c["kind"]),
                uk_date(c["due_on"]),
                checkpoint_status_word(c["status"]),
                uk_date(c["received_on"]),
            )
            for c in detail["checkpoints"]
        ],
        wrap=("Checkpoint",),
    )
    if detail["unscheduled_records"]:
        print_table(
            "Records that no longer match the schedule",
            ["Term", "Checkpoint", "Held", "Received"],
            [
                (
                    term_word(r["term"]),
                    kind_word(r["kind"]),
                    uk_date(r["held_on"]),
                    uk_date(r["received_on"]),
                )
                for r in detail["unscheduled_records"]
            ],
        )
    if detail["deadlines"]:
        print_table(
            "Open deadlines",
            ["Due", "Deadline", "What"],
            [
                (uk_date(d["due_on"]), word(DEADLINE_LABELS[d["name"]]), d["what"])
                for d in detail["deadlines"]
            ],
            wrap=("What",),
        )
    if detail["entitlement_gaps"]:
        print_table(
            "Entitlement gaps",
            ["First seen", "Gap", "Command"],
            [
                (uk_date(g["first_seen_on"]), g["what"], g["command"])
                for g in detail["entitlement_gaps"]
            ],
            wrap=("Gap", "Command"),
        )
    elif detail["status"] == "in_progress":
        say("Entitlement: no gaps (mentor and tutor with QTS, timetable, post, programme).")
    if detail["letters"]:
        from ectrack.letters.fields import RECIPIENT_WORDS, TEMPLATES

        print_table(
            "Letters written",
            ["Written", "Letter", "To", "Email draft"],
            [
                (
                    uk_date(x["written_on"]),
                    TEMPLATES[x["template"]].about if x["template"] in TEMPLATES else x["template"],
                    RECIPIENT_WORDS.get(x["recipient"], x["recipient"]),
                    x["email"] or "",
                )
                for x in detail["letters"]
            ],
            wrap=("Letter",),
        )


def _end_of_induction(induction, today) -> str:
    """The end of induction as ``ect show`` says it: reached, or projected."""
    end = induction.end_of_induction
    if end is None:
        return "not known yet: no post is open to take the ECT to the final assessment"
    final = induction.schedule.final_terms[-1].term
    said = f"the final formal assessment, {term_word(final)}"
    if end < today or induction.status in ("passed", "failed"):
        return f"{uk_date(end)} ({said}); nothing is counted after it"
    return f"{uk_date(end)} expected ({said})"


def _appeal_text(decision: dict) -> str:
    text = f"Lodged {uk_date(decision['appeal_lodged_on'])}"
    result = decision["appeal_result"]
    if result is None:
        return text + ", result awaited"
    text += f"; {appeal_word(result).lower()} on {uk_date(decision['appeal_result_on'])}"
    if result == "extended":
        text += f" by {decision['appeal_extension_terms']:.1f} terms"
    return text + f" (now: {outcome_word(decision['outcome_after_appeal']).lower()})"


@app.command("update")
def update(
    ctx: typer.Context,
    trn: Trn,
    first_name: Annotated[str | None, typer.Option("--first-name", help="First name.")] = None,
    last_name: Annotated[str | None, typer.Option("--last-name", help="Last name.")] = None,
    dob: Annotated[str | None, typer.Option("--dob", help="Date of birth.")] = None,
    qts_date: Annotated[str | None, typer.Option("--qts-date", help="QTS date.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="The ECT's email.")] = None,
    former_names: FormerNames = None,
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
    post: Post = None,
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
            former_names=former_names,
            start=start,
            programme=programme,
            mentor=mentor_in,
            tutor=tutor_in,
            reduced_to=reduced_to,
            post=post,
        )
    say(f"Updated {ect.trn} {ect.full_name}")


@app.command("move")
def move(
    ctx: typer.Context,
    trn: Trn,
    school: Annotated[str, school_option("The new school.")],
    on: Annotated[str, typer.Option("--on", help="First day at the new school.")],
    fte: Annotated[str | None, typer.Option("--fte", help="New FTE [default: unchanged].")] = None,
    programme: Programme = None,
    mentor: Mentor = None,
    mentor_email: MentorEmail = None,
    tutor: Tutor = None,
    tutor_email: TutorEmail = None,
    post: Post = None,
) -> None:
    """The ECT moves to another school: close the open period the day before
    --on and open one at the new school.

    FTE and programme carry over unless given. If the ECT has no open period
    (released earlier, no outcome; or arrived from another AB with 'ect prior add'
    or a transfer file), a new period starts at the school and induction carries on
    where it was. Once induction has ended and the decision is awaited, no new post
    can begin.

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
            post=post,
        )
        school_named = named_school(conn, period.school_urn)
    say(f"{period.trn} now at {school_named} from {uk_date(period.started_on)}")


@app.command("change-fte")
def change_fte(
    ctx: typer.Context,
    trn: Trn,
    fte: Annotated[str, typer.Option("--fte", help="The new FTE, 0.1 to 1.0.")],
    on: Annotated[str, typer.Option("--on", help="First day of the new working pattern.")],
    post: Post = None,
) -> None:
    """A new working pattern at the same school: close the open period the day
    before --on and open one with the new FTE.

    Example: ectrack ect change-fte 1234567 --fte 0.6 --on 2026-04-20
    """
    from ectrack.operations.ects import change_fte as change
    from ectrack.store.db import transaction

    with transaction(state(ctx).connect()) as conn:
        period = change(conn, author(ctx), trn, fte=fte, on=on, post=post)
    say(f"{period.trn} works {period.to_json()['fte']} FTE from {uk_date(period.started_on)}")


@app.command("release")
def release(
    ctx: typer.Context,
    trn: Trn,
    on: Annotated[str, typer.Option("--on", help="The ECT's last day in this AB's care.")],
    terms: Annotated[
        str | None,
        typer.Option(
            "--terms",
            help="FTE terms served in the period (0-16, 1 dp); they replace ectrack's count.",
        ),
    ] = None,
    post: Post = None,
) -> None:
    """The ECT leaves this AB's care: close the open period on --on, with no outcome.
    With two posts at once, --post ends one of them and the ECT stays in the other.

    Example: ectrack ect release 1234567 --on 2026-03-31 --terms 1.6
    """
    from ectrack.operations.ects import release_ect
    from ectrack.store.db import transaction
    from ectrack.values import parse_date

    with transaction(state(ctx).connect()) as conn:
        period = release_ect(conn, author(ctx), trn, on=on, terms=terms, post=post)
        school_named = named_school(conn, period.school_urn)
    last_day = uk_date(parse_date(on, "on"))  # already checked: the period closed on it
    say(f"Released {period.trn} from {school_named}: last day {last_day}")


@app.command("add-post")
def add_post(
    ctx: typer.Context,
    trn: Trn,
    school: Annotated[str, school_option("The second school.")],
    on: Annotated[str, typer.Option("--on", help="First day of the second post.")],
    fte: Annotated[str, typer.Option("--fte", help="FTE of the second post, e.g. 0.4.")],
    lead: Annotated[
        bool,
        typer.Option(
            "--lead",
            help="The second post leads: its headteacher makes the recommendation and its "
            "school is chased for returns [default: the first post leads].",
        ),
    ] = False,
    programme: Programme = None,
    mentor: Mentor = None,
    mentor_email: MentorEmail = None,
    tutor: Tutor = None,
    tutor_email: TutorEmail = None,
) -> None:
    """A second post at another school, held at the same time as the first (SG
    3.14-3.16): both count towards induction, their FTE adding up (at most 1.0) in
    each term's one figure. One post leads: its headteacher makes the recommendation
    and its school's returns are the ones chased. End one post with 'ect release
    TRN --post URN --on DATE'; --post chooses the post for move, change-fte and update.

    Example: ectrack ect add-post 1234567 --school 100002 --on 2026-01-05 --fte 0.4
    """
    from ectrack.operations.ects import add_post as add
    from ectrack.store.db import transaction

    mentor_in, tutor_in = _people(mentor, mentor_email, tutor, tutor_email)
    with transaction(state(ctx).connect()) as conn:
        period = add(
            conn,
            author(ctx),
            trn,
            school_urn=school,
            on=on,
            fte=fte,
            lead=lead,
            programme=programme,
            mentor=mentor_in,
            tutor=tutor_in,
        )
        school_named = named_school(conn, period.school_urn)
    say(
        f"{period.trn} also works at {school_named} from {uk_date(period.started_on)} "
        f"({period.to_json()['fte']} FTE, {'the lead post' if lead else 'a second post'})"
    )


@app.command("exempt")
def exempt(
    ctx: typer.Context,
    trn: Trn,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="Why, as the Teaching Record System says: qualified_before_2000, "
            "passed_wales, passed_northern_ireland, passed_guernsey, passed_jersey, "
            "passed_isle_of_man, passed_gibraltar, passed_service_childrens_education, "
            "qtls, scotland_registration, overseas_trained, eea_mutual_recognition, "
            "registered_teacher_two_years, further_education_2001_2004, "
            "wales_first_post_1999_2003, exempt, data_loss_error.",
        ),
    ] = None,
    withdraw: Annotated[
        bool, typer.Option("--withdraw", help="The exemption was recorded in error.")
    ] = False,
) -> None:
    """Record that a teacher is exempt from induction (REG 5, Sch 1): nothing falls due
    for them, and no induction period can start. A teacher with an open period is
    released first; one who passed or failed cannot be exempt.

    Example: ectrack ect exempt 1234567 --reason qtls
    """
    from ectrack.operations.ects import exempt_ect
    from ectrack.store.db import transaction

    app_state = state(ctx)
    with transaction(app_state.connect()) as conn:
        ect = exempt_ect(
            conn, author(ctx), trn, reason=reason, withdraw=withdraw, today=app_state.today
        )
    if ect.exempt_reason:
        say(f"{ect.trn} {ect.full_name} is exempt: {exemption_word(ect.exempt_reason)}")
    else:
        say(f"{ect.trn} {ect.full_name} is no longer recorded as exempt")


prior_app = typer.Typer(
    help="Induction an ECT served with another appropriate body before this one.",
    no_args_is_help=True,
)
app.add_typer(prior_app, name="prior")


@prior_app.command("add")
def prior_add(
    ctx: typer.Context,
    trn: Trn,
    ab: Annotated[str, typer.Option("--ab", help="The other appropriate body's name.")],
    from_: Annotated[str, typer.Option("--from", help="First day of induction with that AB.")],
    to: Annotated[str, typer.Option("--to", help="Last day of induction with that AB.")],
    terms: Annotated[
        str,
        typer.Option("--terms", help="FTE terms served there, as the DfE holds them (0-16)."),
    ],
    institution: Annotated[
        str | None, typer.Option("--institution", help="The school or college.")
    ] = None,
    absence_part1: Annotated[
        str | None,
        typer.Option(
            "--absence-part1", help="Days absent there in part 1 that count towards the 30."
        ),
    ] = None,
    absence_part2: Annotated[
        str | None,
        typer.Option(
            "--absence-part2", help="Days absent there in part 2 that count towards the 30."
        ),
    ] = None,
    programme: Programme = None,
    extension: Annotated[
        str | None,
        typer.Option("--extension", help="FTE terms the other AB extended induction by."),
    ] = None,
    assessment: Annotated[
        str | None,
        typer.Option("--assessment", help="The latest assessment there: first, final or interim."),
    ] = None,
    assessment_on: Annotated[
        str | None, typer.Option("--assessment-on", help="When it was held.")
    ] = None,
    assessment_overall: Annotated[
        str | None,
        typer.Option("--assessment-overall", help="satisfactory or unsatisfactory."),
    ] = None,
) -> None:
    """Record induction served with another AB before this one (REG 9: one induction
    per teacher, so it continues here). Its FTE terms are taken as the DfE holds them
    and count in the total and in the part: 2.0 terms elsewhere means the first formal
    assessment comes after 1.0 more term here. Days absent there count towards each
    part's 30; an extension there lengthens the whole. It holds no checkpoint here and
    is never claimed from the DfE by this AB. Start the ECT's period here with 'ect
    register' or, for an ECT already recorded, 'ect move'.

    Example: ectrack ect prior add 1234567 --ab "Pennine Teaching School Hub"
    --from 2025-09-01 --to 2026-04-02 --terms 2.0 --institution "Moor End Academy"
    """
    from ectrack.operations.transfers import add_prior_period, parse_prior_assessment
    from ectrack.store.db import transaction

    app_state = state(ctx)
    today = app_state.today
    with transaction(app_state.connect()) as conn:
        period = add_prior_period(
            conn,
            author(ctx),
            trn,
            today=today,
            assessment=parse_prior_assessment(assessment, assessment_on, assessment_overall, today),
            ab=ab,
            starts_on=from_,
            ends_on=to,
            terms=terms,
            institution=institution,
            absence_part1=absence_part1,
            absence_part2=absence_part2,
            programme=programme,
            extension=extension,
        )
    say(
        f"Recorded {period.fte_terms_tenths / 10:.1f} FTE terms {period.trn} served with "
        f"{period.elsewhere.appropriate_body} from {uk_date(period.started_on)} to "
        f"{uk_date(period.finished_on)}"
    )


@prior_app.command("remove")
def prior_remove(
    ctx: typer.Context,
    trn: Trn,
    from_: Annotated[
        str, typer.Option("--from", help="The first day of the period elsewhere to remove.")
    ],
) -> None:
    """Remove a period served with another AB that was recorded in error (audited).

    Example: ectrack ect prior remove 1234567 --from 2025-09-01
    """
    from ectrack.operations.transfers import remove_prior_period
    from ectrack.store.db import transaction

    with transaction(state(ctx).connect()) as conn:
        period = remove_prior_period(conn, author(ctx), trn, starts_on=from_)
    say(
        f"Removed the period {period.trn} served with {period.elsewhere.appropriate_body} "
        f"from {uk_date(period.started_on)}"
    )


@app.command("transfer-out")
def transfer_out(
    ctx: typer.Context,
    trn: Trn,
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="The .xlsx file to write (never overwritten)."),
    ],
    ab: Annotated[
        str,
        typer.Option("--ab", help="Your appropriate body's name, as the next AB will see it."),
    ],
    json_output: Json = False,
) -> None:
    """Write everything the next AB needs about an ECT who has left this AB's care,
    in one workbook a person can read and ectrack can import ('ectrack import FILE'):
    About (the ECT, what they have served, where they are), Periods (every period
    so far, here and before, with its FTE terms), Absence by part, Absences,
    Extensions, Reviews and assessments (with every judgement and support plan), and
    the last post's Entitlement. It holds personal data: it is written owner-only;
    send it securely. Writing it is audited (not its contents). Release the ECT
    first.

    Example: ectrack ect transfer-out 1234567 -o 1234567-transfer.xlsx
    --ab "Calder Teaching School Hub"
    """
    from ectrack.operations.transfers import transfer_out as write
    from ectrack.store.db import transaction

    app_state = state(ctx)
    with transaction(app_state.connect()) as conn:
        done = write(conn, author(ctx), trn, output, ab=ab, today=app_state.today)
    if json_output:
        print_json(done)
        return
    say(
        f"Wrote the transfer file for {done['trn']} to {done['file']}: {done['periods']} "
        f"periods, {done['records']} reviews and assessments, "
        f"{done['fte_terms_served']:.1f} of {done['fte_terms_required']:.1f} FTE terms served. "
        "It holds personal data: send it securely."
    )
