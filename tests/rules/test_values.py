"""Table-driven tests for ectrack.values: dates, yes/no, exact decimals, visible text."""

# ruff: noqa: RUF001 - curly apostrophes and every script are what people really type

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ectrack.errors import InvalidValue
from ectrack.values import (
    DATE_FIX,
    INVISIBLE_FIX,
    escape_invisible,
    parse_date,
    parse_decimal,
    parse_yes_no,
    to_tenths,
    two_digit_year,
    visible_text,
)

D = dt.date

# ---------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # ISO
        pytest.param("2025-09-01", D(2025, 9, 1), id="iso"),
        pytest.param("2025-9-1", D(2025, 9, 1), id="iso-no-leading-zeros"),
        pytest.param("  2026-01-05 ", D(2026, 1, 5), id="iso-padded-with-spaces"),
        pytest.param("2024-02-29", D(2024, 2, 29), id="iso-leap-day"),
        pytest.param("1999-05-07", D(1999, 5, 7), id="iso-induction-began"),
        # ISO with a time part (what spreadsheets and databases export)
        pytest.param("2025-09-01 00:00:00", D(2025, 9, 1), id="iso-space-midnight"),
        pytest.param("2025-09-01T08:30:00", D(2025, 9, 1), id="iso-T-time"),
        pytest.param("2025-09-01T08:30:00Z", D(2025, 9, 1), id="iso-T-time-utc"),
        pytest.param("2025-09-01T23:59:59+01:00", D(2025, 9, 1), id="iso-T-time-offset"),
        # DD/MM/YYYY (day first)
        pytest.param("01/09/2025", D(2025, 9, 1), id="dd/mm/yyyy"),
        pytest.param("1/9/2025", D(2025, 9, 1), id="d/m/yyyy"),
        pytest.param("13/01/2026", D(2026, 1, 13), id="day-over-12"),
        pytest.param("02/03/2026", D(2026, 3, 2), id="ambiguous-read-day-first"),
        pytest.param("31/12/2025", D(2025, 12, 31), id="new-years-eve"),
        pytest.param("29/02/2024", D(2024, 2, 29), id="dd/mm/yyyy-leap-day"),
        # D/M/YY
        pytest.param("1/9/25", D(2025, 9, 1), id="d/m/yy"),
        pytest.param("01/09/25", D(2025, 9, 1), id="dd/mm/yy"),
        pytest.param("15/3/85", D(1985, 3, 15), id="d/m/yy-birth-in-1980s"),
        # other separators
        pytest.param("01-09-2025", D(2025, 9, 1), id="dd-mm-yyyy"),
        pytest.param("01.09.2025", D(2025, 9, 1), id="dd.mm.yyyy"),
        pytest.param("1.9.25", D(2025, 9, 1), id="d.m.yy"),
        pytest.param("21-07-1994", D(1994, 7, 21), id="dd-mm-yyyy-dob"),
        # words
        pytest.param("1 September 2025", D(2025, 9, 1), id="words-full-month"),
        pytest.param("1 september 2025", D(2025, 9, 1), id="words-lower-case"),
        pytest.param("1 SEPTEMBER 2025", D(2025, 9, 1), id="words-upper-case"),
        pytest.param("1 Sept 2025", D(2025, 9, 1), id="words-sept"),
        pytest.param("1 Sep 2025", D(2025, 9, 1), id="words-sep"),
        pytest.param("1st Sep 2025", D(2025, 9, 1), id="words-1st"),
        pytest.param("2nd January 2026", D(2026, 1, 2), id="words-2nd"),
        pytest.param("3rd Mar 2026", D(2026, 3, 3), id="words-3rd"),
        pytest.param("22nd July 2026", D(2026, 7, 22), id="words-22nd"),
        pytest.param("20th Dec 2025", D(2025, 12, 20), id="words-20th"),
        pytest.param("5 Feb. 2026", D(2026, 2, 5), id="words-abbrev-with-dot"),
        pytest.param("7 May 1999", D(1999, 5, 7), id="words-may"),
        pytest.param("14 Oct, 2025", D(2025, 10, 14), id="words-comma-before-year"),
        pytest.param("29 February 2024", D(2024, 2, 29), id="words-leap-day"),
        # date and datetime objects (as openpyxl and calamine give them)
        pytest.param(D(2025, 9, 1), D(2025, 9, 1), id="date-object"),
        pytest.param(dt.datetime(2025, 9, 1), D(2025, 9, 1), id="datetime-midnight"),
        pytest.param(dt.datetime(2025, 9, 1, 23, 59, 59), D(2025, 9, 1), id="datetime-late"),
    ],
)
def test_parse_date_accepts(value, expected):
    result = parse_date(value, "start")
    assert result == expected
    # A datetime is a date subclass: the result must be a plain date.
    assert type(result) is dt.date


