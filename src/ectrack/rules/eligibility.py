"""Who can start induction, when, and at what working pattern.

See "Identifiers" and "Length of induction" in induction-rules.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ectrack.errors import InvalidValue
from ectrack.labels import EXEMPTION_REASONS  # code → the TRS's words (REG 5, Sch 1)
from ectrack.values import parse_decimal, to_tenths

#: Statutory induction began on 7 May 1999; no induction can start earlier.
EARLIEST_INDUCTION_START = dt.date(1999, 5, 7)
MIN_AGE, MAX_AGE = 18, 100


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    """Whole years of age on a day (a 29 February birthday turns on 1 March)."""
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


def check_date_of_birth(date_of_birth: dt.date, on: dt.date, field: str = "date_of_birth"):
    """Age 18 to 100 on the induction start date.

    Every DfE service matches a teacher on TRN and date of birth and refuses
    ages outside 18-100. [decision] ectrack measures the age on the induction
    start date, so the check does not depend on the day it is run.
    """
    age = age_on(date_of_birth, on)
    if not MIN_AGE <= age <= MAX_AGE:
        raise InvalidValue(
            field,
            date_of_birth.isoformat(),
            f"gives an age of {age} on {on.isoformat()}; ECTs are 18 to 100",
            "check the date of birth (day first: DD/MM/YYYY)",
        )


def check_induction_start(start: dt.date, qts_date: dt.date, field: str = "start"):
    """An induction start is on or after the QTS date and 7 May 1999."""
    if start < EARLIEST_INDUCTION_START:
        raise InvalidValue(
            field,
            start.isoformat(),
            "is before 7 May 1999, when statutory induction began",
            "check the year of the start date",
        )
    if start < qts_date:
        raise InvalidValue(
            field,
            start.isoformat(),
            f"is before the QTS date {qts_date.isoformat()}; induction cannot start before QTS",
            "check the start date and the QTS date",
        )


FTE_FIX = "give the FTE as a decimal from 0.1 to 1.0, e.g. 0.8 (or a percentage, 80%)"


def parse_fte(value: object, field: str = "fte") -> int:
    """A working pattern as whole percent of full time (10-100).

    Accepts ``0.8``, ``0.75``, ``1`` and ``80%``. FTE is kept in hundredths so
    0.75 is exact; FTE terms (coverage x FTE) are then rounded to tenths.
    """
    text = "" if value is None else str(value).strip()
    percent = text.endswith("%")
    number = parse_decimal(text.rstrip("%").strip(), field, FTE_FIX)
    hundredths = number if percent else number * 100
    if hundredths != hundredths.to_integral_value():
        problem = (
            "a percentage must be a whole number"
            if percent
            else "at most two decimal places are allowed"
        )
        raise InvalidValue(field, value, problem, FTE_FIX)
    if not 10 <= hundredths <= 100:
        raise InvalidValue(field, value, "FTE must be from 0.1 to 1.0", FTE_FIX)
    return int(hundredths)


TERMS_FIX = "give FTE terms from 0 to 16 with at most one decimal place, e.g. 2.6"


def parse_fte_terms(value: object, field: str = "terms") -> int:
    """FTE terms as integer tenths (0-160), as the DfE records them (0-16, 1 dp)."""
    number: Decimal = parse_decimal(value, field, TERMS_FIX)
    tenths = to_tenths(number, field, value, TERMS_FIX)
    if not 0 <= tenths <= 160:
        raise InvalidValue(field, value, "FTE terms must be from 0 to 16", TERMS_FIX)
    return tenths


REDUCTION_FIX = "give the FTE terms the induction is reduced to, from 1.0 to 6.0, e.g. 3.0"


def parse_reduction(value: object, field: str = "reduced_to") -> int | None:
    """A reduced induction in tenths: at least one term (SG 3.2-3.4), at most the
    standard six. ``0`` or ``none`` removes a reduction (returns None)."""
    if str(value).strip().lower() in ("0", "none", "no"):
        return None
    number: Decimal = parse_decimal(value, field, REDUCTION_FIX)
    tenths = to_tenths(number, field, value, REDUCTION_FIX)
    if not 10 <= tenths <= 60:
        raise InvalidValue(
            field,
            value,
            "a reduced induction is at least 1.0 and at most 6.0 terms",
            REDUCTION_FIX,
        )
    return tenths


def parse_exemption_reason(value: object, field: str = "reason") -> str:
    """An exemption reason as its code; the TRS's own words are understood too."""
    text = str(value or "").strip()
    key = text.lower().replace("-", "_").replace(" ", "_")
    if key in EXEMPTION_REASONS:
        return key
    by_words = {words.casefold(): code for code, words in EXEMPTION_REASONS.items()}
    if text.casefold() in by_words:
        return by_words[text.casefold()]
    raise InvalidValue(
        field,
        value,
        "not an exemption reason the Teaching Record System knows",
        "use one of: " + ", ".join(EXEMPTION_REASONS),
    )
