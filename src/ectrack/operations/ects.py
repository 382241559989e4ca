"""Registering ECTs and keeping their induction periods: move, FTE change, release."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, replace

from ectrack.errors import InvalidValue, NotFound, RuleBroken
from ectrack.models import NO_ENTITLEMENT, Ect, Entitlement, InductionPeriod, Staff, shallow_dict
from ectrack.operations.schools import require_school
from ectrack.rules import eligibility
from ectrack.rules import identifiers as ids
from ectrack.rules import periods as period_rules
from ectrack.rules.entitlement import parse_entitlement
from ectrack.store import ects as store
from ectrack.store import schools as school_store
from ectrack.store.audit import Author, record_event
from ectrack.store.db import update_row
from ectrack.store.entitlement import carry_seen, refresh_seen
from ectrack.values import parse_date, parse_yes_no


@dataclass(frozen=True, slots=True)
class StaffInput:
    """A mentor or induction tutor as typed: a name, and optionally an email."""

    role: str  # "mentor" or "tutor": also the field name in messages
    name: object = None
    email: object = None
    qts: object = None  # yes/no: the school confirms they hold QTS

    @property
    def given(self) -> bool:
        return bool(self.name and str(self.name).strip()) or bool(self.email)

    def checked_qts(self) -> bool | None:
        if self.qts is None or (isinstance(self.qts, str) and not self.qts.strip()):
            return None
        return parse_yes_no(self.qts, f"{self.role}_qts")


def require_ect(conn: sqlite3.Connection, trn: object) -> Ect:
    trn = ids.normalise_trn(trn)
    ect = store.get_ect(conn, trn)
    if ect is None:
        raise NotFound(f"no ECT with TRN {trn}; register them with 'ectrack ect register {trn}'")
    return ect


def ect_created(ect: Ect) -> dict:
    """The audit event of a new ECT (the keywords of ``record_event``/``event_row``)."""
    return {
        "entity": "ect",
        "entity_id": ect.trn,
        "action": "create",
        "after": shallow_dict(ect),
        "trn": ect.trn,
    }


def staff_created(staff: Staff, trn: str) -> dict:
    return {
        "entity": "staff",
        "entity_id": staff.id,
        "action": "create",
        "after": {
            "school_urn": staff.school_urn,
            "name": staff.name,
            "email": staff.email,
            "qts": staff.qts,
        },
        "trn": trn,
    }


def period_created(period: InductionPeriod) -> dict:
    return {
        "entity": "induction_period",
        "entity_id": period.id,
        "action": "create",
        "after": period.to_json(),
        "trn": period.trn,
    }


def staff_details(person: StaffInput) -> tuple[str, str | None] | None:
    """A mentor's or tutor's name and email, checked; None when none was given."""
    if not person.given:
        return None
    if not (person.name and str(person.name).strip()):
        raise InvalidValue(
            f"{person.role}_email",
            person.email,
            f"an email needs the {person.role}'s name",
            f"add the {person.role}'s name too",
        )
    name = ids.check_name(person.name, person.role)
    email = ids.check_email(person.email, f"{person.role}_email") if person.email else None
    return name, email


def _resolve_staff(
    conn: sqlite3.Connection, author: Author, school_urn: str, person: StaffInput, trn: str
) -> Staff | None:
    """The staff member at the school, created (and audited) on first mention, with
    their QTS as given."""
    details = staff_details(person)
    if details is None:
        return None
    return find_or_create_staff(conn, author, school_urn, details, trn, person.checked_qts())


def find_or_create_staff(
    conn: sqlite3.Connection,
    author: Author,
    school_urn: str,
    details: tuple[str, str | None],
    trn: str,
    qts: bool | None = None,
) -> Staff:
    """The staff member at the school, created (and audited) on first mention; with
    ``qts`` (not None), whether they hold QTS is recorded too."""
    name, email = details
    if found := school_store.find_staff(conn, school_urn, name, email):
        return set_staff_qts(conn, author, found, qts, trn)
    staff = school_store.insert_staff(conn, school_urn, name, email, qts)
    record_event(conn, author, **staff_created(staff, trn))
    return staff


def staff_qts_changed(staff: Staff, qts: bool, trn: str | None) -> dict:
    return {
        "entity": "staff",
        "entity_id": staff.id,
        "action": "update",
        "before": {"qts": staff.qts},
        "after": {"qts": qts},
        "trn": trn,
    }


def set_staff_qts(
    conn: sqlite3.Connection, author: Author, staff: Staff, qts: bool | None, trn: str | None
) -> Staff:
    """Record whether a mentor or tutor holds QTS (None: leave it as it is)."""
    if qts is None or staff.qts == qts:
        return staff
    update_row(conn, "staff", "id", staff.id, {"qts": int(qts)})
    record_event(conn, author, **staff_qts_changed(staff, qts, trn))
    refresh_seen(conn, author.today, staff_id=staff.id)
    return replace(staff, qts=qts)


def _open_period(
    conn: sqlite3.Connection,
    author: Author,
    ect: Ect,
    *,
    school_urn: str,
    start: dt.date,
    fte_percent: int,
    programme: str,
    mentor: Staff | None,
    tutor: Staff | None,
    entitlement: Entitlement = NO_ENTITLEMENT,
    continues: InductionPeriod | None = None,
    lead: bool | None = None,
    alongside: tuple[InductionPeriod, ...] = (),
) -> InductionPeriod:
    """A new period; ``continues``: the period of the same post it follows (a change
    of FTE), whose entitlement gaps it carries with the days they were first seen.
    ``alongside``: the other post the ECT holds at the same time (SG 3.14-3.16)."""
    trn = ect.trn
    periods = store.periods_of(conn, trn)
    if alongside:
        period_rules.check_can_start(trn, periods, ect.exempt_reason)
        others = {p.id for p in alongside}
        period_rules.check_no_overlap([p for p in periods if p.id not in others], start)
    else:
        period_rules.check_can_open_period(trn, periods, start, ect.exempt_reason)
    period_id = store.insert_period(
        conn,
        trn=trn,
        school_urn=school_urn,
        started_on=start,
        fte_percent=fte_percent,
        programme=programme,
        mentor_id=mentor.id if mentor else None,
        tutor_id=tutor.id if tutor else None,
        entitlement=entitlement,
        lead=lead,
    )
    period = InductionPeriod(
        period_id,
        trn,
        school_urn,
        start,
        None,
        fte_percent,
        programme,
        mentor,
        tutor,
        entitlement=entitlement,
        lead=lead,
    )
    record_event(conn, author, **period_created(period))
    if continues is not None:
        carry_seen(conn, continues.id, period.id)
    refresh_seen(conn, author.today, trns=[trn])
    return period


def _check_induction_not_over(conn: sqlite3.Connection, ect: Ect, on: dt.date, today) -> None:
    """A new post cannot begin after induction has ended while the AB's decision on it
    is awaited (SG 2.65): nothing more is served; an extension opens more terms."""
    from ectrack.store.induction import load_induction

    induction = load_induction(conn, ect, today or on)
    end = induction.end_of_induction
    if end is not None and on > end and len(induction.decisions) < len(induction.schedule.finals):
        raise RuleBroken(
            f"{ect.trn}'s induction ended on {end} (the final formal assessment, "
            f"{induction.schedule.final_terms[-1].term}); nothing more is served until the AB "
            f"decides: record the decision first with 'ectrack decision record {ect.trn} "
            "--outcome pass|fail|extend --on DATE'"
        )


#: Model field of a period → its database column (staff are stored by id).
_PERIOD_COLUMNS = {
    "started_on": "started_on",
    "finished_on": "finished_on",
    "programme": "programme",
    "mentor": "mentor_id",
    "tutor": "tutor_id",
    "fte_terms_tenths": "fte_terms_tenths",
    "closed_by": "closed_by",
    "outcome": "outcome",
    "lead": "lead",
}


def _key(value: object) -> object:
    return ("staff", value.id) if isinstance(value, Staff) else value


def update_period(conn, author: Author, period: InductionPeriod, **changes) -> InductionPeriod:
    """Change a period's fields; the audit event shows them by the design's JSON names.
    A mentor or tutor changes when another person is named (their QTS is theirs)."""
    changes = {k: v for k, v in changes.items() if _key(v) != _key(getattr(period, k))}
    if not changes:
        return period
    updated = replace(period, **changes)
    columns = {}
    for k, v in changes.items():
        if k == "entitlement":
            columns.update(store.entitlement_columns(v))
        else:
            columns[_PERIOD_COLUMNS[k]] = v.id if isinstance(v, Staff) else v
    update_row(conn, "induction_periods", "id", period.id, columns)
    before, after = period.to_json(), updated.to_json()
    changed = [k for k in after if after[k] != before[k]]
    record_event(
        conn,
        author,
        entity="induction_period",
        entity_id=period.id,
        action="update",
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
        trn=period.trn,
    )
    refresh_seen(conn, author.today, trns=[period.trn])
    return updated


def _close_period(
    conn,
    author: Author,
    current: InductionPeriod,
    last_day: dt.date,
    *,
    closed_by: str,
    fte_terms_tenths: int | None = None,
) -> InductionPeriod:
    period_rules.check_can_close(current, last_day)
    changes = {"finished_on": last_day, "closed_by": closed_by}
    if fte_terms_tenths is not None:
        changes["fte_terms_tenths"] = fte_terms_tenths
    return update_period(conn, author, current, **changes)


@dataclass(frozen=True, slots=True)
class Registration:
    """A new ECT's registration with every field checked; nothing written yet."""

    ect: Ect
    school_urn: str
    start: dt.date
    fte_percent: int
    programme: str
    mentor: tuple[str, str | None] | None
    tutor: tuple[str, str | None] | None
    mentor_qts: bool | None = None
    tutor_qts: bool | None = None
    entitlement: Entitlement = NO_ENTITLEMENT


