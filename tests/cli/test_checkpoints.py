"""``ectrack checkpoints``, ``calendar show/set/import`` and ``ect list --at-risk /
--status`` end to end.

The default calendar of induction-rules.md, worked by hand:
- 2024/25: autumn 2024-09-01 to Fri 2024-12-20; spring Mon 2025-01-06 (4 Jan is a
  Saturday) to Fri 2025-04-11 (Easter 2025-04-20 less 9 days); summer Mon
  2025-04-28 to Tue 2025-07-22.
- 2025/26: autumn 2025-09-01 to Fri 2025-12-19 (20 Dec is a Saturday); spring Mon
  2026-01-05 (4 Jan is a Sunday) to Fri 2026-03-27 (Easter 2026-04-05 less 9 days);
  summer Mon 2026-04-13 to Wed 2026-07-22.
- 2026/27: autumn 2026-09-01 to Fri 2026-12-18 (20 Dec is a Sunday); spring Mon
  2027-01-04 to Fri 2027-03-19 (Easter 2027-03-28); summer Mon 2027-04-05 to Thu
  2027-07-22; then autumn 2027-09-01 to Mon 2027-12-20.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile

import pytest

A, B = "1111111", "2222222"
CHECKPOINT_KEYS = {"trn", "school_urn", "kind", "term", "due_on", "status", "received_on"}


@pytest.fixture
def two_ects(register):
    """A: full time at 100001 from 2025-09-01. B: full time at 100002 from 2026-01-05,
    so B's first assessment is in 2026-autumn (3.0) and the final in 2027-autumn."""
    register(A, first_name="Amy", last_name="Shah")
    register(B, first_name="Ben", last_name="Cole", school="100002", start="2026-01-05")
    return A, B


def checkpoints(run, ok, *options, today=None) -> list[dict]:
    head = ("--today", today) if today else ()
    return json.loads(ok(run(*head, "checkpoints", "--json", *options)).stdout)


def brief(rows: list[dict]) -> list[tuple]:
    return [(r["trn"], r["kind"], r["term"], r["due_on"], r["status"]) for r in rows]


def review(run, ok, trn, term, date, *extra, today):
    ok(
        run(
            "--today",
            today,
            "review",
            "record",
            trn,
            "--term",
            term,
            "--date",
            date,
            "--on-track",
            "yes",
            *extra,
        )
    )


# --- checkpoints -----------------------------------------------------------------------

ALL_AS_OF_2026_11_22 = [
    (A, "progress_review", "2025-autumn", "2025-12-19", "overdue"),
    (A, "progress_review", "2026-spring", "2026-03-27", "overdue"),
    (B, "progress_review", "2026-spring", "2026-03-27", "overdue"),
    (A, "first_formal_assessment", "2026-summer", "2026-07-22", "overdue"),
    (B, "progress_review", "2026-summer", "2026-07-22", "overdue"),
    (A, "progress_review", "2026-autumn", "2026-12-18", "upcoming"),  # 26 days away
    (B, "first_formal_assessment", "2026-autumn", "2026-12-18", "upcoming"),
    (A, "progress_review", "2027-spring", "2027-03-19", "upcoming"),
    (B, "progress_review", "2027-spring", "2027-03-19", "upcoming"),
    (A, "final_formal_assessment", "2027-summer", "2027-07-22", "upcoming"),
    (B, "progress_review", "2027-summer", "2027-07-22", "upcoming"),
    (B, "final_formal_assessment", "2027-autumn", "2027-12-20", "upcoming"),
]


def test_every_checkpoint_of_every_ect_by_due_date(run, ok, two_ects):
    rows = checkpoints(run, ok)
    assert brief(rows) == ALL_AS_OF_2026_11_22
    for row in rows:
        assert set(row) >= CHECKPOINT_KEYS
        assert row["received_on"] is None
        assert row["school_urn"] == ("100001" if row["trn"] == A else "100002")


