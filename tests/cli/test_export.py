"""``ectrack export riab claims|actions`` end to end: the DfE bulk-upload CSVs.

Every file an export writes is checked by ``tests/reports/riab_rules.py`` (which
shares no code with ectrack) against the service's rules, with the teachers and
their periods read from the database by plain sqlite3 (``rules_lookup``). What each
row should hold is read from the database or ``ect show --json``, or worked by hand
from the default calendar (autumn 2025: 1 Sep to Fri 19 Dec; spring 2026: Mon 5 Jan
to Fri 27 Mar, Easter being 5 Apr).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sqlite3
import stat
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import Result

from tests.cli.conftest import ACTOR, SCHOOL_A, SCHOOL_B, TODAY
from tests.reports.riab_rules import lookup_from_db, problems

JSON_FIELDS = {"kind", "as_of", "files", "rows", "already_exported", "held_back", "fails"}


def read_rows(path: Path) -> list[dict]:
    """The data rows of an upload file (comment lines skipped)."""
    lines = [line for line in path.read_text("utf-8").splitlines(True) if line[:1] != "#"]
    return list(csv.DictReader(io.StringIO("".join(lines))))


@dataclass
class Exported:
    result: Result
    doc: dict | None  # the --json document
    files: list[Path]

    def rows(self) -> list[dict]:
        return [row for path in self.files for row in read_rows(path)]

    def trns(self) -> list[str]:
        return sorted(row["TRN"] for row in self.rows())


def csv_files(root: Path) -> dict[Path, tuple[int, int]]:
    return {p.resolve(): (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*.csv")}


@pytest.fixture(autouse=True)
def out(tmp_path, monkeypatch) -> Path:
    """Every test exports from an empty folder of its own, where default files land."""
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def rules_lookup(db, tmp_path: Path):
    """riab_rules' teachers and stays, read from the database file by plain sqlite3; on a
    server, from a scratch file holding the two tables it reads, copied row by row."""
    if not db.on_server:
        return lookup_from_db(db.path)
    scratch = tmp_path / "rules-lookup.db"
    scratch.unlink(missing_ok=True)
    conn = sqlite3.connect(scratch)
    with conn:
        for table, columns in (
            ("ects", "trn, date_of_birth, qts_date"),
            ("induction_periods", "trn, started_on, finished_on, closed_by, outcome"),
        ):
            conn.execute(f"CREATE TABLE {table} ({columns})")
            marks = ", ".join("?" * len(columns.split(", ")))
            conn.executemany(
                f"INSERT INTO {table} VALUES ({marks})", db.query(f"SELECT {columns} FROM {table}")
            )
    conn.close()
    return lookup_from_db(scratch)


@pytest.fixture
def export(run, ok, db, tmp_path):
    """Run ``export riab KIND``; check every file it wrote passes the service's rules
    (and that it wrote no file it did not report). ``as_json=False`` reads the files
    from the 'Wrote N KIND to FILE' lines instead."""

    def do(kind: str, *options: str, today: str = TODAY, as_json: bool = True) -> Exported:
        before = csv_files(tmp_path)
        result = ok(
            run("--today", today, "export", "riab", kind, *options, *(["--json"] * as_json))
        )
        if as_json:
            doc = json.loads(result.stdout)
            files = [Path(f["file"]) for f in doc["files"]]
        else:
            assert result.stdout == ""
            doc = None
            found = re.findall(rf"^Wrote \d+ {kind} to (.+)$", result.stderr, re.MULTILINE)
            files = [Path(f) for f in found]
        changed = {p for p, seen in csv_files(tmp_path).items() if before.get(p) != seen}
        assert changed == {p.resolve() for p in files}, (changed, files)
        lookup = rules_lookup(db, tmp_path)
        for path in files:
            found = problems(path, dt.date.fromisoformat(today), lookup)
            assert found == [], f"{path}:\n{path.read_text()}\n" + "\n".join(found)
        return Exported(result, doc, files)

    return do


def show(run, ok, trn: str, today: str = TODAY) -> dict:
    return json.loads(ok(run("--today", today, "ect", "show", trn, "--json")).stdout)


def shown_terms(run, ok, trn: str, periods: slice = slice(None), today: str = TODAY) -> str:
    """FTE terms of the ECT's periods that count (``ect show``), summed, 1 dp."""
    shown = show(run, ok, trn, today)["periods"][periods]
    total = sum((Decimal(str(p["fte_terms"])) for p in shown if p["counts"]), Decimal(0))
    return f"{total:.1f}"