def plan_registration(
    *,
    trn: object,
    first_name: object,
    last_name: object,
    date_of_birth: object,
    qts_date: object,
    school_urn: object,
    start: object,
    fte: object = "1.0",
    programme: object = "provider-led",
    mentor: StaffInput = StaffInput("mentor"),
    tutor: StaffInput = StaffInput("tutor"),
    email: object = None,
    former_names: object = None,
    **entitlement,
) -> Registration:
    """Check a registration against the rules, without the database (REG 9;
    SG 2.30-2.36): identifiers, dates, age, QTS before the start, FTE, programme;
    and what the school confirms of the ECT's entitlement (``entitlement``: the
    keywords of ``parse_entitlement``; the mentor's and tutor's ``qts``)."""
    ect = Ect(
        trn=ids.normalise_trn(trn),
        first_name=ids.check_name(first_name, "first_name"),
        last_name=ids.check_name(last_name, "last_name"),
        date_of_birth=parse_date(date_of_birth, "date_of_birth"),
        qts_date=parse_date(qts_date, "qts_date"),
        email=ids.check_email(email) if email else None,
        former_names=ids.check_name(former_names, "former_names") if former_names else None,
    )
    start = parse_date(start, "start")
    eligibility.check_induction_start(start, ect.qts_date)
    eligibility.check_date_of_birth(ect.date_of_birth, start)
    return Registration(
        ect=ect,
        school_urn=ids.normalise_urn(school_urn, "school_urn"),
        start=start,
        fte_percent=eligibility.parse_fte(fte),
        programme=ids.normalise_programme(programme),
        mentor=staff_details(mentor),
        tutor=staff_details(tutor),
        mentor_qts=mentor.checked_qts(),
        tutor_qts=tutor.checked_qts(),
        entitlement=parse_entitlement(**entitlement),
    )