def test_checkpoints_human_output(run, ok, two_ects):
    result = ok(run("checkpoints", "--school", "100002"))
    assert "6 checkpoints (as of 22 Nov 2026)" in result.stdout
    assert "Ben Cole" in result.stdout
    assert "Amy Shah" not in result.stdout
    assert "First formal assessment" in result.stdout


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--term", "2026-autumn"), [r for r in ALL_AS_OF_2026_11_22 if r[2] == "2026-autumn"]),
        (("--term", "Autumn 2026"), [r for r in ALL_AS_OF_2026_11_22 if r[2] == "2026-autumn"]),
        (
            ("--kind", "first"),
            [r for r in ALL_AS_OF_2026_11_22 if r[1] == "first_formal_assessment"],
        ),
        (
            ("--kind", "final_formal_assessment"),
            [r for r in ALL_AS_OF_2026_11_22 if r[1] == "final_formal_assessment"],
        ),
        (("--kind", "review"), [r for r in ALL_AS_OF_2026_11_22 if r[1] == "progress_review"]),
        (("--kind", "interim"), []),
        (("--school", "100002"), [r for r in ALL_AS_OF_2026_11_22 if r[0] == B]),
        (("--status", "overdue"), [r for r in ALL_AS_OF_2026_11_22 if r[4] == "overdue"]),
        (("--status", "due"), []),
        (
            ("--school", "100001", "--status", "overdue"),
            [r for r in ALL_AS_OF_2026_11_22 if r[0] == A and r[4] == "overdue"],
        ),
        (
            ("--term", "2026-summer", "--kind", "review"),
            [(B, "progress_review", "2026-summer", "2026-07-22", "overdue")],
        ),
        (("--term", "2028-spring"), []),
    ],
)
def test_checkpoint_filters(run, ok, two_ects, options, expected):
    assert brief(checkpoints(run, ok, *options)) == expected


@pytest.mark.parametrize(
    ("today", "status"),
    [
        ("2026-03-12", "upcoming"),  # 15 days before the due date
        ("2026-03-13", "due"),  # 14 days before
        ("2026-03-27", "due"),  # the due date itself
        ("2026-03-28", "overdue"),
    ],
)
def test_status_as_of_today_with_a_14_day_due_window(run, ok, two_ects, today, status):
    rows = checkpoints(run, ok, "--term", "2026-spring", "--school", "100001", today=today)
    assert brief(rows) == [(A, "progress_review", "2026-spring", "2026-03-27", status)]
    assert brief(
        checkpoints(run, ok, "--status", status, "--term", "2026-spring", today=today)
    ) == [
        (A, "progress_review", "2026-spring", "2026-03-27", status),
        (B, "progress_review", "2026-spring", "2026-03-27", status),
    ]


def test_received_on_time_and_late(run, ok, two_ects):
    review(run, ok, A, "2026-spring", "2026-03-20", "--received", "2026-03-27", today="2026-03-30")
    review(run, ok, B, "2026-spring", "2026-03-20", "--received", "2026-03-30", today="2026-03-30")
    rows = checkpoints(run, ok, "--term", "2026-spring", today="2026-03-30")
    assert [(r["trn"], r["status"], r["received_on"]) for r in rows] == [
        (A, "received", "2026-03-27"),
        (B, "late", "2026-03-30"),
    ]
    assert [r["trn"] for r in checkpoints(run, ok, "--status", "received")] == [A]
    assert [r["trn"] for r in checkpoints(run, ok, "--status", "late")] == [B]


def test_due_within_14_days_across_ects(run, ok, two_ects):
    assert brief(checkpoints(run, ok, "--status", "due", today="2026-12-10")) == [
        (A, "progress_review", "2026-autumn", "2026-12-18", "due"),
        (B, "first_formal_assessment", "2026-autumn", "2026-12-18", "due"),
    ]


@pytest.mark.parametrize(
    ("options", "fragments"),
    [
        (("--status", "missing"), ("--status", "missing")),
        (("--kind", "assessment"), ("--kind", "assessment")),
        (("--term", "2026-winter"), ("--term", "2026-winter")),
        (("--term", "summer"), ("--term", "summer")),
        (("--school", "12345"), ("--school", "12345")),
    ],
)
def test_bad_checkpoint_filters_are_refused(two_ects, refused_unchanged, options, fragments):
    refused_unchanged(["checkpoints", *options], *fragments)


# --- calendar show ---------------------------------------------------------------------


def term_row(term, starts, ends, working_days, deadline=None, source="default"):
    return {
        "term": term,
        "starts_on": starts,
        "ends_on": ends,
        "deadline_on": deadline,
        "due_on": deadline or ends,
        "working_days": working_days,
        "source": source,
    }


