"""Tests for ectrack.rules.fte: coverage, FTE terms in tenths, the one-term minimum.

Coverage figures are working days of the default term inside the period over
working days of the term (2025-autumn 80, 2026-spring 60, 2026-summer 71).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as F

import pytest

from ectrack.bank_holidays import england_and_wales
from ectrack.rules.calendar import TermCalendar, WorkingDays, parse_term
from ectrack.rules.fte import (
    MINIMUM_REDUCED_TENTHS,
    PART_ONE_TENTHS,
    STANDARD_INDUCTION_TENTHS,
    ceil_tenths,
    counts_towards_induction,
    coverage,
    fte_terms_tenths,
    period_coverage,
    round_half_up_tenths,
)

D = dt.date
CAL = TermCalendar(WorkingDays(england_and_wales()))


def test_constants():
    assert STANDARD_INDUCTION_TENTHS == 60
    assert PART_ONE_TENTHS == 30
    assert MINIMUM_REDUCED_TENTHS == 10


@pytest.mark.parametrize(
    ("value", "tenths"),
    [
        (F(0), 0),
        (F("0.04"), 0),
        (F("0.049999"), 0),
        (F("0.05"), 1),
        (F("0.15"), 2),
        (F("0.24"), 2),
        (F("0.25"), 3),
        (F("0.35"), 4),
        (F("0.45"), 5),
        (F("0.55"), 6),
        (F("0.65"), 7),
        (F("0.949"), 9),
        (F("0.95"), 10),
        (F(1), 10),
        (F("1.05"), 11),
        (F(1, 3), 3),
        (F(2, 3), 7),
        (F(5, 8), 6),  # 6.25 tenths
        (F(7, 16), 4),  # 4.375 tenths
        (F(9, 16), 6),  # 5.625 tenths
        (F(3, 8), 4),  # 3.75 tenths
        (F(6), 60),
    ],
)
def test_round_half_up_tenths(value, tenths):
    assert round_half_up_tenths(value) == tenths


@pytest.mark.parametrize(
    ("value", "tenths"),
    [
        (F(0), 0),
        (F("0.0001"), 1),
        (F("0.1"), 1),
        (F("0.1000001"), 2),
        (F("0.6"), 6),
        (F("0.61"), 7),
        (F("0.69"), 7),
        (F(1), 10),
        (F(41, 65), 7),
        (F(30, 65), 5),
        (F(65, 65), 10),
        (F(66, 65), 11),
        (F(13, 65), 2),
    ],
)
def test_ceil_tenths(value, tenths):
    assert ceil_tenths(value) == tenths


@pytest.mark.parametrize(
    ("term", "start", "end", "expected"),
    [
        # whole terms
        ("2025-autumn", D(2025, 9, 1), None, F(1)),
        ("2025-autumn", D(2025, 8, 1), None, F(1)),
        ("2025-autumn", D(2025, 9, 1), D(2025, 12, 19), F(1)),
        ("2025-autumn", D(2025, 9, 1), D(2025, 12, 31), F(1)),
        ("2026-summer", D(2025, 9, 1), D(2026, 8, 31), F(1)),
        # a term the period does not reach
        ("2026-spring", D(2025, 9, 1), D(2025, 12, 31), F(0)),
        ("2025-autumn", D(2026, 1, 5), None, F(0)),
        # partial: 20 Oct-19 Dec is 9 weeks = 45 of 80 days
        ("2025-autumn", D(2025, 10, 20), None, F(45, 80)),
        # 3 Nov-19 Dec: 7 weeks = 35 of 80
        ("2025-autumn", D(2025, 11, 3), None, F(35, 80)),
        # 5 Jan-13 Feb: 6 weeks = 30 of 60
        ("2026-spring", D(2025, 9, 1), D(2026, 2, 13), F(1, 2)),
        # 13 Apr-22 May: 6 weeks less 4 May = 29 of 71
        ("2026-summer", D(2026, 4, 13), D(2026, 5, 22), F(29, 71)),
        # 1 Jun-22 Jul: 7 weeks + 3 days = 38 of 71
        ("2026-summer", D(2026, 6, 1), D(2026, 8, 31), F(38, 71)),
        # one day
        ("2026-spring", D(2026, 3, 27), None, F(1, 60)),
    ],
)
def test_coverage(term, start, end, expected):
    assert coverage(CAL, parse_term(term), start, end) == expected


@pytest.mark.parametrize(
    ("term_coverage", "fte_percent", "tenths"),
    [
        (F(1), 100, 10),
        (F(1), 80, 8),
        (F(1), 75, 8),  # 7.5 tenths, half up
        (F(1), 60, 6),
        (F(1), 50, 5),
        (F(1), 40, 4),
        (F(1), 25, 3),  # 2.5
        (F(1), 15, 2),  # 1.5
        (F(1), 10, 1),
        (F(1), 4, 0),
        (F(1), 5, 1),
        (F(45, 80), 100, 6),  # 5.625
        (F(45, 80), 80, 5),  # 4.5
        (F(45, 80), 60, 3),  # 3.375
        (F(45, 80), 50, 3),  # 2.8125
        (F(45, 80), 75, 4),  # 4.21875
        (F(35, 80), 100, 4),  # 4.375
        (F(35, 80), 80, 4),  # 3.5
        (F(35, 80), 60, 3),  # 2.625
        (F(35, 80), 50, 2),  # 2.1875
        (F(1, 2), 100, 5),
        (F(1, 2), 75, 4),  # 3.75
        (F(1, 2), 60, 3),
        (F(1, 2), 50, 3),  # 2.5
        (F(29, 71), 100, 4),  # 4.08
        (F(38, 71), 50, 3),  # 2.68
        (F(0), 100, 0),
    ],
)
def test_fte_terms_tenths(term_coverage, fte_percent, tenths):
    assert fte_terms_tenths(term_coverage, fte_percent) == tenths


@pytest.mark.parametrize(
    ("start", "end", "counts"),
    [
        (D(2026, 3, 27), None, True),  # open: may yet cover a term
        (D(2025, 9, 1), D(2025, 12, 19), True),  # exactly the autumn term
        (D(2025, 9, 1), D(2025, 12, 18), False),  # 79 of 80 days
        (D(2025, 9, 1), D(2025, 12, 31), True),
        (D(2025, 9, 1), D(2025, 11, 28), False),
        (D(2025, 7, 23), D(2025, 8, 31), False),  # a holiday only
        (D(2025, 10, 20), D(2026, 2, 13), True),  # 45/80 + 30/60 > 1
        (D(2025, 10, 27), D(2026, 2, 13), True),  # 40/80 + 30/60 = exactly 1
        (D(2025, 10, 28), D(2026, 2, 13), False),  # 39/80 + 30/60 < 1
        (D(2025, 10, 27), D(2026, 2, 12), False),  # 40/80 + 29/60 < 1
        (D(2026, 1, 5), D(2026, 3, 27), True),  # the whole spring term
        (D(2026, 1, 6), D(2026, 4, 12), False),  # spring less its first day
        (D(2026, 2, 16), D(2026, 5, 22), False),  # 30/60 + 29/71
        (D(2026, 2, 16), D(2026, 6, 5), True),  # 30/60 + 38/71
    ],
)
def test_counts_towards_induction(start, end, counts):
    assert counts_towards_induction(CAL, start, end) is counts


@pytest.mark.parametrize(
    ("start", "end", "limit", "expected"),
    [
        (D(2025, 10, 27), D(2026, 2, 13), F(1), F(1)),
        (D(2025, 10, 28), D(2026, 2, 13), F(1), F(39, 80) + F(1, 2)),
        (D(2025, 9, 1), D(2026, 7, 22), F(1), F(1)),  # stops at the limit
        (D(2025, 9, 1), D(2026, 7, 22), F(10), F(3)),
        (D(2025, 10, 20), D(2026, 7, 22), F(10), F(45, 80) + 2),
        (D(2025, 7, 23), D(2025, 8, 31), F(1), F(0)),
    ],
)
def test_period_coverage(start, end, limit, expected):
    assert period_coverage(CAL, start, end, limit) == expected
