"""FTE terms: how much of a term an induction period counts (REG 7; SG 2.30-2.36).

Coverage of a term by a period = working days of the term inside the period /
working days of the term. FTE terms served in a term = coverage x FTE,
rounded half up to one decimal place. Everything is exact: Fractions in,
integer tenths out.

[decision] A term served by more than one period (a move or an FTE change
mid-term, two posts at once, a period elsewhere) is rounded **once**: its figure
is the sum of coverage x FTE over every period serving it, rounded half up,
never over 1.0. Each period's share of it is apportioned in tenths by largest
remainder, so the periods always add up to the ECT's total. A period whose FTE
terms were given (by the officer on a release, or as the DfE holds a period
served elsewhere) counts exactly those: they are spread over the terms it spans
by the working days it covers in each, and take their share of a term first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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


#: A term counts at most one FTE term, in tenths.
TERM_TENTHS = 10


def apportion(
    total: int, weights: Sequence[int | Fraction], caps: Sequence[int] | None = None
) -> list[int]:
    """``total`` whole tenths shared in proportion to ``weights`` by largest remainder
    (Hamilton): each share is the whole part of its quota, and the tenths left over go
    to the largest remainders, a tie to the earlier. With ``caps``, no share is over
    its cap; what a capped share cannot take is shared among the others."""
    if len(weights) == 1:  # one period serving the term: it takes all it can
        whole = total if weights[0] > 0 else 0
        return [whole if caps is None else min(whole, caps[0])]
    shares = [0] * len(weights)
    taking = [i for i, w in enumerate(weights) if w > 0 and (caps is None or caps[i] > 0)]
    left = total
    while left > 0 and taking:
        weight = sum(weights[i] for i in taking)
        quotas = {i: left * weights[i] for i in taking}  # each over ``weight``
        add = {i: int(q // weight) for i, q in quotas.items()}
        spare = left - sum(add.values())
        for i in sorted(taking, key=lambda i: (-(quotas[i] % weight), i))[:spare]:
            add[i] += 1
        over = [i for i in taking if caps is not None and shares[i] + add[i] > caps[i]]
        if not over:
            for i in taking:
                shares[i] += add[i]
            return shares
        for i in over:
            left -= caps[i] - shares[i]
            shares[i] = caps[i]
        taking = [i for i in taking if i not in over]
    return shares


def spread_given_terms(calendar: TermCalendar, period: InductionPeriod) -> dict[Term, int]:
    """A closed period's given FTE terms (``fte_terms_tenths``) spread over the terms it
    spans, in proportion to the share of each term's working days it covers, never
    over 1.0 a term. A period that covers no working day of a term is counted in the
    term it ends in (or the last before it)."""
    end = period.finished_on
    terms, weights = [], []
    term = calendar.term_on_or_after(period.started_on)
    while calendar.dates(term).starts_on <= end:
        inside, total = coverage_days(calendar, term, period.started_on, end)
        terms.append(term)
        weights.append(Fraction(inside, total) if total else Fraction(0))
        term = term.next()
    if not any(weights):
        terms, weights = [calendar.term_on_or_before(end)], [Fraction(1)]
    tenths = period.fte_terms_tenths or 0
    shares = apportion(tenths, weights, [TERM_TENTHS] * len(terms))
    return {t: n for t, n in zip(terms, shares, strict=True) if n}


def share_term(
    calendar: TermCalendar,
    term: Term,
    serving: Sequence[InductionPeriod],
    given: Mapping[int, Mapping[Term, int]],
    until: dt.date | None = None,
    cap: int = TERM_TENTHS,
    since: dt.date | None = None,
) -> dict[int, int]:
    """Each serving period's FTE terms (tenths) in ``term``: the term's figure is the
    sum over all of them, rounded half up **once** and never over ``cap`` (1.0; a term
    counted part-way, never over its whole figure), apportioned by largest remainder.
    ``given``: the spread of the periods whose FTE terms were given
    (``spread_given_terms``), which take their share first. ``until``: count only
    the days up to then (an induction evaluated part-way through a term); ``since``:
    only the days from then (an extension decided part-way through a term)."""
    days = calendar.working_days_in(term)
    if given:
        fixed = {p.id: given[p.id].get(term, 0) for p in serving if p.id in given}
        counted = [p for p in serving if p.id not in given]
    else:  # the usual case: nothing given, every period counted from its days
        fixed, counted = {}, serving
    dates, count = calendar.dates(term), calendar.working_days.count
    numerators = []  # working days inside x FTE percent: tenths x (days x 10)
    for p in counted:
        end = dates.ends_on if p.finished_on is None else min(p.finished_on, dates.ends_on)
        if until is not None and end > until:
            end = until
        start = max(p.started_on, dates.starts_on, since or p.started_on)
        numerators.append(count(start, end) * p.fte_percent if days else 0)
    fixed_tenths = sum(fixed.values())
    rounded = fte_tenths_of_days(sum(numerators), days, 1)  # coverage x FTE, rounded once
    figure = min(cap, fixed_tenths + rounded)
    if figure >= fixed_tenths:
        shares = dict(fixed)
        rest = apportion(figure - fixed_tenths, numerators)
        shares.update((p.id, n) for p, n in zip(counted, rest, strict=True))
        return shares
    # periods given more than the term can hold: all share the capped figure
    ids = [*fixed, *(p.id for p in counted)]
    weights = [n * days * 10 for n in fixed.values()] + numerators
    return dict(zip(ids, apportion(figure, weights), strict=True))


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


def continues(previous: InductionPeriod, period: InductionPeriod) -> bool:
    """``period`` continues ``previous``'s post: a change of FTE at the same school,
    starting the next day."""
    return (
        previous.closed_by == "fte_change"
        and previous.school_urn == period.school_urn
        and previous.finished_on is not None
        and period.started_on == previous.finished_on + dt.timedelta(days=1)
    )


def posts(periods: Sequence[InductionPeriod]) -> list[list[InductionPeriod]]:
    """This AB's periods grouped into posts: a change of FTE at the same school,
    starting the next day, continues the same post; a move or a gap starts a new one.
    Two posts held at once are two posts."""
    grouped: list[list[InductionPeriod]] = []
    for p in sorted((p for p in periods if p.is_here), key=lambda p: p.started_on):
        post = next((g for g in grouped if continues(g[-1], p)), None)
        if post is None:
            grouped.append([p])
        else:
            post.append(p)
    return grouped


def countable_period_ids(calendar: TermCalendar, periods: Sequence[InductionPeriod]) -> set[int]:
    """Ids of the periods that count: those in a post of at least one term (SG 2.33),
    and every period served elsewhere (it counts what the DfE holds for it)."""
    ids: set[int] = {p.id for p in periods if not p.is_here}
    for post in posts(periods):
        if counts_towards_induction(calendar, post[0].started_on, post[-1].finished_on):
            ids.update(p.id for p in post)
    return ids