@pytest.mark.parametrize(
    ("value", "problem", "fix"),
    [
        # impossible calendar days
        pytest.param(
            "31/02/2025", "no such day in the calendar", "check the day and month", id="31-feb"
        ),
        pytest.param(
            "29/02/2025",
            "no such day in the calendar",
            "check the day and month",
            id="29-feb-non-leap",
        ),
        pytest.param(
            "2025-02-29",
            "no such day in the calendar",
            "check the day and month",
            id="iso-29-feb-non-leap",
        ),
        pytest.param(
            "2025-13-01",
            "no such day in the calendar",
            "check the day and month",
            id="iso-month-13",
        ),
        pytest.param(
            "2025-00-10", "no such day in the calendar", "check the day and month", id="iso-month-0"
        ),
        pytest.param(
            "2025-04-31",
            "no such day in the calendar",
            "check the day and month",
            id="iso-31-april",
        ),
        pytest.param(
            "00/09/2025", "no such day in the calendar", "check the day and month", id="day-0"
        ),
        pytest.param(
            "31 June 2026",
            "no such day in the calendar",
            "check the day and month",
            id="words-31-june",
        ),
        # a day and a month both over 12: not a month-first date either
        pytest.param(
            "13/13/2025", "no such day in the calendar", "check the day and month", id="13/13"
        ),
        pytest.param(
            "31/31/2025", "no such day in the calendar", "check the day and month", id="31/31"
        ),
        # a month of 32 or more cannot be a day either
        pytest.param(
            "01/32/2025", "no such day in the calendar", "check the day and month", id="month-32"
        ),
        # not a date at all
        pytest.param("", "a date is needed", DATE_FIX, id="empty"),
        pytest.param("   ", "a date is needed", DATE_FIX, id="blank"),
        pytest.param(None, "a date is needed", DATE_FIX, id="none"),
        pytest.param("next Monday", "not a date ectrack can read", DATE_FIX, id="words-no-date"),
        pytest.param("TBC", "not a date ectrack can read", DATE_FIX, id="tbc"),
        pytest.param("01/09", "not a date ectrack can read", DATE_FIX, id="no-year"),
        pytest.param(
            "September 2025", "not a date ectrack can read", DATE_FIX, id="month-and-year"
        ),
        pytest.param("September 1, 2025", "not a date ectrack can read", DATE_FIX, id="us-words"),
        pytest.param(
            "1 Septembre 2025", "not a date ectrack can read", DATE_FIX, id="french-month"
        ),
        pytest.param(
            "1 Sep 25", "not a date ectrack can read", DATE_FIX, id="words-two-digit-year"
        ),
        pytest.param("01/09/025", "not a date ectrack can read", DATE_FIX, id="three-digit-year"),
        pytest.param("20250901", "not a date ectrack can read", DATE_FIX, id="compact-iso"),
        pytest.param("25/2025", "not a date ectrack can read", DATE_FIX, id="two-parts"),
        pytest.param("01/09/2025/1", "not a date ectrack can read", DATE_FIX, id="four-parts"),
        pytest.param(45901, "not a date ectrack can read", DATE_FIX, id="excel-serial-number"),
        pytest.param(
            "2025-09-01 to 2025-12-19", "not a date ectrack can read", DATE_FIX, id="date-range"
        ),
        pytest.param("2025-09-01tbc", "not a date ectrack can read", DATE_FIX, id="iso-then-text"),
        pytest.param(
            "\uff12\uff10\uff12\uff15-09-01",
            "not a date ectrack can read",
            DATE_FIX,
            id="full-width-digits",
        ),
        pytest.param(
            "2/29/25",
            "no such day in the calendar",
            "check the day and month",
            id="month-first-but-no-such-day-either",
        ),
    ],
)
def test_parse_date_rejects(value, problem, fix):
    with pytest.raises(InvalidValue) as caught:
        parse_date(value, "start")
    error = caught.value
    assert error.field == "start"
    assert error.problem == problem
    assert error.fix == fix
    shown = "is missing" if value is None else repr(str(value))
    assert str(error) == f"start {shown}: {problem}; {fix}"


