"""Table-driven tests for ectrack.rules.periods and ectrack.rules.status."""

from __future__ import annotations

import datetime as dt

import pytest

from ectrack.errors import RuleBroken
from ectrack.models import InductionPeriod
from ectrack.rules.periods import (
    check_can_close,
    check_can_open_period,
    open_period,
    outcome_period,
    require_open_period,
)
from ectrack.rules.status import ECT_STATUSES, ect_status

D = dt.date
TRN = "1234567"
URN_A = "137425"
URN_B = "100000"

_ids = iter(range(1, 10_000))


def period(
    started_on: dt.date,
    finished_on: dt.date | None = None,
    *,
    urn: str = URN_A,
    closed_by: str | None = None,
    outcome: str | None = None,
    fte_percent: int = 100,
) -> InductionPeriod:
    if finished_on is not None and closed_by is None and outcome is None:
        closed_by = "release"
    return InductionPeriod(
        id=next(_ids),
        trn=TRN,
        school_urn=urn,
        started_on=started_on,
        finished_on=finished_on,
        fte_percent=fte_percent,
        programme="provider_led",
        closed_by=closed_by,
        outcome=outcome,
    )


# ---------------------------------------------------------------- helpers


def test_open_and_outcome_period_pick_the_right_one():
    closed = period(D(2024, 9, 1), D(2025, 3, 31), closed_by="move")
    current = period(D(2025, 4, 1), urn=URN_B)
    assert open_period([closed, current]) is current
    assert outcome_period([closed, current]) is None
    done = period(D(2025, 4, 1), D(2026, 7, 17), urn=URN_B, outcome="pass")
    assert open_period([closed, done]) is None
    assert outcome_period([closed, done]) is done


# ---------------------------------------------------------------- check_can_open_period


@pytest.mark.parametrize(
    ("periods", "start"),
    [
        pytest.param([], D(2025, 9, 1), id="first-period"),
        pytest.param(
            [period(D(2024, 9, 2), D(2025, 3, 31), closed_by="release")],
            D(2025, 4, 1),
            id="day-after-release",
        ),
        pytest.param(
            [period(D(2024, 9, 2), D(2025, 3, 31), closed_by="move")],
            D(2025, 4, 1),
            id="day-after-move",
        ),
        pytest.param(
            [period(D(2024, 9, 2), D(2024, 12, 20))],
            D(2025, 9, 1),
            id="months-after-last",
        ),
        pytest.param(
            [
                period(D(2023, 9, 1), D(2024, 3, 28), closed_by="fte_change"),
                period(D(2024, 3, 29), D(2024, 12, 20), fte_percent=60, closed_by="release"),
            ],
            D(2024, 12, 21),
            id="day-after-the-latest-of-two",
        ),
    ],
)
def test_check_can_open_period_allows(periods, start):
    assert check_can_open_period(TRN, periods, start) is None


