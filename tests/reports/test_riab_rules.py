"""The bulk-upload validator (``riab_rules.py``) catches every rule it checks: one broken
file per rule must yield a problem naming that rule, and good files yield none. So a
file ectrack writes cannot pass it by the validator saying nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from tests.reports.riab_rules import (
    ACTIONS_HEADER,
    CLAIMS_HEADER,
    Lookup,
    Stay,
    lookup_from_db,
    problems,
)

D = dt.date.fromisoformat
TODAY = D("2026-11-22")

#: TRNs of the 1,000-row and 1,001-row files
MANY = [str(2_000_000 + n) for n in range(1001)]

LOOKUP = Lookup(
    teachers={
        "1234567": (D("1998-04-02"), D("2025-07-18")),
        "7654321": (D("1995-12-31"), D("2021-07-16")),
        "0012345": (D("2000-02-29"), D("2022-07-15")),
        "1111111": (D("2010-01-01"), D("2025-07-18")),  # 16 today
        "2222222": (D("1921-06-01"), D("2021-07-01")),  # 105 today
        "3333333": (D("1990-01-01"), D("2019-07-01")),
        "4444444": (D("1998-04-02"), D("2026-09-01")),  # QTS after the period started
        "5555555": (D("1998-04-02"), D("2025-07-18")),
        "6666666": (D("1998-04-02"), D("2025-07-18")),
        **{trn: (D("1998-04-02"), D("2025-07-18")) for trn in MANY},
    },
    stays={
        "1234567": [Stay(D("2025-09-01"), D("2026-03-31")), Stay(D("2026-04-20"), None)],
        "7654321": [Stay(D("2021-09-01"), D("2023-07-21"))],
        "0012345": [Stay(D("2022-09-01"), None)],
        "1111111": [Stay(D("2025-09-01"), D("2026-03-31"))],
        "2222222": [Stay(D("2021-09-01"), D("2023-07-21"))],
        "3333333": [Stay(D("2021-08-31"), D("2023-07-21"))],
        "4444444": [Stay(D("2026-04-20"), D("2026-10-23"))],
        "5555555": [Stay(D("2026-11-23"), D("2026-12-18"))],  # starts tomorrow
        "6666666": [Stay(D("2026-03-02"), D("2026-03-02"))],  # ends the day it starts
        **{trn: [Stay(D("2025-09-01"), D("2026-07-22"))] for trn in MANY},
    },
)

CLAIM_ROWS = (
    "1234567,1998-04-02,provider-led,2025-09-01",
    "7654321,1995-12-31,School-Led,2021-09-01",
    "0012345,2000-02-29,school-led,2022-09-01",
)
ACTION_ROWS = (
    "1234567,1998-04-02,2026-03-31,2.0,release",
    "7654321,1995-12-31,2023-07-21,6,pass",
)


def csv_text(header, *rows: str, newline: str = "\n") -> str:
    return newline.join([",".join(header), *rows]) + newline


def claims(*rows: str) -> str:
    return csv_text(CLAIMS_HEADER, *(rows or CLAIM_ROWS))


def actions(*rows: str) -> str:
    return csv_text(ACTIONS_HEADER, *(rows or ACTION_ROWS))


def padded(text: str, size: int) -> str:
    """``text`` with comment lines added to make it exactly ``size`` bytes."""
    missing = size - len(text.encode())
    lines = []
    while missing > 0:
        n = min(missing, 100)
        if missing - n == 1:  # never leave a single byte over: a line needs two
            n -= 1
        lines.append("#" + "x" * (n - 2) + "\n")
        missing -= n
    return text + "".join(lines)


def many(count: int) -> str:
    return claims(*(f"{trn},1998-04-02,provider-led,2025-09-01" for trn in MANY[:count]))


GOOD = {
    "claims": claims(),
    "actions": actions(),
    "columns in another order": csv_text(
        ("Induction period start date", "TRN", "Induction programme", "Date of birth"),
        "2025-09-01,1234567,provider-led,1998-04-02",
    ),
    "actions columns in another order": csv_text(
        (
            "Outcome",
            "Number of terms",
            "TRN",
            "Induction period end date",
            "Date of birth",
        ),
        "release,2.0,1234567,2026-03-31,1998-04-02",
    ),
    "a trailing Error message column": csv_text(
        (*CLAIMS_HEADER, "Error message"),
        "1234567,1998-04-02,provider-led,2025-09-01,",
        "7654321,1995-12-31,school-led,2021-09-01,TRN not found",
    ),
    "comment lines are ignored": "# exported by ectrack\n"
    + claims()
    + "#1234567,1998-04-02,provider-led,2025-09-01\n#not,a,row\n",
    "Windows line endings": csv_text(CLAIMS_HEADER, *CLAIM_ROWS, newline="\r\n"),
    "0 and 16.0 terms": actions(
        "1234567,1998-04-02,2026-03-31,0,release", "7654321,1995-12-31,2023-07-21,16.0,pass"
    ),
    "1,000 rows": many(1000),
    "just under 100 KB": padded(claims(), 99_999),
    "a header and no rows": csv_text(CLAIMS_HEADER),
}


@pytest.mark.parametrize("text", GOOD.values(), ids=GOOD.keys())
def test_a_good_file_has_no_problems(tmp_path, text):
    path = tmp_path / "upload.csv"
    path.write_bytes(text.encode("utf-8"))
    assert problems(path, TODAY, LOOKUP) == []


def test_the_padding_is_exact():
    assert len(padded(claims(), 99_999).encode()) == 99_999
    assert len(padded(claims(), 100_000).encode()) == 100_000


# (what is broken, file name, content, a fragment the problem must hold)
BROKEN = [
    # --- both files
    ("not UTF-8", "upload.csv", ("# café\n" + claims()).encode("cp1252"), "UTF-8"),
    ("not .csv", "upload.txt", claims(), ".csv"),
    ("no suffix", "upload", claims(), ".csv"),
    ("100 KB exactly", "upload.csv", padded(claims(), 100_000), "100 KB"),
    ("over 100 KB", "upload.csv", padded(claims(), 150_000), "100 KB"),
    ("1,001 rows", "upload.csv", many(1001), "more than 1,000"),
    ("empty file", "upload.csv", "", "empty"),
    ("only comments", "upload.csv", "# nothing\n", "empty"),
    (
        "a claims column missing",
        "upload.csv",
        csv_text(CLAIMS_HEADER[:3], "1234567,1998-04-02,provider-led"),
        "Induction period start date",
    ),
    (
        "an actions column missing",
        "upload.csv",
        csv_text(ACTIONS_HEADER[:4], "1234567,1998-04-02,2026-03-31,2.0"),
        "Outcome",
    ),
    (
        "a column misspelt",
        "upload.csv",
        csv_text(
            ("TRN", "Date of Birth", "Induction programme", "Induction period start date"),
            *CLAIM_ROWS,
        ),
        "Date of Birth",
    ),
    (
        "an extra column",
        "upload.csv",
        csv_text((*CLAIMS_HEADER, "School"), "1234567,1998-04-02,provider-led,2025-09-01,A"),
        "School",
    ),
    (
        "Error message not last",
        "upload.csv",
        csv_text(("Error message", *CLAIMS_HEADER), ",1234567,1998-04-02,provider-led,2025-09-01"),
        "Error message",
    ),
    (
        "a column twice",
        "upload.csv",
        csv_text((*CLAIMS_HEADER, "TRN"), "1234567,1998-04-02,provider-led,2025-09-01,1234567"),
        "repeated",
    ),
    (
        "a header with a BOM",
        "upload.csv",
        "\ufeff" + claims(),
        "TRN",
    ),
    ("a row too short", "upload.csv", claims("1234567,1998-04-02,provider-led"), "cells"),
    (
        "a row too long",
        "upload.csv",
        claims("1234567,1998-04-02,provider-led,2025-09-01,x"),
        "cells",
    ),
    ("a blank line", "upload.csv", claims(CLAIM_ROWS[0], "", CLAIM_ROWS[1]), "cells"),
    ("TRN of 6 digits", "upload.csv", claims("123456,1998-04-02,provider-led,2025-09-01"), "TRN"),
    (
        "TRN of 8 digits",
        "upload.csv",
        claims("12345678,1998-04-02,provider-led,2025-09-01"),
        "7 digits",
    ),
    (
        "TRN with letters",
        "upload.csv",
        claims("RP12345,1998-04-02,provider-led,2025-09-01"),
        "7 digits",
    ),
    (
        "TRN with a space",
        "upload.csv",
        claims(" 1234567,1998-04-02,provider-led,2025-09-01"),
        "7 digits",
    ),
    (
        "date of birth day first",
        "upload.csv",
        claims("1234567,02/04/1998,provider-led,2025-09-01"),
        "YYYY-MM-DD",
    ),
    (
        "date of birth not a real day",
        "upload.csv",
        claims("1234567,1998-02-30,provider-led,2025-09-01"),
        "real date",
    ),
    (
        "duplicate TRN",
        "upload.csv",
        claims(CLAIM_ROWS[0], "1234567,1998-04-02,provider-led,2026-04-20"),
        "duplicate TRN",
    ),
    (
        "duplicate TRN in actions",
        "upload.csv",
        actions(ACTION_ROWS[0], ACTION_ROWS[0]),
        "duplicate TRN",
    ),
    (
        "an unknown TRN",
        "upload.csv",
        claims("9876543,1998-04-02,provider-led,2025-09-01"),
        "not matched",
    ),
    (
        "another date of birth",
        "upload.csv",
        claims("1234567,1998-02-04,provider-led,2025-09-01"),
        "not matched",
    ),
    (
        "another date of birth in actions",
        "upload.csv",
        actions("1234567,1998-04-03,2026-03-31,2.0,release"),
        "not matched",
    ),
    (
        "younger than 18",
        "upload.csv",
        claims("1111111,2010-01-01,provider-led,2025-09-01"),
        "age 16",
    ),
    (
        "older than 100",
        "upload.csv",
        claims("2222222,1921-06-01,provider-led,2021-09-01"),
        "age 105",
    ),
    (
        "older than 100 in actions",
        "upload.csv",
        actions("2222222,1921-06-01,2023-07-21,6.0,pass"),
        "age 105",
    ),
    # --- claims
    (
        "programme with an underscore",
        "upload.csv",
        claims("1234567,1998-04-02,provider_led,2025-09-01"),
        "Induction programme",
    ),
    (
        "programme by its old name",
        "upload.csv",
        claims("1234567,1998-04-02,FIP,2025-09-01"),
        "Induction programme",
    ),
    (
        "no programme",
        "upload.csv",
        claims("1234567,1998-04-02,,2025-09-01"),
        "Induction programme",
    ),
    (
        "start date day first",
        "upload.csv",
        claims("1234567,1998-04-02,provider-led,01/09/2025"),
        "YYYY-MM-DD",
    ),
    (
        "start date not a real day",
        "upload.csv",
        claims("1234567,1998-04-02,provider-led,2025-09-31"),
        "real date",
    ),
    (
        "start date in the future",
        "upload.csv",
        claims("5555555,1998-04-02,provider-led,2026-11-23"),
        "future",
    ),
    (
        "start date before 1 September 2021",
        "upload.csv",
        claims("3333333,1990-01-01,provider-led,2021-08-31"),
        "1 September 2021",
    ),
    (
        "start date before the QTS date",
        "upload.csv",
        claims("4444444,1998-04-02,provider-led,2026-04-20"),
        "QTS",
    ),
    (
        "start date inside another period",
        "upload.csv",
        claims("1234567,1998-04-02,provider-led,2026-01-05"),
        "overlaps",
    ),
    (
        "start date of no period",
        "upload.csv",
        claims("1234567,1998-04-02,provider-led,2026-04-01"),
        "no induction period",
    ),
    # --- actions
    (
        "fail",
        "upload.csv",
        actions("7654321,1995-12-31,2023-07-21,6.0,fail"),
        "'fail' cannot be uploaded",
    ),
    (
        "an unknown outcome",
        "upload.csv",
        actions("7654321,1995-12-31,2023-07-21,6.0,passed"),
        "pass or release",
    ),
    (
        "no outcome",
        "upload.csv",
        actions("7654321,1995-12-31,2023-07-21,6.0,"),
        "pass or release",
    ),
    (
        "17 terms",
        "upload.csv",
        actions("7654321,1995-12-31,2023-07-21,17,pass"),
        "0 to 16",
    ),
    (
        "16.1 terms",
        "upload.csv",
        actions("7654321,1995-12-31,2023-07-21,16.1,pass"),
        "0 to 16",
    ),
    (
        "negative terms",
        "upload.csv",
        actions("7654321,1995-12-31,2023-07-21,-1,pass"),
        "Number of terms",
    ),
    (
        "two decimal places",
        "upload.csv",
        actions("7654321,1995-12-31,2023-07-21,5.95,pass"),
        "one decimal place",
    ),
    (
        "terms not a number",
        "upload.csv",
        actions("7654321,1995-12-31,2023-07-21,six,pass"),
        "Number of terms",
    ),
    (
        "no terms",
        "upload.csv",
        actions("7654321,1995-12-31,2023-07-21,,pass"),
        "Number of terms",
    ),
    (
        "end date day first",
        "upload.csv",
        actions("7654321,1995-12-31,21/07/2023,6.0,pass"),
        "YYYY-MM-DD",
    ),
    (
        "end date not a real day",
        "upload.csv",
        actions("7654321,1995-12-31,2023-06-31,6.0,pass"),
        "real date",
    ),
    (
        "end date in the future",
        "upload.csv",
        actions("5555555,1998-04-02,2026-12-18,0.5,release"),
        "future",
    ),
    (
        "end date not after the start",
        "upload.csv",
        actions("6666666,1998-04-02,2026-03-02,0.0,release"),
        "not after the period's start",
    ),
    (
        "end date of no period",
        "upload.csv",
        actions("1234567,1998-04-02,2026-03-30,2.0,release"),
        "no induction period",
    ),
    (
        "an open period ended",
        "upload.csv",
        actions("0012345,2000-02-29,2026-07-22,6.0,pass"),
        "no induction period",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [(name, content, fragment) for _, name, content, fragment in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_a_broken_file_has_a_problem_naming_the_rule(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    found = problems(path, TODAY, LOOKUP)
    assert found, "the validator passed a broken file"
    assert any(fragment in p for p in found), found


def test_every_problem_in_a_file_is_listed(tmp_path):
    path = tmp_path / "upload.csv"
    path.write_text(
        actions(
            "123456,1998-04-02,2026-03-31,2.0,release",
            "7654321,1995-12-31,2023-07-21,17,fail",
        )
    )
    found = problems(path, TODAY, LOOKUP)
    assert [p.split(":")[0] for p in found].count("row 2") >= 2, found
    assert any(p.startswith("row 1:") and "7 digits" in p for p in found), found


def test_age_is_counted_on_today(tmp_path):
    """18 on their birthday (today), not the day before."""
    lookup = Lookup(
        {"1234567": (D("2008-11-22"), D("2025-07-18"))},
        {"1234567": [Stay(D("2025-09-01"), None)]},
    )
    path = tmp_path / "upload.csv"
    path.write_text(claims("1234567,2008-11-22,provider-led,2025-09-01"))
    assert problems(path, TODAY, lookup) == []
    assert any("age 17" in p for p in problems(path, TODAY - dt.timedelta(days=1), lookup))


def test_the_lookup_joins_periods_into_stays_broken_by_a_release_or_an_outcome(tmp_path):
    path = tmp_path / "ectrack.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE ects (trn TEXT, date_of_birth TEXT, qts_date TEXT);
        CREATE TABLE induction_periods (
            trn TEXT, started_on TEXT, finished_on TEXT, closed_by TEXT, outcome TEXT);
        INSERT INTO ects VALUES ('1234567', '1998-04-02', '2025-07-18'),
                                ('7654321', '1995-12-31', '2021-07-16');
        INSERT INTO induction_periods VALUES
            ('1234567', '2026-04-20', NULL, NULL, NULL),
            ('1234567', '2025-09-01', '2026-01-04', 'move', NULL),
            ('1234567', '2026-01-05', '2026-02-01', 'fte_change', NULL),
            ('1234567', '2026-02-02', '2026-03-31', 'release', NULL),
            ('7654321', '2021-09-01', '2023-07-21', NULL, 'pass');
        """
    )
    conn.commit()
    conn.close()
    lookup = lookup_from_db(path)
    assert lookup.teachers == {
        "1234567": (D("1998-04-02"), D("2025-07-18")),
        "7654321": (D("1995-12-31"), D("2021-07-16")),
    }
    assert lookup.stays == {
        "1234567": [Stay(D("2025-09-01"), D("2026-03-31")), Stay(D("2026-04-20"), None)],
        "7654321": [Stay(D("2021-09-01"), D("2023-07-21"))],
    }
