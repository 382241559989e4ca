"""Killing ectrack at any moment never leaves half a change.

A real ``python -m ectrack`` process is killed with SIGKILL (no cleanup, no
rollback: what the OOM killer or a closed laptop lid does to a process) many
times, at different moments. After each kill the database is opened as the next
command would open it, and it must be sound (``integrity_check``,
``foreign_key_check``) and hold all of the command's change or none of it.

Every kill is aimed and then classified. The process is first frozen with
SIGSTOP; what it holds is read from /proc (its open files, and its POSIX locks in
/proc/locks: in WAL mode SQLite's write lock is byte 120 of the -shm file, the
checkpoint lock byte 121, a reader's snapshot one of bytes 123-127, and a
connection closing the database locks the database file itself); then it is
killed. So each kill is known to have landed before the database was opened,
while it was open, inside the write transaction, during a checkpoint or the
close, after the close, or after the process had finished. (Before the open and
after the close look alike from /proc; they differ in the database file: in WAL
mode only a checkpoint, after a commit, writes to it, and closing checkpoints.)

Delays are random; the seed is in every failure message, and
ECTRACK_RELIABILITY_SEED replays a run's choices (not its timing, which is the
machine's).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and Path("/proc/locks").exists()),
    reason="aims and classifies kills with SIGSTOP, /proc/PID/fd and /proc/locks (Linux)",
)

TODAY = "2026-11-22"
SEED = int(os.environ.get("ECTRACK_RELIABILITY_SEED") or random.SystemRandom().randrange(10**6))
ROWS = 4_000
SCHOOLS = [str(100_000 + i) for i in range(40)]
REGISTRATIONS = "registrations.xlsx"

# SQLite's WAL locks, as byte offsets of the -shm file; locks on the database file
# itself are at 2**30 and above.
WAL_WRITE_LOCK, WAL_CHECKPOINT_LOCK, WAL_READ_MARKS = 120, 121, range(123, 128)
DB_FILE_LOCKS = 2**30
WAL_HEADER = 32


def ectrack(db: Path, *args: object) -> list[str]:
    return [sys.executable, "-m", "ectrack", "--db", str(db), "--today", TODAY, *map(str, args)]


def run_ok(db: Path, *args: object) -> subprocess.CompletedProcess:
    done = subprocess.run(ectrack(db, *args), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (args, done.stderr)
    assert "Traceback" not in done.stderr, (args, done.stderr)
    return done


def copy_database(template: Path, target: Path) -> Path:
    """A private copy of a database that no process has open (no -wal, no -shm)."""
    assert not Path(f"{template}-wal").exists(), "the template was not closed cleanly"
    shutil.copyfile(template, target)
    return target


def remove_database(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


# --- seeing what a process is doing ----------------------------------------------------


def _process_state(pid: int) -> str:
    """The state letter of /proc/PID/stat (R, S, T, Z...); "gone" if there is none."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return "gone"


def _held_locks(pid: int) -> list[tuple[str, int, str]]:
    """(READ or WRITE, first byte, last byte) of every POSIX lock ``pid`` holds."""
    held = []
    with open("/proc/locks") as f:
        for line in f:
            fields = line.split()
            # "1: POSIX  ADVISORY  WRITE 4242 fe:00:2164328 120 120"; "->" marks a waiter
            if len(fields) < 8 or fields[1] != "POSIX" or fields[4] != str(pid):
                continue
            held.append((fields[3], int(fields[6]), fields[7]))
    return held


def _has_open(pid: int, db: Path) -> bool:
    target = str(db.resolve())
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                return True
        except OSError:
            continue
    return False


def file_stamp(db: Path) -> tuple[int, int]:
    st = db.stat()
    return st.st_mtime_ns, st.st_size


