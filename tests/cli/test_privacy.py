"""``ect export``, ``ect erase``, ``retention``, ``backup`` and ``doctor`` end to end:
keeping personal data lawfully and the database file sound.

Every test opens the database afterwards (the ``db`` fixture) to see what is really
stored: what a subject access export must hold is read from the tables, and what an
erasure must remove is searched for in every column of every table.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import ACTOR, SCHOOL_B, Db

# The ECT whose data is exported or erased, and another who must stay untouched.
TRN = "3141592"
FIRST, LAST, EMAIL = "Philippa", "Okonkwo-Baird", "philippa.ob@example.org"
OTHER = "2718281"
OTHER_FIRST, OTHER_LAST, OTHER_EMAIL = "Bartholomew", "Quenneville", "bq@example.net"
OTHER_MENTOR = "Rhiannon Delacroix"

#: The tables holding an ECT's own rows (each has a ``trn`` column).
ECT_TABLES = ("ects", "induction_periods", "checkpoint_records", "absences", "decisions")
ERASURE_REASON = "erasure request 2026-11-20"


# --- helpers ---------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def tables(db: Db) -> list[str]:
    if db.on_server:
        sql = (
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
    else:
        sql = (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    return [name for (name,) in db.query(sql)]


def columns(db: Db, table: str) -> list[tuple[str, str]]:
    """(name, declared type) of every column."""
    if db.on_server:
        return [
            (name, kind.upper())
            for name, kind in db.query(
                "SELECT column_name, data_type FROM information_schema.columns WHERE "
                "table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                table,
            )
        ]
    return [(row[1], row[2].upper()) for row in db.query(f"PRAGMA table_info({table})")]


def everything(db: Db) -> dict[str, list[tuple]]:
    """Every row of every table in the database, sorted."""
    return {t: sorted(db.query(f"SELECT * FROM {t}"), key=repr) for t in tables(db)}


def mentions(db: Db, needle: str) -> list[tuple[str, str, object]]:
    """(table, column, value) of every stored value holding ``needle`` (any case), in
    every TEXT column of every table (and any column of no declared type)."""
    found = []
    for table in tables(db):
        for column, kind in columns(db, table):
            if kind not in ("TEXT", ""):
                continue
            found += [
                (table, column, value)
                for (value,) in db.query(
                    f"SELECT {column} FROM {table} WHERE instr(lower(CAST({column} AS TEXT)), "
                    "lower(?)) > 0",
                    needle,
                )
            ]
    return found


def rows_about(db: Db, trn: str) -> dict[str, list[tuple]]:
    """Every row of every table that has a ``trn`` column, for one ECT; and the audit
    events about them."""
    found = {}
    for table in tables(db):
        if "trn" in [c for c, _ in columns(db, table)]:
            found[table] = sorted(db.query(f"SELECT * FROM {table} WHERE trn = ?", trn), key=repr)
    found["audit_events_as_ect"] = db.query(
        "SELECT * FROM audit_events WHERE entity = 'ect' AND entity_id = ? ORDER BY id", trn
    )
    return found


def events_about(db, trn: str) -> int:
    return db.query(
        "SELECT count(*) FROM audit_events WHERE trn = ? OR (entity = 'ect' AND entity_id = ?)",
        trn,
        trn,
    )[0][0]


def verify(run) -> tuple[int, dict]:
    result = run("audit", "verify", "--json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def erase_events(db) -> list[dict]:
    return db.audit(entity="ect", entity_id="erased", action="delete")


# --- an induction with something in every table ------------------------------------------


@pytest.fixture
def history(run, ok, register, tmp_path, monkeypatch):
    """TRN: a mentor and a tutor, a progress review, an absence, a move to school B with
    a new mentor, a DfE claim exported, a fail decided with its notice sent and the
    fail listed by the actions export. OTHER: at school B with a mentor of their own."""
    monkeypatch.chdir(tmp_path)
    register(
        TRN,
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        mentor="Tom Reed",
        tutor="Jo Ellis",
        tutor_email="jo.ellis@hillside.example.org",
    )
    register(
        OTHER,
        first_name=OTHER_FIRST,
        last_name=OTHER_LAST,
        email=OTHER_EMAIL,
        school=SCHOOL_B,
        mentor=OTHER_MENTOR,
        dob="1997-01-30",
    )
    ok(
        run(
            "--today",
            "2025-12-12",
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
    ok(
        run(
            "ect",
            "absence",
            TRN,
            "--from",
            "2026-01-12",
            "--to",
            "2026-01-16",
            "--days",
            "5",
            "--kind",
            "sickness",
        )
    )
    ok(run("ect", "move", TRN, "--school", SCHOOL_B, "--on", "2026-04-20", "--mentor", "Sam Lee"))
    # a reduced induction of 3.0 terms ends with 2026-summer: a fail may follow (SG 4.8)
    ok(run("ect", "update", TRN, "--reduced-to", "3.0"))
    ok(run("export", "riab", "claims", "-o", tmp_path / "claims.csv"))
    ok(
        run(
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
            "final report lost; headteacher confirmed by phone",
        )
    )
    ok(
        run(
            "--today",
            "2026-11-20",
            "decision",
            "notify",
            TRN,
            "--on",
            "2026-11-20",
            "--fail-notice-sent",
            "2026-11-20",
        )
    )
    ok(run("export", "riab", "actions", "-o", tmp_path / "actions.csv"))
    return TRN


def test_the_history_fills_every_table_about_the_ect(db, history):
    """The set-up the export and erasure tests rely on: something in every table."""
    for table in (*ECT_TABLES, "riab_exports"):
        assert db.query(f"SELECT count(*) FROM {table} WHERE trn = ?", TRN)[0][0] >= 1, table
    assert {k for (k,) in db.query("SELECT kind FROM riab_exports WHERE trn = ?", TRN)} == {
        "claim",
        "fail",
    }
    assert db.query("SELECT count(*) FROM riab_exports WHERE trn = ?", OTHER)[0][0] >= 1


# --- ect export ------------------------------------------------------------------------


def test_export_holds_everything_about_the_person_and_nothing_about_another(
    run, ok, db, history, tmp_path
):
    path = tmp_path / "sar" / "subject-access.json"
    path.parent.mkdir()
    result = ok(run("ect", "export", TRN, "-o", path))
    assert mode(path) == 0o600
    text = path.read_text("utf-8")
    doc = json.loads(text)
    assert doc["trn"] == TRN

    for table in (*ECT_TABLES, "riab_exports"):
        stored = db.rows(f"SELECT * FROM {table} WHERE trn = ?", TRN)
        assert stored, table
        key = (lambda r: (r["kind"], r["key"])) if table == "riab_exports" else None
        assert sorted(doc["stored"][table], key=key or (lambda r: r.get("id", 0))) == sorted(
            stored, key=key or (lambda r: r.get("id", 0))
        ), table
    assert doc["stored"]["ects"][0]["email"] == EMAIL

    staff = db.rows(
        "SELECT id, school_urn, name, email, qts FROM staff WHERE id IN "
        "(SELECT mentor_id FROM induction_periods WHERE trn = ? "
        "UNION SELECT tutor_id FROM induction_periods WHERE trn = ?) ORDER BY id",
        TRN,
        TRN,
    )
    assert {s["name"] for s in staff} == {"Tom Reed", "Jo Ellis", "Sam Lee"}
    assert sorted(doc["mentors_and_tutors"], key=lambda s: s["id"]) == staff

    event_ids = [i for (i,) in db.query("SELECT id FROM audit_events WHERE trn = ?", TRN)]
    assert len(event_ids) >= 8
    assert [e["id"] for e in doc["audit_events"]] == sorted(event_ids)
    assert {e["trn"] for e in doc["audit_events"]} == {TRN}
    assert f"({len(event_ids)} audit events)" in result.stderr
    assert TRN in result.stderr and str(path) in result.stderr

    assert doc["induction"]["trn"] == TRN
    assert doc["induction"]["status"] == "failed"

    for other in (OTHER, OTHER_FIRST, OTHER_LAST, OTHER_EMAIL, OTHER_MENTOR):
        assert other.lower() not in text.lower(), other


def test_export_to_the_default_file_name(run, ok, history, tmp_path):
    ok(run("ect", "export", f"RP {TRN[:2]}/{TRN[2:]}"))
    path = tmp_path / f"ect-{TRN}.json"
    assert mode(path) == 0o600
    assert json.loads(path.read_text("utf-8"))["trn"] == TRN


def test_export_of_an_unknown_trn_is_refused_and_writes_no_file(run, refused, history, tmp_path):
    path = tmp_path / "nobody.json"
    refused(run("ect", "export", "9999999", "-o", path), "9999999")
    assert not path.exists()


def test_export_never_overwrites_a_file(run, refused, history, tmp_path):
    path = tmp_path / "earlier.json"
    path.write_text("an earlier request")
    refused(run("ect", "export", TRN, "-o", path), "already exists")
    assert path.read_text() == "an earlier request"


# --- ect erase -------------------------------------------------------------------------


def test_erase_removes_every_trace_and_keeps_the_log_verifiable(run, ok, db, history):
    about = events_about(db, TRN)
    assert about >= 8
    events_before = db.count("audit_events")
    other_before = rows_about(db, OTHER)
    assert other_before["ects"] and other_before["audit_events"]
    schools_before = db.rows("SELECT * FROM schools ORDER BY urn")

    result = ok(
        run("--as", "dpo.officer", "ect", "erase", TRN, "--reason", ERASURE_REASON, "--yes")
    )
    assert f"Erased {TRN}" in result.stderr
    assert f"{about} audit events emptied" in result.stderr

    for needle in (TRN, FIRST, LAST, EMAIL):
        assert mentions(db, needle) == [], needle
    assert mentions(db, OTHER_LAST)  # the search can see a name
    for table in (*ECT_TABLES, "riab_exports", "audit_events"):
        assert db.query(f"SELECT count(*) FROM {table} WHERE trn = ?", TRN)[0][0] == 0, table

    assert rows_about(db, OTHER) == other_before
    assert db.rows("SELECT * FROM schools ORDER BY urn") == schools_before

    code, report = verify(run)
    assert (code, report["intact"], report["problems"]) == (0, True, [])
    assert report["erased"] == about
    assert report["events"] == events_before + 1
    assert f"({about} erased on request)" in ok(run("audit", "verify")).stderr

    (event,) = erase_events(db)
    assert event["id"] == events_before + 1
    assert (event["actor"], event["command"], event["entity"], event["action"]) == (
        ACTOR if db.on_server else "dpo.officer",  # a server names its login, not --as
        "ect erase",
        "ect",
        "delete",
    )
    assert event["trn"] is None and event["erased"] == 0
    assert event["after"]["reason"] == ERASURE_REASON
    whole = json.dumps(event).lower()
    for needle in (TRN, FIRST, LAST, EMAIL):
        assert needle.lower() not in whole, needle

    refused_line = run("ect", "show", TRN)
    assert refused_line.exit_code == 1 and TRN in refused_line.stderr


@pytest.mark.sqlite_only  # the bytes left in the file and its -wal
def test_the_erased_data_is_not_left_in_the_database_file(run, ok, db_path, history):
    """Deleted rows must not linger in free space of the file (or its WAL)."""
    ok(run("ect", "erase", TRN, "--reason", ERASURE_REASON, "--yes"))
    for path in (db_path, Path(f"{db_path}-wal")):
        if path.exists():
            raw = path.read_bytes()
            for needle in (TRN, FIRST, LAST, EMAIL):
                assert needle.encode() not in raw, (path.name, needle)
    assert OTHER_LAST.encode() in db_path.read_bytes()  # the check can see a name


def test_two_erasures_still_verify(run, ok, db, history):
    about = events_about(db, TRN) + events_about(db, OTHER)
    ok(run("ect", "erase", TRN, "--reason", "erasure request A", "--yes"))
    ok(run("ect", "erase", OTHER, "--reason", "erasure request B", "--yes"))
    assert db.count("ects") == 0
    assert [e["after"]["reason"] for e in erase_events(db)] == [
        "erasure request A",
        "erasure request B",
    ]
    code, report = verify(run)
    assert (code, report["intact"], report["erased"]) == (0, True, about)
    ok(run("doctor"))


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["ect", "erase", TRN, "--reason", ERASURE_REASON], ("cannot be undone", "--yes")),
        (["ect", "erase", TRN, "--reason", "", "--yes"], ("--reason",)),
        (["ect", "erase", TRN, "--reason", "   ", "--yes"], ("--reason",)),
        (["ect", "erase", "9999999", "--reason", ERASURE_REASON, "--yes"], ("9999999",)),
    ],
    ids=["without --yes", "empty reason", "blank reason", "unknown TRN"],
)
def test_erase_refusals_change_nothing(db, history, refused_unchanged, args, fragments):
    riab = db.query("SELECT * FROM riab_exports ORDER BY kind, key")
    refused_unchanged(args, *fragments)  # and every record table as it was
    assert db.query("SELECT * FROM riab_exports ORDER BY kind, key") == riab


def test_erase_without_a_reason_is_a_usage_error(run, db, history, usage_error):
    before = db.snapshot()
    usage_error(run("ect", "erase", TRN, "--yes"), "--reason")
    assert db.snapshot() == before


# --- retention -------------------------------------------------------------------------

# (TRN, how induction ended, last day): released, passed or failed; or still open. A pass
# or fail closes the period on the end of induction: for these, a reduced induction (or
# part-time work) whose final term holds the day, and a release on it, put the end there.
ENDINGS = [
    ("1000001", "release", "2026-02-28"),  # a Saturday; ends before 2032's 29 February
    ("1000002", "release", "2026-03-31"),
    ("1000003", "pass", "2026-03-10"),
    ("1000004", "fail", "2026-02-27"),
    ("1000005", "release", "2028-02-29"),
    ("1000006", "pass", "2028-02-29"),
    ("1000007", "resumed", "2025-12-19"),  # released, then back with this AB: open
    ("1000008", "open", None),
]
KEPT_UNTIL = {
    "1000001": "2032-02-28",
    "1000002": "2032-03-31",
    "1000003": "2032-03-10",
    "1000004": "2032-02-27",
    "1000005": "2034-02-28",  # 29 February: six years on is the 28th
    "1000006": "2034-02-28",
}
OUTCOMES = {"1000003": "pass", "1000004": "fail", "1000006": "pass"}
# How each decided ECT completes induction in the term holding its day: 1.5 terms full
# time (1.0 in autumn, then spring to 10 Mar 0.8 / to 27 Feb 0.7: 1.5 reached), or 0.8
# FTE (5.6 after seven terms, spring 2028 to 29 Feb 41/69 x 0.8 = 0.5: 6.1).
COMPLETES = {"1000003": ("--reduced-to", "1.5"), "1000004": ("--reduced-to", "1.5")}


def _make_endings(run, ok, register) -> None:
    for trn, how, day in ENDINGS:
        fte = "0.8" if trn == "1000006" else "1.0"
        register(trn, first_name=f"First{trn}", last_name=f"Last{trn}", fte=fte)
        if how in ("release", "resumed"):
            ok(run("--today", max(day, "2026-11-22"), "ect", "release", trn, "--on", day))
        elif how in ("pass", "fail"):
            if trn in COMPLETES:
                ok(run("ect", "update", trn, *COMPLETES[trn]))
            ok(run("--today", day, "ect", "release", trn, "--on", day))
            ok(
                run(
                    "--today",
                    day,
                    "decision",
                    "record",
                    trn,
                    "--outcome",
                    how,
                    "--on",
                    day,
                    "--override",
                    "decided early for the test",
                )
            )
        if how == "resumed":
            ok(run("ect", "move", trn, "--school", SCHOOL_B, "--on", "2026-01-05"))


@pytest.fixture(scope="module")
def endings_cache(tmp_path_factory) -> Path:
    """Where the first test's ENDINGS database is kept for the others to copy."""
    return tmp_path_factory.mktemp("endings") / "ectrack.db"


