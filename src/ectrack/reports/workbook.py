"""The termly report written as an xlsx workbook, in openpyxl's write-only mode.

Write-only keeps memory flat at national scale (rows are streamed to the file);
it means each sheet is written top to bottom once, column widths are fitted
before the first row, and every styled cell is a ``WriteOnlyCell``. Text that a
spreadsheet would run (``=``, ``+``, ``-``, ``@``, tab, line break) is written
as text; dates show as DD/MM/YYYY; the file is created owner-only.
"""

from __future__ import annotations

from pathlib import Path

from ectrack import __version__
from ectrack.labels import school_words, term_word, uk_date
from ectrack.reports.termly import (
    CHART_SCHOOLS,
    Column,
    Table,
    TermlyReport,
)
from ectrack.spreadsheets.safe_write import (
    DATE_FORMAT,
    cell_value,
    is_risky_text,
    safe_cell,
    save_workbook,
)

#: Excel's own "good", "neutral" and "bad" fills.
FILLS = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}
HEADER_FILL = "DDEBF7"
MAX_WIDTH = 60
#: Widths are fitted to the header and the first rows (a national sheet has 100k).
WIDTH_SAMPLE = 2000
SUMMARY_SHEET = "Summary"
STATUS_LABELS = {
    "required_to_complete": "registered, not started",
    "in_progress": "in progress",
    "paused": "paused",
    "awaiting_decision": "awaiting decision",
    "passed": "passed",
    "failed": "failed",
    "exempt": "exempt",
}
CHECKPOINT_STATUS_LABELS = {
    "received": "received on time",
    "late": "received late",
    "overdue": "overdue",
    "due": "due within 14 days",
    "upcoming": "upcoming",
}


class _Styles:
    """The few styles the report uses, made once (openpyxl looks each one up per cell)."""

    def __init__(self) -> None:
        from openpyxl.styles import Font, PatternFill

        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.fills = {k: PatternFill("solid", fgColor=v) for k, v in FILLS.items()}


def write_termly_workbook(report: TermlyReport, path: Path, *, chart: bool = True) -> Path:
    """Write the report to ``path`` (created 0600); ``chart`` adds the by-school chart."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    styles = _Styles()
    _summary_sheet(book, report, styles, chart)
    for table in report.tables.values():
        _table_sheet(book, table, styles)
    save_workbook(book, path)
    return path


def _cell(sheet, value, *, font=None, fill=None, number_format=None):
    """``safe_cell`` (text never a formula, UK dates) with the report's styles."""
    cell = safe_cell(sheet, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _widths(table: Table) -> list[int]:
    widths = []
    for i, column in enumerate(table.columns):
        if column.width:
            widths.append(column.width)
        elif column.kind == "date":
            widths.append(max(11, len(column.header) + 2))
        else:
            shown = column.words or str
            longest = max(
                (len(shown(row[i])) for row in table.rows[:WIDTH_SAMPLE] if row[i] is not None),
                default=0,
            )
            widths.append(min(MAX_WIDTH, max(len(column.header), longest) + 2))
    return widths


def _table_sheet(book, table: Table, styles: _Styles) -> None:
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.title)
    for i, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(
        [_cell(sheet, c.header, font=styles.bold, fill=styles.header_fill) for c in table.columns]
    )
    formats = [_number_format(c) for c in table.columns]
    headers = [c.header for c in table.columns]
    filled = headers.index(table.fill_column) if table.fill_column else None
    percent = [c.kind == "percent" for c in table.columns]
    words = [c.words for c in table.columns]
    for row, fill in zip(table.rows, table.fills, strict=True):
        cells = []
        for i, value in enumerate(row):
            if percent[i] and value is not None:
                value = value / 100
            if words[i] and value is not None:
                value = words[i](value)  # the row keeps the code the summary counts
            value = cell_value(value)
            if formats[i] or is_risky_text(value) or (fill and i == filled):
                value = _cell(
                    sheet,
                    value,
                    fill=styles.fills[fill] if fill and i == filled else None,
                    number_format=formats[i],
                )
            cells.append(value)
        sheet.append(cells)
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"


def _number_format(column: Column) -> str | None:
    return {"date": DATE_FORMAT, "percent": "0%"}.get(column.kind)