# Working days: 2025-autumn 16 full weeks; 2026-spring 12 weeks; 2026-summer 14 weeks
# and 3 days less the May bank holidays (4 and 25 May 2026).
YEAR_2025 = [
    term_row("2025-autumn", "2025-09-01", "2025-12-19", 80),
    term_row("2026-spring", "2026-01-05", "2026-03-27", 60),
    term_row("2026-summer", "2026-04-13", "2026-07-22", 71),
]


@pytest.mark.parametrize(
    "options",
    [("--year", "2025"), ("--today", "2026-03-01"), ("--today", "2025-08-01")],
)
def test_calendar_show_default_terms_of_2025_26(run, ok, schools, options):
    if options[0] == "--today":
        result = run(*options, "calendar", "show", "--json")
    else:
        result = run("calendar", "show", *options, "--json")
    assert json.loads(ok(result).stdout) == YEAR_2025


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            "2024",
            [
                # Sun 1 Sep 2024 is not a working day: 2 Sep to 20 Dec, 16 weeks.
                term_row("2024-autumn", "2024-09-01", "2024-12-20", 80),
                term_row("2025-spring", "2025-01-06", "2025-04-11", 70),
                # 12 weeks and 2 days less 5 and 26 May 2025.
                term_row("2025-summer", "2025-04-28", "2025-07-22", 60),
            ],
        ),
        (
            "2026",
            [
                term_row("2026-autumn", "2026-09-01", "2026-12-18", 79),
                term_row("2027-spring", "2027-01-04", "2027-03-19", 55),
                # 15 weeks and 4 days less 3 and 31 May 2027.
                term_row("2027-summer", "2027-04-05", "2027-07-22", 77),
            ],
        ),
    ],
)
def test_calendar_show_other_years(run, ok, schools, year, expected):
    assert json.loads(ok(run("calendar", "show", "--year", year, "--json")).stdout) == expected


def test_calendar_show_defaults_to_the_year_holding_today(run, ok, schools):
    rows = json.loads(ok(run("calendar", "show", "--json")).stdout)  # today 2026-11-22
    assert [r["term"] for r in rows] == ["2026-autumn", "2027-spring", "2027-summer"]


def test_calendar_show_human_output(run, ok, schools):
    result = ok(run("calendar", "show", "--year", "2025"))
    for text in ("Autumn 2025", "19 Dec 2025", "13 Apr 2026", "ectrack default"):
        assert text in result.stdout


# --- calendar set ----------------------------------------------------------------------


def test_ab_deadline_moves_due_dates_and_statuses(run, ok, db, two_ects):
    before = brief(checkpoints(run, ok, "--term", "2026-autumn"))
    assert [r[3:] for r in before] == [("2026-12-18", "upcoming")] * 2

    result = ok(
        run(
            "calendar",
            "set",
            "2026-autumn",
            "--start",
            "2026-09-01",
            "--end",
            "2026-12-18",
            "--deadline",
            "04/12/2026",
        )
    )
    assert "returns due 4 Dec 2026" in result.stderr
    # Due Fri 2026-12-04: 12 days after 2026-11-22, inside the 14-day window.
    assert brief(checkpoints(run, ok, "--term", "2026-autumn")) == [
        (A, "progress_review", "2026-autumn", "2026-12-04", "due"),
        (B, "first_formal_assessment", "2026-autumn", "2026-12-04", "due"),
    ]
    detail = json.loads(ok(run("ect", "show", A, "--json")).stdout)
    autumn = next(c for c in detail["checkpoints"] if c["term"] == "2026-autumn")
    assert (autumn["due_on"], autumn["status"]) == ("2026-12-04", "due")
    assert brief(checkpoints(run, ok, "--term", "2026-autumn", today="2026-12-05"))[0][4] == (
        "overdue"
    )

    assert db.rows("SELECT * FROM terms") == [
        {
            "term": "2026-autumn",
            "starts_on": "2026-09-01",
            "ends_on": "2026-12-18",
            "deadline_on": "2026-12-04",
        }
    ]
    shown = json.loads(ok(run("calendar", "show", "--json")).stdout)[0]
    assert shown == term_row(
        "2026-autumn", "2026-09-01", "2026-12-18", 79, deadline="2026-12-04", source="ab"
    )
    (event,) = db.audit(entity="term")
    assert (event["action"], event["entity_id"], event["command"]) == (
        "create",
        "2026-autumn",
        "calendar set",
    )
    assert event["after"]["deadline_on"] == "2026-12-04"


