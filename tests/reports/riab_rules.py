"""An independent check of a DfE "Record inductions as an appropriate body" bulk-upload
CSV against every rule of ``riab-bulk-upload.md`` (claims or actions, told apart by
the header). It shares no code with ``ectrack.reports.riab``: a file ectrack writes
must pass it, and ``test_riab_rules.py`` proves it catches each broken rule.

``problems(path, today, lookup)`` lists every problem (empty: the service would take
the file). ``lookup`` is what the service itself would match rows against: each
teacher's date of birth and QTS date, and their induction periods with the AB
(``lookup_from_db`` reads them from an ectrack database with plain sqlite3).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CLAIMS_HEADER = ("TRN", "Date of birth", "Induction programme", "Induction period start date")
ACTIONS_HEADER = (
    "TRN",
    "Date of birth",
    "Induction period end date",
    "Number of terms",
    "Outcome",
)
#: The service returns rejected rows with this column; it may trail the others.
ERROR_COLUMN = "Error message"
MAX_BYTES = 100_000  # "under 100 KB", read strictly
MAX_ROWS = 1000
EARLIEST_START = dt.date(2021, 9, 1)
PROGRAMMES = {"provider-led", "school-led"}
OUTCOMES = {"pass", "release"}
MIN_AGE, MAX_AGE = 18, 100
MAX_TERMS = 16

_TRN = re.compile(r"[0-9]{7}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TERMS = re.compile(r"[0-9]+(\.[0-9])?")


@dataclass(frozen=True)
class Stay:
    """Consecutive induction periods with the AB, ended by a release or an outcome."""

    start: dt.date
    end: dt.date | None  # None while it goes on


@dataclass
class Lookup:
    #: TRN -> (date of birth, QTS date), as the database holds them
    teachers: Mapping[str, tuple[dt.date, dt.date]] = field(default_factory=dict)
    #: TRN -> the teacher's stays with the AB, oldest first
    stays: Mapping[str, Sequence[Stay]] = field(default_factory=dict)


def lookup_from_db(path: Path) -> Lookup:
    """Teachers and their stays, read straight from an ectrack database file. Periods
    joined by a move or an FTE change are one stay; a release or an outcome ends it."""
    conn = sqlite3.connect(path)
    try:
        teachers = {
            trn: (dt.date.fromisoformat(dob), dt.date.fromisoformat(qts))
            for trn, dob, qts in conn.execute("SELECT trn, date_of_birth, qts_date FROM ects")
        }
        stays: dict[str, list[Stay]] = {}
        start: dict[str, dt.date] = {}
        rows = conn.execute(
            "SELECT trn, started_on, finished_on, closed_by, outcome FROM induction_periods "
            "ORDER BY trn, started_on"
        )
        for trn, started_on, finished_on, closed_by, outcome in rows:
            start.setdefault(trn, dt.date.fromisoformat(started_on))
            if finished_on is None:
                stays.setdefault(trn, []).append(Stay(start.pop(trn), None))
            elif closed_by == "release" or outcome is not None:
                stays.setdefault(trn, []).append(
                    Stay(start.pop(trn), dt.date.fromisoformat(finished_on))
                )
    finally:
        conn.close()
    return Lookup(teachers, stays)


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _date(value: str, column: str, where: str, found: list[str]) -> dt.date | None:
    if not _DATE.fullmatch(value):
        found.append(f"{where}: {column} {value!r} is not a date written YYYY-MM-DD")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        found.append(f"{where}: {column} {value!r} is not a real date")
        return None


def _kind(header: list[str], found: list[str]) -> tuple[str, ...] | None:
    columns = header[:-1] if header and header[-1] == ERROR_COLUMN else header
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        found.append(f"header: column repeated: {', '.join(duplicated)}")
        return None
    for expected in (CLAIMS_HEADER, ACTIONS_HEADER):
        if set(columns) == set(expected):
            return expected
    closest = min(
        (CLAIMS_HEADER, ACTIONS_HEADER), key=lambda h: len(set(h).symmetric_difference(columns))
    )
    missing = [c for c in closest if c not in columns]
    unknown = [c for c in columns if c not in closest]
    found.append(
        f"header: not a claims or actions header: missing column {missing}, "
        f"unexpected column {unknown}"
    )
    return None


def _teacher(trn: str, born: dt.date | None, today, lookup: Lookup, where, found) -> None:
    if born is None:
        return
    age = age_on(born, today)
    if not MIN_AGE <= age <= MAX_AGE:
        found.append(f"{where}: date of birth {born} gives age {age}, not 18 to 100")
    held = lookup.teachers.get(trn)
    if held is None:
        found.append(f"{where}: TRN {trn} is not matched: no such teacher")
    elif held[0] != born:
        found.append(
            f"{where}: TRN {trn} is not matched: date of birth {born} is not the held {held[0]}"
        )


def _claim(row: dict, today: dt.date, lookup: Lookup, where: str, found: list[str]) -> None:
    trn = row["TRN"]
    programme = row["Induction programme"]
    if programme.lower() not in PROGRAMMES:
        found.append(f"{where}: Induction programme {programme!r} is not provider-led/school-led")
    start = _date(row["Induction period start date"], "start date", where, found)
    if start is None:
        return
    if start > today:
        found.append(f"{where}: start date {start} is in the future (today {today})")
    if start < EARLIEST_START:
        found.append(f"{where}: start date {start} is before 1 September 2021")
    held = lookup.teachers.get(trn)
    if held is not None and start < held[1]:
        found.append(f"{where}: start date {start} is before the QTS date {held[1]}")
    stays = lookup.stays.get(trn, ())
    for stay in stays:
        if stay.start < start and (stay.end is None or start <= stay.end):
            found.append(
                f"{where}: start date {start} overlaps the induction period from {stay.start}"
            )
    if not any(stay.start == start for stay in stays):
        found.append(f"{where}: no induction period of {trn} with the AB starts on {start}")


def _action(row: dict, today: dt.date, lookup: Lookup, where: str, found: list[str]) -> None:
    trn = row["TRN"]
    terms = row["Number of terms"]
    if not _TERMS.fullmatch(terms):
        found.append(
            f"{where}: Number of terms {terms!r} is not a number with at most one decimal place"
        )
    elif not 0 <= float(terms) <= MAX_TERMS:
        found.append(f"{where}: Number of terms {terms} is not 0 to 16")
    outcome = row["Outcome"]
    if outcome == "fail":
        found.append(f"{where}: Outcome 'fail' cannot be uploaded in bulk")
    elif outcome not in OUTCOMES:
        found.append(f"{where}: Outcome {outcome!r} is not pass or release")
    end = _date(row["Induction period end date"], "end date", where, found)
    if end is None:
        return
    if end > today:
        found.append(f"{where}: end date {end} is in the future (today {today})")
    stay = next((s for s in lookup.stays.get(trn, ()) if s.end == end), None)
    if stay is None:
        found.append(f"{where}: no induction period of {trn} with the AB ends on {end}")
    elif end <= stay.start:
        found.append(f"{where}: end date {end} is not after the period's start {stay.start}")


def problems(path: Path | str, today: dt.date, lookup: Lookup) -> list[str]:
    """Every rule of the bulk upload that the file at ``path`` breaks."""
    path = Path(path)
    found: list[str] = []
    if path.suffix.lower() != ".csv":
        found.append(f"file name {path.name!r} does not end .csv")
    data = path.read_bytes()
    if len(data) >= MAX_BYTES:
        found.append(f"file is {len(data)} bytes, not under 100 KB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return [*found, f"file is not UTF-8 ({e})"]
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    rows = list(csv.reader(io.StringIO("".join(lines))))
    if not rows:
        return [*found, "file is empty: no header"]
    header, data_rows = rows[0], rows[1:]
    columns = _kind(header, found)
    if columns is None:
        return found
    if len(data_rows) > MAX_ROWS:
        found.append(f"file has {len(data_rows)} data rows, more than 1,000")
    seen: dict[str, int] = {}
    for n, cells in enumerate(data_rows, start=1):
        where = f"row {n}"
        if len(cells) not in (len(header), len(header) - (header[-1] == ERROR_COLUMN)):
            found.append(f"{where}: has {len(cells)} cells, the header {len(header)}")
            continue
        row = dict(zip(header, cells, strict=False))
        trn = row["TRN"]
        if not _TRN.fullmatch(trn):
            found.append(f"{where}: TRN {trn!r} is not 7 digits")
        if trn in seen:
            found.append(f"{where}: duplicate TRN {trn} (also row {seen[trn]})")
        seen.setdefault(trn, n)
        born = _date(row["Date of birth"], "date of birth", where, found)
        _teacher(trn, born, today, lookup, where, found)
        if columns == CLAIMS_HEADER:
            _claim(row, today, lookup, where, found)
        else:
            _action(row, today, lookup, where, found)
    return found
