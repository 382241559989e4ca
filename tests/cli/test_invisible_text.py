"""Text a person cannot see is refused, from commands and imports alike.

A right-to-left override (U+202E) in a first name prints it backwards in every
report and letter; a zero-width space (U+200B) makes two names that look the same
differ. Every free-text value is refused when it holds one (``values.visible_text``),
naming the option or the row and column, and nothing is written. Every script,
accent, apostrophe and space is kept exactly as given.
"""

# ruff: noqa: RUF001 - curly apostrophes and every script are what people really type

from __future__ import annotations

import json

import openpyxl
import pytest

from tests.cli.conftest import SCHOOL_A

TRN = "1234567"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
ZWSP = "\u200b"  # ZERO WIDTH SPACE


def show(run, ok, trn=TRN) -> dict:
    return json.loads(ok(run("ect", "show", trn, "--json")).stdout)


# --- ect register, ect update ----------------------------------------------------------


def test_a_first_name_with_a_right_to_left_override_is_refused(
    schools, register_args, refused_unchanged, db
):
    line = refused_unchanged(
        register_args(TRN, first_name=f"Amy{RLO}"),
        "--first-name 'Amy\\u202e'",
        "holds an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)",
        "retype the value without it (it can arrive by copying from a web page or a PDF)",
    )
    assert RLO not in line  # the message reads as it should
    assert db.count("ects") == 0
    assert db.count("induction_periods") == 0
    assert db.audit(entity="ect") == []


@pytest.mark.parametrize(
    ("option", "value", "fragments"),
    [
        ("last_name", f"Sh{ZWSP}ah", ("--last-name", "U+200B (ZERO WIDTH SPACE)")),
        ("last_name", "Shah\tPatel", ("--last-name", "holds a tab U+0009", "a space instead")),
        ("last_name", "Shah\nPatel", ("--last-name", "holds a line break U+000A", "one line")),
        ("former_names", f"{RLO}Jones", ("--former-names", "U+202E")),
        ("email", f"amy{ZWSP}@example.org", ("--email", "U+200B")),
        ("mentor", "Tom\u2066Reed", ("--mentor", "U+2066 (LEFT-TO-RIGHT ISOLATE)")),
        ("tutor", "Jo\u00adEllis", ("--tutor", "U+00AD (SOFT HYPHEN)")),
        ("tutor_email", "jo@hillside.sch.uk\ufeff", ("--tutor-email", "U+FEFF")),
    ],
)
def test_every_name_and_email_of_a_registration_is_checked(
    schools, register_args, refused_unchanged, option, value, fragments
):
    extra = {"tutor": "Jo Ellis"} if option == "tutor_email" else {}
    refused_unchanged(register_args(TRN, **extra, **{option: value}), *fragments)


@pytest.mark.parametrize(
    ("option", "value", "fragments"),
    [
        ("--last-name", f"Sh{RLO}ah", ("--last-name 'Sh\\u202eah'", "U+202E")),
        ("--first-name", f"A{ZWSP}my", ("--first-name", "U+200B")),
        ("--former-names", "Jo\u2029nes", ("--former-names", "U+2029 (PARAGRAPH SEPARATOR)")),
        ("--email", f"amy@example.org{RLO}", ("--email", "U+202E")),
        ("--mentor", f"Tom{ZWSP}", ("--mentor", "U+200B")),
    ],
)
def test_ect_update_refuses_invisible_characters(
    register, refused_unchanged, db, option, value, fragments
):
    register(TRN)
    refused_unchanged(["ect", "update", TRN, option, value], *fragments)
    assert db.one("SELECT first_name, last_name FROM ects") == {
        "first_name": "Amy",
        "last_name": "Shah",
    }


KEPT_NAMES = [
    "Zoë",
    "O’Brien",
    "O'Brien",
    "Anne-Marie",
    "Seán",
    "Дмитрий",
    "李小龙",
    "محمد",
    "क्\u200dष",  # Devanagari with a zero-width joiner
    "Mary Jane",
]


@pytest.mark.parametrize("name", KEPT_NAMES)
def test_every_script_accent_and_space_round_trips_exactly(run, ok, db, register, name):
    register(TRN, first_name=name, last_name=name, former_names=name, mentor=name)
    detail = show(run, ok)
    assert (detail["first_name"], detail["last_name"], detail["former_names"]) == (name,) * 3
    assert db.one("SELECT first_name, last_name, former_names FROM ects") == {
        "first_name": name,
        "last_name": name,
        "former_names": name,
    }
    assert db.one("SELECT name FROM staff") == {"name": name}


