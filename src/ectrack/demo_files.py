"""School files for the demo AB, as schools really send them, for ``ectrack demo``
to import and for ``examples/``: a GIAS extract, a registration return with a
title above the header and TRNs Excel turned into numbers, a termly return made
from ectrack's own template, and an absence return in Windows-1252 CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from pathlib import Path

from ectrack.demo import academic_year_start, weekday_on_or_after

GIAS_HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "Street",
    "Town",
    "Postcode",
    "TelephoneNum",
]
NEW_SCHOOLS = [
    [
        "150011",
        "383",
        "Leeds",
        "2345",
        "Chapel Allerton Primary School",
        "Community school",
        "Open",
        "Primary",
        "3",
        "11",
        "Mrs",
        "Siân",
        "Hughes",
        "Harrogate Road",
        "Leeds",
        "LS7 3PD",
        "0113 000 0001",
    ],
    [
        "150012",
        "380",
        "Bradford",
        "4012",
        "Thornton Grammar School",
        "Academy converter",
        "Open",
        "Secondary",
        "11",
        "18",
        "Mr",
        "José",
        "Fernández",
        "Leaventhorpe Lane",
        "Bradford",
        "BD13 3BH",
        "01274 000 002",
    ],
]
START = object()  # the registration file's start date: this September
REGISTRATION_HEADER = [
    "Teacher Reference Number",
    "Forename",
    "Surname",
    "DOB",
    "QTS awarded",
    "School URN",
    "Induction start date",
    "FTE %",
    "Programme",
    "Mentor",
    "Induction tutor",
    "Mentor has QTS?",
    "Tutor has QTS?",
    "Timetable year 1 (%)",
    "Post suitable",
]
NEW_ECTS = [
    [
        4102233.0,
        "Megan",
        "Okafor",
        "14/03/2001",
        "18/07/2025",
        "150011",
        START,
        "100",
        "FIP",
        "Dan Walker",
        "Priya Shah",
        "Yes",
        "Y",
        0.9,
        "yes",
    ],
    [
        412277.0,
        "Tomasz",
        "Nowak",
        "02/11/1996",
        "18/07/2025",
        "150011",
        START,
        "80%",
        "provider-led",
        "Dan Walker",
        "Priya Shah",
        "yes",
        "yes",
        "90%",
        "Yes",
    ],
    [
        "RP 41/23344",
        "Ellie",
        "Sutcliffe",
        "1 May 1999",
        "18/07/2025",
        "150012",
        START,
        "60",
        "DIY",
        "Ben Haigh",
        "Ruth Clarke",
        None,  # the school did not say: a gap for the officer to chase
        "yes",
        "yes",
        None,
    ],
]


def write_demo_files(conn: sqlite3.Connection, directory: Path, today: dt.date) -> list[Path]:
    """Write the four files into ``directory``; returns them in the order to import."""
    from openpyxl import Workbook

    from ectrack.operations.templates import write_returns
    from ectrack.rules.calendar import academic_year_of
    from ectrack.spreadsheets.safe_write import open_private, private_directory, save_workbook
    from ectrack.store.induction import load_inductions, term_calendar

    directory = private_directory(directory)
    files = []

    gias = directory / "gias-extract.csv"
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(GIAS_HEADER)
    writer.writerows(NEW_SCHOOLS)
    with open_private(gias) as f:
        f.write(text.getvalue().encode("cp1252"))
    files.append(gias)

    start = weekday_on_or_after(dt.date(academic_year_start(today), 9, 1))
    book = Workbook()
    sheet = book.active
    sheet.title = "New ECTs"
    sheet.append(["Chapel Allerton Primary School and Thornton Grammar School"])
    sheet.append(["ECT registrations: please return to the Appropriate Body by 30 September"])
    sheet.append([])
    sheet.append(REGISTRATION_HEADER)
    for row in NEW_ECTS:
        sheet.append([start.strftime("%d/%m/%Y") if v is START else v for v in row])
    registrations = directory / "registrations.xlsx"
    save_workbook(book, registrations)
    files.append(registrations)

    calendar = term_calendar(conn)
    term = calendar.term_on_or_before(today)
    inductions = load_inductions(conn, today)
    due = {}
    for induction in inductions:
        for c in induction.checkpoints:
            if c.scheduled.term == term and c.record is None:
                due.setdefault(c.scheduled.school_urn, 0)
                due[c.scheduled.school_urn] += 1
    if due:
        urn = max(sorted(due), key=lambda u: due[u])
        ((_, returns, _),) = write_returns(conn, term, directory, today, urn)
        _fill_returns(returns, today)
        files.append(returns)

    absences = directory / "absences.csv"
    trns = [i.trn for i in inductions if i.status == "in_progress"][:3]
    year = academic_year_of(today)
    first = weekday_on_or_after(dt.date(year, 10, 6))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["TRN", "First day of absence", "Last day of absence", "Days lost", "Reason"])
    for n, trn in enumerate(trns):
        begins = first + dt.timedelta(days=7 * n)
        if begins <= today:
            writer.writerow(
                [
                    trn,
                    begins.strftime("%d/%m/%Y"),
                    (begins + dt.timedelta(days=2)).strftime("%d/%m/%Y"),
                    3,
                    "Sickness",
                ]
            )
    with open_private(absences) as f:
        f.write(text.getvalue().encode("cp1252"))
    files.append(absences)
    return files


def _fill_returns(path: Path, today: dt.date) -> None:
    """The school's answers: every review on track, every assessment satisfactory."""
    from openpyxl import load_workbook

    from ectrack.spreadsheets.safe_write import save_workbook

    book = load_workbook(path)
    sheet = book["Returns"]
    headers = [c.value for c in sheet[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    for r in range(2, sheet.max_row + 1):
        kind = sheet.cell(r, col["Kind"]).value
        if not kind:
            continue
        sheet.cell(r, col["Date"], today - dt.timedelta(days=3))
        if kind == "progress review":
            sheet.cell(r, col["On track"], "yes")
            sheet.cell(r, col["Support plan"], "no")
        else:
            sheet.cell(r, col["Overall"], "satisfactory")
            for standard in [f"TS{n}" for n in range(1, 9)] + ["PT2"]:
                sheet.cell(r, col[standard], "meeting")
            if kind == "final formal assessment":
                sheet.cell(r, col["Recommendation"], "satisfactory")
    save_workbook(book, path)