def already_registered(existing: Ect) -> RuleBroken:
    return RuleBroken(
        f"TRN {existing.trn} is already registered ({existing.full_name}); one induction per "
        f"teacher: see 'ectrack ect show {existing.trn}', or 'ect update' to correct details"
    )


def register_ect(conn: sqlite3.Connection, author: Author, **fields) -> tuple[Ect, InductionPeriod]:
    """Record a new ECT and open their first induction period at a school
    (``fields``: those of ``plan_registration``)."""
    plan = plan_registration(**fields)
    school = require_school(conn, plan.school_urn, "school_urn")
    if existing := store.get_ect(conn, plan.ect.trn):
        raise already_registered(existing)
    ect = plan.ect
    store.insert_ect(conn, ect)
    record_event(conn, author, **ect_created(ect))
    staff = [
        find_or_create_staff(conn, author, school.urn, details, ect.trn, qts) if details else None
        for details, qts in ((plan.mentor, plan.mentor_qts), (plan.tutor, plan.tutor_qts))
    ]
    period = _open_period(
        conn,
        author,
        ect,
        school_urn=school.urn,
        start=plan.start,
        fte_percent=plan.fte_percent,
        programme=plan.programme,
        mentor=staff[0],
        tutor=staff[1],
        entitlement=plan.entitlement,
    )
    return ect, period