def exported(db, kind: str | None = None) -> list[dict]:
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    return db.rows(f"SELECT * FROM riab_exports {where} ORDER BY kind, key", *params)


def held(db, trn: str) -> dict:
    return db.one("SELECT date_of_birth, qts_date FROM ects WHERE trn = ?", trn)


def assess(run, ok, trn: str, overall: str) -> None:
    recommendation = "satisfactory" if overall == "satisfactory" else "unsatisfactory"
    ok(
        run(
            "--today", "2026-07-17", "assessment", "record", trn, "--kind", "final",
            "--date", "2026-07-10", "--overall", overall, "--recommendation", recommendation,
            "--received", "2026-07-17",
        )
    )  # fmt: skip


@pytest.fixture
def finished(run, ok, register):
    """``finished(trn, "pass"|"fail")``: full time from Mon 2024-09-02 (a full six terms
    by summer 2026), the final assessment received Fri 2026-07-17, decided Mon
    2026-08-03; the period closes on the end of induction, Wed 2026-07-22."""

    def do(trn: str, outcome: str) -> str:
        register(trn, qts_date="2024-07-19", start="2024-09-02")
        assess(run, ok, trn, "satisfactory" if outcome == "pass" else "unsatisfactory")
        ok(
            run(
                "--today", "2026-08-03", "decision", "record", trn,
                "--outcome", outcome, "--on", "2026-08-03",
            )
        )  # fmt: skip
        return trn

    return do


# --- claims --------------------------------------------------------------------------


def test_claims_hold_every_ect_whose_induction_has_started(export, register, db):
    register("1234567")  # provider-led by default
    register("7654321", first_name="Ben", dob="1995-12-31", programme="school-led")
    register("1111111", start="2026-12-01")  # starts after TODAY
    done = export("claims")
    assert done.trns() == ["1234567", "7654321"]
    assert done.doc["rows"] == 2
    for row in done.rows():
        ect = held(db, row["TRN"])
        period = db.one("SELECT * FROM induction_periods WHERE trn = ?", row["TRN"])
        assert row == {
            "TRN": row["TRN"],
            "Date of birth": ect["date_of_birth"],
            "Induction programme": {"provider_led": "provider-led", "school_led": "school-led"}[
                period["programme"]
            ],
            "Induction period start date": period["started_on"],
        }
    programmes = {row["TRN"]: row["Induction programme"] for row in done.rows()}
    assert programmes == {"1234567": "provider-led", "7654321": "school-led"}

    # Not claimed before it starts (not even held back), then claimed once it has.
    assert export("claims", "-o", "again.csv").doc["held_back"] == []
    started = export("claims", today="2026-12-01")
    assert [(r["TRN"], r["Induction period start date"]) for r in started.rows()] == [
        ("1111111", "2026-12-01")
    ]
    assert started.doc["already_exported"] == 2


def test_a_move_between_the_abs_schools_is_one_claim_from_the_first_start(
    run, ok, export, register, db
):
    register("1234567")
    ok(run("ect", "move", "1234567", "--school", SCHOOL_B, "--on", "2026-01-05"))
    ok(run("ect", "change-fte", "1234567", "--fte", "0.8", "--on", "2026-04-20"))
    assert db.count("induction_periods") == 3
    (row,) = export("claims").rows()
    assert (row["TRN"], row["Induction period start date"]) == ("1234567", "2025-09-01")