@pytest.fixture
def endings(request, run, ok, db, db_path, endings_cache):
    """ECTs who started on 2025-09-01 and whose induction ended as ENDINGS says: made
    through the command line once (into a file by ``db copy``), then loaded for each test."""
    if endings_cache.exists():
        db.load(endings_cache)
    else:
        _make_endings(run, ok, request.getfixturevalue("register"))
        ok(run("db", "copy", db_path, endings_cache))
    return [trn for trn, _, _ in ENDINGS]


def test_the_endings_are_stored_as_intended(db, endings):
    for trn, how, day in ENDINGS:
        periods = db.rows(
            "SELECT finished_on, closed_by, outcome FROM induction_periods WHERE trn = ? "
            "ORDER BY started_on",
            trn,
        )
        if how in ("open", "resumed"):
            assert periods[-1]["finished_on"] is None, trn
        else:
            assert (periods[-1]["finished_on"], periods[-1]["outcome"]) == (
                day,
                OUTCOMES.get(trn),
            ), trn


# (--today, the TRNs listed): strictly more than six years after the end, no sooner.
RETENTION_CASES = [
    ("2031-06-01", []),
    ("2032-02-27", []),  # exactly six years after 2026-02-27
    ("2032-02-28", ["1000004"]),  # one day more for 2026-02-27; exactly six for 02-28
    ("2032-02-29", ["1000004", "1000001"]),  # 2026-02-28 + 6 years = 2032-02-28: past
    ("2032-03-01", ["1000004", "1000001"]),
    ("2032-03-10", ["1000004", "1000001"]),  # exactly six years after 2026-03-10
    ("2032-03-11", ["1000004", "1000001", "1000003"]),
    ("2032-03-31", ["1000004", "1000001", "1000003"]),  # exactly six years after 03-31
    ("2032-04-01", ["1000004", "1000001", "1000003", "1000002"]),
    ("2033-06-01", ["1000004", "1000001", "1000003", "1000002"]),
    ("2034-02-28", ["1000004", "1000001", "1000003", "1000002"]),  # 29 Feb 2028: kept
    ("2034-03-01", ["1000004", "1000001", "1000003", "1000002", "1000005", "1000006"]),
    ("2050-01-01", ["1000004", "1000001", "1000003", "1000002", "1000005", "1000006"]),
]


