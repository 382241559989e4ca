"""Writing cells a spreadsheet will show but never run, into owner-only files.

A text value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a line break
would be taken as a formula (or used for formula injection); it is written as
plain text instead. Files holding personal data are created 0600.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
DATE_FORMAT = "dd/mm/yyyy"
MAX_CELL_CHARACTERS = 32_767


def is_risky_text(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def cell_value(value: object) -> object:
    """Text as an xlsx cell can hold it: no control characters (the format forbids
    them), at most 32,767 characters (Excel will not open more); else unchanged."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARACTERS]
    return value


def safe_cell(sheet, value: object):
    """A write-only cell for ``value``: text stays text, dates look like UK dates."""
    from openpyxl.cell import WriteOnlyCell

    value = cell_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if is_risky_text(value):
        cell.data_type = "s"  # never a formula, whatever it starts with
    elif isinstance(value, dt.date | dt.datetime):
        cell.number_format = DATE_FORMAT
    return cell


def slug(text: str) -> str:
    """A school's name as part of a file name: lower case, ASCII letters and digits."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")[:40] or "school"


def open_private(path: Path):
    """A file opened for writing, owner-only from the moment it exists. Binary on
    Windows too: without O_BINARY, os.open there gives a text-mode descriptor that
    turns every LF byte into CR LF (breaking .xlsx files and the DfE's CSV)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    os.chmod(path, 0o600)  # an existing file keeps its mode through O_TRUNC
    return os.fdopen(fd, "wb")


def private_directory(path: Path) -> Path:
    """A folder for files holding personal data: created owner-only (0700) if new."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(20, "it is a file, not a folder", str(path))
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask
    return path


def save_workbook(workbook, path: Path) -> None:
    """Save owner-only. The workbook is finished in memory first: a write-only
    workbook whose file cannot be opened would otherwise leave its half-written
    sheets to fail noisily later, and a failed save would leave half a file."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    with open_private(Path(path)) as f:
        f.write(buffer.getbuffer())