def test_a_release_and_a_return_are_two_claims_in_two_files(
    run, ok, export, register, register_args, db
):
    register("1234567")
    register("7654321")
    ok(run("ect", "release", "1234567", "--on", "2026-03-31"))
    # Registering the TRN again is refused; 'ect move' resumes induction (README).
    assert run(*register_args("1234567", start="2026-04-20")).exit_code == 1
    ok(run("ect", "move", "1234567", "--school", SCHOOL_B, "--on", "2026-04-20"))
    starts = [
        r["started_on"]
        for r in db.rows(
            "SELECT started_on FROM induction_periods WHERE trn = ? ORDER BY started_on",
            "1234567",
        )
    ]
    assert starts == ["2025-09-01", "2026-04-20"]

    done = export("claims")
    assert [p.name for p in done.files] == [
        f"riab-claims-{TODAY}-1.csv",
        f"riab-claims-{TODAY}-2.csv",
    ]
    by_file = [
        [(r["TRN"], r["Induction period start date"]) for r in read_rows(p)] for p in done.files
    ]
    claims_of = [c for rows in by_file for c in rows if c[0] == "1234567"]
    assert sorted(claims_of) == [("1234567", s) for s in starts]
    assert ("1234567", starts[0]) in by_file[0]  # the earlier stay goes first
    assert ("1234567", starts[1]) in by_file[1]
    assert Counter(r["TRN"] for r in done.rows())["7654321"] == 1

    # The action for the first stay counts its terms only, not the return's.
    (action,) = export("actions").rows()
    assert (action["Induction period end date"], action["Outcome"]) == ("2026-03-31", "release")
    assert action["Number of terms"] == shown_terms(run, ok, "1234567", slice(0, 1)) == "2.0"


# --- actions ---------------------------------------------------------------------------


def test_a_release_after_a_move_counts_the_terms_of_the_whole_stay(run, ok, export, register, db):
    register("1234567")
    register("7654321")  # still in induction: no action
    ok(run("ect", "move", "1234567", "--school", SCHOOL_B, "--on", "2026-01-05"))
    ok(run("ect", "release", "1234567", "--on", "2026-03-31"))
    done = export("actions")
    (row,) = done.rows()
    assert row == {
        "TRN": "1234567",
        "Date of birth": held(db, "1234567")["date_of_birth"],
        "Induction period end date": "2026-03-31",
        # autumn 2025 at A and spring 2026 at B, both served in full at 1.0 FTE
        "Number of terms": shown_terms(run, ok, "1234567"),
        "Outcome": "release",
    }
    assert row["Number of terms"] == "2.0"
    assert export("actions", "-o", "again.csv").doc["files"] == []


def test_terms_recorded_at_release_add_to_the_periods_before_it(run, ok, export, register):
    register("1234567", fte="0.8")
    ok(run("ect", "change-fte", "1234567", "--fte", "1.0", "--on", "2026-01-05"))
    ok(run("ect", "release", "1234567", "--on", "2026-03-31", "--terms", "0.9"))
    (row,) = export("actions").rows()
    # autumn 2025 at 0.8 FTE (0.8), then the 0.9 the officer recorded at release
    assert row["Number of terms"] == shown_terms(run, ok, "1234567") == "1.7"


def test_a_release_is_not_an_action_before_its_last_day(run, ok, export, register):
    register("1234567")
    ok(run("ect", "release", "1234567", "--on", "2026-12-18"))
    assert export("actions").doc["files"] == []
    (row,) = export("actions", today="2026-12-18").rows()
    assert (row["TRN"], row["Induction period end date"]) == ("1234567", "2026-12-18")


def test_a_pass_is_an_action_with_the_terms_of_the_induction(run, ok, export, finished, db):
    finished("1234567", "pass")
    period = db.one("SELECT * FROM induction_periods WHERE trn = ?", "1234567")
    assert (period["outcome"], period["finished_on"]) == ("pass", "2026-07-22")
    (row,) = export("actions").rows()
    assert row == {
        "TRN": "1234567",
        "Date of birth": held(db, "1234567")["date_of_birth"],
        "Induction period end date": "2026-07-22",  # the end of induction
        "Number of terms": shown_terms(run, ok, "1234567"),
        "Outcome": "pass",
    }
    assert row["Number of terms"] == "6.0"  # six terms in full, 2024-autumn to 2026-summer


def fail_lines(result: Result, trn: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if f"FAIL for {trn}" in line]