@pytest.mark.parametrize(("today", "listed"), RETENTION_CASES, ids=[c[0] for c in RETENTION_CASES])
def test_retention_lists_only_those_strictly_past_six_years(run, ok, db, endings, today, listed):
    before = db.snapshot()
    doc = json.loads(ok(run("--today", today, "retention", "--json")).stdout)
    assert doc["purged"] is False
    assert [r["trn"] for r in doc["ects"]] == listed
    ended = dict((trn, day) for trn, _, day in ENDINGS)
    for row in doc["ects"]:
        assert set(row) == {
            "trn",
            "first_name",
            "last_name",
            "induction_ended_on",
            "outcome",
            "kept_until",
        }
        trn = row["trn"]
        assert (row["first_name"], row["last_name"]) == (f"First{trn}", f"Last{trn}")
        assert row["induction_ended_on"] == ended[trn]
        assert row["outcome"] == OUTCOMES.get(trn)
        assert row["kept_until"] == KEPT_UNTIL[trn]
        assert row["kept_until"] < today
    assert db.snapshot() == before  # listing writes nothing


def test_retention_table(run, ok, endings):
    result = ok(run("--today", "2032-04-01", "retention"))
    assert "4 ECTs past the six-year retention period (as of 1 Apr 2032)" in result.stdout
    for trn in ("1000001", "1000002", "1000003", "1000004"):
        assert trn in result.stdout and f"Last{trn}" in result.stdout
    for trn in ("1000005", "1000006", "1000007", "1000008"):
        assert trn not in result.stdout
    assert "Released" in result.stdout and "Failed" in result.stdout
    assert "retention --purge" in result.stderr


