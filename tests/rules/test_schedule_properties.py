"""Property tests for ectrack.rules.schedule.build_schedule.

Random open inductions (start 2015-2035, FTE 10-100 %, optional moves and FTE
changes, optional absences, optional reduction) must keep the invariants of
"Checkpoints" in induction-rules.md.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from ectrack.bank_holidays import england_and_wales
from ectrack.models import InductionPeriod
from ectrack.rules.absence import ABSENCE_KINDS, Absence
from ectrack.rules.calendar import Term, TermCalendar, WorkingDays
from ectrack.rules.schedule import (
    FINAL_ASSESSMENT,
    FIRST_ASSESSMENT,
    INTERIM_ASSESSMENT,
    PROGRESS_REVIEW,
    build_schedule,
)

D = dt.date
CAL = TermCalendar(WorkingDays(england_and_wales(1999, 2080)))
SETTINGS = settings(max_examples=150, deadline=None)
_ids = itertools.count(1)


def make_periods(
    start: dt.date, fte: int, changes: list[tuple[int, str, int]]
) -> list[InductionPeriod]:
    """A chain of periods from ``start``: each change ends the current period
    after ``length`` days (move or FTE change), the next starts the day after;
    the last period is open."""
    periods = []
    urn = 100000
    for length, closed_by, next_fte in changes:
        end = start + dt.timedelta(days=length)
        periods.append(
            InductionPeriod(
                next(_ids), "1234567", str(urn), start, end, fte, "school_led", closed_by=closed_by
            )
        )
        start, fte = end + dt.timedelta(days=1), next_fte
        urn += closed_by == "move"
    periods.append(InductionPeriod(next(_ids), "1234567", str(urn), start, None, fte, "school_led"))
    return periods


def make_absences(start: dt.date, absences: list[tuple[int, int, str, bool]]) -> list[Absence]:
    out = []
    for offset, days, kind, extend in absences:
        first = start + dt.timedelta(days=offset)
        out.append(Absence(first, first + dt.timedelta(days=days), days, kind, extend))
    return out


starts = st.dates(D(2015, 1, 1), D(2035, 12, 31))
ftes = st.integers(10, 100)
changes = st.lists(
    st.tuples(st.integers(20, 500), st.sampled_from(["move", "fte_change"]), ftes),
    max_size=3,
)
absence_lists = st.lists(
    st.tuples(
        st.integers(0, 1500), st.integers(1, 80), st.sampled_from(ABSENCE_KINDS), st.booleans()
    ),
    max_size=3,
)
term_aligned_changes = st.lists(
    st.tuples(st.integers(1, 6), st.sampled_from(["move", "fte_change"]), ftes),
    max_size=3,
)
reductions = st.none() | st.integers(10, 60)


def final_term(schedule):
    (final,) = schedule.finals
    return final.term


@SETTINGS
@given(starts, ftes, changes, absence_lists, reductions)
def test_open_induction_ends_with_one_final(start, fte, changes, absences, reduced):
    periods = make_periods(start, fte, changes)
    s = build_schedule(periods, CAL, make_absences(start, absences), reduced)
    assert s.completed
    finals = s.finals
    assert len(finals) == 1
    assert s.checkpoints[-1].kind == FINAL_ASSESSMENT
    assert s.terms[-1].term == finals[0].term
    assert s.terms[-1].running_tenths >= s.required_tenths
    firsts = s.find(FIRST_ASSESSMENT)
    assert len(firsts) <= 1
    if firsts:
        assert firsts[0].term < finals[0].term
        assert s.required_tenths > s.part_one_tenths
    # every checkpoint is one of the four kinds, in term order
    assert {c.kind for c in s.checkpoints} <= {
        PROGRESS_REVIEW,
        FIRST_ASSESSMENT,
        FINAL_ASSESSMENT,
        INTERIM_ASSESSMENT,
    }
    terms = [c.term for c in s.checkpoints]
    assert terms == sorted(terms)


def make_term_aligned_periods(
    start: dt.date, fte: int, changes: list[tuple[int, str, int]]
) -> list[InductionPeriod]:
    """Like ``make_periods``, but each change ends a period on the last day of
    the term ``terms`` terms on, so that no term is shared by two periods."""
    first_start, term, lengths = start, CAL.term_on_or_after(start), []
    for terms, closed_by, next_fte in changes:
        term = term.next(terms - 1)
        end = CAL.dates(term).ends_on
        lengths.append(((end - start).days, closed_by, next_fte))
        start, term = end + dt.timedelta(days=1), term.next()
    return make_periods(first_start, fte, lengths)


def _serves(p: InductionPeriod, term) -> bool:
    dates = CAL.dates(term)
    return p.started_on <= dates.ends_on and (
        p.finished_on is None or p.finished_on >= dates.starts_on
    )


@SETTINGS
@given(starts, ftes, changes, absence_lists, reductions)
def test_terms_strictly_increase(start, fte, changes, absences, reduced):
    periods = make_periods(start, fte, changes)
    s = build_schedule(periods, CAL, make_absences(start, absences), reduced)
    indexes = [t.term.index for t in s.terms]
    assert all(a < b for a, b in itertools.pairwise(indexes))
    # Every term that a countable period serves is walked, from the first to the
    # final (a period under one term counts nothing, so it may leave a gap).
    countable = [p for p in periods if p not in s.short_periods]
    served = [
        i for i in range(indexes[0], indexes[-1] + 1) if any(_serves(p, Term(i)) for p in countable)
    ]
    assert indexes == served
    total = 0
    for t in s.terms:
        assert t.tenths >= 0
        if sum(_serves(p, t.term) for p in countable) == 1:
            assert t.tenths <= 10
        total += t.tenths
        assert t.running_tenths == total
    # the first assessment comes in a part-1 term where 3.0 is reached
    for t in s.terms:
        if s.find(FIRST_ASSESSMENT, t.term):
            assert t.running_tenths >= 30
            assert t.part == 1


@SETTINGS
@given(starts, ftes, term_aligned_changes, absence_lists, reductions)
def test_running_total_never_beats_full_time(start, fte, changes, absences, reduced):
    """With no term shared by two periods, a term adds 0 to 10 tenths and the
    running total never exceeds 10 tenths per term walked."""
    periods = make_term_aligned_periods(start, fte, changes)
    s = build_schedule(periods, CAL, make_absences(start, absences), reduced)
    assert s.completed
    for walked, t in enumerate(s.terms, start=1):
        assert 0 <= t.tenths <= 10
        assert t.running_tenths <= 10 * walked
    assert len(s.terms) >= -(-s.required_tenths // 10)  # at least required / 10 terms


@SETTINGS
@given(starts, ftes, st.integers(1, 90), changes, absence_lists, reductions)
def test_more_fte_never_makes_the_final_later(start, fte, more, changes, absences, reduced):
    absences_ = make_absences(start, absences)
    lower = make_periods(start, fte, changes)
    higher = make_periods(
        start, min(100, fte + more), [(n, kind, min(100, f + more)) for n, kind, f in changes]
    )
    s_low = build_schedule(lower, CAL, absences_, reduced)
    s_high = build_schedule(higher, CAL, absences_, reduced)
    assert final_term(s_high) <= final_term(s_low)


@SETTINGS
@given(starts, ftes, changes)
def test_without_absence_or_reduction_the_final_needs_six_terms(start, fte, changes):
    s = build_schedule(make_periods(start, fte, changes), CAL)
    assert s.required_tenths == 60
    assert s.part_one_tenths == 30
    final = s.finals[0]
    final_served = next(t for t in s.terms if t.term == final.term)
    assert final_served.running_tenths >= 60
    # ... and the term before it had not yet reached 60
    before = [t for t in s.terms if t.term < final.term]
    assert not before or before[-1].running_tenths < 60
    # the first assessment is where 30 is first reached
    (first,) = s.find(FIRST_ASSESSMENT)
    reached = next(t for t in s.terms if t.running_tenths >= 30)
    assert first.term == reached.term


@SETTINGS
@given(starts, ftes, absence_lists, st.integers(10, 60))
def test_reduction_never_makes_the_final_later(start, fte, absences, reduced):
    periods = make_periods(start, fte, [])
    absences_ = make_absences(start, absences)
    full = build_schedule(periods, CAL, absences_)
    short = build_schedule(periods, CAL, absences_, reduced)
    assert final_term(short) <= final_term(full)
    if reduced <= 30:
        assert short.find(FIRST_ASSESSMENT) == []
