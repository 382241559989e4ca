"""The whole life of an induction through the command line: the end of induction and
decisions made late or early, appeals and their results, induction served with
another AB (``ect prior``, the transfer file), two posts at once, exempt teachers,
and ``doctor --repair``. Every refusal is checked to leave the database as it was.

Dates are worked by hand on the default calendar (see tests/rules/test_whole_life.py):
2024-autumn 2024-09-02..2024-12-20, 2025-spring ..2025-04-11, 2025-summer ..2025-07-22,
2025-autumn 2025-09-01..12-19 (80 days), 2026-spring 01-05..03-27 (60), 2026-summer
04-13..07-22 (71), 2026-autumn 09-01..12-18 (79).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
import stat
from pathlib import Path

import openpyxl
import pytest

from tests.cli.conftest import SCHOOL_A, SCHOOL_B
from tests.cli.test_decisions import assess, deadlines, decide, show
from tests.cli.test_report import rows

TRN = "1234567"
OTHER = "7654321"


def checkpoints(run, ok, today, trn=TRN) -> list[tuple[str, str, str]]:
    rows = json.loads(ok(run("--today", today, "checkpoints", "--json")).stdout)
    return [(r["kind"], r["term"], r["school_urn"]) for r in rows if r["trn"] == trn]


def actions(run, ok, today, tmp_path, name="actions.csv") -> dict:
    out = tmp_path / f"{today}-{name}"
    return json.loads(
        ok(run("--today", today, "export", "riab", "actions", "-o", out, "--json")).stdout
    )


@pytest.fixture
def finalist(run, ok, register):
    """Full time from Mon 2024-09-02: six whole terms, the final in 2026-summer (ends
    Wed 2026-07-22)."""
    register(TRN, qts_date="2024-07-19", start="2024-09-02")
    return TRN


def final(run, ok, received, overall="satisfactory"):
    advice = "satisfactory" if overall == "satisfactory" else "unsatisfactory"
    assess(
        run,
        ok,
        "final",
        "2026-07-08",
        "--recommendation",
        advice,
        "--received",
        received,
        today=received,
        overall=overall,
    )


# --- the end of induction -------------------------------------------------------------


def test_a_decision_a_term_late_adds_no_terms(run, ok, db, finalist, tmp_path, refused_unchanged):
    final(run, ok, "2026-07-17")
    refused_unchanged(  # induction ended 2026-07-22: a new post waits for the decision
        ["--today", "2026-09-20", "ect", "move", TRN, "--school", SCHOOL_B, "--on", "2026-09-01"],
        "induction ended on 2026-07-22",
        "decision record",
    )
    waiting = show(run, ok, "2026-09-20")
    # nothing after 2026-07-22 counts: 6.0, not 6.0 + 13 days of 2026-autumn
    assert (waiting["status"], waiting["fte_terms_served"]) == ("awaiting_decision", 6.0)
    assert waiting["end_of_induction"] == "2026-07-22"

    ok(decide(run, "2026-09-21", "pass"))
    (period,) = db.rows("SELECT finished_on, outcome FROM induction_periods")
    assert period == {"finished_on": "2026-07-22", "outcome": "pass"}
    passed = show(run, ok, "2026-09-21")
    assert (passed["status"], passed["fte_terms_served"]) == ("passed", 6.0)
    assert passed["periods"][0]["fte_terms"] == 6.0
    assert checkpoints(run, ok, "2026-09-21")[-1][:2] == ("final_formal_assessment", "2026-summer")

    done = actions(run, ok, "2026-09-21", tmp_path)
    text = Path(done["files"][0]["file"]).read_text("utf-8")
    assert list(csv.DictReader(text.splitlines())) == [
        {
            "TRN": TRN,
            "Date of birth": "1998-04-02",
            "Induction period end date": "2026-07-22",
            "Number of terms": "6.0",
            "Outcome": "pass",
        }
    ]
    ok(run("--today", "2026-09-21", "doctor"))

    book = tmp_path / "report.xlsx"
    ok(run("--today", "2026-09-21", "report", "termly", "-o", book))
    (outcome,) = rows(openpyxl.load_workbook(book)["Outcomes"])
    assert outcome["End of induction"].date() == dt.date(2026, 7, 22)
    assert (outcome["FTE terms served"], outcome["FTE terms required"]) == (6.0, 6.0)
    assert (outcome["Decision"], outcome["Status"]) == ("Pass", "Passed")  # words for people


def test_a_decision_inside_the_final_term_keeps_the_final(run, ok, db, finalist, tmp_path):
    final(run, ok, "2026-07-10")
    ok(decide(run, "2026-07-14", "pass"))
    (period,) = db.rows("SELECT finished_on FROM induction_periods")
    assert period["finished_on"] == "2026-07-22"  # the term's last day, not 07-14
    detail = show(run, ok, "2026-07-14")
    assert (detail["status"], detail["fte_terms_served"]) == ("passed", 6.0)
    assert detail["checkpoints"][-1]["kind"] == "final_formal_assessment"
    assert detail["unscheduled_records"] == []
    # Notices run from the decision: 3 working days after Tue 07-14 is Fri 07-17.
    assert deadlines(run, ok, "2026-07-14") == [(TRN, "notification", "2026-07-17")]

    early = actions(run, ok, "2026-07-14", tmp_path)
    assert early["rows"] == 0
    (held,) = early["held_back"]
    assert held["induction_period_end_date"] == "2026-07-22"
    assert "the service refuses future dates" in held["problem"]
    later = actions(run, ok, "2026-07-23", tmp_path)
    assert later["rows"] == 1
    ok(run("--today", "2026-07-23", "doctor"))


def test_a_fail_before_a_full_induction_is_refused_with_no_override(
    run, ok, register, refused_unchanged
):
    register(TRN)  # from 2025-09-01: the final falls in 2027-summer
    line = refused_unchanged(
        [
            "--today",
            "2026-11-20",
            "decision",
            "record",
            TRN,
            "--outcome",
            "fail",
            "--on",
            "2026-11-20",
            "--override",
            "the headteacher asked",
        ],
        "has served 3.7 of 6.0 FTE terms",
        "2027-summer",
        "SG 4.8",
        "no override",
    )
    assert "fail" in line
    refused_unchanged(
        [
            "--today",
            "2026-11-20",
            "decision",
            "record",
            TRN,
            "--outcome",
            "pass",
            "--on",
            "2026-11-20",
            "--override",
            "early",
        ],
        "full induction",
        "--reduced-to",
    )


# --- appeals --------------------------------------------------------------------------


@pytest.fixture
def appealed(run, ok, finalist):
    """Failed Mon 2026-08-03 (unsatisfactory final received Fri 07-17), notice and the
    right of appeal sent Tue 08-04, appeal lodged Thu 08-20."""
    final(run, ok, "2026-07-17", overall="unsatisfactory")
    ok(decide(run, "2026-08-03", "fail"))
    ok(
        run(
            "--today",
            "2026-08-04",
            "decision",
            "notify",
            TRN,
            "--on",
            "2026-08-04",
            "--fail-notice-sent",
            "2026-08-04",
        )
    )
    ok(run("--today", "2026-08-20", "decision", "appeal", TRN, "--lodged", "2026-08-20"))
    return TRN


def appeal(run, *options, today="2026-10-07"):
    return run("--today", today, "decision", "appeal", TRN, *options)


def test_an_appeal_allowed_against_a_fail_is_a_pass(run, ok, db, appealed, tmp_path):
    result = ok(appeal(run, "--result", "allowed", "--result-on", "2026-10-05"))
    assert "allowed; the ECT has passed induction" in result.stderr
    (period,) = db.rows("SELECT finished_on, outcome FROM induction_periods")
    assert period == {"finished_on": "2026-07-22", "outcome": "pass"}
    detail = show(run, ok, "2026-10-07")
    assert detail["status"] == "passed"
    assert detail["decision"]["outcome_after_appeal"] == "pass"
    assert deadlines(run, ok, "2026-10-07") == []  # no dismissal
    queue = json.loads(ok(run("--today", "2026-10-07", "todo", "--json")).stdout)
    (dfe,) = [section for section in queue["sections"] if section["key"] == "dfe_exports"]
    (to_send,) = [i for i in dfe["items"] if i["trn"] == TRN]
    assert "appeal against the fail was allowed" in to_send["what"]
    done = actions(run, ok, "2026-10-07", tmp_path)
    assert done["rows"] == 0  # appeals are recorded by hand in the DfE service
    (by_hand,) = done["fails"]
    assert (by_hand["outcome"], by_hand["appeal_allowed_on"]) == ("pass", "2026-10-05")
    again = actions(run, ok, "2026-10-08", tmp_path)
    assert again["fails"] == []  # listed once


def test_an_appeal_dismissed_starts_the_dismissal_deadline(run, ok, appealed):
    ok(appeal(run, "--result", "dismissed", "--result-on", "2026-10-05"))
    assert show(run, ok, "2026-10-07")["status"] == "failed"
    # 10 working days after Mon 2026-10-05
    assert deadlines(run, ok, "2026-10-07") == [(TRN, "dismissal", "2026-10-19")]


def test_an_appeal_that_extends_replaces_the_fail(run, ok, db, appealed):
    ok(appeal(run, "--result", "extended", "--terms", "1.0", "--result-on", "2026-10-05"))
    (period,) = db.rows("SELECT finished_on, outcome, closed_by FROM induction_periods")
    assert period == {"finished_on": None, "outcome": None, "closed_by": None}  # open again
    detail = show(run, ok, "2026-10-07")
    assert detail["status"] == "in_progress"
    assert detail["fte_terms_required"] == 7.0
    # 6.0 by 2026-07-22; nothing counts until the appeal's result (Mon 10-05): 2026-autumn
    # from 10-05 is 20 + 21 + 14 = 55 of 79 days = 0.7 (6.7 < 7.0); 2027-spring makes 7.7,
    # the new final, ending 2027-03-19
    last = detail["checkpoints"][-1]
    assert (last["kind"], last["term"]) == ("final_formal_assessment", "2027-spring")
    assert detail["end_of_induction"] == "2027-03-19"
    assert detail["extensions"] == [{"decided_on": "2026-10-05", "terms": 1.0, "by_appeal": True}]
    assert deadlines(run, ok, "2026-10-07") == []  # no dismissal; the new final is to come
    ok(run("--today", "2026-10-07", "doctor"))


def test_an_appeal_against_an_extension_sets_its_length(run, ok, finalist):
    final(run, ok, "2026-07-17")
    ok(decide(run, "2026-08-03", "extend", None, "--terms", "2"))
    ok(run("--today", "2026-08-20", "decision", "appeal", TRN, "--lodged", "2026-08-20"))
    assert show(run, ok, "2026-08-20")["fte_terms_required"] == 8.0
    ok(appeal(run, "--result", "extended", "--terms", "1.0", "--result-on", "2026-10-05"))
    assert show(run, ok, "2026-10-07")["fte_terms_required"] == 7.0


def test_an_appeal_allowed_against_an_extension_passes_at_the_first_final(run, ok, db, finalist):
    final(run, ok, "2026-07-17")
    ok(decide(run, "2026-08-03", "extend", None, "--terms", "2"))
    ok(run("--today", "2026-08-20", "decision", "appeal", TRN, "--lodged", "2026-08-20"))
    ok(appeal(run, "--result", "allowed", "--result-on", "2026-10-05"))
    (period,) = db.rows("SELECT finished_on, outcome FROM induction_periods")
    assert period == {"finished_on": "2026-07-22", "outcome": "pass"}
    detail = show(run, ok, "2026-10-07")
    assert (detail["status"], detail["fte_terms_served"]) == ("passed", 6.0)


@pytest.mark.parametrize(
    "options, fragments",
    [
        (["--result", "extended", "--result-on", "2026-10-05"], ["--terms", "sets the length"]),
        (["--result", "allowed", "--terms", "1", "--result-on", "2026-10-05"], ["--terms"]),
        (["--result", "allowed", "--result-on", "2026-08-19"], ["--result-on", "before"]),
        (["--result", "varied", "--result-on", "2026-10-05"], ["--result", "extended"]),
        (["--terms", "1"], ["--terms", "--result"]),
    ],
    ids=["extended without terms", "terms with allowed", "before lodged", "varied", "no result"],
)
def test_appeal_results_refused(appealed, refused_unchanged, options, fragments):
    refused_unchanged(["--today", "2026-10-07", "decision", "appeal", TRN, *options], *fragments)


def test_an_appeal_has_one_result(run, ok, appealed, refused_unchanged):
    ok(appeal(run, "--result", "dismissed", "--result-on", "2026-10-05"))
    refused_unchanged(
        [
            "--today",
            "2026-10-09",
            "decision",
            "appeal",
            TRN,
            "--result",
            "allowed",
            "--result-on",
            "2026-10-08",
        ],
        "already has its result",
    )


# --- induction served with another AB ------------------------------------------------


PRIOR = [
    "--ab",
    "Pennine Teaching School Hub",
    "--from",
    "2025-09-01",
    "--to",
    "2026-03-27",
    "--terms",
    "2.0",
    "--institution",
    "Moor Lane Primary",
    "--absence-part1",
    "6",
]


@pytest.fixture
def arrived(run, ok, register):
    """Two terms with another AB (2025-09-01 to 2026-03-27), here from Mon 2026-04-13."""
    register(TRN, start="2026-04-13")
    ok(
        run(
            "ect",
            "prior",
            "add",
            TRN,
            *PRIOR,
            "--assessment",
            "interim",
            "--assessment-on",
            "2026-03-20",
            "--assessment-overall",
            "satisfactory",
        )
    )
    return TRN


def test_induction_elsewhere_continues_the_schedule(run, ok, db, arrived, tmp_path):
    detail = show(run, ok, "2026-11-22")
    (prior,) = detail["prior_periods"]
    assert (prior["appropriate_body"], prior["fte_terms"], prior["absence_days_part1"]) == (
        "Pennine Teaching School Hub",
        2.0,
        6,
    )
    # 2.0 + 2026-summer 1.0 = 3.0: the first assessment is the first checkpoint here;
    # then 2026-autumn to 22 Nov (59 of 79 days: 0.7): 3.7 served
    assert detail["checkpoints"][0]["kind"] == "first_formal_assessment"
    assert detail["checkpoints"][0]["term"] == "2026-summer"
    assert detail["checkpoints"][-1]["term"] == "2027-summer"
    assert (detail["fte_terms_served"], detail["fte_terms_served_elsewhere"]) == (3.7, 2.0)
    assert detail["induction_started_on"] == "2025-09-01"
    assert detail["absence_by_part"][0]["days_towards_threshold"] == 6
    (interim,) = [r for r in detail["records"] if r["appropriate_body"]]
    assert (interim["kind"], interim["term"]) == ("interim_assessment", "2026-spring")
    stored = db.one(
        "SELECT school_urn, appropriate_body, fte_terms_tenths FROM "
        "induction_periods WHERE appropriate_body IS NOT NULL"
    )
    assert stored == {
        "school_urn": None,
        "appropriate_body": "Pennine Teaching School Hub",
        "fte_terms_tenths": 20,
    }
    claims = json.loads(
        ok(run("export", "riab", "claims", "-o", tmp_path / "c.csv", "--json")).stdout
    )
    assert claims["rows"] == 1  # the period here only: never the one elsewhere
    human = ok(run("ect", "show", TRN)).stdout
    assert "Pennine Teaching School Hub" in human and "of them with another AB" in human


@pytest.mark.parametrize(
    "options, fragments",
    [
        (["--to", "2026-04-20"], ["overlap"]),
        (["--to", "2026-12-01", "--from", "2026-04-01"], ["after today"]),
        (["--terms", "2.5"], ["spans 2 terms", "2.0"]),
        (["--from", "2023-09-01", "--terms", "6.0", "--to", "2025-07-22"], ["whole induction"]),
        (["--from", "2026-03-28"], ["--to", "before --from"]),
        (["--assessment", "interim"], ["--assessment-on"]),
        (["--absence-part1", "-3"], ["--absence-part1"]),
    ],
    ids=[
        "overlap",
        "not over",
        "too many terms",
        "whole",
        "backwards",
        "half an assessment",
        "negative absence",
    ],
)
def test_prior_add_refusals(register, refused_unchanged, options, fragments):
    register(TRN, start="2026-04-13", qts_date="2023-07-14")
    # later options win, so each case changes one thing of a valid period
    refused_unchanged(["ect", "prior", "add", TRN, *PRIOR, *options], *fragments)


def test_prior_for_unknown_or_exempt_teachers_is_refused(run, ok, register, refused_unchanged):
    refused_unchanged(["ect", "prior", "add", "7777777", *PRIOR], "no ECT with TRN 7777777")
    register(TRN, start="2025-09-01")
    ok(run("ect", "release", TRN, "--on", "2025-12-19"))
    ok(run("ect", "exempt", TRN, "--reason", "passed_wales"))
    refused_unchanged(["ect", "prior", "add", TRN, *PRIOR], "exempt")


def test_prior_remove(run, ok, db, arrived, refused_unchanged):
    refused_unchanged(["ect", "prior", "remove", TRN, "--from", "2025-09-02"], "2025-09-01")
    ok(run("ect", "prior", "remove", TRN, "--from", "2025-09-01"))
    assert db.count("induction_periods") == 1
    assert db.audit(entity="induction_period", action="delete")[0]["before"]["fte_terms"] == 2.0
    assert show(run, ok, "2026-11-22")["checkpoints"][0]["kind"] == "progress_review"


def test_a_registration_return_can_carry_terms_served_elsewhere(run, ok, db, schools, tmp_path):
    header = (
        "TRN,First name,Last name,Date of birth,QTS date,URN,Start date,"
        "FTE terms served elsewhere,Previous appropriate body,Served elsewhere from,"
        "Served elsewhere to\n"
    )
    good = tmp_path / "reg.csv"
    good.write_text(
        header + f"{TRN},Amy,Shah,02/04/1998,18/07/2025,{SCHOOL_A},13/04/2026,2,"
        "Pennine Teaching School Hub,01/09/2025,27/03/2026\n",
        "utf-8",
    )
    ok(run("import", good))
    detail = show(run, ok, "2026-11-22")
    assert detail["fte_terms_served_elsewhere"] == 2.0
    assert detail["checkpoints"][0]["kind"] == "first_formal_assessment"
    again = json.loads(ok(run("import", good, "--json")).stdout)
    assert (again["unchanged"], again["created"]) == (1, 0)  # the same period: nothing new
    assert db.query("SELECT count(*) FROM induction_periods")[0][0] == 2

    half = tmp_path / "half.csv"
    half.write_text(
        header + f"{OTHER},Ben,Cole,02/04/1998,18/07/2025,{SCHOOL_A},13/04/2026,2,,,\n", "utf-8"
    )
    before = db.snapshot()
    result = run("import", half)
    assert result.exit_code == 3
    assert "Previous appropriate body" in result.stderr
    assert db.snapshot() == before


# --- the transfer file ----------------------------------------------------------------


def test_an_ect_carries_on_exactly_where_they_were_in_the_next_ab(run, ok, tmp_path):
    """AB 1 (Calder) writes the file for an ECT it released mid-spring; AB 2 imports it
    and takes the ECT on; what AB 2 then schedules is what AB 1 would have scheduled
    had the ECT carried on there after the same break."""
    first, second, one = (tmp_path / n for n in ("calder.db", "pennine.db", "one.db"))
    file = tmp_path / "out" / f"{TRN}-transfer.xlsx"
    file.parent.mkdir()

    def at(db, *args, today="2026-11-22"):
        return ok(run("--db", db, "--today", today, *args))

    for db in (first, one):
        at(db, "school", "add", SCHOOL_A, "--name", "Hillside Primary School")
        at(
            db,
            "ect",
            "register",
            TRN,
            "--first-name",
            "Zoë",
            "--last-name",
            "O'Brien",
            "--dob",
            "1998-04-02",
            "--qts-date",
            "2025-07-18",
            "--school",
            SCHOOL_A,
            "--start",
            "2025-09-01",
            "--fte",
            "0.8",
        )
        at(
            db,
            "review",
            "record",
            TRN,
            "--term",
            "2025-autumn",
            "--date",
            "2025-12-10",
            "--on-track",
            "no",
            "--support-plan",
            today="2025-12-12",
        )
        at(
            db,
            "ect",
            "absence",
            TRN,
            "--from",
            "2026-01-12",
            "--to",
            "2026-01-27",
            "--days",
            "12",
            "--kind",
            "sickness",
        )
        at(db, "ect", "release", TRN, "--on", "2026-02-13")
    at(first, "ect", "transfer-out", TRN, "-o", file, "--ab", "Calder Teaching School Hub")
    assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    (event,) = [e for e in _audit(first) if e["entity"] == "transfer"]
    assert event["entity_id"] == f"out {TRN}" and "Zoë" not in json.dumps(event)

    at(second, "school", "add", "100009", "--name", "Moor End Academy")
    tried = json.loads(at(second, "import", file, "--dry-run", "--json").stdout)
    assert (tried["kind"], tried["written"], tried["dry_run"]) == ("transfer", False, True)
    assert sqlite3.connect(second).execute("SELECT count(*) FROM ects").fetchone() == (0,)
    done = json.loads(at(second, "import", file, "--json").stdout)
    assert (done["kind"], done["written"], done["rejected"]) == ("transfer", True, 0)
    assert done["transfer"]["fte_terms_elsewhere"] == 1.2  # autumn 0.8, spring 30/60 x 0.8
    at(
        second,
        "ect",
        "move",
        TRN,
        "--school",
        "100009",
        "--on",
        "2026-02-23",
        "--fte",
        "0.8",
        "--programme",
        "provider-led",
    )
    at(one, "ect", "move", TRN, "--school", SCHOOL_A, "--on", "2026-02-23")

    def evaluated(db):
        return json.loads(at(db, "ect", "show", TRN, "--json").stdout)

    moved, stayed = evaluated(second), evaluated(one)
    assert (moved["first_name"], moved["last_name"]) == ("Zoë", "O'Brien")
    assert moved["fte_terms_served"] == stayed["fte_terms_served"] == 2.9
    assert moved["fte_terms_required"] == stayed["fte_terms_required"]
    assert moved["end_of_induction"] == stayed["end_of_induction"]
    assert moved["absence_by_part"] == stayed["absence_by_part"]
    assert moved["at_risk"] is stayed["at_risk"] is True  # the support plan came along

    def ahead(detail):  # this AB's checkpoints from the term the ECT came back
        return [
            (c["kind"], c["term"], c["due_on"])
            for c in detail["checkpoints"]
            if c["term"] >= "2026-spring" and c["kind"] != "interim_assessment"
        ]

    assert ahead(moved) == ahead(stayed)
    (review_there,) = [r for r in moved["records"] if r["appropriate_body"]]
    assert (review_there["appropriate_body"], review_there["on_track"]) == (
        "Calder Teaching School Hub",
        False,
    )
    assert [e["entity_id"] for e in _audit(second) if e["entity"] == "transfer"] == [f"in {TRN}"]
    doctor = run("--db", second, "--today", "2026-11-22", "doctor")
    assert doctor.exit_code == 0, doctor.output


def _audit(db) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM audit_events ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def transfer_file(run, ok, register, tmp_path):
    """Full time from 2025-09-01, reviewed in autumn, released 2026-02-13."""
    register(TRN)
    ok(
        run(
            "--today",
            "2025-12-15",
            "review",
            "record",
            TRN,
            "--term",
            "2025-autumn",
            "--date",
            "2025-12-10",
            "--on-track",
            "yes",
        )
    )
    ok(run("ect", "release", TRN, "--on", "2026-02-13"))
    path = tmp_path / "transfer.xlsx"
    ok(run("ect", "transfer-out", TRN, "-o", path, "--ab", "Calder TSH"))
    return path


def test_transfer_out_refusals(run, ok, register, refused, transfer_file, tmp_path):
    refused(
        run("ect", "transfer-out", TRN, "-o", transfer_file, "--ab", "Calder"), "already exists"
    )
    register(OTHER)
    refused(
        run("ect", "transfer-out", OTHER, "-o", tmp_path / "x.xlsx", "--ab", "Calder"),
        "still holds a post here",
        "ect release",
    )
    assert not (tmp_path / "x.xlsx").exists()


def _edited(path, sheet, cell, value):
    from openpyxl import load_workbook

    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)
    return path


@pytest.mark.parametrize(
    "sheet, cell, value, fragments",
    [
        ("About", "B2", 2, ["layout 2", "newer ectrack"]),
        ("Periods", "E2", "31/02/2026", ["sheet 'Periods', row 2, column 'To'", "31/02/2026"]),
        ("Periods", "H2", "4.0", ["column 'FTE terms'", "at most"]),
        ("Reviews and assessments", "B2", "chat", ["column 'Checkpoint'", "chat"]),
    ],
    ids=["newer layout", "no such day", "too many terms", "unknown checkpoint"],
)
def test_a_damaged_or_newer_transfer_file_is_refused_whole(
    run, transfer_file, tmp_path, sheet, cell, value, fragments
):
    other = tmp_path / "other.db"
    assert run("--db", other, "school", "add", SCHOOL_B, "--name", "Oakfield").exit_code == 0
    _edited(transfer_file, sheet, cell, value)
    before = sqlite3.connect(other).execute("SELECT count(*) FROM audit_events").fetchone()
    result = run("--db", other, "import", transfer_file)
    assert result.exit_code == 3, result.output
    for fragment in fragments:
        assert fragment in result.stderr
    after = sqlite3.connect(other).execute("SELECT count(*) FROM audit_events").fetchone()
    assert before == after
    assert sqlite3.connect(other).execute("SELECT count(*) FROM ects").fetchone() == (0,)


def test_a_transfer_of_an_ect_already_here_is_refused(run, transfer_file, db):
    before = db.snapshot()
    result = run("import", transfer_file)
    assert result.exit_code == 1
    assert "already registered here" in result.stderr
    assert db.snapshot() == before


# --- two posts at once ---------------------------------------------------------------


@pytest.fixture
def two_posts(run, ok, register):
    """0.6 at A from 2025-09-01 (the lead); 0.4 at B from Mon 2026-01-05."""
    register(TRN, fte="0.6")
    ok(run("ect", "add-post", TRN, "--school", SCHOOL_B, "--on", "2026-01-05", "--fte", "0.4"))
    return TRN


def test_two_posts_count_once_and_the_lead_is_chased(run, ok, db, two_posts, tmp_path):
    leads = db.rows("SELECT school_urn, lead FROM induction_periods ORDER BY id")
    assert leads == [{"school_urn": SCHOOL_A, "lead": 1}, {"school_urn": SCHOOL_B, "lead": 0}]
    detail = show(run, ok, "2026-11-22")
    # autumn 0.6; spring and summer 0.6 + 0.4 = 1.0; 2026-autumn to 22 Nov 59/79 = 0.7
    # (A 0.6 x 59/79 = 0.45 -> 4 of 7 after the spare tenth, B 0.3): A 2.2, B 1.1
    assert detail["fte_terms_served"] == 3.3
    assert [p["fte_terms"] for p in detail["periods"]] == [2.2, 1.1]
    assert [p["lead"] for p in detail["periods"]] == [True, False]
    assert ("first_formal_assessment", "2026-autumn", SCHOOL_A) in checkpoints(
        run, ok, "2026-11-22"
    )
    assert {school for _, _, school in checkpoints(run, ok, "2026-11-22")} == {SCHOOL_A}
    claims = json.loads(
        ok(run("export", "riab", "claims", "-o", tmp_path / "c.csv", "--json")).stdout
    )
    assert claims["rows"] == 1  # one stay with the AB
    assert "(second post)" in ok(run("ect", "show", TRN)).stdout


def test_the_second_post_can_lead(run, ok, db, register):
    register(TRN, fte="0.6")
    ok(
        run(
            "ect",
            "add-post",
            TRN,
            "--school",
            SCHOOL_B,
            "--on",
            "2026-01-05",
            "--fte",
            "0.4",
            "--lead",
        )
    )
    spring = [c for c in checkpoints(run, ok, "2026-11-22") if c[1] == "2026-spring"]
    assert spring == [("progress_review", "2026-spring", SCHOOL_B)]


@pytest.mark.parametrize(
    "args, fragments",
    [
        (
            ["ect", "add-post", TRN, "--school", "100003", "--on", "2026-02-02", "--fte", "0.1"],
            ["already holds two posts"],
        ),
        (["ect", "move", TRN, "--school", "100003", "--on", "2026-02-02"], ["--post"]),
        (
            ["ect", "change-fte", TRN, "--fte", "0.7", "--on", "2026-02-02", "--post", SCHOOL_A],
            ["1.1 FTE", "at most 0.6"],
        ),
        (
            ["ect", "release", TRN, "--on", "2026-02-02", "--post", "100009"],
            ["no open post at 100009"],
        ),
    ],
    ids=["a third post", "which post", "over full time", "no such post"],
)
def test_two_post_refusals(run, ok, two_posts, refused_unchanged, args, fragments):
    ok(run("school", "add", "100003", "--name", "Third School"))
    refused_unchanged(args, *fragments)


def test_add_post_refusals(run, ok, register, refused_unchanged):
    register(TRN, fte="0.8")
    base = ["ect", "add-post", TRN, "--on", "2026-01-05"]
    refused_unchanged([*base, "--school", SCHOOL_B, "--fte", "0.4"], "1.2 FTE", "at most 0.2")
    refused_unchanged([*base, "--school", SCHOOL_A, "--fte", "0.2"], "already holds a post")
    refused_unchanged(
        ["ect", "add-post", TRN, "--on", "2025-08-01", "--school", SCHOOL_B, "--fte", "0.2"],
        "before the post",
    )


def test_ending_one_post_leaves_the_other_alone(run, ok, db, two_posts):
    ok(run("ect", "release", TRN, "--on", "2026-03-27", "--post", SCHOOL_B))
    rows = db.rows("SELECT school_urn, finished_on, lead FROM induction_periods ORDER BY id")
    assert rows == [
        {"school_urn": SCHOOL_A, "finished_on": None, "lead": None},  # held alone again
        {"school_urn": SCHOOL_B, "finished_on": "2026-03-27", "lead": 0},
    ]
    # B's post ended after a term: an interim assessment from B, due on its last day
    assert ("interim_assessment", "2026-spring", SCHOOL_B) in checkpoints(run, ok, "2026-11-22")
    ok(run("ect", "change-fte", TRN, "--fte", "1.0", "--on", "2026-04-13"))
    ok(run("--today", "2026-11-22", "doctor"))


# --- exempt teachers -----------------------------------------------------------------


def test_an_exempt_teacher_has_nothing_due_and_cannot_start(
    run, ok, db, register, refused_unchanged
):
    register(TRN)
    refused_unchanged(["ect", "exempt", TRN, "--reason", "qtls"], "open induction period")
    ok(run("ect", "release", TRN, "--on", "2025-12-19"))
    refused_unchanged(["ect", "exempt", TRN, "--reason", "because"], "--reason", "qtls")
    ok(run("ect", "exempt", TRN, "--reason", "Passed induction in Wales"))
    assert db.one("SELECT exempt_reason, exempt_on FROM ects") == {
        "exempt_reason": "passed_wales",
        "exempt_on": "2026-11-22",
    }
    detail = show(run, ok, "2026-11-22")
    assert (detail["status"], detail["exempt_reason"]) == ("exempt", "passed_wales")
    assert detail["checkpoints"] == [] and detail["deadlines"] == []
    assert checkpoints(run, ok, "2026-11-22") == []
    assert "Passed induction in Wales" in ok(run("ect", "show", TRN)).stdout
    refused_unchanged(
        ["ect", "move", TRN, "--school", SCHOOL_B, "--on", "2026-01-05"],
        "exempt from induction",
        "--withdraw",
    )
    ok(run("ect", "exempt", TRN, "--withdraw"))
    ok(run("ect", "move", TRN, "--school", SCHOOL_B, "--on", "2026-01-05"))


def test_a_passed_teacher_cannot_be_exempt_or_start_again(run, ok, finalist, refused_unchanged):
    final(run, ok, "2026-07-17")
    ok(decide(run, "2026-08-03", "pass"))
    refused_unchanged(["ect", "exempt", TRN, "--reason", "qtls"], "completed induction")
    refused_unchanged(
        ["ect", "move", TRN, "--school", SCHOOL_B, "--on", "2026-09-01"], "already passed", "REG 9"
    )


# --- doctor --repair ---------------------------------------------------------------------


def test_doctor_repairs_an_outcome_closed_on_the_day_of_the_decision(
    run, ok, db, finalist, tmp_path
):
    final(run, ok, "2026-07-10")
    ok(decide(run, "2026-07-14", "pass"))
    # as the first release stored it
    db.execute("UPDATE induction_periods SET finished_on = '2026-07-14'")
    sent = actions(run, ok, "2026-09-01", tmp_path)  # and gave the DfE that date
    assert sent["rows"] == 1
    found = run("--today", "2026-09-01", "doctor", "--json")
    assert found.exit_code == 1
    found = [f["problem"] for f in json.loads(found.stdout)["findings"]]
    assert any("ends on 2026-07-14, not on the end of induction 2026-07-22" in p for p in found)
    assert any("final formal assessment on record no longer matches" in p for p in found)
    repaired = ok(run("--today", "2026-09-01", "doctor", "--repair"))
    assert "now ends on the end of induction 2026-07-22" in repaired.stderr
    assert "correct it in the service by hand" in repaired.stderr
    assert db.one("SELECT finished_on FROM induction_periods")["finished_on"] == "2026-07-22"
    assert db.audit(command="doctor")[-1]["after"] == {"finished_on": "2026-07-22"}
    again = actions(run, ok, "2026-09-02", tmp_path)
    assert (again["rows"], again["held_back"]) == (0, [])  # not sent a second time
    ok(run("audit", "verify"))
