"""Tests for ectrack.rules.schedule: the checkpoints of an induction.

Every expectation is derived by hand from "Checkpoints", "Absence" and the
worked examples in shared/domain/induction-rules.md, on the default calendar:

    term         days  term         days  term         days
    2025-autumn   80   2026-spring   60   2026-summer   71
    2026-autumn   79   2027-spring   55   2027-summer   77
    2027-autumn   79   2028-spring   69   2028-summer   63

Running totals are in tenths of an FTE term (10 = one term at full time).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from ectrack.bank_holidays import england_and_wales
from ectrack.models import InductionPeriod
from ectrack.rules.absence import Absence
from ectrack.rules.calendar import TermCalendar, TermDates, WorkingDays, parse_term
from ectrack.rules.schedule import (
    FINAL_ASSESSMENT,
    FIRST_ASSESSMENT,
    INTERIM_ASSESSMENT,
    PROGRESS_REVIEW,
    build_schedule,
    checkpoint_status,
    served_by_period,
)

D = dt.date
WD = WorkingDays(england_and_wales())
CAL = TermCalendar(WD)
TRN = "1234567"
A, B, C = "100001", "100002", "100003"  # school URNs

PR, FIRST, FINAL, INTERIM = PROGRESS_REVIEW, FIRST_ASSESSMENT, FINAL_ASSESSMENT, INTERIM_ASSESSMENT

_ids = itertools.count(1)


def period(
    start: dt.date,
    end: dt.date | None = None,
    fte: int = 100,
    urn: str = A,
    closed_by: str | None = None,
) -> InductionPeriod:
    return InductionPeriod(
        id=next(_ids),
        trn=TRN,
        school_urn=urn,
        started_on=start,
        finished_on=end,
        fte_percent=fte,
        programme="provider_led",
        closed_by=closed_by,
    )


def absence(start: dt.date, days: int, kind: str = "sickness", extend: bool = False) -> Absence:
    return Absence(start, start + dt.timedelta(days=days), days, kind, extend)


def reviews(*terms: str) -> list[tuple[str, str]]:
    return [(PR, t) for t in terms]


def pairs(schedule) -> list[tuple[str, str]]:
    return [(c.kind, c.term.name) for c in schedule.checkpoints]


def running(schedule) -> list[tuple[str, int, int]]:
    return [(t.term.name, t.tenths, t.running_tenths) for t in schedule.terms]


# --- the worked examples -----------------------------------------------------------


def test_worked_example_1_full_time():
    s = build_schedule([period(D(2025, 9, 1))], CAL)
    assert pairs(s) == [
        (PR, "2025-autumn"),
        (PR, "2026-spring"),
        (FIRST, "2026-summer"),
        (PR, "2026-autumn"),
        (PR, "2027-spring"),
        (FINAL, "2027-summer"),
    ]
    assert [t.running_tenths for t in s.terms] == [10, 20, 30, 40, 50, 60]
    assert [t.part for t in s.terms] == [1, 1, 1, 2, 2, 2]
    assert [c.part for c in s.checkpoints] == [1, 1, 1, 2, 2, 2]
    assert [c.due_on for c in s.checkpoints] == [
        D(2025, 12, 19),
        D(2026, 3, 27),
        D(2026, 7, 22),
        D(2026, 12, 18),
        D(2027, 3, 19),
        D(2027, 7, 22),
    ]
    assert s.required_tenths == 60
    assert s.part_one_tenths == 30
    assert s.completed
    assert s.short_periods == []


def test_worked_example_2_part_time_0_6():
    s = build_schedule([period(D(2025, 9, 1), fte=60)], CAL)
    assert pairs(s) == [
        *reviews("2025-autumn", "2026-spring", "2026-summer", "2026-autumn"),
        (FIRST, "2027-spring"),
        *reviews("2027-summer", "2027-autumn", "2028-spring", "2028-summer"),
        (FINAL, "2028-autumn"),
    ]
    assert [t.tenths for t in s.terms] == [6] * 10
    assert s.terms[4].running_tenths == 30  # after five terms
    assert s.terms[9].running_tenths == 60  # after ten terms
    assert len(s.find(PR)) == 8
    assert s.completed


def test_worked_example_3_sickness_in_part_one():
    s = build_schedule([period(D(2025, 9, 1))], CAL, absences=[absence(D(2026, 1, 12), 41)])
    assert pairs(s) == [
        *reviews("2025-autumn", "2026-spring", "2026-summer"),
        (FIRST, "2026-autumn"),
        *reviews("2027-spring", "2027-summer"),
        (FINAL, "2027-autumn"),
    ]
    assert s.part_absence[1].counting_days == 41
    assert s.part_absence[1].extension_tenths == 7
    assert s.part_one_tenths == 37
    assert s.required_tenths == 67
    first = s.find(FIRST)[0]
    assert next(t.running_tenths for t in s.terms if t.term == first.term) == 40
    assert s.terms[-1].running_tenths == 70
    assert len(s.terms) == 7
    assert s.completed


# --- the table ------------------------------------------------------------------------

FULL_TIME_2025 = [
    *reviews("2025-autumn", "2026-spring"),
    (FIRST, "2026-summer"),
    *reviews("2026-autumn", "2027-spring"),
    (FINAL, "2027-summer"),
]
# Part 1 extended to 3.5-3.9 terms: first assessment a term later, final in 2027-autumn.
FULL_TIME_2025_PART_ONE_EXTENDED = [
    *reviews("2025-autumn", "2026-spring", "2026-summer"),
    (FIRST, "2026-autumn"),
    *reviews("2027-spring", "2027-summer"),
    (FINAL, "2027-autumn"),
]
# Part 2 extended by 0.1-1.0 terms: the final moves from 2027-summer to 2027-autumn.
FULL_TIME_2025_PART_TWO_EXTENDED = [
    *reviews("2025-autumn", "2026-spring"),
    (FIRST, "2026-summer"),
    *reviews("2026-autumn", "2027-spring", "2027-summer"),
    (FINAL, "2027-autumn"),
]
HALF_TIME_2025 = [
    *reviews("2025-autumn", "2026-spring", "2026-summer", "2026-autumn", "2027-spring"),
    (FIRST, "2027-summer"),
    *reviews("2027-autumn", "2028-spring", "2028-summer", "2028-autumn", "2029-spring"),
    (FINAL, "2029-summer"),
]
EIGHTY_PERCENT_2025 = [
    *reviews("2025-autumn", "2026-spring", "2026-summer"),
    (FIRST, "2026-autumn"),
    *reviews("2027-spring", "2027-summer", "2027-autumn"),
    (FINAL, "2028-spring"),
]
# A full-time start in 2025-autumn with under half of that term: no review there.
LATE_AUTUMN_START = [
    *reviews("2026-spring", "2026-summer"),
    (FIRST, "2026-autumn"),
    *reviews("2027-spring", "2027-summer"),
    (FINAL, "2027-autumn"),
]
# ... and with half or more of it: a review there too.
MID_AUTUMN_START = [(PR, "2025-autumn"), *LATE_AUTUMN_START]
SUMMER_2026_START = [
    *reviews("2026-summer", "2026-autumn"),
    (FIRST, "2027-spring"),
    *reviews("2027-summer", "2027-autumn"),
    (FINAL, "2028-spring"),
]


def case(
    id: str,
    periods: list[InductionPeriod],
    expected: list[tuple[str, str]],
    *,
    absences: list[Absence] = (),
    reduced: int | None = None,
    extensions: tuple[int, ...] = (),
    required: int | None = 60,
    completed: bool = True,
):
    return pytest.param(
        periods, absences, reduced, extensions, expected, required, completed, id=id
    )


CASES = [
    # --- whole-term starts, full and part time -------------------------------------
    case("ft-start-in-august-holiday", [period(D(2025, 8, 20))], FULL_TIME_2025),
    case(
        "ft-spring-start",
        [period(D(2026, 1, 5))],
        [
            *reviews("2026-spring", "2026-summer"),
            (FIRST, "2026-autumn"),
            *reviews("2027-spring", "2027-summer"),
            (FINAL, "2027-autumn"),
        ],
    ),
    case("ft-summer-start", [period(D(2026, 4, 13))], SUMMER_2026_START),
    # 1 Apr 2026 is in the Easter holiday: the first term is 2026-summer, wholly covered.
    case("ft-start-in-easter-holiday", [period(D(2026, 4, 1))], SUMMER_2026_START),
    # 0.5 a term: 3.0 after six terms, 6.0 after twelve.
    case("pt50", [period(D(2025, 9, 1), fte=50)], HALF_TIME_2025),
    # 0.6 from spring: 3.0 after five terms (2027-summer), 6.0 after ten (2029-spring).
    case(
        "pt60-spring-start",
        [period(D(2026, 1, 5), fte=60)],
        [
            *reviews("2026-spring", "2026-summer", "2026-autumn", "2027-spring"),
            (FIRST, "2027-summer"),
            *reviews("2027-autumn", "2028-spring", "2028-summer", "2028-autumn"),
            (FINAL, "2029-spring"),
        ],
    ),
    # 0.8: 8, 16, 24, 32 (first), 40, 48, 56, 64 (final).
    case("pt80", [period(D(2025, 9, 1), fte=80)], EIGHTY_PERCENT_2025),
    # 0.75 a term is 7.5 tenths, rounded half up to 8: the same as 0.8.
    case("pt75-rounds-like-pt80", [period(D(2025, 9, 1), fte=75)], EIGHTY_PERCENT_2025),
    # 0.4: 32 after eight terms (first, 2028-spring), 60 after fifteen (2030-summer).
    case(
        "pt40",
        [period(D(2025, 9, 1), fte=40)],
        [
            *reviews(
                "2025-autumn",
                "2026-spring",
                "2026-summer",
                "2026-autumn",
                "2027-spring",
                "2027-summer",
                "2027-autumn",
            ),
            (FIRST, "2028-spring"),
            *reviews(
                "2028-summer",
                "2028-autumn",
                "2029-spring",
                "2029-summer",
                "2029-autumn",
                "2030-spring",
            ),
            (FINAL, "2030-summer"),
        ],
    ),
    case(
        "pt40-spring-start",
        [period(D(2027, 1, 4), fte=40)],
        [
            *reviews(
                "2027-spring",
                "2027-summer",
                "2027-autumn",
                "2028-spring",
                "2028-summer",
                "2028-autumn",
                "2029-spring",
            ),
            (FIRST, "2029-summer"),
            *reviews(
                "2029-autumn",
                "2030-spring",
                "2030-summer",
                "2030-autumn",
                "2031-spring",
                "2031-summer",
            ),
            (FINAL, "2031-autumn"),
        ],
    ),
    case(
        "pt50-summer-start",
        [period(D(2026, 4, 13), fte=50)],
        [
            *reviews("2026-summer", "2026-autumn", "2027-spring", "2027-summer", "2027-autumn"),
            (FIRST, "2028-spring"),
            *reviews("2028-summer", "2028-autumn", "2029-spring", "2029-summer", "2029-autumn"),
            (FINAL, "2030-spring"),
        ],
    ),
    # --- mid-term starts: the first term's review depends on coverage >= 0.5 ---------
    # 20 Oct: 45/80 = 0.5625 -> review; 6 tenths; 6, 16, 26, 36 (first), 46, 56, 66.
    case("ft-mid-autumn-over-half", [period(D(2025, 10, 20))], MID_AUTUMN_START),
    # 3 Nov: 35/80 = 0.4375 -> no review; 4 tenths; 4, 14, 24, 34 (first), ..., 64.
    case("ft-mid-autumn-under-half", [period(D(2025, 11, 3))], LATE_AUTUMN_START),
    # 27 Oct: exactly 40/80 = 0.5 -> a review; 5, 15, 25, 35 (first), ..., 65.
    case("ft-mid-autumn-exactly-half", [period(D(2025, 10, 27))], MID_AUTUMN_START),
    # 28 Oct: 39/80 -> no review; 4.875 rounds to 5: same totals as above.
    case("ft-mid-autumn-a-day-under-half", [period(D(2025, 10, 28))], LATE_AUTUMN_START),
    # 16 Feb: 30/60 = 0.5 -> review; 5, 15, 25, 35 (first 2027-spring), 45, 55, 65.
    case(
        "ft-mid-spring-half",
        [period(D(2026, 2, 16))],
        [
            *reviews("2026-spring", "2026-summer", "2026-autumn"),
            (FIRST, "2027-spring"),
            *reviews("2027-summer", "2027-autumn"),
            (FINAL, "2028-spring"),
        ],
    ),
    # 23 Feb: 25/60 -> no review; 4, 14, 24, 34 (first 2027-spring), 44, 54, 64.
    case(
        "ft-mid-spring-under-half",
        [period(D(2026, 2, 23))],
        [
            *reviews("2026-summer", "2026-autumn"),
            (FIRST, "2027-spring"),
            *reviews("2027-summer", "2027-autumn"),
            (FINAL, "2028-spring"),
        ],
    ),
    # 1 Jun: 38/71 = 0.535 -> review; 5, 15, 25, 35 (first 2027-summer), 45, 55, 65.
    case(
        "ft-mid-summer-over-half",
        [period(D(2026, 6, 1))],
        [
            *reviews("2026-summer", "2026-autumn", "2027-spring"),
            (FIRST, "2027-summer"),
            *reviews("2027-autumn", "2028-spring"),
            (FINAL, "2028-summer"),
        ],
    ),
    # 0.5 from 1 Jun: 38/71 x 0.5 = 0.268 -> 3; 3, 8, ..., 28, 33 (first, 7th term), ..., 63.
    case(
        "pt50-mid-summer-over-half",
        [period(D(2026, 6, 1), fte=50)],
        [
            *reviews(
                "2026-summer",
                "2026-autumn",
                "2027-spring",
                "2027-summer",
                "2027-autumn",
                "2028-spring",
            ),
            (FIRST, "2028-summer"),
            *reviews("2028-autumn", "2029-spring", "2029-summer", "2029-autumn", "2030-spring"),
            (FINAL, "2030-summer"),
        ],
    ),
    # 0.6 from 22 Jun: 23/71 -> no review; x 0.6 = 0.194 -> 2; 2, 8, 14, 20, 26,
    # 32 (first 2028-spring), 38, 44, 50, 56, 62 (final 2029-autumn).
    case(
        "pt60-mid-summer-under-half",
        [period(D(2026, 6, 22), fte=60)],
        [
            *reviews("2026-autumn", "2027-spring", "2027-summer", "2027-autumn"),
            (FIRST, "2028-spring"),
            *reviews("2028-summer", "2028-autumn", "2029-spring", "2029-summer"),
            (FINAL, "2029-autumn"),
        ],
    ),
    # 0.8 from 3 Nov: 35/80 x 0.8 = exactly 0.35 -> 4 (half up); 4, 12, 20, 28,
    # 36 (first 2027-spring), 44, 52, 60 (final 2028-spring).
    case(
        "pt80-mid-autumn-under-half",
        [period(D(2025, 11, 3), fte=80)],
        [
            *reviews("2026-spring", "2026-summer", "2026-autumn"),
            (FIRST, "2027-spring"),
            *reviews("2027-summer", "2027-autumn"),
            (FINAL, "2028-spring"),
        ],
    ),
    # 0.6 from 20 Oct: 45/80 x 0.6 = 0.3375 -> 3 (review); 3, 9, 15, 21, 27,
    # 33 (first 2027-summer), 39, 45, 51, 57, 63 (final 2029-spring).
    case(
        "pt60-mid-autumn-over-half",
        [period(D(2025, 10, 20), fte=60)],
        [
            *reviews("2025-autumn", "2026-spring", "2026-summer", "2026-autumn", "2027-spring"),
            (FIRST, "2027-summer"),
            *reviews("2027-autumn", "2028-spring", "2028-summer", "2028-autumn"),
            (FINAL, "2029-spring"),
        ],
    ),
    # --- moves: an interim assessment at the old school, reviews carry on ------------
    # spring 2026 split 30/30 days: 5 + 5 tenths.
    case(
        "move-mid-spring",
        [
            period(D(2025, 9, 1), D(2026, 2, 13), closed_by="move"),
            period(D(2026, 2, 14), urn=B),
        ],
        [
            (PR, "2025-autumn"),
            (INTERIM, "2026-spring"),
            (PR, "2026-spring"),
            (FIRST, "2026-summer"),
            *reviews("2026-autumn", "2027-spring"),
            (FINAL, "2027-summer"),
        ],
    ),
    case(
        "move-at-christmas",
        [
            period(D(2025, 9, 1), D(2025, 12, 31), closed_by="move"),
            period(D(2026, 1, 1), urn=B),
        ],
        [
            (PR, "2025-autumn"),
            (INTERIM, "2025-autumn"),
            (PR, "2026-spring"),
            (FIRST, "2026-summer"),
            *reviews("2026-autumn", "2027-spring"),
            (FINAL, "2027-summer"),
        ],
    ),
    case(
        "move-at-easter-in-part-two",
        [
            period(D(2025, 9, 1), D(2027, 4, 4), closed_by="move"),
            period(D(2027, 4, 5), urn=B),
        ],
        [
            *reviews("2025-autumn", "2026-spring"),
            (FIRST, "2026-summer"),
            *reviews("2026-autumn", "2027-spring"),
            (INTERIM, "2027-spring"),
            (FINAL, "2027-summer"),
        ],
    ),
    # Leaving after the first formal assessment, in the summer holiday: no interim.
    case(
        "move-in-summer-holiday-after-first-assessment",
        [
            period(D(2025, 9, 1), D(2026, 8, 31), closed_by="move"),
            period(D(2026, 9, 1), urn=B),
        ],
        FULL_TIME_2025,
    ),
    # Under a term at A (45/80) counts nothing and has no interim; B from 1 Nov
    # covers 35/80 of 2025-autumn (no review there).
    case(
        "move-after-less-than-a-term",
        [
            period(D(2025, 9, 1), D(2025, 10, 31), closed_by="move"),
            period(D(2025, 11, 1), urn=B),
        ],
        LATE_AUTUMN_START,
    ),
    # 1.0 at A to Christmas 2026 (40), then 0.5 at B: 45, 50, 55, 60 (2028-spring).
    case(
        "move-and-drop-to-half-time",
        [
            period(D(2025, 9, 1), D(2026, 12, 31), closed_by="move"),
            period(D(2027, 1, 1), fte=50, urn=B),
        ],
        [
            *reviews("2025-autumn", "2026-spring"),
            (FIRST, "2026-summer"),
            (PR, "2026-autumn"),
            (INTERIM, "2026-autumn"),
            *reviews("2027-spring", "2027-summer", "2027-autumn"),
            (FINAL, "2028-spring"),
        ],
    ),
    # A to 31 Mar 2026 (Easter holiday), B to 31 Jan 2027, C on. 2027-spring:
    # B 20/55 -> 4, C 35/55 -> 6.
    case(
        "two-moves",
        [
            period(D(2025, 9, 1), D(2026, 3, 31), closed_by="move"),
            period(D(2026, 4, 1), D(2027, 1, 31), urn=B, closed_by="move"),
            period(D(2027, 2, 1), urn=C),
        ],
        [
            *reviews("2025-autumn", "2026-spring"),
            (INTERIM, "2026-spring"),
            (FIRST, "2026-summer"),
            (PR, "2026-autumn"),
            (INTERIM, "2027-spring"),
            (PR, "2027-spring"),
            (FINAL, "2027-summer"),
        ],
    ),
    # B (13 Apr-22 May, 29/71) is under a term: it counts nothing and has no
    # interim. C from 23 May covers 42/71 -> 6: 10, 20, 26, 36 (first), 46, 56, 66.
    case(
        "short-period-between-two-moves",
        [
            period(D(2025, 9, 1), D(2026, 4, 12), closed_by="move"),
            period(D(2026, 4, 13), D(2026, 5, 22), urn=B, closed_by="move"),
            period(D(2026, 5, 23), urn=C),
        ],
        [
            *reviews("2025-autumn", "2026-spring"),
            (INTERIM, "2026-spring"),
            (PR, "2026-summer"),
            (FIRST, "2026-autumn"),
            *reviews("2027-spring", "2027-summer"),
            (FINAL, "2027-autumn"),
        ],
    ),
    # --- FTE changes: no interim ------------------------------------------------------
    # 30 at the first assessment, then 0.5: 35, 40, 45, 50, 55, 60 (2028-summer).
    case(
        "fte-change-to-half-after-part-one",
        [
            period(D(2025, 9, 1), D(2026, 8, 31), closed_by="fte_change"),
            period(D(2026, 9, 1), fte=50),
        ],
        [
            *reviews("2025-autumn", "2026-spring"),
            (FIRST, "2026-summer"),
            *reviews("2026-autumn", "2027-spring", "2027-summer", "2027-autumn", "2028-spring"),
            (FINAL, "2028-summer"),
        ],
    ),
    # Spring 2026: 5 (full time, 30/60) + 3 (0.6 x 30/60); then 6 a term:
    # 10, 18, 24, 30 (first 2026-autumn), 36, 42, 48, 54, 60 (2028-summer).
    case(
        "fte-change-to-0.6-mid-spring",
        [
            period(D(2025, 9, 1), D(2026, 2, 13), closed_by="fte_change"),
            period(D(2026, 2, 14), fte=60),
        ],
        [
            *reviews("2025-autumn", "2026-spring", "2026-summer"),
            (FIRST, "2026-autumn"),
            *reviews("2027-spring", "2027-summer", "2027-autumn", "2028-spring"),
            (FINAL, "2028-summer"),
        ],
    ),
    # 5, 10, 15, 20, then full time: 30 (first 2027-spring), 40, 50, 60 (2028-spring).
    case(
        "fte-change-up-to-full-time",
        [
            period(D(2025, 9, 1), D(2026, 12, 31), fte=50, closed_by="fte_change"),
            period(D(2027, 1, 1)),
        ],
        [
            *reviews("2025-autumn", "2026-spring", "2026-summer", "2026-autumn"),
            (FIRST, "2027-spring"),
            *reviews("2027-summer", "2027-autumn"),
            (FINAL, "2028-spring"),
        ],
    ),
    # An FTE change at the same school continues the post (SG 2.33: continuous
    # employment at a school), so the first 45/80 of a term at 1.0 counts:
    # 2025-autumn 6 (5.625) + 2 (35/80 x 0.5 = 2.1875) = 8, then 5 a term:
    # 8, 13, 18, 23, 28, 33 (first 2027-summer), ..., 63 (final 2029-summer).
    case(
        "fte-change-after-less-than-a-term-same-school",
        [
            period(D(2025, 9, 1), D(2025, 10, 31), closed_by="fte_change"),
            period(D(2025, 11, 1), fte=50),
        ],
        HALF_TIME_2025,
    ),
    # ... but not at another school: a new post, and 1 Sep-31 Oct alone is under a
    # term. Only B counts: 2025-autumn 35/80 x 0.5 -> 2 (no review), then 5 a term:
    # 2, 7, ..., 27, 32 (first 2027-autumn), ..., 57, 62 (final 2029-autumn).
    case(
        "fte-change-after-less-than-a-term-other-school",
        [
            period(D(2025, 9, 1), D(2025, 10, 31), closed_by="fte_change"),
            period(D(2025, 11, 1), fte=50, urn=B),
        ],
        [
            *reviews("2026-spring", "2026-summer", "2026-autumn", "2027-spring", "2027-summer"),
            (FIRST, "2027-autumn"),
            *reviews("2028-spring", "2028-summer", "2028-autumn", "2029-spring", "2029-summer"),
            (FINAL, "2029-autumn"),
        ],
    ),
    # --- leavers -------------------------------------------------------------------
    # Under one term counts nothing: no checkpoints at all, not even an interim.
    case(
        "release-after-less-than-a-term",
        [period(D(2025, 9, 1), D(2025, 11, 28), closed_by="release")],
        [],
        required=None,
        completed=False,
    ),
    case(
        "release-a-day-short-of-a-term",
        [period(D(2025, 9, 1), D(2025, 12, 18), closed_by="release")],
        [],
        required=None,
        completed=False,
    ),
    # Exactly one term: an interim, which replaces that term's review.
    case(
        "release-after-exactly-one-term",
        [period(D(2025, 9, 1), D(2025, 12, 31), closed_by="release")],
        [(INTERIM, "2025-autumn")],
        completed=False,
    ),
    case(
        "release-mid-spring",
        [period(D(2025, 9, 1), D(2026, 2, 13), closed_by="release")],
        [(PR, "2025-autumn"), (INTERIM, "2026-spring")],
        completed=False,
    ),
    # 2027-spring: 30/55 -> 5, running 45 < 60: an interim instead of the review.
    case(
        "release-in-part-two",
        [period(D(2025, 9, 1), D(2027, 2, 12), closed_by="release")],
        [
            *reviews("2025-autumn", "2026-spring"),
            (FIRST, "2026-summer"),
            (PR, "2026-autumn"),
            (INTERIM, "2027-spring"),
        ],
        completed=False,
    ),
    # Leaves 30 Jun 2026: 55/71 -> 8, running 28 < 30: no first assessment.
    case(
        "release-before-the-first-assessment",
        [period(D(2025, 9, 1), D(2026, 6, 30), closed_by="release")],
        [*reviews("2025-autumn", "2026-spring"), (INTERIM, "2026-summer")],
        completed=False,
    ),
    # 0.5: 5, 10, then 29/71 x 0.5 -> 2.
    case(
        "pt50-release-in-third-term",
        [period(D(2025, 9, 1), D(2026, 5, 22), fte=50, closed_by="release")],
        [*reviews("2025-autumn", "2026-spring"), (INTERIM, "2026-summer")],
        completed=False,
    ),
    # Released at the end of spring, back at a new school in September: 10, 20, 30.
    case(
        "release-then-new-school-next-year",
        [
            period(D(2025, 9, 1), D(2026, 3, 27), closed_by="release"),
            period(D(2026, 9, 1), urn=B),
        ],
        [
            (PR, "2025-autumn"),
            (INTERIM, "2026-spring"),
            (FIRST, "2026-autumn"),
            *reviews("2027-spring", "2027-summer"),
            (FINAL, "2027-autumn"),
        ],
    ),
    # Back at B on 2 Mar, the same term: B holds the spring review.
    # Spring: 5 (A, 30/60) + 3 (B, 20/60): 10, 18, 28, 38 (first), 48, 58, 68.
    case(
        "release-then-new-school-same-term",
        [
            period(D(2025, 9, 1), D(2026, 2, 13), closed_by="release"),
            period(D(2026, 3, 2), urn=B),
        ],
        [
            (PR, "2025-autumn"),
            (INTERIM, "2026-spring"),
            *reviews("2026-spring", "2026-summer"),
            (FIRST, "2026-autumn"),
            *reviews("2027-spring", "2027-summer"),
            (FINAL, "2027-autumn"),
        ],
    ),
    # Extended by a term after the final; leaves on 29 Oct 2027 (43/79 -> 5,
    # running 65 < 70): an interim during the extension.
    case(
        "release-during-an-extension",
        [period(D(2025, 9, 1), D(2027, 10, 29), closed_by="release")],
        [*FULL_TIME_2025, (INTERIM, "2027-autumn")],
        extensions=(10,),
        required=70,
        completed=False,
    ),
    # --- reductions ------------------------------------------------------------------
    case(
        "reduced-to-one-term",
        [period(D(2025, 9, 1))],
        [(FINAL, "2025-autumn")],
        reduced=10,
        required=10,
    ),
    case(
        "reduced-to-one-term-half-time",
        [period(D(2025, 9, 1), fte=50)],
        [(PR, "2025-autumn"), (FINAL, "2026-spring")],
        reduced=10,
        required=10,
    ),
    # 4 tenths in 2025-autumn (no review), 14 in 2026-spring.
    case(
        "reduced-to-one-term-mid-autumn-start",
        [period(D(2025, 11, 3))],
        [(FINAL, "2026-spring")],
        reduced=10,
        required=10,
    ),
    case(
        "reduced-to-three-terms-no-first-assessment",
        [period(D(2025, 9, 1))],
        [*reviews("2025-autumn", "2026-spring"), (FINAL, "2026-summer")],
        reduced=30,
        required=30,
    ),
    case(
        "reduced-to-four-terms",
        [period(D(2025, 9, 1))],
        [*reviews("2025-autumn", "2026-spring"), (FIRST, "2026-summer"), (FINAL, "2026-autumn")],
        reduced=40,
        required=40,
    ),
    case(
        "reduced-to-4.5-terms",
        [period(D(2025, 9, 1))],
        [
            *reviews("2025-autumn", "2026-spring"),
            (FIRST, "2026-summer"),
            (PR, "2026-autumn"),
            (FINAL, "2027-spring"),
        ],
        reduced=45,
        required=45,
    ),
    # 0.6: 6, 12, 18, 24, 30 (first), 36, 42, 48 (final >= 45).
    case(
        "reduced-to-4.5-terms-at-0.6",
        [period(D(2025, 9, 1), fte=60)],
        [
            *reviews("2025-autumn", "2026-spring", "2026-summer", "2026-autumn"),
            (FIRST, "2027-spring"),
            *reviews("2027-summer", "2027-autumn"),
            (FINAL, "2028-spring"),
        ],
        reduced=45,
        required=45,
    ),
    # 2 terms + 35 days' sickness (0.6): 2.6 needed, reached in the third term.
    case(
        "reduced-to-two-terms-with-sickness",
        [period(D(2025, 9, 1))],
        [*reviews("2025-autumn", "2026-spring"), (FINAL, "2026-summer")],
        absences=[absence(D(2025, 10, 6), 35)],
        reduced=20,
        required=26,
    ),
    # --- absence ---------------------------------------------------------------------
    case(
        "sickness-29-days-no-extension",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025,
        absences=[absence(D(2026, 1, 12), 29)],
    ),
    # 30 days: 0.5 more (30/65 = 0.46 rounded up): first needs 3.5, final 6.5.
    case(
        "sickness-30-days-part-one",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025_PART_ONE_EXTENDED,
        absences=[absence(D(2026, 1, 12), 30)],
        required=65,
    ),
    case(
        "sickness-15-plus-15-in-part-one",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025_PART_ONE_EXTENDED,
        absences=[absence(D(2025, 11, 10), 15), absence(D(2026, 5, 11), 15, "other")],
        required=65,
    ),
    # 100 days: 1.6 more; first needs 4.6 (50 in 2027-spring), final 7.6 (80).
    case(
        "sickness-100-days-part-one",
        [period(D(2025, 9, 1))],
        [
            *reviews("2025-autumn", "2026-spring", "2026-summer", "2026-autumn"),
            (FIRST, "2027-spring"),
            *reviews("2027-summer", "2027-autumn"),
            (FINAL, "2028-spring"),
        ],
        absences=[absence(D(2026, 1, 12), 100)],
        required=76,
    ),
    # 35 days in the first-assessment term itself: part 1 needs 3.6, so 2026-summer
    # (30) holds a review and the first assessment moves to 2026-autumn (40).
    case(
        "sickness-in-the-first-assessment-term",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025_PART_ONE_EXTENDED,
        absences=[absence(D(2026, 5, 11), 35)],
        required=66,
    ),
    # 40 days in part 2: 0.7 more, 6.7 needed: 2027-summer (60) is a review.
    case(
        "sickness-40-days-part-two",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025_PART_TWO_EXTENDED,
        absences=[absence(D(2027, 1, 11), 40)],
        required=67,
    ),
    # 20 in each part: neither part reaches 30.
    case(
        "sickness-20-in-each-part",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025,
        absences=[absence(D(2026, 1, 12), 20), absence(D(2027, 1, 11), 20)],
    ),
    # Sickness from 20 Aug 2026 (summer holiday) belongs to 2026-autumn, in part 2.
    case(
        "sickness-starting-in-holiday-belongs-to-next-term",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025_PART_TWO_EXTENDED,
        absences=[absence(D(2026, 8, 20), 35)],
        required=66,
    ),
    case(
        "maternity-65-days-not-extended",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025,
        absences=[absence(D(2026, 1, 12), 65, "maternity")],
    ),
    # The ECT chose to extend: 1.0 more in part 1: first at 40, final at 70.
    case(
        "maternity-65-days-extended",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025_PART_ONE_EXTENDED,
        absences=[absence(D(2026, 1, 12), 65, "maternity", extend=True)],
        required=70,
    ),
    case(
        "sickness-20-plus-maternity-40",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025,
        absences=[absence(D(2025, 10, 6), 20), absence(D(2026, 1, 12), 40, "maternity")],
    ),
    # Only the 40 statutory days extend (sickness stays under 30): 0.7 more.
    case(
        "sickness-20-plus-maternity-40-extended",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025_PART_ONE_EXTENDED,
        absences=[
            absence(D(2025, 10, 6), 20),
            absence(D(2026, 1, 12), 40, "maternity", extend=True),
        ],
        required=67,
    ),
    # 30 + 40 = 70 days -> 1.1 more: first needs 4.1 (50, 2027-spring), final 7.1 (80).
    case(
        "sickness-30-plus-shared-parental-40-extended",
        [period(D(2025, 9, 1))],
        [
            *reviews("2025-autumn", "2026-spring", "2026-summer", "2026-autumn"),
            (FIRST, "2027-spring"),
            *reviews("2027-summer", "2027-autumn"),
            (FINAL, "2028-spring"),
        ],
        absences=[
            absence(D(2025, 10, 6), 30),
            absence(D(2026, 4, 20), 40, "shared_parental", extend=True),
        ],
        required=71,
    ),
    # 10 days' paternity leave in part 2, extended: 0.2 more.
    case(
        "paternity-10-days-extended-part-two",
        [period(D(2025, 9, 1))],
        FULL_TIME_2025_PART_TWO_EXTENDED,
        absences=[absence(D(2027, 1, 11), 10, "paternity", extend=True)],
        required=62,
    ),
    # 0.5 with 30 days in part 1: first needs 35 (7th term, 2027-autumn), final 65.
    case(
        "pt50-sickness-30-part-one",
        [period(D(2025, 9, 1), fte=50)],
        [
            *reviews(
                "2025-autumn",
                "2026-spring",
                "2026-summer",
                "2026-autumn",
                "2027-spring",
                "2027-summer",
            ),
            (FIRST, "2027-autumn"),
            *reviews("2028-spring", "2028-summer", "2028-autumn", "2029-spring", "2029-summer"),
            (FINAL, "2029-autumn"),
        ],
        absences=[absence(D(2026, 9, 14), 30)],
        required=65,
    ),
    # The threshold is not pro-rated: 29 days at 0.5 still extend nothing.
    case(
        "pt50-sickness-29-no-extension",
        [period(D(2025, 9, 1), fte=50)],
        HALF_TIME_2025,
        absences=[absence(D(2026, 9, 14), 29)],
    ),
    # 0.8 with 33 days in part 2 (0.6 more): 64 < 66 in 2028-spring, final at 72.
    case(
        "pt80-sickness-33-part-two",
        [period(D(2025, 9, 1), fte=80)],
        [
            *reviews("2025-autumn", "2026-spring", "2026-summer"),
            (FIRST, "2026-autumn"),
            *reviews("2027-spring", "2027-summer", "2027-autumn", "2028-spring"),
            (FINAL, "2028-summer"),
        ],
        absences=[absence(D(2027, 9, 13), 33)],
        required=66,
    ),
    # --- extensions decided by the AB: each adds a final assessment -------------------
    case(
        "one-extension-of-a-term",
        [period(D(2025, 9, 1))],
        [*FULL_TIME_2025, (FINAL, "2027-autumn")],
        extensions=(10,),
        required=70,
    ),
    case(
        "one-extension-of-half-a-term",
        [period(D(2025, 9, 1))],
        [*FULL_TIME_2025, (FINAL, "2027-autumn")],
        extensions=(5,),
        required=65,
    ),
    case(
        "two-extensions",
        [period(D(2025, 9, 1))],
        [*FULL_TIME_2025, (FINAL, "2027-autumn"), (FINAL, "2028-spring")],
        extensions=(10, 5),
        required=75,
    ),
    # 0.5 extended by 3 terms: 65, 70, 75, 80, 85, 90 after the first final.
    case(
        "pt50-extension-of-three-terms",
        [period(D(2025, 9, 1), fte=50)],
        [
            *HALF_TIME_2025,
            *reviews("2029-autumn", "2030-spring", "2030-summer", "2030-autumn", "2031-spring"),
            (FINAL, "2031-summer"),
        ],
        extensions=(30,),
        required=90,
    ),
    # Worked example 3 (6.7 needed) then extended by a term: 7.7, reached at 80.
    case(
        "sickness-then-extension",
        [period(D(2025, 9, 1))],
        [*FULL_TIME_2025_PART_ONE_EXTENDED, (FINAL, "2028-spring")],
        absences=[absence(D(2026, 1, 12), 41)],
        extensions=(10,),
        required=77,
    ),
    # --- found by hand derivation, fixed in the schedule -------------------------------
    # Leaving mid-summer, before the final falls due at the new school: an interim at
    # the old school is still due ("including during the final term").
    case(
        "move-mid-final-term-has-interim",
        [
            period(D(2025, 9, 1), D(2027, 5, 21), closed_by="move"),
            period(D(2027, 5, 22), urn=B),
        ],
        [
            *reviews("2025-autumn", "2026-spring"),
            (FIRST, "2026-summer"),
            *reviews("2026-autumn", "2027-spring"),
            (INTERIM, "2027-summer"),
            (FINAL, "2027-summer"),
        ],
    ),
    # An FTE change four weeks in is not a late start: the whole first term is
    # covered, so it holds a review (SG 2.49 is about starting late).
    case(
        "fte-change-early-in-first-term-keeps-its-review",
        [
            period(D(2025, 9, 1), D(2025, 9, 30), closed_by="fte_change"),
            period(D(2025, 10, 1), fte=50),
        ],
        [
            *reviews("2025-autumn", "2026-spring", "2026-summer", "2026-autumn", "2027-spring"),
            (FIRST, "2027-summer"),
            *reviews("2027-autumn", "2028-spring", "2028-summer", "2028-autumn", "2029-spring"),
            (FINAL, "2029-summer"),
        ],
    ),
    # A term split by a move is rounded once: 21/60 + 39/60 of spring is 1.0, not
    # 0.4 + 0.7 = 1.1, so the move does not bring the end of induction forward.
    case(
        "move-mid-term-rounds-the-term-once",
        [
            period(D(2025, 9, 11), D(2026, 2, 2), closed_by="move"),
            period(D(2026, 2, 3), urn=B),
        ],
        [
            (PR, "2025-autumn"),
            (INTERIM, "2026-spring"),
            *reviews("2026-spring", "2026-summer"),
            (FIRST, "2026-autumn"),
            *reviews("2027-spring", "2027-summer"),
            (FINAL, "2027-autumn"),
        ],
    ),
]


def test_the_case_table_is_large_enough():
    assert len(CASES) >= 45


@pytest.mark.parametrize(
    ("periods", "absences", "reduced", "extensions", "expected", "required", "completed"),
    CASES,
)
def test_schedule(periods, absences, reduced, extensions, expected, required, completed):
    s = build_schedule(
        periods,
        CAL,
        absences=absences,
        reduced_to_tenths=reduced,
        extensions_tenths=extensions,
    )
    assert pairs(s) == expected
    if required is None:
        assert s.terms == []
    else:
        assert s.required_tenths == required
    assert s.completed is completed
    # Every scheduled checkpoint is due on its term's last day, except interims,
    # which are due on the ECT's last day in the post.
    leaving_days = {p.finished_on for p in periods}
    for c in s.checkpoints:
        if c.kind == INTERIM:
            assert c.due_on in leaving_days
        else:
            assert c.due_on == CAL.dates(c.term).ends_on


# --- details of the schedule ----------------------------------------------------------


def test_no_periods_no_schedule():
    s = build_schedule([], CAL)
    assert s.checkpoints == []
    assert s.terms == []
    assert not s.completed


def test_short_periods_are_reported_and_count_nothing():
    supply = period(D(2025, 9, 1), D(2025, 10, 17), closed_by="release")
    post = period(D(2026, 1, 5), urn=B)
    s = build_schedule([post, supply], CAL)  # order does not matter
    assert s.short_periods == [supply]
    assert s.terms[0].term.name == "2026-spring"
    assert s.terms[0].running_tenths == 10
    assert [c.school_urn for c in s.checkpoints] == [B] * 6


def test_only_a_short_period():
    supply = period(D(2025, 9, 1), D(2025, 10, 17), closed_by="release")
    s = build_schedule([supply], CAL)
    assert s.short_periods == [supply]
    assert s.checkpoints == []
    assert s.terms == []


def test_interim_is_due_on_the_last_day_at_the_old_school():
    s = build_schedule(
        [
            period(D(2025, 9, 1), D(2026, 2, 13), urn=A, closed_by="move"),
            period(D(2026, 2, 14), urn=B),
        ],
        CAL,
    )
    (interim,) = s.find(INTERIM)
    assert interim.due_on == D(2026, 2, 13)
    assert interim.school_urn == A
    assert interim.part == 1
    spring_review = s.find(PR, parse_term("2026-spring"))[0]
    assert spring_review.school_urn == B
    assert spring_review.due_on == D(2026, 3, 27)
    assert [t.tenths for t in s.terms[:2]] == [10, 10]


def test_interim_in_part_two():
    s = build_schedule([period(D(2025, 9, 1), D(2027, 2, 12), closed_by="release")], CAL)
    (interim,) = s.find(INTERIM)
    assert interim.part == 2
    assert interim.due_on == D(2027, 2, 12)
    assert running(s) == [
        ("2025-autumn", 10, 10),
        ("2026-spring", 10, 20),
        ("2026-summer", 10, 30),
        ("2026-autumn", 10, 40),
        ("2027-spring", 5, 45),
    ]


def test_release_drops_the_review_of_the_last_term_only():
    s = build_schedule([period(D(2025, 9, 1), D(2026, 6, 30), closed_by="release")], CAL)
    assert s.in_term(parse_term("2026-summer"))[0].kind == INTERIM
    assert len(s.find(PR)) == 2
    assert running(s)[-1] == ("2026-summer", 8, 28)  # 55/71 of a term


def test_mid_term_start_running_totals():
    s = build_schedule([period(D(2025, 11, 3), fte=80)], CAL)
    assert [t.tenths for t in s.terms] == [4, 8, 8, 8, 8, 8, 8, 8]
    assert s.terms[-1].running_tenths == 60


def test_part_time_mid_summer_first_term_tenths():
    s = build_schedule([period(D(2026, 6, 22), fte=60)], CAL)
    assert running(s)[:2] == [("2026-summer", 2, 2), ("2026-autumn", 6, 8)]


def test_fte_change_mid_term_adds_both_periods():
    s = build_schedule(
        [
            period(D(2025, 9, 1), D(2026, 2, 13), closed_by="fte_change"),
            period(D(2026, 2, 14), fte=60),
        ],
        CAL,
    )
    assert running(s)[:3] == [
        ("2025-autumn", 10, 10),
        ("2026-spring", 8, 18),
        ("2026-summer", 6, 24),
    ]
    assert s.find(INTERIM) == []


def test_absence_parts_are_recorded():
    s = build_schedule(
        [period(D(2025, 9, 1))],
        CAL,
        absences=[
            absence(D(2025, 10, 6), 12),
            absence(D(2026, 5, 11), 5, "maternity"),  # first-assessment term: part 1
            absence(D(2026, 9, 14), 31),
            absence(D(2027, 1, 11), 4, "carers", extend=True),
        ],
    )
    assert s.part_absence[1].counting_days == 12
    assert s.part_absence[1].statutory_days == 5
    assert s.part_absence[2].counting_days == 31
    assert s.part_absence[2].statutory_extend_days == 4
    # part 2: 31 + 4 = 35 days -> 0.6 more
    assert s.required_tenths == 66
    assert pairs(s) == FULL_TIME_2025_PART_TWO_EXTENDED


def test_absence_before_induction_is_ignored():
    s = build_schedule([period(D(2026, 1, 5))], CAL, absences=[absence(D(2025, 10, 6), 50)])
    assert s.required_tenths == 60
    assert s.part_absence[1].counting_days == 0


# --- due dates ----------------------------------------------------------------------


def test_due_on_uses_the_ab_deadline():
    spring = parse_term("2026-spring")
    summer = parse_term("2026-summer")
    cal = TermCalendar(
        WD,
        {
            spring: TermDates(
                spring, D(2026, 1, 5), D(2026, 3, 27), deadline_on=D(2026, 3, 20), is_default=False
            ),
            summer: TermDates(
                summer, D(2026, 4, 13), D(2026, 7, 22), deadline_on=D(2026, 7, 10), is_default=False
            ),
        },
    )
    s = build_schedule([period(D(2025, 9, 1))], cal)
    assert [(c.kind, c.term.name, c.due_on) for c in s.checkpoints] == [
        (PR, "2025-autumn", D(2025, 12, 19)),
        (PR, "2026-spring", D(2026, 3, 20)),
        (FIRST, "2026-summer", D(2026, 7, 10)),
        (PR, "2026-autumn", D(2026, 12, 18)),
        (PR, "2027-spring", D(2027, 3, 19)),
        (FINAL, "2027-summer", D(2027, 7, 22)),
    ]


def test_ab_term_dates_change_coverage():
    """The AB's autumn 2025 starts on 3 Nov: a 3 Nov start covers it wholly."""
    autumn = parse_term("2025-autumn")
    cal = TermCalendar(
        WD, {autumn: TermDates(autumn, D(2025, 11, 3), D(2025, 12, 19), is_default=False)}
    )
    s = build_schedule([period(D(2025, 11, 3))], cal)
    assert pairs(s)[0] == (PR, "2025-autumn")
    assert s.terms[0].tenths == 10


