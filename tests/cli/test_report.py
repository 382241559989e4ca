"""``ectrack report termly`` end to end: the workbook an officer opens.

A small AB is built once through the command line (``AB_COMMANDS``) and copied
into each test's database. As of 2026-11-22 its 2026-autumn checkpoints are
received (Amy, Hal), late (Cat's interim after her move), overdue (Dan's interim
after his release), due within 14 days (Eve's interim: she moves on 2026-12-01)
and upcoming; earlier terms hold many overdue returns. Ben is not on track (at
risk, no support plan) with 33 days off sick; Hal has a support plan; Eve has 22
days off; Fay passed this term; Gus awaits the decision; Ivy was released in the
summer and resumed at another school this term; Amy changed FTE this term; Jo
has not started. Empty Lane School has nothing at all.

Every expected number comes from the other commands' JSON (``checkpoints``,
``ect list``, ``ect show``, ``deadlines``, ``calendar show``) or the database,
for the same --today, never from the report itself.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import re
import shlex
import stat
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from ectrack.cli import app
from tests.cli.conftest import ACTOR, TODAY

TERM = "2026-autumn"  # the term holding TODAY
SHEETS = [
    "Summary",
    "Checkpoints due",
    "Overdue",
    "At risk",
    "Absence",
    "Outcomes",
    "Deadlines",
    "School compliance",
    "Entitlement",
    "Starters and leavers",
]
DATA_SHEETS = SHEETS[1:]
DATE_COLUMNS = {
    "Oldest gap",
    "Due",
    "Received",
    "Held on",
    "Date",
    "Recommendation received",
    "Decided on",
    "ECT notified",
    "Fail notice sent",
}
RED, AMBER, GREEN = "FFC7CE", "FFEB9C", "C6EFCE"
#: A checkpoint's status as the workbook words it for people (JSON keeps the code).
STATUS_WORDS = {
    "received": "Received",
    "late": "Received late",
    "overdue": "Overdue",
    "due": "Due",
    "upcoming": "Upcoming",
}
NEAR_THRESHOLD_DAYS = 20  # the Absence sheet lists parts with this many days or more

SCHOOLS = {
    "100001": ("Hillside Primary School", "hillside-primary-school"),
    "100002": ("Oakfield Academy", "oakfield-academy"),
    "100003": ("Riverside School", "riverside-school"),
    "100004": ("Empty Lane School", "empty-lane-school"),
}
ECTS = [  # TRN, first name, school, start, FTE
    ("1111111", "Amy", "100001", "2025-09-01", "1.0"),
    ("2222222", "Ben", "100002", "2026-01-05", "0.8"),
    ("3333333", "Cat", "100001", "2025-09-01", "1.0"),
    ("4444444", "Dan", "100002", "2025-09-01", "1.0"),
    ("5555555", "Eve", "100001", "2025-09-01", "0.6"),
    ("6666666", "Fay", "100002", "2024-09-01", "1.0"),
    ("7777777", "Gus", "100001", "2024-09-01", "1.0"),
    ("0888888", "Hal", "100003", "2026-09-01", "0.5"),
    ("9999999", "Ivy", "100002", "2025-09-01", "1.0"),
    ("0123456", "Jo", "100003", "2027-01-04", "1.0"),
]


AB_COMMANDS = [  # as an officer types them, in this order
    *(f"school add {urn} --name '{name}'" for urn, (name, _) in SCHOOLS.items()),
    *(
        f"ect register {trn} --first-name {first} --last-name Test --dob 1998-04-02 "
        f"--qts-date 2024-07-18 --school {school} --start {start} --fte {fte}"
        for trn, first, school, start, fte in ECTS
    ),
    "ect change-fte 1111111 --fte 0.8 --on 2026-10-05",  # neither a start nor a leave
    "review record 1111111 --term 2025-autumn --date 2025-12-10 --on-track yes "
    "--received 2025-12-12",
    "review record 1111111 --term 2026-spring --date 2026-03-20 --on-track yes "
    "--received 2026-04-02",  # late
    "review record 1111111 --term 2026-autumn --date 2026-11-18 --on-track yes "
    "--received 2026-11-20",
    "review record 2222222 --term 2026-summer --date 2026-07-10 --on-track no "
    "--received 2026-07-15",
    "ect absence 2222222 --from 2026-02-02 --to 2026-03-13 --days 33 --kind sickness",
    "ect move 3333333 --school 100002 --on 2026-10-19",
    "assessment record 3333333 --kind interim --date 2026-10-16 --overall satisfactory "
    "--received 2026-10-30",
    "ect release 4444444 --on 2026-11-06",
    "ect move 5555555 --school 100003 --on 2026-12-01",
    "ect absence 5555555 --from 2026-09-07 --to 2026-10-09 --days 22 --kind sickness",
    "assessment record 6666666 --kind final --date 2026-07-10 --overall satisfactory "
    "--recommendation satisfactory --received 2026-07-20",
    "decision record 6666666 --outcome pass --on 2026-09-10",
    "decision notify 6666666 --on 2026-09-11",
    "assessment record 7777777 --kind final --date 2026-07-10 --overall satisfactory "
    "--recommendation satisfactory --received 2026-11-10",
    "review record 0888888 --term 2026-autumn --date 2026-11-16 --on-track yes --support-plan "
    "--received 2026-11-17",
    "ect release 9999999 --on 2026-06-12",
    "ect move 9999999 --school 100003 --on 2026-10-05",  # resumes induction
]


@pytest.fixture(scope="module")
def ab_template(tmp_path_factory) -> Path:
    """The AB of the module docstring, built once through the command line."""
    where = tmp_path_factory.mktemp("ab")
    path = where / "ab.db"
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(where))
        mp.setenv("ECTRACK_DB", str(path))
        mp.setenv("ECTRACK_USER", ACTOR)
        mp.setenv("ECTRACK_TODAY", TODAY)
        for command in AB_COMMANDS:
            result = runner.invoke(app, shlex.split(command))
            assert result.exit_code == 0, (command, result.output)
    return path


@pytest.fixture
def ab(ab_template, db) -> None:
    """This test's database holds a copy of the AB."""
    db.load(ab_template)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


