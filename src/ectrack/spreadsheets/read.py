"""Reading whatever a school sends: xlsx, xlsm, xls, ods or csv, chosen by content.

Every problem with the file as a whole is a ``FileRejected`` (exit 3) naming the
file and what to do; nothing here raises a traceback for a foreseeable file.
Row numbers are the spreadsheet's own (the first row is 1), so a school can
find the row it sent.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ectrack.errors import FileRejected

#: A school's return is a few thousand rows; a national extract a few hundred thousand.
MAX_FILE_BYTES = 100_000_000
#: What a workbook may unpack to: beyond this it is a decompression bomb, not a return.
MAX_UNPACKED_BYTES = 500_000_000
MAX_COMPRESSION_RATIO = 200
#: Rows and columns a sheet may span (a national extract is ~100,000 rows; Excel's
#: own limit is 16,384 columns). A sheet reaching beyond is refused unread, since
#: the reader would allocate its whole extent.
MAX_ROWS = 250_000
MAX_COLUMNS = 16_384
MAX_CELLS = 10_000_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAVE_AS = "open it in Excel or LibreOffice and save it as .xlsx or .csv"


@dataclass
class Sheet:
    """One sheet's cells as Python values, row 1 first; '' for an empty cell."""

    name: str
    rows: list[list[object]]
    hidden_columns: set[int] = field(default_factory=set)  # 0-based


@dataclass
class Workbook:
    path: Path
    format: str  # xlsx, xlsm, xls, ods, csv
    sheet_names: list[str]
    hidden_sheets: set[str] = field(default_factory=set)
    _calamine: object = None
    _csv_rows: list[list[object]] | None = None

    def visible_sheet_names(self) -> list[str]:
        return [n for n in self.sheet_names if n not in self.hidden_sheets]

    def sheet_named(self, wanted: str) -> str:
        """The sheet called ``wanted`` (case and surrounding spaces ignored)."""
        key = wanted.strip().lower()
        for name in self.sheet_names:
            if name.strip().lower() == key:
                return name
        raise FileRejected(
            f"{self.path.name} has no sheet named {wanted!r}; its sheets are: "
            + ", ".join(repr(n) for n in self.sheet_names)
        )

    def read(self, name: str) -> Sheet:
        if self._csv_rows is not None:
            return Sheet(name, self._csv_rows)
        try:
            rows = self._calamine.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except BaseException as e:  # calamine raises unrelated types, even Rust panics
            _reraise_interrupts(e)
            raise FileRejected(
                f"{self.path.name}: the sheet {name!r} cannot be read ({_short(e)}); {SAVE_AS}"
            ) from None
        hidden = _hidden_xlsx_columns(self.path, name) if self.format in ("xlsx", "xlsm") else set()
        return Sheet(name, rows, hidden)


def open_workbook(path: Path) -> Workbook:
    """Open a school's file, deciding its format from its content, not its name."""
    path = Path(path)
    if not path.exists():
        raise FileRejected(f"{path} does not exist; check the file name")
    if not path.is_file():
        raise FileRejected(f"{path} is not a file")
    size = path.stat().st_size
    if size == 0:
        raise FileRejected(f"{path.name} is empty; ask the school to send it again")
    if size > MAX_FILE_BYTES:
        raise FileRejected(
            f"{path.name} is {size // 1_000_000} MB, too large for a school's return "
            f"(the limit is {MAX_FILE_BYTES // 1_000_000} MB); split it into smaller files"
        )
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"PK\x03\x04"):
        return _open_zip_workbook(path)
    if head == OLE2_MAGIC:
        return _open_ole2(path)
    return _open_text(path)


def _damaged(path: Path) -> FileRejected:
    return FileRejected(
        f"{path.name} is damaged or incomplete (perhaps cut short when it was "
        f"sent); ask the school to send it again"
    )


def _too_big_unpacked(path: Path, unpacked: int) -> FileRejected:
    return FileRejected(
        f"{path.name} unpacks to {unpacked // 1_000_000} MB, far too large when unpacked "
        "for a school's return; it was refused unread. Ask the school to send a plain "
        ".xlsx or .csv"
    )