@pytest.mark.parametrize(
    ("received_on", "today", "status"),
    [
        (D(2026, 7, 22), D(2026, 7, 22), "received"),  # on the due day
        (D(2026, 6, 1), D(2026, 6, 2), "received"),
        (D(2026, 6, 1), D(2027, 1, 1), "received"),
        (D(2026, 7, 23), D(2026, 7, 23), "late"),
        (D(2026, 9, 1), D(2026, 10, 1), "late"),
        (None, D(2026, 7, 23), "overdue"),
        (None, D(2027, 7, 23), "overdue"),
        (None, D(2026, 7, 22), "due"),  # due today
        (None, D(2026, 7, 21), "due"),
        (None, D(2026, 7, 8), "due"),  # exactly 14 days before
        (None, D(2026, 7, 7), "upcoming"),  # 15 days before
        (None, D(2026, 1, 1), "upcoming"),
    ],
)
def test_checkpoint_status(received_on, today, status):
    assert checkpoint_status(D(2026, 7, 22), received_on, today) == status


# --- served_by_period ------------------------------------------------------------------


def served_tenths_by(periods, calendar, day):
    """Each period's tenths served by ``day``, 0 for those that count nothing."""
    served = served_by_period(build_schedule(periods, calendar), calendar, day)
    return {p.id: served.get(p.id, 0) for p in periods}


