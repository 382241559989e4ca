"""Workbooks schools fill in: an instructions sheet, then one data sheet whose
header row ectrack recognises, with drop-downs, date cells and text-formatted
codes (so Excel never turns a TRN into a number and drops its leading zero)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ectrack.spreadsheets.safe_write import DATE_FORMAT, is_risky_text, save_workbook


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 16
    kind: str = "text"  # text, code (kept as text), date, number
    choices: tuple[str, ...] = ()
    help: str = ""


def write_template(
    path: Path,
    sheet_title: str,
    columns: Sequence[Column],
    instructions: Sequence[str],
    rows: Sequence[Sequence[object]] = (),
    blank_rows: int = 200,
) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    guide = book.active
    guide.title = "Instructions"
    guide.column_dimensions["A"].width = 110
    for line in instructions:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([])
    guide.append(["Columns"])
    guide.cell(guide.max_row, 1).font = Font(bold=True)
    for column in columns:
        guide.append([f"{column.header}: {column.help}" if column.help else column.header])
    for row in guide.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    sheet = book.create_sheet(sheet_title)
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.freeze_panes = "A2"
    last_row = 1 + max(len(rows), 0) + blank_rows
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for r in range(2, last_row + 1):
            cell = sheet.cell(r, index)
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
            elif column.kind == "code":
                cell.number_format = "@"
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error="Choose one of: " + ", ".join(column.choices),
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last_row}")
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(r, c, value)
            if is_risky_text(value):
                cell.data_type = "s"
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
    book.active = 1
    save_workbook(book, path)
    return path