def _change_ect(conn: sqlite3.Connection, author: Author, ect: Ect, changes: dict) -> Ect:
    """Store changes to an ECT's own record, audited by their field names."""
    update_row(conn, "ects", "trn", ect.trn, changes)
    record_event(
        conn,
        author,
        entity="ect",
        entity_id=ect.trn,
        action="update",
        before={k: getattr(ect, k) for k in changes},
        after=changes,
        trn=ect.trn,
    )
    return replace(ect, **changes)


def update_ect(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    first_name: object = None,
    last_name: object = None,
    date_of_birth: object = None,
    qts_date: object = None,
    email: object = None,
    former_names: object = None,
    start: object = None,
    programme: object = None,
    mentor: StaffInput = StaffInput("mentor"),
    tutor: StaffInput = StaffInput("tutor"),
    reduced_to: object = None,
    post: object = None,
    **entitlement,
) -> Ect:
    """Correct an ECT's details, their induction start date, or their open period's
    programme, mentor and induction tutor (and their QTS) and entitlement record
    (``entitlement``: the keywords of ``parse_entitlement``); or reduce their
    induction (SG 3.2-3.4). Only what is given changes. ``post``: with two posts at
    once, the school of the one to change."""
    ect = require_ect(conn, trn)
    changes: dict = {}
    if reduced_to is not None:
        changes["reduced_to_tenths"] = eligibility.parse_reduction(reduced_to)
    if first_name is not None:
        changes["first_name"] = ids.check_name(first_name, "first_name")
    if last_name is not None:
        changes["last_name"] = ids.check_name(last_name, "last_name")
    if former_names is not None:  # "" clears them
        changes["former_names"] = (
            ids.check_name(former_names, "former_names") if str(former_names).strip() else None
        )
    if date_of_birth is not None:
        changes["date_of_birth"] = parse_date(date_of_birth, "date_of_birth")
    if qts_date is not None:
        changes["qts_date"] = parse_date(qts_date, "qts_date")
    if email is not None:
        changes["email"] = ids.check_email(email)
    changes = {k: v for k, v in changes.items() if v != getattr(ect, k)}
    updated = replace(ect, **changes)

    periods = [p for p in store.periods_of(conn, ect.trn) if p.is_here]
    first = periods[0] if periods else None
    new_start = parse_date(start, "start") if start is not None else None
    if first is not None:
        induction_start = new_start or first.started_on
        if new_start is None and updated.qts_date > induction_start:
            raise InvalidValue(
                "qts_date",
                updated.qts_date.isoformat(),
                f"is after the induction start {induction_start}; induction cannot start "
                "before QTS",
                "check the QTS date, or correct the start with --start",
            )
        eligibility.check_induction_start(induction_start, updated.qts_date)
        eligibility.check_date_of_birth(updated.date_of_birth, induction_start)
        if new_start and first.finished_on and new_start > first.finished_on:
            raise InvalidValue(
                "start",
                new_start.isoformat(),
                f"is after the first period ended on {first.finished_on}",
                "give a start on or before that day",
            )

    if changes:
        _change_ect(conn, author, ect, changes)
    if first is not None and new_start:
        update_period(conn, author, first, started_on=new_start)
    qts_given = [p for p in (mentor, tutor) if p.checked_qts() is not None]
    if (
        programme is not None
        or mentor.given
        or tutor.given
        or qts_given
        or any(v is not None for v in entitlement.values())
    ):
        current = period_rules.require_open_period(
            ect.trn, store.periods_of(conn, ect.trn), _post_urn(post)
        )
        period_changes: dict = {
            "entitlement": parse_entitlement(current.entitlement, **entitlement)
        }
        if programme is not None:
            period_changes["programme"] = ids.normalise_programme(programme)
        for person in (mentor, tutor):
            if staff := _resolve_staff(conn, author, current.school_urn, person, ect.trn):
                period_changes[person.role] = staff
            elif person.checked_qts() is not None:  # the QTS of the one already named
                named = getattr(current, person.role)
                if named is None:
                    raise InvalidValue(
                        f"{person.role}_qts",
                        person.qts,
                        f"no {person.role} is named for {ect.trn}",
                        f"give the {person.role}'s name too",
                    )
                set_staff_qts(conn, author, named, person.checked_qts(), ect.trn)
        update_period(conn, author, current, **period_changes)
    return updated