def test_retention_purge_erases_exactly_those_listed(run, ok, db, endings):
    kept = ["1000005", "1000006", "1000007", "1000008"]
    purged = ["1000004", "1000001", "1000003", "1000002"]
    kept_before = {trn: rows_about(db, trn) for trn in kept}
    about = sum(events_about(db, trn) for trn in purged)
    events_before = db.count("audit_events")

    doc = json.loads(
        ok(
            run(
                "--as", "records.officer", "--today", "2032-04-01", "retention", "--purge", "--json"
            )
        ).stdout
    )
    assert doc["purged"] is True
    assert [r["trn"] for r in doc["ects"]] == purged

    for trn in purged:
        for needle in (trn, f"First{trn}", f"Last{trn}"):
            assert mentions(db, needle) == [], needle
    assert {trn: rows_about(db, trn) for trn in kept} == kept_before
    assert sorted(t for (t,) in db.query("SELECT trn FROM ects")) == kept

    code, report = verify(run)
    assert (code, report["intact"], report["erased"]) == (0, True, about)
    assert report["events"] == events_before + len(purged)
    events = erase_events(db)
    assert len(events) == len(purged)
    ended = dict((trn, day) for trn, _, day in ENDINGS)
    assert [e["after"]["reason"] for e in events] == [
        f"retention: induction ended {ended[trn]}" for trn in purged
    ]
    assert {e["actor"] for e in events} == {ACTOR if db.on_server else "records.officer"}
    assert {e["trn"] for e in events} == {None}

    again = json.loads(ok(run("--today", "2032-04-01", "retention", "--json")).stdout)
    assert again["ects"] == []
    ok(run("--today", "2032-04-01", "doctor"))


