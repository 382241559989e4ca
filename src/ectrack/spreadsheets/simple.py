"""A small reader for short tables an officer keeps (term dates): csv, xlsx, xls, ods.

The header is the first non-empty row; names match ignoring case, spaces and
punctuation. Every problem is a ``FileRejected`` (exit 3) naming the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from ectrack.errors import EctrackError

MAX_BYTES = 5_000_000


class FileRejected(EctrackError):
    """An input file was rejected, in whole or in part."""

    exit_code = 3


def header_key(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


def _cells_from_csv(path: Path, data: bytes) -> list[list[object]]:
    if b"\x00" in data:
        raise FileRejected(
            f"{path} is not a spreadsheet or CSV ectrack can read; save it as .xlsx or .csv"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as e:
        raise FileRejected(
            f"{path} is not a CSV ectrack can read ({e}); save it as .xlsx or .csv"
        ) from None


def _cells_from_workbook(path: Path) -> list[list[object]]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        return workbook.get_sheet_by_index(0).to_python()
    except python_calamine.PasswordError:
        raise FileRejected(f"{path} is password-protected; save it without a password") from None
    except Exception as e:  # calamine raises several unrelated types for broken files
        raise FileRejected(
            f"{path} is not a spreadsheet ectrack can read ({e}); save it as .xlsx or .csv"
        ) from None


def read_rows(
    path: Path, required: Sequence[str], optional: Sequence[str] = ()
) -> list[tuple[int, dict[str, object]]]:
    """(spreadsheet row number, {column: value}) for every non-empty row after the header."""
    path = Path(path)
    if not path.is_file():
        raise FileRejected(f"{path} is not a file; check the path")
    if path.stat().st_size > MAX_BYTES:
        raise FileRejected(
            f"{path} is over {MAX_BYTES // 1_000_000} MB; this table should be small"
        )
    data = path.read_bytes()
    is_workbook = data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    cells = _cells_from_workbook(path) if is_workbook else _cells_from_csv(path, data)
    numbered = [
        (n, row)
        for n, row in enumerate(cells, start=1)
        if any(str(c).strip() for c in row if c is not None)
    ]
    if not numbered:
        raise FileRejected(f"{path} is empty")
    header_row, header = numbered[0]
    keys = [header_key(h) for h in header]
    missing = [c for c in required if c not in keys]
    if missing:
        raise FileRejected(
            f"{path}: row {header_row} has no column {', '.join(missing)}; the header row needs "
            f"{', '.join([*required, *optional])}"
        )
    wanted = {*required, *optional}
    rows = []
    for n, row in numbered[1:]:
        values = {
            k: (v.strip() if isinstance(v, str) else v)
            for k, v in zip(keys, row, strict=False)
            if k in wanted
        }
        rows.append((n, {k: v for k, v in values.items() if v not in (None, "")}))
    return rows
