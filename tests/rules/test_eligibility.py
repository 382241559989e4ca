"""Table-driven tests for ectrack.rules.eligibility (age, start date, FTE, FTE terms)."""

from __future__ import annotations

import datetime as dt

import pytest

from ectrack.errors import InvalidValue
from ectrack.rules.eligibility import (
    FTE_FIX,
    TERMS_FIX,
    age_on,
    check_date_of_birth,
    check_induction_start,
    parse_fte,
    parse_fte_terms,
)

D = dt.date

# ---------------------------------------------------------------- age_on


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        pytest.param(D(2000, 9, 1), D(2025, 9, 1), 25, id="birthday-today"),
        pytest.param(D(2000, 9, 2), D(2025, 9, 1), 24, id="birthday-tomorrow"),
        pytest.param(D(2000, 8, 31), D(2025, 9, 1), 25, id="birthday-yesterday"),
        pytest.param(D(2000, 12, 31), D(2025, 1, 1), 24, id="born-new-years-eve"),
        pytest.param(D(2000, 1, 1), D(2025, 12, 31), 25, id="born-new-years-day"),
        pytest.param(D(2000, 9, 1), D(2000, 9, 1), 0, id="day-of-birth"),
        # 29 February birthdays turn on 1 March in common years
        pytest.param(D(2004, 2, 29), D(2022, 2, 28), 17, id="leapling-28-feb-common-year"),
        pytest.param(D(2004, 2, 29), D(2022, 3, 1), 18, id="leapling-1-mar-common-year"),
        pytest.param(D(2004, 2, 29), D(2024, 2, 28), 19, id="leapling-28-feb-leap-year"),
        pytest.param(D(2004, 2, 29), D(2024, 2, 29), 20, id="leapling-29-feb-leap-year"),
        pytest.param(D(2004, 2, 29), D(2024, 3, 1), 20, id="leapling-1-mar-leap-year"),
        # born 1 March, measured on 29 February of a leap year: not yet
        pytest.param(D(2003, 3, 1), D(2024, 2, 29), 20, id="born-1-mar-on-29-feb"),
        pytest.param(D(2003, 3, 1), D(2024, 3, 1), 21, id="born-1-mar-on-1-mar"),
    ],
)
def test_age_on(born, on, age):
    assert age_on(born, on) == age


# ---------------------------------------------------------------- check_date_of_birth

START = D(2025, 9, 1)


@pytest.mark.parametrize(
    ("born", "on"),
    [
        pytest.param(D(2007, 9, 1), START, id="exactly-18"),
        pytest.param(D(2007, 8, 31), START, id="18-and-a-day"),
        pytest.param(D(1998, 4, 17), START, id="27"),
        pytest.param(D(1960, 1, 1), START, id="65"),
        pytest.param(D(1925, 9, 1), START, id="exactly-100"),
        pytest.param(D(1924, 9, 2), START, id="100-one-day-short-of-101"),
        pytest.param(D(2004, 2, 29), D(2022, 3, 1), id="leapling-18-on-1-march"),
    ],
)
def test_check_date_of_birth_accepts(born, on):
    assert check_date_of_birth(born, on) is None


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        pytest.param(D(2007, 9, 2), START, 17, id="one-day-short-of-18"),
        pytest.param(D(2010, 1, 1), START, 15, id="15"),
        pytest.param(D(2025, 9, 1), START, 0, id="born-on-start"),
        pytest.param(D(1924, 9, 1), START, 101, id="exactly-101"),
        pytest.param(D(1900, 1, 1), START, 125, id="125"),
        pytest.param(D(2004, 2, 29), D(2022, 2, 28), 17, id="leapling-17-on-28-feb"),
    ],
)
def test_check_date_of_birth_rejects(born, on, age):
    with pytest.raises(InvalidValue) as caught:
        check_date_of_birth(born, on)
    error = caught.value
    assert error.field == "date_of_birth"
    assert error.value == born.isoformat()
    assert str(error) == (
        f"date_of_birth '{born.isoformat()}': gives an age of {age} on {on.isoformat()}; "
        "ECTs are 18 to 100; check the date of birth (day first: DD/MM/YYYY)"
    )