def test_retention_purge_in_words(run, ok, db, endings):
    result = ok(run("--today", "2032-03-11", "retention", "--purge"))
    assert "Erased 3 ECTs" in result.stderr
    assert db.count("ects") == len(ENDINGS) - 3


def test_retention_purge_with_nothing_past_changes_nothing(run, ok, db, endings):
    before = db.snapshot()
    doc = json.loads(ok(run("--today", "2031-06-01", "retention", "--purge", "--json")).stdout)
    assert doc == {"purged": True, "ects": []}
    assert db.snapshot() == before


# --- backup ----------------------------------------------------------------------------


@pytest.fixture
def filled(register, ok, run):
    register("1234567", mentor="Tom Reed")
    register("7654321", first_name="Ben", last_name="Cole", school=SCHOOL_B)
    ok(run("ect", "release", "7654321", "--on", "2026-03-31"))


def comparable(found: dict[str, list[tuple]], db: Db) -> dict[str, list[tuple]]:
    """``everything`` as a backup of ``db`` must hold it: a backup from a server is a
    new file, so not when its migrations were applied."""
    if not db.on_server:
        return found
    return {**found, "_sqlite_migrations": [r[:3] for r in found["_sqlite_migrations"]]}


def test_backup_is_a_private_sound_copy_usable_as_a_database(run, ok, db, filled, tmp_path):
    path = tmp_path / "backups" / "ectrack-2026-11-22.db"
    doc = json.loads(ok(run("backup", path, "--json")).stdout)
    assert doc == {
        "file": str(path),
        "ects": db.count("ects"),
        "audit_events": db.count("audit_events"),
        "bytes": path.stat().st_size,
    }
    assert doc["ects"] == 2
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700  # a folder it made for the copy
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    assert comparable(everything(Db(path)), db) == comparable(everything(db), db)

    original = json.loads(ok(run("ect", "list", "--json")).stdout)
    copied = json.loads(ok(run("--db", path, "ect", "list", "--json")).stdout)
    assert copied == original and len(copied) == 2
    assert ok(run("--db", path, "audit", "verify")).exit_code == 0