def test_an_update_keeps_a_name_exactly_as_given(run, ok, register):
    register(TRN)
    ok(run("ect", "update", TRN, "--last-name", "O’Brien Ní Dhuibhir"))
    assert show(run, ok)["last_name"] == "O’Brien Ní Dhuibhir"


def test_a_no_break_space_in_a_name_is_an_ordinary_space(run, ok, register):
    register(TRN, last_name="Ní\u00a0Dhuibhir")
    assert show(run, ok)["last_name"] == "Ní Dhuibhir"


# --- schools ---------------------------------------------------------------------------


def test_a_school_name_with_a_zero_width_space_is_refused(schools, refused_unchanged, db):
    refused_unchanged(
        ["school", "add", "100003", "--name", f"Moor Lane{ZWSP} Primary School"],
        "--name 'Moor Lane\\u200b Primary School'",
        "holds an invisible character U+200B (ZERO WIDTH SPACE)",
    )
    refused_unchanged(["school", "update", SCHOOL_A, "--name", f"Hill{RLO}side"], "--name")
    assert db.query("SELECT urn, name FROM schools ORDER BY urn") == [
        (SCHOOL_A, "Hillside Primary School"),
        ("100002", "Oakfield Academy"),
    ]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--headteacher", f"Ruth{RLO} Ackroyd"),
        ("--local-authority", f"Leeds{ZWSP}"),
        ("--town", "Leeds\u2060"),
        ("--email", f"office{ZWSP}@hillside.sch.uk"),
    ],
)
def test_every_free_text_detail_of_a_school_is_checked(schools, refused_unchanged, option, value):
    refused_unchanged(["school", "update", SCHOOL_A, option, value], option, "U+")
    refused_unchanged(
        ["school", "add", "100003", "--name", "Moor Lane Primary", option, value], option, "U+"
    )


# --- reviews, assessments, decisions, entitlement, periods elsewhere, erasure ---------


def review(summary: str) -> list[str]:
    return ["--today", "2025-12-15", "review", "record", TRN, "--term", "2025-autumn",
            "--date", "2025-12-10", "--on-track", "yes", "--summary", summary]  # fmt: skip


def test_a_summary_may_run_over_lines_but_hold_nothing_unseen(run, ok, db, register, refused):
    register(TRN)
    before = db.snapshot()
    refused(run(*review(f"Good progress\n{RLO}planning weak")), "--summary", "U+202E")
    refused(run(*review("Good progress\rplanning weak")), "--summary", "U+000D")
    assert db.snapshot() == before
    summary = "Good progress.\n\t- planning: improving\nZoë’s class settled"
    ok(run(*review(summary)))
    assert db.one("SELECT summary FROM checkpoint_records") == {"summary": summary}


def test_a_decision_override_reason_is_checked(register, refused_unchanged):
    register(TRN)
    decide = ["decision", "record", TRN, "--outcome", "extend", "--on", "2026-11-20",
              "--terms", "1"]  # fmt: skip
    refused_unchanged(
        [*decide, "--override", f"agreed{RLO} with the school"], "--override", "U+202E"
    )


def test_a_same_person_reason_is_checked(register, refused_unchanged):
    register(TRN, mentor="Tom Reed", tutor="Tom Reed")
    refused_unchanged(
        ["entitlement", "record", TRN, "--same-person-reason", f"a small{ZWSP} school"],
        "--same-person-reason",
        "U+200B",
    )


@pytest.mark.parametrize(
    ("option", "value"), [("--ab", f"Pennine{RLO}"), ("--institution", f"Moor{ZWSP}")]
)
def test_a_period_elsewhere_names_its_ab_and_institution_visibly(
    register, refused_unchanged, option, value
):
    register(TRN, start="2026-04-13", qts_date="2023-07-14")
    prior = ["--ab", "Pennine Teaching School Hub", "--from", "2025-09-01", "--to", "2026-03-27",
             "--terms", "2.0", "--institution", "Moor Lane Primary"]  # fmt: skip
    refused_unchanged(["ect", "prior", "add", TRN, *prior, option, value], option, "U+")


def test_an_erasure_reason_is_checked(register, refused_unchanged):
    register(TRN)
    refused_unchanged(
        ["ect", "erase", TRN, "--reason", f"request{RLO}", "--yes"], "--reason", "U+202E"
    )


# --- imports ---------------------------------------------------------------------------

