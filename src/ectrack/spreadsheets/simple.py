"""A small table an officer keeps (term dates), read with the school-file reader.

The header is the first non-empty row; names match ignoring case, spaces and
punctuation.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ectrack.errors import FileRejected
from ectrack.spreadsheets.headers import header_key
from ectrack.spreadsheets.read import open_workbook


def read_rows(
    path: Path, required: Sequence[str], optional: Sequence[str] = ()
) -> list[tuple[int, dict[str, object]]]:
    """(spreadsheet row number, {column: value}) for every non-empty row after the
    header of the first sheet."""
    workbook = open_workbook(Path(path))
    sheet = workbook.read(workbook.sheet_names[0])
    numbered = [
        (n, row)
        for n, row in enumerate(sheet.rows, start=1)
        if any(str(c).strip() for c in row if c is not None)
    ]
    if not numbered:
        raise FileRejected(f"{workbook.path.name} is empty")
    header_row, header = numbered[0]
    keys = [header_key(h) for h in header]
    missing = [c for c in required if c not in keys]
    if missing:
        raise FileRejected(
            f"{workbook.path.name}: row {header_row} has no column {', '.join(missing)}; the "
            f"header row needs {', '.join([*required, *optional])}"
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
