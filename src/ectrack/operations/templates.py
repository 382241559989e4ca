"""The templates ectrack gives schools, and the termly returns pre-filled per school.

Headers are names ectrack's importer recognises, so a filled template comes
back clean.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from ectrack.rules.absence import ABSENCE_KINDS
from ectrack.rules.calendar import parse_term
from ectrack.rules.identifiers import PHASES
from ectrack.rules.schedule import PROGRESS_REVIEW
from ectrack.spreadsheets.safe_write import private_directory, slug
from ectrack.spreadsheets.templates import Column, write_template

YES_NO = ("yes", "no")
JUDGEMENT = ("meeting", "not yet meeting")
KIND_NAMES = {
    "progress_review": "progress review",
    "first_formal_assessment": "first formal assessment",
    "final_formal_assessment": "final formal assessment",
    "interim_assessment": "interim assessment",
}
DATE_HELP = "a date, day first (DD/MM/YYYY)"
TRN_HELP = "the teacher reference number, 7 digits (keep leading zeros)"

COLUMNS = {
    "schools": [
        Column("URN", 10, "code", help="the school's 6-digit URN (GIAS)"),
        Column("Name", 40, help="the school's name"),
        Column("Local authority", 20),
        Column("LAESTAB", 12, "code", help="NNN/NNNN"),
        Column("Phase", 22, choices=PHASES),
        Column("Headteacher", 24),
        Column("Email", 32, help="the contact for induction"),
        Column("Special measures", 10, choices=YES_NO, help="yes if Ofsted placed it there"),
        Column(
            "HMCI permission",
            10,
            choices=YES_NO,
            help="in special measures: yes if HMCI allows induction there",
        ),
    ],
    "ects": [
        Column("TRN", 11, "code", help=TRN_HELP),
        Column("First name", 16),
        Column("Last name", 18),
        Column("Date of birth", 14, "date", help=DATE_HELP),
        Column("QTS date", 14, "date", help="when QTS was awarded, " + DATE_HELP),
        Column("School URN", 11, "code", help="the employing school's 6-digit URN"),
        Column("Induction start date", 14, "date", help="as agreed with the AB, " + DATE_HELP),
        Column("FTE", 8, "number", help="0.1 to 1.0, e.g. 0.8 (or 80%)"),
        Column("Programme", 14, choices=("provider-led", "school-led")),
        Column("Mentor", 20),
        Column("Mentor email", 28),
        Column("Induction tutor", 20),
        Column("Induction tutor email", 28),
        Column("Email", 28, help="the ECT's email"),
        Column("Mentor has QTS", 10, choices=YES_NO),
        Column("Induction tutor has QTS", 10, choices=YES_NO),
        Column(
            "Why mentor is also tutor",
            28,
            help="only when one person is both mentor and induction tutor",
        ),
        Column(
            "Timetable part 1 (%)",
            10,
            "number",
            help="the ECT's timetable as % of a normal one in year 1: at most 90",
        ),
        Column(
            "Timetable part 2 (%)",
            10,
            "number",
            help="the ECT's timetable as % of a normal one in year 2: at most 95",
        ),
        Column(
            "Post suitable",
            10,
            choices=YES_NO,
            help="yes if the ECT teaches the age range and subject they trained for",
        ),
        Column(
            "FTE terms served elsewhere",
            12,
            "number",
            help="only for an ECT who began induction with another appropriate body: the "
            "FTE terms the DfE holds for it, with the next three columns",
        ),
        Column("Previous appropriate body", 24, help="the AB they served it with"),
        Column("Served elsewhere from", 14, "date", help="first day of induction there"),
        Column("Served elsewhere to", 14, "date", help="last day of induction there"),
    ],
    "checkpoints": [
        Column("TRN", 11, "code", help=TRN_HELP),
        Column("First name", 14),
        Column("Last name", 16),
        Column(
            "Kind",
            24,
            choices=tuple(KIND_NAMES.values()),
            help="progress review, first / final formal assessment, interim assessment",
        ),
        Column("Term", 13, help="e.g. 2026-spring"),
        Column("Due", 12, "date", help="when the AB needs it (filled in by ectrack)"),
        Column("Date", 12, "date", help="when the review or assessment was held, " + DATE_HELP),
        Column("On track", 9, choices=YES_NO, help="progress reviews: yes or no"),
        Column("Support plan", 12, choices=YES_NO, help="yes if a support plan is in place"),
        Column(
            "Overall",
            15,
            choices=("satisfactory", "unsatisfactory"),
            help="assessments: the overall judgement",
        ),
        *(
            Column(f"TS{n}", 9, choices=JUDGEMENT, help=f"Teachers' Standard {n}")
            for n in range(1, 9)
        ),
        Column("PT2", 9, choices=JUDGEMENT, help="Part two: personal and professional conduct"),
        Column(
            "Recommendation",
            16,
            choices=("satisfactory", "unsatisfactory", "extend"),
            help="final assessment only: the headteacher's recommendation",
        ),
        Column("Days absent", 11, "number"),
        Column("Summary", 40),
    ],
    "absences": [
        Column("TRN", 11, "code", help=TRN_HELP),
        Column("First name", 14),
        Column("Last name", 16),
        Column("From", 12, "date", help="first day absent, " + DATE_HELP),
        Column("To", 12, "date", help="last day absent, " + DATE_HELP),
        Column("Days", 8, "number", help="contracted working days absent"),
        Column("Kind", 22, choices=ABSENCE_KINDS),
        Column(
            "Extend",
            8,
            choices=YES_NO,
            help="statutory leave only: yes if the ECT chose to extend induction",
        ),
    ],
}
SHEETS = {"schools": "Schools", "ects": "ECTs", "checkpoints": "Returns", "absences": "Absences"}
PURPOSE = {
    "schools": "Schools working with the Appropriate Body",
    "ects": "Registering early career teachers (ECTs) with the Appropriate Body",
    "checkpoints": "Progress reviews and assessments (one row each)",
    "absences": "ECTs' absences",
}


def instructions(kind: str, extra: str = "") -> list[str]:
    return [
        PURPOSE[kind],
        f"Fill in the '{SHEETS[kind]}' sheet, one row each. Keep the header row as it is.",
        "Dates: day first, e.g. 01/09/2025. TRNs: 7 digits, keep leading zeros.",
        "Send the file back as it is (.xlsx). Rows ectrack cannot take come back to you in a "
        "workbook with an 'Error message' column: correct them there and send that file back.",
        *([extra] if extra else []),
    ]


def write_blank_template(kind: str, path: Path) -> Path:
    return write_template(Path(path), SHEETS[kind], COLUMNS[kind], instructions(kind))


def returns_rows(inductions, term, school_urn: str | None = None) -> dict[str, list[list]]:
    """The rows of each school's returns workbook for ``term``: exactly the checkpoints
    due then (ECT, TRN, kind, due date), in the order the workbook lists them."""
    by_school: dict[str, list[list[object]]] = {}
    for induction in inductions:
        for c in induction.checkpoints:
            if c.scheduled.term != term or (school_urn and c.scheduled.school_urn != school_urn):
                continue
            row = [
                induction.trn,
                induction.ect.first_name,
                induction.ect.last_name,
                KIND_NAMES[c.scheduled.kind],
                term.name,
                c.scheduled.due_on,
            ]
            by_school.setdefault(c.scheduled.school_urn, []).append(row)
    for rows in by_school.values():
        rows.sort(key=lambda r: (r[2], r[1], r[3] != KIND_NAMES[PROGRESS_REVIEW]))
    return by_school


def returns_file_name(urn: str, school_name: str | None, term) -> str:
    return f"{urn}-{slug(school_name or 'school')}-{term.name}-returns.xlsx"


def write_returns_workbook(path: Path, urn: str, school_name: str | None, term, rows) -> None:
    """One school's returns workbook for ``term`` (rows from ``returns_rows``)."""
    write_template(
        path,
        SHEETS["checkpoints"],
        COLUMNS["checkpoints"],
        instructions(
            "checkpoints",
            f"{school_name or urn} ({urn}): the reviews and "
            f"assessments due in {term.name}, {len(rows)} in all. Fill in the "
            "date held and the judgements.",
        ),
        rows=rows,
        blank_rows=0,
    )


def write_returns(
    conn: sqlite3.Connection,
    term: object,
    directory: Path,
    today: dt.date,
    school_urn: str | None = None,
) -> list[tuple[str, Path, int]]:
    """One workbook per school holding exactly the checkpoints due in ``term``
    (ECT, TRN, kind, due date), for the school to add the judgements.
    Returns (URN, path, rows) per workbook written."""
    from ectrack.store.induction import load_inductions
    from ectrack.store.schools import list_schools

    term = parse_term(term)
    by_school = returns_rows(load_inductions(conn, today, school_urn), term, school_urn)
    names = {s.urn: s.name for s in list_schools(conn)}
    directory = private_directory(directory)
    written = []
    for urn, rows in sorted(by_school.items()):
        path = directory / returns_file_name(urn, names.get(urn), term)
        write_returns_workbook(path, urn, names.get(urn), term, rows)
        written.append((urn, path, len(rows)))
    return written
