"""``ectrack import``: school files in, never half-way, problems sent back."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import openpyxl
import pytest

D = dt.date

HEADER = [
    "Teacher Reference Number",
    "Forename",
    "Surname",
    "DOB",
    "QTS awarded",
    "URN",
    "Induction start date",
    "FTE",
    "Programme",
    "Mentor",
]
AMY = [
    123456.0,
    "Amy",
    "Shah",
    D(1998, 4, 2),
    D(2025, 7, 18),
    100001.0,
    "01/09/2025",
    0.8,
    "FIP",
    "Tom Reed",
]
BO = ["RP 76/54321", " Bo ", "Li", "1/2/95", "2025-07-18", "100001", D(2025, 9, 1), 1, "CIP", ""]
BAD = ["12345678", "Cy", "Ng", "31/02/1990", "2025-07-18", "100001", "2025-09-01", "1.5", "xyz", ""]


def workbook(path, rows, title=True):
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append(["Hillside Primary School: ECT registrations 2025/26"])
        sheet.append([])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def registrations(tmp_path, schools):
    return workbook(tmp_path / "hillside.xlsx", [HEADER, AMY, [], BO])


def summary(result) -> dict:
    return json.loads(result.stdout)


def test_a_registration_workbook_is_imported(run, ok, db, registrations):
    result = summary(ok(run("import", str(registrations), "--json")))
    assert {
        k: result[k]
        for k in (
            "kind",
            "header_row",
            "rows",
            "valid",
            "created",
            "updated",
            "unchanged",
            "rejected",
            "written",
        )
    } == {
        "kind": "ects",
        "header_row": 3,
        "rows": 2,
        "valid": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "written": True,
    }
    ects = db.rows("SELECT trn, first_name, date_of_birth FROM ects ORDER BY trn")
    assert ects == [
        {"trn": "0123456", "first_name": "Amy", "date_of_birth": "1998-04-02"},
        {"trn": "7654321", "first_name": "Bo", "date_of_birth": "1995-02-01"},
    ]
    periods = db.rows("SELECT trn, fte_percent, programme FROM induction_periods ORDER BY trn")
    assert periods == [
        {"trn": "0123456", "fte_percent": 80, "programme": "provider_led"},
        {"trn": "7654321", "fte_percent": 100, "programme": "school_led"},
    ]
    assert {e["command"] for e in db.audit(entity="ect")} == {"import hillside.xlsx"}


def test_importing_the_same_file_again_changes_nothing(run, ok, db, registrations):
    ok(run("import", str(registrations)))
    before = db.snapshot()
    result = ok(run("import", str(registrations)))
    assert "0 created, 0 updated, 2 unchanged" in result.stderr
    assert db.snapshot() == before


def test_a_changed_row_updates_the_record_and_the_audit_names_the_file(
    run, ok, db, registrations, tmp_path
):
    ok(run("import", str(registrations)))
    changed = workbook(tmp_path / "resent.xlsx", [HEADER, [*AMY[:2], "Shah-Patel", *AMY[3:]]])
    result = summary(ok(run("import", str(changed), "--json")))
    assert (result["updated"], result["unchanged"], result["created"]) == (1, 0, 0)
    assert db.one("SELECT last_name FROM ects WHERE trn = '0123456'")["last_name"] == "Shah-Patel"
    (event,) = [e for e in db.audit(entity="ect") if e["action"] == "update"]
    assert event["command"] == "import resent.xlsx"
    assert (event["before"], event["after"]) == ({"last_name": "Shah"}, {"last_name": "Shah-Patel"})


def test_one_bad_row_and_nothing_is_written(run, refused, db, schools, tmp_path):
    path = workbook(tmp_path / "r.xlsx", [HEADER, AMY, BAD, BO])
    before = db.snapshot()
    result = run("import", str(path), "--json")
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    doc = summary(result)
    assert (doc["rows"], doc["valid"], doc["rejected"], doc["written"]) == (3, 2, 1, False)
    assert (doc["created"], doc["updated"], doc["unchanged"]) == (0, 0, 0)
    assert db.snapshot() == before
    assert [(e["row"], e["column"], e["value"]) for e in doc["errors"]] == [
        (5, "Teacher Reference Number", "12345678"),
        (5, "DOB", "31/02/1990"),
        (5, "FTE", "1.5"),
        (5, "Programme", "xyz"),
    ]
    assert doc["errors"][0]["message"].startswith("TRN must be 7 digits")


def test_accept_valid_keeps_the_good_rows_and_still_exits_3(run, db, schools, tmp_path):
    path = workbook(tmp_path / "r.xlsx", [HEADER, AMY, BAD, BO])
    result = run("import", str(path), "--accept-valid")
    assert result.exit_code == 3
    assert db.count("ects") == 2
    assert "2 created, 0 updated, 0 unchanged" in result.stderr


def test_dry_run_writes_nothing_but_reports_everything(run, db, schools, tmp_path):
    path = workbook(tmp_path / "r.xlsx", [HEADER, AMY, BO])
    before = db.snapshot()
    result = run("import", str(path), "--dry-run", "--json")
    assert result.exit_code == 0
    doc = summary(result)
    assert (doc["valid"], doc["written"], doc["dry_run"]) == (2, False, True)
    assert db.snapshot() == before


def test_a_row_repeating_an_earlier_one_is_rejected(run, db, schools, tmp_path):
    path = workbook(tmp_path / "r.xlsx", [HEADER, AMY, BO, AMY])
    doc = summary(run("import", str(path), "--json", "--accept-valid"))
    assert [(e["row"], e["message"]) for e in doc["errors"]] == [
        (6, "this row repeats row 4 (the same ECT); keep one of them")
    ]


def test_the_errors_workbook_holds_the_rows_as_sent_and_comes_back_clean(
    run, ok, db, schools, tmp_path
):
    path = workbook(tmp_path / "r.xlsx", [HEADER, AMY, BAD])
    result = run("import", str(path))
    assert result.exit_code == 3
    errors_file = tmp_path / "r-errors.xlsx"
    assert str(errors_file) in result.stderr
    assert stat.S_IMODE(os.stat(errors_file).st_mode) == 0o600
    sheet = openpyxl.load_workbook(errors_file).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (*HEADER, "Error message")
    assert rows[1][:4] == ("12345678", "Cy", "Ng", "31/02/1990")
    assert "Row 5, column 'DOB', value '31/02/1990': no such day" in rows[1][-1]
    # the school fixes the cells and sends the same file back
    sheet["A2"], sheet["D2"], sheet["H2"], sheet["I2"] = "1234599", "28/02/1990", 1, "DIY"
    book = sheet.parent
    book.save(errors_file)
    ok(run("import", str(errors_file)))
    assert db.one("SELECT date_of_birth FROM ects WHERE trn = '1234599'") == {
        "date_of_birth": "1990-02-28"
    }


def test_a_registration_that_contradicts_the_record_is_refused_with_the_way_forward(
    run, ok, db, registrations, tmp_path
):
    ok(run("import", str(registrations)))
    moved = [*AMY[:5], 100002.0, *AMY[6:]]
    doc = summary(run("import", str(workbook(tmp_path / "m.xlsx", [HEADER, moved])), "--json"))
    (error,) = doc["errors"]
    assert "already registered, starting 2025-09-01 at 100001" in error["message"]
    assert "ect move" in error["message"]


def test_errors_path_option(run, schools, tmp_path):
    path = workbook(tmp_path / "r.xlsx", [HEADER, BAD])
    target = tmp_path / "out" / "to-fix.xlsx"
    target.parent.mkdir()
    run("import", str(path), "--errors", str(target))
    assert target.exists()


def test_a_formula_in_a_school_name_is_written_back_as_text(run, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text('URN,Name\n100001,"=HYPERLINK(""http://x.example"",""click"")"\n10,Bad\n')
    result = run("import", str(path))
    assert result.exit_code == 3
    sheet = openpyxl.load_workbook(tmp_path / "schools-errors.xlsx").active
    assert sheet["A2"].value == "10"


def test_schools_and_a_gias_extract(run, ok, db, tmp_path):
    path = tmp_path / "edubasealldata.csv"
    header = "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,PhaseOfEducation (name),HeadFirstName,HeadLastName,Postcode"  # noqa: E501
    path.write_bytes(
        (
            header + "\r\n100001,383,Leeds,2001,Hillside Primary School,Primary,Ruth,Ackroyd,LS1"
            "\r\n100002,383,Leeds,4001,Oakwood Academy,Secondary,Sam,Lee,LS2\r\n"
        ).encode("cp1252")
    )
    doc = summary(ok(run("import", str(path), "--json")))
    assert (doc["kind"], doc["created"]) == ("schools", 2)
    assert db.rows("SELECT urn, laestab, phase, headteacher FROM schools ORDER BY urn") == [
        {"urn": "100001", "laestab": "383/2001", "phase": "Primary", "headteacher": "Ruth Ackroyd"},
        {"urn": "100002", "laestab": "383/4001", "phase": "Secondary", "headteacher": "Sam Lee"},
    ]


def test_reviews_and_assessments(run, ok, db, registrations, tmp_path):
    ok(run("import", str(registrations)))  # Bo, 7654321, is full time from 2025-09-01
    rows = [
        ["TRN", "Kind", "Term", "Date", "On track", "Overall", "TS1", "TS2", "Received"],
        [
            "7654321",
            "Progress review",
            "2025-autumn",
            "10/12/2025",
            "Yes",
            "",
            "",
            "",
            "2025-12-12",
        ],
        ["7654321", "Progress review", "2026-spring", "20/03/2026", "no", "", "", "", "2026-03-25"],
        [
            "7654321",
            "Formal assessment 1",
            "2026-summer",
            "10/07/2026",
            "",
            "Satisfactory",
            "Meeting",
            "Met",
            "2026-07-15",
        ],
    ]
    path = workbook(tmp_path / "returns.xlsx", rows, title=False)
    doc = summary(ok(run("import", str(path), "--json")))
    assert (doc["kind"], doc["created"]) == ("checkpoints", 3)
    records = db.rows(
        "SELECT kind, term, on_track, overall, ts1, ts2 FROM checkpoint_records ORDER BY held_on"
    )
    assert [(r["kind"], r["term"], r["on_track"], r["ts2"]) for r in records] == [
        ("progress_review", "2025-autumn", 1, None),
        ("progress_review", "2026-spring", 0, None),
        ("first_formal_assessment", "2026-summer", None, "meeting"),
    ]
    again = summary(ok(run("import", str(path), "--json")))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)


def test_a_return_for_the_wrong_checkpoint_says_what_is_expected(
    run, db, registrations, tmp_path, ok
):
    ok(run("import", str(registrations)))
    rows = [
        ["TRN", "Kind", "Term", "Date", "On track"],
        ["7654321", "Review", "2026-summer", "01/07/2026", "yes"],
    ]
    doc = summary(run("import", str(workbook(tmp_path / "r.xlsx", rows, title=False)), "--json"))
    assert doc["errors"][0]["message"].startswith(
        "2026-summer is a first formal assessment for 7654321, not a progress review"
    )


def test_absences(run, ok, db, registrations, tmp_path):
    ok(run("import", str(registrations)))
    rows = [
        ["TRN", "From", "To", "Days", "Type"],
        ["0123456", "12/01/2026", "20/02/2026", 29, "Sickness"],
        ["7654321", "2026-03-02", "2026-06-26", 80, "maternity"],
    ]
    path = workbook(tmp_path / "absence.xlsx", rows, title=False)
    assert summary(ok(run("import", str(path), "--json")))["created"] == 2
    assert summary(ok(run("import", str(path), "--json")))["unchanged"] == 2
    assert db.count("absences") == 2


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04broken", "damaged or incomplete"),
        (b"TRN,Surname\n", "no rows under it"),
    ],
)
def test_files_that_cannot_be_imported_say_so_in_one_line(run, db, tmp_path, content, phrase):
    path = tmp_path / "return.xlsx"
    path.write_bytes(content)
    run("init")
    before = db.snapshot()
    result = run("import", str(path))
    assert "Traceback" not in result.output
    assert result.exit_code == 3
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and phrase in lines[0]
    assert db.snapshot() == before


def test_a_missing_required_column_is_named(run, schools, tmp_path):
    path = workbook(tmp_path / "r.xlsx", [HEADER[:3], AMY[:3]], title=False)
    result = run("import", str(path))
    assert result.exit_code == 3
    assert "has no column for date of birth, qts date, school urn, start" in result.stderr


def test_an_unknown_kind_is_refused(run, schools, registrations):
    result = run("import", str(registrations), "--kind", "pupils")
    assert result.exit_code == 1
    assert "--kind 'pupils': not a kind of file" in result.stderr