def _post_urn(post: object) -> str | None:
    """The school (URN) naming one of two posts, checked."""
    return ids.normalise_urn(post, "post") if post is not None else None


def _single_post(conn, author: Author, periods, ended: InductionPeriod) -> None:
    """Once one of two posts ends, the other is a post held alone again."""
    for p in period_rules.open_posts(periods):
        if p.id != ended.id and p.lead is not None:
            update_period(conn, author, p, lead=None)


def move_ect(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    school_urn: object,
    on: object,
    fte: object = None,
    programme: object = None,
    mentor: StaffInput = StaffInput("mentor"),
    tutor: StaffInput = StaffInput("tutor"),
    post: object = None,
) -> InductionPeriod:
    """The ECT starts at another school on ``on``.

    The open period closes the day before. FTE and programme carry over unless
    given. With no open period (released earlier, no outcome, or a transfer in), a
    new period simply starts at the school: the ECT begins or resumes induction
    with this AB. With two posts at once, ``post`` names the one that moves.
    """
    ect = require_ect(conn, trn)
    school = require_school(conn, school_urn, "school_urn")
    on = parse_date(on, "on")
    periods = store.periods_of(conn, ect.trn)
    held = period_rules.open_posts(periods)
    current = period_rules.require_open_period(ect.trn, periods, _post_urn(post)) if held else None
    here = [p for p in periods if p.is_here]
    previous = current or (here[-1] if here else None)
    fte_percent = eligibility.parse_fte(fte) if fte is not None else None
    eligibility.check_induction_start(on, ect.qts_date, "on")
    period_rules.check_can_start(ect.trn, periods, ect.exempt_reason)
    _check_induction_not_over(conn, ect, on, author.today)
    if any(p.school_urn == school.urn for p in held):
        raise RuleBroken(
            f"{ect.trn} is already at {school.urn} ({school.name}); "
            "for a new working pattern use 'ect change-fte'"
        )
    if previous is None and fte_percent is None:
        raise InvalidValue(
            "fte", None, f"{ect.trn} starts with this AB here", "give --fte, e.g. 1.0"
        )
    if previous is None and programme is None:
        raise InvalidValue(
            "programme",
            None,
            f"{ect.trn} starts with this AB here",
            "give --programme provider-led or school-led",
        )
    others = tuple(p for p in held if p is not current)
    if current is not None:
        _check_fte_total(ect.trn, fte_percent or current.fte_percent, others)
        _close_period(conn, author, current, on - period_rules.ONE_DAY, closed_by="move")
    return _open_period(
        conn,
        author,
        ect,
        school_urn=school.urn,
        start=on,
        fte_percent=fte_percent or previous.fte_percent,
        programme=ids.normalise_programme(programme) if programme else previous.programme,
        mentor=_resolve_staff(conn, author, school.urn, mentor, ect.trn),
        tutor=_resolve_staff(conn, author, school.urn, tutor, ect.trn),
        lead=current.lead if current is not None else None,
        alongside=others,
    )


