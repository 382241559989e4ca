"""``ectrack ect absence``, ``review``, ``assessment``, ``decision``, ``checkpoints``,
``deadlines``: recording an induction and seeing what is due."""

from __future__ import annotations

from typing import Annotated

import typer

from ectrack.cli.output import print_json, print_table, say, school_names
from ectrack.cli.params import Trn, school_option
from ectrack.cli.state import author, state
from ectrack.labels import (
    CHECKPOINT_LABELS,
    DEADLINE_LABELS,
    absence_word,
    appeal_word,
    checkpoint_status_word,
    judgement_word,
    kind_word,
    outcome_word,
    school_words,
    term_word,
    uk_date,
    word,
)

Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Date = Annotated[str, typer.Option("--date", help="When it was held (YYYY-MM-DD or DD/MM/YYYY).")]
Received = Annotated[
    str | None,
    typer.Option("--received", help="When the AB received it [default: --today]."),
]
AbsenceDays = Annotated[
    str | None, typer.Option("--absence-days", help="Days absent, as the form reports.")
]
Summary = Annotated[str | None, typer.Option("--summary", help="A short summary.")]

review_app = typer.Typer(help="Progress reviews.", no_args_is_help=True)
assessment_app = typer.Typer(help="Formal and interim assessments.", no_args_is_help=True)
decision_app = typer.Typer(help="The AB's decision: pass, fail, extend.", no_args_is_help=True)

SHORT_KINDS = {
    "review": "progress_review",
    "first": "first_formal_assessment",
    "final": "final_formal_assessment",
    "interim": "interim_assessment",
}


def _write(ctx: typer.Context, operation, *args, **kwargs):
    """Run one operation in one transaction, with the acting officer and --today."""
    from ectrack.store.db import transaction

    app_state = state(ctx)
    with transaction(app_state.connect()) as conn:
        return operation(conn, author(ctx), *args, **kwargs)


def absence(
    ctx: typer.Context,
    trn: Trn,
    from_: Annotated[str, typer.Option("--from", help="First day of the absence.")],
    to: Annotated[str, typer.Option("--to", help="Last day of the absence.")],
    days: Annotated[str, typer.Option("--days", help="Contracted working days absent.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="sickness, maternity, paternity, adoption, "
            "shared_parental, parental_bereavement, carers, other",
        ),
    ],
    extend: Annotated[
        bool,
        typer.Option(
            "--extend",
            help="Statutory leave only: the ECT chose to extend induction by these days.",
        ),
    ] = False,
) -> None:
    """Record an absence (REG 8; SG 3.6-3.7).

    If an ECT is absent on 30 or more days within one part of induction, that
    part is extended by all the days absent in it. Statutory leave (maternity,
    paternity, adoption, shared parental, parental bereavement, carer's) does
    not count towards the 30; the ECT may choose to extend by it (--extend).
    Days become terms as days / 65, rounded up to one decimal place.

    Example: ectrack ect absence 1234567 --from 2026-01-12 --to 2026-02-20 --days 29 --kind sickness
    """
    from ectrack.models import days_number
    from ectrack.operations.induction import record_absence

    absence = _write(
        ctx, record_absence, trn, starts_on=from_, ends_on=to, days=days, kind=kind, extend=extend
    )
    say(
        f"Recorded {days_number(absence.days)} days of {absence_word(absence.kind).lower()} "
        f"from {uk_date(absence.starts_on)}"
    )


@review_app.command("record")
def review_record(
    ctx: typer.Context,
    trn: Trn,
    term: Annotated[str, typer.Option("--term", help="The term, e.g. 2026-spring.")],
    date: Date,
    on_track: Annotated[str, typer.Option("--on-track", help="yes or no.")],
    support_plan: Annotated[
        bool, typer.Option("--support-plan", help="A support plan is in place.")
    ] = False,
    absence_days: AbsenceDays = None,
    summary: Summary = None,
    received: Received = None,
) -> None:
    """Record a progress review. The term must hold a progress review in the ECT's
    schedule. Not on track, or a support plan, marks the ECT at risk until a later
    on-track record. Recording the same term again replaces it (audited).

    Example: ectrack review record 1234567 --term 2026-spring --date 2026-03-20 --on-track yes
    """
    from ectrack.operations.induction import record_review

    record = _write(
        ctx,
        record_review,
        trn,
        term=term,
        held_on=date,
        on_track=on_track,
        today=state(ctx).today,
        support_plan=support_plan,
        absence_days=absence_days,
        summary=summary,
        received_on=received,
    )
    say(
        f"Recorded the {term_word(record.term)} progress review for {record.trn}"
        + ("" if record.on_track else ": NOT on track")
    )


