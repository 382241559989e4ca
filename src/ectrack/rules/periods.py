"""Induction periods: how they may follow each other (REG 9; SG 2.33, 2.65-2.73).

Periods of one ECT never overlap, except two posts held at once (SG 3.14-3.16);
at most one post is open, or two at once; once induction has an outcome (pass
or fail), or the teacher is exempt, no period can follow: induction happens once.
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
    """The open period (the lead post of two), if any."""
    held = open_posts(periods)
    return next((p for p in held if p.lead), held[0] if held else None)


def open_posts(periods: Sequence[InductionPeriod]) -> list[InductionPeriod]:
    """The posts held now: this AB's periods with no end date (two at most)."""
    return [p for p in periods if p.is_open]


def where(period: InductionPeriod) -> str:
    """Where a period was served, for messages: a school's URN, or the other AB."""
    if period.elsewhere is not None:
        return f"{period.elsewhere.appropriate_body} (another AB)"
    return str(period.school_urn)


def check_can_start(
    trn: str, periods: Sequence[InductionPeriod], exempt_reason: str | None = None
) -> None:
    """Induction may go on: the teacher is not exempt and has no outcome (REG 9)."""
    if exempt_reason:
        raise RuleBroken(
            f"{trn} is exempt from induction ({exempt_reason}), so no induction period can "
            f"start; if that was recorded in error, 'ectrack ect exempt {trn} --withdraw'"
        )
    if done := outcome_period(periods):
        word = "passed" if done.outcome == "pass" else "failed"
        raise RuleBroken(
            f"{trn} has already {word} induction (ended {done.finished_on}); induction "
            "happens once (REG 9), so no new period can start"
        )


def check_no_overlap(
    periods: Sequence[InductionPeriod], start: dt.date, end: dt.date | None = None
) -> None:
    """A period from ``start`` to ``end`` (None: open) overlaps none of ``periods``."""
    for p in periods:
        if p.finished_on is not None and p.finished_on < start:
            continue
        if end is not None and p.started_on > end:
            continue
        until = p.finished_on or "now (open)"
        after = f"start it after {p.finished_on}" if p.finished_on else "end that one first"
        raise RuleBroken(
            f"a period {f'from {start} to {end}' if end else f'starting {start}'} would overlap "
            "the period at "
            f"{where(p)} from {p.started_on} to {until}; {after}"
        )


def check_can_open_period(
    trn: str,
    periods: Sequence[InductionPeriod],
    start: dt.date,
    exempt_reason: str | None = None,
) -> None:
    """A new period may start on ``start``: not exempt, no outcome yet, none open, no
    overlap."""
    check_can_start(trn, periods, exempt_reason)
    if current := open_period(periods):
        raise RuleBroken(
            f"{trn} already has an open period at {current.school_urn} from "
            f"{current.started_on}; use 'ect move' or 'ect release' to end it first"
        )
    check_no_overlap(periods, start)


def require_open_period(
    trn: str, periods: Sequence[InductionPeriod], post: str | None = None
) -> InductionPeriod:
    """The open period, or a refusal that says why there is none. With two posts at
    once, ``post`` (a school's URN) says which; without it the choice is refused."""
    held = open_posts(periods)
    if post is not None:
        chosen = next((p for p in held if p.school_urn == post), None)
        if chosen is None:
            posts = ", ".join(str(p.school_urn) for p in held) or "none"
            raise RuleBroken(f"{trn} holds no open post at {post}; their open posts: {posts}")
        return chosen
    if len(held) > 1:
        raise RuleBroken(
            f"{trn} holds two posts at once ({held[0].school_urn} and {held[1].school_urn}); "
            "say which with --post URN"
        )
    if held:
        return held[0]
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
