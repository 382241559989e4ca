"""Several ectrack processes at once on one database file lose nothing.

An AB officer runs an import while a colleague registers an ECT and a script
lists ECTs: each is a separate ``python -m ectrack`` process on the same SQLite
file (WAL mode, a busy timeout, ``BEGIN IMMEDIATE`` for every write). Writers
must wait for each other, never fail with "database is locked"; every row each
of them wrote must be there afterwards, exactly; and a reader working all the
while must never fail, and never see half of an import or an ECT without its
induction period.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

TODAY = "2026-11-22"
SCHOOLS = [str(100_000 + i) for i in range(40)]
ROWS_PER_FILE = 600
IMPORT_FILES = 4
NEW_SCHOOLS = [str(200_000 + i) for i in range(12)]
REGISTERED = [str(2_000_001 + i) for i in range(12)]
REVIEWED = [str(3_000_001 + i) for i in range(8)]
COMMAND_TIMEOUT = 180  # three times the busy timeout: a wait that long is a hang

REGISTRATION_HEADER = [
    "TRN", "First name", "Last name", "Date of birth", "QTS date", "URN",
    "Induction start date", "FTE", "Programme", "Mentor", "Mentor email",
    "Induction tutor", "Tutor email",
]  # fmt: skip
#: What no process may ever print.
FAILURES = ("database is locked", "Traceback", "Error", "locked", "busy")


def ectrack(db: Path, *args: object) -> list[str]:
    return [sys.executable, "-m", "ectrack", "--db", str(db), "--today", TODAY, *map(str, args)]


@dataclass
class Ran:
    worker: str
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def problem(self) -> str | None:
        if self.returncode != 0:
            return f"exit code {self.returncode}"
        found = [f for f in FAILURES if f.lower() in self.stderr.lower()]
        return f"stderr mentions {found}" if found else None

    def __str__(self) -> str:
        return (
            f"[{self.worker}] ectrack {' '.join(self.args)} -> exit {self.returncode} "
            f"after {self.seconds:.2f} s\n{self.stderr}"
        )


def run(db: Path, worker: str, *args: object) -> Ran:
    started = time.perf_counter()
    done = subprocess.run(
        ectrack(db, *args), capture_output=True, text=True, timeout=COMMAND_TIMEOUT
    )
    return Ran(
        worker,
        tuple(map(str, args)),
        done.returncode,
        done.stdout,
        done.stderr,
        time.perf_counter() - started,
    )


def run_ok(db: Path, *args: object) -> Ran:
    ran = run(db, "setup", *args)
    assert ran.problem() is None, str(ran)
    return ran


def registration_file(path: Path, trns, label: str, rng: random.Random) -> int:
    """A registration workbook for ``trns`` at the 40 schools; returns how many
    distinct mentors and tutors it names (each file names its own)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("ECTs")
    sheet.append(REGISTRATION_HEADER)
    staff = set()
    for trn in trns:
        urn = rng.choice(SCHOOLS)
        mentor, tutor = f"Mentor {label} {int(urn) % 5}", f"Tutor {label} {urn}"
        sheet.append(
            [
                int(trn), rng.choice(["Amy", "Bo", "Cy"]), rng.choice(["Shah", "Li", "Khan"]),
                dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(3000)),
                dt.date(2025, 7, 18), int(urn), dt.date(2025, 9, 1), 1, "provider-led",
                mentor, None, tutor, None,
            ]
        )  # fmt: skip
        staff |= {(urn, mentor), (urn, tutor)}
    book.save(path)
    return len(staff)


def schools_file(path: Path) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["URN", "School name"])
        writer.writerows([urn, f"School {urn}"] for urn in SCHOOLS)


def counts(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(db)) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("schools", "ects", "induction_periods", "staff", "checkpoint_records",
                      "audit_events")
        }  # fmt: skip


def register_args(trn: str, urn: str) -> tuple[str, ...]:
    return (
        "ect", "register", trn, "--first-name", "Sam", "--last-name", f"Reg{trn}",
        "--dob", "1997-03-04", "--qts-date", "2025-07-18", "--school", urn,
        "--start", "2025-09-01",
    )  # fmt: skip


def review_args(trn: str) -> tuple[str, ...]:
    return (
        "review", "record", trn, "--term", "2025-autumn", "--date", "2025-12-10",
        "--on-track", "yes",
    )  # fmt: skip


