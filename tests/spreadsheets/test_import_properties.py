"""Whatever cells and headers a school's file holds, the import answers with a
result or a clear refusal, never a traceback, and a refused file writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ectrack.errors import EctrackError
from ectrack.operations.imports import import_file
from ectrack.store.audit import Author
from ectrack.store.db import connect, create_private_file, transaction
from ectrack.store.migrations import migrate

HEADER_TEXT = [
    "TRN",
    "First name",
    "Surname",
    "DOB",
    "QTS date",
    "URN",
    "Start date",
    "FTE",
    "Term",
    "Kind",
    "Date",
    "On track",
    "From",
    "To",
    "Days",
    "Name",
    "Programme",
]

cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(
        [
            "=1+1",
            "+44",
            "-",
            "@x",
            "\t",
            "RP 12/34567",
            "31/02/2025",
            "1e999999",
            "0.8",
            "80%",
            "yes",
            "n",
            "2025-autumn",
            "progress review",
            "sickness",
        ]
    ),
)
headers = st.lists(
    st.one_of(st.sampled_from(HEADER_TEXT), st.text(max_size=20)), min_size=1, max_size=12
)


def database(directory: Path):
    path = directory / "ab.db"
    create_private_file(path)
    conn = connect(path)
    migrate(conn, str(path))
    with transaction(conn):
        conn.execute("INSERT INTO schools (urn, name) VALUES ('100001', 'Hillside')")
    return conn


def snapshot(conn) -> list:
    tables = [
        "schools",
        "ects",
        "induction_periods",
        "staff",
        "audit_events",
        "absences",
        "checkpoint_records",
        "decisions",
    ]
    return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables]


def check(path: Path, directory: Path) -> None:
    conn = database(directory)
    before = snapshot(conn)
    try:
        result = import_file(conn, Author("prop", "import"), path, today=dt.date(2026, 11, 22))
    except EctrackError:
        assert snapshot(conn) == before  # a refused file writes nothing
    else:
        if not result.written:
            assert snapshot(conn) == before
    finally:
        conn.close()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=headers, rows=st.lists(st.lists(cells, max_size=12), max_size=6))
def test_any_xlsx_gets_an_answer(header, rows):
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        book = openpyxl.Workbook()
        sheet = book.active
        for row in [header, *rows]:
            sheet.append([_storable(v) for v in row])
        book.save(directory / "return.xlsx")
        check(directory / "return.xlsx", directory)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=headers,
    rows=st.lists(st.lists(st.text(max_size=20), max_size=12), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_csv_gets_an_answer(header, rows, delimiter):
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        path = directory / "return.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, delimiter=delimiter).writerows([header, *rows])
        check(path, directory)


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=2000), name=st.sampled_from(["r.xlsx", "r.xls", "r.ods", "r.csv"]))
def test_any_bytes_get_an_answer(data, name):
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        (directory / name).write_bytes(data)
        check(directory / name, directory)


def _storable(value):
    """openpyxl refuses control characters and non-finite floats; a school's Excel
    cannot hold them either."""
    if (isinstance(value, float) and value != value) or value in (float("inf"), float("-inf")):
        return str(value)
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    return value
