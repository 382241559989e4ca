"""Tests for ectrack.rules.deadlines: the statutory deadlines after the final assessment.

"Outcome" in induction-rules.md. All counts are working days after the day
itself, over the real England-and-Wales bank holidays:
Christmas 2026: Fri 25 Dec, Mon 28 Dec (Boxing Day substitute), Fri 1 Jan 2027;
Easter 2027: Good Friday 26 Mar, Easter Monday 29 Mar; August bank holidays:
Mon 31 Aug 2026 and Mon 30 Aug 2027; spring bank holiday Mon 31 May 2027.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ectrack.bank_holidays import england_and_wales
from ectrack.rules.calendar import WorkingDays
from ectrack.rules.deadlines import (
    APPEAL_DAYS,
    DECISION_DAYS,
    DISMISSAL_DAYS,
    NOTICE_RECEIVED_AFTER_DAYS,
    NOTIFICATION_DAYS,
    RECOMMENDATION_DAYS,
    REPRESENTATIONS_DAYS,
    Deadline,
    DecisionFacts,
    appeal_window_closes,
    outcome_deadlines,
)

D = dt.date
WD = WorkingDays(england_and_wales())


def deadlines(**kwargs) -> dict[str, Deadline]:
    found = outcome_deadlines(WD, **kwargs)
    by_name = {d.name: d for d in found}
    assert len(by_name) == len(found)  # no name twice
    return by_name


def test_statutory_day_counts():
    assert RECOMMENDATION_DAYS == 10
    assert REPRESENTATIONS_DAYS == 10
    assert DECISION_DAYS == 20
    assert NOTIFICATION_DAYS == 3
    assert NOTICE_RECEIVED_AFTER_DAYS == 2
    assert APPEAL_DAYS == 20
    assert DISMISSAL_DAYS == 10


def test_worked_example_4_decision_due():
    """Recommendation received Friday 2026-07-17: decision due Friday 2026-08-14."""
    found = deadlines(
        induction_ends_on=D(2026, 7, 22),
        recommendation_received_on=D(2026, 7, 17),
        decision=None,
        today=D(2026, 7, 20),
    )
    assert found["decision"].due_on == D(2026, 8, 14)
    assert found["decision"].due_on.weekday() == 4
    assert found["decision"].is_open()


# --- due dates across holidays --------------------------------------------------------


@pytest.mark.parametrize(
    ("induction_ends_on", "due_on"),
    [
        # 21-24 Dec (4), 29-31 Dec (7), 4-6 Jan (10)
        (D(2026, 12, 18), D(2027, 1, 6)),
        # 22-25 Mar (4), 30 Mar-2 Apr (8), 5-6 Apr (10)
        (D(2027, 3, 19), D(2027, 4, 6)),
        # 23-24 Jul (2), 27-31 Jul (7), 3-5 Aug (10)
        (D(2026, 7, 22), D(2026, 8, 5)),
        # 23-27 Aug (5), 31 Aug (6), 1-3 Sep (9), 6 Sep (10)
        (D(2027, 8, 20), D(2027, 9, 6)),
    ],
)
def test_recommendation_due(induction_ends_on, due_on):
    found = deadlines(
        induction_ends_on=induction_ends_on,
        recommendation_received_on=None,
        decision=None,
        today=induction_ends_on,
    )
    assert list(found) == ["recommendation"]
    assert found["recommendation"].due_on == due_on
    assert found["recommendation"].is_open()


@pytest.mark.parametrize(
    ("received_on", "decision_due", "representations_due"),
    [
        (D(2026, 7, 17), D(2026, 8, 14), D(2026, 7, 31)),
        # over the August bank holiday: 17-28 Aug (10), 1-11 Sep (19), 14 Sep (20)
        (D(2026, 8, 14), D(2026, 9, 14), D(2026, 8, 28)),
        # over Christmas: 11 Dec (1), 14-18 (6), 21-24 (10), 29-31 (13), 4-8 Jan (18), 11-12
        (D(2026, 12, 10), D(2027, 1, 12), D(2026, 12, 24)),
        # over Easter: 15-19 Mar (5), 22-25 (9), 30 Mar-2 Apr (13), 5-9 (18), 12-13 Apr
        (D(2027, 3, 12), D(2027, 4, 13), D(2027, 3, 30)),
    ],
)
def test_decision_and_representations_due(received_on, decision_due, representations_due):
    found = deadlines(
        induction_ends_on=D(2026, 7, 22),
        recommendation_received_on=received_on,
        decision=None,
        today=received_on,
    )
    assert found["decision"].due_on == decision_due
    assert found["representations"].due_on == representations_due


@pytest.mark.parametrize(
    ("decided_on", "notify_by"),
    [
        # Thu 25 Mar 2027: Good Friday, weekend, Easter Monday, then 30, 31 Mar, 1 Apr
        (D(2027, 3, 25), D(2027, 4, 1)),
        # Wed 23 Dec 2026: 24 Dec, 29 Dec, 30 Dec
        (D(2026, 12, 23), D(2026, 12, 30)),
        # Thu 27 Aug 2026: 28 Aug, 1 Sep, 2 Sep
        (D(2026, 8, 27), D(2026, 9, 2)),
        (D(2026, 9, 7), D(2026, 9, 10)),
    ],
)
def test_notification_due(decided_on, notify_by):
    found = deadlines(
        induction_ends_on=D(2026, 7, 22),
        recommendation_received_on=D(2026, 7, 24),
        decision=DecisionFacts("fail", decided_on),
        today=decided_on,
    )
    assert found["notification"].due_on == notify_by
    assert found["fail_notice"].due_on == notify_by


@pytest.mark.parametrize(
    ("notice_sent_on", "closes"),
    [
        # received Thu 24 Dec 2026; then 29-31 Dec (3), 4-22 Jan (18), 25-26 Jan (20)
        (D(2026, 12, 22), D(2027, 1, 26)),
        # received Tue 30 Mar 2027 (after Good Friday and Easter Monday); 27 Apr
        (D(2027, 3, 24), D(2027, 4, 27)),
        # received Fri 28 Aug 2026; 31 Aug is a bank holiday; 1-25 Sep (19), 28 Sep
        (D(2026, 8, 26), D(2026, 9, 28)),
        # received Wed 18 Nov 2026; 19 Nov-16 Dec
        (D(2026, 11, 16), D(2026, 12, 16)),
    ],
)
def test_appeal_window_closes(notice_sent_on, closes):
    assert appeal_window_closes(notice_sent_on, WD) == closes
    found = deadlines(
        induction_ends_on=D(2026, 7, 22),
        recommendation_received_on=D(2026, 7, 24),
        decision=DecisionFacts("extend", notice_sent_on, ect_notified_on=notice_sent_on),
        today=notice_sent_on,
    )
    assert found["appeal_window"].due_on == closes
    assert found["appeal_window"].is_open()


@pytest.mark.parametrize(
    ("notice_sent_on", "today", "dismiss_by"),
    [
        # window closes 26 Jan 2027; 27-29 Jan (3), 1-5 Feb (8), 8-9 Feb (10)
        (D(2026, 12, 22), D(2027, 2, 1), D(2027, 2, 9)),
        # window closes Wed 16 Dec 2026; 17-18 (2), 21-24 (6), 29-31 (9), 4 Jan (10)
        (D(2026, 11, 16), D(2026, 12, 17), D(2027, 1, 4)),
        # window closes 28 Sep 2026; 29 Sep-2 Oct (4), 5-9 Oct (9), 12 Oct (10)
        (D(2026, 8, 26), D(2026, 10, 1), D(2026, 10, 12)),
    ],
)
def test_dismissal_due_after_the_window_closes(notice_sent_on, today, dismiss_by):
    found = deadlines(
        induction_ends_on=D(2026, 7, 22),
        recommendation_received_on=D(2026, 7, 24),
        decision=DecisionFacts("fail", notice_sent_on, ect_notified_on=notice_sent_on),
        today=today,
    )
    assert found["dismissal"].due_on == dismiss_by
    assert found["dismissal"].is_open()


def test_dismissal_due_after_an_appeal_is_dismissed():
    """Appeal dismissed Thu 27 May 2027: 28 May, (31 May bank holiday), 1-11 Jun."""
    found = deadlines(
        induction_ends_on=D(2026, 12, 18),
        recommendation_received_on=D(2027, 1, 5),
        decision=DecisionFacts(
            "fail",
            D(2027, 1, 25),
            ect_notified_on=D(2027, 1, 26),
            fail_notice_sent_on=D(2027, 1, 26),
            appeal_lodged_on=D(2027, 2, 10),
            appeal_result="dismissed",
            appeal_result_on=D(2027, 5, 27),
        ),
        today=D(2027, 5, 28),
    )
    assert found["dismissal"].due_on == D(2027, 6, 11)
    assert found["appeal_window"].met_on == D(2027, 2, 10)


# --- what is open as facts are recorded -------------------------------------------------

ENDS = D(2026, 12, 18)  # end of induction: recommendation due 6 Jan 2027
RECEIVED = D(2027, 1, 5)  # representations by 19 Jan, decision by 2 Feb
DECIDED = D(2027, 1, 25)  # notices by 28 Jan
NOTIFIED = D(2027, 1, 26)  # notice received 28 Jan, appeal window closes 25 Feb


def state(found: dict[str, Deadline]) -> dict[str, tuple[dt.date, dt.date | None]]:
    return {name: (d.due_on, d.met_on) for name, d in found.items()}


def test_nothing_recorded_yet():
    found = deadlines(
        induction_ends_on=ENDS, recommendation_received_on=None, decision=None, today=D(2027, 1, 7)
    )
    assert state(found) == {"recommendation": (D(2027, 1, 6), None)}
    assert found["recommendation"].is_open()
    assert found["recommendation"].what


@pytest.mark.parametrize(
    ("today", "representations_met"),
    [
        (D(2027, 1, 6), None),
        (D(2027, 1, 19), None),  # the last day for representations
        (D(2027, 1, 20), D(2027, 1, 19)),  # passed: no longer open
    ],
)
def test_recommendation_received(today, representations_met):
    found = deadlines(
        induction_ends_on=ENDS, recommendation_received_on=RECEIVED, decision=None, today=today
    )
    assert state(found) == {
        "recommendation": (D(2027, 1, 6), RECEIVED),
        "representations": (D(2027, 1, 19), representations_met),
        "decision": (D(2027, 2, 2), None),
    }
    assert not found["recommendation"].is_open()
    assert found["decision"].is_open()


def test_late_recommendation_is_still_met():
    found = deadlines(
        induction_ends_on=ENDS,
        recommendation_received_on=D(2027, 1, 20),
        decision=None,
        today=D(2027, 1, 21),
    )
    assert found["recommendation"].met_on == D(2027, 1, 20)
    assert found["recommendation"].due_on == D(2027, 1, 6)
    assert found["decision"].due_on == D(2027, 2, 17)


@pytest.mark.parametrize(
    ("ect", "headteacher", "tra", "notification_met"),
    [
        (None, None, None, None),
        (NOTIFIED, None, None, None),
        (NOTIFIED, D(2027, 1, 27), None, None),
        (NOTIFIED, D(2027, 1, 27), D(2027, 1, 26), D(2027, 1, 27)),  # the last of three
        (D(2027, 2, 1), D(2027, 1, 26), D(2027, 1, 26), D(2027, 2, 1)),  # late
    ],
)
def test_pass_decision_and_notices(ect, headteacher, tra, notification_met):
    decision = DecisionFacts(
        "pass",
        DECIDED,
        ect_notified_on=ect,
        headteacher_notified_on=headteacher,
        tra_notified_on=tra,
    )
    found = deadlines(
        induction_ends_on=ENDS,
        recommendation_received_on=RECEIVED,
        decision=decision,
        today=D(2027, 3, 1),
    )
    assert state(found) == {
        "recommendation": (D(2027, 1, 6), RECEIVED),
        "representations": (D(2027, 1, 19), D(2027, 1, 19)),
        "decision": (D(2027, 2, 2), DECIDED),
        "notification": (D(2027, 1, 28), notification_met),
    }
    # A pass can't be appealed: no appeal window, no dismissal.


def test_decision_closes_representations_early():
    found = deadlines(
        induction_ends_on=ENDS,
        recommendation_received_on=RECEIVED,
        decision=DecisionFacts("pass", D(2027, 1, 12)),
        today=D(2027, 1, 12),
    )
    assert found["representations"].met_on == D(2027, 1, 19)
    assert not found["representations"].is_open()
    assert found["decision"].met_on == D(2027, 1, 12)


def fail(**facts) -> DecisionFacts:
    return DecisionFacts("fail", DECIDED, **facts)


ALL_NOTIFIED = {
    "ect_notified_on": NOTIFIED,
    "headteacher_notified_on": NOTIFIED,
    "tra_notified_on": NOTIFIED,
}


@pytest.mark.parametrize(
    ("decision", "today", "expected"),
    [
        pytest.param(
            fail(),
            D(2027, 1, 26),
            {"notification": None, "fail_notice": None},
            id="fail-nothing-sent",
        ),
        pytest.param(
            fail(headteacher_notified_on=NOTIFIED, tra_notified_on=NOTIFIED),
            D(2027, 1, 27),
            {"notification": None, "fail_notice": None},
            id="fail-ect-not-yet-notified-no-window",
        ),
        pytest.param(
            fail(**ALL_NOTIFIED),
            D(2027, 1, 27),
            {"notification": NOTIFIED, "fail_notice": None, "appeal_window": None},
            id="fail-notified-window-open",
        ),
        pytest.param(
            fail(**ALL_NOTIFIED, fail_notice_sent_on=NOTIFIED),
            D(2027, 2, 25),  # the window's last day
            {"notification": NOTIFIED, "fail_notice": NOTIFIED, "appeal_window": None},
            id="fail-window-last-day",
        ),
        pytest.param(
            fail(**ALL_NOTIFIED, fail_notice_sent_on=NOTIFIED),
            D(2027, 2, 26),
            {
                "notification": NOTIFIED,
                "fail_notice": NOTIFIED,
                "appeal_window": D(2027, 2, 25),
                "dismissal": None,
            },
            id="fail-window-closed-no-appeal",
        ),
        pytest.param(
            fail(**ALL_NOTIFIED, fail_notice_sent_on=NOTIFIED, appeal_lodged_on=D(2027, 2, 10)),
            D(2027, 3, 30),
            {"notification": NOTIFIED, "fail_notice": NOTIFIED, "appeal_window": D(2027, 2, 10)},
            id="fail-appeal-lodged",
        ),
        pytest.param(
            fail(
                **ALL_NOTIFIED,
                fail_notice_sent_on=NOTIFIED,
                appeal_lodged_on=D(2027, 2, 10),
                appeal_result="allowed",
                appeal_result_on=D(2027, 4, 20),
            ),
            D(2027, 5, 1),
            {"notification": NOTIFIED, "fail_notice": NOTIFIED, "appeal_window": D(2027, 2, 10)},
            id="fail-appeal-allowed",
        ),
        pytest.param(
            fail(
                **ALL_NOTIFIED,
                fail_notice_sent_on=NOTIFIED,
                appeal_lodged_on=D(2027, 2, 10),
                appeal_result="dismissed",
                appeal_result_on=D(2027, 4, 20),
            ),
            D(2027, 4, 21),
            {
                "notification": NOTIFIED,
                "fail_notice": NOTIFIED,
                "appeal_window": D(2027, 2, 10),
                "dismissal": None,
            },
            id="fail-appeal-dismissed",
        ),
        pytest.param(
            DecisionFacts("extend", DECIDED, **ALL_NOTIFIED),
            D(2027, 1, 27),
            {"notification": NOTIFIED, "appeal_window": None},
            id="extend-window-open",
        ),
        pytest.param(
            DecisionFacts("extend", DECIDED, **ALL_NOTIFIED),
            D(2027, 3, 1),
            {"notification": NOTIFIED, "appeal_window": D(2027, 2, 25)},
            id="extend-window-closed-no-dismissal",
        ),
        pytest.param(
            DecisionFacts("extend", DECIDED, headteacher_notified_on=NOTIFIED),
            D(2027, 3, 1),
            {"notification": None},
            id="extend-ect-not-notified",
        ),
    ],
)
def test_open_deadlines_after_a_decision(decision, today, expected):
    found = deadlines(
        induction_ends_on=ENDS,
        recommendation_received_on=RECEIVED,
        decision=decision,
        today=today,
    )
    assert list(found)[:3] == ["recommendation", "representations", "decision"]
    assert found["decision"].met_on == DECIDED
    before = ("recommendation", "representations", "decision")
    after = {name: d.met_on for name, d in found.items() if name not in before}
    assert after == expected
    for name, met_on in expected.items():
        assert found[name].is_open() is (met_on is None)


def test_appeal_window_and_dismissal_due_dates_after_a_fail():
    found = deadlines(
        induction_ends_on=ENDS,
        recommendation_received_on=RECEIVED,
        decision=fail(**ALL_NOTIFIED, fail_notice_sent_on=NOTIFIED),
        today=D(2027, 2, 26),
    )
    # notice received Thu 28 Jan; 20 working days: 29 Jan-25 Feb.
    assert found["appeal_window"].due_on == D(2027, 2, 25)
    # 26 Feb (1), 1-5 Mar (6), 8-11 Mar (10)
    assert found["dismissal"].due_on == D(2027, 3, 11)
    assert found["fail_notice"].due_on == D(2027, 1, 28)
    assert found["notification"].due_on == D(2027, 1, 28)
