"""Broken, odd and hostile files through the real ``ectrack import FILE``.

Every file is made here, in memory, from a small valid registration return (two
ECTs at school 100001): cut short, corrupted, renamed, blown up, stretched to
Excel's limits. Whatever arrives, the command must

- answer with exit 1 or 3 (or 0 when the file can honestly be read),
- print no traceback, and at most a short line per problem on stderr,
- finish within ``TIMEOUT`` seconds (and, run as a process, within ``MEMORY_LIMIT``),
- write nothing unless it exited 0, and then only what the file really says.

Most files go through ``CliRunner`` in-process (the conftest's ``run``); the ones
that may hang, eat memory or kill the process (a Rust abort would take pytest
with it) run ``python -m ectrack import FILE`` as a child process, watched.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import sqlite3
import struct
import subprocess
import sys
import time
import traceback
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.cli import conftest as cli
from tests.cli.conftest import RECORD_TABLES, SCHOOL_A, Db

# The command-line tests' fixtures (pytest finds fixtures among a module's names).
run, db, db_path, ok, schools = cli.run, cli.db, cli.db_path, cli.ok, cli.schools

TIMEOUT = 20.0  # seconds, for any one file
MEMORY_LIMIT = 1_000_000_000  # peak resident bytes of the ectrack process
MAX_STDERR_LINE = 1_000  # characters: "a short line per problem"
MAX_STDERR_LINES = 14  # 10 problems shown, "... and N more", errors file, outcome

FIXTURE_XLS = Path(__file__).resolve().parents[1] / "fixtures" / "files" / "ects_old_excel.xls"

# --- the valid return everything is made from ------------------------------------------

HEADER = [
    "TRN",
    "First name",
    "Last name",
    "Date of birth",
    "QTS date",
    "School URN",
    "Induction start date",
    "FTE",
    "Programme",
    "Mentor",
]
ROWS = [
    ["1234567", "Amy", "Shah", dt.date(1998, 4, 2), dt.date(2025, 7, 18), SCHOOL_A,
     dt.date(2025, 9, 1), 0.8, "FIP", "Tom Reed"],
    ["7654321", "Bo", "Li", dt.date(1995, 2, 1), dt.date(2025, 7, 18), SCHOOL_A,
     dt.date(2025, 9, 1), 1, "CIP", ""],
]  # fmt: skip
TRNS = frozenset({"1234567", "7654321"})
CSV_ROWS = [
    "1234567,Amy,Shah,02/04/1998,18/07/2025,100001,01/09/2025,0.8,FIP,Tom Reed",
    "7654321,Bo,Li,01/02/1995,18/07/2025,100001,01/09/2025,1,CIP,",
]
DATE_STYLE = 1  # openpyxl's styles.xml for ROWS: cellXfs 1 is its date format
SERIALS = {"1998-04-02": 35887, "1995-02-01": 34731, "2025-07-18": 45856, "2025-09-01": 45901}


def valid_xlsx(rows=ROWS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "New ECTs"
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def valid_csv(extra: str = "") -> bytes:
    return ("\r\n".join([",".join(HEADER), *CSV_ROWS]) + "\r\n" + extra).encode()


def members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(parts: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def column(n: int) -> str:
    """1 → A, 16384 → XFD."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value, style: int | None = None) -> str:
    s = f' s="{style}"' if style is not None else ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"{s}><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"{s}><v>{value}</v></c>'


def sheet_rows(first: int = 1) -> dict[int, list[str]]:
    """The valid return as raw cells (row number → cells), to break one at a time;
    the header on row ``first``."""
    rows = {first: [cell(f"{column(i + 1)}{first}", h) for i, h in enumerate(HEADER)]}
    for r, row in enumerate(ROWS, start=first + 1):
        cells = []
        for i, value in enumerate(row):
            ref = f"{column(i + 1)}{r}"
            if isinstance(value, dt.date):
                cells.append(cell(ref, SERIALS[value.isoformat()], DATE_STYLE))
            else:
                cells.append(cell(ref, value))
        rows[r] = cells
    return rows


def sheet_xml(rows: dict[int, list[str]], dimension: str | None = None) -> bytes:
    body = "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, cells in rows.items())
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{body}</sheetData></worksheet>"
    ).encode()


SHEET = "xl/worksheets/sheet1.xml"
CONTENT_TYPES = "[Content_Types].xml"