def _check_fte_total(trn: str, fte_percent: int, others) -> None:
    """SG 3.14-3.16: two posts at once add up to at most full time."""
    total = fte_percent + sum(p.fte_percent for p in others)
    if total > 100:
        other = others[0]
        room = 100 - other.fte_percent
        raise InvalidValue(
            "fte",
            f"{fte_percent / 100:g}",
            f"with the post at {other.school_urn} ({other.fte_percent / 100:g} FTE) {trn} "
            f"would work {total / 100:g} FTE; two posts together are at most 1.0",
            f"give at most {room / 100:g}"
            if room >= 10
            else f"first reduce the post at {other.school_urn} with 'ectrack ect change-fte "
            f"{trn} --post {other.school_urn} --fte F --on DATE'",
        )


def change_fte(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    fte: object,
    on: object,
    post: object = None,
) -> InductionPeriod:
    """A new working pattern from ``on`` at the same school (SG 2.36, 2.74).

    The open period closes the day before; a new one opens with the new FTE and
    the same school, programme, mentor and tutor. With two posts at once, ``post``
    names the one whose pattern changes.
    """
    ect = require_ect(conn, trn)
    fte_percent = eligibility.parse_fte(fte)
    on = parse_date(on, "on")
    eligibility.check_induction_start(on, ect.qts_date, "on")
    periods = store.periods_of(conn, ect.trn)
    current = period_rules.require_open_period(ect.trn, periods, _post_urn(post))
    if fte_percent == current.fte_percent:
        raise InvalidValue("fte", fte, f"is the FTE {ect.trn} already works", "give the new FTE")
    others = tuple(p for p in period_rules.open_posts(periods) if p is not current)
    _check_fte_total(ect.trn, fte_percent, others)
    _close_period(conn, author, current, on - period_rules.ONE_DAY, closed_by="fte_change")
    return _open_period(
        conn,
        author,
        ect,
        school_urn=current.school_urn,
        start=on,
        fte_percent=fte_percent,
        programme=current.programme,
        mentor=current.mentor,
        tutor=current.tutor,
        entitlement=current.entitlement,  # the same post
        continues=current,
        lead=current.lead,
        alongside=others,
    )


def release_ect(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    on: object,
    terms: object = None,
    post: object = None,
) -> InductionPeriod:
    """The ECT leaves the AB's care; ``on`` is their last day. No outcome.

    ``terms`` records the FTE terms served in the period when the officer
    knows them (0-16, one decimal place), as the DfE asks on release; they
    replace ectrack's count of the period everywhere. With two posts at once,
    ``post`` names the post that ends; the ECT stays in the AB's care in the other.
    """
    ect = require_ect(conn, trn)
    on = parse_date(on, "on")
    tenths = eligibility.parse_fte_terms(terms) if terms is not None else None
    periods = store.periods_of(conn, ect.trn)
    current = period_rules.require_open_period(ect.trn, periods, _post_urn(post))
    _close_period(conn, author, current, on, closed_by="release", fte_terms_tenths=tenths)
    _single_post(conn, author, periods, current)
    return current