# --- helpers ---------------------------------------------------------------------------


def cli(run, ok, *args, today=TODAY):
    return json.loads(ok(run("--today", today, *args, "--json")).stdout)


def report(run, ok, path, *options, today=TODAY) -> tuple[dict, openpyxl.Workbook]:
    """Run ``report termly -o path`` and return its JSON and the workbook it wrote."""
    doc = cli(run, ok, "report", "termly", "-o", str(path), *options, today=today)
    return doc, openpyxl.load_workbook(path)


def rows(sheet) -> list[dict]:
    """A data sheet's rows as {header: value}."""
    values = sheet.iter_rows(values_only=True)
    header = next(values)
    return [dict(zip(header, row, strict=True)) for row in values]


def summary_counts(book) -> dict[str, int]:
    """Summary: the count in column B of every row whose hidden column C names it."""
    return {
        row[2]: row[1]
        for row in book["Summary"].iter_rows(min_col=1, max_col=3, values_only=True)
        if isinstance(row[2], str)
    }


def flatten(summary: dict, prefix: str = "") -> dict[str, int]:
    out = {}
    for key, value in summary.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def term_words(term: str) -> str:
    """A term as people read it: 2026-autumn → Autumn 2026."""
    year, season = term.split("-")
    return f"{season.capitalize()} {year}"


def iso(value) -> str | None:
    return value.date().isoformat() if isinstance(value, dt.datetime) else value


def fill_of(cell) -> str | None:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None


def column_cells(sheet, header: str) -> list:
    """The data cells of the column headed ``header``."""
    index = [c.value for c in sheet[1]].index(header) + 1
    return [row[0] for row in sheet.iter_rows(min_row=2, min_col=index, max_col=index)]


