"""Table-driven tests for ectrack.rules.entitlement: which records are gaps, from
when each gap matters, and how what schools type is read."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from ectrack.errors import InvalidValue
from ectrack.induction import Induction
from ectrack.models import Ect, Entitlement, InductionPeriod, School, Staff
from ectrack.rules.calendar import TermCalendar, WorkingDays
from ectrack.rules.entitlement import (
    entitlement_gaps,
    parse_entitlement,
    parse_timetable,
    record_gaps,
)

D = dt.date
URN = "100001"
SCHOOL = School(URN, "Hillside Primary")
MENTOR = Staff(1, URN, "Tom Reed", qts=True)
TUTOR = Staff(2, URN, "Jo Ellis", qts=True)
COMPLETE = Entitlement(timetable_part1=90, timetable_part2=95, post_suitable=True)


def post(
    *,
    mentor: Staff | None = MENTOR,
    tutor: Staff | None = TUTOR,
    entitlement: Entitlement = COMPLETE,
    programme: str = "provider_led",
    started_on: dt.date = D(2025, 9, 1),
) -> InductionPeriod:
    return InductionPeriod(
        1,
        "1234567",
        URN,
        started_on,
        None,
        100,
        programme,
        mentor,
        tutor,
        entitlement=entitlement,
    )


CHECKED = replace(
    COMPLETE,
    fidelity_checked_on=D(2025, 10, 1),
    fidelity_result="met",
    fidelity_next_due=D(2026, 10, 1),
)

# (case, post, school, codes the record shows)
RECORDS = [
    ("complete", post(), SCHOOL, set()),
    ("no mentor", post(mentor=None), SCHOOL, {"mentor_missing"}),
    ("no tutor", post(tutor=None), SCHOOL, {"tutor_missing"}),
    (
        "QTS not confirmed",
        post(mentor=replace(MENTOR, qts=None), tutor=replace(TUTOR, qts=None)),
        SCHOOL,
        {"mentor_qts_unconfirmed", "tutor_qts_unconfirmed"},
    ),
    ("mentor without QTS", post(mentor=replace(MENTOR, qts=False)), SCHOOL, {"mentor_no_qts"}),
    ("tutor without QTS", post(tutor=replace(TUTOR, qts=False)), SCHOOL, {"tutor_no_qts"}),
    ("one person, same record", post(tutor=MENTOR), SCHOOL, {"same_person"}),
    (
        "one person, same name in another case",
        post(tutor=Staff(3, URN, "TOM REED", "t@x.example", True)),
        SCHOOL,
        {"same_person"},
    ),
    (
        "one person with a reason",
        post(tutor=MENTOR, entitlement=replace(COMPLETE, same_person_reason="small school")),
        SCHOOL,
        set(),
    ),
    (
        "no timetables",
        post(entitlement=replace(COMPLETE, timetable_part1=None, timetable_part2=None)),
        SCHOOL,
        {"timetable_part1_unconfirmed", "timetable_part2_unconfirmed"},
    ),
    (
        "timetables just over",
        post(entitlement=replace(COMPLETE, timetable_part1=91, timetable_part2=96)),
        SCHOOL,
        {"timetable_part1_over", "timetable_part2_over"},
    ),
    (
        "post not confirmed",
        post(entitlement=replace(COMPLETE, post_suitable=None)),
        SCHOOL,
        {"post_unconfirmed"},
    ),
    (
        "post unsuitable",
        post(entitlement=replace(COMPLETE, post_suitable=False)),
        SCHOOL,
        {"post_unsuitable"},
    ),
    ("special measures", post(), replace(SCHOOL, special_measures=True), {"special_measures"}),
    (
        "special measures, HMCI allows",
        post(),
        replace(SCHOOL, special_measures=True, induction_permitted=True),
        set(),
    ),
    ("special measures unknown", post(), replace(SCHOOL, special_measures=None), set()),
    ("school not known", post(), None, set()),
    ("school-led, never checked", post(programme="school_led"), SCHOOL, {"fidelity_missing"}),
    (
        "school-led, not met",
        post(programme="school_led", entitlement=replace(CHECKED, fidelity_result="not_met")),
        SCHOOL,
        {"fidelity_not_met"},
    ),
    (
        "school-led, met (due again)",
        post(programme="school_led", entitlement=CHECKED),
        SCHOOL,
        {"fidelity_overdue"},  # a fact of the record: it matters from the due date
    ),
    ("provider-led needs no check", post(entitlement=COMPLETE), SCHOOL, set()),
]


@pytest.mark.parametrize(
    ("case", "period", "school", "codes"), RECORDS, ids=[r[0] for r in RECORDS]
)
def test_record_gaps(case, period, school, codes):
    assert {f.code for f in record_gaps(period, school)} == codes


def test_a_failed_item_is_marked_failed_and_a_missing_one_is_not():
    found = {
        f.code: f.failed
        for f in record_gaps(
            post(
                mentor=replace(MENTOR, qts=False),
                tutor=None,
                entitlement=replace(COMPLETE, timetable_part1=100, post_suitable=None),
            ),
            SCHOOL,
        )
    }
    assert found == {
        "mentor_no_qts": True,
        "tutor_missing": False,
        "timetable_part1_over": True,
        "post_unconfirmed": False,
    }


def test_every_finding_names_a_command_with_the_ect_or_the_school():
    every = record_gaps(
        post(mentor=None, tutor=None, entitlement=Entitlement(), programme="school_led"),
        replace(SCHOOL, special_measures=True),
    )
    assert len(every) >= 6
    for finding in every:
        assert finding.command.startswith("ectrack ")
        assert "1234567" in finding.command or URN in finding.command
        assert finding.what and finding.todo


# ------------------------------------------------------------ active and first seen

CALENDAR = TermCalendar(WorkingDays(frozenset()))


def induction(period: InductionPeriod, today: dt.date) -> Induction:
    ect = Ect("1234567", "Amy", "Shah", D(1998, 4, 2), D(2025, 7, 18))
    return Induction(ect, [period], CALENDAR, today)


def gaps(period, today, seen=None, school=SCHOOL):
    found = entitlement_gaps(induction(period, today), {URN: school}, seen or {})
    return {g.code: g.first_seen_on for g in found}


NO_TIMETABLES = replace(COMPLETE, timetable_part1=None, timetable_part2=None)

# (case, post, today, stored first-seen days, expected {gap: first seen})
ACTIVE = [
    (
        "part 1: only part 1's timetable matters",
        post(entitlement=NO_TIMETABLES),
        D(2025, 10, 1),
        {},
        {"timetable_part1_unconfirmed": D(2025, 9, 1)},
    ),
    (
        "part 2: only part 2's timetable matters, from its first term",
        post(entitlement=NO_TIMETABLES),
        D(2026, 10, 1),
        {},
        {"timetable_part2_unconfirmed": D(2026, 9, 1)},
    ),
    (
        "first seen is the day it was recorded, when later than the start",
        post(mentor=None),
        D(2025, 12, 1),
        {(1, "mentor_missing"): D(2025, 9, 20)},
        {"mentor_missing": D(2025, 9, 20)},
    ),
    (
        "part 2's timetable recorded missing at registration is seen when part 2 begins",
        post(entitlement=NO_TIMETABLES),
        D(2026, 10, 1),
        {(1, "timetable_part2_unconfirmed"): D(2025, 9, 1)},
        {"timetable_part2_unconfirmed": D(2026, 9, 1)},
    ),
    (
        "first fidelity check not due before the first term ends",
        post(programme="school_led"),
        D(2025, 12, 1),
        {},
        {},
    ),
    (
        "first fidelity check overdue the day after the first term ends",
        post(programme="school_led"),
        D(2026, 1, 10),
        {},
        {
            "fidelity_missing": CALENDAR.dates(CALENDAR.term_on_or_after(D(2025, 9, 1))).ends_on
            + dt.timedelta(days=1)
        },
    ),
    (
        "a met check is not a gap before it is due again",
        post(programme="school_led", entitlement=CHECKED),
        D(2026, 10, 1),
        {},
        {},
    ),
    (
        "a met check past its next due date",
        post(programme="school_led", entitlement=CHECKED),
        D(2026, 10, 2),
        {},
        {"fidelity_overdue": D(2026, 10, 2)},
    ),
    (
        "a not-met check is a gap from its date",
        post(programme="school_led", entitlement=replace(CHECKED, fidelity_result="not_met")),
        D(2025, 11, 1),
        {},
        {"fidelity_not_met": D(2025, 10, 1)},
    ),
    (
        "a post that has not begun has no gaps",
        post(mentor=None, started_on=D(2026, 1, 5)),
        D(2025, 12, 1),
        {},
        {},
    ),
]


@pytest.mark.parametrize(
    ("case", "period", "today", "seen", "expected"), ACTIVE, ids=[a[0] for a in ACTIVE]
)
def test_when_a_gap_is_active_and_first_seen(case, period, today, seen, expected):
    assert gaps(period, today, seen) == expected


def test_an_ect_whose_post_has_ended_has_no_gaps():
    ended = replace(post(mentor=None), finished_on=D(2025, 12, 19), closed_by="release")
    assert gaps(ended, D(2026, 1, 10)) == {}


def test_gaps_come_oldest_first():
    found = entitlement_gaps(
        induction(post(mentor=None, tutor=None), D(2025, 12, 1)),
        {URN: SCHOOL},
        {(1, "mentor_missing"): D(2025, 11, 1), (1, "tutor_missing"): D(2025, 10, 1)},
    )
    assert [g.code for g in found] == ["tutor_missing", "mentor_missing"]


# ------------------------------------------------------------------ reading values

TIMETABLES = [
    ("90", 1, 90),
    ("90%", 1, 90),
    (" 85 % ", 1, 85),
    ("0.9", 1, 90),
    (0.95, 2, 95),
    (90.0, 1, 90),
    ("yes", 1, 90),
    ("Y", 2, 95),
    ("no", 1, 100),
    ("1", 1, 100),  # a whole timetable, as a fraction
    ("100", 2, 100),
]


@pytest.mark.parametrize(("value", "part", "percent"), TIMETABLES)
def test_timetables_are_read_as_whole_percent(value, part, percent):
    assert parse_timetable(value, part) == percent


@pytest.mark.parametrize("value", ["abc", "92.5", "150", "0", "-90", "", "maybe"])
def test_a_timetable_that_is_not_a_percentage_is_refused_naming_the_field(value):
    with pytest.raises(InvalidValue) as caught:
        parse_timetable(value, 2)
    assert caught.value.field == "timetable_part2"


def test_parse_entitlement_changes_only_what_is_given():
    base = Entitlement(timetable_part1=90, post_suitable=True)
    assert parse_entitlement(base) is base
    assert parse_entitlement(
        base, timetable_part2="95%", same_person_reason="  one  form entry "
    ) == (
        Entitlement(
            timetable_part1=90,
            timetable_part2=95,
            post_suitable=True,
            same_person_reason="one form entry",
        )
    )
    with pytest.raises(InvalidValue) as caught:
        parse_entitlement(base, post_suitable="perhaps")
    assert caught.value.field == "post_suitable"
