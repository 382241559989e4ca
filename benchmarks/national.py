"""A national-scale database, and the termly report made from it.

All of England: 60,000 ECTs in 20,000 schools, two cohorts (started last
September and this September), some part-time, with the returns schools have
sent so far (most on time, some late, some never). Rows are inserted directly
(``executemany``): the point is the size, not the registration path, which
benchmarks/import_10k.py measures.

Targets (product design, "Performance"): the termly report for the whole
country under 60 s in under 500 MB. Run:

    python benchmarks/national.py [--ects 60000] [--schools 20000] [--keep DB]

The report runs as its own process (``ectrack report termly``); its peak
memory is that process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 11, 22)
KINDS_ON_TIME = 0.8  # share of returns received by their due date
KINDS_LATE = 0.12  # received after it; the rest never came


def make_national_db(
    path: Path, ects: int, schools: int, today: dt.date = TODAY, *, entitlement: bool = True
) -> dict:
    """Write the database; return how many rows of each kind it holds. Without
    ``entitlement`` nothing of the ECTs' entitlement is recorded (a database from
    before ectrack kept it): every ECT in induction has gaps, the report's worst case."""
    from ectrack.models import CheckpointRecord
    from ectrack.store.db import connect, create_private_file, transaction
    from ectrack.store.induction import load_inductions, record_columns
    from ectrack.store.migrations import migrate

    rng = random.Random(2026)
    create_private_file(path)
    conn = connect(path)
    migrate(conn, str(path))
    urns = [str(100000 + i) for i in range(schools)]
    last_year, this_year = dt.date(today.year - 1, 9, 1), dt.date(today.year, 9, 1)
    with transaction(conn):
        conn.executemany(
            "INSERT INTO schools (urn, name, local_authority, special_measures) "
            "VALUES (?, ?, ?, ?)",
            [
                (urn, f"School {urn}", f"LA {int(urn) % 150}", int(rng.random() < 0.005))
                for urn in urns
            ],
        )
        # a mentor and an induction tutor at each school; a few QTS not yet confirmed
        conn.executemany(
            "INSERT INTO staff (id, school_urn, name, qts) VALUES (?, ?, ?, ?)",
            [
                (2 * i + role + 1, urn, f"{'Tutor' if role else 'Mentor'} {urn}", qts)
                for i, urn in enumerate(urns)
                for role in (0, 1)
                for qts in [None if rng.random() < 0.02 else 1]
            ],
        )
        trns = [str(t).zfill(7) for t in rng.sample(range(1_000_000, 9_999_999), ects)]
        conn.executemany(
            "INSERT INTO ects (trn, first_name, last_name, date_of_birth, qts_date) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (
                    trn,
                    rng.choice(["Amy", "Ben", "Chloe", "Dev", "Ella", "Finn"]),
                    rng.choice(["Shah", "Li", "Khan", "Jones", "Okafor", "Evans"]),
                    (dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(4000))).isoformat(),
                    dt.date(today.year - i % 2, 7, 18).isoformat(),  # the July before
                )
                for i, trn in enumerate(trns)
            ],
        )
        periods = []
        blank = (None,) * 8
        for i, trn in enumerate(trns):  # most of the entitlement confirmed, a few gaps
            school = rng.randrange(schools)
            programme = rng.choice(["provider_led", "provider_led", "school_led"])
            checked = programme == "school_led" and rng.random() < 0.85
            confirmed = (
                2 * school + 1,
                2 * school + 2,
                90 if rng.random() < 0.98 else None,
                95 if i % 2 and rng.random() < 0.97 else None,
                1 if rng.random() < 0.98 else None,
                (today - dt.timedelta(days=60)).isoformat() if checked else None,
                "met" if checked else None,
                (today + dt.timedelta(days=300)).isoformat() if checked else None,
            )
            periods.append(
                (
                    trn,
                    urns[school],
                    (last_year if i % 2 else this_year).isoformat(),
                    rng.choice([100, 100, 100, 100, 80, 60]),
                    programme,
                    *(confirmed if entitlement else blank),
                )
            )
        conn.executemany(
            "INSERT INTO induction_periods (trn, school_urn, started_on, fte_percent, programme, "
            "mentor_id, tutor_id, timetable_part1, timetable_part2, post_suitable, "
            "fidelity_checked_on, fidelity_result, fidelity_next_due) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            periods,
        )
    records = []
    for ind in load_inductions(conn, today):
        for c in ind.checkpoints:
            due = c.scheduled.due_on
            if due > today:
                break
            draw = rng.random()
            if draw > KINDS_ON_TIME + KINDS_LATE:
                continue  # never sent
            received = due - dt.timedelta(days=rng.randrange(1, 10))
            if draw > KINDS_ON_TIME:
                received = due + dt.timedelta(days=rng.randrange(1, 30))
            received = min(received, today)
            review = c.scheduled.kind == "progress_review"
            on_track = rng.random() > 0.05
            record = CheckpointRecord(
                0,
                ind.trn,
                c.scheduled.kind,
                c.scheduled.term.name,
                received - dt.timedelta(days=3),
                received,
                on_track=on_track if review else None,
                support_plan=(not on_track) if review else None,
                overall=None if review else "satisfactory",
                standards=None if review else {f"ts{i}": "meeting" for i in range(1, 9)},
                absence_days=rng.choice([0, 0, 0, 1, 2, 5]),
            )
            records.append(record_columns(record))
    from ectrack.store import search

    with transaction(conn):
        search.refresh(conn, "ects")  # as ectrack's own writes would have left them
        search.refresh(conn, "schools")
    with transaction(conn):
        names = list(records[0])
        conn.executemany(
            f"INSERT INTO checkpoint_records ({', '.join(names)}) "
            f"VALUES ({', '.join('?' * len(names))})",
            [list(r.values()) for r in records],
        )
    conn.close()
    return {"schools": schools, "ects": ects, "checkpoint_records": len(records)}


