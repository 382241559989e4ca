"""FTE terms: how much of a term an induction period counts (REG 7; SG 2.30-2.36).

Coverage of a term by a period = working days of the term inside the period /
working days of the term. FTE terms served in a term = coverage x FTE,
rounded half up to one decimal place. Everything is exact: Fractions in,
integer tenths out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction

from ectrack.models import InductionPeriod
from ectrack.rules.calendar import Term, TermCalendar

#: REG 7(1), SG 2.30: induction is the FTE of six school terms, three per part.
STANDARD_INDUCTION_TENTHS = 60
PART_ONE_TENTHS = 30
#: SG 3.2-3.4: a reduction leaves at least one term.
MINIMUM_REDUCED_TENTHS = 10


def round_half_up_tenths(value: Fraction) -> int:
    """``value`` in tenths, rounded half up (0.25 → 3 tenths, 0.24 → 2)."""
    return int((value * 10 + Fraction(1, 2)) // 1)


def ceil_tenths(value: Fraction) -> int:
    """``value`` in tenths, rounded up (0.61 → 7 tenths)."""
    return -int((-value * 10) // 1)


def coverage_days(
    calendar: TermCalendar, term: Term, start: dt.date, end: dt.date | None
) -> tuple[int, int]:
    """(working days of ``term`` inside [start, end], working days of ``term``)."""
    dates = calendar.dates(term)
    first = max(start, dates.starts_on)
    last = dates.ends_on if end is None else min(end, dates.ends_on)
    return calendar.working_days.count(first, last), calendar.working_days_in(term)


def coverage(calendar: TermCalendar, term: Term, start: dt.date, end: dt.date | None) -> Fraction:
    """Share of ``term``'s working days inside [start, end] (end None = open)."""
    inside, total = coverage_days(calendar, term, start, end)
    return Fraction(inside, total) if total else Fraction(0)


def fte_terms_tenths(term_coverage: Fraction, fte_percent: int) -> int:
    """FTE terms served in one term by one period, in tenths (half up)."""
    return round_half_up_tenths(term_coverage * Fraction(fte_percent, 100))


def fte_tenths_of_days(inside: int, total: int, fte_percent: int) -> int:
    """``fte_terms_tenths(inside / total, fte_percent)`` in integers, for speed:
    tenths = inside x fte% / (total x 10), rounded half up."""
    if total == 0:
        return 0
    numerator, denominator = inside * fte_percent, total * 10
    return (2 * numerator + denominator) // (2 * denominator)


def period_coverage(
    calendar: TermCalendar, start: dt.date, end: dt.date, limit: Fraction = Fraction(1)
) -> Fraction:
    """Total coverage (before FTE) of the terms a closed period spans.

    Stops adding once ``limit`` is reached: the one-term minimum only needs to
    know whether a period covers a whole term.
    """
    total = Fraction(0)
    term = calendar.term_on_or_after(start)
    while calendar.dates(term).starts_on <= end and total < limit:
        total += coverage(calendar, term, start, end)
        term = term.next()
    return total


def counts_towards_induction(calendar: TermCalendar, start: dt.date, end: dt.date | None) -> bool:
    """SG 2.33: employment counts only if it covers at least one term (open ones may yet)."""
    return end is None or period_coverage(calendar, start, end) >= 1


def posts(periods: Sequence[InductionPeriod]) -> list[list[InductionPeriod]]:
    """Periods grouped into posts: a change of FTE at the same school, starting the
    next day, continues the same post; a move or a gap starts a new one."""
    grouped: list[list[InductionPeriod]] = []
    for p in sorted(periods, key=lambda p: p.started_on):
        last = grouped[-1][-1] if grouped else None
        if (
            last is not None
            and last.closed_by == "fte_change"
            and last.school_urn == p.school_urn
            and last.finished_on is not None
            and p.started_on == last.finished_on + dt.timedelta(days=1)
        ):
            grouped[-1].append(p)
        else:
            grouped.append([p])
    return grouped


def countable_period_ids(calendar: TermCalendar, periods: Sequence[InductionPeriod]) -> set[int]:
    """Ids of the periods that count: those in a post of at least one term (SG 2.33)."""
    ids: set[int] = set()
    for post in posts(periods):
        if counts_towards_induction(calendar, post[0].started_on, post[-1].finished_on):
            ids.update(p.id for p in post)
    return ids