def test_backup_in_words(run, ok, db, filled, tmp_path):
    path = tmp_path / "b.db"
    result = ok(run("backup", path))
    assert f"Backed up 2 ECTs and {db.count('audit_events')} audit events to {path}" in (
        result.stderr
    )


def test_backup_never_replaces_an_existing_file(run, refused, db, filled, tmp_path):
    path = tmp_path / "precious.db"
    path.write_bytes(b"an earlier backup")
    os.chmod(path, 0o644)
    before = db.snapshot()
    refused(run("backup", path), str(path), "already exists")
    assert path.read_bytes() == b"an earlier backup"
    assert mode(path) == 0o644
    assert db.snapshot() == before


@pytest.mark.sqlite_only  # restoring is moving the file and its -wal and -shm
def test_restore_as_the_help_says(run, ok, db, db_path, filled, tmp_path):
    """Back up; change things; stop, move the file and its -wal and -shm away, copy the
    backup in its place: the changes are gone and doctor finds nothing."""
    path = tmp_path / "backup.db"
    ok(run("backup", path))
    saved = everything(db)
    ok(run("ect", "erase", "1234567", "--reason", "test", "--yes"))
    ok(run("school", "add", "100003", "--name", "Brook School"))
    assert everything(db) != saved

    help_text = ok(run("backup", "--help")).stdout
    assert "-wal" in help_text and "-shm" in help_text
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db_path}{suffix}").exists():
            shutil.move(f"{db_path}{suffix}", damaged / f"ectrack.db{suffix}")
    shutil.copy(path, db_path)

    assert everything(db) == saved
    listed = json.loads(ok(run("ect", "list", "--json")).stdout)
    assert sorted(r["trn"] for r in listed) == ["1234567", "7654321"]
    result = ok(run("doctor"))
    assert "no problems" in result.stderr
    assert verify(run)[0] == 0


WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE schools SET name = 'Renamed in a transaction' WHERE urn = '100001'")
print("locked", flush=True)
sys.stdin.readline()  # hold the write lock until the test says so
conn.execute("COMMIT")
conn.close()
"""

WRITER_ON_SERVER = """
import psycopg, sys
conn = psycopg.connect(sys.argv[1])  # not autocommit: the UPDATE opens a transaction
conn.execute("SET client_min_messages = warning")
conn.execute("UPDATE schools SET name = 'Renamed in a transaction' WHERE urn = '100001'")
print("locked", flush=True)
sys.stdin.readline()  # hold the transaction open until the test says so
conn.commit()
conn.close()
"""


def test_backup_while_another_process_holds_a_write_transaction(
    run, ok, db, db_path, filled, tmp_path
):
    """The copy is taken while another process is half-way through a write: it
    succeeds, and holds the database as it was before that write."""
    committed = everything(db)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER_ON_SERVER if db.on_server else WRITER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "locked"
        path = tmp_path / "during.db"
        result = run("backup", path, "--json")
        assert writer.poll() is None  # the lock was held throughout
    finally:
        writer.communicate("go\n", timeout=30)
    assert writer.returncode == 0
    doc = json.loads(ok(result).stdout)
    assert doc["ects"] == 2
    assert comparable(everything(Db(path)), db) == comparable(committed, db)
    assert db.query("SELECT name FROM schools WHERE urn = '100001'") == [
        ("Renamed in a transaction",)
    ]


# --- doctor ----------------------------------------------------------------------------


def doctor(run) -> tuple[int, dict]:
    result = run("doctor", "--json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def test_doctor_on_a_clean_database(run, ok, filled, db_path):
    result = ok(run("doctor"))
    assert f"{db_path}: no problems found" in result.stderr
    assert doctor(run) == (0, {"ok": True, "findings": []})


def _staff_event(db: Db) -> int:
    """The event that created 1234567's mentor: neither the first event nor the last."""
    where = "trn = '1234567' AND entity = 'staff'"
    return db.query(f"SELECT min(id) FROM audit_events WHERE {where}")[0][0]