def test_check_date_of_birth_names_the_field_given():
    with pytest.raises(InvalidValue) as caught:
        check_date_of_birth(D(2015, 6, 1), START, field="dob")
    assert caught.value.field == "dob"
    assert str(caught.value).startswith("dob '2015-06-01': gives an age of 10 on 2025-09-01")


# ---------------------------------------------------------------- check_induction_start


@pytest.mark.parametrize(
    ("start", "qts"),
    [
        pytest.param(D(1999, 5, 7), D(1999, 1, 1), id="7-may-1999-itself"),
        pytest.param(D(1999, 5, 7), D(1999, 5, 7), id="7-may-1999-on-qts"),
        pytest.param(D(2025, 9, 1), D(2025, 7, 18), id="after-qts"),
        pytest.param(D(2025, 7, 18), D(2025, 7, 18), id="on-qts-date"),
        pytest.param(D(2026, 1, 5), D(2019, 7, 1), id="years-after-qts"),
        pytest.param(D(2000, 9, 1), D(1985, 7, 1), id="qts-before-1999"),
    ],
)
def test_check_induction_start_accepts(start, qts):
    assert check_induction_start(start, qts) is None


@pytest.mark.parametrize(
    ("start", "qts"),
    [
        pytest.param(D(1999, 5, 6), D(1990, 7, 1), id="day-before-7-may-1999"),
        pytest.param(D(1998, 9, 1), D(1998, 7, 1), id="1998"),
        pytest.param(D(1925, 9, 1), D(1925, 7, 1), id="two-digit-year-misread"),
        # Both rules broken: the 1999 rule is reported first.
        pytest.param(D(1999, 1, 4), D(1999, 3, 1), id="before-1999-and-before-qts"),
    ],
)
def test_check_induction_start_rejects_before_1999(start, qts):
    with pytest.raises(InvalidValue) as caught:
        check_induction_start(start, qts)
    error = caught.value
    assert error.field == "start"
    assert str(error) == (
        f"start '{start.isoformat()}': is before 7 May 1999, when statutory induction began; "
        "check the year of the start date"
    )


@pytest.mark.parametrize(
    ("start", "qts"),
    [
        pytest.param(D(2025, 7, 17), D(2025, 7, 18), id="day-before-qts"),
        pytest.param(D(2025, 9, 1), D(2026, 7, 20), id="qts-next-year"),
        pytest.param(D(1999, 5, 7), D(1999, 5, 8), id="7-may-1999-but-before-qts"),
    ],
)
def test_check_induction_start_rejects_before_qts(start, qts):
    with pytest.raises(InvalidValue) as caught:
        check_induction_start(start, qts, field="start_date")
    error = caught.value
    assert error.field == "start_date"
    assert str(error) == (
        f"start_date '{start.isoformat()}': is before the QTS date {qts.isoformat()}; "
        "induction cannot start before QTS; check the start date and the QTS date"
    )


# ---------------------------------------------------------------- parse_fte


@pytest.mark.parametrize(
    ("value", "percent"),
    [
        ("0.8", 80),
        ("1", 100),
        ("1.0", 100),
        ("1.00", 100),
        ("0.75", 75),
        ("0.5", 50),
        (" 0.5 ", 50),
        ("0.1", 10),
        ("0.10", 10),
        (".6", 60),
        ("80%", 80),
        ("80 %", 80),
        (" 60% ", 60),
        ("100%", 100),
        ("10%", 10),
        ("75%", 75),
        (0.6, 60),
        (0.8, 80),
        (0.75, 75),
        (1, 100),
        (1.0, 100),
    ],
)
def test_parse_fte_accepts(value, percent):
    result = parse_fte(value)
    assert type(result) is int
    assert result == percent


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("0", id="zero"),
        pytest.param("0.0", id="zero-point-zero"),
        pytest.param("0.05", id="below-0.1"),
        pytest.param("0.09", id="just-below-0.1"),
        pytest.param("1.2", id="above-1"),
        pytest.param("1.01", id="just-above-1"),
        pytest.param("80", id="percent-without-sign"),
        pytest.param("9%", id="percent-below-10"),
        pytest.param("120%", id="percent-above-100"),
        pytest.param("-0.5", id="negative"),
        pytest.param(0, id="int-zero"),
        pytest.param(2, id="int-two"),
    ],
)
def test_parse_fte_rejects_out_of_range(value):
    with pytest.raises(InvalidValue) as caught:
        parse_fte(value)
    error = caught.value
    assert error.field == "fte"
    assert error.value == value
    assert str(error) == f"fte {str(value)!r}: FTE must be from 0.1 to 1.0; {FTE_FIX}"