def term_dates(run, ok, term: str) -> tuple[str, str]:
    year = int(term[:4]) - (0 if term.endswith("autumn") else 1)
    found = next(
        t for t in cli(run, ok, "calendar", "show", "--year", str(year)) if t["term"] == term
    )
    return found["starts_on"], found["ends_on"]


def expected_report(run, ok, db, term: str, today: str) -> dict:
    """What the report must say, from the other commands and the database."""
    this_term = cli(run, ok, "checkpoints", "--term", term, today=today)
    overdue = cli(run, ok, "checkpoints", "--status", "overdue", today=today)
    ects = cli(run, ok, "ect", "list", today=today)
    deadlines = cli(run, ok, "deadlines", today=today)
    absence = []
    for e in ects:
        if e["status"] not in ("passed", "failed"):
            shown = cli(run, ok, "ect", "show", e["trn"], today=today)
            absence += [
                (e["trn"], p["part"], p["days_towards_threshold"])
                for p in shown["absence_by_part"]
                if p["days_towards_threshold"] >= NEAR_THRESHOLD_DAYS
            ]
    starts_on, ends_on = term_dates(run, ok, term)
    periods = db.rows("SELECT * FROM induction_periods ORDER BY trn, started_on")
    starters, leavers = [], []
    for i, p in enumerate(periods):  # a period after an FTE change is the same post
        before = periods[i - 1] if i and periods[i - 1]["trn"] == p["trn"] else None
        if starts_on <= p["started_on"] <= ends_on and not (
            before and before["closed_by"] == "fte_change"
        ):
            starters.append((p["started_on"], p["trn"], p["school_urn"]))
        ended = p["finished_on"] and starts_on <= p["finished_on"] <= ends_on
        if ended and p["closed_by"] != "fte_change":
            leavers.append((p["finished_on"], p["trn"], p["school_urn"]))
    decided = {
        r["trn"]
        for r in db.rows(
            "SELECT trn, decided_on FROM decisions d WHERE id = "
            "(SELECT max(id) FROM decisions WHERE trn = d.trn)"
        )
        if starts_on <= r["decided_on"] <= ends_on
    }
    statuses = Counter(e["status"] for e in ects)
    by_status = Counter(c["status"] for c in this_term)
    queue = {s["key"]: s["items"] for s in cli(run, ok, "todo", today=today)["sections"]}
    return {
        "queue": queue,
        "gaps": cli(run, ok, "entitlement", "gaps", today=today),
        "this_term": this_term,
        "overdue": overdue,
        "ects": ects,
        "deadlines": deadlines,
        "absence": absence,
        "starters": starters,
        "leavers": leavers,
        "outcomes": decided | {e["trn"] for e in ects if e["status"] == "awaiting_decision"},
        "counts": {
            **{f"ects_by_status.{s}": n for s, n in statuses.items()},
            "ects": len(ects),
            **{f"checkpoints_this_term.{s}": n for s, n in by_status.items()},
            "overdue_any_term": len(overdue),
            "at_risk": sum(e["at_risk"] for e in ects),
            "absence_near_or_over_threshold": len(absence),
            "decisions_due": sum(d["name"] == "decision" for d in deadlines),
            "open_deadlines": len(deadlines),
            "starters": len(starters),
            "leavers": len(leavers),
            **{f"work_queue.{key}": len(items) for key, items in queue.items()},
        },
    }


# --- 1. the workbook's shape -----------------------------------------------------------