def test_importers_recorders_and_a_reader_at_once_lose_nothing(tmp_path):
    rng = random.Random(7)
    db = tmp_path / "ab.db"
    schools_file(tmp_path / "schools.csv")
    run_ok(db, "import", tmp_path / "schools.csv")
    registration_file(tmp_path / "reviewed.xlsx", REVIEWED, "R", rng)
    run_ok(db, "import", tmp_path / "reviewed.xlsx")
    before = counts(db)

    pool = rng.sample(range(4_000_000, 9_999_999), IMPORT_FILES * ROWS_PER_FILE)
    imports: dict[str, tuple[frozenset[str], int]] = {}  # file name -> (TRNs, staff)
    for k in range(IMPORT_FILES):
        trns = [str(t) for t in pool[k * ROWS_PER_FILE : (k + 1) * ROWS_PER_FILE]]
        name = f"registrations-{k}.xlsx"
        staff = registration_file(tmp_path / name, trns, str(k), rng)
        imports[name] = (frozenset(trns), staff)
    names = sorted(imports)

    workers: dict[str, list[tuple[str, ...]]] = {
        "import A": [("import", str(tmp_path / n)) for n in names[0::2]],
        "import B": [("import", str(tmp_path / n)) for n in names[1::2]],
        "school add": [
            ("school", "add", urn, "--name", f"New School {urn}", "--phase", "Primary")
            for urn in NEW_SCHOOLS
        ],
        "ect register": [register_args(trn, SCHOOLS[i]) for i, trn in enumerate(REGISTERED)],
        "review record": [review_args(trn) for trn in REVIEWED],
    }
    results: dict[str, list[Ran]] = {name: [] for name in [*workers, "reader"]}
    start = threading.Barrier(len(workers) + 1)
    writers_done = threading.Event()
    crashed: list[BaseException] = []

    def work(name: str, commands: list[tuple[str, ...]]) -> None:
        try:
            start.wait(timeout=60)
            for args in commands:
                results[name].append(run(db, name, *args))
        except BaseException as e:  # reported below, not lost in the thread
            crashed.append(e)

    def read() -> None:
        try:
            start.wait(timeout=60)
            while not writers_done.is_set() or len(results["reader"]) < 2:
                results["reader"].append(run(db, "reader", "ect", "list", "--json"))
        except BaseException as e:
            crashed.append(e)

    threads = [threading.Thread(target=work, args=item) for item in workers.items()]
    threads.append(threading.Thread(target=read))
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads[:-1]:
        t.join()
    writers_done.set()
    threads[-1].join()
    elapsed = time.perf_counter() - started
    assert not crashed, crashed

    # Every process succeeded, and none met a locked database.
    everything = [ran for ran_list in results.values() for ran in ran_list]
    problems = [f"{ran.problem()}: {ran}" for ran in everything if ran.problem()]
    assert not problems, "\n".join(problems)
    for name, commands in workers.items():
        assert len(results[name]) == len(commands), name

    # Every row each process wrote is there, exactly.
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        schools = {urn for (urn,) in conn.execute("SELECT urn FROM schools")}
        assert schools == set(SCHOOLS) | set(NEW_SCHOOLS)
        ects = {trn for (trn,) in conn.execute("SELECT trn FROM ects")}
        from_files = set().union(*(trns for trns, _ in imports.values()))
        assert ects == set(REVIEWED) | set(REGISTERED) | from_files
        periods = dict(conn.execute("SELECT trn, count(*) FROM induction_periods GROUP BY trn"))
        assert periods == dict.fromkeys(ects, 1)
        reviews = conn.execute(
            "SELECT trn, term, held_on, on_track FROM checkpoint_records "
            "WHERE kind = 'progress_review' ORDER BY trn"
        ).fetchall()
        assert reviews == [(trn, "2025-autumn", "2025-12-10", 1) for trn in REVIEWED]
        for name, (file_trns, staff) in imports.items():
            events = conn.execute(
                "SELECT count(*) FROM audit_events WHERE command = ?", [f"import {name}"]
            ).fetchone()[0]
            assert events == 2 * len(file_trns) + staff, name
        since = before["audit_events"]
        new_events = dict(
            conn.execute(
                "SELECT entity || ' ' || action, count(*) FROM audit_events "
                "WHERE id > ? AND command NOT LIKE 'import %' GROUP BY 1",
                [since],
            )
        )
        assert new_events == {
            "school create": len(NEW_SCHOOLS),
            "ect create": len(REGISTERED),
            "induction_period create": len(REGISTERED),
            "checkpoint_record create": len(REVIEWED),
        }
    imported_staff = sum(staff for _, staff in imports.values())
    assert counts(db) == {
        "schools": before["schools"] + len(NEW_SCHOOLS),
        "ects": before["ects"] + len(REGISTERED) + len(from_files),
        "induction_periods": before["induction_periods"] + len(REGISTERED) + len(from_files),
        "staff": before["staff"] + imported_staff,
        "checkpoint_records": before["checkpoint_records"] + len(REVIEWED),
        "audit_events": before["audit_events"]
        + 2 * len(from_files)
        + imported_staff
        + len(NEW_SCHOOLS)
        + 2 * len(REGISTERED)
        + len(REVIEWED),
    }

    slowest = max(everything, key=lambda ran: ran.seconds)
    print(
        f"{len(everything)} processes in {elapsed:.1f} s ({len(results['reader'])} listings); "
        f"slowest {slowest.seconds:.2f} s: [{slowest.worker}] {' '.join(slowest.args[:2])}"
    )

    # Last, so that a torn listing does not hide a lost row: the reader. Every listing
    # shows each import whole or not at all, never an ECT without its period, and
    # never loses what an earlier listing showed.
    seen: set[str] = set()
    for ran in results["reader"]:
        listed = json.loads(ran.stdout)
        trns = {row["trn"] for row in listed}
        assert len(trns) == len(listed), "an ECT listed twice"
        for name, (file_trns, _) in imports.items():
            shown = len(trns & file_trns)
            assert shown in (0, len(file_trns)), f"the reader saw {shown} rows of {name}"
        torn = [row for row in listed if not row["school_urn"] or not row["induction_started_on"]]
        assert not torn, f"listed without the induction period stored with it: {torn[:3]}"
        assert seen <= trns, f"ECTs listed earlier vanished: {sorted(seen - trns)[:5]}"
        seen = trns


