"""The integer fast paths equal the exact Fraction definitions of the rules document."""

from __future__ import annotations

from fractions import Fraction

from ectrack.rules.absence import days_to_tenths
from ectrack.rules.fte import ceil_tenths, fte_tenths_of_days, fte_terms_tenths


def test_fte_tenths_from_working_days_equals_coverage_times_fte_rounded_half_up():
    mismatches = [
        (inside, total, fte)
        for total in range(1, 90)  # working days in a term
        for inside in range(total + 1)
        for fte in range(10, 101)
        if fte_tenths_of_days(inside, total, fte) != fte_terms_tenths(Fraction(inside, total), fte)
    ]
    assert mismatches == []


def test_days_to_tenths_equals_days_over_65_rounded_up():
    assert [d for d in range(3000) if days_to_tenths(d) != ceil_tenths(Fraction(d, 65))] == []