def test_sheets_headers_filters_and_dates(run, ok, ab, tmp_path):
    doc, book = report(run, ok, tmp_path / "report.xlsx")
    assert book.sheetnames == SHEETS
    assert doc["sheets"] == {name: book[name].max_row - 1 for name in DATA_SHEETS}
    dates = 0
    for name in DATA_SHEETS:
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        assert all(isinstance(h, str) and h for h in header), (name, header)
        assert all(c.font.bold for c in sheet[1]), name
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}{sheet.max_row}"
        for column in DATE_COLUMNS & set(header):
            for cell in column_cells(sheet, column):
                if cell.value is not None:
                    assert isinstance(cell.value, dt.datetime), (name, cell.coordinate)
                    assert cell.number_format == "dd/mm/yyyy", (name, cell.coordinate)
                    dates += 1
        for row in sheet.iter_rows(min_row=2):
            for cell in row:  # no date written as text
                text = cell.value if isinstance(cell.value, str) else ""
                assert not re.fullmatch(r"\d{4}-\d\d-\d\d|\d\d/\d\d/\d{4}", text), cell.coordinate
        for cell in column_cells(sheet, "TRN") if "TRN" in header else ():
            assert isinstance(cell.value, str) and re.fullmatch(r"\d{7}", cell.value)
    assert dates > 0
    trns = {c.value for c in column_cells(book["Checkpoints due"], "TRN")}
    assert "0888888" in trns  # the leading zero is kept


def test_an_empty_ab_still_has_every_sheet_with_its_header(run, ok, tmp_path):
    doc, book = report(run, ok, tmp_path / "empty.xlsx")
    assert book.sheetnames == SHEETS
    assert set(doc["sheets"].values()) == {0}
    for name in DATA_SHEETS:
        sheet = book[name]
        assert sheet.max_row == 1 and sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}1"
    assert set(flatten(doc["summary"]).values()) == {0}


# --- 2. counts agree with the commands -------------------------------------------------

AS_OF = [  # --today, --term given (None: the default), the term reported
    (TODAY, None, TERM),
    ("2026-12-10", "2026-autumn", "2026-autumn"),
    (TODAY, "2026-summer", "2026-summer"),
]


@pytest.mark.parametrize(("today", "term", "reported"), AS_OF)
def test_summary_counts_agree_with_the_commands(run, ok, db, ab, tmp_path, today, term, reported):
    options = ("--term", term) if term else ()
    doc, book = report(run, ok, tmp_path / "r.xlsx", *options, today=today)
    assert (doc["term"], doc["as_of"]) == (reported, today)
    want = expected_report(run, ok, db, reported, today)
    counts = summary_counts(book)
    assert book["Summary"].column_dimensions["C"].hidden
    assert counts, "no count is named in Summary column C"
    assert counts == {key: want["counts"].get(key, 0) for key in counts}
    assert set(want["counts"]) <= set(counts), "a count the commands show is missing"
    assert sum(v for k, v in counts.items() if k.startswith("ects_by_status.")) == counts["ects"]
    # report termly --json prints the same summary as the sheet
    assert flatten(doc["summary"]) == counts