def phase(pid: int, db: Path, pristine: tuple[int, int]) -> str:
    """What process ``pid`` is doing to ``db``, from outside (``pristine``: the
    database file's ``file_stamp`` before the process started):

    - ``starting``: it has not opened the database;
    - ``open``: it has the database open, in no write transaction;
    - ``writing``: inside a write transaction (WAL write lock and a snapshot);
    - ``checkpointing``: copying the WAL into the database (after a commit);
    - ``closing``: closing the database (exclusive lock on the file, after a commit);
    - ``closed``: it has closed the database, and has not exited yet;
    - ``exited``: it has finished.
    """
    if _process_state(pid) in ("Z", "X", "gone"):
        return "exited"
    shm, db_file = set(), set()
    for kind, first, last in _held_locks(pid):
        if first >= DB_FILE_LOCKS:
            db_file.add(kind)
        elif last == str(first):
            shm.add((kind, first))
    if "WRITE" in db_file:
        return "closing"
    if ("WRITE", WAL_CHECKPOINT_LOCK) in shm:
        return "checkpointing"
    if ("WRITE", WAL_WRITE_LOCK) in shm and any(("READ", b) in shm for b in WAL_READ_MARKS):
        return "writing"
    if db_file or shm or _has_open(pid, db):
        return "open"
    return "starting" if file_stamp(db) == pristine else "closed"


def wal_bytes(db: Path) -> int:
    wal = Path(f"{db}-wal")
    try:
        return wal.stat().st_size
    except FileNotFoundError:
        return 0


#: What each aim waits for (given the phase and the database) before its delay
#: starts; "time" waits for nothing: its delay runs from the start.
AIMS = {
    "time": None,
    "open": lambda now, db: now != "starting",
    "writing": lambda now, db: now == "writing",
    # pages of the transaction reach the -wal file (beyond its 32-byte header):
    # spilled from the cache of a large one, or being committed
    "writing to the WAL": lambda now, db: now == "writing" and wal_bytes(db) > WAL_HEADER,
    "after commit": lambda now, db: now in ("checkpointing", "closing", "closed"),
}


@dataclass
class Kill:
    aim: str  # what the kill waited for: "time" (from the start) or a phase
    delay: float  # seconds slept after that
    phase: str  # what the process was doing when it was stopped
    at: float  # seconds from the start of the process to the stop
    returncode: int
    wal_bytes: int  # the -wal file the process left behind
    stderr: str

    def __str__(self) -> str:
        return (
            f"seed {SEED}: kill aimed at {self.aim!r} + {self.delay * 1000:.1f} ms landed "
            f"{self.at:.3f} s after the start, phase {self.phase!r}, exit code "
            f"{self.returncode}, {self.wal_bytes} bytes of WAL left"
        )


def _wait_until_stopped(pid: int) -> None:
    deadline = time.monotonic() + 10
    while _process_state(pid) not in ("T", "t", "Z", "X", "gone"):
        assert time.monotonic() < deadline, f"process {pid} did not stop"


def kill_once(
    command: list[str], db: Path, aim: str, delay: float, workdir: Path, pause: float = 0.0
) -> Kill:
    """Start ``command``; wait for ``aim`` (looking every ``pause`` seconds) and then
    ``delay`` seconds; freeze the process, see what it is doing, and SIGKILL it."""
    err_path = workdir / "stderr.txt"
    pristine = file_stamp(db)
    with open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
    try:
        reached = AIMS[aim]
        if reached is not None:
            deadline = time.monotonic() + 120
            while not reached(now := phase(proc.pid, db, pristine), db) and now != "exited":
                assert time.monotonic() < deadline, f"never reached {aim}"
                time.sleep(pause)
            time.sleep(delay)
        else:
            time.sleep(max(0.0, started + delay - time.perf_counter()))
        os.kill(proc.pid, signal.SIGSTOP)  # a zombie ignores it: then the phase is "exited"
        _wait_until_stopped(proc.pid)
        at = time.perf_counter() - started
        landed = phase(proc.pid, db, pristine)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    return Kill(
        aim, delay, landed, at, proc.returncode, wal_bytes(db), err_path.read_text(errors="replace")
    )