def test_setting_a_term_again_updates_it_and_audits_the_change(run, ok, db, two_ects):
    ok(run("calendar", "set", "2026-autumn", "--start", "2026-09-01", "--end", "2026-12-18"))
    ok(run("calendar", "set", "2026-autumn", "--start", "2026-09-03", "--end", "2026-12-16"))
    assert db.rows("SELECT * FROM terms") == [
        {
            "term": "2026-autumn",
            "starts_on": "2026-09-03",
            "ends_on": "2026-12-16",
            "deadline_on": None,
        }
    ]
    create, update = db.audit(entity="term")
    assert (create["action"], update["action"]) == ("create", "update")
    assert update["before"]["starts_on"] == "2026-09-01"
    assert update["after"]["ends_on"] == "2026-12-16"
    # No deadline: returns are due on the AB's last day of term, Wed 2026-12-16.
    assert {r["due_on"] for r in checkpoints(run, ok, "--term", "2026-autumn")} == {"2026-12-16"}
    shown = json.loads(ok(run("calendar", "show", "--json")).stdout)[0]
    # Thu 3 Sep to Wed 16 Dec: 2 + 14 weeks + 3 days.
    assert shown == term_row("2026-autumn", "2026-09-03", "2026-12-16", 75, source="ab")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--start", "31/02/2026", "--end", "2026-12-18"), ("--start", "31/02/2026")),
        (("--start", "2026-09-01", "--end", "someday"), ("--end", "someday")),
        (("--start", "2026-09-01", "--end", "2026-08-18"), ("--end", "2026-08-18", "not after")),
        (("--start", "2026-09-01", "--end", "2026-09-01"), ("--end", "2026-09-01")),
        (
            ("--start", "2026-01-05", "--end", "2026-03-27"),
            ("--start", "2026-01-05", "2026-autumn"),
        ),
        (("--start", "2026-09-01", "--end", "2027-03-19"), ("--end", "2027-03-19", "20 weeks")),
        (
            ("--start", "2026-09-01", "--end", "2026-12-18", "--deadline", "2026-08-28"),
            ("--deadline", "2026-08-28", "before the term starts"),
        ),
        (
            ("--start", "2026-09-01", "--end", "2026-12-18", "--deadline", "soon"),
            ("--deadline", "soon"),
        ),
    ],
)
def test_bad_term_dates_are_refused_and_nothing_is_written(
    two_ects, refused_unchanged, args, fragments
):
    refused_unchanged(["calendar", "set", "2026-autumn", *args], *fragments)


def test_a_bad_term_name_is_refused(two_ects, refused_unchanged):
    refused_unchanged(
        ["calendar", "set", "2026-fall", "--start", "2026-09-01", "--end", "2026-12-18"],
        "TERM '2026-fall'",
        "not a term",
    )


@pytest.mark.parametrize(
    ("term", "start", "end"),
    [
        ("2026-autumn", "2025-09-01", "2025-12-19"),  # a year early
        ("2026-autumn", "2027-09-01", "2027-12-17"),  # a year late
        ("2026-spring", "2025-01-06", "2025-04-04"),
        ("2026-summer", "2025-04-28", "2025-07-22"),
    ],
)
def test_term_dates_a_year_off_are_refused(two_ects, refused_unchanged, term, start, end):
    refused_unchanged(
        ["calendar", "set", term, "--start", start, "--end", end],
        f"--start '{start}'",
        f"does not look like the start of {term}",
    )


def test_spring_may_start_in_late_december(run, ok, two_ects):
    ok(run("calendar", "set", "2026-spring", "--start", "2025-12-29", "--end", "2026-03-27"))


# --- calendar import -------------------------------------------------------------------