@pytest.mark.parametrize(("today", "term", "reported"), AS_OF)
def test_sheet_rows_agree_with_the_commands(run, ok, db, ab, tmp_path, today, term, reported):
    options = ("--term", term) if term else ()
    _, book = report(run, ok, tmp_path / "r.xlsx", *options, today=today)
    want = expected_report(run, ok, db, reported, today)
    day = dt.date.fromisoformat(today)

    due = rows(book["Checkpoints due"])
    assert sorted(
        (r["TRN"], r["Checkpoint"], iso(r["Due"]), r["Status"], r["School URN"], iso(r["Received"]))
        for r in due
    ) == sorted(
        (c["trn"], c["kind"].replace("_", " ").capitalize(), c["due_on"],
         STATUS_WORDS[c["status"]], c["school_urn"], c["received_on"])
        for c in want["this_term"]
    )  # fmt: skip

    overdue = rows(book["Overdue"])
    assert sorted((r["TRN"], r["Term"], iso(r["Due"]), r["School URN"]) for r in overdue) == sorted(
        (c["trn"], term_words(c["term"]), c["due_on"], c["school_urn"]) for c in want["overdue"]
    )
    for r in overdue:
        assert r["Days overdue"] == (day - r["Due"].date()).days > 0

    at_risk = {r["TRN"] for r in rows(book["At risk"])}
    assert at_risk == {e["trn"] for e in want["ects"] if e["at_risk"]}

    absence = rows(book["Absence"])
    assert sorted((r["TRN"], r["Part"], r["Days towards 30"]) for r in absence) == sorted(
        want["absence"]
    )

    deadlines = rows(book["Deadlines"])
    assert sorted((r["TRN"], iso(r["Due"]), r["Days left"]) for r in deadlines) == sorted(
        (d["trn"], d["due_on"], d["days_left"]) for d in want["deadlines"]
    )

    assert {r["TRN"] for r in rows(book["Outcomes"])} == want["outcomes"]

    ects_with_gaps = rows(book["Entitlement"])  # one row per ECT, the same gaps
    by_ect: dict[str, list[dict]] = {}
    for g in want["gaps"]:
        by_ect.setdefault(g["trn"], []).append(g)
    assert sorted(r["TRN"] for r in ects_with_gaps) == sorted(by_ect)
    for r in ects_with_gaps:
        mine = by_ect[r["TRN"]]
        assert iso(r["Oldest gap"]) == min(g["first_seen_on"] for g in mine)
        assert r["Days open"] == (day - r["Oldest gap"].date()).days
        assert (r["Gaps"], r["Not met"]) == (len(mine), sum(g["failed"] for g in mine))
        assert r["School URN"] == mine[0]["school_urn"]
        for g in mine:
            assert g["what"] in r["Gaps and since when"]

    movers = rows(book["Starters and leavers"])
    assert sorted((iso(r["Date"]), r["TRN"], r["School URN"]) for r in movers) == sorted(
        want["starters"] + want["leavers"]
    )

    compliance = {r["School URN"]: r for r in rows(book["School compliance"])}
    per_school = {}
    for c in want["this_term"]:
        per_school.setdefault(c["school_urn"], Counter())[c["status"]] += 1
    in_induction = Counter(e["school_urn"] for e in want["ects"] if e["status"] == "in_progress")
    assert set(compliance) == set(per_school) | {e["school_urn"] for e in want["ects"]}
    for urn, r in compliance.items():
        counts = per_school.get(urn, Counter())
        assert r["School"] == SCHOOLS[urn][0]
        assert r["ECTs in induction"] == in_induction[urn], urn
        assert (r["On time"], r["Late"], r["Overdue"], r["Due soon"], r["Upcoming"]) == (
            counts["received"],
            counts["late"],
            counts["overdue"],
            counts["due"],
            counts["upcoming"],
        ), urn
        assert r["Due so far"] == counts["received"] + counts["late"] + counts["overdue"], urn


def test_the_default_report_covers_every_kind_of_row(run, ok, ab, tmp_path):
    """The AB really exercises what the other tests compare (guards the fixture)."""
    doc, _ = report(run, ok, tmp_path / "r.xlsx")
    this_term = doc["summary"]["checkpoints_this_term"]
    assert all(this_term[s] > 0 for s in ("received", "late", "overdue", "due", "upcoming"))
    assert doc["summary"]["overdue_any_term"] > this_term["overdue"]
    assert all(n > 0 for n in doc["sheets"].values()), doc["sheets"]


# --- 3. fills --------------------------------------------------------------------------

CHECKPOINT_FILLS = {"Overdue": RED, "Received": GREEN, "Received late": AMBER, "Due": AMBER}


def test_checkpoint_status_cells_are_red_amber_green(run, ok, ab, tmp_path):
    _, book = report(run, ok, tmp_path / "r.xlsx")
    seen = set()
    for cell in column_cells(book["Checkpoints due"], "Status"):
        assert fill_of(cell) == CHECKPOINT_FILLS.get(cell.value), (cell.coordinate, cell.value)
        seen.add(cell.value)
    assert {"Overdue", "Received", "Received late"} <= seen