def test_a_fail_is_listed_to_record_by_hand_until_its_notice_is_recorded(
    run, ok, export, finished, db
):
    finished("1234567", "fail")
    finished("7654321", "pass")
    terms = shown_terms(run, ok, "1234567")

    first = export("actions", as_json=False)
    assert first.trns() == ["7654321"]  # the fail is never in the CSV
    (line,) = fail_lines(first.result, "1234567")
    assert "ended 22 Jul 2026" in line and f"{terms} terms" in line
    assert "ectrack decision notify 1234567 --fail-notice-sent" in line

    # Without a notice date it is listed every time, with nothing new to write.
    for _ in range(2):
        again = export("actions")
        assert again.files == []
        (fail,) = again.doc["fails"]
        assert fail == {
            "trn": "1234567",
            "first_name": "Amy",
            "last_name": "Shah",
            "date_of_birth": held(db, "1234567")["date_of_birth"],
            "induction_period_end_date": "2026-07-22",
            "number_of_terms": float(terms),
            "outcome": "fail",
            "written_notice_sent_on": None,
            "appeal_allowed_on": None,
        }
        assert len(fail_lines(again.result, "1234567")) == 1
    assert exported(db, "fail") == []

    ok(
        run(
            "--today", "2026-08-04", "decision", "notify", "1234567",
            "--on", "2026-08-04", "--fail-notice-sent", "2026-08-04",
        )
    )  # fmt: skip
    noticed = export("actions")
    (fail,) = noticed.doc["fails"]
    assert fail["written_notice_sent_on"] == "2026-08-04"
    (line,) = fail_lines(noticed.result, "1234567")
    assert "written notice sent 4 Aug 2026" in line
    assert [r["trn"] for r in exported(db, "fail")] == ["1234567"]

    # Listed once with its notice: not again.
    done = export("actions", as_json=False)
    assert fail_lines(done.result, "1234567") == []
    assert export("actions").doc["fails"] == []


# --- remembering -----------------------------------------------------------------------


def test_what_was_exported_is_remembered_and_not_exported_again(export, register, db, out):
    register("1234567")
    register("7654321")
    first = export("claims", "-o", "first.csv")
    assert first.trns() == ["1234567", "7654321"]
    assert [(r["kind"], r["key"], r["trn"], r["exported_on"], r["file"]) for r in exported(db)] == [
        ("claim", "1234567|2025-09-01", "1234567", TODAY, "first.csv"),
        ("claim", "7654321|2025-09-01", "7654321", TODAY, "first.csv"),
    ]

    nothing = export("claims", "-o", "second.csv", as_json=False)
    assert nothing.files == [] and not (out / "second.csv").exists()
    assert "No new claims" in nothing.result.stderr
    doc = export("claims", "-o", "second.csv").doc
    assert (doc["files"], doc["rows"], doc["already_exported"]) == ([], 0, 2)

    register("1111111")
    third = export("claims", "-o", "third.csv")
    assert third.trns() == ["1111111"]
    assert third.doc["already_exported"] == 2
    assert {r["trn"]: r["file"] for r in exported(db)} == {
        "1234567": "first.csv",
        "7654321": "first.csv",
        "1111111": "third.csv",
    }

    everything = export("claims", "--all", "-o", "all.csv")
    assert everything.trns() == ["1111111", "1234567", "7654321"]
    assert len(exported(db, "claim")) == 3
    assert export("claims", "-o", "fourth.csv").doc["files"] == []


def test_an_export_is_audited(export, register, db):
    register("1234567")
    export("claims", "-o", "first.csv")
    export("claims", "-o", "nothing.csv")  # nothing new: nothing to audit
    (event,) = db.audit(entity="riab_export")
    assert (event["actor"], event["command"], event["action"]) == (ACTOR, "export riab", "create")
    assert event["after"]["kind"] == "claims"
    assert event["after"]["files"] == ["first.csv"]
    assert event["after"]["rows"] == 1


def test_a_second_export_on_the_same_day_keeps_the_first_file(
    run, refused, export, register, db, out
):
    """Exported rows are remembered as being in their file: a later export must not
    overwrite that file before the officer has uploaded it. It is refused, nothing
    is remembered, and another name works."""
    register("1234567")
    first = export("claims")
    assert first.trns() == ["1234567"]
    kept = first.files[0].read_text()
    register("7654321")
    before = db.snapshot()
    refused(run("export", "riab", "claims"), "already exists", "another name")
    assert first.files[0].read_text() == kept
    assert db.snapshot() == before
    assert [r["trn"] for r in exported(db, "claim")] == ["1234567"]
    assert export("claims", "-o", "second.csv").trns() == ["7654321"]
    for remembered in exported(db, "claim"):
        path = out / remembered["file"]
        assert path.exists(), remembered
        assert remembered["trn"] in [r["TRN"] for r in read_rows(path)], (
            f"{remembered['trn']} is remembered as exported in {path.name}, which now holds:\n"
            + path.read_text()
        )


