"""Turning what an officer types (or a school's cell holds) into typed values.

Pure functions, no induction knowledge: dates, decimal quantities, yes/no, text
a person can see. Each raises ``InvalidValue`` naming the field, the value and
the fix.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from ectrack.errors import InvalidValue

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}

DATE_FIX = "write the date as YYYY-MM-DD or DD/MM/YYYY (day first), e.g. 2025-09-01"

# ASCII digits only, as for TRNs and URNs. An ISO date may carry a time of day
# (how spreadsheets export dates), but nothing else after it.
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?",
    re.ASCII,
)
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", re.ASCII)
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", re.ASCII)


def two_digit_year(yy: int) -> int:
    """[decision] A two-digit year below 50 is 20YY, otherwise 19YY.

    Teachers' dates of birth fall in 1950-2009 and induction dates after 1999,
    so 50 as the pivot reads every realistic date correctly.
    """
    return 2000 + yy if yy < 50 else 1900 + yy


def parse_date(value: object, field: str = "date") -> dt.date:
    """A date from ISO text, day-first text, words, or a date/datetime object.

    Accepts ``2025-09-01``, ``01/09/2025``, ``1/9/25``, ``01-09-2025``,
    ``01.09.2025``, ``1 September 2025``, ``1 Sept 2025``; never month-first.
    A time of day after an ISO date (``2025-09-01 00:00:00``) is ignored.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = "" if value is None else str(value).strip()
    if not text:
        raise InvalidValue(field, value, "a date is needed", DATE_FIX)
    lowered = text.lower()
    if m := _ISO.fullmatch(lowered):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DAY_FIRST.fullmatch(lowered):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if len(m[3]) == 2:
            year = two_digit_year(year)
    elif (m := _WORDS.fullmatch(lowered)) and m[2] in MONTHS:
        day, month, year = int(m[1]), MONTHS[m[2]], int(m[3])
    else:
        raise InvalidValue(field, value, "not a date ectrack can read", DATE_FIX)
    try:
        return dt.date(year, month, day)
    except ValueError:
        pass
    if _DAY_FIRST.fullmatch(lowered) and _is_real_day(year, day, month):  # month first?
        raise InvalidValue(
            field,
            value,
            "there is no month " + str(month) + ": dates are read day first",
            f"write it as {month:02d}/{day:02d}/{year} (DD/MM/YYYY)",
        )
    raise InvalidValue(field, value, "no such day in the calendar", "check the day and month")


def _is_real_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def parse_decimal(value: object, field: str, fix: str) -> Decimal:
    """An exact decimal from text or a number (floats via their shortest repr)."""
    text = "" if value is None else str(value).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InvalidValue(field, value, "not a number", fix) from None
    if not number.is_finite():
        raise InvalidValue(field, value, "not a number", fix)
    if number and abs(number.adjusted()) > 15:  # 1e999999 would overflow any arithmetic
        raise InvalidValue(field, value, "is far outside any sensible range", fix)
    return number


def to_tenths(number: Decimal, field: str, value: object, fix: str) -> int:
    """Decimal with at most one decimal place → integer tenths (exact)."""
    tenths = number * 10
    if tenths != tenths.to_integral_value():
        raise InvalidValue(field, value, "at most one decimal place is allowed", fix)
    return int(tenths)


YES = {"yes", "y", "true", "t", "1"}
NO = {"no", "n", "false", "f", "0"}


def parse_yes_no(value: object, field: str) -> bool:
    """yes, no, y, n, true, false (any case)."""
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise InvalidValue(field, value, "not yes or no", "write yes or no")


# ---------------------------------------------------------------- visible text

#: Characters ``str.isprintable`` calls unprintable that text keeps: the spaces
#: (Unicode Zs: no-break, thin, ideographic...) and the zero-width non-joiner and
#: joiner, which Persian, Indic scripts and emoji need. Everything else it calls
#: unprintable is refused: controls (Cc), format characters (Cf: bidi overrides,
#: zero-width space, BOM, soft hyphen...), surrogates (Cs), private use (Co),
#: unassigned code points (Cn), line and paragraph separators (Zl, Zp).
_KEPT = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200c\u200d"
_KEPT_ONE_LINE = re.compile(f"[{_KEPT}]+")
#: Multi-line free text (a review's summary) may also hold line breaks and tabs.
_KEPT_MULTILINE = re.compile(f"(?:[{_KEPT}\n\t]|\r\n)+")

_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: Names of the controls a value is likely to hold (unicodedata names no control).
_CONTROL_NAMES = {
    "\x00": "NULL",
    "\t": "CHARACTER TABULATION",
    "\n": "LINE FEED",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}
INVISIBLE_FIX = "retype the value without it (it can arrive by copying from a web page or a PDF)"


def visible_text(value: object, field: str, *, multiline: bool = False) -> str | None:
    """``value`` as text, exactly as given, once every character in it can be seen.

    Refused: control characters (tabs and line breaks too, unless ``multiline``,
    for free text such as a review's summary, which may hold line breaks and
    tabs), invisible format characters (a right-to-left override makes a name
    print backwards; a zero-width space makes two names that look the same
    differ), surrogates, private-use and unassigned code points, line and
    paragraph separators. Kept: every script, accents, apostrophes, hyphens, all
    kinds of space, and the zero-width joiner and non-joiner that some scripts
    and emoji need. None stays None; nothing is trimmed (callers that trim do so).
    """
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():  # the usual case, decided in C by the running Unicode
        return text
    kept = _KEPT_MULTILINE if multiline else _KEPT_ONE_LINE
    rest = kept.sub("", text)
    if rest.isprintable():
        return text
    char = next(c for c in rest if not c.isprintable())
    problem, fix = _refusal(char, multiline)
    raise InvalidValue(field, value, problem, fix)


def _refusal(char: str, multiline: bool) -> tuple[str, str]:
    """Why a character is refused, naming it by code point and name, and what to do."""
    code = f"U+{ord(char):04X}"
    category = unicodedata.category(char)
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "a control character")
    if char in _LINE_BREAKS:
        if multiline:
            return (
                f"holds an unusual line break {code} ({name})",
                "type the line break again as an ordinary one",
            )
        return f"holds a line break {code} ({name})", "put the value on one line"
    if char == "\t":
        return f"holds a tab {code} ({name})", "type a space instead"
    if category == "Co":
        return (
            f"holds a private-use character {code}, which each computer shows its own way",
            INVISIBLE_FIX,
        )
    if category == "Cn":
        return f"holds {code}, which is not a character (Unicode assigns none there)", INVISIBLE_FIX
    if category == "Cs":
        return f"holds {code}, half of a broken character (a lone surrogate)", INVISIBLE_FIX
    return f"holds an invisible character {code} ({name})", INVISIBLE_FIX


def escape_invisible(text: str) -> str:
    """``text`` with every character ``visible_text`` refuses (and line breaks and
    tabs) written as its escape (``\\u202e``), for a message that quotes a value as
    it was given: the message then reads as it should, and shows where it was."""
    if text.isprintable():
        return text
    return "".join(
        c
        if c.isprintable() or _KEPT_ONE_LINE.fullmatch(c)
        else c.encode("unicode_escape", "backslashreplace").decode("ascii")
        for c in text
    )