def test_school_compliance_is_a_percentage_with_a_rag_fill(run, ok, ab, tmp_path):
    _, book = report(run, ok, tmp_path / "r.xlsx")
    fell_due: dict[str, Counter] = {}
    for c in cli(run, ok, "checkpoints", "--term", TERM):
        fell_due.setdefault(c["school_urn"], Counter())[c["status"]] += 1
    sheet = book["School compliance"]
    colours = set()
    for urn, cell in zip(
        [c.value for c in column_cells(sheet, "School URN")],
        column_cells(sheet, "% on time"),
        strict=True,
    ):
        counts = fell_due.get(urn, Counter())
        due = counts["received"] + counts["late"] + counts["overdue"]
        if not due:
            assert cell.value is None and fill_of(cell) is None, urn
            continue
        share = round(100 * counts["received"] / due) / 100
        assert cell.value == pytest.approx(share), urn
        assert "%" in cell.number_format, cell.number_format
        expected = GREEN if share >= 0.9 else AMBER if share >= 0.7 else RED
        assert fill_of(cell) == expected, (urn, share)
        colours.add(expected)
    assert {RED, GREEN} <= colours


def test_other_sheets_carry_their_fills(run, ok, ab, tmp_path):
    _, book = report(run, ok, tmp_path / "r.xlsx")
    for cell in column_cells(book["Overdue"], "Days overdue"):
        assert fill_of(cell) == RED
    for cell in column_cells(book["Absence"], "Days towards 30"):
        assert fill_of(cell) == (RED if cell.value >= 30 else AMBER), cell.value
    plans = {c.value: fill_of(c) for c in column_cells(book["At risk"], "Support plan")}
    assert plans == {"no": RED, "yes": AMBER}


# --- 4. nothing a spreadsheet would run ------------------------------------------------

RISKY_SCHOOL = '=HYPERLINK("http://x","y")'
RISKY_NAMES = [  # TRN, first name, last name
    ("1212121", "+Amy", "=1+2"),
    ("1313131", "-Ben", "@Cole"),
    ("1414141", "@SUM(A1:A9)", "-2+3"),
]


def test_text_that_looks_like_a_formula_stays_text(run, ok, register, tmp_path):
    ok(run("school", "add", "100009", "--name", RISKY_SCHOOL))
    for trn, first, last in RISKY_NAMES:
        register(trn, first_name=first, last_name=last, school="100009")
    register("1515151", first_name="Plain", last_name="Name")
    path = tmp_path / "r.xlsx"
    doc = cli(run, ok, "report", "termly", "-o", str(path), "--per-school", str(tmp_path / "s"))
    files = [path] + [Path(f["file"]) for f in doc["per_school"]["files"]]
    assert len(files) == 3
    for file in files:
        texts = set()
        for sheet in openpyxl.load_workbook(file):
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (file.name, sheet.title, cell.coordinate)
                    if isinstance(cell.value, str):
                        texts.add(cell.value)
        with zipfile.ZipFile(file) as z:
            for member in z.namelist():
                if member.startswith("xl/worksheets/"):
                    xml = z.read(member).decode()
                    assert not re.search(r"<(\w+:)?f[\s>/]", xml), (file.name, member)
        if file.name.startswith("100001"):
            continue  # the plain school's own file holds none of them
        assert RISKY_SCHOOL in texts, file.name
        for _, first, last in RISKY_NAMES:
            assert {first, last} <= texts, (file.name, first, last)


# --- 5. owner-only files ---------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_report_files_are_owner_only(run, ok, ab, tmp_path, umask_022):
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"old")
    path.chmod(0o644)  # an existing file is replaced owner-only too
    folder = tmp_path / "schools" / "autumn"
    doc = cli(run, ok, "report", "termly", "-o", str(path), "--per-school", str(folder))
    assert mode(path) == 0o600
    openpyxl.load_workbook(path)
    assert mode(folder) == 0o700
    files = list(folder.iterdir())
    assert files and len(files) == len(doc["per_school"]["files"])
    assert all(mode(f) == 0o600 for f in files)


