"""Induction served before this AB (REG 9; SG 2.30-2.40): periods elsewhere, and the
transfer file that carries one ECT's induction from one AB to the next.

One induction per teacher, ever: an ECT who served terms with another AB
continues it here. A **period elsewhere** counts the FTE terms the DfE holds for
it (taken as given), in the total and in the part; the days absent it brings
count towards the part's 30; an extension the other AB decided lengthens the
whole. It holds no checkpoint here and is never claimed from the DfE by this AB.

The **transfer file** (``ect transfer-out``) is one workbook a person can read
and ectrack can import, one sheet per part (the layout is documented in the
README and in ``LAYOUT``). ``import`` recognises it by its first cell and records
the ECT with their induction so far as periods elsewhere, with their reviews and
assessments, all or nothing, audited as a transfer in.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from ectrack.errors import EctrackError, FileRejected, InvalidValue, RuleBroken
from ectrack.labels import CHECKPOINT_LABELS
from ectrack.models import (
    STANDARDS,
    CheckpointRecord,
    Ect,
    Elsewhere,
    InductionPeriod,
    days_number,
    iso,
    tenths_to_number,
    yes_no,
)
from ectrack.operations.ects import ect_created, period_created, require_ect
from ectrack.operations.induction import (
    ASSESSMENT_KINDS,
    parse_extension,
    parse_half_days,
    save_checkpoint_record,
)
from ectrack.rules import eligibility
from ectrack.rules import identifiers as ids
from ectrack.rules import periods as period_rules
from ectrack.rules.absence import days_to_tenths
from ectrack.rules.calendar import TermCalendar
from ectrack.rules.fte import STANDARD_INDUCTION_TENTHS, TERM_TENTHS
from ectrack.store import ects as store
from ectrack.store.audit import Author, record_event
from ectrack.values import escape_invisible, parse_date, parse_yes_no, visible_text

# --- periods elsewhere -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PriorAssessment:
    """The latest formal or interim assessment made with the other AB."""

    kind: str  # first_formal_assessment, final_formal_assessment, interim_assessment
    held_on: dt.date
    overall: str


def plan_prior_period(
    ect: Ect,
    calendar: TermCalendar,
    *,
    ab: object,
    starts_on: object,
    ends_on: object,
    terms: object,
    today: dt.date,
    institution: object = None,
    absence_part1: object = None,
    absence_part2: object = None,
    programme: object = None,
    extension: object = None,
) -> InductionPeriod:
    """A period served with another AB, checked (nothing written): its dates are
    over, not before QTS nor 7 May 1999; its FTE terms (as the DfE holds them,
    0-16) fit the terms its dates span (at most 1.0 each)."""
    body = ids.check_name(ab, "ab")
    place = ids.check_name(institution, "institution") if institution else None
    start, end = parse_date(starts_on, "from"), parse_date(ends_on, "to")
    if end < start:
        raise InvalidValue("to", end.isoformat(), f"is before --from {start}", "check the dates")
    if end > today:
        raise InvalidValue(
            "to",
            end.isoformat(),
            f"is after today ({today}); a period with another AB is over before it comes here",
            "give the last day of induction with that AB",
        )
    eligibility.check_induction_start(start, ect.qts_date, "from")
    tenths = eligibility.parse_fte_terms(terms)
    spanned = 0
    term = calendar.term_on_or_after(start)
    while calendar.dates(term).starts_on <= end:
        spanned += 1
        term = term.next()
    if tenths > max(spanned, 1) * TERM_TENTHS:
        raise InvalidValue(
            "terms",
            terms,
            f"from {start} to {end} spans {spanned} term{'s' if spanned != 1 else ''}, which "
            f"hold at most {spanned}.0 FTE terms",
            "check the FTE terms the other AB recorded, and the dates",
        )
    return InductionPeriod(
        id=0,
        trn=ect.trn,
        school_urn=None,
        started_on=start,
        finished_on=end,
        fte_percent=None,
        programme=ids.normalise_programme(programme) if programme else None,
        fte_terms_tenths=tenths,
        closed_by="release",  # the other AB released the ECT
        elsewhere=Elsewhere(
            body,
            place,
            parse_half_days(absence_part1, "absence_part1", least=0) if absence_part1 else 0,
            parse_half_days(absence_part2, "absence_part2", least=0) if absence_part2 else 0,
            parse_extension(extension, "extension") if extension is not None else None,
        ),
    )


def check_not_whole(ect: Ect, periods: list[InductionPeriod]) -> None:
    """Terms served elsewhere cannot already make a whole induction: its final
    assessment and decision belong to the AB it was served with."""
    elsewhere = [p for p in periods if not p.is_here]
    served = sum(p.fte_terms_tenths or 0 for p in elsewhere)
    whole = (ect.reduced_to_tenths or STANDARD_INDUCTION_TENTHS) + sum(
        p.elsewhere.extension_tenths or 0 for p in elsewhere
    )
    if served >= whole:
        raise RuleBroken(
            f"with {served / 10:.1f} FTE terms served with other ABs, {ect.trn} would already "
            f"have served the whole induction ({whole / 10:.1f}); its final assessment and "
            "decision belong to the AB they served it with: check the terms"
        )


def insert_prior_period(
    conn: sqlite3.Connection, author: Author, period: InductionPeriod
) -> InductionPeriod:
    """Store a planned period elsewhere (audited); refused if it overlaps another."""
    periods = store.periods_of(conn, period.trn)
    period_rules.check_no_overlap(periods, period.started_on, period.finished_on)
    period_id = store.insert_period(
        conn,
        trn=period.trn,
        school_urn=None,
        started_on=period.started_on,
        fte_percent=None,
        programme=period.programme,
        finished_on=period.finished_on,
        closed_by=period.closed_by,
        fte_terms_tenths=period.fte_terms_tenths,
        elsewhere=period.elsewhere,
    )
    saved = replace(period, id=period_id)
    record_event(conn, author, **period_created(saved))
    return saved


def _merge_posts_held_at_once(planned: list[InductionPeriod]) -> list[InductionPeriod]:
    """Two posts held at once with the sending AB are one period elsewhere here (from
    the first start to the last end, their FTE terms added): periods elsewhere never
    overlap."""
    merged: list[InductionPeriod] = []
    for p in sorted(planned, key=lambda p: p.started_on):
        last = merged[-1] if merged else None
        if last is None or p.started_on > last.finished_on:
            merged.append(p)
            continue
        places = [x for x in (last.elsewhere.institution, p.elsewhere.institution) if x]
        merged[-1] = replace(
            last,
            finished_on=max(last.finished_on, p.finished_on),
            fte_terms_tenths=last.fte_terms_tenths + p.fte_terms_tenths,
            elsewhere=replace(last.elsewhere, institution="; ".join(dict.fromkeys(places)) or None),
        )
    return merged


def add_prior_period(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    *,
    today: dt.date,
    assessment: PriorAssessment | None = None,
    **fields,
) -> InductionPeriod:
    """Record induction an ECT served with another AB before this one (``fields``:
    those of ``plan_prior_period``), and optionally the latest assessment made there."""
    from ectrack.store.induction import term_calendar

    ect = require_ect(conn, trn)
    periods = store.periods_of(conn, ect.trn)
    period_rules.check_can_start(ect.trn, periods, ect.exempt_reason)
    period = plan_prior_period(ect, term_calendar(conn), today=today, **fields)
    check_not_whole(ect, [*periods, period])
    saved = insert_prior_period(conn, author, period)
    if assessment is not None:
        save_prior_record(conn, author, ect.trn, saved.elsewhere.appropriate_body, assessment)
    return saved


def parse_prior_assessment(
    kind: object, held_on: object, overall: object, today: dt.date
) -> PriorAssessment | None:
    """``--assessment KIND --assessment-on DATE --assessment-overall JUDGEMENT``: all
    three, or none."""
    given = {"assessment": kind, "assessment_on": held_on, "assessment_overall": overall}
    if all(v is None for v in given.values()):
        return None
    for field, value in given.items():
        if value is None:
            raise InvalidValue(
                field,
                None,
                "the latest assessment elsewhere needs its kind, date and judgement",
                "give --assessment, --assessment-on and --assessment-overall together",
            )
    key = str(kind).strip().lower()
    if key not in ASSESSMENT_KINDS:
        raise InvalidValue(
            "assessment", kind, "not a kind of assessment", "use first, final or interim"
        )
    judgement = str(overall).strip().lower()
    if judgement not in ("satisfactory", "unsatisfactory"):
        raise InvalidValue(
            "assessment_overall",
            overall,
            "the overall judgement must be satisfactory or unsatisfactory",
            "write satisfactory or unsatisfactory",
        )
    day = parse_date(held_on, "assessment_on")
    if day > today:
        raise InvalidValue(
            "assessment_on", day.isoformat(), f"is after today ({today})", "check the date"
        )
    return PriorAssessment(ASSESSMENT_KINDS[key], day, judgement)


def save_prior_record(
    conn: sqlite3.Connection, author: Author, trn: str, ab: str, assessment: PriorAssessment
) -> CheckpointRecord:
    from ectrack.store.induction import term_calendar

    term = term_calendar(conn).term_on_or_before(assessment.held_on)
    return save_checkpoint_record(
        conn,
        author,
        CheckpointRecord(
            id=0,
            trn=trn,
            kind=assessment.kind,
            term=term.name,
            held_on=assessment.held_on,
            received_on=assessment.held_on,
            overall=assessment.overall,
            appropriate_body=ab,
        ),
    )


def remove_prior_period(
    conn: sqlite3.Connection, author: Author, trn: object, *, starts_on: object
) -> InductionPeriod:
    """Remove a period elsewhere recorded in error (the one starting ``starts_on``)."""
    ect = require_ect(conn, trn)
    start = parse_date(starts_on, "from")
    periods = store.periods_of(conn, ect.trn)
    found = next((p for p in periods if not p.is_here and p.started_on == start), None)
    if found is None:
        listed = ", ".join(str(p.started_on) for p in periods if not p.is_here) or "none"
        raise RuleBroken(
            f"{ect.trn} has no period with another AB starting {start}; those recorded "
            f"start: {listed}"
        )
    store.delete_period(conn, found.id)
    record_event(
        conn,
        author,
        entity="induction_period",
        entity_id=found.id,
        action="delete",
        before=found.to_json(),
        trn=ect.trn,
    )
    return found


# --- the transfer file -----------------------------------------------------------------

MARKER = "ectrack induction transfer file"
LAYOUT_VERSION = 1
#: The sheets of layout 1, in order, and their columns (the About sheet is label/value).
LAYOUT = {
    "About": ("Item", "Value"),
    "Periods": (
        "Appropriate body",
        "Institution",
        "School URN",
        "From",
        "To",
        "FTE",
        "Programme",
        "FTE terms",
        "Ended by",
        "Lead post",
    ),
    "Absence by part": (
        "Part",
        "Days towards 30",
        "Statutory leave days",
        "Statutory leave the ECT chose to extend by (days)",
        "Extension from absence (FTE terms)",
    ),
    "Absences": ("From", "To", "Days", "Kind", "ECT chose to extend"),
    "Extensions": (
        "Decided on",
        "Appropriate body",
        "FTE terms",
        "Why",
        "Appeal lodged",
        "Appeal result",
        "Appeal result on",
    ),
    "Reviews and assessments": (
        "Appropriate body",
        "Checkpoint",
        "Term",
        "Held on",
        "Received on",
        "On track",
        "Support plan",
        "Overall",
        *(s.upper() for s in STANDARDS),
        "Recommendation",
        "Days absent",
        "Summary",
    ),
    "Entitlement": ("Item", "Value"),
}
#: The About sheet's personal details, by label.
ABOUT_ECT = (
    "TRN",
    "First name",
    "Last name",
    "Date of birth",
    "QTS date",
    "Email",
    "Reduced induction (FTE terms)",
)


def transfer_out(
    conn: sqlite3.Connection,
    author: Author,
    trn: object,
    path: Path,
    *,
    ab: object,
    today: dt.date,
) -> dict:
    """Write everything the next AB needs about one ECT who has left this AB's care
    into one owner-only workbook (see ``LAYOUT``); audited, without the data."""
    from openpyxl import Workbook

    from ectrack.spreadsheets.safe_write import DATE_FORMAT, is_risky_text, save_workbook
    from ectrack.store.induction import load_induction

    ect = require_ect(conn, trn)
    sender = ids.check_name(ab, "ab")
    path = Path(path)
    if path.exists():
        raise EctrackError(f"{path} already exists; give -o a new file name")
    induction = load_induction(conn, ect, today)
    if induction.status in ("passed", "failed", "exempt"):
        what = "no induction to carry" if induction.status == "exempt" else "completed induction"
        raise RuleBroken(
            f"{ect.trn} has {what} ({induction.status}); a transfer file carries an "
            "induction still to finish"
        )
    if held := [p for p in induction.here if p.is_open]:
        raise RuleBroken(
            f"{ect.trn} still holds a post here (at {held[0].school_urn} from "
            f"{held[0].started_on}); release them first with 'ectrack ect release {ect.trn} "
            "--on DATE', so the next AB continues from their last day"
        )
    from ectrack.store.schools import list_schools

    names = {s.urn: s.name for s in list_schools(conn)}
    book = Workbook()
    sheets = {}
    for n, (title, header) in enumerate(LAYOUT.items()):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = title
        sheets[title] = sheet
        if title not in ("About", "Entitlement"):
            sheet.append(header)
            sheet.freeze_panes = "A2"

    schedule, parts = induction.schedule, induction.schedule.part_absence
    about = [
        (MARKER, None),
        ("Layout version", LAYOUT_VERSION),
        ("Written by (appropriate body)", sender),
        ("Written on", today),
        (
            "What this is",
            "Everything the next appropriate body needs to continue this ECT's "
            "statutory induction (REG 9: one induction per teacher). Periods with this AB are "
            "periods elsewhere for the next one. Import it with 'ectrack import FILE'.",
        ),
        (None, None),
        ("TRN", ect.trn),
        ("First name", ect.first_name),
        ("Last name", ect.last_name),
        ("Date of birth", ect.date_of_birth),
        ("QTS date", ect.qts_date),
        ("Email", ect.email),
        ("Reduced induction (FTE terms)", tenths_to_number(ect.reduced_to_tenths)),
        (None, None),
        ("Status when written", induction.status.replace("_", " ")),
        ("Induction started", min(p.started_on for p in induction.periods)),
        ("FTE terms served", tenths_to_number(induction.served_tenths)),
        ("FTE terms required", tenths_to_number(schedule.required_tenths)),
        ("Part of induction now", induction.part_on(today)),
        ("At risk", yes_no(induction.at_risk)),
    ]
    rows: dict[str, list[tuple]] = {title: [] for title in LAYOUT}
    rows["About"] = about
    for p in induction.periods:
        if p.elsewhere is not None:
            e = p.elsewhere
            rows["Periods"].append(
                (
                    e.appropriate_body,
                    e.institution,
                    None,
                    p.started_on,
                    p.finished_on,
                    None,
                    p.programme,
                    tenths_to_number(induction.period_tenths[p.id]),
                    "served elsewhere",
                    None,
                )
            )
            continue
        rows["Periods"].append(
            (
                sender,
                names.get(p.school_urn, p.school_urn),
                p.school_urn,
                p.started_on,
                p.finished_on,
                p.fte_percent / 100,
                p.programme,
                tenths_to_number(induction.period_tenths[p.id]),
                p.outcome or p.closed_by,
                yes_no(p.lead),
            )
        )
    for n in (1, 2):
        rows["Absence by part"].append(
            (
                n,
                days_number(parts[n].counting_days),
                days_number(parts[n].statutory_days),
                days_number(parts[n].statutory_extend_days),
                tenths_to_number(parts[n].extension_tenths),
            )
        )
    for a in induction.absences:
        rows["Absences"].append(
            (a.starts_on, a.ends_on, days_number(a.days), a.kind, yes_no(a.extend))
        )
    for p in induction.elsewhere:
        if p.elsewhere.extension_tenths:
            rows["Extensions"].append(
                (
                    None,
                    p.elsewhere.appropriate_body,
                    tenths_to_number(p.elsewhere.extension_tenths),
                    "extension decided there",
                    None,
                    None,
                    None,
                )
            )
    for d in induction.decisions:
        if d.effective_outcome == "extend":
            rows["Extensions"].append(
                (
                    d.decided_on,
                    sender,
                    tenths_to_number(d.effective_extension_tenths),
                    "the AB's decision" if d.outcome == "extend" else "an appeal against a fail",
                    d.appeal_lodged_on,
                    d.appeal_result,
                    d.appeal_result_on,
                )
            )
    for n in (1, 2):
        if parts[n].statutory_extend_days:
            rows["Extensions"].append(
                (
                    None,
                    sender,
                    tenths_to_number(days_to_tenths(parts[n].statutory_extend_days)),
                    f"statutory leave the ECT chose to extend by, part {n}",
                    None,
                    None,
                    None,
                )
            )
    for r in induction.records:
        rows["Reviews and assessments"].append(
            (
                r.appropriate_body or sender,
                CHECKPOINT_LABELS[r.kind],
                r.term,
                r.held_on,
                r.received_on,
                yes_no(r.on_track),
                yes_no(r.support_plan),
                r.overall,
                *((r.standards or {}).get(s) for s in STANDARDS),
                r.recommendation,
                None if r.absence_days is None else days_number(r.absence_days),
                r.summary,
            )
        )
    last = induction.here[-1] if induction.here else None
    if last is not None:
        e = last.entitlement
        rows["Entitlement"] = [
            ("The last post here", f"{names.get(last.school_urn, '')} ({last.school_urn})"),
            ("Mentor", last.mentor.name if last.mentor else None),
            ("Mentor has QTS", yes_no(last.mentor.qts) if last.mentor else None),
            ("Induction tutor", last.tutor.name if last.tutor else None),
            ("Induction tutor has QTS", yes_no(last.tutor.qts) if last.tutor else None),
            ("Timetable part 1 (%)", e.timetable_part1),
            ("Timetable part 2 (%)", e.timetable_part2),
            ("Post suitable", yes_no(e.post_suitable)),
            ("Fidelity check", iso(e.fidelity_checked_on)),
            ("Fidelity result", e.fidelity_result),
        ]
    for title, sheet in sheets.items():
        for row in rows[title]:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = DATE_FORMAT
                elif is_risky_text(cell.value):
                    cell.data_type = "s"  # text that a spreadsheet will never run
        for column in sheet.columns:
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width, 10), 60) + 2
    save_workbook(book, path)
    record_event(
        conn,
        author,
        entity="transfer",
        entity_id=f"out {ect.trn}",
        action="create",
        after={"file": str(path), "written_by": sender, "layout": LAYOUT_VERSION},
        trn=ect.trn,
    )
    return {
        "trn": ect.trn,
        "file": str(path),
        "periods": len(rows["Periods"]),
        "records": len(rows["Reviews and assessments"]),
        "fte_terms_served": tenths_to_number(induction.served_tenths),
        "fte_terms_required": tenths_to_number(schedule.required_tenths),
    }


def is_transfer_file(workbook) -> bool:
    """The workbook is a transfer file: its first sheet is About, its first cell the
    marker."""
    if not workbook.sheet_names or workbook.sheet_names[0] != "About":
        return False
    rows = workbook.read("About").rows
    return bool(rows) and bool(rows[0]) and str(rows[0][0]).strip() == MARKER


class _Reader:
    """The sheets of a transfer file, each row as {column: value}; a bad cell is a
    ``FileRejected`` naming the sheet, row, column and value."""

    def __init__(self, workbook):
        self.workbook, self.name = workbook, workbook.path.name

    def reject(self, sheet: str, row: int, column: str | None, value, why: str) -> FileRejected:
        where = f"{self.name}, sheet '{sheet}', row {row}"
        if column:
            where += f", column '{column}'"
        if value not in (None, ""):
            where += f", value '{escape_invisible(str(value))}'"
        return FileRejected(
            f"{where}: {why}; nothing was written: ask the AB that wrote it for a new file"
        )

    def about(self) -> dict[str, tuple[int, object]]:
        """The About sheet: label → (row, value)."""
        return {
            str(r[0]).strip(): (n, r[1] if len(r) > 1 else None)
            for n, r in enumerate(self.workbook.read("About").rows, start=1)
            if r and r[0] not in (None, "")
        }

    def table(self, title: str) -> list[tuple[int, dict]]:
        if title not in self.workbook.sheet_names:
            raise FileRejected(
                f"{self.name} has no sheet '{title}'; it is not a whole transfer file: ask "
                "the AB that wrote it for a new one"
            )
        rows = self.workbook.read(title).rows
        header = [str(c).strip() for c in (rows[0] if rows else [])]
        missing = [c for c in LAYOUT[title] if c not in header]
        if missing:
            raise self.reject(title, 1, missing[0], None, "the column is missing")
        return [
            (n, {h: (None if v == "" else v) for h, v in zip(header, row, strict=False)})
            for n, row in enumerate(rows[1:], start=2)
            if any(v not in (None, "") for v in row)
        ]

    def value(self, sheet: str, row: int, column: str, value, check):
        """``check(value)``, or the refusal naming where the value is."""
        try:
            return check(value)
        except InvalidValue as e:
            raise self.reject(sheet, row, column, value, f"{e.problem}") from None


def import_transfer(conn: sqlite3.Connection, author: Author, workbook, *, today: dt.date) -> dict:
    """Record the ECT a transfer file carries, with their induction so far as periods
    elsewhere and the reviews and assessments made there; the caller holds the
    transaction. Returns what was recorded."""
    from ectrack.store.induction import term_calendar

    read = _Reader(workbook)
    about = read.about()

    def given(label: str, check=None):
        """The About sheet's value for ``label`` (None when blank), checked."""
        row, value = about.get(label, (None, None))
        if value in (None, "") or check is None:
            return None if value == "" else value
        return read.value("About", row, "Value", value, check)

    layout = given("Layout version")
    try:
        version = int(float(str(layout)))
    except ValueError:
        version = None
    if version != LAYOUT_VERSION:
        newer = version is not None and version > LAYOUT_VERSION
        raise FileRejected(
            f"{read.name} is a transfer file of layout {layout or 'unknown'}; this ectrack reads "
            f"layout {LAYOUT_VERSION}"
            + (": install the newer ectrack to import it" if newer else ": it cannot be read")
        )
    for label in ("Written by (appropriate body)", *ABOUT_ECT):
        if label not in ("Email", "Reduced induction (FTE terms)") and given(label) is None:
            raise read.reject("About", 1, None, None, f"'{label}' is missing")
    sender = given("Written by (appropriate body)", lambda v: ids.check_name(v, "written_by"))
    trn = given("TRN", ids.normalise_trn)
    if existing := store.get_ect(conn, trn):
        raise RuleBroken(
            f"TRN {trn} is already registered here ({existing.full_name}); a transfer file "
            f"records an ECT new to this AB: see 'ectrack ect show {trn}'"
        )
    ect = Ect(
        trn=trn,
        first_name=given("First name", lambda v: ids.check_name(v, "first_name")),
        last_name=given("Last name", lambda v: ids.check_name(v, "last_name")),
        date_of_birth=given("Date of birth", lambda v: parse_date(v, "date_of_birth")),
        qts_date=given("QTS date", lambda v: parse_date(v, "qts_date")),
        email=given("Email", ids.check_email),
        reduced_to_tenths=given("Reduced induction (FTE terms)", eligibility.parse_reduction),
    )
    calendar = term_calendar(conn)
    planned: list[InductionPeriod] = []
    for n, row in read.table("Periods"):
        try:
            planned.append(
                plan_prior_period(
                    ect,
                    calendar,
                    ab=row["Appropriate body"],
                    institution=row["Institution"],
                    starts_on=row["From"],
                    ends_on=row["To"],
                    terms=row["FTE terms"],
                    programme=row["Programme"],
                    today=today,
                )
            )
        except InvalidValue as e:
            column = {
                "ab": "Appropriate body",
                "institution": "Institution",
                "from": "From",
                "to": "To",
                "terms": "FTE terms",
                "programme": "Programme",
            }.get(e.field)
            raise read.reject("Periods", n, column, e.value, e.problem) from None
    if not planned:
        raise read.reject("Periods", 2, None, None, "there are no periods of induction")
    planned = _merge_posts_held_at_once(planned)
    counting = {1: Fraction(0), 2: Fraction(0)}
    for n, row in read.table("Absence by part"):
        part = read.value("Absence by part", n, "Part", row["Part"], _part)
        counting[part] = read.value(
            "Absence by part",
            n,
            "Days towards 30",
            row["Days towards 30"] or 0,
            lambda v: parse_half_days(v, "days", least=0),
        )
    extension = 0
    for n, row in read.table("Extensions"):
        extension += read.value("Extensions", n, "FTE terms", row["FTE terms"], parse_extension)
    # the totals of every AB so far go with the last period, where the next one begins
    planned[-1] = replace(
        planned[-1],
        elsewhere=replace(
            planned[-1].elsewhere,
            absence_part1_days=counting[1],
            absence_part2_days=counting[2],
            extension_tenths=extension or None,
        ),
    )
    records = [
        _record(read, n, row, trn, sender) for n, row in read.table("Reviews and assessments")
    ]
    keys = [(r.kind, r.term, r.appropriate_body) for r in records]
    for (n, _), key in zip(read.table("Reviews and assessments"), keys, strict=True):
        if keys.count(key) > 1:
            raise read.reject(
                "Reviews and assessments", n, None, None, "the same checkpoint appears twice"
            )

    check_not_whole(ect, planned)
    store.insert_ect(conn, ect)
    record_event(conn, author, **ect_created(ect))
    for period in sorted(planned, key=lambda p: p.started_on):
        insert_prior_period(conn, author, period)
    for record in records:
        save_checkpoint_record(conn, author, record)
    summary = {
        "trn": trn,
        "name": ect.full_name,
        "from": sender,
        "written_on": iso(_date_or_none(given("Written on"))),
        "periods": len(planned),
        "records": len(records),
        "fte_terms_elsewhere": sum(p.fte_terms_tenths for p in planned) / 10,
    }
    record_event(
        conn,
        author,
        entity="transfer",
        entity_id=f"in {trn}",
        action="create",
        after={"file": read.name, **{k: v for k, v in summary.items() if k != "name"}},
        trn=trn,
    )
    return summary


