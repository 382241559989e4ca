"""The rows a school must fix, as it sent them, with what is wrong in each.

The workbook has the school's own header row and rejected rows, untouched,
plus an ``Error message`` column; the school can correct the cells and send the
same file back. ectrack ignores a column called ``Error message`` on import.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ectrack.spreadsheets.safe_write import safe_cell, save_workbook

ERROR_COLUMN = "Error message"


def write_errors_workbook(
    path: Path,
    headers: Sequence[object],
    rejected: Sequence[tuple[Sequence[object], Sequence[str]]],
    sheet_title: str = "Rows to fix",
) -> Path:
    """``rejected``: (the row's cells as sent, the problems in it)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    # a file sent back already has our column: replace it, never stack a second one
    dropped = {i for i, h in enumerate(headers) if str(h).strip() == ERROR_COLUMN}

    def kept(cells: Sequence[object]) -> list[object]:
        return [c for i, c in enumerate(cells) if i not in dropped]

    header = kept(headers)
    width = max([len(header), *(len(kept(cells)) for cells, _ in rejected)])
    header = header + [""] * (width - len(header))
    sheet.append([safe_cell(sheet, h) for h in [*header, ERROR_COLUMN]])
    for cells, problems in rejected:
        row = kept(cells)
        padded = row[:width] + [""] * (width - len(row))
        sheet.append([safe_cell(sheet, v) for v in [*padded, "\n".join(problems)]])
    save_workbook(book, path)
    return path