def xlsx_with(changes: dict[str, bytes | None]) -> bytes:
    """The valid workbook with parts replaced, or removed (None)."""
    parts = members(valid_xlsx())
    for name, content in changes.items():
        if content is None:
            parts.pop(name)
        else:
            parts[name] = content
    return zipped(parts)


def xlsx_sheet(rows: dict[int, list[str]], dimension: str | None = None) -> bytes:
    parts = members(valid_xlsx())
    parts[SHEET] = sheet_xml(rows, dimension)
    return zipped(parts)


def with_cell(ref: str, value, style: int | None = None) -> bytes:
    """The valid return with one cell of row 2 replaced."""
    rows = sheet_rows()
    index = ord(ref[0]) - 65
    rows[2][index] = cell(ref, value, style)
    return xlsx_sheet(rows)


# --- zips made byte by byte (to lie in them) -------------------------------------------


def raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip of (name, stored bytes, method, crc, declared size): nothing checked."""
    out, central = bytearray(), bytearray()
    for name, payload, method, crc, size in entries:
        encoded, offset = name.encode(), len(out)
        out += struct.pack(
            "<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(payload), size,
            len(encoded), 0,
        ) + encoded + payload  # fmt: skip
        central += struct.pack(
            "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(payload), size,
            len(encoded), 0, 0, 0, 0, 0, offset,
        ) + encoded  # fmt: skip
    end = struct.pack(
        "<4s4H2IH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0
    )
    return bytes(out + central + end)


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def deflated_repeat(chunk: bytes, times: int) -> bytes:
    """``chunk * times`` deflated, without ever holding it: after a full flush the
    compressor forgets its history, so every chunk deflates to the same bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packer.compress(chunk)
    packer.flush(zlib.Z_FULL_FLUSH)
    piece = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    return piece * times + packer.flush()


def crc_repeat(chunk: bytes, times: int, crc: int = 0) -> int:
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return crc


def raw_xlsx(replace: dict[str, tuple[bytes, int, int, int]]) -> bytes:
    """The valid workbook as a hand-made zip; ``replace`` maps a part to
    (stored bytes, method, crc, declared size)."""
    replace, entries = dict(replace), []
    for name, content in members(valid_xlsx()).items():
        if name in replace:
            entries.append((name, *replace.pop(name)))
        else:
            entries.append((name, deflate(content), 8, zlib.crc32(content), len(content)))
    entries += [(name, *spec) for name, spec in replace.items()]
    return raw_zip(entries)