#: Runs a command and prints its wall time and peak RSS. It is started as a fresh,
#: small process: Linux charges a child the memory of the process it was forked from,
#: so a child forked straight from this (large) benchmark would report too much.
_LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def measure(command: list[str]) -> tuple[float, int]:
    """Wall time and peak resident memory (MB) of one ectrack process."""
    out = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command], check=True, capture_output=True, text=True
    ).stdout.split()
    seconds, kilobytes, code = float(out[0]), int(out[1]), int(out[2])
    if code != 0:
        raise subprocess.CalledProcessError(code, command)
    return seconds, kilobytes // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ects", type=int, default=60_000)
    parser.add_argument("--schools", type=int, default=20_000)
    parser.add_argument(
        "--without-entitlement",
        action="store_true",
        help="Record nothing of the ECTs' entitlement: every ECT has gaps (the worst case).",
    )
    parser.add_argument(
        "--keep", type=Path, help="Write the database here and keep it (reused if it exists)."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "national.db"
        if args.keep and args.keep.exists():
            print(f"reusing {db}")
        else:
            started = time.perf_counter()
            made = make_national_db(
                db, args.ects, args.schools, entitlement=not args.without_entitlement
            )
            print(f"generated {made} in {time.perf_counter() - started:.1f} s")
        report = Path(tmp) / "national-report.xlsx"
        ectrack = [sys.executable, "-m", "ectrack", "--db", str(db), "--today", str(TODAY)]
        seconds, megabytes = measure([*ectrack, "report", "termly", "-o", str(report)])
        size = report.stat().st_size // 1024
        print(f"report termly: {seconds:.1f} s, peak {megabytes} MB, workbook {size} KB")
        print(
            f"targets: under 60 s: {'met' if seconds < 60 else 'NOT met'}; "
            f"under 500 MB: {'met' if megabytes < 500 else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