@pytest.mark.parametrize(
    ("periods", "start", "expected"),
    [
        pytest.param(
            [period(D(2023, 9, 1), D(2025, 7, 18), outcome="pass")],
            D(2025, 9, 1),
            "1234567 has already passed induction (ended 2025-07-18); "
            "induction happens once (REG 9), so no new period can start",
            id="after-pass",
        ),
        pytest.param(
            [
                period(D(2023, 9, 1), D(2024, 7, 19), closed_by="move"),
                period(D(2024, 7, 20), D(2025, 12, 19), urn=URN_B, outcome="fail"),
            ],
            D(2026, 1, 5),
            "1234567 has already failed induction (ended 2025-12-19); "
            "induction happens once (REG 9), so no new period can start",
            id="after-fail",
        ),
        pytest.param(
            [period(D(2025, 9, 1))],
            D(2026, 1, 5),
            "1234567 already has an open period at 137425 from 2025-09-01; "
            "use 'ect move' or 'ect release' to end it first",
            id="open-period",
        ),
        pytest.param(
            [
                period(D(2024, 9, 2), D(2025, 3, 31), closed_by="move"),
                period(D(2025, 4, 1), urn=URN_B),
            ],
            D(2025, 9, 1),
            "1234567 already has an open period at 100000 from 2025-04-01; "
            "use 'ect move' or 'ect release' to end it first",
            id="open-period-after-a-closed-one",
        ),
        pytest.param(
            [period(D(2024, 9, 2), D(2025, 3, 31))],
            D(2025, 3, 31),
            "a period starting 2025-03-31 would overlap the period at 137425 from "
            "2024-09-02 to 2025-03-31; start it after 2025-03-31",
            id="starts-on-last-day",
        ),
        pytest.param(
            [period(D(2024, 9, 2), D(2025, 3, 31))],
            D(2024, 11, 4),
            "a period starting 2024-11-04 would overlap the period at 137425 from "
            "2024-09-02 to 2025-03-31; start it after 2025-03-31",
            id="starts-inside",
        ),
        pytest.param(
            [period(D(2024, 9, 2), D(2025, 3, 31))],
            D(2024, 9, 2),
            "a period starting 2024-09-02 would overlap the period at 137425 from "
            "2024-09-02 to 2025-03-31; start it after 2025-03-31",
            id="starts-same-day",
        ),
        pytest.param(
            [period(D(2024, 9, 2), D(2025, 3, 31))],
            D(2024, 1, 8),
            "a period starting 2024-01-08 would overlap the period at 137425 from "
            "2024-09-02 to 2025-03-31; start it after 2025-03-31",
            id="starts-before-and-would-run-through",
        ),
        pytest.param(
            [
                period(D(2023, 9, 1), D(2024, 3, 28), closed_by="move"),
                period(D(2024, 3, 29), D(2024, 12, 20), urn=URN_B),
            ],
            D(2024, 6, 3),
            "a period starting 2024-06-03 would overlap the period at 100000 from "
            "2024-03-29 to 2024-12-20; start it after 2024-12-20",
            id="overlaps-second-of-two",
        ),
    ],
)
def test_check_can_open_period_refuses(periods, start, expected):
    with pytest.raises(RuleBroken) as caught:
        check_can_open_period(TRN, periods, start)
    assert str(caught.value) == expected
    assert caught.value.message == expected


# ---------------------------------------------------------------- require_open_period


def test_require_open_period_returns_the_open_one():
    closed = period(D(2024, 9, 2), D(2025, 3, 31), closed_by="move")
    current = period(D(2025, 4, 1), urn=URN_B)
    assert require_open_period(TRN, [closed, current]) is current
    assert require_open_period(TRN, [current]) is current


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        pytest.param(
            [],
            "1234567 has no open induction period; "
            "to start one at a school use 'ect move TRN --school URN --on DATE'",
            id="no-periods",
        ),
        pytest.param(
            [period(D(2024, 9, 2), D(2025, 3, 31), closed_by="release")],
            "1234567 has no open induction period; "
            "to start one at a school use 'ect move TRN --school URN --on DATE'",
            id="released",
        ),
        pytest.param(
            [period(D(2023, 9, 1), D(2025, 7, 18), outcome="pass")],
            "1234567 has completed induction (pass on 2025-07-18); nothing is open to change",
            id="passed",
        ),
        pytest.param(
            [
                period(D(2023, 9, 1), D(2024, 7, 19), closed_by="move"),
                period(D(2024, 7, 20), D(2025, 12, 19), urn=URN_B, outcome="fail"),
            ],
            "1234567 has completed induction (fail on 2025-12-19); nothing is open to change",
            id="failed",
        ),
    ],
)
def test_require_open_period_refuses(periods, expected):
    with pytest.raises(RuleBroken) as caught:
        require_open_period(TRN, periods)
    assert str(caught.value) == expected


# ---------------------------------------------------------------- check_can_close


@pytest.mark.parametrize(
    "last_day",
    [D(2025, 9, 1), D(2025, 9, 2), D(2025, 12, 19), D(2027, 7, 22)],
    ids=["same-day-as-start", "day-after-start", "end-of-term", "years-later"],
)
def test_check_can_close_allows(last_day):
    assert check_can_close(period(D(2025, 9, 1)), last_day) is None


