"""Words for people, codes for scripts.

Tables, messages and report cells a person reads name statuses, kinds,
programmes and terms in words, show a school's name beside its URN and dates in
UK order ("3 Nov 2026"); ``--json`` keeps the codes, ISO dates and the very keys
it always had. Built once on the demo AB (``ectrack demo``) as of TODAY.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from ectrack import labels
from ectrack.cli import app
from tests.cli.conftest import TODAY

#: Codes that must never reach a person: as whole words, in any human output.
CODES = (
    "required_to_complete",
    "in_progress",
    "awaiting_decision",
    "provider_led",
    "school_led",
    "progress_review",
    "first_formal_assessment",
    "final_formal_assessment",
    "interim_assessment",
    "shared_parental",
    "parental_bereavement",
    "not_yet_meeting",
    "fte_change",
    "not_met",
)
UK_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
TERM_CODE = re.compile(r"\b\d{4}-(autumn|spring|summer)\b")
TERM_WORDS = re.compile(r"\b(Autumn|Spring|Summer) \d{4}\b")
SCHOOL_WITH_URN = re.compile(r"[A-Z][\w',. -]+ \(\d{6}\)")

# The JSON keys as they were before words came to human output (taken from the demo
# AB's output then): scripts rely on exactly these.
ECT_LIST_KEYS = {
    "at_risk", "date_of_birth", "email", "end_of_induction", "exempt_reason", "first_name",
    "former_names", "fte", "fte_terms_required", "fte_terms_served",
    "fte_terms_served_elsewhere", "induction_started_on", "last_name", "programme", "qts_date",
    "reduced_to", "school_urn", "status", "trn",
}  # fmt: skip
CHECKPOINT_KEYS = {
    "due_on", "first_name", "kind", "last_name", "part", "received_on", "school_urn", "status",
    "term", "trn",
}  # fmt: skip
ECT_SHOW_KEYS = ECT_LIST_KEYS | {
    "absence_by_part", "absences", "checkpoints", "deadlines", "decision", "entitlement_gaps",
    "extensions", "periods", "prior_periods", "records", "unscheduled_records",
    "letters",  # added with the AB's letters (issue 16): what was written, to whom, when
}  # fmt: skip
SHOW_CHECKPOINT_KEYS = CHECKPOINT_KEYS - {"first_name", "last_name"}
SHOW_PERIOD_KEYS = {
    "closed_by", "counts", "entitlement", "finished_on", "fte", "fte_terms", "induction_tutor",
    "lead", "mentor", "outcome", "programme", "school_urn", "started_on",
}  # fmt: skip
SHOW_DEADLINE_KEYS = {"due_on", "name", "what"}
SHOW_RECORD_KEYS = {
    "absence_days", "appropriate_body", "held_on", "kind", "on_track", "overall",
    "received_on", "recommendation", "standards", "summary", "support_plan", "term",
}  # fmt: skip
SHOW_ABSENCE_PART_KEYS = {
    "days_towards_threshold", "extension_terms", "part", "statutory_leave_days",
    "threshold_days",
}  # fmt: skip


def codes_in(text: str) -> list[str]:
    return [c for c in CODES if re.search(rf"(?<![\w-]){c}(?![\w-])", text)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo AB as of TODAY, built once for this module."""
    path = tmp_path_factory.mktemp("words") / "demo.db"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COLUMNS", "200")
        env.setenv("ECTRACK_USER", "officer.test")
        result = CliRunner().invoke(app, ["--db", str(path), "--today", TODAY, "demo", "--json"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def ectrack(demo, run, ok):
    """``ectrack("ect", "list")``: run a command on the demo AB; its result."""

    def do(*args: str):
        return ok(run("--db", str(demo), "--today", TODAY, *args))

    return do


@pytest.fixture
def ects(ectrack) -> list[dict]:
    return json.loads(ectrack("ect", "list", "--json").stdout)


def one(ects: list[dict], **wanted) -> dict:
    return next(e for e in ects if all(e[k] == v for k, v in wanted.items()))


# --- words for people ------------------------------------------------------------------


def test_ect_list_speaks_in_words(ectrack, ects):
    out = ectrack("ect", "list").stdout
    assert {"in_progress", "awaiting_decision"} <= {e["status"] for e in ects}
    for text in ("In progress", "Awaiting decision", f"as of {labels.uk_date(TODAY)}"):
        assert text in out
    amy = one(ects, status="in_progress")
    assert amy["trn"] in out  # officers need the TRN beside the name
    assert SCHOOL_WITH_URN.search(out) and UK_DATE.search(out)
    assert codes_in(out) == []
    assert not ISO_DATE.search(out)


def test_ect_show_speaks_in_words(ectrack, ects):
    trn = one(ects, status="awaiting_decision", programme="provider_led")["trn"]
    out = ectrack("ect", "show", trn).stdout
    doc = json.loads(ectrack("ect", "show", trn, "--json").stdout)
    school = json.loads(ectrack("school", "show", doc["school_urn"], "--json").stdout)
    for text in (
        "Awaiting decision",
        "Provider-led",
        f"{school['name']} ({school['urn']})",
        f"Induction started  {labels.uk_date(doc['induction_started_on'])}",
        "Final formal assessment",
    ):
        assert text in out
    assert TERM_WORDS.search(out) and UK_DATE.search(out)
    assert codes_in(out) == []
    assert not ISO_DATE.search(out) and not TERM_CODE.search(out)


def test_checkpoints_speak_in_words(ectrack):
    out = ectrack("checkpoints").stdout
    rows = json.loads(ectrack("checkpoints", "--json").stdout)
    assert {"late", "overdue", "received"} <= {r["status"] for r in rows}
    for text in ("Received late", "Overdue", "Received", "Progress review"):
        assert text in out
    first = rows[0]
    assert f"{labels.uk_date(first['due_on'])} " in out
    assert SCHOOL_WITH_URN.search(out) and TERM_WORDS.search(out)
    assert codes_in(out) == []
    assert not ISO_DATE.search(out) and not TERM_CODE.search(out)


def test_todo_and_school_list_speak_in_words(ectrack):
    todo = ectrack("todo").stdout
    assert f"To do as of {labels.uk_date(TODAY)}" in todo
    assert SCHOOL_WITH_URN.search(todo) and UK_DATE.search(todo) and TERM_WORDS.search(todo)
    assert codes_in(todo) == []
    assert not TERM_CODE.search(todo)

    schools = json.loads(ectrack("school", "list", "--json").stdout)
    out = ectrack("school", "list").stdout
    assert all(s["name"] in out and s["urn"] in out for s in schools)
    assert codes_in(out) == []


def test_every_human_output_together(ectrack, ects):
    """The brief as one: these commands between them show every word asked for."""
    trn = one(ects, status="awaiting_decision")["trn"]
    commands = [("ect", "list"), ("ect", "show", trn), ("checkpoints",), ("todo",)]
    said = "".join(ectrack(*command).stdout for command in [*commands, ("school", "list")])
    for text in ("In progress", "Awaiting decision", "Provider-led"):
        assert text in said
    assert SCHOOL_WITH_URN.search(said) and UK_DATE.search(said)
    assert codes_in(said) == []


def test_chase_letters_read_naturally(ectrack):
    letters = ectrack("chase").stdout
    assert "Please send them by " in letters
    lines = [line for line in letters.splitlines() if line.startswith("- ")]
    assert lines and all(TERM_WORDS.search(line) and UK_DATE.search(line) for line in lines)
    assert not re.search(r"\d\d/\d\d/\d{4}", letters) and not TERM_CODE.search(letters)
    assert codes_in(letters) == []


# --- codes for scripts -----------------------------------------------------------------


def test_ect_list_json_keeps_codes_and_keys(ects):
    assert all(set(e) == ECT_LIST_KEYS for e in ects)
    assert {"in_progress", "awaiting_decision"} <= {e["status"] for e in ects}
    assert {"provider_led", "school_led"} <= {e["programme"] for e in ects}
    for e in ects:
        dt.date.fromisoformat(e["induction_started_on"])
        dt.date.fromisoformat(e["date_of_birth"])


def test_ect_show_json_keeps_codes_and_keys(ectrack, ects):
    trn = one(ects, status="awaiting_decision", programme="provider_led")["trn"]
    doc = json.loads(ectrack("ect", "show", trn, "--json").stdout)
    assert set(doc) == ECT_SHOW_KEYS
    assert (doc["status"], doc["programme"]) == ("awaiting_decision", "provider_led")
    assert all(set(c) == SHOW_CHECKPOINT_KEYS for c in doc["checkpoints"])
    assert all(set(p) == SHOW_PERIOD_KEYS for p in doc["periods"])
    assert all(set(d) == SHOW_DEADLINE_KEYS for d in doc["deadlines"])
    assert all(set(r) == SHOW_RECORD_KEYS for r in doc["records"])
    assert all(set(a) == SHOW_ABSENCE_PART_KEYS for a in doc["absence_by_part"])
    assert doc["periods"][0]["programme"] == "provider_led"
    kinds = {c["kind"] for c in doc["checkpoints"]}
    assert {"progress_review", "first_formal_assessment", "final_formal_assessment"} <= kinds
    assert all(TERM_CODE.fullmatch(c["term"]) for c in doc["checkpoints"])
    assert all(ISO_DATE.fullmatch(c["due_on"]) for c in doc["checkpoints"])
    assert ISO_DATE.fullmatch(doc["induction_started_on"])


def test_checkpoints_json_keeps_codes_and_keys(ectrack):
    rows = json.loads(ectrack("checkpoints", "--json").stdout)
    assert all(set(r) == CHECKPOINT_KEYS for r in rows)
    assert {r["status"] for r in rows} <= {"upcoming", "due", "overdue", "received", "late"}
    assert "first_formal_assessment" in {r["kind"] for r in rows}
    assert "2026-autumn" in {r["term"] for r in rows}
    assert all(ISO_DATE.fullmatch(r["due_on"]) for r in rows)
    assert all(r["received_on"] is None or ISO_DATE.fullmatch(r["received_on"]) for r in rows)


# --- the termly report ------------------------------------------------------------------


def column(sheet, header: str) -> list:
    headers = [c.value for c in sheet[1]]
    i = headers.index(header)
    return [row[i] for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]


def test_the_termly_report_shows_words(ectrack, tmp_path):
    path = tmp_path / "termly.xlsx"
    doc = json.loads(ectrack("report", "termly", "-o", str(path), "--json").stdout)
    # the summary for scripts keeps its codes
    assert set(doc["summary"]["checkpoints_this_term"]) == {
        "received", "late", "overdue", "due", "upcoming",
    }  # fmt: skip
    assert "in_progress" in doc["summary"]["ects_by_status"]
    book = openpyxl.load_workbook(path)
    assert book["Summary"]["A1"].value == "Termly report Autumn 2026"
    statuses = set(column(book["Checkpoints due"], "Status"))
    assert statuses and statuses <= set(labels.CHECKPOINT_STATUS_WORDS.values())
    for sheet in ("At risk", "Outcomes"):
        words = set(column(book[sheet], "Status"))
        assert words and words <= set(labels.ECT_STATUS_WORDS.values()), sheet
    assert "Awaiting decision" in column(book["Outcomes"], "Status")
    assert all(TERM_WORDS.fullmatch(t) for t in column(book["Overdue"], "Term"))
    kinds = set(column(book["Checkpoints due"], "Checkpoint"))
    assert kinds and kinds <= {labels.kind_word(k) for k in labels.CHECKPOINT_LABELS}
    dates = column(book["Checkpoints due"], "Due")
    assert dates and all(isinstance(d, dt.datetime) for d in dates)  # real dates for Excel
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and not value.startswith(("ects_", "checkpoints_")):
                    assert codes_in(value) == [], (sheet.title, value)


# --- the words themselves ---------------------------------------------------------------


def test_uk_dates():
    assert labels.uk_date("2026-11-03") == "3 Nov 2026"
    assert labels.uk_date(dt.date(2025, 9, 1)) == "1 Sep 2025"
    assert labels.uk_date("2026-12-25T10:00:00") == "25 Dec 2026"
    assert labels.uk_date(None) == labels.uk_date("") == ""


def test_terms_and_fallback_words():
    assert labels.term_word("2026-autumn") == "Autumn 2026"
    assert labels.term_word("2027-summer") == "Summer 2027"
    assert labels.term_word("") == "" and labels.term_word("next term") == "next term"
    assert labels.word("some_new_code") == "Some new code"
    assert labels.word(None) == ""
    assert labels.status_word("some_new_status") == "Some new status"
    assert labels.school_words("100001", "Fieldhead Primary") == "Fieldhead Primary (100001)"
    assert labels.school_words("100001", None) == "100001"


def test_every_code_has_its_word():
    from ectrack.rules.absence import ABSENCE_KINDS
    from ectrack.rules.eligibility import EXEMPTION_REASONS
    from ectrack.rules.identifiers import PROGRAMMES
    from ectrack.rules.schedule import CHECKPOINT_KINDS
    from ectrack.rules.status import ECT_STATUSES

    assert set(labels.ECT_STATUS_WORDS) == set(ECT_STATUSES)
    assert set(labels.ABSENCE_WORDS) == set(ABSENCE_KINDS)
    assert set(labels.PROGRAMME_WORDS) == set(PROGRAMMES)
    assert set(labels.CHECKPOINT_LABELS) == set(CHECKPOINT_KINDS)
    assert EXEMPTION_REASONS is labels.EXEMPTION_REASONS
    assert labels.status_word("in_progress") == "In progress"
    assert labels.checkpoint_status_word("late") == "Received late"
    assert labels.programme_word("provider_led") == "Provider-led"
    assert labels.absence_word("shared_parental") == "Shared parental leave"
    assert labels.kind_word("first_formal_assessment") == "First formal assessment"
    assert labels.standard_word("not_yet_meeting") == "Not yet meeting"


def test_labels_stay_import_light():
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, ectrack.labels; print(' '.join(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert [m for m in loaded if m.startswith("ectrack")] == ["ectrack", "ectrack.labels"]
    assert not {"typer", "openpyxl", "sqlite3", "rich"} & set(loaded)