# --- 6. one workbook per school --------------------------------------------------------


def test_per_school_workbooks_hold_only_their_school(run, ok, ab, tmp_path):
    folder = tmp_path / "schools"
    doc, book = report(run, ok, tmp_path / "r.xlsx", "--per-school", str(folder))
    ects = cli(run, ok, "ect", "list")
    with_rows = {r["School URN"] for name in DATA_SHEETS for r in rows(book[name])}
    expected_urns = sorted(with_rows | {e["school_urn"] for e in ects})
    assert "100004" not in expected_urns  # Empty Lane has nothing: no file
    files = {f["school_urn"]: Path(f["file"]) for f in doc["per_school"]["files"]}
    assert sorted(files) == expected_urns
    queue = {s["key"]: s["items"] for s in cli(run, ok, "todo")["sections"]}
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in files.values())

    totals: Counter = Counter()
    for urn, file in files.items():
        name, slug = SCHOOLS[urn]
        assert file.parent == folder
        assert file.name.startswith(f"{urn}-{slug}") and file.suffix == ".xlsx", file.name
        school = openpyxl.load_workbook(file)
        assert school.sheetnames == SHEETS
        assert urn in school["Summary"]["A1"].value and name in school["Summary"]["A1"].value
        for sheet in DATA_SHEETS:
            urns = [r["School URN"] for r in rows(school[sheet])]
            assert set(urns) <= {urn}, (file.name, sheet, set(urns))
            totals[sheet] += len(urns)
        mine = cli(run, ok, "checkpoints", "--term", TERM, "--school", urn)
        assert len(rows(school["Checkpoints due"])) == len(mine), urn
        counts = summary_counts(school)
        assert counts["checkpoints_this_term.overdue"] == sum(
            c["status"] == "overdue" for c in mine
        )
        assert counts["ects"] == sum(e["school_urn"] == urn for e in ects), urn
        for key, items in queue.items():  # the AB's own DfE files are not a school's
            assert counts[f"work_queue.{key}"] == sum(i["school_urn"] == urn for i in items)
    for sheet in ("Checkpoints due", "Overdue", "Entitlement"):
        assert totals[sheet] == book[sheet].max_row - 1, sheet


# --- 7. defaults and errors ------------------------------------------------------------


def term_holding(run, ok, today: str) -> str:
    """The term holding ``today``, or in a holiday the one just ended (calendar show)."""
    year = int(today[:4])
    terms = [t for y in (year - 1, year) for t in cli(run, ok, "calendar", "show", "--year", y)]
    return max((t for t in terms if t["starts_on"] <= today), key=lambda t: t["starts_on"])["term"]


@pytest.mark.parametrize(
    "today",
    [
        TODAY,  # autumn term
        "2026-12-25",  # Christmas holiday: the autumn term just ended
        "2026-08-10",  # summer holiday: the summer term
        "2027-02-16",  # spring term
        "2027-03-30",  # Easter holiday: the spring term
    ],
)
def test_without_term_the_term_holding_today(run, ok, ab, tmp_path, monkeypatch, today):
    monkeypatch.chdir(tmp_path)
    term = term_holding(run, ok, today)
    doc = cli(run, ok, "report", "termly", today=today)
    path = tmp_path / f"termly-report-{term}.xlsx"
    assert doc["term"] == term and Path(doc["file"]).name == path.name
    title = openpyxl.load_workbook(path)["Summary"]["A1"].value
    assert title == f"Termly report {term_words(term)}"


@pytest.mark.parametrize("term", ["2026-winter", "autumn", "2026", "26-autumn", "spring 2026x"])
def test_an_invalid_term_is_refused_and_nothing_written(run, refused, ab, tmp_path, term):
    out = tmp_path / "out"
    out.mkdir()
    result = run("report", "termly", "--term", term, "-o", str(out / "r.xlsx"))
    refused(result, "--term", term)
    assert list(out.iterdir()) == []