@pytest.mark.parametrize(
    "last_day",
    [D(2025, 8, 31), D(2025, 7, 18), D(2024, 9, 1)],
    ids=["day-before-start", "weeks-before", "a-year-before"],
)
def test_check_can_close_refuses_before_start(last_day):
    with pytest.raises(RuleBroken) as caught:
        check_can_close(period(D(2025, 9, 1)), last_day)
    assert str(caught.value) == (
        f"the period at 137425 started on 2025-09-01 and cannot end on {last_day}, "
        "before it started; give a later date"
    )


# ---------------------------------------------------------------- ect_status

TODAY = D(2026, 1, 15)


@pytest.mark.parametrize(
    ("periods", "status"),
    [
        pytest.param([], "required_to_complete", id="registered-no-periods"),
        pytest.param([period(D(2026, 4, 20))], "required_to_complete", id="starts-next-term"),
        pytest.param([period(D(2026, 1, 16))], "required_to_complete", id="starts-tomorrow"),
        pytest.param([period(D(2026, 1, 15))], "in_progress", id="starts-today"),
        pytest.param([period(D(2025, 9, 1))], "in_progress", id="open-since-september"),
        pytest.param(
            [period(D(2025, 9, 1), D(2026, 3, 27), closed_by="release")],
            "in_progress",
            id="release-recorded-in-advance",
        ),
        pytest.param(
            [period(D(2025, 9, 1), D(2026, 1, 15), closed_by="release")],
            "in_progress",
            id="last-day-is-today",
        ),
        pytest.param(
            [
                period(D(2025, 9, 1), D(2025, 12, 19), closed_by="move"),
                period(D(2025, 12, 20), urn=URN_B),
            ],
            "in_progress",
            id="moved-school",
        ),
        pytest.param(
            [period(D(2025, 9, 1), D(2026, 1, 14), closed_by="release")],
            "paused",
            id="released-yesterday",
        ),
        pytest.param(
            [period(D(2024, 9, 2), D(2025, 7, 18), closed_by="release")],
            "paused",
            id="released-last-year",
        ),
        pytest.param(
            [
                period(D(2025, 9, 1), D(2025, 12, 19), closed_by="release"),
                period(D(2026, 4, 20), urn=URN_B),
            ],
            "paused",
            id="between-closed-and-future",
        ),
        pytest.param(
            [period(D(2023, 9, 1), D(2025, 7, 18), outcome="pass")],
            "passed",
            id="passed",
        ),
        pytest.param(
            [
                period(D(2023, 9, 1), D(2024, 12, 20), closed_by="move"),
                period(D(2024, 12, 21), D(2025, 7, 18), urn=URN_B, outcome="pass"),
            ],
            "passed",
            id="passed-after-move",
        ),
        pytest.param(
            [period(D(2023, 9, 1), D(2025, 12, 19), outcome="fail")],
            "failed",
            id="failed",
        ),
        pytest.param(
            [period(D(2025, 9, 1), D(2026, 1, 15), outcome="fail")],
            "failed",
            id="failed-today",
        ),
    ],
)
def test_ect_status(periods, status):
    result = ect_status(periods, TODAY)
    assert result == status
    assert result in ECT_STATUSES


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2025, 8, 31), "required_to_complete"),
        (D(2025, 9, 1), "in_progress"),
        (D(2025, 12, 19), "in_progress"),
        (D(2025, 12, 20), "paused"),
        (D(2026, 4, 19), "paused"),
        (D(2026, 4, 20), "in_progress"),
        (D(2027, 1, 4), "in_progress"),
    ],
)
def test_ect_status_over_time(today, status):
    history = [
        period(D(2025, 9, 1), D(2025, 12, 19), closed_by="release"),
        period(D(2026, 4, 20), urn=URN_B),
    ]
    assert ect_status(history, today) == status