@assessment_app.command("record")
def assessment_record(
    ctx: typer.Context,
    trn: Trn,
    kind: Annotated[str, typer.Option("--kind", help="first, final or interim.")],
    date: Date,
    overall: Annotated[str, typer.Option("--overall", help="satisfactory or unsatisfactory.")],
    standards: Annotated[
        str | None,
        typer.Option(
            "--standards", help="Judgements, e.g. TS1=meeting,TS2=not_yet_meeting,PT2=meeting."
        ),
    ] = None,
    recommendation: Annotated[
        str | None,
        typer.Option(
            "--recommendation", help="Final only: satisfactory, unsatisfactory or extend."
        ),
    ] = None,
    absence_days: AbsenceDays = None,
    term: Annotated[
        str | None, typer.Option("--term", help="The term, when it is not the one holding --date.")
    ] = None,
    summary: Summary = None,
    received: Received = None,
) -> None:
    """Record a formal (first, final) or interim assessment against the Teachers'
    Standards. A satisfactory assessment cannot have a standard not yet met. The
    final assessment carries the headteacher's recommendation.

    Example: ectrack assessment record 1234567 --kind first --date 2026-07-10
    --overall satisfactory --standards TS1=meeting,TS2=meeting
    """
    from ectrack.operations.induction import record_assessment

    record = _write(
        ctx,
        record_assessment,
        trn,
        kind=kind,
        held_on=date,
        overall=overall,
        today=state(ctx).today,
        standards=standards,
        recommendation=recommendation,
        absence_days=absence_days,
        term=term,
        summary=summary,
        received_on=received,
    )
    say(
        f"Recorded the {term_word(record.term)} {CHECKPOINT_LABELS[record.kind]} for "
        f"{record.trn}: {judgement_word(record.overall).lower()}"
    )


@decision_app.command("record")
def decision_record(
    ctx: typer.Context,
    trn: Trn,
    outcome: Annotated[str, typer.Option("--outcome", help="pass, fail or extend.")],
    on: Annotated[str, typer.Option("--on", help="The date of the decision.")],
    terms: Annotated[
        str | None, typer.Option("--terms", help="Extend only: FTE terms to extend by (0.1-16).")
    ] = None,
    override: Annotated[
        str | None,
        typer.Option(
            "--override",
            help="Decide before the final assessment is received; the reason is audited.",
        ),
    ] = None,
) -> None:
    """Record the AB's decision after the final assessment: pass or fail closes the
    open period with that outcome on the end of induction (the last day of the term
    of the final assessment), whenever it is recorded, so a decision made in a later
    term adds no terms and one made inside the final term keeps the final; extend adds
    terms (and another final assessment). A pass or fail needs a full induction served
    (at least to the final term): a fail before that is refused, with no override
    (SG 4.8). --override only lets a decision through without the final assessment.

    Example: ectrack decision record 1234567 --outcome pass --on 2027-08-02
    """
    from ectrack.operations.induction import record_decision

    decision = _write(
        ctx,
        record_decision,
        trn,
        outcome=outcome,
        on=on,
        today=state(ctx).today,
        terms=terms,
        override=override,
    )
    say(
        f"Recorded the decision for {decision.trn}: {outcome_word(decision.outcome).lower()}, "
        f"on {uk_date(decision.decided_on)}"
        + (f" (override: {decision.override_reason})" if decision.override_reason else "")
    )