def _open_zip_workbook(path: Path) -> Workbook:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = [m.filename for m in members]
            unpacked = sum(m.file_size for m in members)
            packed = max(1, sum(m.compress_size for m in members))
            if unpacked > MAX_UNPACKED_BYTES or (
                unpacked > 50_000_000 and unpacked / packed > MAX_COMPRESSION_RATIO
            ):
                raise _too_big_unpacked(path, unpacked)
            content_types = _start_of(archive, "[Content_Types].xml", names, 20000)
            mimetype = _start_of(archive, "mimetype", names, 100).decode("ascii", "replace")
            if "xl/workbook.xml" in names:
                sheets = [n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)]
                for sheet in sheets:
                    _check_extent(path, archive, sheet)
    except FileRejected:
        raise
    except Exception:  # zipfile, zlib and unsupported compression all fail differently
        raise _damaged(path) from None
    if "xl/workbook.xml" in names:
        macros = "xl/vbaProject.bin" in names or b"macroEnabled" in content_types
        form = "xlsm" if macros else "xlsx"
    elif "opendocument.spreadsheet" in mimetype or "content.xml" in names:
        form = "ods"
    else:
        raise FileRejected(f"{path.name} is a zip file, not a spreadsheet; {SAVE_AS}")
    return _open_with_calamine(path, form)


def _start_of(archive: zipfile.ZipFile, name: str, names: list[str], size: int) -> bytes:
    """The first ``size`` bytes of a member, unpacking no more than that."""
    if name not in names:
        return b""
    with archive.open(name) as member:
        return member.read(size)


_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_WIDE_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{2,})\d')  # beyond column Z


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_extent(path: Path, archive: zipfile.ZipFile, member: str) -> None:
    """Refuse a sheet whose cells reach past the limits, before anything allocates
    its extent (one cell at XFD1048576 is a 17-billion-cell sheet to a reader).
    Streams the sheet's XML once, looking only at row numbers and wide columns."""
    last_row = last_column = rows = cells = 0
    tail = b""
    with archive.open(member) as sheet:
        while chunk := sheet.read(1 << 20):
            text = tail + chunk
            for m in _ROW_NUMBER.finditer(text):
                last_row = max(last_row, int(m.group(1)))
            for m in _WIDE_CELL.finditer(text):
                last_column = max(last_column, _column_number(m.group(1)))
            # rows and cells without an r="..." are placed by counting them
            rows += _count(text, tail, (b"<row>", b"<row "))
            cells += _count(text, tail, (b"<c>", b"<c "))
            tail = text[-64:]
    last_row = max(last_row, rows)
    if (
        last_row > MAX_ROWS
        or last_column > MAX_COLUMNS
        or last_row * max(last_column, 1) > MAX_CELLS
        or cells > MAX_CELLS
    ):
        raise _too_large_extent(path, last_row, max(last_column, 1))


def _count(text: bytes, tail: bytes, words: tuple[bytes, ...]) -> int:
    """Occurrences in ``text`` not already counted in ``tail`` (the end of the last chunk)."""
    return sum(text.count(w) - tail.count(w) for w in words)


def _too_large_extent(path: Path, rows: int, columns: int) -> FileRejected:
    return FileRejected(
        f"{path.name} has cells as far as row {rows:,} and column {columns:,}, more than "
        f"ectrack reads ({MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns); delete the empty or "
        "stray cells far below or to the right of the table, or split the file"
    )


def _reraise_interrupts(error: BaseException) -> None:
    """A Rust panic inside calamine arrives as a BaseException; Ctrl-C must still stop."""
    if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise error


def _short(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]