@pytest.mark.parametrize(
    ("value", "month", "fix"),
    [
        pytest.param("12/31/2025", 31, "write it as 31/12/2025 (DD/MM/YYYY)", id="us-12/31/2025"),
        pytest.param("09/15/2025", 15, "write it as 15/09/2025 (DD/MM/YYYY)", id="us-09/15/2025"),
        pytest.param("9/15/2025", 15, "write it as 15/09/2025 (DD/MM/YYYY)", id="us-9/15/2025"),
        pytest.param("1/13/2026", 13, "write it as 13/01/2026 (DD/MM/YYYY)", id="us-1/13/2026"),
        pytest.param("2/29/24", 29, "write it as 29/02/2024 (DD/MM/YYYY)", id="us-2/29/24"),
        pytest.param("07-21-1994", 21, "write it as 21/07/1994 (DD/MM/YYYY)", id="us-dashes"),
        pytest.param("03.17.2026", 17, "write it as 17/03/2026 (DD/MM/YYYY)", id="us-dots"),
    ],
)
def test_parse_date_rejects_month_first(value, month, fix):
    with pytest.raises(InvalidValue) as caught:
        parse_date(value, "date_of_birth")
    error = caught.value
    assert error.field == "date_of_birth"
    assert error.problem == f"there is no month {month}: dates are read day first"
    assert error.fix == fix
    assert str(error) == f"date_of_birth {value!r}: {error.problem}; {fix}"


def test_parse_date_default_field_is_date():
    with pytest.raises(InvalidValue) as caught:
        parse_date("31/02/2025")
    assert caught.value.field == "date"
    assert str(caught.value).startswith("date '31/02/2025': no such day")


def test_parse_date_message_says_day_first():
    with pytest.raises(InvalidValue) as caught:
        parse_date("soon", "qts_date")
    message = str(caught.value)
    assert message.startswith("qts_date 'soon': not a date ectrack can read")
    assert "YYYY-MM-DD or DD/MM/YYYY (day first)" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("1/9/00", D(2000, 9, 1), id="00-is-2000"),
        pytest.param("1/9/25", D(2025, 9, 1), id="25-is-2025"),
        pytest.param("1/9/49", D(2049, 9, 1), id="49-last-of-2000s"),
        pytest.param("1/9/50", D(1950, 9, 1), id="50-first-of-1900s"),
        pytest.param("1/9/51", D(1951, 9, 1), id="51-is-1951"),
        pytest.param("31/12/99", D(1999, 12, 31), id="99-is-1999"),
        pytest.param("07.05.99", D(1999, 5, 7), id="dotted-99"),
        pytest.param("01-01-09", D(2009, 1, 1), id="dashed-09"),
        # Four-digit years are never pivoted.
        pytest.param("1/9/1949", D(1949, 9, 1), id="four-digit-1949-kept"),
        pytest.param("1/9/2050", D(2050, 9, 1), id="four-digit-2050-kept"),
    ],
)
def test_parse_date_two_digit_year_pivot(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("yy", "year"),
    [(0, 2000), (1, 2001), (25, 2025), (49, 2049), (50, 1950), (75, 1975), (99, 1999)],
)
def test_two_digit_year(yy, year):
    assert two_digit_year(yy) == year