def _summary_sheet(book, report: TermlyReport, styles: _Styles, chart: bool) -> None:
    """Counts in column A-B (labels as the JSON summary names them in column C),
    the by-school table under them, and the chart beside."""
    sheet = book.create_sheet(SUMMARY_SHEET)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].hidden = True  # the JSON name of each count, for scripts
    for letter in "DEFG":
        sheet.column_dimensions[letter].width = 17
    sheet.page_setup.orientation = "landscape"  # printed: one page wide, chart beside
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    term = report.term
    summary = report.summary()
    who = f": {school_words(report.school.urn, report.school.name)}" if report.school else ""
    term_name = term_word(term.term)
    rows: list[list] = [
        [_cell(sheet, f"Termly report {term_name}{who}", font=styles.title)],
        [
            f"Term {uk_date(term.starts_on)} to {uk_date(term.ends_on)}; as of "
            f"{uk_date(report.today)}; made by ectrack {__version__}."
        ],
        [],
    ]

    def section(title: str, counts: list[tuple[str, int, str]]) -> None:
        rows.append([_cell(sheet, title, font=styles.bold)])
        for label, count, key in counts:
            rows.append([label, count, key])
        rows.append([])

    section(
        "ECTs by status",
        [(STATUS_LABELS[s], n, f"ects_by_status.{s}") for s, n in summary["ects_by_status"].items()]
        + [("all ECTs", summary["ects"], "ects")],
    )
    section(
        f"Checkpoints of {term_name}",
        [
            (CHECKPOINT_STATUS_LABELS[s], n, f"checkpoints_this_term.{s}")
            for s, n in summary["checkpoints_this_term"].items()
        ],
    )
    section(
        "Needs attention",
        [
            ("checkpoints overdue (any term)", summary["overdue_any_term"], "overdue_any_term"),
            ("ECTs at risk", summary["at_risk"], "at_risk"),
            (
                "parts of induction with absence near or over 30 days",
                summary["absence_near_or_over_threshold"],
                "absence_near_or_over_threshold",
            ),
            ("decisions due", summary["decisions_due"], "decisions_due"),
            ("statutory deadlines open", summary["open_deadlines"], "open_deadlines"),
        ],
    )
    if report.queue:
        from ectrack.reports.queue import DEADLINE_HORIZON_DAYS, SECTIONS

        titles = {k: t.format(horizon=DEADLINE_HORIZON_DAYS) for k, t in SECTIONS}
        section(
            "Work queue as of the report date (ectrack todo)",
            [(titles[k], n, f"work_queue.{k}") for k, n in summary["work_queue"].items()],
        )
    section(
        "Starters and leavers this term",
        [
            ("induction periods started", summary["starters"], "starters"),
            ("induction periods ended", summary["leavers"], "leavers"),
        ],
    )
    rows.append([_cell(sheet, "Sheets", font=styles.bold)])
    for table in report.tables.values():
        rows.append([table.title, len(table.rows), None, cell_value(table.note)])
    for row in rows:
        sheet.append([_cell(sheet, v) if is_risky_text(v) else v for v in row])
    schools = len(report.tables["compliance"].rows)
    if chart and schools:
        shown = min(schools, CHART_SCHOOLS)
        title = f"Returns of {term_name} by school"
        if schools > shown:
            title += f": the {shown} of {schools} with the lowest on-time rate"
        _chart(sheet, title, report.tables["compliance"].title, shown)


def _chart(sheet, title: str, source_sheet: str, count: int) -> None:
    """Stacked bars of each school's returns, drawn from the top rows of the School
    compliance sheet (which lists the lowest on-time rate first)."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.shapes import GraphicalProperties

    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    chart.y_axis.title = "checkpoints"
    chart.height = 15
    chart.width = 20
    source = f"'{source_sheet}'!"
    data = Reference(range_string=f"{source}$E$1:$I${count + 1}")
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(range_string=f"{source}$B$2:$B${count + 1}"))
    colours = ["70AD47", "FFC000", "C00000", "5B9BD5", "A5A5A5"]
    for series, colour in zip(chart.series, colours, strict=True):
        series.graphicalProperties = GraphicalProperties(solidFill=colour)
    chart.x_axis.scaling.orientation = "maxMin"  # most outstanding at the top
    sheet.add_chart(chart, "E2")