def _date_or_none(value) -> dt.date | None:
    try:
        return parse_date(value, "written_on") if value not in (None, "") else None
    except InvalidValue:
        return None


def _part(value) -> int:
    text = str(value).strip().removesuffix(".0")
    if text not in ("1", "2"):
        raise InvalidValue("part", value, "a part of induction is 1 or 2", "write 1 or 2")
    return int(text)


def _record(read: _Reader, n: int, row: dict, trn: str, sender: str) -> CheckpointRecord:
    sheet = "Reviews and assessments"
    by_words = {v: k for k, v in CHECKPOINT_LABELS.items()}

    def kind(v):
        key = str(v or "").strip().lower()
        if key not in by_words:
            raise InvalidValue("kind", v, "not a kind of checkpoint", "")
        return by_words[key]

    def judgement(v):
        key = str(v).strip().lower()
        if key not in ("meeting", "not_yet_meeting"):
            raise InvalidValue("standard", v, "not a judgement (meeting, not_yet_meeting)", "")
        return key

    def one_of(*allowed):
        def check(v):
            key = str(v).strip().lower()
            if key not in allowed:
                raise InvalidValue("value", v, f"not one of {', '.join(allowed)}", "")
            return key

        return check

    def optional(column, check):
        value = row[column]
        return None if value in (None, "") else read.value(sheet, n, column, value, check)

    from ectrack.rules.calendar import parse_term

    return CheckpointRecord(
        id=0,
        trn=trn,
        kind=read.value(sheet, n, "Checkpoint", row["Checkpoint"], kind),
        term=read.value(sheet, n, "Term", row["Term"], lambda v: parse_term(v).name),
        held_on=read.value(sheet, n, "Held on", row["Held on"], lambda v: parse_date(v, "held")),
        received_on=read.value(
            sheet, n, "Received on", row["Received on"], lambda v: parse_date(v, "received")
        ),
        on_track=optional("On track", lambda v: parse_yes_no(v, "on_track")),
        support_plan=optional("Support plan", lambda v: parse_yes_no(v, "support_plan")),
        overall=optional("Overall", one_of("satisfactory", "unsatisfactory")),
        standards={s: j for s in STANDARDS if (j := optional(s.upper(), judgement)) is not None},
        recommendation=optional(
            "Recommendation", one_of("satisfactory", "unsatisfactory", "extend")
        ),
        absence_days=optional("Days absent", lambda v: parse_half_days(v, "absence_days", least=0)),
        summary=optional(
            "Summary", lambda v: visible_text(str(v).strip(), "summary", multiline=True)
        ),
        appropriate_body=read.value(
            sheet,
            n,
            "Appropriate body",
            row["Appropriate body"] or sender,
            lambda v: ids.check_name(v, "appropriate_body"),
        ),
    )