def test_an_output_folder_that_does_not_exist_is_refused(run, refused, ab, tmp_path, monkeypatch):
    ignored = []  # what Python would print as "Exception ignored in ... Traceback"
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    path = tmp_path / "missing" / "r.xlsx"
    result = run("report", "termly", "-o", str(path))
    line = refused(result, str(path))
    assert "folder" in line
    assert not path.parent.exists()
    del result
    gc.collect()  # the half-written workbook is cleaned up now, not in a later test
    assert [str(u.exc_value) for u in ignored] == []


def test_an_output_folder_that_does_not_exist_prints_no_traceback(ab, tmp_path):
    """As an officer runs it: a new process, whose stderr shows everything printed
    (including what Python prints while cleaning up half-written workbooks)."""
    path = tmp_path / "missing" / "r.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "ectrack", "report", "termly", "-o", str(path)],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr, done.stderr[:900]
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ") and str(path) in lines[0]


@pytest.mark.parametrize(
    ("given", "written"),
    [("report", "report.xlsx"), ("report.XLSX", "report.XLSX"), ("term.v2", "term.v2.xlsx")],
)
def test_xlsx_is_appended_when_missing(run, ok, ab, tmp_path, given, written):
    doc = cli(run, ok, "report", "termly", "-o", str(tmp_path / given))
    assert Path(doc["file"]) == tmp_path / written
    assert openpyxl.load_workbook(tmp_path / written).sheetnames == SHEETS
    if given != written:
        assert not (tmp_path / given).exists()


def test_human_output_names_the_file_and_the_counts(run, ok, ab, tmp_path):
    doc = cli(run, ok, "report", "termly", "-o", str(tmp_path / "json.xlsx"))
    result = ok(run("report", "termly", "-o", str(tmp_path / "r.xlsx")))
    assert result.stdout == ""
    said = result.stderr
    assert f"Wrote the Autumn 2026 report (as of 22 Nov 2026) to {tmp_path / 'r.xlsx'}" in said
    s = doc["summary"]
    assert f"{s['ects']} ECTs" in said
    assert f"{s['checkpoints_this_term']['overdue']} overdue," in said
    assert f"{s['overdue_any_term']} overdue in all" in said


# --- 8. the demo ends with the termly report -------------------------------------------


def test_demo_writes_the_termly_report_beside_its_database(run, ok, tmp_path):
    path = tmp_path / "demo" / "ectrack-demo.db"
    path.parent.mkdir()
    doc = json.loads(ok(run("--db", str(path), "demo", "--json")).stdout)
    written = cli(run, ok, "--db", str(path), "report", "termly", "-o", str(tmp_path / "x"))
    report_path = Path(doc["termly_report"])
    assert report_path == path.parent / f"ectrack-demo-report-{written['term']}.xlsx"
    assert mode(report_path) == 0o600
    book = openpyxl.load_workbook(report_path)
    assert book.sheetnames == SHEETS
    assert book["Summary"]["A1"].value == f"Termly report {term_words(written['term'])}"
    assert summary_counts(book) == flatten(written["summary"])
    assert {n: book[n].max_row - 1 for n in DATA_SHEETS} == written["sheets"]


def test_a_folder_as_output_gets_the_default_name_and_a_missing_one_is_refused(
    run, ok, refused, ab, tmp_path
):
    folder = tmp_path / "reports"
    folder.mkdir()
    ok(run("report", "termly", "--term", "2026-autumn", "-o", str(folder)))
    assert [p.name for p in folder.iterdir()] == ["termly-report-2026-autumn.xlsx"]
    missing = f"{tmp_path / 'nowhere'}/"
    refused(run("report", "termly", "-o", missing), "no folder", missing)
    assert not (tmp_path / "nowhere").exists()
    assert not (tmp_path / "nowhere.xlsx").exists()