# ---------------------------------------------------------------- parse_yes_no


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("Yes", True),
        ("YES", True),
        (" yes ", True),
        ("y", True),
        ("Y", True),
        ("true", True),
        ("TRUE", True),
        ("t", True),
        ("1", True),
        (1, True),
        (True, True),
        ("no", False),
        ("No", False),
        ("NO", False),
        ("\tno\n", False),
        ("n", False),
        ("N", False),
        ("false", False),
        ("False", False),
        ("f", False),
        ("0", False),
        (0, False),
        (False, False),
    ],
)
def test_parse_yes_no_accepts(value, expected):
    assert parse_yes_no(value, "on_track") is expected


@pytest.mark.parametrize(
    "value",
    ["", "   ", None, "maybe", "yes please", "nope", "2", 2, "ye", "on track", "-1", "N/A"],
)
def test_parse_yes_no_rejects(value):
    with pytest.raises(InvalidValue) as caught:
        parse_yes_no(value, "on_track")
    error = caught.value
    assert error.field == "on_track"
    shown = "is missing" if value is None else repr(str(value))
    assert str(error) == f"on_track {shown}: not yes or no; write yes or no"


# ---------------------------------------------------------------- parse_decimal

FIX = "give a number such as 2.6"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.8", Decimal("0.8")),
        ("1", Decimal("1")),
        (" 2.5 ", Decimal("2.5")),
        ("-1", Decimal("-1")),
        ("16", Decimal("16")),
        ("0.75", Decimal("0.75")),
        ("1e1", Decimal("10")),
        (3, Decimal("3")),
        # floats via their shortest repr, so exactly the decimal typed
        (0.1, Decimal("0.1")),
        (0.6, Decimal("0.6")),
        (2.6, Decimal("2.6")),
        (Decimal("1.25"), Decimal("1.25")),
    ],
)
def test_parse_decimal_accepts(value, expected):
    result = parse_decimal(value, "terms", FIX)
    assert isinstance(result, Decimal)
    assert result == expected


def test_parse_decimal_float_is_exact_not_binary():
    # Decimal(0.1) would be 0.1000000000000000055511151231257827...
    assert parse_decimal(0.1, "terms", FIX).as_tuple() == Decimal("0.1").as_tuple()


@pytest.mark.parametrize(
    "value",
    ["", "  ", None, "abc", "two", "1,5", "0.8.1", "NaN", "nan", "Infinity", "-inf", "sNaN", "1/2"],
)
def test_parse_decimal_rejects(value):
    with pytest.raises(InvalidValue) as caught:
        parse_decimal(value, "terms", FIX)
    error = caught.value
    assert error.field == "terms"
    assert error.problem == "not a number"
    shown = "is missing" if value is None else repr(str(value))
    assert str(error) == f"terms {shown}: not a number; {FIX}"


# ---------------------------------------------------------------- to_tenths


@pytest.mark.parametrize(
    ("number", "tenths"),
    [
        (Decimal("0"), 0),
        (Decimal("0.1"), 1),
        (Decimal("2.6"), 26),
        (Decimal("2.60"), 26),
        (Decimal("3"), 30),
        (Decimal("16"), 160),
        (Decimal("16.0"), 160),
        (Decimal("-1"), -10),
        (Decimal("-0.5"), -5),
        (Decimal("1E+1"), 100),
    ],
)
def test_to_tenths_accepts(number, tenths):
    result = to_tenths(number, "terms", str(number), FIX)
    assert type(result) is int
    assert result == tenths


@pytest.mark.parametrize("text", ["2.35", "0.05", "0.01", "16.01", "1.234", "-0.15"])
def test_to_tenths_rejects_more_than_one_decimal_place(text):
    with pytest.raises(InvalidValue) as caught:
        to_tenths(Decimal(text), "terms", text, FIX)
    error = caught.value
    assert error.field == "terms"
    assert str(error) == f"terms {text!r}: at most one decimal place is allowed; {FIX}"


# ---------------------------------------------------------------- visible_text