def add_post(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    school_urn: object,
    on: object,
    fte: object,
    lead: bool = False,
    programme: object = None,
    mentor: StaffInput = StaffInput("mentor"),
    tutor: StaffInput = StaffInput("tutor"),
) -> InductionPeriod:
    """A second post at another school from ``on``, held at the same time as the
    first (SG 3.14-3.16): the FTE of both adds up to at most 1.0, and one is the
    **lead** post, whose headteacher makes the recommendation and whose school is
    chased for returns. ``lead``: the new post leads (else the first one does)."""
    ect = require_ect(conn, trn)
    school = require_school(conn, school_urn, "school_urn")
    on = parse_date(on, "on")
    fte_percent = eligibility.parse_fte(fte)
    eligibility.check_induction_start(on, ect.qts_date, "on")
    periods = store.periods_of(conn, ect.trn)
    period_rules.check_can_start(ect.trn, periods, ect.exempt_reason)
    held = period_rules.open_posts(periods)
    if not held:
        raise RuleBroken(
            f"{ect.trn} holds no post now, so there is nothing to add a second post to; "
            f"start one with 'ectrack ect move {ect.trn} --school URN --on DATE'"
        )
    if len(held) > 1:
        raise RuleBroken(
            f"{ect.trn} already holds two posts ({held[0].school_urn} and "
            f"{held[1].school_urn}); end one with 'ectrack ect release {ect.trn} --post URN "
            "--on DATE' first"
        )
    current = held[0]
    if current.school_urn == school.urn:
        raise RuleBroken(
            f"{ect.trn} already holds a post at {school.urn} ({school.name}); for more hours "
            "there use 'ect change-fte'"
        )
    if on < current.started_on:
        raise InvalidValue(
            "on",
            on.isoformat(),
            f"is before the post at {current.school_urn} began ({current.started_on})",
            "give the first day of the second post, while the first is held",
        )
    _check_induction_not_over(conn, ect, on, author.today)
    _check_fte_total(ect.trn, fte_percent, (current,))
    update_period(conn, author, current, lead=not lead)  # one open lead post at a time
    return _open_period(
        conn,
        author,
        ect,
        school_urn=school.urn,
        start=on,
        fte_percent=fte_percent,
        programme=ids.normalise_programme(programme) if programme else current.programme,
        mentor=_resolve_staff(conn, author, school.urn, mentor, ect.trn),
        tutor=_resolve_staff(conn, author, school.urn, tutor, ect.trn),
        lead=lead,
        alongside=(current,),
    )


def exempt_ect(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    reason: object = None,
    withdraw: bool = False,
    today: dt.date,
) -> Ect:
    """Record that a teacher is exempt from induction (REG 5, Sch 1), with the Teaching
    Record System's reason; nothing falls due for them and no period can start.
    ``withdraw``: the exemption was recorded in error."""
    ect = require_ect(conn, trn)
    if withdraw:
        if not ect.exempt_reason:
            raise RuleBroken(f"{ect.trn} is not recorded as exempt; nothing to withdraw")
        changes: dict = {"exempt_reason": None, "exempt_on": None}
    else:
        if reason is None:
            raise InvalidValue(
                "reason",
                None,
                "an exemption needs the reason the Teaching Record System gives",
                "use one of: " + ", ".join(eligibility.EXEMPTION_REASONS),
            )
        code = eligibility.parse_exemption_reason(reason)
        if ect.exempt_reason:
            raise RuleBroken(f"{ect.trn} is already recorded as exempt ({ect.exempt_reason})")
        periods = store.periods_of(conn, ect.trn)
        if done := period_rules.outcome_period(periods):
            raise RuleBroken(
                f"{ect.trn} has completed induction ({done.outcome}, {done.finished_on}); "
                "an exemption is for a teacher who need not serve it"
            )
        if held := period_rules.open_posts(periods):
            raise RuleBroken(
                f"{ect.trn} has an open induction period at {held[0].school_urn}; end it first "
                f"with 'ectrack ect release {ect.trn} --on DATE' (the DfE is told of a release)"
            )
        changes = {"exempt_reason": code, "exempt_on": today}
    return _change_ect(conn, author, ect, changes)