def _open_ole2(path: Path) -> Workbook:
    data = path.read_bytes()
    if (
        "EncryptedPackage".encode("utf-16-le") in data
        or "EncryptionInfo".encode("utf-16-le") in data
    ):
        raise FileRejected(
            f"{path.name} is password-protected; ask the school to remove the password "
            "(File > Info > Protect Workbook) and send it again"
        )
    _survives_reading(path)
    return _open_with_calamine(path, "xls")


PROBE_SECONDS = 60
PROBE_MEMORY = 2 << 30

#: On Windows the child's first act is to cap its own memory at PROBE_MEMORY with a
#: Job Object; if any step fails, the parent's time cap still applies. Runs only in
#: the child, never on import here. (Elsewhere the shell caps it: ``_capped``.)
_CAP = f"""\
import sys
if sys.platform == 'win32':
    import ctypes
    from ctypes import c_int64, c_size_t, c_uint32, c_uint64, c_void_p
    class Basic(ctypes.Structure):  # JOBOBJECT_BASIC_LIMIT_INFORMATION
        _fields_ = [('user_time', c_int64), ('job_time', c_int64), ('flags', c_uint32),
                    ('min_ws', c_size_t), ('max_ws', c_size_t), ('processes', c_uint32),
                    ('affinity', c_size_t), ('priority', c_uint32), ('scheduling', c_uint32)]
    class Limits(ctypes.Structure):  # JOBOBJECT_EXTENDED_LIMIT_INFORMATION
        _fields_ = [('basic', Basic), ('io', c_uint64 * 6), ('process_memory', c_size_t),
                    ('job_memory', c_size_t), ('peak_process', c_size_t), ('peak_job', c_size_t)]
    k = ctypes.WinDLL('kernel32', use_last_error=True)
    k.CreateJobObjectW.restype = k.GetCurrentProcess.restype = c_void_p
    k.CreateJobObjectW.argtypes = (c_void_p, ctypes.c_wchar_p)
    k.SetInformationJobObject.argtypes = (c_void_p, ctypes.c_int, c_void_p, c_uint32)
    k.AssignProcessToJobObject.argtypes = (c_void_p, c_void_p)
    limits = Limits()
    limits.basic.flags = 0x100  # JOB_OBJECT_LIMIT_PROCESS_MEMORY
    limits.process_memory = {PROBE_MEMORY}
    job = k.CreateJobObjectW(None, None)  # kept open until the child ends
    # 9: JobObjectExtendedLimitInformation
    if job and k.SetInformationJobObject(job, 9, ctypes.byref(limits), ctypes.sizeof(limits)):
        k.AssignProcessToJobObject(job, k.GetCurrentProcess())
"""
#: Then reads every sheet of the file with calamine (see ``_survives_reading``).
_PROBE = _CAP + (
    "import io, python_calamine as c\n"
    "b = c.CalamineWorkbook.from_filelike(io.BytesIO(open(sys.argv[1], 'rb').read()))\n"
    "[b.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in b.sheet_names]\n"
)
#: The POSIX shell every Unix has; its ``ulimit -v`` caps a program's memory.
SHELL = Path("/bin/sh")


