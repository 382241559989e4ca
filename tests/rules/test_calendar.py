"""Tests for ectrack.rules.calendar: terms, default term dates and working days.

Every expected date below is worked out by hand from "Terms and FTE terms" in
shared/domain/induction-rules.md and the real England-and-Wales bank holidays.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ectrack.bank_holidays import england_and_wales
from ectrack.errors import InvalidValue
from ectrack.rules.calendar import (
    SEASONS,
    Term,
    TermCalendar,
    TermDates,
    WorkingDays,
    academic_year_of,
    default_term_dates,
    easter_sunday,
    parse_term,
)

D = dt.date
WD = WorkingDays(england_and_wales())
CAL = TermCalendar(WD)


def T(name: str) -> Term:
    return parse_term(name)


# --- Term ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("academic_year", "season", "name", "year"),
    [
        (2025, "autumn", "2025-autumn", 2025),
        (2025, "spring", "2026-spring", 2026),
        (2025, "summer", "2026-summer", 2026),
        (2026, "autumn", "2026-autumn", 2026),
        (1999, "summer", "2000-summer", 2000),
    ],
)
def test_term_name_year_and_season(academic_year, season, name, year):
    term = Term.of(academic_year, season)
    assert term.name == name
    assert str(term) == name
    assert term.year == year
    assert term.season == season
    assert term.academic_year == academic_year


def test_terms_are_ordered_in_time():
    names = ["2024-autumn", "2025-spring", "2025-summer", "2025-autumn", "2026-spring"]
    terms = [T(n) for n in names]
    assert sorted(reversed(terms)) == terms
    assert T("2025-summer") < T("2025-autumn") < T("2026-spring")
    assert T("2026-spring") > T("2025-autumn")


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        ("2025-autumn", 1, "2026-spring"),
        ("2026-spring", 1, "2026-summer"),
        ("2026-summer", 1, "2026-autumn"),
        ("2025-autumn", 3, "2026-autumn"),
        ("2025-autumn", 6, "2027-autumn"),
        ("2025-autumn", -1, "2025-summer"),
        ("2026-summer", -3, "2025-summer"),
        ("2026-spring", 0, "2026-spring"),
    ],
)
def test_term_next(start, count, expected):
    assert T(start).next(count).name == expected


def test_term_next_defaults_to_one():
    assert T("2026-summer").next() == T("2026-autumn")


# --- parse_term ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "academic_year", "season"),
    [
        ("2025-autumn", 2025, "autumn"),
        ("2026-spring", 2025, "spring"),
        ("2026-summer", 2025, "summer"),
        ("2025 Autumn", 2025, "autumn"),
        ("Autumn 2025", 2025, "autumn"),
        ("SPRING 2026", 2025, "spring"),
        ("  2026-summer  ", 2025, "summer"),
        ("2027_spring", 2026, "spring"),
        ("2027/summer", 2026, "summer"),
        ("2030autumn", 2030, "autumn"),
        ("summer  2031", 2030, "summer"),
    ],
)
def test_parse_term_accepts(text, academic_year, season):
    assert parse_term(text) == Term.of(academic_year, season)


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "   ",
        "2025-winter",
        "autumn",
        "2025",
        "25-autumn",
        "20255-autumn",
        "2025-autumnal",
        "2025-autumn 2026",
        "2025-autumn-spring",
        2025,
    ],
)
def test_parse_term_rejects(text):
    with pytest.raises(InvalidValue) as caught:
        parse_term(text)
    assert caught.value.field == "term"
    assert "not a term" in caught.value.message


def test_parse_term_names_the_field():
    with pytest.raises(InvalidValue) as caught:
        parse_term("next term", field="first_term")
    assert caught.value.field == "first_term"
    assert caught.value.message.startswith("first_term 'next term'")


@pytest.mark.parametrize("index", range(2024 * 3, 2032 * 3))
def test_parse_term_round_trips_the_name(index):
    term = Term(index)
    assert parse_term(term.name) == term


# --- easter_sunday ------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1818, D(1818, 3, 22)),  # earliest possible date
        (1943, D(1943, 4, 25)),  # latest possible date
        (2000, D(2000, 4, 23)),
        (2008, D(2008, 3, 23)),
        (2011, D(2011, 4, 24)),
        (2015, D(2015, 4, 5)),
        (2016, D(2016, 3, 27)),
        (2019, D(2019, 4, 21)),
        (2020, D(2020, 4, 12)),
        (2021, D(2021, 4, 4)),
        (2022, D(2022, 4, 17)),
        (2023, D(2023, 4, 9)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2028, D(2028, 4, 16)),
        (2029, D(2029, 4, 1)),
        (2030, D(2030, 4, 21)),
        (2031, D(2031, 4, 13)),
        (2032, D(2032, 3, 28)),
        (2035, D(2035, 3, 25)),
        (2038, D(2038, 4, 25)),
        (2285, D(2285, 3, 22)),
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter
    assert easter_sunday(year).weekday() == 6


def test_easter_sunday_agrees_with_the_bank_holidays():
    """Good Friday and Easter Monday are England-and-Wales bank holidays."""
    holidays = england_and_wales()
    for year in range(2000, 2040):
        easter = easter_sunday(year)
        assert easter - dt.timedelta(days=2) in holidays
        assert easter + dt.timedelta(days=1) in holidays


# --- default term dates -------------------------------------------------------

# (term, starts_on, ends_on, working days). Worked out by hand:
# 2024/25: 1 Sep 2024 is a Sunday (autumn still starts on 1 Sep); 20 Dec 2024 a
#   Friday; 4 Jan 2025 a Saturday -> Mon 6 Jan; Easter 20 Apr -> Fri 11 Apr;
#   +17 days -> Mon 28 Apr; 22 Jul 2025 a Tuesday.
# 2025/26: 20 Dec 2025 a Saturday -> Fri 19 Dec; 4 Jan 2026 a Sunday -> Mon 5
#   Jan; Easter 5 Apr -> Fri 27 Mar; Mon 13 Apr; 22 Jul 2026 a Wednesday.
# 2026/27: 20 Dec 2026 a Sunday -> Fri 18 Dec; 4 Jan 2027 a Monday; Easter 28
#   Mar -> Fri 19 Mar; Mon 5 Apr; 22 Jul 2027 a Thursday.
# 2027/28: 20 Dec 2027 a Monday; 4 Jan 2028 a Tuesday (3 Jan is the substitute
#   New Year bank holiday); Easter 16 Apr -> Fri 7 Apr; Mon 24 Apr; 22 Jul
#   2028 a Saturday -> Fri 21 Jul.
# 2030/31: 1 Sep 2030 a Sunday; 20 Dec 2030 a Friday; 4 Jan 2031 a Saturday ->
#   Mon 6 Jan; Easter 13 Apr -> Fri 4 Apr; Mon 21 Apr; 22 Jul 2031 a Tuesday.
# Working days: weekdays less the bank holidays inside the term, e.g.
# 2026-summer: 13 Apr-17 Jul is 14 weeks (70) + 20-22 Jul (3) - 4 May - 25 May = 71.
DEFAULT_TERMS = [
    ("2024-autumn", D(2024, 9, 1), D(2024, 12, 20), 80),
    ("2025-spring", D(2025, 1, 6), D(2025, 4, 11), 70),
    ("2025-summer", D(2025, 4, 28), D(2025, 7, 22), 60),
    ("2025-autumn", D(2025, 9, 1), D(2025, 12, 19), 80),
    ("2026-spring", D(2026, 1, 5), D(2026, 3, 27), 60),
    ("2026-summer", D(2026, 4, 13), D(2026, 7, 22), 71),
    ("2026-autumn", D(2026, 9, 1), D(2026, 12, 18), 79),
    ("2027-spring", D(2027, 1, 4), D(2027, 3, 19), 55),
    ("2027-summer", D(2027, 4, 5), D(2027, 7, 22), 77),
    ("2027-autumn", D(2027, 9, 1), D(2027, 12, 20), 79),
    ("2028-spring", D(2028, 1, 4), D(2028, 4, 7), 69),
    ("2028-summer", D(2028, 4, 24), D(2028, 7, 21), 63),
    ("2030-autumn", D(2030, 9, 1), D(2030, 12, 20), 80),
    ("2031-spring", D(2031, 1, 6), D(2031, 4, 4), 65),
    ("2031-summer", D(2031, 4, 21), D(2031, 7, 22), 65),
]


@pytest.mark.parametrize(("name", "starts_on", "ends_on", "working_days"), DEFAULT_TERMS)
def test_default_term_dates(name, starts_on, ends_on, working_days):
    term = T(name)
    dates = default_term_dates(term, WD)
    assert dates.term == term
    assert (dates.starts_on, dates.ends_on) == (starts_on, ends_on)
    assert dates.is_default
    assert dates.deadline_on is None
    assert dates.due_on == ends_on
    assert CAL.dates(term) == dates
    assert CAL.working_days_in(term) == working_days


@pytest.mark.parametrize("academic_year", range(2015, 2036))
def test_default_term_shape_every_year(academic_year):
    """The rules, checked on every year: spring ends on a Friday 9 days before
    Easter, summer starts on the Monday 17 days later, terms never overlap."""
    autumn, spring, summer = CAL.terms_of_year(academic_year)
    easter = easter_sunday(academic_year + 1)
    assert autumn.starts_on == D(academic_year, 9, 1)
    assert autumn.ends_on.weekday() < 5
    assert D(academic_year, 12, 14) < autumn.ends_on <= D(academic_year, 12, 20)
    assert D(academic_year + 1, 1, 4) <= spring.starts_on <= D(academic_year + 1, 1, 6)
    assert WD.is_working_day(spring.starts_on)
    assert spring.ends_on == easter - dt.timedelta(days=9)
    assert spring.ends_on.weekday() == 4
    assert summer.starts_on == spring.ends_on + dt.timedelta(days=17)
    assert summer.starts_on.weekday() == 0
    assert summer.ends_on.weekday() < 5
    assert D(academic_year + 1, 7, 16) < summer.ends_on <= D(academic_year + 1, 7, 22)
    assert [t.term.season for t in (autumn, spring, summer)] == list(SEASONS)


def test_spring_starts_on_the_first_working_day():
    """4 Jan 2028 is a Tuesday; 4 Jan 2031 a Saturday, 4 Jan 2032 a Sunday."""
    assert CAL.dates(T("2028-spring")).starts_on == D(2028, 1, 4)
    assert CAL.dates(T("2031-spring")).starts_on == D(2031, 1, 6)
    assert CAL.dates(T("2032-spring")).starts_on == D(2032, 1, 5)


def test_academic_year_of():
    assert academic_year_of(D(2025, 9, 1)) == 2025
    assert academic_year_of(D(2025, 8, 1)) == 2025
    assert academic_year_of(D(2025, 7, 31)) == 2024
    assert academic_year_of(D(2026, 1, 5)) == 2025
    assert academic_year_of(D(2026, 12, 31)) == 2026


# --- WorkingDays ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # Christmas 2026: 25 Dec (Fri), 28 Dec (Mon, for Boxing Day on a Saturday),
        # 1 Jan 2027 (Fri): 15 weekdays - 3.
        (D(2026, 12, 21), D(2027, 1, 8), 12),
        # Christmas 2027 falls on a weekend: substitutes Mon 27 and Tue 28 Dec.
        (D(2027, 12, 20), D(2027, 12, 31), 8),
        # Christmas 2025: Thu 25 and Fri 26 Dec, Thu 1 Jan.
        (D(2025, 12, 22), D(2026, 1, 2), 7),
        # Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr.
        (D(2026, 3, 30), D(2026, 4, 10), 8),
        # Easter 2027: 26 and 29 Mar.
        (D(2027, 3, 22), D(2027, 4, 2), 8),
        # August bank holiday 2026: Mon 31 Aug.
        (D(2026, 8, 24), D(2026, 9, 4), 9),
        (D(2026, 8, 31), D(2026, 8, 31), 0),
        (D(2026, 9, 1), D(2026, 9, 1), 1),
        (D(2026, 8, 29), D(2026, 8, 30), 0),  # a weekend
        (D(2026, 9, 2), D(2026, 9, 1), 0),  # last before first
        (D(2025, 9, 1), D(2025, 12, 19), 80),  # 16 whole weeks
        (D(2025, 9, 3), D(2025, 9, 9), 5),  # Wed to Tue
        (D(2026, 1, 1), D(2026, 12, 31), 253),  # 261 weekdays - 8 bank holidays
    ],
)
def test_working_days_count(first, last, expected):
    assert WD.count(first, last) == expected


def test_working_days_count_matches_a_day_by_day_count():
    first = D(2026, 11, 30)
    for length in range(0, 60):
        last = first + dt.timedelta(days=length)
        by_hand = sum(WD.is_working_day(first + dt.timedelta(days=i)) for i in range(length + 1))
        assert WD.count(first, last) == by_hand


def test_working_days_without_bank_holidays():
    plain = WorkingDays()
    assert plain.count(D(2026, 12, 21), D(2027, 1, 8)) == 15
    assert plain.is_working_day(D(2026, 12, 25))
    assert plain.add(D(2026, 12, 24), 1) == D(2026, 12, 25)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 8, 31), False),  # August bank holiday
        (D(2026, 9, 1), True),
        (D(2026, 12, 25), False),
        (D(2026, 12, 26), False),  # Saturday
        (D(2026, 12, 28), False),  # substitute for Boxing Day
        (D(2026, 12, 29), True),
        (D(2027, 1, 1), False),
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 4, 7), True),
        (D(2026, 4, 5), False),  # Easter Sunday
        (D(2026, 5, 4), False),  # early May bank holiday
        (D(2026, 7, 17), True),
    ],
)
def test_is_working_day(day, expected):
    assert WD.is_working_day(day) is expected


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (D(2026, 12, 24), 1, D(2026, 12, 29)),  # over 25, 26, 27, 28 Dec
        (D(2026, 12, 23), 3, D(2026, 12, 30)),
        (D(2026, 12, 18), 10, D(2027, 1, 6)),
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # over Good Friday and Easter Monday
        (D(2027, 3, 25), 3, D(2027, 4, 1)),
        (D(2026, 8, 28), 1, D(2026, 9, 1)),  # over the August bank holiday
        (D(2026, 8, 29), 1, D(2026, 9, 1)),  # from a Saturday
        (D(2026, 7, 17), 20, D(2026, 8, 14)),
        (D(2026, 7, 17), 0, D(2026, 7, 17)),
        (D(2026, 8, 31), 0, D(2026, 8, 31)),  # the day itself is not counted
        (D(2026, 9, 1), 5, D(2026, 9, 8)),
    ],
)
def test_working_days_add(day, count, expected):
    assert WD.add(day, count) == expected


def test_add_and_count_agree():
    start = D(2026, 12, 1)
    for n in range(1, 40):
        end = WD.add(start, n)
        assert WD.is_working_day(end)
        assert WD.count(start + dt.timedelta(days=1), end) == n


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 9, 1), D(2026, 9, 1)),
        (D(2026, 8, 29), D(2026, 9, 1)),
        (D(2026, 12, 25), D(2026, 12, 29)),
        (D(2026, 4, 3), D(2026, 4, 7)),
    ],
)
def test_working_days_on_or_after(day, expected):
    assert WD.on_or_after(day) == expected


# --- TermCalendar ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "on_or_after", "on_or_before"),
    [
        (D(2025, 9, 1), "2025-autumn", "2025-autumn"),  # first day of a term
        (D(2025, 10, 15), "2025-autumn", "2025-autumn"),
        (D(2025, 12, 19), "2025-autumn", "2025-autumn"),  # last day of a term
        (D(2025, 12, 20), "2026-spring", "2025-autumn"),  # Christmas holiday
        (D(2025, 12, 25), "2026-spring", "2025-autumn"),
        (D(2026, 1, 2), "2026-spring", "2025-autumn"),
        (D(2026, 1, 5), "2026-spring", "2026-spring"),
        (D(2026, 3, 27), "2026-spring", "2026-spring"),
        (D(2026, 4, 1), "2026-summer", "2026-spring"),  # Easter holiday
        (D(2026, 4, 13), "2026-summer", "2026-summer"),
        (D(2026, 7, 22), "2026-summer", "2026-summer"),
        (D(2026, 7, 23), "2026-autumn", "2026-summer"),  # summer holiday
        (D(2026, 8, 10), "2026-autumn", "2026-summer"),
        (D(2026, 8, 31), "2026-autumn", "2026-summer"),
        (D(2024, 9, 1), "2024-autumn", "2024-autumn"),  # a Sunday, still autumn
        (D(2025, 1, 4), "2025-spring", "2024-autumn"),
    ],
)
def test_term_on_or_after_and_before(day, on_or_after, on_or_before):
    assert CAL.term_on_or_after(day).name == on_or_after
    assert CAL.term_on_or_before(day).name == on_or_before


def test_overrides_win_over_defaults():
    autumn, spring = T("2025-autumn"), T("2026-spring")
    own = TermDates(autumn, D(2025, 9, 3), D(2025, 12, 17), is_default=False)
    own_spring = TermDates(
        spring, D(2026, 1, 6), D(2026, 3, 31), deadline_on=D(2026, 3, 20), is_default=False
    )
    cal = TermCalendar(WD, {autumn: own, spring: own_spring})
    assert cal.dates(autumn) == own
    assert cal.dates(spring) == own_spring
    assert not cal.dates(autumn).is_default
    # 3 Sep (Wed) to 17 Dec (Wed): 15 weeks (75) and one day = 76 working days.
    assert cal.working_days_in(autumn) == 76
    # 6 Jan (Tue) to 31 Mar (Tue): 12 weeks + 1 day = 61.
    assert cal.working_days_in(spring) == 61
    assert cal.dates(spring).due_on == D(2026, 3, 20)
    assert cal.dates(autumn).due_on == D(2025, 12, 17)
    # Terms without an override keep the default.
    assert cal.dates(T("2026-summer")) == default_term_dates(T("2026-summer"), WD)
    assert cal.working_days_in(T("2026-summer")) == 71
    # The overridden dates move the holidays.
    assert cal.term_on_or_before(D(2025, 9, 2)).name == "2025-summer"
    assert cal.term_on_or_after(D(2025, 9, 2)).name == "2025-autumn"
    assert cal.term_on_or_after(D(2025, 12, 18)).name == "2026-spring"
    assert cal.term_on_or_before(D(2025, 12, 18)).name == "2025-autumn"
    assert cal.term_on_or_after(D(2026, 3, 30)).name == "2026-spring"
    assert CAL.term_on_or_after(D(2026, 3, 30)).name == "2026-summer"
    # The default calendar is untouched.
    assert CAL.dates(autumn).starts_on == D(2025, 9, 1)


def test_override_starting_in_august():
    autumn = T("2026-autumn")
    cal = TermCalendar(WD, {autumn: TermDates(autumn, D(2026, 8, 27), D(2026, 12, 16))})
    assert cal.term_on_or_after(D(2026, 8, 27)) == autumn
    assert cal.term_on_or_before(D(2026, 8, 26)).name == "2026-summer"
    assert CAL.term_on_or_before(D(2026, 8, 27)).name == "2026-summer"


def test_term_dates_holds():
    dates = CAL.dates(T("2026-spring"))
    assert dates.holds(D(2026, 1, 5))
    assert dates.holds(D(2026, 3, 27))
    assert not dates.holds(D(2026, 1, 4))
    assert not dates.holds(D(2026, 3, 28))


def test_terms_of_year():
    names = [d.term.name for d in CAL.terms_of_year(2026)]
    assert names == ["2026-autumn", "2027-spring", "2027-summer"]