# --- splitting -------------------------------------------------------------------------


def insert_ects(db, trns: list[str]) -> None:
    """ECTs and their open periods written straight into the tables (``schools`` holds
    SCHOOL_A and SCHOOL_B): three start dates, both programmes, both schools."""
    starts = ("2024-09-02", "2025-09-01", "2026-01-05")
    db.executemany(
        "INSERT INTO ects (trn, first_name, last_name, date_of_birth, qts_date) "
        "VALUES (?, ?, ?, ?, ?)",
        [(trn, "Test", f"Ect{n}", "1999-03-15", "2024-07-19") for n, trn in enumerate(trns)],
    )
    db.executemany(
        "INSERT INTO induction_periods (trn, school_urn, started_on, fte_percent, programme) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (
                trn,
                (SCHOOL_A, SCHOOL_B)[n % 2],
                starts[n % 3],
                100,
                ("provider_led", "school_led")[n % 5 == 0],
            )
            for n, trn in enumerate(trns)
        ],
    )


def test_over_1000_claims_are_split_into_numbered_files(export, register, db):
    register("1234567")
    insert_ects(db, [str(3_000_000 + n) for n in range(1205)])
    everyone = {r["trn"] for r in db.rows("SELECT trn FROM ects")}
    assert len(everyone) == 1206

    done = export("claims")
    assert [p.name for p in done.files] == [
        f"riab-claims-{TODAY}-1.csv",
        f"riab-claims-{TODAY}-2.csv",
    ]
    per_file = [read_rows(p) for p in done.files]
    assert all(len(rows) <= 1000 for rows in per_file)
    counts = Counter(r["TRN"] for rows in per_file for r in rows)
    assert set(counts) == everyone
    assert set(counts.values()) == {1}
    assert done.doc["rows"] == 1206
    assert [f["rows"] for f in done.doc["files"]] == [len(rows) for rows in per_file]
    assert len(exported(db, "claim")) == 1206
    assert export("claims", "-o", "again.csv").doc["files"] == []


# --- output paths ----------------------------------------------------------------------


def test_the_default_file_is_named_for_the_kind_and_day_in_the_current_folder(
    run, ok, export, register, out
):
    register("1234567")
    register("7654321")
    ok(run("ect", "release", "7654321", "--on", "2026-03-31"))
    assert export("claims").files == [Path(f"riab-claims-{TODAY}.csv")]
    assert export("actions").files == [Path(f"riab-actions-{TODAY}.csv")]
    assert (out / f"riab-claims-{TODAY}.csv").is_file()
    assert (out / f"riab-actions-{TODAY}.csv").is_file()
    register("1111111", start="2026-12-01")
    later = export("claims", today="2026-12-01", as_json=False)
    assert later.files == [Path("riab-claims-2026-12-01.csv")]


@pytest.mark.parametrize("folder", ["exports", "exports/"])
def test_an_output_folder_gets_the_default_name(export, register, out, folder):
    (out / "exports").mkdir()
    register("1234567")
    done = export("claims", "-o", folder)
    assert [p.resolve() for p in done.files] == [out / "exports" / f"riab-claims-{TODAY}.csv"]


def test_an_output_without_csv_gets_it(export, register, out):
    register("1234567")
    assert export("claims", "-o", "upload").files == [Path("upload.csv")]


def test_every_file_is_owner_only(run, ok, export, register, db, out):
    register("1234567")
    ok(run("ect", "release", "1234567", "--on", "2026-03-31"))
    insert_ects(db, [str(3_000_000 + n) for n in range(1001)])
    files = export("claims").files + export("actions", "-o", "actions.csv").files
    assert len(files) == 3
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_unknown_kind_is_refused_in_one_line(run, refused, db, register, tmp_path):
    register("1234567")
    before = db.snapshot()
    line = refused(run("export", "riab", "claim"), "'claim'", "claims or actions")
    assert "KIND" in line
    assert db.snapshot() == before
    assert exported(db) == []
    assert csv_files(tmp_path) == {}