GOOD_ROWS = [
    ("2026-autumn", "2026-09-02", "2026-12-17", "2026-12-04"),
    ("2027-spring", "2027-01-05", "2027-03-26", ""),
    ("2027-summer", "2027-04-12", "2027-07-21", "2027-07-09"),
]
IMPORTED_TERMS = [
    {
        "term": "2026-autumn",
        "starts_on": "2026-09-02",
        "ends_on": "2026-12-17",
        "deadline_on": "2026-12-04",
    },
    {
        "term": "2027-spring",
        "starts_on": "2027-01-05",
        "ends_on": "2027-03-26",
        "deadline_on": None,
    },
    {
        "term": "2027-summer",
        "starts_on": "2027-04-12",
        "ends_on": "2027-07-21",
        "deadline_on": "2027-07-09",
    },
]


def write_csv(path, rows, header=("Term", "Start", "End", "Deadline")):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def as_date(text):
    return dt.datetime.strptime(text, "%Y-%m-%d") if text else None


def write_xlsx(path, rows, header=("term", "start", "end", "deadline")):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for term, *dates in rows:
        sheet.append([term, *(as_date(d) if d and d[:2] == "20" else d or None for d in dates)])
    workbook.save(path)
    return path


def terms(db) -> list[dict]:
    return db.rows("SELECT * FROM terms ORDER BY starts_on")


def test_import_term_dates_from_csv(run, ok, db, two_ects, tmp_path):
    day_first = [
        (term, *(f"{d[8:]}/{d[5:7]}/{d[:4]}" if d else "" for d in dates))
        for term, *dates in GOOD_ROWS
    ]
    path = write_csv(tmp_path / "term dates.csv", day_first)
    result = ok(run("calendar", "import", str(path)))
    assert "3 terms" in result.stderr
    assert terms(db) == IMPORTED_TERMS
    assert len(db.audit(entity="term", command="calendar import")) == 3

    rows = json.loads(ok(run("calendar", "show", "--year", "2026", "--json")).stdout)
    assert [(r["term"], r["due_on"], r["source"]) for r in rows] == [
        ("2026-autumn", "2026-12-04", "ab"),
        ("2027-spring", "2027-03-26", "ab"),
        ("2027-summer", "2027-07-09", "ab"),
    ]
    assert [(r["trn"], r["term"], r["due_on"]) for r in checkpoints(run, ok, "--kind", "final")][
        :1
    ] == [(A, "2027-summer", "2027-07-09")]


def test_import_term_dates_from_xlsx(run, ok, db, two_ects, tmp_path):
    path = write_xlsx(tmp_path / "terms.xlsx", GOOD_ROWS)
    ok(run("calendar", "import", str(path)))
    assert terms(db) == IMPORTED_TERMS
    assert brief(checkpoints(run, ok, "--term", "2026-autumn")) == [
        (A, "progress_review", "2026-autumn", "2026-12-04", "due"),
        (B, "first_formal_assessment", "2026-autumn", "2026-12-04", "due"),
    ]


def test_import_updates_terms_already_set(run, ok, db, two_ects, tmp_path):
    ok(run("calendar", "set", "2026-autumn", "--start", "2026-09-01", "--end", "2026-12-18"))
    ok(run("calendar", "import", str(write_csv(tmp_path / "t.csv", GOOD_ROWS))))
    assert terms(db) == IMPORTED_TERMS
    actions = [e["action"] for e in db.audit(entity="term", entity_id="2026-autumn")]
    assert actions == ["create", "update"]


@pytest.mark.parametrize(
    ("bad_row", "fragment"),
    [
        (("2027-summer", "2027-04-12", "banana", ""), "banana"),
        (("2027-summer", "2027-07-21", "2027-04-12", ""), "2027-04-12"),
        (("2027-wnter", "2027-04-12", "2027-07-21", ""), "2027-wnter"),
        (("2027-summer", "2027-04-12", "2027-07-21", "2027-04-01"), "2027-04-01"),
    ],
)
@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_import_with_a_bad_row_imports_nothing(
    two_ects, refused_unchanged, tmp_path, writer, bad_row, fragment
):
    suffix = ".csv" if writer is write_csv else ".xlsx"
    path = writer(tmp_path / f"terms{suffix}", [*GOOD_ROWS[:2], bad_row])
    # The header is row 1, so the third data row is row 4 of the sheet.
    refused_unchanged(
        ["calendar", "import", str(path)],
        f"terms{suffix}: row 4, column ",
        fragment,
        "nothing was imported",
        code=3,
    )


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_import_with_a_missing_column_is_rejected(two_ects, refused_unchanged, tmp_path, writer):
    suffix = ".csv" if writer is write_csv else ".xlsx"
    rows = [(term, start, deadline) for term, start, _, deadline in GOOD_ROWS]
    path = writer(tmp_path / f"terms{suffix}", rows, header=("Term", "Start", "Deadline"))
    refused_unchanged(["calendar", "import", str(path)], f"terms{suffix}", "no column end", code=3)