def test_a_listing_is_one_snapshot_while_ects_are_being_registered(tmp_path):
    """``ect list`` reads the periods, the reviews and decisions, then the ECTs.
    An ECT registered with its period (one transaction) while it reads must be
    listed with its period, or not at all: the listing is one snapshot. Here the
    registrations come fast (another connection, with ectrack's own operation), so
    a commit lands between those reads in nearly every listing."""
    from ectrack.operations.ects import register_ect
    from ectrack.store.audit import Author
    from ectrack.store.db import connect, transaction

    db = tmp_path / "ab.db"
    schools_file(tmp_path / "schools.csv")
    run_ok(db, "import", tmp_path / "schools.csv")
    registration_file(tmp_path / "first.xlsx", REVIEWED, "F", random.Random(3))
    run_ok(db, "import", tmp_path / "first.xlsx")

    stop = threading.Event()
    registered: list[str] = []
    crashed: list[BaseException] = []

    def register_continuously() -> None:
        try:
            conn = connect(db)
            author = Author("officer.test", "ect register")
            while not stop.is_set():
                trn = str(5_000_000 + len(registered))
                with transaction(conn):
                    register_ect(
                        conn, author, trn=trn, first_name="Sam", last_name="Fast",
                        date_of_birth="1997-03-04", qts_date="2025-07-18",
                        school_urn=SCHOOLS[0], start="2025-09-01",
                    )  # fmt: skip
                registered.append(trn)
                time.sleep(0.002)
            conn.close()
        except BaseException as e:
            crashed.append(e)

    writer = threading.Thread(target=register_continuously)
    writer.start()
    try:
        listings = [run(db, "reader", "ect", "list", "--json") for _ in range(6)]
    finally:
        stop.set()
        writer.join()
    assert not crashed, crashed
    assert len(registered) > 100, "the writer hardly wrote: the test proves nothing"

    torn = []
    for ran in listings:
        assert ran.problem() is None, str(ran)
        listed = json.loads(ran.stdout)
        torn += [
            (row["trn"], row["status"], row["school_urn"])
            for row in listed
            if not row["school_urn"] or not row["induction_started_on"]
        ]
    assert not torn, (
        f"{len(torn)} ECTs listed without the period registered with them "
        f"(in {len(listings)} listings, {len(registered)} registrations): {torn[:5]}"
    )
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute(
            "SELECT count(*) FROM ects WHERE trn NOT IN (SELECT trn FROM induction_periods)"
        ).fetchone() == (0,)


@pytest.mark.parametrize("round_", range(3))
def test_processes_opening_a_new_database_at_once_create_it_once(tmp_path, round_):
    """The first commands on a new file race to create it and its tables."""
    db = tmp_path / "new" / "ab.db"
    urns = [str(110_000 + i) for i in range(6)]
    start = threading.Barrier(len(urns))
    results: list[Ran] = []

    def add(urn: str) -> None:
        start.wait(timeout=60)
        results.append(run(db, "school add", "school", "add", urn, "--name", f"School {urn}"))

    threads = [threading.Thread(target=add, args=(urn,)) for urn in urns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(results) == len(urns)
    created = [r for r in results if "Created a new ectrack database" in r.stderr]
    assert len(created) == 1, [r.stderr for r in results]
    problems = [f"{r.problem()}: {r}" for r in results if r.problem()]
    assert not problems, "\n".join(problems)
    from ectrack.store.migrations import MIGRATIONS

    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        applied = [name for (name,) in conn.execute("SELECT name FROM _sqlite_migrations")]
        assert sorted(applied) == sorted(fn.__name__ for fn in MIGRATIONS)
        schools = {urn for (urn,) in conn.execute("SELECT urn FROM schools")}
        assert schools == set(urns)
        assert conn.execute("SELECT count(*) FROM audit_events").fetchone()[0] == len(urns)