# (case, what is done to the database, the check that must find it, words in the problem)
DOCTOR_CASES = [
    (
        "audit event edited",
        lambda db: db.execute(
            "UPDATE audit_events SET after = replace(after, 'Tom Reed', 'Tim Reed')"
        ),
        "audit",
        "event {staff} ",
    ),
    (
        "audit event deleted",
        lambda db: db.execute("DELETE FROM audit_events WHERE id = ?", _staff_event(db)),
        "audit",
        "event {staff} is missing",
    ),
    (
        "ECT with no induction period",
        lambda db: db.execute(
            "INSERT INTO ects (trn, first_name, last_name, date_of_birth, qts_date) "
            "VALUES ('5555555', 'Cara', 'Dunn', '1995-05-05', '2025-07-18')",
        ),
        "rules",
        "5555555 is registered with no induction period",
    ),
    (
        "overlapping periods",
        lambda db: db.execute(
            "INSERT INTO induction_periods (trn, school_urn, started_on, finished_on, "
            "fte_percent, programme, closed_by) VALUES ('1234567', '100002', '2025-10-01', "
            "'2025-12-01', 100, 'provider_led', 'move')",
        ),
        "rules",
        "1234567: induction periods",
    ),
    (
        "pass with no period carrying it",
        lambda db: db.execute(
            "INSERT INTO decisions (trn, outcome, decided_on) "
            "VALUES ('1234567', 'pass', '2026-11-20')",
        ),
        "rules",
        "1234567: a pass decision is recorded but no induction period carries the outcome",
    ),
]
#: The checks of the file itself, which doctor makes on SQLite alone (plain sqlite3
#: leaves foreign keys unchecked, as someone editing the file by hand would).
FILE_CASES = [
    ("permissions", lambda db: os.chmod(db.path, 0o644), "permissions", "mode 644"),
    (
        "foreign key violation",
        lambda db: db.execute(
            "INSERT INTO checkpoint_records (trn, kind, term, held_on, received_on, on_track) "
            "VALUES ('9999999', 'progress_review', '2025-autumn', '2025-12-10', "
            "'2025-12-10', 1)",
        ),
        "foreign_keys",
        "checkpoint_records",
    ),
]


def doctor_finds(run, db: Db, damage, check: str, words: str) -> None:
    assert doctor(run)[0] == 0
    staff = _staff_event(db)
    damage(db)
    words = words.format(staff=staff)

    code, report = doctor(run)
    assert code == 1
    assert report["ok"] is False
    assert report["findings"], report
    for finding in report["findings"]:
        assert set(finding) == {"check", "problem", "fix"}
        assert finding["problem"].strip() and finding["fix"].strip()
    assert {f["check"] for f in report["findings"]} == {check}, report
    assert any(words in f["problem"] for f in report["findings"]), report
    if check == "permissions":
        assert any(f"chmod 600 '{db.path}'" == f["fix"] for f in report["findings"]), report

    result = run("doctor")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert check in result.stdout and "What to do" in result.stdout


@pytest.mark.parametrize(
    ("damage", "check", "words"),
    [c[1:] for c in DOCTOR_CASES],
    ids=[c[0] for c in DOCTOR_CASES],
)
def test_doctor_finds_each_problem_with_a_fix(run, filled, db, damage, check, words):
    doctor_finds(run, db, damage, check, words)


@pytest.mark.sqlite_only  # doctor checks the file's mode and foreign keys on SQLite alone
@pytest.mark.parametrize(
    ("damage", "check", "words"),
    [c[1:] for c in FILE_CASES],
    ids=[c[0] for c in FILE_CASES],
)
def test_doctor_finds_each_file_problem_with_a_fix(run, filled, db, damage, check, words):
    doctor_finds(run, db, damage, check, words)


def test_doctor_overlap_names_both_periods(run, db, filled):
    open_id = db.query("SELECT id FROM induction_periods WHERE trn = '1234567'")[0][0]
    DOCTOR_CASES[3][1](db)
    closed_id = db.query("SELECT max(id) FROM induction_periods")[0][0]
    code, report = doctor(run)
    assert code == 1
    (finding,) = report["findings"]
    assert finding["problem"].startswith(f"1234567: induction periods {open_id} (100001) and ")
    assert finding["problem"].endswith(f"{closed_id} ({SCHOOL_B}) overlap")
    assert "ect show 1234567" in finding["fix"]


def test_doctor_runs_as_the_actor_without_writing(run, ok, db, filled):
    before = db.snapshot()
    ok(run("--as", ACTOR, "doctor"))
    assert db.snapshot() == before
