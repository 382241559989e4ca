"""Finding the header row and matching what schools call their columns.

Headers match ignoring case, spaces and punctuation, with the synonyms schools
and the DfE really use. The header row is the row, among the first 30, that
matches the most fields of a kind; titles, logos and notes above it are
skipped. Knows the names of induction's fields, nothing of their rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ectrack.errors import FileRejected
from ectrack.spreadsheets.read import Sheet, Workbook

HEADER_SCAN_ROWS = 30


def header_key(text: object) -> str:
    """``"Teacher Reference No."`` → ``"teacherreferenceno"``."""
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower().replace("&", "and"))


def _keys(*names: str) -> tuple[str, ...]:
    return tuple(header_key(n) for n in names)


TRN = _keys(
    "TRN",
    "Teacher reference number",
    "Teacher reference no",
    "Teacher ref",
    "Teacher ref no",
    "TRN number",
    "DfE number",
    "DfE reference",
    "QTS number",
    "ECT TRN",
)

#: kind → field → accepted header keys. Fields are the operations' own names.
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "schools": {
        "urn": _keys("URN", "School URN", "Unique reference number"),
        "name": _keys("Name", "School name", "School", "EstablishmentName", "Establishment name"),
        "local_authority": _keys("Local authority", "LA", "LA (name)", "LA name"),
        "la_code": _keys("LA (code)", "LA code"),
        "establishment_number": _keys("EstablishmentNumber", "Establishment number"),
        "laestab": _keys("LAESTAB", "LA/ESTAB", "DfE number", "DfE establishment number"),
        "phase": _keys("Phase", "PhaseOfEducation (name)", "Phase of education"),
        "headteacher": _keys("Headteacher", "Head teacher", "Head", "Headteacher name"),
        "head_first_name": _keys("HeadFirstName", "Head first name"),
        "head_last_name": _keys("HeadLastName", "Head last name"),
        "email": _keys(
            "Email",
            "Email address",
            "Induction email",
            "School email",
            "Contact email",
            "Induction contact email",
            "Induction lead email",
        ),
        "town": _keys("Town", "Town/city", "Town or city"),
        "special_measures": _keys("Special measures", "In special measures"),
        "induction_permitted": _keys(
            "Induction permitted", "HMCI permission", "HMCI allows induction"
        ),
    },
    "ects": {
        "trn": TRN,
        "first_name": _keys(
            "First name", "Forename", "Forenames", "Given name", "First names", "ECT first name"
        ),
        "last_name": _keys(
            "Last name", "Surname", "Family name", "Last names", "ECT surname", "ECT last name"
        ),
        "date_of_birth": _keys("Date of birth", "DOB", "D.O.B.", "Birth date", "Birthdate"),
        "qts_date": _keys(
            "QTS date", "QTS awarded", "Date QTS awarded", "QTS award date", "Date of QTS", "QTS"
        ),
        "school_urn": _keys("URN", "School URN", "School", "Employing school URN"),
        "start": _keys(
            "Induction start date",
            "Start date",
            "Start",
            "Induction start",
            "Date induction started",
            "Date started",
        ),
        "fte": _keys(
            "FTE",
            "FTE %",
            "FTE percentage",
            "Full time equivalent",
            "Working pattern",
            "Hours (FTE)",
        ),
        "programme": _keys(
            "Programme",
            "Induction programme",
            "Training programme",
            "Programme type",
            "ECF programme",
        ),
        "mentor": _keys("Mentor", "Mentor name", "ECT mentor"),
        "mentor_email": _keys("Mentor email", "Mentor email address", "Mentor e-mail"),
        "tutor": _keys("Induction tutor", "Tutor", "Induction tutor name", "Tutor name"),
        "tutor_email": _keys(
            "Induction tutor email", "Tutor email", "Induction tutor email address"
        ),
        "email": _keys("Email", "ECT email", "Email address", "ECT email address", "E-mail"),
        "former_names": _keys(
            "Former names",
            "Former name",
            "Previous names",
            "Previous name",
            "Previous surname",
            "Former surname",
            "Maiden name",
        ),
        "mentor_qts": _keys("Mentor has QTS", "Mentor QTS", "Mentor holds QTS"),
        "tutor_qts": _keys(
            "Induction tutor has QTS", "Tutor has QTS", "Tutor QTS", "Induction tutor QTS"
        ),
        "same_person_reason": _keys(
            "Why mentor is also tutor",
            "Mentor and tutor same person reason",
            "Same person reason",
            "Reason mentor is tutor",
        ),
        "timetable_part1": _keys(
            "Timetable part 1",
            "Timetable part 1 %",
            "Part 1 timetable",
            "Timetable year 1",
            "Year 1 timetable",
            "Reduced timetable part 1",
            "Reduced timetable year 1",
        ),
        "timetable_part2": _keys(
            "Timetable part 2",
            "Timetable part 2 %",
            "Part 2 timetable",
            "Timetable year 2",
            "Year 2 timetable",
            "Reduced timetable part 2",
            "Reduced timetable year 2",
        ),
        "post_suitable": _keys(
            "Post suitable",
            "Suitable post",
            "Post suitable for induction",
            "Teaching age range and subject trained for",
        ),
        "prior_terms": _keys(
            "FTE terms served elsewhere",
            "Terms served elsewhere",
            "FTE terms with previous AB",
            "Prior FTE terms",
            "Previous induction FTE terms",
        ),
        "prior_ab": _keys(
            "Previous appropriate body",
            "Previous AB",
            "Appropriate body before",
            "Served elsewhere with",
        ),
        "prior_from": _keys(
            "Served elsewhere from", "Previous induction from", "Previous induction start"
        ),
        "prior_to": _keys("Served elsewhere to", "Previous induction to", "Previous induction end"),
    },
    "checkpoints": {
        "trn": TRN,
        "first_name": _keys("First name", "Forename"),
        "last_name": _keys("Last name", "Surname"),
        "kind": _keys(
            "Kind",
            "Checkpoint",
            "Type",
            "Review or assessment",
            "Assessment type",
            "Return type",
            "Checkpoint kind",
            "Review type",
            "Type of review",
            "Review/assessment",
            "Type of return",
        ),
        "term": _keys("Term", "Assessment term", "Review term"),
        "date": _keys(
            "Date",
            "Date held",
            "Review date",
            "Assessment date",
            "Date of review",
            "Date of assessment",
            "Meeting date",
            "Date completed",
            "Completed on",
            "Date of meeting",
        ),
        "on_track": _keys(
            "On track", "On track?", "Making satisfactory progress", "Progress on track"
        ),
        "support_plan": _keys("Support plan", "Support plan in place", "Support plan in place?"),
        "overall": _keys("Overall", "Overall judgement", "Judgement", "Outcome", "Overall outcome"),
        **{
            f"ts{n}": _keys(f"TS{n}", f"Teachers' Standard {n}", f"Standard {n}")
            for n in range(1, 9)
        },
        "pt2": _keys("PT2", "Part 2", "Part two", "Personal and professional conduct"),
        "recommendation": _keys(
            "Recommendation", "Headteacher recommendation", "Headteacher's recommendation"
        ),
        "absence_days": _keys(
            "Days absent",
            "Absence days",
            "Absence",
            "Days of absence",
            "Absence (days)",
            "Days absent this term",
            "Days absent in term",
            "Absence this term",
        ),
        "summary": _keys(
            "Summary", "Comments", "Notes", "Comment", "Summary of progress", "Progress summary"
        ),
        "received": _keys("Received", "Date received", "Received on"),
    },
    "absences": {
        "trn": TRN,
        "first_name": _keys("First name", "Forename"),
        "last_name": _keys("Last name", "Surname"),
        "from": _keys(
            "From",
            "Start",
            "First day",
            "Absence start",
            "Start date",
            "Date from",
            "From date",
            "Absence from",
            "First day of absence",
            "First day absent",
        ),
        "to": _keys(
            "To",
            "End",
            "Last day",
            "Absence end",
            "End date",
            "Date to",
            "To date",
            "Absence to",
            "Last day of absence",
            "Last day absent",
        ),
        "days": _keys(
            "Days",
            "Days absent",
            "Number of days",
            "Working days",
            "Working days absent",
            "Days lost",
            "Working days lost",
            "Days off",
        ),
        "kind": _keys(
            "Kind", "Type", "Reason", "Absence type", "Type of absence", "Reason for absence"
        ),
        "extend": _keys(
            "Extend",
            "Extend induction",
            "Extend induction?",
            "ECT chose to extend",
            "Extension requested",
            "Extend by this leave",
            "Chose to extend",
        ),
    },
}

#: Fields that must be matched for a header row to be taken as this kind.
SIGNATURE: dict[str, tuple[frozenset[str], ...]] = {
    "schools": (frozenset({"urn", "name"}),),
    "ects": (frozenset({"trn", "last_name"}), frozenset({"trn", "first_name"})),
    "checkpoints": (frozenset({"trn", "term"}), frozenset({"trn", "kind", "date"})),
    "absences": (frozenset({"trn", "days"}), frozenset({"trn", "from", "to"})),
}
KINDS = tuple(FIELDS)
KIND_LABELS = {
    "schools": "schools",
    "ects": "ECT registrations",
    "checkpoints": "reviews and assessments",
    "absences": "absences",
}


@dataclass
class HeaderMatch:
    kind: str
    row_index: int  # 0-based in the sheet
    fields: dict[int, str]  # column index → field
    headers: list[str] = field(default_factory=list)  # the header row as written

    @property
    def row_number(self) -> int:
        return self.row_index + 1

    def column_of(self, field_name: str) -> str:
        """The header text the school used for ``field_name``."""
        for index, name in self.fields.items():
            if name == field_name:
                return self.headers[index].strip() or field_name
        return field_name


_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _lookup(kind: str) -> dict[str, tuple[str, int]]:
    """header key → (field, rank): a field's first synonyms rank before its vaguer ones."""
    table: dict[str, tuple[str, int]] = {}
    for name, keys in FIELDS[kind].items():
        for rank, key in enumerate(keys):
            table.setdefault(key, (name, rank))
    return table


