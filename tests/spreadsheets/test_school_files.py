"""Every messy file in tests/fixtures is read as a careful person would read it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ectrack.cli import app
from ectrack.errors import FileRejected, InvalidValue
from ectrack.rules.eligibility import parse_fte
from ectrack.rules.identifiers import normalise_laestab, normalise_trn, normalise_urn
from ectrack.spreadsheets.headers import locate_table, table_rows
from ectrack.spreadsheets.read import open_workbook
from ectrack.values import parse_date, parse_yes_no
from tests.fixtures.expected import FIXTURES
from tests.fixtures.make_school_files import make_all

DATES = {"date_of_birth", "qts_date", "start", "date", "from", "to", "received"}
YES_NO = {"on_track", "support_plan", "extend"}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("school-files")
    make_all(directory)
    return directory


def as_meant(field: str, value: object, header: str) -> str:
    """A cell as the fixture's ground truth states it (see tests/fixtures/expected.py)."""
    if field == "trn":
        return normalise_trn(value)
    if field in ("urn", "school_urn"):
        return normalise_urn(value)
    if field == "laestab":
        return normalise_laestab(value)
    if field in DATES:
        return parse_date(value, field).isoformat()
    if field in YES_NO:
        return "yes" if parse_yes_no(value, field) else "no"
    if field == "fte":
        percent_header = "%" in header or "percent" in header.lower()
        if percent_header and isinstance(value, int | float) and value > 1:
            value = f"{value:g}%"
        elif percent_header and isinstance(value, str) and not value.endswith("%"):
            value = value + "%"
        return (
            f"{parse_fte(value) / 100:.2f}".rstrip("0").rstrip(".").ljust(3, "0")
            if parse_fte(value) % 100
            else "1.0"
        )
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).strip()


READABLE = [f for f in FIXTURES if f["kind"]]
REFUSED = [f for f in FIXTURES if not f["kind"]]


@pytest.mark.parametrize("expected", READABLE, ids=[f["file"] for f in READABLE])
def test_a_school_file_is_read_as_the_school_meant_it(files, expected):
    workbook = open_workbook(files / expected["file"])
    assert workbook.format == expected["format"]
    sheet, header = locate_table(workbook, sheet_name=expected["sheet_option"])
    assert header.kind == expected["kind"]
    if expected["sheet"]:
        assert sheet.name == expected["sheet"]
    assert header.row_number == expected["header_row"]
    for text, field in expected["columns"].items():
        assert header.column_of(field) == text.strip(), field
    rows = {r.number: r for r in table_rows(sheet, header)}
    assert sorted(rows) == [number for number, _ in expected["rows"]]
    bad = {tuple(cell) for cell in expected["bad_cells"]}
    for number, values in expected["rows"]:
        for field, meant in values.items():
            if field in expected["composed"]:
                continue
            got = rows[number].values[field]
            if (number, field) in bad:
                with pytest.raises(InvalidValue):
                    as_meant(field, got, header.column_of(field))
                continue
            assert as_meant(field, got, header.column_of(field)) == meant, (number, field)


@pytest.mark.parametrize("expected", REFUSED, ids=[f["file"] for f in REFUSED])
def test_a_file_that_cannot_be_taken_is_refused_in_one_line(files, expected):
    result = CliRunner().invoke(
        app,
        [
            "import",
            str(files / expected["file"]),
            "--dry-run",
            *(["--sheet", expected["sheet_option"]] if expected["sheet_option"] else []),
        ],
    )
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    lines = [
        line
        for line in result.stderr.splitlines()
        if line.strip() and not line.startswith("Created a new ectrack database")
    ]
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    assert expected["refusal"] in lines[0].lower()


def test_file_rejected_is_exit_code_3():
    assert FileRejected("x").exit_code == 3