@dataclass
class Timeline:
    """When each phase was first and last seen in a run left to finish."""

    first: dict[str, float]
    last: dict[str, float]
    exited: float

    def span(self, name: str, default: float) -> float:
        if name not in self.first:
            return default
        return max(self.last[name] - self.first[name], default)


def watch(command: list[str], db: Path) -> Timeline:
    first: dict[str, float] = {}
    last: dict[str, float] = {}
    pristine = file_stamp(db)
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while (now := phase(proc.pid, db, pristine)) != "exited":
        t = time.perf_counter() - started
        first.setdefault(now, t)
        last[now] = t
    exited = time.perf_counter() - started
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode(errors="replace")
    return Timeline(first, last, exited)


def check_database(db: Path, kill: Kill) -> sqlite3.Connection:
    """Open ``db`` as the next command would (recovering the WAL) and check it is sound."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], str(kill)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], str(kill)
    return conn


def check_outcome(kill: Kill, state, none, done) -> str:
    """Every kill: all or nothing; and what the phase it landed in allows."""
    assert state in (none, done), f"{kill}: half a change\n{state}"
    outcome = "all" if state == done else "none"
    if kill.phase == "exited":
        assert kill.returncode == 0, f"{kill}: the command failed by itself\n{kill.stderr}"
        assert "Traceback" not in kill.stderr, f"{kill}\n{kill.stderr}"
        assert outcome == "all", f"{kill}: finished but not stored"
    else:
        assert kill.returncode == -signal.SIGKILL, f"{kill}\n{kill.stderr}"
    if kill.phase == "starting":
        assert outcome == "none", f"{kill}: stored before it opened the database"
    if kill.phase in ("checkpointing", "closing", "closed"):
        assert outcome == "all", f"{kill}: a checkpoint after the commit lost the change"
    return outcome


def report(title: str, kills: list[Kill], outcomes: list[str]) -> str:
    tally = Counter(zip((k.phase for k in kills), outcomes, strict=True))
    lines = [f"{title} (seed {SEED}): {len(kills)} kills"]
    for (where, outcome), n in sorted(tally.items()):
        lines.append(f"  landed {where:<13} -> {outcome:<4} x{n}")
    partial_possible = sum(k.phase in ("open", "writing") for k in kills)
    lines.append(
        f"  with the database open before the commit was known done (a partial state "
        f"possible): {partial_possible}"
    )
    wal_left = [k.wal_bytes for k in kills if k.phase == "writing"]
    if wal_left:
        lines.append(f"  WAL bytes left by kills inside the transaction: max {max(wal_left)}")
    text = "\n".join(lines)
    print(text)
    return text


# --- a registration file killed mid-import ---------------------------------------------


@dataclass
class Files:
    schools: Path
    registrations: Path
    trns: frozenset[str]
    staff: int  # distinct mentors and tutors the file names


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Files:
    """40 schools as a CSV; 4,000 registrations at them as an .xlsx (benchmarks/import_10k.py)."""
    from openpyxl import Workbook

    folder = tmp_path_factory.mktemp("crash-files")
    schools = folder / "schools.csv"
    with open(schools, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["URN", "School name"])
        writer.writerows([urn, f"School {urn}"] for urn in SCHOOLS)
    rng = random.Random(1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("ECTs")
    sheet.append(
        ["TRN", "First name", "Last name", "Date of birth", "QTS date", "URN",
         "Induction start date", "FTE", "Programme", "Mentor", "Mentor email",
         "Induction tutor", "Tutor email"]
    )  # fmt: skip
    trns, staff = set(), set()
    for trn in rng.sample(range(1_000_000, 9_999_999), ROWS):
        urn = rng.choice(SCHOOLS)
        mentor = f"Mentor {int(urn) % 7}"
        sheet.append(
            [
                trn,
                rng.choice(["Amy", "Bo", "Cy", "Dee"]),
                rng.choice(["Shah", "Li", "Khan"]),
                dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(3000)),
                dt.date(2025, 7, 18),
                int(urn),
                dt.date(2025, 9, 1),
                rng.choice([1, 1, 0.8]),
                rng.choice(["provider-led", "school-led"]),
                mentor,
                f"mentor@s{urn}.example",
                f"Tutor {urn}",
                f"tutor@s{urn}.example",
            ]
        )
        trns.add(str(trn))
        staff |= {("mentor", urn), ("tutor", urn)}
    registrations = folder / REGISTRATIONS
    book.save(registrations)
    return Files(schools, registrations, frozenset(trns), len(staff))


def import_state(conn: sqlite3.Connection, trns: frozenset[str]) -> dict[str, int]:
    counts = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("schools", "ects", "induction_periods", "staff", "audit_events")
    }
    counts["ects of the file"] = len(
        {trn for (trn,) in conn.execute("SELECT trn FROM ects")} & trns
    )
    counts["events of the import"] = conn.execute(
        "SELECT count(*) FROM audit_events WHERE command = ?", [f"import {REGISTRATIONS}"]
    ).fetchone()[0]
    return counts


def test_an_import_killed_at_any_moment_leaves_all_of_the_file_or_none(tmp_path, files):
    rng = random.Random(SEED)
    template = tmp_path / "template.db"
    run_ok(template, "import", files.schools)
    with closing(sqlite3.connect(template)) as conn:
        none = import_state(conn, files.trns)
    assert none["schools"] == len(SCHOOLS) and none["ects"] == 0

    # Left to finish: what "all" is, and when each phase comes.
    finished = copy_database(template, tmp_path / "finished.db")
    timeline = watch(ectrack(finished, "import", files.registrations), finished)
    with closing(sqlite3.connect(finished)) as conn:
        done = import_state(conn, files.trns)
    assert done == {
        **none,
        "ects": ROWS,
        "induction_periods": ROWS,
        "staff": files.staff,
        "audit_events": none["audit_events"] + 2 * ROWS + files.staff,
        "ects of the file": ROWS,
        "events of the import": 2 * ROWS + files.staff,
    }
    remove_database(finished)

    reading = max(timeline.first.get("writing", 0.0) - timeline.first.get("open", 0.0), 0.005)
    writing = timeline.span("writing", 0.01)
    plan = (
        [("time", rng.uniform(0.0, timeline.exited * 1.1)) for _ in range(5)]
        + [("open", rng.uniform(0.0, reading)) for _ in range(3)]
        + [("writing", rng.uniform(0.0, writing)) for _ in range(4)]
        + [("writing", rng.uniform(0.7, 1.0) * writing) for _ in range(2)]
        + [("writing to the WAL", 0.0) for _ in range(2)]
        + [("after commit", 0.0) for _ in range(2)]
    )
    rng.shuffle(plan)

    kills, outcomes, killed_writing = [], [], None
    for number, (aim, delay) in enumerate(plan):
        db = copy_database(template, tmp_path / f"kill-{number}.db")
        command = ectrack(db, "import", files.registrations)
        kill = kill_once(command, db, aim, delay, tmp_path, pause=0.0005)
        with closing(check_database(db, kill)) as conn:
            state = import_state(conn, files.trns)
        outcomes.append(check_outcome(kill, state, none, done))
        kills.append(kill)
        if kill.phase == "writing" and outcomes[-1] == "none" and killed_writing is None:
            killed_writing = db  # kept: the import is run again on it below
        else:
            remove_database(db)

    summary = report("import of 4,000 registrations", kills, outcomes)
    assert killed_writing is not None, f"no kill landed inside the write transaction\n{summary}"
    # The next command recovers: the same file imported again is stored whole.
    run_ok(killed_writing, "import", files.registrations)
    with closing(sqlite3.connect(killed_writing)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert import_state(conn, files.trns) == done, f"seed {SEED}"


# --- a decision killed mid-record ------------------------------------------------------

TRN = "1234567"
DECIDED_ON = "2026-08-03"
END_OF_INDUCTION = "2026-07-22"  # the pass closes the period there (its final term's end)


def decision_state(conn: sqlite3.Connection, setup_events: int):
    decisions = conn.execute(
        "SELECT outcome, decided_on, extension_tenths, override_reason FROM decisions "
        "WHERE trn = ? ORDER BY id",
        [TRN],
    ).fetchall()
    periods = conn.execute(
        "SELECT finished_on, outcome, closed_by FROM induction_periods WHERE trn = ? ORDER BY id",
        [TRN],
    ).fetchall()
    events = conn.execute(
        "SELECT entity, action, trn FROM audit_events WHERE id > ? ORDER BY id", [setup_events]
    ).fetchall()
    return decisions, periods, events


NO_DECISION = ([], [(None, None, None)], [])
PASSED = (
    [("pass", DECIDED_ON, None, None)],
    [(END_OF_INDUCTION, "pass", None)],
    [("induction_period", "update", TRN), ("decision", "create", TRN)],
)


def test_a_decision_killed_at_any_moment_is_recorded_whole_or_not_at_all(tmp_path):
    rng = random.Random(SEED + 1)
    template = tmp_path / "template.db"
    # Full time from Mon 2024-09-02: the final assessment is due in 2026-summer.
    run_ok(template, "school", "add", "100001", "--name", "Hillside Primary School")
    run_ok(
        template, "ect", "register", TRN, "--first-name", "Amy", "--last-name", "Shah",
        "--dob", "1998-04-02", "--qts-date", "2024-07-19", "--school", "100001",
        "--start", "2024-09-02",
    )  # fmt: skip
    run_ok(
        template, "assessment", "record", TRN, "--kind", "final", "--date", "2026-07-10",
        "--overall", "satisfactory", "--recommendation", "satisfactory",
        "--received", "2026-07-17",
    )  # fmt: skip
    with closing(sqlite3.connect(template)) as conn:
        setup_events = conn.execute("SELECT max(id) FROM audit_events").fetchone()[0]
        assert decision_state(conn, setup_events) == NO_DECISION
    decide = ("decision", "record", TRN, "--outcome", "pass", "--on", DECIDED_ON)

    finished = copy_database(template, tmp_path / "finished.db")
    timeline = watch(ectrack(finished, *decide), finished)
    with closing(sqlite3.connect(finished)) as conn:
        assert decision_state(conn, setup_events) == PASSED
    remove_database(finished)

    # The transaction lasts a few milliseconds of a process of a few hundred: most
    # kills wait until it has begun, then a random moment of it (or none at all).
    writing = timeline.span("writing", 0.002)
    plan = (
        [("time", rng.uniform(0.0, timeline.exited * 1.15)) for _ in range(7)]
        + [("open", rng.uniform(0.0, 0.003)) for _ in range(3)]
        + [("writing", 0.0) for _ in range(6)]
        + [("writing", rng.uniform(0.0, writing)) for _ in range(6)]
        + [("writing to the WAL", 0.0) for _ in range(3)]
        + [("after commit", 0.0) for _ in range(3)]
    )
    rng.shuffle(plan)

    kills, outcomes = [], []
    for number, (aim, delay) in enumerate(plan):
        db = copy_database(template, tmp_path / f"kill-{number}.db")
        kill = kill_once(ectrack(db, *decide), db, aim, delay, tmp_path)
        with closing(check_database(db, kill)) as conn:
            state = decision_state(conn, setup_events)
        outcomes.append(check_outcome(kill, state, NO_DECISION, PASSED))
        kills.append(kill)
        remove_database(db)

    summary = report("decision record (pass)", kills, outcomes)
    assert any(k.phase == "writing" for k in kills), (
        f"no kill landed inside the write transaction\n{summary}"
    )
