"""Import of a 10,000-row registration workbook against its baseline.

The baseline reads the file with the same reader and inserts, with executemany,
the rows the import stores for it (one ECT and one induction period a row),
without validating anything or writing the audit log.

Targets (product design, "Performance"): under 3 s, and at most twice the time
of reading the same file with the same reader and inserting the same rows with
``executemany``, no validation. Run:  python benchmarks/import_10k.py [ROWS]
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
SCHOOLS = 400
HEADER = [
    "TRN",
    "First name",
    "Last name",
    "Date of birth",
    "QTS date",
    "URN",
    "Induction start date",
    "FTE",
    "Programme",
    "Mentor",
    "Mentor email",
    "Induction tutor",
    "Tutor email",
    "Email",
]


def make_workbook(path: Path) -> None:
    from openpyxl import Workbook

    rng = random.Random(1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("ECTs")
    sheet.append(HEADER)
    for trn in rng.sample(range(1_000_000, 9_999_999), ROWS):
        urn = 100_000 + rng.randrange(SCHOOLS)
        sheet.append(
            [
                trn,
                rng.choice(["Amy", "Bo", "Cy", "Dee"]),
                rng.choice(["Shah", "Li", "Khan"]),
                dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(3000)),
                dt.date(2025, 7, 18),
                urn,
                dt.date(2025, 9, 1),
                rng.choice([1, 1, 1, 0.8, 0.6]),
                rng.choice(["provider-led", "school-led"]),
                f"Mentor {urn % 7}",
                f"mentor{urn % 7}@s{urn}.example",
                f"Tutor {urn}",
                f"tutor@s{urn}.example",
                f"ect{trn}@mail.example",
            ]
        )
    book.save(path)


def fresh_database(path: Path):
    from ectrack.store.db import connect, create_private_file, transaction
    from ectrack.store.migrations import migrate

    create_private_file(path)
    conn = connect(path)
    migrate(conn, str(path))
    with transaction(conn):
        conn.executemany(
            "INSERT INTO schools (urn, name) VALUES (?, ?)",
            [(str(100_000 + i), f"School {i}") for i in range(SCHOOLS)],
        )
    return conn


def baseline(workbook: Path, db: Path) -> float:
    """Read with the same reader; insert the same rows with executemany: each row
    becomes what the import stores for it (an ECT and an induction period), with
    no validation, no staff and no audit events."""
    from ectrack.spreadsheets.headers import locate_table, table_rows
    from ectrack.spreadsheets.read import open_workbook

    conn = fresh_database(db)
    started = time.perf_counter()
    sheet, header = locate_table(open_workbook(workbook))
    rows = table_rows(sheet, header)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO ects (trn, first_name, last_name, date_of_birth, qts_date) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (
                str(int(r.values["trn"])),
                r.values["first_name"],
                r.values["last_name"],
                r.values["date_of_birth"].isoformat(),
                r.values["qts_date"].isoformat(),
            )
            for r in rows
        ],
    )
    conn.executemany(
        "INSERT INTO induction_periods (trn, school_urn, started_on, fte_percent, programme) "
        "VALUES (?, ?, ?, ?, 'provider_led')",
        [
            (
                str(int(r.values["trn"])),
                str(int(r.values["school_urn"])),
                r.values["start"].isoformat(),
                int(float(r.values["fte"]) * 100),
            )
            for r in rows
        ],
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def ectrack_import(workbook: Path, db: Path) -> float:
    from ectrack.operations.imports import import_file
    from ectrack.store.audit import Author

    conn = fresh_database(db)
    started = time.perf_counter()
    result = import_file(conn, Author("bench", "import"), workbook, today=dt.date(2026, 11, 22))
    elapsed = time.perf_counter() - started
    assert result.rejected == 0 and result.counts["created"] == ROWS, result.to_json()
    assert conn.execute("SELECT count(*) FROM ects").fetchone()[0] == ROWS
    conn.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        workbook = tmp / "registrations.xlsx"
        make_workbook(workbook)
        runs = 3
        base = statistics.median(baseline(workbook, tmp / f"b{i}.db") for i in range(runs))
        full = statistics.median(ectrack_import(workbook, tmp / f"i{i}.db") for i in range(runs))
        print(f"rows: {ROWS}, workbook: {workbook.stat().st_size // 1024} KB")
        print(f"baseline (read + executemany): {base:.2f} s")
        print(f"ectrack import:                {full:.2f} s  ({full / base:.1f}x baseline)")
        print(
            f"targets: under 3 s: {'met' if full < 3 else 'NOT met'}; "
            f"at most 2x baseline: {'met' if full <= 2 * base else 'NOT met'}"
        )
        sqlite3.connect(":memory:").close()


if __name__ == "__main__":
    main()