@pytest.mark.parametrize("target", ["missing/claims.csv", "missing/", "missing/deeper/"])
def test_an_output_folder_that_does_not_exist_is_refused(
    run, refused, db, register, tmp_path, target
):
    register("1234567")
    before = db.snapshot()
    line = refused(run("export", "riab", "claims", "-o", target), "missing", "folder")
    assert "Traceback" not in line
    assert exported(db) == []
    assert db.snapshot() == before  # not audited either
    assert csv_files(tmp_path) == {}


# --- held back -------------------------------------------------------------------------


def test_a_claim_the_service_would_refuse_is_held_back_and_not_remembered(export, register, db):
    register("1234567")
    register("4444444", qts_date="2020-07-17", start="2020-09-01")  # before 2021-09-01
    # 100 on the day induction started (the CLI allows it); 105 today.
    register("8888888", dob="1921-06-01", qts_date="2021-07-01", start="2021-09-01")

    first = export("claims", as_json=False)
    assert first.trns() == ["1234567"]
    held_lines = [line for line in first.result.stderr.splitlines() if "Held back" in line]
    assert len(held_lines) == 2, first.result.stderr
    assert any("4444444" in line and "2021-09-01" in line for line in held_lines)
    assert any("8888888" in line and "18 to 100" in line for line in held_lines)
    assert [r["trn"] for r in exported(db)] == ["1234567"]

    # Held back again next time, with the reason, and still not written.
    again = export("claims", "-o", "again.csv")
    assert again.files == []
    by_trn = {h["trn"]: h for h in again.doc["held_back"]}
    assert set(by_trn) == {"4444444", "8888888"}
    assert "2021-09-01" in by_trn["4444444"]["problem"]
    assert by_trn["4444444"]["induction_period_start_date"] == "2020-09-01"
    assert "105" in by_trn["8888888"]["problem"]
    assert "Held back 4444444" in again.result.stderr
    assert [r["trn"] for r in exported(db)] == ["1234567"]
    assert again.doc["already_exported"] == 1


def test_an_action_ending_on_its_start_is_held_back(run, ok, export, register, db):
    register("1234567", start="2026-09-01")
    ok(run("ect", "release", "1234567", "--on", "2026-09-01"))
    for _ in range(2):
        done = export("actions", "-o", "actions.csv")
        assert done.files == []
        (item,) = done.doc["held_back"]
        assert item["trn"] == "1234567" and "not after its start" in item["problem"]
        assert "Held back 1234567" in done.result.stderr
    assert exported(db, "action") == []


# --- --json ----------------------------------------------------------------------------


def test_json_says_what_was_written(run, ok, export, register, finished):
    register("1234567")
    register("7654321")
    register("4444444", qts_date="2020-07-17", start="2020-09-01")
    ok(run("ect", "release", "7654321", "--on", "2026-03-31"))
    finished("5555555", "fail")
    for kind in ("claims", "actions"):
        doc = export(kind).doc
        assert set(doc) == JSON_FIELDS
        assert (doc["kind"], doc["as_of"]) == (kind, TODAY)
        assert doc["files"], doc
        for f in doc["files"]:
            assert set(f) == {"file", "rows", "bytes"}
            assert f["bytes"] == os.path.getsize(f["file"])
            assert f["rows"] == len(read_rows(Path(f["file"])))
        assert doc["rows"] == sum(f["rows"] for f in doc["files"])
        assert doc["already_exported"] == 0
    claims = export("claims", "--all", "-o", "all.csv").doc
    assert claims["already_exported"] == 0 and claims["rows"] == 3
    assert [h["trn"] for h in claims["held_back"]] == ["4444444"]
    assert claims["fails"] == []
    actions = export("actions", "-o", "again.csv").doc
    assert (actions["rows"], actions["already_exported"]) == (0, 1)
    assert [f["trn"] for f in actions["fails"]] == ["5555555"]
