"""Statutory deadlines after the final assessment (REG 11; SG 2.65-2.73).

All counted in working days (``WorkingDays.add``: the day itself not counted).
- recommendation: the headteacher's, due 10 working days after induction ends;
- representations: the ECT may respond within 10 working days of receiving it;
- decision: the AB decides within 20 working days of receiving the recommendation;
- notification: written notice to the ECT, headteacher and TRA within 3 working
  days of the decision (for a fail, with the right of appeal);
- appeal window: an extend or fail can be appealed within 20 working days of the
  ECT receiving notice. [decision] Notice counts as received on the 2nd working
  day after it was sent;
- dismissal: after a fail, the employer dismisses within 10 working days of the
  appeal window closing or an appeal being dismissed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ectrack.rules.calendar import WorkingDays

RECOMMENDATION_DAYS = 10
REPRESENTATIONS_DAYS = 10
DECISION_DAYS = 20
NOTIFICATION_DAYS = 3
NOTICE_RECEIVED_AFTER_DAYS = 2
APPEAL_DAYS = 20
DISMISSAL_DAYS = 10


@dataclass(frozen=True, slots=True)
class Deadline:
    name: str
    due_on: dt.date
    met_on: dt.date | None = None  # when it was done (None: still open)
    what: str = ""  # what must happen, for the officer

    def is_open(self) -> bool:
        return self.met_on is None


@dataclass(frozen=True, slots=True)
class DecisionFacts:
    """What the AB has recorded about one decision."""

    outcome: str  # pass, fail, extend
    decided_on: dt.date
    ect_notified_on: dt.date | None = None
    headteacher_notified_on: dt.date | None = None
    tra_notified_on: dt.date | None = None
    fail_notice_sent_on: dt.date | None = None
    appeal_lodged_on: dt.date | None = None
    appeal_result: str | None = None  # allowed, dismissed, extended
    appeal_result_on: dt.date | None = None

    @property
    def notified_on(self) -> dt.date | None:
        """When the last of the three notices went (None until all have)."""
        dates = (self.ect_notified_on, self.headteacher_notified_on, self.tra_notified_on)
        return None if None in dates else max(dates)


def appeal_window_closes(ect_notified_on: dt.date, working_days: WorkingDays) -> dt.date:
    received = working_days.add(ect_notified_on, NOTICE_RECEIVED_AFTER_DAYS)
    return working_days.add(received, APPEAL_DAYS)


def outcome_deadlines(
    working_days: WorkingDays,
    *,
    induction_ends_on: dt.date,
    recommendation_received_on: dt.date | None,
    decision: DecisionFacts | None,
    today: dt.date,
) -> list[Deadline]:
    """The deadlines of one final assessment and the decision that follows it."""
    add = working_days.add
    deadlines = [
        Deadline(
            "recommendation",
            add(induction_ends_on, RECOMMENDATION_DAYS),
            # a decision made without it (--override) settles it too: nothing to chase
            recommendation_received_on or (decision.decided_on if decision else None),
            "the headteacher's recommendation (final assessment) reaches the AB",
        )
    ]
    if recommendation_received_on is not None:
        representations = add(recommendation_received_on, REPRESENTATIONS_DAYS)
        deadlines.append(
            Deadline(
                "representations",
                representations,
                representations if representations < today or decision else None,
                "the ECT may send representations on the recommendation",
            )
        )
        deadlines.append(
            Deadline(
                "decision",
                add(recommendation_received_on, DECISION_DAYS),
                decision.decided_on if decision else None,
                "the AB decides pass, fail or extend",
            )
        )
    if decision is None:
        return deadlines
    notify_by = add(decision.decided_on, NOTIFICATION_DAYS)
    deadlines.append(
        Deadline(
            "notification",
            notify_by,
            decision.notified_on,
            "written notice of the decision to the ECT, headteacher and TRA",
        )
    )
    if decision.outcome == "fail":
        deadlines.append(
            Deadline(
                "fail_notice",
                notify_by,
                decision.fail_notice_sent_on,
                "written notice of the fail and the right of appeal sent to the ECT",
            )
        )
    if decision.outcome in ("fail", "extend") and decision.ect_notified_on:
        closes = appeal_window_closes(decision.ect_notified_on, working_days)
        ended = decision.appeal_lodged_on or (closes if closes < today else None)
        deadlines.append(Deadline("appeal_window", closes, ended, "the ECT may appeal to the TRA"))
        if decision.outcome == "fail":
            dismissed = decision.appeal_result == "dismissed" and decision.appeal_result_on
            if dismissed or (not decision.appeal_lodged_on and closes < today):
                start = decision.appeal_result_on if dismissed else closes
                due = add(start, DISMISSAL_DAYS)
                deadlines.append(
                    Deadline(
                        "dismissal",
                        due,
                        due if due < today else None,  # the employer's duty: shown until due
                        "the employer must end the ECT's employment",
                    )
                )
    return deadlines