def match_headers(cells: Sequence[object], kind: str, hidden: set[int] = frozenset()):
    """Column index → field for one candidate header row.

    A header matches with or without a bracketed hint ("Start date (DD/MM/YYYY)").
    Where two columns could be one field, a visible column beats a hidden one and
    the more specific name wins ("School URN" over "School").
    """
    lookup = _lookup(kind)
    best: dict[str, tuple[tuple[bool, int, int], int]] = {}  # field → (sort key, column)
    for index, cell in enumerate(cells):
        found = lookup.get(header_key(cell)) or lookup.get(
            header_key(_BRACKETED.sub("", str(cell)))
        )
        if not found:
            continue
        name, rank = found
        key = (index in hidden, rank, index)
        if name not in best or key < best[name][0]:
            best[name] = (key, index)
    return {index: name for name, (_, index) in sorted(best.items(), key=lambda i: i[1][1])}


def _signed(kind: str, fields: set[str]) -> bool:
    return any(signature <= fields for signature in SIGNATURE[kind])


def find_header(sheet: Sheet, kinds: Sequence[str] = KINDS) -> HeaderMatch | None:
    """The best header row among the first rows, and the kind it shows, or None."""
    best: HeaderMatch | None = None
    best_score = 0
    for index, cells in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        for kind in kinds:
            fields = match_headers(cells, kind, sheet.hidden_columns)
            if not _signed(kind, set(fields.values())):
                continue
            score = len(fields)
            if score > best_score:
                best_score = score
                best = HeaderMatch(kind, index, fields, [str(c) for c in cells])
    return best


