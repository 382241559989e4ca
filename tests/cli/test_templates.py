"""Templates for schools come back clean: fill them in, import them, nothing rejected."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import openpyxl
import pytest


def fill(path, rows):
    """Fill a template's data sheet as a school would, keeping everything else."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    book.save(path)
    return path


def imported(run, ok, path) -> dict:
    return json.loads(ok(run("import", str(path), "--json")).stdout)


def test_a_template_has_instructions_a_header_drop_downs_and_text_trns(run, ok, tmp_path):
    path = tmp_path / "ects.xlsx"
    ok(run("template", "ects", "-o", str(path)))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Instructions", "ECTs"]
    assert "Dates: day first" in " ".join(str(c.value) for c in book["Instructions"]["A"])
    sheet = book["ECTs"]
    assert [c.value for c in sheet[1]][:3] == ["TRN", "First name", "Last name"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].number_format == "@"  # a TRN stays text: leading zeros survive
    assert sheet["D2"].number_format == "dd/mm/yyyy"
    choices = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"provider-led,school-led"' in choices


def test_schools_template_round_trip(run, ok, db, tmp_path):
    path = tmp_path / "schools.xlsx"
    ok(run("template", "schools", "-o", str(path)))
    fill(
        path,
        [
            [
                "100001",
                "Hillside Primary School",
                "Leeds",
                "383/2001",
                "Primary",
                "Ruth Ackroyd",
                "induction@hillside.example",
            ]
        ],
    )
    doc = imported(run, ok, path)
    assert (doc["kind"], doc["created"], doc["rejected"]) == ("schools", 1, 0)
    assert db.one("SELECT laestab, phase FROM schools") == {
        "laestab": "383/2001",
        "phase": "Primary",
    }


def test_ects_template_round_trip(run, ok, db, schools, tmp_path):
    path = tmp_path / "ects.xlsx"
    ok(run("template", "ects", "-o", str(path)))
    fill(
        path,
        [
            [
                "0123456",
                "Amy",
                "Shah",
                dt.date(1998, 4, 2),
                dt.date(2025, 7, 18),
                "100001",
                dt.date(2025, 9, 1),
                0.8,
                "provider-led",
                "Tom Reed",
                "tom@hillside.example",
                "Jo Ellis",
                "jo@hillside.example",
                "amy@mail.example",
            ]
        ],
    )
    doc = imported(run, ok, path)
    assert (doc["kind"], doc["created"], doc["rejected"]) == ("ects", 1, 0)
    assert db.one("SELECT trn FROM ects") == {"trn": "0123456"}


@pytest.fixture
def amy(run, ok, schools):
    ok(
        run(
            "ect",
            "register",
            "1234567",
            "--first-name",
            "Amy",
            "--last-name",
            "Shah",
            "--dob",
            "1998-04-02",
            "--qts-date",
            "2025-07-18",
            "--school",
            "100001",
            "--start",
            "2025-09-01",
        )
    )


def test_absences_template_round_trip(run, ok, db, amy, tmp_path):
    path = tmp_path / "absences.xlsx"
    ok(run("template", "absences", "-o", str(path)))
    fill(
        path,
        [
            [
                "1234567",
                "Amy",
                "Shah",
                dt.date(2026, 1, 12),
                dt.date(2026, 1, 23),
                10,
                "sickness",
                "no",
            ]
        ],
    )
    assert imported(run, ok, path)["created"] == 1
    assert db.one("SELECT half_days, kind FROM absences") == {"half_days": 20, "kind": "sickness"}


def test_checkpoints_template_round_trip(run, ok, db, amy, tmp_path):
    path = tmp_path / "returns.xlsx"
    ok(run("template", "checkpoints", "-o", str(path)))
    fill(
        path,
        [
            [
                "1234567",
                "Amy",
                "Shah",
                "progress review",
                "2025-autumn",
                None,
                dt.date(2025, 12, 10),
                "yes",
                "no",
            ]
        ],
    )
    assert imported(run, ok, path)["created"] == 1
    assert db.one("SELECT kind, term, on_track FROM checkpoint_records") == {
        "kind": "progress_review",
        "term": "2025-autumn",
        "on_track": 1,
    }


def test_returns_are_prefilled_per_school_with_exactly_the_checkpoints_due(
    run, ok, db, schools, tmp_path
):
    for trn, urn in (("1234567", "100001"), ("7654321", "100002"), ("1111111", "100001")):
        ok(
            run(
                "ect",
                "register",
                trn,
                "--first-name",
                "A",
                "--last-name",
                f"L{trn}",
                "--dob",
                "1998-04-02",
                "--qts-date",
                "2025-07-18",
                "--school",
                urn,
                "--start",
                "2025-09-01",
            )
        )
    out = tmp_path / "returns"
    written = json.loads(
        ok(
            run(
                "--today",
                "2026-07-01",
                "template",
                "returns",
                "--term",
                "2026-summer",
                "-o",
                str(out),
                "--json",
            )
        ).stdout
    )
    assert [(w["school_urn"], w["rows"]) for w in written] == [("100001", 2), ("100002", 1)]
    hillside = next(w["file"] for w in written if w["school_urn"] == "100001")
    assert "100001-hillside-primary-school-2026-summer-returns.xlsx" in hillside
    sheet = openpyxl.load_workbook(hillside)["Returns"]
    rows = [[c.value for c in row][:6] for row in sheet.iter_rows(min_row=2)]
    assert [r[:5] for r in rows] == [
        ["1111111", "A", "L1111111", "first formal assessment", "2026-summer"],
        ["1234567", "A", "L1234567", "first formal assessment", "2026-summer"],
    ]
    assert rows[0][5] == dt.datetime(2026, 7, 22)  # the due date
    # the school adds the judgements and sends it back
    for r in (2, 3):
        sheet.cell(r, 7, dt.date(2026, 7, 10))
        sheet.cell(r, 10, "satisfactory")
        for c in range(11, 20):
            sheet.cell(r, c, "meeting")
    sheet.parent.save(hillside)
    doc = json.loads(ok(run("--today", "2026-07-20", "import", hillside, "--json")).stdout)
    assert (doc["created"], doc["rejected"]) == (2, 0)
    assert db.count("checkpoint_records") == 2


def test_returns_need_a_term(run, refused, schools, tmp_path):
    refused(run("template", "returns", "-o", str(tmp_path)), "--term is missing")


def test_an_unknown_template_is_refused(run, refused, tmp_path):
    refused(run("template", "pupils", "-o", str(tmp_path / "x.xlsx")), "KIND 'pupils'")