def bomb(sheet_head: bytes, chunk: bytes, times: int, sheet_tail: bytes, declared=None):
    """A sheet whose middle is ``chunk * times``, deflated; its declared size is
    honest unless ``declared`` says otherwise."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(sheet_head) + packer.flush(zlib.Z_FULL_FLUSH)
    packer.compress(chunk)
    packer.flush(zlib.Z_FULL_FLUSH)
    piece = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    payload = head + piece * times + packer.compress(sheet_tail) + packer.flush()
    crc = zlib.crc32(sheet_head)
    crc = zlib.crc32(sheet_tail, crc_repeat(chunk, times, crc))
    size = len(sheet_head) + len(chunk) * times + len(sheet_tail)
    return raw_xlsx({SHEET: (payload, 8, crc, size if declared is None else declared)})


def sheet_head_and_tail() -> tuple[bytes, bytes]:
    head, tail = sheet_xml(sheet_rows()).split(b"</sheetData>")
    return head, b"</sheetData>" + tail


# --- other formats -----------------------------------------------------------------------

ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def odf(mimetype: str, content: str | bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, first
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            f'manifest:1.0"><manifest:file-entry manifest:full-path="/" '
            f'manifest:media-type="{mimetype}"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def ods_content() -> str:
    def row(values):
        cells = "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p>'
            "</table:table-cell>"
            for v in values
        )
        return f"<table:table-row>{cells}</table:table-row>"

    rows = [HEADER, *(line.split(",") for line in CSV_ROWS)]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="New ECTs">{"".join(row(r) for r in rows)}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )


def office_zip(main_part: str, content_type: str, body: bytes) -> bytes:
    """A minimal docx/pptx-like package: not a workbook, whatever its name says."""
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>'
    )
    return zipped({CONTENT_TYPES: types, "_rels/.rels": "<Relationships/>", main_part: body})


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
POWERPOINT = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def a_word_document() -> bytes:
    return office_zip("word/document.xml", WORD, b"<w:document/>")


def ole2_header_with_huge_fat() -> bytes:
    """A compound-file header claiming two billion FAT sectors, then nothing."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<II", header, 44, 0x7FFFFFFF, 1)  # FAT sectors, first directory sector
    struct.pack_into("<III", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    for i in range(109):
        struct.pack_into("<I", header, 76 + 4 * i, i)
    return bytes(header) + bytes(512 * 4)


def with_byte(data: bytes, offset: int, value: int) -> bytes:
    changed = bytearray(data)
    changed[offset] = value
    return bytes(changed)


def csv_lines(*lines: str) -> bytes:
    return ("\r\n".join([",".join(HEADER), *lines]) + "\r\n").encode()


# --- running ectrack and judging the answer --------------------------------------------


@dataclass
class Answer:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_bytes: int | None = None  # only known for a child process

    def describe(self) -> str:
        err = self.stderr if len(self.stderr) < 1500 else self.stderr[:1500] + "..."
        return f"exit {self.code} after {self.seconds:.1f}s\nstderr:\n{err}"


def import_in_process(run, path: Path, *options: str, database: Path | None = None) -> Answer:
    start = time.monotonic()
    try:
        where = ["--db", str(database)] if database else []
        result = run(*where, "import", str(path), *options)
    except BaseException as e:  # a Rust panic is a BaseException: CliRunner lets it through
        pytest.fail(
            f"{path.name}: ectrack crashed with {type(e).__name__}: {e}\n"
            + "".join(traceback.format_exception(e)[-6:])
        )
    seconds = time.monotonic() - start
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail(
            f"{path.name}: ectrack crashed with {result.exception!r}\n"
            + "".join(traceback.format_exception(result.exception)[-6:])
        )
    return Answer(result.exit_code, result.stdout, result.stderr, seconds)


def _resident_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def import_as_process(path: Path) -> Answer:
    """``python -m ectrack import FILE`` in a child, killed past TIMEOUT or MEMORY_LIMIT."""
    out_path, err_path = path.with_name(path.name + ".out"), path.with_name(path.name + ".err")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ectrack", "import", str(path)],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    start, peak, problem, status, usage = time.monotonic(), 0, None, None, None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _resident_bytes(proc.pid))
        if peak > MEMORY_LIMIT:
            problem = f"used over {MEMORY_LIMIT / 1e9:g} GB of memory"
        elif time.monotonic() - start > TIMEOUT:
            problem = f"was still running after {TIMEOUT:g}s"
        if problem:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = max(peak, usage.ru_maxrss * 1024)
    answer = Answer(
        proc.returncode,
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
        seconds,
        peak,
    )
    if problem:
        pytest.fail(
            f"{path.name} ({path.stat().st_size:,} bytes): ectrack {problem}; killed. "
            f"stderr so far: {answer.stderr[-500:]!r}"
        )
    return answer


def stored_text(db: Db) -> list[str]:
    return [
        value
        for table in RECORD_TABLES
        for row in db.query(f"SELECT * FROM {table}")
        for value in row
        if isinstance(value, str)
    ]


def judge(answer: Answer, path: Path, db: Db, before: dict, *, readable: bool, trns=TRNS):
    """The properties every answer must have. ``readable``: exit 0 is acceptable;
    ``trns``: the ECTs a readable file may add (None: any)."""
    what = f"{path.name} ({path.stat().st_size:,} bytes): {answer.describe()}"
    output = answer.stdout + answer.stderr
    assert "Traceback" not in output, f"traceback: {what}"
    assert answer.code >= 0, f"killed by signal {-answer.code}: {what}"
    allowed = (0, 1, 3) if readable else (1, 3)
    assert answer.code in allowed, f"exit {answer.code}, expected one of {allowed}: {what}"
    assert answer.seconds <= TIMEOUT, f"took {answer.seconds:.1f}s: {what}"
    if answer.peak_bytes is not None:
        assert answer.peak_bytes <= MEMORY_LIMIT, f"peak {answer.peak_bytes:,} bytes: {what}"
    after = db.snapshot()
    if answer.code != 0:
        assert after == before, f"a refused file changed the database: {what}"
    else:
        written = {trn for (trn,) in db.query("SELECT trn FROM ects")}
        assert trns is None or written <= trns | {r[0] for r in before["ects"]}, (
            f"wrote ECTs the file does not hold ({sorted(written)}): {what}"
        )
        nul = [v for v in stored_text(db) if "\x00" in v]
        assert not nul, f"stored text with a NUL byte ({nul[:3]!r}): {what}"
    lines = [line for line in answer.stderr.splitlines() if line.strip()]
    assert len(lines) <= MAX_STDERR_LINES, f"{len(lines)} lines on stderr: {what}"
    if answer.code != 0 and not answer.stdout.strip():  # refused whole: one line
        assert len(lines) == 1 and lines[0].startswith("Error: "), f"not one Error line: {what}"
    longest = max(lines, key=len, default="")
    assert len(longest) <= MAX_STDERR_LINE, (
        f"a stderr line of {len(longest):,} characters (starts {longest[:120]!r}): "
        f"{path.name}, exit {answer.code}"
    )


# --- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    name: str  # the file's name, extension included
    make: Callable[[], bytes]
    readable: bool = False  # exit 0 is an acceptable answer
    process: bool = False  # run as a child process (may hang, blow up or abort)
    trns: frozenset[str] = frozenset(TRNS)  # the ECTs the file may add, if it is readable


def _rows_with(extra: dict[int, list[str]]) -> dict[int, list[str]]:
    rows = sheet_rows()
    rows.update(extra)
    return rows


def _header_at_row_500() -> bytes:
    title = {1: [cell("A1", "ECT registrations 2025/26: the table is below")]}
    return xlsx_sheet({**title, **sheet_rows(first=500)})


def _many_entries() -> bytes:
    parts = members(valid_xlsx())
    parts.update({f"xl/media/image{i}.png": b"" for i in range(10_000)})
    return zipped(parts)


def _wide_row(valid: bool) -> bytes:
    rows = sheet_rows()
    extra = [cell(f"{column(i)}2", "z") for i in range(len(HEADER) + 1, 16_385)]
    rows[2] = rows[2] + extra
    if not valid:
        rows[2][0] = cell("A2", "not a TRN")
    return xlsx_sheet(rows)


def _stray_last_row(letter: str) -> bytes:
    return xlsx_sheet(_rows_with({1_048_576: [cell(f"{letter}1048576", "x")]}))


def _sheet_bomb_refused() -> bytes:  # 120 MB of spaces: over 50 MB at 1000:1
    head, tail = sheet_head_and_tail()
    return bomb(head, b" " * 1_000_000, 120, tail)


def _sheet_bomb_under_the_limit() -> bytes:
    """1,040,000 one-cell rows (Excel's limit is 1,048,576): 27 MB at 400:1, under
    the 50 MB that ``open_workbook`` lets through at any ratio."""
    head, tail = sheet_head_and_tail()
    row = b"<row><c><v>1</v></c></row>"
    return bomb(head, row * 40_000, 26, tail)


def _sheet_bomb_lying_about_its_size() -> bytes:  # says 5 KB, holds 300 MB
    head, tail = sheet_head_and_tail()
    row = b"<row><c><v>1</v></c></row>"
    return bomb(head, row * 40_000, 300, tail, declared=5_000)


def _content_types_bomb() -> bytes:  # [Content_Types].xml of 1.5 GB of spaces
    chunk, times = b" " * 1_000_000, 1_500
    payload = deflated_repeat(chunk, times)
    return raw_xlsx({CONTENT_TYPES: (payload, 8, crc_repeat(chunk, times), len(chunk) * times)})


def _nested_bomb() -> bytes:  # a valid workbook carrying a 1 GB zip bomb as an embedding
    chunk, times = b" " * 1_000_000, 1_000
    inner = raw_zip(
        [("a.xml", deflated_repeat(chunk, times), 8, crc_repeat(chunk, times), len(chunk) * times)]
    )
    return raw_xlsx({"xl/embeddings/oleObject1.bin": (inner, 0, zlib.crc32(inner), len(inner))})


def _entity_bomb() -> bytes:  # "billion laughs" in the sheet's DTD
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = sheet_xml(sheet_rows()).decode()
    xml = xml.replace("<worksheet", f"<!DOCTYPE worksheet [{entities}]><worksheet", 1)
    xml = xml.replace("<t>Tom Reed</t>", "<t>&a9;</t>")
    return _replace_sheet(xml.encode())


def _replace_sheet(xml: bytes) -> bytes:
    return xlsx_with({SHEET: xml})


def _content_types_method(method: int, payload: Callable[[bytes], bytes]) -> bytes:
    types = members(valid_xlsx())[CONTENT_TYPES]
    return raw_xlsx({CONTENT_TYPES: (payload(types), method, zlib.crc32(types), len(types))})


def _broken_ods() -> bytes:
    content = ods_content()
    return odf(ODS_MIME, content[: len(content) // 2])


def _formula_errors() -> bytes:
    rows = sheet_rows()
    rows[2][0] = '<c r="A2" t="e"><f>Sheet2!#REF!</f><v>#REF!</v></c>'
    rows[2][3] = '<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    rows[2][6] = '<c r="G2" t="e"><f>VLOOKUP(A2,X:Y,2,0)</f><v>#N/A</v></c>'
    rows[2][7] = '<c r="H2" t="e"><v>#VALUE!</v></c>'
    rows[3][5] = '<c r="F3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    return xlsx_sheet(rows)


FILLER_TRNS = frozenset(str(1_200_000 + i) for i in range(1_500))  # 96 KB


def _late_nul_csv() -> bytes:
    """Valid rows past the first 64 KB, then a name with a NUL byte in it."""
    filler = [
        f"{trn},Ann,Lee,02/04/1998,18/07/2025,100001,01/09/2025,1,FIP,"
        for trn in sorted(FILLER_TRNS)
    ]
    return csv_lines(*filler, "7654321,B\x00o,Li,01/02/1995,18/07/2025,100001,01/09/2025,1,CIP,")


CORPUS = [
    # zips that are not what they claim
    Bad("no-content-types.xlsx", lambda: xlsx_with({CONTENT_TYPES: None}), readable=True),
    Bad(
        "garbage-content-types.xlsx",
        lambda: xlsx_with({CONTENT_TYPES: b"\x00<<garbage"}),
        readable=True,
    ),
    Bad(
        "content-types-of-a-docx.xlsx",
        lambda: xlsx_with({CONTENT_TYPES: members(a_word_document())[CONTENT_TYPES]}),
        readable=True,
    ),
    Bad("content-types-bad-deflate.xlsx", lambda: _content_types_method(8, lambda t: b"\xff" * 40)),
    Bad("content-types-deflate64.xlsx", lambda: _content_types_method(9, deflate)),
    Bad("no-workbook-part.xlsx", lambda: xlsx_with({"xl/workbook.xml": None})),
    Bad("broken-workbook-part.xlsx", lambda: xlsx_with({"xl/workbook.xml": b"<workbook"})),
    # sheet XML that is not XML
    Bad("sheet-cut-short.xlsx", lambda: _replace_sheet(sheet_xml(sheet_rows())[:900])),
    Bad("sheet-random-bytes.xlsx", lambda: _replace_sheet(random.Random(1).randbytes(3000))),
    Bad("sheet-missing.xlsx", lambda: xlsx_with({SHEET: None})),
    Bad(
        "sheet-mismatched-tags.xlsx",
        lambda: _replace_sheet(sheet_xml(sheet_rows()).replace(b"</row>", b"</rwo>", 1)),
        readable=True,
    ),
    Bad(
        "sheet-latin1-in-utf8.xlsx",
        lambda: _replace_sheet(sheet_xml(sheet_rows()).replace(b"Tom Reed", b"Ren\xe9e")),
    ),
    Bad("sheet-entity-bomb.xlsx", _entity_bomb, readable=True, process=True),
    # other documents with a spreadsheet's name
    Bad("a-word-document.xlsx", a_word_document),
    Bad("a-presentation.xlsx", lambda: office_zip("ppt/presentation.xml", POWERPOINT, b"<p/>")),
    Bad(
        "a-text-document.xlsx",
        lambda: odf(
            "application/vnd.oasis.opendocument.text",
            f"<office:document-content {ODF_NS}><office:body><office:text><text:p>TRN"
            "</text:p></office:text></office:body></office:document-content>",
        ),
    ),
    Bad("a-zip-holding-the-workbook.xlsx", lambda: zipped({"registrations.xlsx": valid_xlsx()})),
    # bombs and limits (child process)
    Bad("sheet-bomb-120MB.xlsx", _sheet_bomb_refused, process=True),
    Bad("sheet-bomb-27MB-a-million-rows.xlsx", _sheet_bomb_under_the_limit, process=True),
    Bad("sheet-bomb-lying-size.xlsx", _sheet_bomb_lying_about_its_size, process=True),
    Bad("content-types-bomb-1500MB.xlsx", _content_types_bomb, process=True),
    Bad("nested-zip-bomb.xlsx", _nested_bomb, readable=True, process=True),
    Bad("ten-thousand-entries.xlsx", _many_entries, readable=True, process=True),
    Bad("row-of-16384-columns.xlsx", lambda: _wide_row(valid=True), readable=True, process=True),
    Bad("bad-row-of-16384-columns.xlsx", lambda: _wide_row(valid=False), process=True),
    Bad("stray-cell-A1048576.xlsx", lambda: _stray_last_row("A"), process=True),
    Bad("stray-cell-J1048576.xlsx", lambda: _stray_last_row("J"), process=True),
    Bad("stray-cell-XFD1048576.xlsx", lambda: _stray_last_row("XFD"), process=True),
    Bad(
        "dimension-A1-XFD1048576.xlsx",
        lambda: xlsx_sheet(sheet_rows(), dimension="A1:XFD1048576"),
        readable=True,
        process=True,
    ),
    # cells
    Bad("one-MB-mentor.xlsx", lambda: with_cell("J2", "M" * 1_000_000), readable=True),
    Bad("one-MB-trn.xlsx", lambda: with_cell("A2", "1" * 1_000_000)),
    Bad(
        "one-MB-mentor.csv",
        lambda: valid_csv().replace(b"Tom Reed", b"M" * 1_000_000),
        readable=True,
    ),
    Bad("formula-errors.xlsx", _formula_errors),
    Bad("date-serial-1e9.xlsx", lambda: with_cell("D2", 10**9, DATE_STYLE)),
    Bad("date-serial-past-9999.xlsx", lambda: with_cell("D2", 2_958_466, DATE_STYLE)),
    Bad("date-serial-1e308.xlsx", lambda: with_cell("D2", 1e308, DATE_STYLE)),
    Bad("date-serial-minus-1.xlsx", lambda: with_cell("D2", -1, DATE_STYLE)),
    Bad("date-serial-minus-1e12.xlsx", lambda: with_cell("D2", -(10**12), DATE_STYLE)),
    Bad(
        "dates-as-serials.csv",
        lambda: csv_lines("1234567,Amy,Shah,1000000000,-1,100001,-1e12,0.8,FIP,"),
    ),
    Bad(
        "nan-and-inf.csv",
        lambda: csv_lines(
            "nan,Amy,Shah,inf,-inf,nan,1e999,nan,FIP,",
            "1234567,Amy,Shah,02/04/1998,18/07/2025,100001,01/09/2025,NaN,FIP,",
            "7654321,Bo,Li,01/02/1995,18/07/2025,100001,01/09/2025,inf,CIP,",
            "7654322,Cy,Ng,01/02/1995,18/07/2025,100001,01/09/2025,-Infinity,CIP,",
            "7654323,Di,Oz,01/02/1995,18/07/2025,100001,01/09/2025,1e999%,CIP,",
        ),
    ),
    # text files
    Bad("empty.xlsx", lambda: b""),
    Bad("empty.csv", lambda: b""),
    Bad("random-bytes.xlsx", lambda: random.Random(7).randbytes(4096)),
    Bad("random-bytes.csv", lambda: random.Random(8).randbytes(4096)),
    Bad("nul-bytes.csv", lambda: valid_csv().replace(b"Amy", b"A\x00my")),
    Bad("nul-bytes-after-64KB.csv", _late_nul_csv, readable=True, trns=TRNS | FILLER_TRNS),
    Bad("utf-16.csv", lambda: valid_csv().decode().encode("utf-16")),
    Bad("utf-16-be-no-bom.csv", lambda: valid_csv().decode().encode("utf-16-be")),
    Bad("ten-MB-cell.csv", lambda: valid_csv(",".join(["1111111", "Z" * 10_000_000]) + "\r\n")),
    Bad("ten-MB-line-of-fields.csv", lambda: valid_csv("a," * 5_000_000 + "\r\n"), process=True),
    Bad("row-of-20000-fields.csv", lambda: valid_csv("x" + ",a" * 20_000 + "\r\n")),
    # old Excel and OpenDocument
    Bad(
        "ole2-then-garbage.xls",
        lambda: bytes.fromhex("d0cf11e0a1b11ae1") + random.Random(3).randbytes(5000),
    ),
    Bad("ole2-two-billion-fat-sectors.xls", ole2_header_with_huge_fat, process=True),
    Bad("xls-cut-at-4096.xls", lambda: FIXTURE_XLS.read_bytes()[:4096], process=True),
    Bad("xls-cut-at-4608.xls", lambda: FIXTURE_XLS.read_bytes()[:4608], process=True),
    Bad("xls-cut-at-5600.xls", lambda: FIXTURE_XLS.read_bytes()[:5600], process=True),
    Bad(
        "xls-one-byte-changed.xls",
        lambda: with_byte(FIXTURE_XLS.read_bytes(), 2030, 0x08),
        process=True,
    ),
    Bad("ods-content-cut-short.ods", _broken_ods),
    Bad("ods-without-content.ods", lambda: odf(ODS_MIME, b"")),
    Bad("ods-content-not-xml.ods", lambda: odf(ODS_MIME, random.Random(5).randbytes(2000))),
    # shapes of a table
    Bad("header-only.xlsx", lambda: valid_xlsx(rows=[])),
    Bad("header-only.csv", lambda: csv_lines()),
    Bad("header-on-row-500.xlsx", _header_at_row_500),
]


@pytest.mark.parametrize("bad", CORPUS, ids=[b.name for b in CORPUS])
def test_a_bad_file_is_answered_cleanly(bad, tmp_path, schools, db, run):
    path = tmp_path / bad.name
    path.write_bytes(bad.make())
    before = db.snapshot()
    answer = import_as_process(path) if bad.process else import_in_process(run, path)
    judge(answer, path, db, before, readable=bad.readable, trns=bad.trns)


def test_the_files_the_corpus_is_made_from_are_valid(tmp_path, schools, db, run):
    """Each base file imports both ECTs: a refusal above is the damage, not the base."""
    bases = {
        "openpyxl.xlsx": valid_xlsx(),
        "handmade.xlsx": xlsx_sheet(sheet_rows()),
        "handmade-zip.xlsx": raw_xlsx({}),
        "stored.xlsx": zipped(members(valid_xlsx()), zipfile.ZIP_STORED),
        "plain.csv": valid_csv(),
        "plain.ods": odf(ODS_MIME, ods_content()),
    }
    for name, data in bases.items():
        path = tmp_path / name
        path.write_bytes(data)
        answer = import_in_process(run, path, "--dry-run", "--json")
        assert answer.code == 0, f"{name}: {answer.describe()}"
        assert '"valid": 2,' in answer.stdout, f"{name}: {answer.stdout}"
    path = tmp_path / "plain.xlsx"
    path.write_bytes(valid_xlsx())
    answer = import_in_process(run, path)
    assert answer.code == 0, answer.describe()
    assert {trn for (trn,) in db.query("SELECT trn FROM ects")} == TRNS


def test_an_xlsx_cut_short_anywhere_is_refused_in_one_line(tmp_path, schools, db, run):
    data = valid_xlsx()
    starts = sorted(info.header_offset for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    central = data.rfind(b"PK\x01\x02")
    cuts = set(range(1, len(data), max(1, len(data) // 40)))
    cuts |= {2, 3, 4, 5, 30, central, central + 10, len(data) - 22, len(data) - 1}
    cuts |= {s + d for s in starts for d in (1, 30, 40)}
    before = db.snapshot()
    failures = []
    for cut in sorted(c for c in cuts if 0 < c < len(data)):
        path = tmp_path / f"cut-at-{cut}.xlsx"
        path.write_bytes(data[:cut])
        try:
            answer = import_in_process(run, path)
            judge(answer, path, db, before, readable=False)
            assert answer.code == 3, f"cut at {cut}: {answer.describe()}"
        except (AssertionError, pytest.fail.Exception) as e:
            failures.append(f"cut at {cut} of {len(data)}: {str(e)[:300]}")
    assert not failures, f"{len(failures)} cuts failed:\n" + "\n".join(failures)


# --- mutations ---------------------------------------------------------------------------

MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "overwrite"]),
        st.integers(min_value=0, max_value=2**31),
        st.integers(min_value=0, max_value=255),
    ),
    min_size=1,
    max_size=8,
)


def mutate(data: bytes, mutations) -> bytes:
    changed = bytearray(data)
    for kind, where, byte in mutations:
        at = where % (len(changed) + 1)
        if kind == "insert":
            changed[at:at] = bytes([byte])
        elif at == len(changed):
            continue
        elif kind == "flip":
            changed[at] ^= 1 << (byte % 8)
        elif kind == "overwrite":
            changed[at] = byte
        else:
            del changed[at]
    return bytes(changed)


@pytest.fixture(scope="module")
def template_database(tmp_path_factory) -> Path:
    """A database holding the schools, copied afresh for every example."""
    from typer.testing import CliRunner

    from ectrack.cli import app

    path = tmp_path_factory.mktemp("template") / "ab.db"
    for urn, name in ((SCHOOL_A, "Hillside Primary School"), ("100002", "Oakfield Academy")):
        result = CliRunner().invoke(app, ["--db", str(path), "school", "add", urn, "--name", name])
        assert result.exit_code == 0, result.output
    return path


BASES = {
    "deflated.xlsx": valid_xlsx(),
    "stored.xlsx": zipped(members(valid_xlsx()), zipfile.ZIP_STORED),
    "plain.csv": valid_csv(),
}


def _mutated_import(base: str, mutations, run, template_database, tmp_path) -> None:
    work = tmp_path / f"example-{time.monotonic_ns()}"
    work.mkdir()
    database = work / "ab.db"
    shutil.copyfile(template_database, database)
    path = work / ("return" + Path(base).suffix)
    path.write_bytes(mutate(BASES[base], mutations))
    db = Db(database)
    before = db.snapshot()
    answer = import_in_process(run, path, database=database)
    judge(answer, path, db, before, readable=True, trns=None)  # a changed byte may be a digit
    shutil.rmtree(work, ignore_errors=True)


MUTATION_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    # no shrinking: a failing example is at most 8 byte changes already, and
    # shrinking one costs more time than the whole file is allowed
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@MUTATION_SETTINGS
@given(base=st.sampled_from(["deflated.xlsx", "stored.xlsx"]), mutations=MUTATIONS)
def test_a_mutated_xlsx_is_answered_cleanly(base, mutations, run, template_database, tmp_path):
    _mutated_import(base, mutations, run, template_database, tmp_path)


@MUTATION_SETTINGS
@given(mutations=MUTATIONS)
def test_a_mutated_csv_is_answered_cleanly(mutations, run, template_database, tmp_path):
    _mutated_import("plain.csv", mutations, run, template_database, tmp_path)


def _execute(path: Path, *statements: str, params=()) -> None:
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql, params if "?" in sql else ())
        conn.commit()
    finally:
        conn.close()


def test_the_judge_can_fail(tmp_path, db_path):
    """A traceback, a wrong exit, a kill, a long line, a slow answer, a write on
    refusal, a foreign ECT or a NUL byte written: each is caught."""
    path = tmp_path / "x.csv"
    path.write_bytes(b"x")
    _execute(db_path, *(f"CREATE TABLE {t} (trn)" for t in RECORD_TABLES))
    db = Db(db_path)
    before = db.snapshot()
    judge(Answer(3, "", "Error: x\n", 0.1), path, db, before, readable=False)  # fine
    for answer in (
        Answer(1, "", "Traceback (most recent call last):\n", 0.1),
        Answer(2, "", "Error: x\n", 0.1),
        Answer(-6, "", "", 0.1),
        Answer(3, "", "Error: x\nError: y\n", 0.1),
        Answer(3, "", "Error: " + "v" * 5_000 + "\n", 0.1),
        Answer(3, "", "Error: x\n", TIMEOUT + 1),
        Answer(3, "", "Error: x\n", 0.1, MEMORY_LIMIT + 1),
    ):
        with pytest.raises(AssertionError):
            judge(answer, path, db, before, readable=True)
    _execute(db_path, "INSERT INTO ects VALUES ('9999999')")
    with pytest.raises(AssertionError, match="changed the database"):
        judge(Answer(3, "", "Error: x\n", 0.1), path, db, before, readable=False)
    with pytest.raises(AssertionError, match="does not hold"):
        judge(Answer(0, "", "", 0.1), path, db, before, readable=True)
    _execute(db_path, "DELETE FROM ects", "INSERT INTO staff VALUES (?)", params=["B\x00o"])
    with pytest.raises(AssertionError, match="NUL"):
        judge(Answer(0, "", "", 0.1), path, db, before, readable=True)
