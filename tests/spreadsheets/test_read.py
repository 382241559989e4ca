"""Reading what schools send: formats by content, bad files refused with one line."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from ectrack.errors import FileRejected
from ectrack.spreadsheets.headers import header_key, locate_table, match_headers, table_rows
from ectrack.spreadsheets.read import open_workbook


def xlsx(path, sheets: dict[str, list[list]], hidden_columns=(), hidden_sheets=()):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for letter in hidden_columns:
            sheet.column_dimensions[letter].hidden = True
        if name in hidden_sheets:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


REGISTRATION = [
    ["Hillside Primary School: ECT registrations 2025/26"],
    ["Please complete one row per ECT"],
    [],
    ["Teacher Reference Number", "Forename", "Surname ", "DOB", "Induction start date"],
    [123456.0, " Amy ", "Shah", dt.date(1998, 4, 2), "01/09/2025"],
    [],
    ["RP 76/54321", "Bo", "Li", dt.datetime(1995, 2, 1), dt.date(2025, 9, 1)],
    [],
]


def test_an_xlsx_registration_with_a_title_above_the_header(tmp_path):
    workbook = open_workbook(xlsx(tmp_path / "return.xlsx", {"Sheet1": REGISTRATION}))
    assert workbook.format == "xlsx"
    sheet, header = locate_table(workbook)
    assert (header.kind, header.row_number) == ("ects", 4)
    assert header.column_of("last_name") == "Surname"
    rows = table_rows(sheet, header)
    assert [r.number for r in rows] == [5, 7]
    assert rows[0].values == {
        "trn": 123456.0,
        "first_name": "Amy",
        "last_name": "Shah",
        "date_of_birth": dt.date(1998, 4, 2),
        "start": "01/09/2025",
    }
    assert rows[0].cells[1] == " Amy "  # as sent, for the errors workbook


def test_the_data_sheet_is_found_past_a_notes_sheet_and_hidden_sheets_come_last(tmp_path):
    path = xlsx(
        tmp_path / "r.xlsx",
        {"Instructions": [["Fill in the ECTs sheet"]], "Old": REGISTRATION, "ECTs": REGISTRATION},
        hidden_sheets=("Old",),
    )
    sheet, _ = locate_table(open_workbook(path))
    assert sheet.name == "ECTs"


def test_a_named_sheet_is_used_and_a_missing_one_is_refused(tmp_path):
    path = xlsx(tmp_path / "r.xlsx", {"A": REGISTRATION, "B": REGISTRATION})
    sheet, _ = locate_table(open_workbook(path), sheet_name=" b ")
    assert sheet.name == "B"
    with pytest.raises(FileRejected, match="no sheet named 'C'; its sheets are: 'A', 'B'"):
        locate_table(open_workbook(path), sheet_name="C")


def test_a_hidden_old_trn_column_does_not_shadow_the_visible_one(tmp_path):
    rows = [["TRN", "TRN", "First name", "Last name"], ["9999999", "1234567", "Amy", "Shah"]]
    path = xlsx(tmp_path / "r.xlsx", {"S": rows}, hidden_columns=("A",))
    sheet, header = locate_table(open_workbook(path))
    assert sheet.hidden_columns == {0}
    assert table_rows(sheet, header)[0].values["trn"] == "1234567"


def test_a_field_only_in_a_hidden_column_is_still_read():
    assert match_headers(["TRN", "Surname"], "ects", hidden={0}) == {0: "trn", 1: "last_name"}


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [("utf-8", False, ","), ("utf-8", True, ","), ("cp1252", False, ","), ("utf-8", False, ";")],
)
def test_csv_in_the_encodings_schools_use(tmp_path, encoding, bom, delimiter):
    text = delimiter.join(["TRN", "First name", "Surname"]) + "\r\n"
    text += delimiter.join(["1234567", "Zoë", "Ó Briain £"]) + "\r\n"
    data = text.encode(encoding)
    path = tmp_path / "r.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    workbook = open_workbook(path)
    sheet, header = locate_table(workbook)
    assert workbook.format == "csv"
    assert table_rows(sheet, header)[0].values == {
        "trn": "1234567",
        "first_name": "Zoë",
        "last_name": "Ó Briain £",
    }


def test_format_comes_from_content_not_the_name(tmp_path):
    path = xlsx(tmp_path / "return.csv", {"S": REGISTRATION})  # an xlsx called .csv
    assert open_workbook(path).format == "xlsx"


def test_a_gias_extract_is_a_schools_table(tmp_path):
    header = [
        "URN",
        "LA (code)",
        "LA (name)",
        "EstablishmentNumber",
        "EstablishmentName",
        "TypeOfEstablishment (name)",
        "PhaseOfEducation (name)",
        "HeadFirstName",
        "HeadLastName",
        "Postcode",
    ]
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(
        (
            ",".join(header) + "\r\n100000,201,City of London,3614,"
            "The Aldgate School,Voluntary aided school,Primary,Alex,Brown,EC3A 5DE\r\n"
        ).encode("cp1252")
    )
    sheet, match = locate_table(open_workbook(path))
    assert match.kind == "schools"
    assert table_rows(sheet, match)[0].values == {
        "urn": "100000",
        "la_code": "201",
        "local_authority": "City of London",
        "establishment_number": "3614",
        "name": "The Aldgate School",
        "phase": "Primary",
        "head_first_name": "Alex",
        "head_last_name": "Brown",
    }


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04" + b"\x00" * 100, "damaged or incomplete"),
        (b"\x00\x01\x02binary junk" * 50, "not a spreadsheet"),
        (b"<html><body><table><tr><td>TRN</td></tr></table></body></html>", "web page"),
    ],
)
def test_files_that_are_not_readable_spreadsheets_are_refused(tmp_path, content, phrase):
    path = tmp_path / "return.xlsx"
    path.write_bytes(content)
    with pytest.raises(FileRejected, match=phrase) as caught:
        locate_table(open_workbook(path))
    assert caught.value.exit_code == 3
    assert "return.xlsx" in caught.value.message


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "return.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(FileRejected, match="a zip file, not a spreadsheet"):
        open_workbook(path)


def test_a_truncated_workbook_is_refused(tmp_path):
    whole = xlsx(tmp_path / "whole.xlsx", {"S": REGISTRATION}).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(FileRejected, match="damaged or incomplete"):
        open_workbook(path)


def test_a_decompression_bomb_is_refused_unread(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"0" * 1_000_000
            for _ in range(600):
                member.write(chunk)
    assert path.stat().st_size < 2_000_000
    with pytest.raises(FileRejected, match="far too large when unpacked"):
        open_workbook(path)


def test_a_password_protected_workbook_is_refused(tmp_path):
    # An encrypted xlsx is an OLE2 compound file holding EncryptionInfo and EncryptedPackage.
    body = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
    body += "EncryptedPackage".encode("utf-16-le")
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body)
    with pytest.raises(FileRejected, match="password-protected"):
        open_workbook(path)


def test_a_workbook_without_a_recognisable_header_says_what_it_needs(tmp_path):
    path = xlsx(tmp_path / "r.xlsx", {"S": [["Name", "Age"], ["Amy", 30]]})
    with pytest.raises(FileRejected) as caught:
        locate_table(open_workbook(path), kind="ects")
    assert caught.value.message == (
        "r.xlsx has no header row for ECT registrations in its first 30 rows; the header row "
        "needs columns such as TRN, First name, Last name (use an ectrack template, or --kind "
        "and --sheet)"
    )


def test_a_workbook_with_only_empty_sheets_is_empty(tmp_path):
    path = xlsx(tmp_path / "r.xlsx", {"S": []})
    with pytest.raises(FileRejected, match="is empty"):
        locate_table(open_workbook(path))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(FileRejected, match="does not exist"):
        open_workbook(tmp_path / "nope.xlsx")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Teacher Reference No.", "teacherreferenceno"),
        (" D.O.B ", "dob"),
        ("FTE %", "fte"),
        ("Mentor & tutor", "mentorandtutor"),
        (None, ""),
        (123, "123"),
    ],
)
def test_header_keys_ignore_case_spaces_and_punctuation(text, key):
    assert header_key(text) == key


def test_an_ods_workbook(tmp_path):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Returns">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>TRN</text:p>'
        '</table:table-cell><table:table-cell office:value-type="string"><text:p>Surname'
        "</text:p></table:table-cell></table:table-row>"
        '<table:table-row><table:table-cell office:value-type="string"><text:p>1234567'
        '</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>'
        "Shah</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    path = tmp_path / "return.ods"
    path.write_bytes(buffer.getvalue())
    workbook = open_workbook(path)
    sheet, header = locate_table(workbook)
    assert workbook.format == "ods"
    assert table_rows(sheet, header)[0].values == {"trn": "1234567", "last_name": "Shah"}
