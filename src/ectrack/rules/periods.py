"""Induction periods: how they may follow each other (REG 9; SG 2.33, 2.65-2.73).

Periods of one ECT never overlap, at most one is open, and once induction has
an outcome (pass or fail) no period can follow: induction happens once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ectrack.errors import RuleBroken
from ectrack.models import InductionPeriod

ONE_DAY = dt.timedelta(days=1)


def outcome_period(periods: Sequence[InductionPeriod]) -> InductionPeriod | None:
    """The period that carries the induction's outcome, if any (at most one, REG 9)."""
    return next((p for p in periods if p.outcome), None)


def open_period(periods: Sequence[InductionPeriod]) -> InductionPeriod | None:
    """The one period with no end date, if any."""
    return next((p for p in periods if p.is_open), None)


def check_can_open_period(trn: str, periods: Sequence[InductionPeriod], start: dt.date) -> None:
    """A new period may start on ``start``: no outcome yet, none open, no overlap."""
    if done := outcome_period(periods):
        raise RuleBroken(
            f"{trn} already has an outcome ({done.outcome}, {done.finished_on}); "
            "induction happens once, so no new period can start"
        )
    if current := open_period(periods):
        raise RuleBroken(
            f"{trn} already has an open period at {current.school_urn} from "
            f"{current.started_on}; use 'ect move' or 'ect release' to end it first"
        )
    for p in periods:
        if start <= p.finished_on:
            raise RuleBroken(
                f"a period starting {start} would overlap the period at {p.school_urn} from "
                f"{p.started_on} to {p.finished_on}; start it after {p.finished_on}"
            )


def require_open_period(trn: str, periods: Sequence[InductionPeriod]) -> InductionPeriod:
    """The open period, or a refusal that says why there is none."""
    current = open_period(periods)
    if current is not None:
        return current
    if done := outcome_period(periods):
        raise RuleBroken(
            f"{trn} has completed induction ({done.outcome} on {done.finished_on}); "
            "nothing is open to change"
        )
    raise RuleBroken(
        f"{trn} has no open induction period; "
        "to start one at a school use 'ect move TRN --school URN --on DATE'"
    )


def check_can_close(current: InductionPeriod, last_day: dt.date) -> None:
    """A period can end on ``last_day`` only on or after the day it started."""
    if last_day < current.started_on:
        raise RuleBroken(
            f"the period at {current.school_urn} started on {current.started_on} and cannot "
            f"end on {last_day}, before it started; give a later date"
        )
