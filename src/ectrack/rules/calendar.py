"""Terms and working days: the calendar that induction is counted in.

See "Terms and FTE terms [decision]" in induction-rules.md. A term is named
``2025-autumn``, ``2026-spring``, ``2026-summer`` (calendar year, then season);
the academic year 2025/26 holds those three. Where the AB has not set a term's
dates, ectrack uses the documented default. Bank holidays are passed in (see
``ectrack.bank_holidays``) so these functions stay pure.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ectrack.errors import InvalidValue

SEASONS = ("autumn", "spring", "summer")
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, order=True, slots=True)
class Term:
    """One school term, ordered in time: ``index`` = academic year x 3 + season."""

    index: int

    @classmethod
    def of(cls, academic_year: int, season: str) -> Term:
        return cls(academic_year * 3 + SEASONS.index(season))

    @property
    def academic_year(self) -> int:
        """The calendar year in which this term's academic year began."""
        return self.index // 3

    @property
    def season(self) -> str:
        return SEASONS[self.index % 3]

    @property
    def year(self) -> int:
        """The calendar year the term falls in (its name's year)."""
        return self.academic_year + (0 if self.season == "autumn" else 1)

    @property
    def name(self) -> str:
        return f"{self.year}-{self.season}"

    def __str__(self) -> str:
        return self.name

    def next(self, count: int = 1) -> Term:
        return Term(self.index + count)

    # Terms key the calendar's caches and every schedule: compare by index alone,
    # without the generated tuple-building methods.
    def __eq__(self, other: object) -> bool:
        return other.__class__ is Term and self.index == other.index

    def __hash__(self) -> int:
        return self.index  # an int hashes to itself


_TERM_NAME = re.compile(r"(\d{4})[\s\-_/]*(autumn|spring|summer)", re.ASCII)


def parse_term(value: object, field: str = "term") -> Term:
    """``2025-autumn`` (also ``2025 Autumn``, ``autumn 2025``) → Term."""
    text = "" if value is None else str(value).strip().lower()
    m = _TERM_NAME.fullmatch(text) or _TERM_NAME.fullmatch(" ".join(text.split()[::-1]))
    if not m:
        raise InvalidValue(
            field, value, "not a term", "write the term as YEAR-SEASON, e.g. 2025-autumn"
        )
    year, season = int(m[1]), m[2]
    return Term.of(year if season == "autumn" else year - 1, season)


class WorkingDays:
    """Monday to Friday, except England-and-Wales bank holidays."""

    def __init__(self, bank_holidays: Iterable[dt.date] = ()):
        self.bank_holidays = frozenset(bank_holidays)
        self._weekday_holidays = sorted(h for h in self.bank_holidays if h.weekday() < 5)
        self._counts: dict[tuple[dt.date, dt.date], int] = {}

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.bank_holidays

    def count(self, first: dt.date, last: dt.date) -> int:
        """Working days from ``first`` to ``last``, both included (0 if last < first)."""
        if last < first:
            return 0
        key = (first, last)
        if key in self._counts:  # cohorts share dates: most counts repeat
            return self._counts[key]
        days = (last - first).days + 1
        weeks, rest = divmod(days, 7)
        weekdays = weeks * 5 + sum((first.weekday() + i) % 7 < 5 for i in range(rest))
        holidays = bisect.bisect_right(self._weekday_holidays, last) - bisect.bisect_left(
            self._weekday_holidays, first
        )
        self._counts[key] = weekdays - holidays
        return self._counts[key]

    def add(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (``day`` itself not counted)."""
        while count > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                count -= 1
        return day

    def on_or_after(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += ONE_DAY
        return day


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _last_weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= ONE_DAY
    return day


@dataclass(frozen=True, slots=True)
class TermDates:
    term: Term
    starts_on: dt.date
    ends_on: dt.date
    deadline_on: dt.date | None = None  # the AB's deadline for returns, if set
    is_default: bool = True

    @property
    def due_on(self) -> dt.date:
        """When this term's returns are due: the AB's deadline, else the last day."""
        return self.deadline_on or self.ends_on

    def holds(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def default_term_dates(term: Term, working_days: WorkingDays) -> TermDates:
    """[decision] The default calendar, approximating English term dates.

    Autumn: 1 September to the last weekday on or before 20 December. Spring:
    the first working day on or after 4 January to the Friday 9 days before
    Easter Sunday. Summer: the Monday 17 days after spring ends to the last
    weekday on or before 22 July.
    """
    y = term.academic_year
    if term.season == "autumn":
        return TermDates(term, dt.date(y, 9, 1), _last_weekday_on_or_before(dt.date(y, 12, 20)))
    spring_end = easter_sunday(y + 1) - dt.timedelta(days=9)
    if term.season == "spring":
        return TermDates(term, working_days.on_or_after(dt.date(y + 1, 1, 4)), spring_end)
    return TermDates(
        term,
        spring_end + dt.timedelta(days=17),
        _last_weekday_on_or_before(dt.date(y + 1, 7, 22)),
    )


def academic_year_of(day: dt.date) -> int:
    return day.year if day.month >= 8 else day.year - 1


class TermCalendar:
    """Term dates for any term: the AB's own where set, else the default."""

    def __init__(
        self, working_days: WorkingDays, overrides: Mapping[Term, TermDates] | None = None
    ):
        self.working_days = working_days
        self.overrides = dict(overrides or {})
        self._cache: dict[Term, TermDates] = {}
        self._term_days: dict[Term, int] = {}

    def dates(self, term: Term) -> TermDates:
        try:
            return self._cache[term]
        except KeyError:
            found = self.overrides.get(term) or default_term_dates(term, self.working_days)
            self._cache[term] = found
            return found

    def working_days_in(self, term: Term) -> int:
        try:
            return self._term_days[term]
        except KeyError:
            d = self.dates(term)
            self._term_days[term] = days = self.working_days.count(d.starts_on, d.ends_on)
            return days

    def term_on_or_after(self, day: dt.date) -> Term:
        """The term holding ``day``, or if ``day`` is in a holiday, the next term."""
        term = Term.of(academic_year_of(day) - 1, "summer")
        while self.dates(term).ends_on < day:
            term = term.next()
        return term

    def term_on_or_before(self, day: dt.date) -> Term:
        """The term holding ``day``, or if ``day`` is in a holiday, the last term."""
        term = self.term_on_or_after(day)
        return term if self.dates(term).starts_on <= day else term.next(-1)

    def terms_of_year(self, academic_year: int) -> list[TermDates]:
        return [self.dates(Term.of(academic_year, s)) for s in SEASONS]