def _capped(command: list[str]) -> list[str]:
    """``command`` run with its memory capped at PROBE_MEMORY: by the POSIX shell's
    ``ulimit -v`` (KiB) where there is one; on Windows the child caps itself
    (``_CAP``). No Python module only one system has is needed on either."""
    if os.name == "nt" or not SHELL.exists():
        return command
    limit = 'ulimit -v "$0" 2>/dev/null; exec "$@"'  # a lower hard limit stays as it is
    return [str(SHELL), "-c", limit, str(PROBE_MEMORY // 1024), *command]


def _survives_reading(path: Path) -> None:
    """A damaged .xls can make calamine abort the whole process (a Rust allocation
    of terabytes), which no ``except`` catches, or panic with a backtrace on stderr.
    Old .xls files are small and rare, so each is first read in a child process whose
    memory is capped (``_capped``, ``_CAP``) and which is stopped after PROBE_SECONDS;
    if the child fails, the file is refused in one line instead."""
    import subprocess
    import sys

    try:
        done = subprocess.run(
            _capped([sys.executable, "-c", _PROBE, str(path)]),
            capture_output=True,
            timeout=PROBE_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise FileRejected(
            f"{path.name} takes too long to read (over {PROBE_SECONDS} s); {SAVE_AS}"
        ) from None
    if done.returncode != 0:  # killed, or calamine failed: reading it here would too
        raise FileRejected(f"{path.name} is damaged and cannot be read; {SAVE_AS}")


def _open_with_calamine(path: Path, form: str) -> Workbook:
    import python_calamine

    try:
        # from a file object, so calamine goes by the bytes, not the (maybe wrong) extension
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        metadata = book.sheets_metadata
    except python_calamine.PasswordError:
        raise FileRejected(
            f"{path.name} is password-protected; ask the school to remove the password "
            "and send it again"
        ) from None
    except BaseException as e:  # calamine raises unrelated types, even Rust panics
        _reraise_interrupts(e)
        raise FileRejected(
            f"{path.name} looks like a .{form} file but cannot be read ({_short(e)}); {SAVE_AS}"
        ) from None
    hidden = {m.name for m in metadata if str(m.visible).rsplit(".", 1)[-1] != "Visible"}
    worksheets = [m.name for m in metadata if str(m.typ).rsplit(".", 1)[-1] == "WorkSheet"]
    return Workbook(path, form, worksheets or list(book.sheet_names), hidden, book)


def _open_text(path: Path) -> Workbook:
    data = path.read_bytes()
    if b"\x00" in data:  # binary, or UTF-16: never a CSV a school saved from Excel
        raise FileRejected(f"{path.name} is not a spreadsheet ectrack can read; {SAVE_AS}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:4096].lstrip().lower()
    if sample.startswith(("<html", "<!doctype", "<table", "<?xml")):
        raise FileRejected(
            f"{path.name} is a web page or XML saved with a spreadsheet's name, not a "
            f"spreadsheet; {SAVE_AS}"
        )
    try:
        dialect = csv.Sniffer().sniff(text[:16384], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as e:
        raise FileRejected(f"{path.name} is not a CSV ectrack can read ({e}); {SAVE_AS}") from None
    widest = max(map(len, rows), default=0)
    if len(rows) > MAX_ROWS or widest > MAX_COLUMNS:
        raise _too_large_extent(path, len(rows), widest)
    return Workbook(path, "csv", [path.stem], _csv_rows=rows)


_COL = re.compile(rb"<col\b[^>]*>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')


def _hidden_xlsx_columns(path: Path, sheet_name: str) -> set[int]:
    """0-based indexes of columns marked hidden in an xlsx sheet (``<cols>`` comes
    before the cell data, so only the start of the sheet's XML is read)."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            rel_id = None
            for m in re.finditer(rb"<sheet\b[^>]*>", workbook):
                attrs = dict(_ATTR.findall(m.group(0)))
                if attrs.get(b"name", b"").decode("utf-8", "replace") == sheet_name:
                    rel_id = attrs.get(b"id")  # r:id
            if rel_id is None:
                return set()
            target = None
            for m in re.finditer(rb"<Relationship\b[^>]*>", rels):
                attrs = dict(_ATTR.findall(m.group(0)))
                if attrs.get(b"Id") == rel_id:
                    target = attrs.get(b"Target", b"").decode()
            if not target:
                return set()
            member = target.lstrip("/") if target.startswith("/") else "xl/" + target
            with archive.open(member) as sheet:
                start = sheet.read(65536)
    except Exception:  # damaged: the sheet is refused when it is read, not here
        return set()
    start = start.split(b"<sheetData", 1)[0]
    hidden: set[int] = set()
    for m in _COL.finditer(start):
        attrs = dict(_ATTR.findall(m.group(0)))
        if attrs.get(b"hidden") in (b"1", b"true"):
            first, last = int(attrs.get(b"min", b"1")), int(attrs.get(b"max", b"1"))
            hidden.update(range(first - 1, min(last, 16384)))
    return hidden