HEADER = ["TRN", "First name", "Last name", "Date of birth", "QTS date", "URN", "Start"]
ROWS = [
    ["1234567", "Amy", "Shah", "1998-04-02", "2025-07-18", SCHOOL_A, "2025-09-01"],
    ["7654321", f"Bo{RLO}", "Li", "1995-02-01", "2025-07-18", SCHOOL_A, "2025-09-01"],
    ["1111111", "Zoë", "O’Brien\u00a0Seán", "1996-03-04", "2025-07-18", SCHOOL_A, "2025-09-01"],
]


def registrations_file(tmp_path, suffix: str, rows=ROWS):
    path = tmp_path / f"registrations.{suffix}"
    if suffix == "csv":
        lines = [",".join(row) for row in [HEADER, *rows]]
        path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    else:
        book = openpyxl.Workbook()
        for row in [HEADER, *rows]:
            book.active.append(row)
        book.save(path)
    return path


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_an_imported_row_with_an_invisible_character_is_rejected(
    run, db, schools, tmp_path, suffix
):
    path = registrations_file(tmp_path, suffix)
    before = db.snapshot()
    result = run("import", str(path), "--json")
    assert result.exit_code == 3, result.output
    doc = json.loads(result.stdout)
    assert (doc["rows"], doc["rejected"], doc["written"]) == (3, 1, False)
    ((row, column, value, message),) = [
        (e["row"], e["column"], e["value"], e["message"]) for e in doc["errors"]
    ]
    assert (row, column, value) == (3, "First name", f"Bo{RLO}")
    assert message.startswith("holds an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)")
    assert db.snapshot() == before
    assert db.count("ects") == 0


def test_the_import_report_shows_the_row_column_and_the_character_escaped(
    run, db, schools, tmp_path
):
    result = run("import", str(registrations_file(tmp_path, "xlsx")))
    assert result.exit_code == 3, result.output
    assert (
        "Row 3, column 'First name', value 'Bo\\u202e': holds an invisible character U+202E "
        "(RIGHT-TO-LEFT OVERRIDE)" in result.stderr
    )
    assert RLO not in result.stderr
    assert "Nothing was written" in result.stderr
    errors = openpyxl.load_workbook(tmp_path / "registrations-errors.xlsx").active
    rows = list(errors.iter_rows(values_only=True))
    assert rows[1][1] == f"Bo{RLO}"  # the row as the school sent it, to fix
    assert "value 'Bo\\u202e'" in rows[1][-1]


def test_imported_names_in_any_script_are_kept_exactly(run, ok, db, schools, tmp_path):
    rows = [ROWS[0], ROWS[2], ["2222222", "क्\u200dष", "محمد", "1997-05-06", "2025-07-18",
                               SCHOOL_A, "2025-09-01"]]  # fmt: skip
    ok(run("import", str(registrations_file(tmp_path, "xlsx", rows))))
    assert db.rows("SELECT trn, first_name, last_name FROM ects ORDER BY trn") == [
        {"trn": "1111111", "first_name": "Zoë", "last_name": "O’Brien Seán"},  # one space
        {"trn": "1234567", "first_name": "Amy", "last_name": "Shah"},
        {"trn": "2222222", "first_name": "क्\u200dष", "last_name": "محمد"},
    ]


def test_an_imported_school_name_with_a_zero_width_space_is_rejected(run, db, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text(f"URN,Name\r\n100001,Hillside Primary\r\n100002,Oak{ZWSP}field\r\n")
    result = run("import", str(path), "--json")
    assert result.exit_code == 3, result.output
    (error,) = json.loads(result.stdout)["errors"]
    assert (error["row"], error["column"]) == (3, "Name")
    assert "U+200B (ZERO WIDTH SPACE)" in error["message"]
    assert db.count("schools") == 0


def test_an_imported_summary_keeps_its_lines_but_not_an_override(run, ok, db, register, tmp_path):
    register(TRN)
    header = ["TRN", "Kind", "Term", "Date", "On track", "Summary"]
    book = openpyxl.Workbook()
    book.active.append(header)
    book.active.append([TRN, "progress review", "2025-autumn", "2025-12-10", "yes",
                        f"Settled\nplanning {RLO}weak"])  # fmt: skip
    path = tmp_path / "returns.xlsx"
    book.save(path)
    result = run("--today", "2025-12-15", "import", str(path), "--json")
    assert result.exit_code == 3, result.output
    (error,) = json.loads(result.stdout)["errors"]
    assert (error["row"], error["column"]) == (2, "Summary")
    assert "U+202E" in error["message"]
    assert db.count("checkpoint_records") == 0

    book.active["F2"] = "Settled\nplanning weak"
    book.save(path)
    ok(run("--today", "2025-12-15", "import", str(path)))
    assert db.one("SELECT summary FROM checkpoint_records") == {"summary": "Settled\nplanning weak"}