KEPT_TEXT = [
    "Amy",
    "Zoë",
    "O’Brien",
    "O'Brien",
    "Anne-Marie",
    "Seán",
    "Ødegård",
    "Дмитрий",
    "李小龙",
    "محمد",
    "क्\u200dष",  # Devanagari with a zero-width joiner
    "می\u200cخواهم",  # Persian with a zero-width non-joiner
    "👩\u200d🏫",  # an emoji sequence joined by ZWJ
    "Anne\u00a0Marie",  # no-break space
    "Jean\u202fPaul",  # narrow no-break space
    "山田\u3000太郎",  # ideographic space
    "  spaces around are not this function's business  ",
    "",
]


@pytest.mark.parametrize("text", KEPT_TEXT)
def test_visible_text_keeps_every_script_accent_and_space_exactly(text):
    assert visible_text(text, "first_name") == text
    assert visible_text(text, "summary", multiline=True) == text


def test_visible_text_leaves_none_as_none_and_makes_other_values_text():
    assert visible_text(None, "email") is None
    assert visible_text(1234, "town") == "1234"


REFUSED_TEXT = [
    # (text, what the problem says)
    # bidi overrides, embeddings, isolates and marks (Cf)
    ("Amy\u202e", "holds an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("Amy\u202d", "holds an invisible character U+202D (LEFT-TO-RIGHT OVERRIDE)"),
    ("\u202aAmy", "holds an invisible character U+202A (LEFT-TO-RIGHT EMBEDDING)"),
    ("A\u202bmy", "holds an invisible character U+202B (RIGHT-TO-LEFT EMBEDDING)"),
    ("A\u202cmy", "holds an invisible character U+202C (POP DIRECTIONAL FORMATTING)"),
    ("A\u2066my", "holds an invisible character U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ("A\u2067my", "holds an invisible character U+2067 (RIGHT-TO-LEFT ISOLATE)"),
    ("A\u2068my", "holds an invisible character U+2068 (FIRST STRONG ISOLATE)"),
    ("A\u2069my", "holds an invisible character U+2069 (POP DIRECTIONAL ISOLATE)"),
    ("A\u200emy", "holds an invisible character U+200E (LEFT-TO-RIGHT MARK)"),
    ("A\u200fmy", "holds an invisible character U+200F (RIGHT-TO-LEFT MARK)"),
    ("A\u061cmy", "holds an invisible character U+061C (ARABIC LETTER MARK)"),
    # other invisible format characters (Cf)
    ("A\u200bmy", "holds an invisible character U+200B (ZERO WIDTH SPACE)"),
    ("A\u2060my", "holds an invisible character U+2060 (WORD JOINER)"),
    ("\ufeffAmy", "holds an invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    ("A\u00admy", "holds an invisible character U+00AD (SOFT HYPHEN)"),
    ("A\u180emy", "holds an invisible character U+180E (MONGOLIAN VOWEL SEPARATOR)"),
    ("A\U000e0041my", "holds an invisible character U+E0041 (TAG LATIN CAPITAL LETTER A)"),
    # controls (Cc)
    ("A\x00my", "holds an invisible character U+0000 (NULL)"),
    ("A\x1b[31mmy", "holds an invisible character U+001B (ESCAPE)"),
    ("A\x7fmy", "holds an invisible character U+007F (DELETE)"),
    ("A\x01my", "holds an invisible character U+0001 (a control character)"),
    ("Amy\tShah", "holds a tab U+0009 (CHARACTER TABULATION)"),
    ("Amy\nShah", "holds a line break U+000A (LINE FEED)"),
    ("Amy\r\nShah", "holds a line break U+000D (CARRIAGE RETURN)"),
    ("Amy\x0bShah", "holds a line break U+000B (LINE TABULATION)"),
    ("Amy\x85Shah", "holds a line break U+0085 (NEXT LINE)"),
    # line and paragraph separators (Zl, Zp)
    ("Amy\u2028Shah", "holds a line break U+2028 (LINE SEPARATOR)"),
    ("Amy\u2029Shah", "holds a line break U+2029 (PARAGRAPH SEPARATOR)"),
    # surrogates, private use, unassigned (Cs, Co, Cn)
    ("Amy\ud800", "holds U+D800, half of a broken character (a lone surrogate)"),
    (
        "Amy\ue000",
        "holds a private-use character U+E000, which each computer shows its own way",
    ),
    (
        "Amy\U000f0000",
        "holds a private-use character U+F0000, which each computer shows its own way",
    ),
    ("Amy\u0378", "holds U+0378, which is not a character (Unicode assigns none there)"),
    ("Amy\U0010ffff", "holds U+10FFFF, which is not a character (Unicode assigns none there)"),
]


@pytest.mark.parametrize(("text", "problem"), REFUSED_TEXT)
def test_visible_text_refuses_what_a_person_cannot_see(text, problem):
    with pytest.raises(InvalidValue) as caught:
        visible_text(text, "first_name")
    error = caught.value
    assert (error.field, error.value, error.problem) == ("first_name", text, problem)
    if "line break" in problem:
        assert error.fix == "put the value on one line"
    elif "tab" in problem:
        assert error.fix == "type a space instead"
    else:
        assert error.fix == INVISIBLE_FIX
    # the message shows the value with the character escaped, never the character itself
    message = str(error)
    assert message.startswith(f"first_name {text!r}: {problem}; ")
    assert text not in message


def test_visible_text_message_for_a_right_to_left_override():
    with pytest.raises(InvalidValue) as caught:
        visible_text("Amy\u202eShah", "first_name")
    assert str(caught.value) == (
        "first_name 'Amy\\u202eShah': holds an invisible character U+202E (RIGHT-TO-LEFT "
        "OVERRIDE); retype the value without it (it can arrive by copying from a web page or "
        "a PDF)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Good progress.\nPlanning needs work.",
        "Good progress.\r\nPlanning needs work.",  # Windows line ends
        "- behaviour improving\n\tplanning needs work\n",
    ],
)
def test_visible_text_multiline_keeps_line_breaks_and_tabs(text):
    assert visible_text(text, "summary", multiline=True) == text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Good\rFailing", "holds an unusual line break U+000D (CARRIAGE RETURN)"),
        ("Good\u2028Failing", "holds an unusual line break U+2028 (LINE SEPARATOR)"),
        ("Good\x0cFailing", "holds an unusual line break U+000C (FORM FEED)"),
        ("Good\n\u202eFailing", "holds an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("Good\n\u200bFailing", "holds an invisible character U+200B (ZERO WIDTH SPACE)"),
        ("Good\n\x1b[2KFailing", "holds an invisible character U+001B (ESCAPE)"),
    ],
)
def test_visible_text_multiline_still_refuses_what_cannot_be_seen(text, problem):
    with pytest.raises(InvalidValue) as caught:
        visible_text(text, "summary", multiline=True)
    assert (caught.value.field, caught.value.problem) == ("summary", problem)


def test_visible_text_names_the_first_character_refused():
    with pytest.raises(InvalidValue) as caught:
        visible_text("Zoë\u00a0\u200b\u202e", "last_name")
    assert "U+200B" in caught.value.problem


def test_visible_text_is_fast_enough_for_a_10000_row_import():
    import time

    names = ["Amy", "Zoë O’Brien", "李小龙", "Anne\u00a0Marie", "क्\u200dष"] * 10_000
    started = time.perf_counter()
    for name in names:
        visible_text(name, "first_name")
    assert time.perf_counter() - started < 1.0  # 50,000 names; about 20 ms in practice


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Amy Shah", "Amy Shah"),
        ("Zoë\u00a0O’Brien", "Zoë\u00a0O’Brien"),
        ("Amy\u202eShah", "Amy\\u202eShah"),
        ("Amy\nShah\t", "Amy\\nShah\\t"),
        ("\x00\ufeff\ud800", "\\x00\\ufeff\\ud800"),
        ("क्\u200dष", "क्\u200dष"),
    ],
)
def test_escape_invisible_shows_where_the_character_is(text, escaped):
    assert escape_invisible(text) == escaped