@pytest.mark.parametrize("content", [b"", b"\n\n,,,\n"])
def test_import_of_an_empty_file_is_rejected(two_ects, refused_unchanged, tmp_path, content):
    path = tmp_path / "terms.csv"
    path.write_bytes(content)
    refused_unchanged(["calendar", "import", str(path)], "terms.csv", "is empty", code=3)


def test_import_of_a_zip_that_is_not_a_workbook_is_rejected(two_ects, refused_unchanged, tmp_path):
    path = tmp_path / "terms.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    refused_unchanged(["calendar", "import", str(path)], "terms.xlsx", "not a spreadsheet", code=3)


def test_import_of_binary_junk_is_rejected(two_ects, refused_unchanged, tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    refused_unchanged(["calendar", "import", str(path)], "junk.xlsx", "not a spreadsheet", code=3)


def test_import_of_a_csv_with_a_broken_quote_is_rejected(two_ects, refused_unchanged, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_bytes(b'term,start,end\n"2026-spring\r,2026-01-05,2026-03-27\n')
    result = refused_unchanged(["calendar", "import", str(path)], "terms.csv", code=3)
    assert "Traceback" not in result


def test_import_of_a_missing_file_is_rejected(two_ects, refused_unchanged, tmp_path):
    path = tmp_path / "nowhere.csv"
    refused_unchanged(["calendar", "import", str(path)], "nowhere.csv", code=3)


# --- ect list --at-risk / --status -----------------------------------------------------


def test_list_at_risk(run, ok, two_ects):
    review(run, ok, A, "2026-spring", "2026-03-20", today="2026-03-23")
    ok(
        run(
            "review",
            "record",
            B,
            "--term",
            "2026-spring",
            "--date",
            "2026-03-20",
            "--on-track",
            "no",
            "--support-plan",
        )
    )
    rows = json.loads(ok(run("ect", "list", "--at-risk", "--json")).stdout)
    assert [(r["trn"], r["at_risk"]) for r in rows] == [(B, True)]
    assert "AT RISK" in ok(run("ect", "list", "--at-risk")).stdout
    everyone = json.loads(ok(run("ect", "list", "--json")).stdout)
    assert {r["trn"]: r["at_risk"] for r in everyone} == {A: False, B: True}

    review(run, ok, B, "2026-summer", "2026-07-10", today="2026-07-13")
    assert json.loads(ok(run("ect", "list", "--at-risk", "--json")).stdout) == []


def test_list_awaiting_decision(run, ok, two_ects):
    # A reduced to 1.0 term: the only checkpoint is the final, in 2025-autumn.
    ok(run("ect", "update", A, "--reduced-to", "1.0"))
    assert (
        json.loads(ok(run("ect", "list", "--status", "awaiting_decision", "--json")).stdout) == []
    )
    ok(
        run(
            "--today",
            "2025-12-19",
            "assessment",
            "record",
            A,
            "--kind",
            "final",
            "--date",
            "2025-12-17",
            "--overall",
            "satisfactory",
            "--recommendation",
            "satisfactory",
        )
    )
    rows = json.loads(ok(run("ect", "list", "--status", "awaiting_decision", "--json")).stdout)
    assert [(r["trn"], r["status"]) for r in rows] == [(A, "awaiting_decision")]
    in_progress = json.loads(ok(run("ect", "list", "--status", "in_progress", "--json")).stdout)
    assert [r["trn"] for r in in_progress] == [B]

    ok(run("decision", "record", A, "--outcome", "pass", "--on", "2026-01-12"))
    assert (
        json.loads(ok(run("ect", "list", "--status", "awaiting_decision", "--json")).stdout) == []
    )
    passed = json.loads(ok(run("ect", "list", "--status", "passed", "--json")).stdout)
    assert [r["trn"] for r in passed] == [A]


def test_list_with_an_unknown_status_is_refused(two_ects, refused_unchanged):
    refused_unchanged(["ect", "list", "--status", "awaiting"], "--status", "awaiting")