@decision_app.command("notify")
def decision_notify(
    ctx: typer.Context,
    trn: Trn,
    on: Annotated[
        str | None, typer.Option("--on", help="All three notices went on this date.")
    ] = None,
    ect: Annotated[str | None, typer.Option("--ect", help="Notice to the ECT.")] = None,
    headteacher: Annotated[
        str | None, typer.Option("--headteacher", help="Notice to the headteacher and employer.")
    ] = None,
    tra: Annotated[str | None, typer.Option("--tra", help="Notice to the TRA.")] = None,
    fail_notice_sent: Annotated[
        str | None,
        typer.Option(
            "--fail-notice-sent",
            help="Fail only: written notice of the outcome and the right of "
            "appeal sent to the ECT.",
        ),
    ] = None,
) -> None:
    """Record when written notice of the latest decision was sent (due within 3
    working days of the decision).

    Example: ectrack decision notify 1234567 --on 2027-08-03
    """
    from ectrack.operations.induction import record_notification

    decision = _write(
        ctx,
        record_notification,
        trn,
        today=state(ctx).today,
        on=on,
        ect_on=ect,
        headteacher_on=headteacher,
        tra_on=tra,
        fail_notice_sent=fail_notice_sent,
    )
    say(
        f"Recorded notices of the {outcome_word(decision.outcome).lower()} decision for "
        f"{decision.trn}"
    )


@decision_app.command("appeal")
def decision_appeal(
    ctx: typer.Context,
    trn: Trn,
    lodged: Annotated[
        str | None, typer.Option("--lodged", help="When the ECT appealed to the TRA.")
    ] = None,
    result: Annotated[
        str | None,
        typer.Option("--result", help="allowed, dismissed or extended (with --terms)."),
    ] = None,
    terms: Annotated[
        str | None,
        typer.Option(
            "--terms", help="extended only: the FTE terms the Secretary of State set (0.1-16)."
        ),
    ] = None,
    result_on: Annotated[
        str | None, typer.Option("--result-on", help="Date of the result.")
    ] = None,
) -> None:
    """Record an appeal to the Secretary of State (the TRA) against an extension or a
    fail (REG 14), and its result, once:

    allowed: the AB's decision is set aside and the ECT has passed, as of the result's
    date, with induction ended where the decision found it. dismissed: the decision
    stands; after a fail the employer's 10-working-day dismissal deadline runs from
    the result. extended: induction goes on for --terms more: after an extension that
    length replaces the AB's; after a fail, the fail becomes that extension and the
    post that carried it is open again (if the ECT had left, record 'ect release' with
    their last day, and 'ect move' when they start again).

    Example: ectrack decision appeal 1234567 --lodged 2027-08-20 --result dismissed
    --result-on 2027-11-02
    """
    from ectrack.operations.induction import record_appeal

    decision = _write(
        ctx,
        record_appeal,
        trn,
        today=state(ctx).today,
        lodged=lodged,
        result=result,
        result_on=result_on,
        terms=terms,
    )
    said = {
        "pass": "the ECT has passed induction",
        "fail": f"the {outcome_word(decision.outcome).lower()} stands",
        "extend": f"induction is extended by {(decision.effective_extension_tenths or 0) / 10:.1f} "
        f"terms from {uk_date(decision.extended_on)}",
    }[decision.effective_outcome]
    result = f": {appeal_word(decision.appeal_result).lower()}; {said}"
    say(
        f"Recorded the appeal against the {outcome_word(decision.outcome).lower()} decision "
        f"for {decision.trn}{result if decision.appeal_result else ''}"
    )