def test_served_tenths_by():
    a = period(D(2025, 9, 1), D(2026, 2, 13), closed_by="move")
    b = period(D(2026, 2, 14), fte=60, urn=B)
    short = period(D(2026, 9, 1), D(2026, 10, 30), urn=C, closed_by="release")
    periods = [a, b, short]
    # 1 Sep-17 Oct: 35/80 -> 4
    assert served_tenths_by(periods, CAL, D(2025, 10, 17)) == {a.id: 4, b.id: 0, short.id: 0}
    assert served_tenths_by(periods, CAL, D(2025, 12, 19)) == {a.id: 10, b.id: 0, short.id: 0}
    # spring: A 30/60 -> 5; B 30/60 x 0.6 -> 3
    assert served_tenths_by(periods, CAL, D(2026, 3, 27)) == {a.id: 15, b.id: 3, short.id: 0}
    assert served_tenths_by(periods, CAL, D(2026, 7, 22)) == {a.id: 15, b.id: 9, short.id: 0}
    # B by 1 Nov 2026: 2026-autumn 1 Sep-30 Oct = 44/79 x 0.6 -> 3
    assert served_tenths_by(periods, CAL, D(2026, 11, 1)) == {a.id: 15, b.id: 12, short.id: 0}
    assert served_tenths_by(periods, CAL, D(2025, 8, 1)) == {a.id: 0, b.id: 0, short.id: 0}


def test_served_tenths_by_counts_a_closed_period_to_its_end():
    p = period(D(2025, 9, 1), D(2025, 12, 31), fte=50, closed_by="release")
    assert served_tenths_by([p], CAL, D(2030, 1, 1)) == {p.id: 5}
