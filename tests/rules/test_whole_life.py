"""The whole life of an induction, as tables of cases worked by hand from the new
sections of shared/domain/induction-rules.md: End of induction, A term served by
more than one period, Appeals, Induction served before this AB, Two posts at once,
Exempt and ineligible teachers.

Every figure below is worked in the comments on the default calendar (working
days per term, bank holidays out):

    term         first day   last day    days     term         first day   last day    days
    2025-autumn  2025-09-01  2025-12-19   80      2027-spring  2027-01-04  2027-03-19   55
    2026-spring  2026-01-05  2026-03-27   60      2027-summer  2027-04-05  2027-07-22   77
    2026-summer  2026-04-13  2026-07-22   71      2027-autumn  2027-09-01  2027-12-20   79
    2026-autumn  2026-09-01  2026-12-18   79      2028-spring  2028-01-04  2028-04-07   69

FTE terms are in tenths (10 = one term at full time). A term's figure is the sum of
coverage x FTE over every period serving it, rounded half up once; each period's
share is apportioned by largest remainder (a tie to the earlier period).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pytest

from ectrack.bank_holidays import england_and_wales
from ectrack.induction import Induction
from ectrack.models import Decision, Ect, Elsewhere, InductionPeriod
from ectrack.rules.absence import Absence
from ectrack.rules.calendar import TermCalendar, WorkingDays
from ectrack.rules.consistency import problems
from ectrack.rules.fte import apportion
from ectrack.rules.schedule import FINAL_ASSESSMENT, FIRST_ASSESSMENT

D = dt.date
CAL = TermCalendar(WorkingDays(england_and_wales()))
TRN = "1234567"
ECT = Ect(TRN, "Amy", "Shah", D(1998, 4, 2), D(2025, 7, 18))
A, B = "100001", "100002"


def here(pid, start, end=None, fte=100, urn=A, closed_by=None, lead=None, terms=None, outcome=None):
    return InductionPeriod(
        pid,
        TRN,
        urn,
        start,
        end,
        fte,
        "provider_led",
        closed_by=closed_by,
        lead=lead,
        fte_terms_tenths=terms,
        outcome=outcome,
    )


def elsewhere(pid, start, end, terms, part1=0, part2=0, extension=None, ab="Pennine TSH"):
    return InductionPeriod(
        pid,
        TRN,
        None,
        start,
        end,
        None,
        None,
        fte_terms_tenths=terms,
        closed_by="release",
        elsewhere=Elsewhere(ab, "Moor Lane Primary", part1, part2, extension),
    )


def decision(outcome, on, tenths=None, **appeal):
    return Decision(1, TRN, outcome, on, extension_tenths=tenths, **appeal)


@dataclass
class Case:
    name: str
    periods: list
    today: dt.date
    served: int  # FTE terms served, tenths, as ect show says
    by_period: dict  # period id -> tenths
    first: str | None  # term of the first formal assessment here (None: none here)
    final: str  # term of the (last) final formal assessment
    end: dt.date | None  # end of induction
    required: int = 60
    decisions: list = field(default_factory=list)
    absences: list = field(default_factory=list)
    status: str | None = None


CASES = [
    Case(
        # Full time from 2025-09-01: six whole terms, final 2027-summer. As of
        # 2027-11-22, awaiting the decision, nothing after 2027-07-22 counts: 6.0, not 7.0.
        "awaiting a decision a term later counts nothing after the end of induction",
        [here(1, D(2025, 9, 1))],
        D(2027, 11, 22),
        60,
        {1: 60},
        "2026-summer",
        "2027-summer",
        D(2027, 7, 22),
    ),
    Case(
        # The same ECT passed on 2027-09-15 (the term after): the period closed on the end
        # of induction, 2027-07-22, so 6.0 terms, not 6.1.
        "a pass recorded in the term after the final adds no terms",
        [here(1, D(2025, 9, 1), D(2027, 7, 22), outcome="pass")],
        D(2027, 11, 22),
        60,
        {1: 60},
        "2026-summer",
        "2027-summer",
        D(2027, 7, 22),
        decisions=[decision("pass", D(2027, 9, 15))],
        status="passed",
    ),
    Case(
        # Passed on 2027-07-10, inside the final term: the period still ends 2027-07-22, so
        # 2027-summer is whole (77/77) and holds the final; as of the decision day the ECT
        # shows all 6.0 (induction decided counts to its end), not 5.9.
        "a pass recorded inside the final term keeps the final and 6.0 terms",
        [here(1, D(2025, 9, 1), D(2027, 7, 22), outcome="pass")],
        D(2027, 7, 10),
        60,
        {1: 60},
        "2026-summer",
        "2027-summer",
        D(2027, 7, 22),
        decisions=[decision("pass", D(2027, 7, 10))],
        status="passed",
    ),
    Case(
        # A move on Monday 2026-01-26: spring has 60 days; A holds 05-23 Jan = 15 (0.25),
        # B the other 45 (0.75); one rounding: 1.0, not 0.3 + 0.8 = 1.1. Shares of 10:
        # quotas 2.5 and 7.5, a tie of remainders goes to the earlier: A 3, B 7. After three
        # terms: 3.0 (A 1.0 + 0.3 = 1.3, B 0.7 + 1.0 = 1.7), not 3.1.
        "a move mid-term counts the term once",
        [here(1, D(2025, 9, 1), D(2026, 1, 25), closed_by="move"), here(2, D(2026, 1, 26), urn=B)],
        D(2026, 7, 30),
        30,
        {1: 13, 2: 17},
        "2026-summer",
        "2027-summer",
        D(2027, 7, 22),
    ),
    Case(
        # FTE 1.0 then 0.5 from Monday 2026-02-16 at the same school: spring 30 days at 1.0
        # (0.5) and 30 at 0.5 (0.25): 0.75 rounds once to 0.8 (not 0.5 + 0.3). Shares of 8:
        # quotas 8 x 2/3 = 5.33 and 2.67: floors 5 and 2, the tenth left to the larger
        # remainder (0.67): 5 and 3. Summer 0.5: running 1.0, 1.8, 2.3; then +0.5 a term:
        # 2.8 (2026-autumn), 3.3 (2027-spring: first), 3.8, 4.3, 4.8, 5.3, 5.8, 6.3 in
        # 2029-spring (the final; spring 2029 ends the Friday 9 days before Easter, 1 Apr).
        "an FTE change mid-term counts the term once",
        [
            here(1, D(2025, 9, 1), D(2026, 2, 15), closed_by="fte_change"),
            here(2, D(2026, 2, 16), fte=50),
        ],
        D(2026, 7, 30),
        23,
        {1: 15, 2: 8},
        "2027-spring",
        "2029-spring",
        D(2029, 3, 23),
    ),
    Case(
        # Two posts: 0.6 at A from 2025-09-01, and 0.4 at B from 2026-01-05 (A leads).
        # Autumn 0.6; then 0.6 + 0.4 = 1.0 each term: 0.6, 1.6, 2.6, 3.6 -> the first
        # assessment in 2026-autumn; 4.6, 5.6, 6.6 -> the final in 2027-autumn.
        "two posts at once add up in one figure a term",
        [
            here(1, D(2025, 9, 1), fte=60, lead=True),
            here(2, D(2026, 1, 5), fte=40, urn=B, lead=False),
        ],
        D(2026, 7, 30),
        26,
        {1: 18, 2: 8},
        "2026-autumn",
        "2027-autumn",
        D(2027, 12, 20),
    ),
    Case(
        # Two terms elsewhere (2025-09-01 to 2026-03-27, 2.0 as the DfE holds them), then
        # full time here from 2026-04-13: 2.0 + 1.0 = 3.0 in 2026-summer, the first
        # assessment comes after 1.0 more term here; 6.0 in 2027-summer.
        "induction served elsewhere continues the schedule",
        [elsewhere(1, D(2025, 9, 1), D(2026, 3, 27), 20), here(2, D(2026, 4, 13))],
        D(2026, 11, 22),
        # 2.0 + 1.0 + 2026-autumn to 22 Nov: 1 Sep-20 Nov = 59 of 79 days = 0.747 -> 0.7
        37,
        {1: 20, 2: 17},
        "2026-summer",
        "2027-summer",
        D(2027, 7, 22),
    ),
    Case(
        # Left the other AB mid-spring: 1.5 terms held by the DfE for 2025-09-01 to
        # 2026-02-13 (autumn whole, spring 30 of 60 days: spread 1.0 and 0.5). Here from
        # 2026-02-23 full time: 25 of 60 days = 0.417. Spring: 0.5 + 0.417 = 0.917 ->
        # 0.9 rounded once; the 0.5 elsewhere stays as given, 0.4 here. Running 1.0, 1.9,
        # 2.9, 3.9 -> the first assessment in 2026-autumn; 6.9 in 2027-autumn.
        "a transfer mid-term shares the term with the period elsewhere",
        [elsewhere(1, D(2025, 9, 1), D(2026, 2, 13), 15), here(2, D(2026, 2, 23))],
        D(2026, 7, 30),
        29,
        {1: 15, 2: 14},
        "2026-autumn",
        "2027-autumn",
        D(2027, 12, 20),
    ),
    Case(
        # 20 days absent in part 1 elsewhere and 12 days sickness here (2026-spring, part
        # 1): 32 >= 30, so part 1 is extended by ceil(32/65, 1 dp) = 0.5. Elsewhere 1.0
        # (2025-autumn), here from 2026-01-05: 2.0, 3.0 (< 3.5), 4.0 -> first in 2026-autumn.
        "absence elsewhere counts towards the part's 30 days",
        [elsewhere(1, D(2025, 9, 1), D(2025, 12, 19), 10, part1=20), here(2, D(2026, 1, 5))],
        D(2026, 7, 30),
        30,
        {1: 10, 2: 20},
        "2026-autumn",
        "2027-autumn",  # 6.5 needed: 4.0, 5.0, 6.0, 7.0 in 2027-autumn
        D(2027, 12, 20),
        required=65,
        absences=[Absence(D(2026, 1, 12), D(2026, 1, 27), 12, "sickness")],
    ),
    Case(
        # The other AB extended induction by 1.0: 7.0 needed. Elsewhere 3.0 (its first
        # assessment held there), here full time from 2026-09-01: 4.0 (2026-autumn), 5.0,
        # 6.0 (2027-summer), 7.0 in 2027-autumn: the final.
        "an extension decided elsewhere lengthens the whole",
        [elsewhere(1, D(2025, 9, 1), D(2026, 7, 22), 30, extension=10), here(2, D(2026, 9, 1))],
        D(2026, 11, 22),
        37,
        {1: 30, 2: 7},
        None,  # 3.0 was reached elsewhere: no first assessment here
        "2027-autumn",
        D(2027, 12, 20),
        required=70,
    ),
    Case(
        # Failed (2027-07-20), appeal extended by 1.0 on Fri 2027-10-01: the fail becomes an
        # extension, the post is open again, 7.0 needed. Nothing counts from the end of
        # induction (2027-07-22) to the appeal's result: 2027-autumn counts from 1 Oct.
        # As of 2027-11-22: 1 Oct-22 Nov = 21 + 15 + 1 = 37 of 79 days = 0.47 -> 0.5: 6.5.
        # The whole of autumn from 1 Oct: 21 + 22 + 14 = 57/79 = 0.72 -> 0.7: 6.7 < 7.0;
        # 2028-spring 7.7: the second final, ending 2028-04-07.
        "an appeal that extends replaces the fail",
        [here(1, D(2025, 9, 1))],
        D(2027, 11, 22),
        65,
        {1: 65},
        "2026-summer",
        "2028-spring",
        D(2028, 4, 7),
        required=70,
        decisions=[
            decision(
                "fail",
                D(2027, 7, 20),
                appeal_lodged_on=D(2027, 8, 2),
                appeal_result="extended",
                appeal_result_on=D(2027, 10, 1),
                appeal_extension_tenths=10,
            )
        ],
        status="in_progress",
    ),
    Case(
        # Extended by 2.0 (2027-07-26), appeal allowed (2027-10-01): the extension is set
        # aside, the ECT has passed, induction ended at the first final (2027-07-22).
        "an appeal allowed against an extension is a pass at the first final",
        [here(1, D(2025, 9, 1), D(2027, 7, 22), outcome="pass")],
        D(2027, 11, 22),
        60,
        {1: 60},
        "2026-summer",
        "2027-summer",
        D(2027, 7, 22),
        decisions=[
            decision(
                "extend",
                D(2027, 7, 26),
                20,
                appeal_lodged_on=D(2027, 8, 2),
                appeal_result="allowed",
                appeal_result_on=D(2027, 10, 1),
            )
        ],
        status="passed",
    ),
    Case(
        # 0.8 FTE from 2025-09-01: 0.8 a term, 5.6 after seven, 6.4 in the eighth
        # (2028-spring), which holds the final; the end of induction is its last day, and
        # the whole term counts: 6.4 of 6.0 (as worked example 3 counts 7.0 of 6.7).
        "a part-time final term counts whole",
        [here(1, D(2025, 9, 1), fte=80)],
        D(2028, 9, 1),
        64,
        {1: 64},
        "2026-autumn",
        "2028-spring",
        D(2028, 4, 7),
    ),
]


def evaluate(case: Case) -> Induction:
    return Induction(ECT, case.periods, CAL, case.today, case.absences, (), case.decisions)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hand_worked_cases(case):
    ind = evaluate(case)
    assert ind.served_tenths == case.served
    assert {k: v for k, v in ind.period_tenths.items() if v or k in case.by_period} == (
        case.by_period
    )
    assert sum(ind.period_tenths.values()) == ind.served_tenths  # periods add up
    first = [c.term.name for c in ind.schedule.find(FIRST_ASSESSMENT)]
    assert first == ([case.first] if case.first else [])
    finals = [c.term.name for c in ind.schedule.find(FINAL_ASSESSMENT)]
    assert finals[-1] == case.final
    if case.end is not None:
        assert ind.end_of_induction == case.end
    assert ind.schedule.required_tenths == case.required
    if case.status:
        assert ind.status == case.status
    assert all(t.tenths <= 10 for t in ind.schedule.terms)  # never over 1.0 a term
    for t in ind.schedule.terms:
        assert sum(t.shares.values()) == t.tenths


@pytest.mark.parametrize(
    "total, weights, caps, shares",
    [
        (10, [15, 45], None, [3, 7]),  # 2.5 / 7.5: a tie of remainders goes to the earlier
        (8, [2, 1], None, [5, 3]),  # 5.33 / 2.67: the spare tenth to the larger remainder
        (7, [60, 40], None, [4, 3]),  # 4.2 / 2.8 -> 4, 2, then the .8 -> 4, 3
        (0, [1, 1], None, [0, 0]),
        (15, [1, 0.5], [10, 10], [10, 5]),  # 1.5 spread over a whole and a half term
        (13, [1, 1], [10, 3], [10, 3]),  # 6.5 each, but the second holds at most 3
    ],
)
def test_largest_remainder(total, weights, caps, shares):
    from fractions import Fraction

    assert apportion(total, [Fraction(w) for w in weights], caps) == shares


def test_two_posts_and_a_period_elsewhere_are_consistent_for_doctor():
    assert problems(evaluate(CASES[5])) == []
    assert problems(evaluate(CASES[6])) == []
    overlapping = [here(1, D(2025, 9, 1)), here(2, D(2026, 1, 5), urn=B)]  # no lead recorded
    found = problems(Induction(ECT, overlapping, CAL, D(2026, 7, 30)))
    assert any("overlap" in p for p, _ in found)


def test_doctor_finds_an_outcome_closed_on_the_decision_date():
    # What the first release stored: the pass closed the period on 2027-07-10.
    old = [here(1, D(2025, 9, 1), D(2027, 7, 10), outcome="pass")]
    ind = Induction(ECT, old, CAL, D(2027, 11, 22), decisions=[decision("pass", D(2027, 7, 10))])
    ((problem, fix),) = problems(ind)
    assert "not on the end of induction 2027-07-22" in problem
    assert "doctor --repair" in fix


def test_an_exempt_teacher_has_nothing_due():
    exempt = replace(ECT, exempt_reason="qtls", exempt_on=D(2026, 1, 10))
    ind = Induction(
        exempt, [here(1, D(2025, 9, 1), D(2025, 12, 19), closed_by="release")], CAL, D(2026, 7, 30)
    )
    assert ind.status == "exempt"
    assert ind.checkpoints == [] and ind.deadlines == []
