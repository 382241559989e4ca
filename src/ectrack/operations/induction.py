"""Recording what happens in an induction: absences, reviews, assessments, decisions,
and the AB's term dates. Each checks the ECT's schedule as of ``today``."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import replace
from fractions import Fraction

from ectrack.errors import InvalidValue, NotFound, RuleBroken
from ectrack.models import (
    STANDARDS,
    CheckpointRecord,
    Decision,
    days_number,
    iso,
    shallow_dict,
    tenths_to_number,
)
from ectrack.operations.ects import require_ect, update_period
from ectrack.rules.absence import ABSENCE_KINDS, STATUTORY_LEAVE, Absence
from ectrack.rules.calendar import TermDates, parse_term
from ectrack.rules.eligibility import parse_fte_terms
from ectrack.rules.schedule import (
    FINAL_ASSESSMENT,
    FIRST_ASSESSMENT,
    INTERIM_ASSESSMENT,
    PROGRESS_REVIEW,
)
from ectrack.store import induction as store
from ectrack.store.audit import Author, record_event
from ectrack.store.db import update_row
from ectrack.values import parse_date, parse_decimal, parse_yes_no, visible_text

KIND_NAMES = {
    PROGRESS_REVIEW: "progress review",
    FIRST_ASSESSMENT: "first formal assessment",
    FINAL_ASSESSMENT: "final formal assessment",
    INTERIM_ASSESSMENT: "interim assessment",
}
ASSESSMENT_KINDS = {
    "first": FIRST_ASSESSMENT,
    "final": FINAL_ASSESSMENT,
    "interim": INTERIM_ASSESSMENT,
}
JUDGEMENTS = ("meeting", "not_yet_meeting")


def _not_after_today(day: dt.date, today: dt.date, field: str) -> dt.date:
    if day > today:
        raise InvalidValue(
            field,
            day.isoformat(),
            f"is after today ({today})",
            "record what has happened; check the date",
        )
    return day


def _held_and_received(
    held_on: object, received_on: object, today: dt.date
) -> tuple[dt.date, dt.date]:
    """When a return was held (--date) and reached the AB (--received, default today)."""
    held = _not_after_today(parse_date(held_on, "date"), today, "date")
    received = parse_date(received_on, "received") if received_on else today
    return held, _not_after_today(received, today, "received")


def parse_half_days(value: object, field: str = "days", least: int = 1) -> int | Fraction:
    """Working days absent, whole or half (2.5), exactly; at least ``least`` half days."""
    fix = "give the working days absent, whole or half, e.g. 3 or 2.5"
    number = parse_decimal(value, field, fix)
    doubled = number * 2
    if doubled != doubled.to_integral_value() or not least <= doubled <= 2000:
        lowest = "0" if least == 0 else "0.5"
        raise InvalidValue(field, value, f"must be whole or half days from {lowest} to 1000", fix)
    return int(number) if number == number.to_integral_value() else Fraction(int(doubled), 2)


def _reported_absence(value: object) -> int | Fraction | None:
    """The days absent a review or assessment form reports (0 allowed)."""
    return None if value is None else parse_half_days(value, "absence_days", least=0)


# --- absence ---------------------------------------------------------------------------


_ABSENCE_WORDS = {
    "sick": "sickness",
    "illness": "sickness",
    "sicknessabsence": "sickness",
    "maternity": "maternity",
    "paternity": "paternity",
    "adoption": "adoption",
    "sharedparental": "shared_parental",
    "parentalbereavement": "parental_bereavement",
    "carer": "carers",
    "carers": "carers",
    "other": "other",
    "sickness": "sickness",
}


def absence_kind(value: object) -> str:
    """A kind of absence as schools write it ("Shared parental leave", "Carer's
    leave", "Sick") → the design's name; anything unknown comes back as typed."""
    key = re.sub(r"[^a-z]", "", str(value or "").lower())
    key = re.sub(r"(leave|absence)$", "", key) or key
    return _ABSENCE_WORDS.get(key, str(value or "").strip().lower())


def parse_absence(
    *, starts_on: object, ends_on: object, days: object, kind: object, extend: bool = False
) -> Absence:
    """An absence as the school reports it, validated (REG 8; SG 3.6-3.7)."""
    start, end = parse_date(starts_on, "from"), parse_date(ends_on, "to")
    if end < start:
        raise InvalidValue(
            "to", end.isoformat(), f"is before --from {start}", "give the last day of the absence"
        )
    kind_text = absence_kind(kind)
    if kind_text not in ABSENCE_KINDS:
        raise InvalidValue(
            "kind", kind, "not a kind of absence", "use one of: " + ", ".join(ABSENCE_KINDS)
        )
    count = parse_half_days(days)
    if count < Fraction(1, 2):
        raise InvalidValue(
            "days",
            days,
            "an absence is at least half a day",
            "give the working days absent, e.g. 3 or 2.5",
        )
    if extend and kind_text not in STATUTORY_LEAVE:
        raise InvalidValue(
            "extend",
            kind_text,
            "only statutory leave can be chosen to extend "
            "induction; other absence extends it once 30 days are reached",
            "leave out --extend",
        )
    return Absence(start, end, count, kind_text, bool(extend))


def record_absence(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    starts_on: object,
    ends_on: object,
    days: object,
    kind: object,
    extend: bool = False,
) -> Absence:
    """Record an absence for an ECT (see ``parse_absence``)."""
    ect = require_ect(conn, trn)
    absence = parse_absence(
        starts_on=starts_on, ends_on=ends_on, days=days, kind=kind, extend=extend
    )
    save_absence(conn, author, ect.trn, absence)
    return absence


def save_absence(conn: sqlite3.Connection, author: Author, trn: str, absence: Absence) -> None:
    """Store an absence already checked by ``parse_absence``, and audit it."""
    absence_id = store.insert_absence(conn, trn, absence)
    record_event(
        conn,
        author,
        entity="absence",
        entity_id=absence_id,
        action="create",
        after={**shallow_dict(absence), "days": days_number(absence.days)},
        trn=trn,
    )


# --- reviews and assessments -----------------------------------------------------------


def _checkpoint_list(induction) -> str:
    listed = [f"{c.term} {KIND_NAMES[c.kind]}" for c in induction.schedule.checkpoints]
    return "; ".join(listed) if listed else "none (no induction period counts yet)"


def _scheduled_in(induction, kind: str, term) -> None:
    """Refuse unless the ECT's schedule holds a checkpoint of ``kind`` in ``term``."""
    found = induction.schedule.in_term(term)
    if any(c.kind == kind for c in found):
        return
    trn = induction.trn
    if found:
        other = found[0].kind
        how = (
            f"ectrack review record {trn} --term {term}"
            if other == PROGRESS_REVIEW
            else f"ectrack assessment record {trn} --kind {other.split('_')[0]}"
        )
        raise RuleBroken(
            f"{term} is a {KIND_NAMES[other]} for {trn}, not a {KIND_NAMES[kind]}; "
            f"record it with '{how}'"
        )
    raise RuleBroken(
        f"{trn} has no checkpoint in {term}; their checkpoints are: {_checkpoint_list(induction)}"
    )


def _held_in_time(induction, kind: str, term, held: dt.date) -> None:
    """A return cannot be held before its checkpoint's term begins: the schedule may
    have moved (an absence extension) since the school planned it."""
    starts = induction.calendar.dates(term).starts_on
    if held < starts:
        raise InvalidValue(
            "date",
            held.isoformat(),
            f"is before {term} starts ({starts}), the term of {induction.trn}'s {KIND_NAMES[kind]}",
            "check the date, and 'ectrack ect show "
            f"{induction.trn}' for the schedule (absence can move checkpoints later)",
        )


def parse_standards(value: object) -> dict[str, str]:
    """``TS1=meeting,TS2=not_yet_meeting,PT2=meeting`` → {ts1: meeting, ...}."""
    fix = "write e.g. TS1=meeting,TS2=not_yet_meeting,PT2=meeting"
    judgements: dict[str, str] = {}
    for item in str(value or "").replace(";", ",").split(","):
        if not item.strip():
            continue
        code, _, judgement = item.partition("=")
        code = code.strip().lower().replace(" ", "")
        judgement = judgement.strip().lower().replace(" ", "_").replace("-", "_")
        if code not in STANDARDS:
            raise InvalidValue(
                "standards", item.strip(), "not a Teachers' Standard (TS1-TS8, PT2)", fix
            )
        if judgement not in JUDGEMENTS:
            raise InvalidValue(
                "standards", item.strip(), "the judgement must be meeting or not_yet_meeting", fix
            )
        judgements[code] = judgement
    return judgements


def save_checkpoint_record(conn, author: Author, record: CheckpointRecord) -> CheckpointRecord:
    before = store.find_record(conn, record.trn, record.kind, record.term, record.appropriate_body)
    record_id = store.save_record(conn, record)
    saved = replace(record, id=record_id)
    after_json, before_json = saved.to_json(), before.to_json() if before else None
    if before_json == after_json:
        return saved
    changed = [k for k in after_json if before_json is None or before_json[k] != after_json[k]]
    record_event(
        conn,
        author,
        entity="checkpoint_record",
        entity_id=record_id,
        action="update" if before else "create",
        before={k: before_json[k] for k in changed} if before_json else None,
        after={k: after_json[k] for k in changed} if before_json else after_json,
        trn=record.trn,
    )
    return saved


def _summary(value: object) -> str | None:
    """A review's or assessment's summary: free text, trimmed, which may run over
    several lines, every character visible."""
    return visible_text(str(value).strip(), "summary", multiline=True) if value else None


def record_review(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    term: object,
    held_on: object,
    on_track: object,
    today: dt.date,
    support_plan: bool = False,
    absence_days: object = None,
    summary: object = None,
    received_on: object = None,
) -> CheckpointRecord:
    """A progress review (SG 2.50-2.53): on track or not, support plan, days absent."""
    ect = require_ect(conn, trn)
    term = parse_term(term)
    held, received = _held_and_received(held_on, received_on, today)
    induction = store.load_induction(conn, ect, today)
    _scheduled_in(induction, PROGRESS_REVIEW, term)
    _held_in_time(induction, PROGRESS_REVIEW, term, held)
    record = CheckpointRecord(
        id=0,
        trn=ect.trn,
        kind=PROGRESS_REVIEW,
        term=term.name,
        held_on=held,
        received_on=received,
        on_track=parse_yes_no(on_track, "on_track"),
        support_plan=bool(support_plan),
        absence_days=_reported_absence(absence_days),
        summary=_summary(summary),
    )
    return save_checkpoint_record(conn, author, record)


def _assessment_checkpoint(induction, kind: str, term, held: dt.date):
    """The scheduled assessment a record is for: by --term, else the one in the
    term holding the assessment date, else the earliest not yet received."""
    candidates = [c for c in induction.checkpoints if c.scheduled.kind == kind]
    if term is not None:
        _scheduled_in(induction, kind, term)
        return next(c for c in candidates if c.scheduled.term == term)
    if not candidates:
        why = {
            FIRST_ASSESSMENT: "(a reduced induction of 3.0 terms or less has only a final)",
            FINAL_ASSESSMENT: "(no induction period counts yet)",
            INTERIM_ASSESSMENT: "(one is due when an ECT leaves a post after a term or more)",
        }[kind]
        raise RuleBroken(
            f"{induction.trn} has no {KIND_NAMES[kind]} scheduled {why}; their checkpoints "
            f"are: {_checkpoint_list(induction)}"
        )
    if len(candidates) == 1:
        return candidates[0]
    held_term = induction.calendar.term_on_or_before(held)
    return next(
        (c for c in candidates if c.scheduled.term == held_term),
        next((c for c in candidates if c.record is None), candidates[-1]),
    )


def record_assessment(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    kind: object,
    held_on: object,
    overall: object,
    today: dt.date,
    standards: object = None,
    recommendation: object = None,
    absence_days: object = None,
    term: object = None,
    summary: object = None,
    received_on: object = None,
) -> CheckpointRecord:
    """A formal (first, final) or interim assessment against the Teachers' Standards."""
    ect = require_ect(conn, trn)
    kind_key = str(kind or "").strip().lower()
    if kind_key not in ASSESSMENT_KINDS:
        raise InvalidValue("kind", kind, "not a kind of assessment", "use first, final or interim")
    checkpoint_kind = ASSESSMENT_KINDS[kind_key]
    held, received = _held_and_received(held_on, received_on, today)
    judgement = str(overall or "").strip().lower()
    if judgement not in ("satisfactory", "unsatisfactory"):
        raise InvalidValue(
            "overall",
            overall,
            "the overall judgement must be satisfactory or unsatisfactory",
            "write satisfactory or unsatisfactory",
        )
    judged = parse_standards(standards)
    if judgement == "satisfactory" and "not_yet_meeting" in judged.values():
        not_met = ", ".join(k.upper() for k, v in judged.items() if v == "not_yet_meeting")
        raise InvalidValue(
            "standards",
            standards,
            f"a satisfactory assessment cannot have {not_met} not yet met",
            "correct the standards, or record the overall judgement as unsatisfactory",
        )
    advice = str(recommendation).strip().lower() if recommendation else None
    if checkpoint_kind == FINAL_ASSESSMENT:
        if advice not in ("satisfactory", "unsatisfactory", "extend"):
            raise InvalidValue(
                "recommendation",
                recommendation,
                "a final assessment carries the headteacher's recommendation",
                "give --recommendation satisfactory, unsatisfactory or extend",
            )
        if {judgement, advice} == {"satisfactory", "unsatisfactory"}:
            raise InvalidValue(
                "recommendation",
                advice,
                f"contradicts the overall judgement ({judgement})",
                "check both with the school",
            )
    elif advice:
        raise InvalidValue(
            "recommendation",
            advice,
            "only a final assessment carries a recommendation",
            "leave out --recommendation",
        )
    induction = store.load_induction(conn, ect, today)
    checkpoint = _assessment_checkpoint(
        induction, checkpoint_kind, parse_term(term) if term else None, held
    )
    if checkpoint_kind != INTERIM_ASSESSMENT:  # an interim is held when the ECT leaves
        _held_in_time(induction, checkpoint_kind, checkpoint.scheduled.term, held)
    record = CheckpointRecord(
        id=0,
        trn=ect.trn,
        kind=checkpoint_kind,
        term=checkpoint.scheduled.term.name,
        held_on=held,
        received_on=received,
        overall=judgement,
        standards=judged,
        recommendation=advice,
        absence_days=_reported_absence(absence_days),
        summary=_summary(summary),
    )
    return save_checkpoint_record(conn, author, record)


# --- decisions -------------------------------------------------------------------------


def record_decision(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    outcome: object,
    on: object,
    today: dt.date,
    terms: object = None,
    override: object = None,
) -> Decision:
    """The AB's decision (REG 11; SG 2.65-2.68): pass or fail closes the open period
    with that outcome **on the end of induction**, whenever it is recorded (a decision
    in the term after adds no terms; one inside the final term leaves the final as it
    is); extend lengthens induction by ``terms`` FTE terms. A pass or fail needs a full
    induction served, at least to the final term (SG 4.8): no override."""
    ect = require_ect(conn, trn)
    result = str(outcome or "").strip().lower()
    if result not in ("pass", "fail", "extend"):
        raise InvalidValue("outcome", outcome, "not a decision", "use pass, fail or extend")
    decided = _not_after_today(parse_date(on, "on"), today, "on")
    if result == "extend" and terms is None:
        raise InvalidValue(
            "terms",
            None,
            "an extension needs its length",
            "give --terms, the FTE terms to extend by (0.1 to 16)",
        )
    if result != "extend" and terms is not None:
        raise InvalidValue("terms", terms, "only an extension has a length", "leave out --terms")
    tenths = parse_extension(terms) if terms is not None else None
    reason = (
        visible_text(str(override).strip(), "override")
        if override and str(override).strip()
        else None
    )
    induction = store.load_induction(conn, ect, today)
    if induction.status == "exempt":
        raise RuleBroken(
            f"{ect.trn} is exempt from induction ({ect.exempt_reason}); there is nothing to decide"
        )
    if induction.status in ("passed", "failed"):
        raise RuleBroken(f"{ect.trn} has already {induction.status}; induction has one outcome")
    if induction.finals_received <= len(induction.decisions) and not reason:
        raise RuleBroken(
            f"{ect.trn} has no final assessment received awaiting a decision; record it with "
            f"'ectrack assessment record {ect.trn} --kind final ...', or decide anyway with "
            '--override "reason" (audited)'
        )
    if induction.decisions and decided < induction.decisions[-1].decided_on:
        raise InvalidValue(
            "on",
            decided.isoformat(),
            f"is before the previous decision ({induction.decisions[-1].decided_on})",
            "check the date",
        )
    if result in ("pass", "fail"):
        end = _full_induction_served(induction, result, decided)
        close_on_end_of_induction(conn, author, induction, end, result)
    decision = Decision(
        id=0,
        trn=ect.trn,
        outcome=result,
        decided_on=decided,
        extension_tenths=tenths,
        override_reason=reason,
    )
    decision_id = store.insert_decision(conn, decision)
    decision = replace(decision, id=decision_id)
    record_event(
        conn,
        author,
        entity="decision",
        entity_id=decision_id,
        action="create",
        after=decision.to_json(),
        trn=ect.trn,
    )
    return decision


def parse_extension(terms: object, field: str = "terms") -> int:
    """An extension's length in tenths: 0.1 to 16 FTE terms, as the DfE records it."""
    tenths = parse_fte_terms(terms, field)
    if tenths == 0:
        raise InvalidValue(
            field,
            terms,
            "an extension is at least 0.1 terms",
            "give the FTE terms to extend by (0.1 to 16)",
        )
    return tenths


def _full_induction_served(induction, outcome: str, decided: dt.date) -> dt.date:
    """The end of induction, once a full induction is served by the end of the term
    holding ``decided`` (SG 4.8); else the refusal, with how far the ECT has got."""
    schedule, calendar = induction.schedule, induction.calendar
    final = schedule.final_terms[-1] if schedule.completed else None
    if final is not None and calendar.dates(final.term).starts_on <= decided:
        return induction.end_of_induction
    served = tenths_to_number(induction.served_tenths)
    required = tenths_to_number(schedule.required_tenths)
    where = (
        f"their final formal assessment falls in {final.term}"
        if final is not None
        else "no open period takes them to the end"
    )
    advice = (
        " (SG 4.8); there is no override"
        if outcome == "fail"
        else f"; to shorten induction for an experienced teacher, reduce it first with "
        f"'ectrack ect update {induction.trn} --reduced-to TERMS'"
    )
    raise RuleBroken(
        f"{induction.trn} has served {served:.1f} of {required:.1f} FTE terms and {where}: a "
        f"{outcome} can only be recorded once a full induction has been served{advice}"
    )


def close_on_end_of_induction(conn, author: Author, induction, end: dt.date, outcome: str):
    """Close the posts that hold the end of induction with the outcome, on that day:
    those still open, or released on or after it. A post begun after it closes on
    its first day (it counted nothing)."""
    holding = [
        p
        for p in induction.here
        if p.is_open or (p.closed_by == "release" and p.finished_on >= end)
    ]
    if not holding:
        raise RuleBroken(
            f"{induction.trn} has no period with this AB that holds the end of induction "
            f"({end}); see 'ectrack ect show {induction.trn}'"
        )
    for p in holding:
        update_period(
            conn, author, p, finished_on=max(end, p.started_on), closed_by=None, outcome=outcome
        )


def _latest_decision(conn, trn: str) -> Decision:
    decisions = store.decisions_of(conn, trn)
    if not decisions:
        raise NotFound(
            f"{trn} has no decision recorded; record it first with "
            f"'ectrack decision record {trn} --outcome ...'"
        )
    return decisions[-1]


def _update_decision(conn, author: Author, decision: Decision, changes: dict) -> Decision:
    changes = {k: v for k, v in changes.items() if v != getattr(decision, k)}
    if not changes:
        return decision
    update_row(conn, "decisions", "id", decision.id, changes)
    record_event(
        conn,
        author,
        entity="decision",
        entity_id=decision.id,
        action="update",
        before={
            k: iso(getattr(decision, k))
            if isinstance(getattr(decision, k), dt.date)
            else getattr(decision, k)
            for k in changes
        },
        after={k: iso(v) if isinstance(v, dt.date) else v for k, v in changes.items()},
        trn=decision.trn,
    )
    return replace(decision, **changes)


def record_notification(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    today: dt.date,
    on: object = None,
    ect_on: object = None,
    headteacher_on: object = None,
    tra_on: object = None,
    fail_notice_sent: object = None,
) -> Decision:
    """When written notice of the latest decision went to the ECT, the headteacher
    (and employer) and the TRA; for a fail, also the notice of the right of appeal."""
    ect = require_ect(conn, trn)
    decision = _latest_decision(conn, ect.trn)
    given = {  # column: (the option the officer typed, its value)
        "ect_notified_on": ("ect", ect_on) if ect_on else ("on", on),
        "headteacher_notified_on": ("headteacher", headteacher_on)
        if headteacher_on
        else ("on", on),
        "tra_notified_on": ("tra", tra_on) if tra_on else ("on", on),
        "fail_notice_sent_on": ("fail_notice_sent", fail_notice_sent),
    }
    dates = {}
    for column, (label, value) in given.items():
        if value is None:
            continue
        day = _not_after_today(parse_date(value, label), today, label)
        if day < decision.decided_on:
            raise InvalidValue(
                label,
                day.isoformat(),
                f"is before the decision ({decision.decided_on})",
                "check the date",
            )
        dates[column] = day
    if not dates:
        raise InvalidValue(
            "on",
            None,
            "no notification date given",
            "give --on DATE (or --ect, --headteacher, --tra)",
        )
    if decision.outcome == "fail" and not (
        dates.get("fail_notice_sent_on") or decision.fail_notice_sent_on
    ):
        raise InvalidValue(
            "fail_notice_sent",
            None,
            "a fail needs the date written notice of "
            "the outcome and the right of appeal was sent to the ECT",
            "add --fail-notice-sent DATE",
        )
    return _update_decision(conn, author, decision, dates)


APPEAL_RESULTS = ("allowed", "dismissed", "extended")


def record_appeal(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    today: dt.date,
    lodged: object = None,
    result: object = None,
    result_on: object = None,
    terms: object = None,
) -> Decision:
    """An appeal to the Secretary of State (the TRA) against an extension or a fail
    (REG 14; SG 2.70-2.73), and its result:

    - **allowed**: the AB's decision is set aside; [decision] the ECT has passed, as of
      the result's date, with induction ended where the appealed decision found it;
    - **dismissed**: the decision stands (after a fail, the employer's dismissal
      deadline runs from the result);
    - **extended**: induction is extended by ``terms``: after an extension, that length
      replaces the AB's; after a fail, the fail becomes that extension and induction
      goes on in the post that carried it (the ECT may go on teaching while an appeal
      is pending, Sch 1 para 3); if they had left, 'ect release' records their last day
      and 'ect move' opens their next period.
    """
    ect = require_ect(conn, trn)
    decision = _latest_decision(conn, ect.trn)
    if decision.outcome not in ("fail", "extend"):
        raise RuleBroken(
            f"{ect.trn}'s latest decision is a {decision.outcome}; only an "
            "extension or a fail can be appealed"
        )
    if decision.appeal_result:
        raise RuleBroken(
            f"the appeal against {ect.trn}'s {decision.outcome} already has its result "
            f"({decision.appeal_result}, {decision.appeal_result_on}); an appeal ends once"
        )
    changes: dict = {}
    if lodged is not None:
        day = _not_after_today(parse_date(lodged, "lodged"), today, "lodged")
        if day < decision.decided_on:
            raise InvalidValue(
                "lodged",
                day.isoformat(),
                f"is before the decision appealed ({decision.decided_on})",
                "check the date",
            )
        changes["appeal_lodged_on"] = day
    lodged_on = changes.get("appeal_lodged_on") or decision.appeal_lodged_on
    if not lodged_on:
        raise InvalidValue(
            "lodged", None, "the appeal's lodging date is needed", "add --lodged DATE"
        )
    if result is None:
        for option, value in (("terms", terms), ("result_on", result_on)):
            if value is not None:
                raise InvalidValue(
                    option, value, "belongs to an appeal's result", "add --result too"
                )
        return _update_decision(conn, author, decision, changes)
    text = str(result).strip().lower()
    if text not in APPEAL_RESULTS:
        raise InvalidValue(
            "result", result, "not an appeal result", "use allowed, dismissed or extended"
        )
    if result_on is None:
        raise InvalidValue(
            "result_on", None, "an appeal result needs its date", "add --result-on DATE"
        )
    decided_on = _not_after_today(parse_date(result_on, "result_on"), today, "result_on")
    if decided_on < lodged_on:
        raise InvalidValue(
            "result_on",
            decided_on.isoformat(),
            f"is before the appeal was lodged ({lodged_on})",
            "check the date",
        )
    if text == "extended":
        if terms is None:
            raise InvalidValue(
                "terms",
                None,
                "an appeal that extends induction sets the length",
                "give --terms, the FTE terms set by the Secretary of State (0.1 to 16)",
            )
        changes["appeal_extension_tenths"] = parse_extension(terms)
    elif terms is not None:
        raise InvalidValue("terms", terms, f"an appeal {text} sets no length", "leave out --terms")
    changes["appeal_result"] = text
    changes["appeal_result_on"] = decided_on
    induction = store.load_induction(conn, ect, today)
    if decision.outcome == "fail":
        failed = [p for p in induction.here if p.outcome == "fail"]
        for p in failed:
            if text == "allowed":
                update_period(conn, author, p, outcome="pass")
            elif text == "extended":  # the induction goes on in the post that carried it
                update_period(conn, author, p, finished_on=None, outcome=None)
    elif text == "allowed":  # the extension is set aside: induction ended at its final
        final = induction.schedule.final_terms[len(induction.decisions) - 1]
        end = induction.schedule.ends_on(final, induction.calendar)
        close_on_end_of_induction(conn, author, induction, end, "pass")
    return _update_decision(conn, author, decision, changes)


# --- the AB's term dates ---------------------------------------------------------------


def set_term_dates(
    conn: sqlite3.Connection,
    author: Author,
    term: object,
    *,
    starts_on: object,
    ends_on: object,
    deadline_on: object = None,
) -> TermDates:
    """The AB's own dates for a term (its local authority's), and its deadline for returns."""
    name = parse_term(term)
    start, end = parse_date(starts_on, "start"), parse_date(ends_on, "end")
    deadline = parse_date(deadline_on, "deadline") if deadline_on else None
    if end <= start:
        raise InvalidValue(
            "end", end.isoformat(), f"is not after the start {start}", "check the term's dates"
        )
    # (year, month) a term can plausibly start in: spring may start in late December
    y = name.year
    expected = {
        "autumn": {(y, 8), (y, 9), (y, 10)},
        "spring": {(y - 1, 12), (y, 1), (y, 2)},
        "summer": {(y, 3), (y, 4), (y, 5)},
    }[name.season]
    if (start.year, start.month) not in expected:
        raise InvalidValue(
            "start",
            start.isoformat(),
            f"does not look like the start of {name}",
            "check the term and the year",
        )
    if (end - start).days > 140:
        raise InvalidValue(
            "end", end.isoformat(), "makes the term longer than 20 weeks", "check the term's dates"
        )
    if deadline and deadline < start:
        raise InvalidValue(
            "deadline",
            deadline.isoformat(),
            f"is before the term starts ({start})",
            "check the deadline",
        )
    before = store.term_overrides(conn).get(name)
    dates = TermDates(name, start, end, deadline, is_default=False)
    store.upsert_term(conn, dates)
    shown = {"starts_on": iso(start), "ends_on": iso(end), "deadline_on": iso(deadline)}
    record_event(
        conn,
        author,
        entity="term",
        entity_id=name.name,
        action="update" if before else "create",
        before={
            "starts_on": iso(before.starts_on),
            "ends_on": iso(before.ends_on),
            "deadline_on": iso(before.deadline_on),
        }
        if before
        else None,
        after=shown,
    )
    return dates