def checkpoints(
    ctx: typer.Context,
    term: Annotated[
        str | None, typer.Option("--term", help="Only this term, e.g. 2026-spring.")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="upcoming, due, overdue, received or late.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="review, first, final or interim.")
    ] = None,
    school: Annotated[str | None, school_option("Only this school.")] = None,
    json_output: Json = False,
) -> None:
    """Every checkpoint of every ECT matching the filters, by due date, with its
    status as of --today: received (on time), late (received after the due
    date), overdue (not received, due date passed), due (within 14 days), upcoming.

    Example: ectrack checkpoints --status overdue --json
    """
    from ectrack.errors import InvalidValue
    from ectrack.rules.calendar import parse_term
    from ectrack.rules.identifiers import normalise_urn
    from ectrack.store.induction import load_inductions

    statuses = ("upcoming", "due", "overdue", "received", "late")
    if status is not None and status not in statuses:
        raise InvalidValue(
            "status", status, "not a checkpoint status", "use one of: " + ", ".join(statuses)
        )
    kind_name = SHORT_KINDS.get(kind or "", kind)
    if kind is not None and kind_name not in CHECKPOINT_LABELS:
        raise InvalidValue(
            "kind", kind, "not a kind of checkpoint", "use review, first, final or interim"
        )
    term_name = parse_term(term).name if term else None
    urn = normalise_urn(school, "school_urn") if school else None
    app_state = state(ctx)
    rows = []
    conn = app_state.connect()
    for induction in load_inductions(conn, app_state.today):
        for c in induction.checkpoints:
            row = c.to_json()
            if (
                (term_name and row["term"] != term_name)
                or (status and row["status"] != status)
                or (kind_name and row["kind"] != kind_name)
                or (urn and row["school_urn"] != urn)
            ):
                continue
            rows.append(
                {
                    **row,
                    "first_name": induction.ect.first_name,
                    "last_name": induction.ect.last_name,
                }
            )
    rows.sort(key=lambda r: (r["due_on"], r["school_urn"], r["last_name"], r["trn"]))
    if json_output:
        print_json(rows)
        return
    names = school_names(conn)
    print_table(
        f"{len(rows)} checkpoints (as of {uk_date(app_state.today)})",
        ["Due", "Status", "TRN", "Name", "School", "Term", "Checkpoint", "Received"],
        [
            (
                uk_date(r["due_on"]),
                checkpoint_status_word(r["status"]),
                r["trn"],
                f"{r['first_name']} {r['last_name']}",
                school_words(r["school_urn"], names.get(r["school_urn"])),
                term_word(r["term"]),
                kind_word(r["kind"]),
                uk_date(r["received_on"]),
            )
            for r in rows
        ],
        wrap=("Name", "School", "Checkpoint"),
    )


def deadlines(
    ctx: typer.Context,
    within: Annotated[
        int | None,
        typer.Option(
            "--within", min=0, max=3650, help="Only those due within N days (overdue included)."
        ),
    ] = None,
    json_output: Json = False,
) -> None:
    """Statutory deadlines still open as of --today, soonest first: recommendations,
    representations, decisions, notifications, fail notices, appeal windows and
    dismissals, counted in working days (England and Wales bank holidays).

    Example: ectrack deadlines --within 30
    """
    from ectrack.store.induction import load_inductions

    app_state = state(ctx)
    today = app_state.today
    rows = []
    conn = app_state.connect()
    for induction in load_inductions(conn, today):
        school = induction.summary_json()["school_urn"]
        for d in induction.open_deadlines:
            days = (d.due_on - today).days
            if within is not None and days > within:
                continue
            rows.append(
                {
                    "trn": induction.trn,
                    "first_name": induction.ect.first_name,
                    "last_name": induction.ect.last_name,
                    "school_urn": school,
                    "name": d.name,
                    "due_on": d.due_on.isoformat(),
                    "days_left": days,
                    "what": d.what,
                }
            )
    rows.sort(key=lambda r: (r["due_on"], r["trn"], r["name"]))
    if json_output:
        print_json(rows)
        return
    names = school_names(conn)
    print_table(
        f"{len(rows)} open deadlines (as of {uk_date(today)}; negative days are overdue)",
        ["Due", "Days", "Deadline", "TRN", "Name", "School"],
        [
            (
                uk_date(r["due_on"]),
                r["days_left"],
                word(DEADLINE_LABELS[r["name"]]),
                r["trn"],
                f"{r['first_name']} {r['last_name']}",
                school_words(r["school_urn"], names.get(r["school_urn"])),
            )
            for r in rows
        ],
        wrap=("Name", "Deadline", "School"),
    )
