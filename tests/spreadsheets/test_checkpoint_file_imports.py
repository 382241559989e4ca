"""Importing each messy checkpoint file end to end: reviews and assessments are only
accepted when they are the checkpoint the ECT's schedule holds in that term, so each
test first registers the file's ECTs (through the command line) so that every row of
the file is genuinely due, then imports the file and reads what was stored.

The default calendar (see tests/cli/test_checkpoints.py for the dates worked by hand):
2024-spring starts Thu 2024-01-04, 2025-spring Mon 2025-01-06, 2025-autumn runs
2025-09-01 to Fri 2025-12-19, 2026-spring Mon 2026-01-05 to Fri 2026-03-27.
"""

# ruff: noqa: F811 - the tests/cli fixtures imported below are taken as arguments

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import pytest

# The end-to-end fixtures of tests/cli (run, ok, register with its two schools, db), used
# here too: imported by name, as arguments they redefine the import (hence F811 above).
from tests.cli.conftest import (  # noqa: F401
    SCHOOL_A,
    SCHOOL_B,
    TODAY,
    db,
    db_path,
    ok,
    register,
    run,
    schools,
)
from tests.fixtures.expected import FIXTURES
from tests.fixtures.make_school_files import make_all

CHECKPOINT_FILES = [f for f in FIXTURES if f["kind"] == "checkpoints"]

REVIEW = "progress_review"
FIRST = "first_formal_assessment"
FINAL = "final_formal_assessment"
INTERIM = "interim_assessment"

STANDARDS = ("ts1", "ts2", "ts3", "ts4", "ts5", "ts6", "ts7", "ts8", "pt2")
RECORD_COLUMNS = (
    "trn", "kind", "term", "held_on", "received_on", "on_track", "support_plan", "overall",
    *STANDARDS, "recommendation", "absence_half_days", "summary",
)  # fmt: skip


@dataclass(frozen=True)
class Ect:
    """One ECT a file names, and how their induction is set up so that the file's row
    is the checkpoint (``due``) their schedule holds in the row's term."""

    trn: str
    due: str
    start: str
    fte: str = "1.0"
    school: str = SCHOOL_A
    reduced_to: str | None = None  # ect update --reduced-to (FTE terms)
    released_on: str | None = None  # ect release --on (their last day)


