"""The status of an ECT, as the Teaching Record System names it.

See "Status of an ECT" in induction-rules.md. ``awaiting_decision`` and
``exempt`` need assessments and QTS history, which later rules add.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ectrack.models import InductionPeriod
from ectrack.rules.periods import outcome_period

ECT_STATUSES = (
    "required_to_complete",
    "in_progress",
    "paused",
    "awaiting_decision",
    "passed",
    "failed",
    "exempt",
)


def ect_status(periods: Sequence[InductionPeriod], today: dt.date) -> str:
    """Status on ``today``.

    ``passed``/``failed`` once an outcome is recorded; ``in_progress`` when a
    period holds today; ``required_to_complete`` before the first period
    starts; otherwise ``paused`` (between periods, or released with terms
    served and no outcome).
    """
    if done := outcome_period(periods):
        return "passed" if done.outcome == "pass" else "failed"
    if any(p.holds(today) for p in periods):
        return "in_progress"
    if all(p.started_on > today for p in periods):
        return "required_to_complete"
    return "paused"