@pytest.mark.parametrize("value", ["0.805", "0.125", "0.333", 0.805])
def test_parse_fte_rejects_too_many_decimal_places(value):
    with pytest.raises(InvalidValue) as caught:
        parse_fte(value)
    error = caught.value
    assert error.field == "fte"
    assert str(error) == f"fte {str(value)!r}: at most two decimal places are allowed; {FTE_FIX}"


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("abc", "abc"),
        ("", ""),
        ("   ", ""),
        (None, ""),
        ("%", ""),
        ("full time", "full time"),
        ("0,8", "0,8"),
        ("eighty%", "eighty"),
    ],
)
def test_parse_fte_rejects_not_a_number(value, quoted):
    with pytest.raises(InvalidValue) as caught:
        parse_fte(value, field="new_fte")
    error = caught.value
    assert error.field == "new_fte"
    assert str(error) == f"new_fte {quoted!r}: not a number; {FTE_FIX}"
    assert "e.g. 0.8 (or a percentage, 80%)" in str(error)


# ---------------------------------------------------------------- parse_fte_terms


@pytest.mark.parametrize(
    ("value", "tenths"),
    [
        ("0", 0),
        ("0.0", 0),
        ("0.1", 1),
        ("1", 10),
        ("2.6", 26),
        (" 2.6 ", 26),
        ("2.60", 26),
        ("3", 30),
        ("6.0", 60),
        ("15.9", 159),
        ("16", 160),
        ("16.0", 160),
        (2.6, 26),
        (0.7, 7),
        (3, 30),
        (16, 160),
    ],
)
def test_parse_fte_terms_accepts(value, tenths):
    result = parse_fte_terms(value)
    assert type(result) is int
    assert result == tenths


@pytest.mark.parametrize(
    "value",
    ["16.1", "17", "20", "-1", "-0.1", -1, 16.5, 100],
)
def test_parse_fte_terms_rejects_out_of_range(value):
    with pytest.raises(InvalidValue) as caught:
        parse_fte_terms(value)
    error = caught.value
    assert error.field == "terms"
    assert str(error) == f"terms {str(value)!r}: FTE terms must be from 0 to 16; {TERMS_FIX}"


@pytest.mark.parametrize("value", ["2.35", "0.05", "6.66", "15.99", 2.35])
def test_parse_fte_terms_rejects_more_than_one_decimal_place(value):
    with pytest.raises(InvalidValue) as caught:
        parse_fte_terms(value, field="extension_terms")
    error = caught.value
    assert error.field == "extension_terms"
    assert str(error) == (
        f"extension_terms {str(value)!r}: at most one decimal place is allowed; {TERMS_FIX}"
    )


@pytest.mark.parametrize(
    ("value", "shown"), [("", "''"), (None, "is missing"), ("two", "'two'"), ("NaN", "'NaN'")]
)
def test_parse_fte_terms_rejects_not_a_number(value, shown):
    with pytest.raises(InvalidValue) as caught:
        parse_fte_terms(value)
    error = caught.value
    assert error.field == "terms"
    assert str(error) == f"terms {shown}: not a number; {TERMS_FIX}"


def test_parse_fte_rejects_a_percentage_with_a_fraction():
    with pytest.raises(InvalidValue) as caught:
        parse_fte("80.5%")
    assert str(caught.value) == f"fte '80.5%': a percentage must be a whole number; {FTE_FIX}"