# Every ECT is full time unless stated; a part-timer still has a review every term.
SETUP: dict[str, tuple[Ect, ...]] = {
    "checkpoints_autumn_return.xlsx": (
        # 2025-autumn is the first term of both: a progress review.
        Ect("0123456", REVIEW, start="2025-09-01"),
        Ect("2345678", REVIEW, start="2025-09-01", fte="0.8"),
        # 2025-spring, 2025-summer, 2025-autumn: 3.0 FTE terms, the end of part 1.
        Ect("3456789", FIRST, start="2025-01-06", school=SCHOOL_B),
        # Six full terms from 2024-spring: 6.0 FTE terms at the end of 2025-autumn.
        Ect("4567890", FINAL, start="2024-01-04", school=SCHOOL_B),
        # Leaves at Christmas, after a full term: an interim in place of the review.
        Ect("5678901", INTERIM, start="2025-09-01", released_on="2025-12-19"),
    ),
    "checkpoints_termly.ods": (
        # 2026-spring is their second term (1.0 or 0.5 FTE terms so far): a review.
        Ect("1122334", REVIEW, start="2025-09-01"),
        Ect("1122335", REVIEW, start="2025-09-01", fte="0.5"),
        # Starts with the spring term: their first term, covered in full, has a review.
        Ect("1122336", REVIEW, start="2026-01-05", school=SCHOOL_B),
    ),
    "checkpoints_2026_spring.xls": (
        Ect("0612345", REVIEW, start="2025-09-01"),
        Ect("2712345", REVIEW, start="2025-09-01", fte="0.6", school=SCHOOL_B),
        # Leaves this AB on the last day of 2026-spring, after two terms: an interim.
        Ect("2812346", INTERIM, start="2025-09-01", released_on="2026-03-27"),
    ),
    "checkpoints_really_xlsx.xls": (
        Ect("4455661", REVIEW, start="2025-09-01"),
        Ect("4455662", REVIEW, start="2025-09-01", fte="0.8"),
        Ect("4455663", REVIEW, start="2025-09-01", school=SCHOOL_B),
    ),
    "checkpoints_bom.csv": (
        Ect("5566771", REVIEW, start="2025-09-01"),
        Ect("5566772", REVIEW, start="2025-09-01", school=SCHOOL_B),
        # A reduced induction only shortens the total (SG 3.2-3.4): the first assessment
        # still comes at 3.0 FTE terms (2025-autumn from 2025-spring), the final at 4.0.
        Ect("5566773", FIRST, start="2025-01-06", reduced_to="4.0"),
    ),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("school-files")
    make_all(directory)
    return directory


# --- the ground truth, as ectrack should store it -----------------------------------------


def kind_meant(text: str) -> str:
    """The stored kind of a row's kind as written ("Progress Review", "first", "Interim")."""
    words = text.lower()
    if "review" in words:
        return REVIEW
    for prefix, kind in (("first", FIRST), ("final", FINAL), ("interim", INTERIM)):
        if words.startswith(prefix):
            return kind
    raise AssertionError(f"the ground truth has a kind the test does not know: {text!r}")


def term_meant(text: str) -> str:
    """A term as written, "Autumn 2025", by its name: "2025-autumn"."""
    season, year = text.split()
    return f"{year}-{season.lower()}"


def yes_no(value: str | None) -> int | None:
    return {"yes": 1, "no": 0, None: None}[value]


def word(value: str | None) -> str | None:
    """A judgement as stored: "Not yet meeting" is not_yet_meeting."""
    return value.lower().replace(" ", "_") if value is not None else None


def days(value) -> Decimal | None:
    """Days absent compared as exact numbers: 3, 3.0 and "3" are the same."""
    return Decimal(str(value)) if value is not None else None


def expected_record(values: dict[str, str]) -> dict:
    return {
        "trn": values["trn"],
        "kind": kind_meant(values["kind"]),
        "term": term_meant(values["term"]),
        "held_on": values["date"],
        "received_on": TODAY,  # the files have no 'received' column: --today
        "on_track": yes_no(values.get("on_track")),
        "support_plan": yes_no(values.get("support_plan")),
        "overall": word(values.get("overall")),
        **{s: word(values.get(s)) for s in STANDARDS},
        "recommendation": word(values.get("recommendation")),
        "absence_days": days(values.get("absence_days")),
        "summary": values.get("summary"),
    }


# --- the test -------------------------------------------------------------------------------


def set_up(run, ok, register, ects: tuple[Ect, ...]) -> None:
    for ect in ects:
        register(
            ect.trn,
            qts_date="2023-07-14",  # before every start date in the table
            school=ect.school,
            start=ect.start,
            fte=ect.fte,
        )
        if ect.reduced_to:
            ok(run("ect", "update", ect.trn, "--reduced-to", ect.reduced_to))
        if ect.released_on:
            ok(run("ect", "release", ect.trn, "--on", ect.released_on))


def import_json(run, ok, path, expected, errors_path) -> dict:
    sheet = ("--sheet", expected["sheet_option"]) if expected["sheet_option"] else ()
    result = run("--today", TODAY, "import", path, *sheet, "--json", "--errors", errors_path)
    assert result.exit_code == 0, f"exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
    return json.loads(ok(result).stdout)


def stored_records(db) -> list[dict]:
    rows = db.rows(f"SELECT {', '.join(RECORD_COLUMNS)} FROM checkpoint_records ORDER BY trn")
    return [  # stored in exact half days
        {**{k: v for k, v in r.items() if k != "absence_half_days"},
         "absence_days": None if r["absence_half_days"] is None
         else Decimal(r["absence_half_days"]) / 2}
        for r in rows
    ]  # fmt: skip


@pytest.mark.parametrize("expected", CHECKPOINT_FILES, ids=[f["file"] for f in CHECKPOINT_FILES])
def test_a_checkpoint_file_is_imported_when_every_row_is_due(
    files, tmp_path, run, ok, db, register, expected
):
    ects = SETUP[expected["file"]]
    rows = [values for _, values in expected["rows"]]
    wanted = sorted((expected_record(v) for v in rows), key=lambda r: r["trn"])

    # The set-up table and the ground truth agree: one ECT per row, the same checkpoint.
    assert sorted(e.trn for e in ects) == [r["trn"] for r in wanted]
    due = {e.trn: e.due for e in ects}
    assert {r["trn"]: r["kind"] for r in wanted} == due
    assert all(r["held_on"] < TODAY for r in wanted), "every return must be in the past"

    set_up(run, ok, register, ects)
    # Precondition, from ectrack's own schedule: each row is a checkpoint it expects.
    schedule = json.loads(ok(run("--today", TODAY, "checkpoints", "--json")).stdout)
    scheduled = {(c["trn"], c["term"], c["kind"]) for c in schedule}
    for r in wanted:
        assert (r["trn"], r["term"], r["kind"]) in scheduled, (
            f"set-up: {r['trn']} has no {r['kind']} in {r['term']}; their checkpoints: "
            f"{sorted((c['term'], c['kind']) for c in schedule if c['trn'] == r['trn'])}"
        )
    assert db.count("checkpoint_records") == 0

    path = files / expected["file"]
    first = import_json(run, ok, path, expected, tmp_path / "errors.xlsx")
    assert first["errors"] == []
    assert {
        k: first[k] for k in ("kind", "rows", "created", "updated", "unchanged", "rejected")
    } == {
        "kind": "checkpoints",
        "rows": len(rows),
        "created": len(rows),
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert first["written"] is True
    assert stored_records(db) == wanted

    before = db.snapshot()
    again = import_json(run, ok, path, expected, tmp_path / "errors-again.xlsx")
    assert {k: again[k] for k in ("created", "updated", "unchanged", "rejected")} == {
        "created": 0,
        "updated": 0,
        "unchanged": len(rows),
        "rejected": 0,
    }
    assert db.snapshot() == before
