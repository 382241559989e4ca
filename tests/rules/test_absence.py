"""Tests for ectrack.rules.absence: the 30-day threshold and the extension it brings.

"Absence" in induction-rules.md: 30 or more counting days within one part
extend that part by all of them; statutory leave never counts towards the 30
but the ECT may choose to extend by it; days become tenths as days / 65,
rounded up.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ectrack.rules.absence import (
    ABSENCE_KINDS,
    STATUTORY_LEAVE,
    THRESHOLD_DAYS,
    Absence,
    PartAbsence,
    days_to_tenths,
)

D = dt.date
STATUTORY = (
    "maternity",
    "paternity",
    "adoption",
    "shared_parental",
    "parental_bereavement",
    "carers",
)


def absent(days: int, kind: str = "sickness", extend: bool = False) -> Absence:
    return Absence(D(2026, 1, 12), D(2026, 3, 20), days, kind, extend)


def test_constants():
    assert THRESHOLD_DAYS == 30
    assert frozenset(STATUTORY) == STATUTORY_LEAVE
    assert set(ABSENCE_KINDS) > STATUTORY_LEAVE
    assert set(ABSENCE_KINDS) - STATUTORY_LEAVE == {"sickness", "other"}


@pytest.mark.parametrize(
    ("days", "tenths"),
    [
        (0, 0),
        (1, 1),
        (6, 1),  # 0.092
        (7, 2),  # 0.108
        (13, 2),  # exactly 0.2
        (14, 3),
        (29, 5),  # 0.446
        (30, 5),  # 0.462
        (39, 6),  # exactly 0.6
        (40, 7),  # 0.615
        (41, 7),  # 0.631 (worked example 3)
        (65, 10),
        (66, 11),
        (100, 16),  # 1.538
        (130, 20),
        (195, 30),
    ],
)
def test_days_to_tenths(days, tenths):
    assert days_to_tenths(days) == tenths


@pytest.mark.parametrize("kind", ["sickness", "other"])
def test_non_statutory_absence_counts(kind):
    assert absent(10, kind).counts_towards_threshold


@pytest.mark.parametrize("kind", STATUTORY)
@pytest.mark.parametrize("extend", [False, True])
def test_statutory_leave_never_counts_towards_30(kind, extend):
    a = absent(120, kind, extend)
    assert not a.counts_towards_threshold
    part = PartAbsence().add(a).add(absent(29))
    assert part.counting_days == 29
    assert part.statutory_days == 120
    assert not part.over_threshold
    assert part.extension_days == (120 if extend else 0)
    assert part.extension_tenths == (19 if extend else 0)  # 120 / 65 = 1.846


# (absences as (days, kind, extend)) -> counting, statutory, statutory_extend,
# over_threshold, extension_days, extension_tenths
PART_CASES = {
    "none": ([], 0, 0, 0, False, 0, 0),
    "sick 1": ([(1, "sickness", False)], 1, 0, 0, False, 0, 0),
    "sick 29": ([(29, "sickness", False)], 29, 0, 0, False, 0, 0),
    "sick 30": ([(30, "sickness", False)], 30, 0, 0, True, 30, 5),
    "sick 41": ([(41, "sickness", False)], 41, 0, 0, True, 41, 7),
    "sick 65": ([(65, "sickness", False)], 65, 0, 0, True, 65, 10),
    "sick 66": ([(66, "sickness", False)], 66, 0, 0, True, 66, 11),
    "sick 15 + other 15": ([(15, "sickness", False), (15, "other", False)], 30, 0, 0, True, 30, 5),
    "sick 20 + other 9": ([(20, "sickness", False), (9, "other", False)], 29, 0, 0, False, 0, 0),
    "three of 10": ([(10, "sickness", False)] * 3, 30, 0, 0, True, 30, 5),
    "maternity 100": ([(100, "maternity", False)], 0, 100, 0, False, 0, 0),
    "maternity 100 extend": ([(100, "maternity", True)], 0, 100, 100, False, 100, 16),
    "sick 29 + paternity 10": (
        [(29, "sickness", False), (10, "paternity", False)],
        29,
        10,
        0,
        False,
        0,
        0,
    ),
    "sick 29 + paternity 10 extend": (
        [(29, "sickness", False), (10, "paternity", True)],
        29,
        10,
        10,
        False,
        10,
        2,
    ),
    "sick 20 + maternity 40": (
        [(20, "sickness", False), (40, "maternity", False)],
        20,
        40,
        0,
        False,
        0,
        0,
    ),
    "sick 20 + maternity 40 extend": (
        [(20, "sickness", False), (40, "maternity", True)],
        20,
        40,
        40,
        False,
        40,
        7,
    ),
    "sick 30 + adoption 35 extend": (
        [(30, "sickness", False), (35, "adoption", True)],
        30,
        35,
        35,
        True,
        65,
        10,
    ),
    "sick 30 + shared parental 40 extend": (
        [(30, "sickness", False), (40, "shared_parental", True)],
        30,
        40,
        40,
        True,
        70,
        11,
    ),
    "sick 31 + carers 5": ([(31, "sickness", False), (5, "carers", False)], 31, 5, 0, True, 31, 5),
    "statutory 30 + 30, one extended": (
        [(30, "shared_parental", False), (30, "parental_bereavement", True)],
        0,
        60,
        30,
        False,
        30,
        5,
    ),
    # extend only means something for statutory leave
    "sick 10 with extend": ([(10, "sickness", True)], 10, 0, 0, False, 0, 0),
}


@pytest.mark.parametrize(
    ("absences", "counting", "statutory", "statutory_extend", "over", "ext_days", "ext_tenths"),
    list(PART_CASES.values()),
    ids=list(PART_CASES),
)
def test_part_absence(absences, counting, statutory, statutory_extend, over, ext_days, ext_tenths):
    part = PartAbsence()
    for days, kind, extend in absences:
        part = part.add(absent(days, kind, extend))
    assert part.counting_days == counting
    assert part.statutory_days == statutory
    assert part.statutory_extend_days == statutory_extend
    assert part.over_threshold is over
    assert part.extension_days == ext_days
    assert part.extension_tenths == ext_tenths


def test_part_absence_add_returns_a_new_value():
    empty = PartAbsence()
    one = empty.add(absent(30))
    assert empty == PartAbsence(0, 0, 0)
    assert one == PartAbsence(30, 0, 0)
    assert one.add(absent(5, "maternity", True)) == PartAbsence(30, 5, 5)
    assert one == PartAbsence(30, 0, 0)


def test_many_small_absences_add_up_to_the_threshold():
    """29 days as many small absences stays under; the 30th day tips it."""
    part = PartAbsence()
    for _ in range(29):
        part = part.add(absent(1))
    assert not part.over_threshold
    assert part.extension_tenths == 0
    part = part.add(absent(1, "other"))
    assert part.over_threshold
    assert part.extension_days == 30
    assert part.extension_tenths == 5