def locate_table(
    workbook: Workbook, kind: str | None = None, sheet_name: str | None = None
) -> tuple[Sheet, HeaderMatch]:
    """The sheet and header row holding a ``kind`` table (any kind if None).

    With ``sheet_name`` only that sheet is searched; otherwise the visible sheets
    in order, then the hidden ones.
    """
    kinds = (kind,) if kind else KINDS
    if sheet_name:
        names = [workbook.sheet_named(sheet_name)]
    else:
        names = workbook.visible_sheet_names() + sorted(workbook.hidden_sheets)
    for name in names:
        sheet = workbook.read(name)
        if not any(any(str(c).strip() for c in row) for row in sheet.rows):
            continue
        header = find_header(sheet, kinds)
        if header:
            return sheet, header
    if workbook.format == "csv" and workbook.path.suffix.lower() in (
        ".xlsx",
        ".xlsm",
        ".xls",
        ".ods",
    ):
        raise FileRejected(
            f"{workbook.path.name} is not a spreadsheet: it holds plain text, not a "
            f"{workbook.path.suffix} workbook; ask the school to send the workbook itself"
        )
    wanted = f"header row for {KIND_LABELS[kind]}" if kind else "header row ectrack recognises"
    where = f"sheet {names[0]!r}" if sheet_name else workbook.path.name
    if not any(any(str(c).strip() for row in workbook.read(n).rows for c in row) for n in names):
        raise FileRejected(f"{where} is empty; ask the school to send the completed file")
    example = {
        "schools": "URN and Name",
        "ects": "TRN, First name, Last name",
        "checkpoints": "TRN, Term, Kind",
        "absences": "TRN, From, To, Days",
    }
    needed = example[kind] if kind else "; ".join(f"{k}: {v}" for k, v in example.items())
    raise FileRejected(
        f"{where} has no {wanted} in its first {HEADER_SCAN_ROWS} rows; the header row "
        f"needs columns such as {needed} (use an ectrack template, or --kind and --sheet)"
    )


@dataclass
class SourceRow:
    """One data row as the school sent it."""

    number: int  # the spreadsheet's row number (1 = first row)
    values: dict[str, object]  # field → cell value (strings trimmed; '' for empty)
    cells: list[object]  # every cell of the row, untouched, for the errors workbook


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def table_rows(sheet: Sheet, header: HeaderMatch) -> list[SourceRow]:
    """The data rows under the header; wholly blank rows are skipped."""
    rows = []
    for index in range(header.row_index + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        if all(_blank(c) for c in cells):
            continue
        values = {}
        for column, name in header.fields.items():
            cell = cells[column] if column < len(cells) else ""
            values[name] = cell.strip() if isinstance(cell, str) else cell
        rows.append(SourceRow(index + 1, values, list(cells)))
    return rows
