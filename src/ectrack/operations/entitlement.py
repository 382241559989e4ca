"""Recording the AB's fidelity checks, and finding entitlement gaps (see
``rules.entitlement``). What the school confirms (mentor and tutor with their
QTS, timetable, post) is recorded by ``operations.ects.update_ect``."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import replace

from ectrack.errors import InvalidValue, RuleBroken
from ectrack.models import InductionPeriod
from ectrack.rules import identifiers as ids
from ectrack.rules.entitlement import FIDELITY_RECHECK_DAYS, Gap, entitlement_gaps
from ectrack.store.audit import Author
from ectrack.values import parse_date


def parse_fidelity_result(value: object) -> str:
    """``met`` or ``not met`` (also not-met, not_met, notmet)."""
    key = re.sub(r"[^a-z]", "", str(value or "").lower())
    result = {"met": "met", "notmet": "not_met"}.get(key)
    if result is None:
        raise InvalidValue(
            "result", value, "is not a fidelity check result", "write met or not-met"
        )
    return result


def record_fidelity(
    conn: sqlite3.Connection,
    author: Author,
    *,
    trn: object = None,
    school_urn: object = None,
    on: object,
    result: object,
    next_due: object = None,
) -> list[InductionPeriod]:
    """The AB's fidelity check of a school-led programme, for one ECT's post or for
    every ECT on a school-led programme at a school now. A check that met the
    framework is due again a year later unless ``next_due`` says otherwise."""
    from ectrack.operations.ects import require_ect, update_period
    from ectrack.operations.schools import require_school
    from ectrack.rules.periods import require_open_period
    from ectrack.store.ects import periods_of, select_periods

    on = parse_date(on, "on")
    result = parse_fidelity_result(result)
    if author.today is not None and on > author.today:
        raise InvalidValue(
            "on", on.isoformat(), "is in the future", "give the day the check was done"
        )
    if next_due is not None:
        next_due = parse_date(next_due, "next_due")
        if next_due <= on:
            raise InvalidValue(
                "next_due",
                next_due.isoformat(),
                f"is not after the check on {on}",
                "give a later day",
            )
    elif result == "met":
        next_due = on + dt.timedelta(days=FIDELITY_RECHECK_DAYS)
    if trn is not None:
        ect = require_ect(conn, trn)
        periods = [require_open_period(ect.trn, periods_of(conn, ect.trn))]
        if periods[0].programme != "school_led":
            raise RuleBroken(
                f"{ect.trn} is on a provider-led programme, which needs no fidelity check; if "
                f"that is wrong, correct it with 'ectrack ect update {ect.trn} --programme "
                "school-led'"
            )
    else:
        school = require_school(conn, ids.normalise_urn(school_urn, "school_urn"), "school_urn")
        periods = select_periods(
            conn,
            "p.school_urn = ? AND p.finished_on IS NULL AND p.programme = 'school_led' "
            "ORDER BY p.trn",
            [school.urn],
        )
        if not periods:
            raise RuleBroken(
                f"no ECT at {school.urn} ({school.name}) is on a school-led programme now; "
                "nothing to record"
            )
    return [
        update_period(
            conn,
            author,
            period,
            entitlement=replace(
                period.entitlement,
                fidelity_checked_on=on,
                fidelity_result=result,
                fidelity_next_due=next_due,
            ),
        )
        for period in periods
    ]


def gaps_of(conn: sqlite3.Connection, induction) -> list[Gap]:
    """One ECT's entitlement gaps as of ``induction.today``."""
    from ectrack.store.entitlement import seen_dates
    from ectrack.store.schools import get_school

    urns = {p.school_urn for p in induction.periods}
    schools = {urn: school for urn in urns if (school := get_school(conn, urn))}
    return entitlement_gaps(induction, schools, seen_dates(conn, induction.trn))


def all_gaps(
    conn: sqlite3.Connection, today: dt.date, school_urn: str | None = None
) -> list[tuple[str, Gap]]:
    """(ECT's name, gap) for every ECT in induction (or at one school), oldest first."""
    from ectrack.store.db import snapshot
    from ectrack.store.entitlement import seen_dates
    from ectrack.store.induction import iter_inductions, term_calendar
    from ectrack.store.schools import list_schools

    calendar = term_calendar(conn)
    found = []
    with snapshot(conn):
        schools = {s.urn: s for s in list_schools(conn)}
        seen = seen_dates(conn)
        for ind in iter_inductions(conn, today, school_urn, calendar):
            for gap in entitlement_gaps(ind, schools, seen):
                if school_urn is None or gap.school_urn == school_urn:
                    found.append((ind.ect.full_name, gap))
    found.sort(key=lambda x: (x[1].first_seen_on, x[1].school_urn, x[0], x[1].code))
    return found
