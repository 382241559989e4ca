"""Importing a school's spreadsheet, never half-way.

Every row goes through the same operations as the equivalent command, so the
same rules and messages apply. One transaction per file: by default one bad
row and nothing is written; ``accept_valid`` keeps the good rows (each row in
its own savepoint); ``dry_run`` writes nothing. Re-importing unchanged rows
changes nothing; a changed row updates its record, audited with the file's
name. Rejected rows go to an errors workbook, as the school sent them.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ectrack.errors import EctrackError, FileRejected, InvalidValue, RuleBroken, shown
from ectrack.operations import ects as ect_ops
from ectrack.operations import induction as induction_ops
from ectrack.operations import schools as school_ops
from ectrack.rules import eligibility
from ectrack.rules import identifiers as ids
from ectrack.rules.calendar import parse_term
from ectrack.rules.entitlement import parse_entitlement, parse_timetable
from ectrack.spreadsheets.headers import HeaderMatch, locate_table, table_rows
from ectrack.spreadsheets.read import open_workbook
from ectrack.store import bulk
from ectrack.store import ects as ect_store
from ectrack.store import induction as induction_store
from ectrack.store import schools as school_store
from ectrack.store.audit import Author, chain_head
from ectrack.store.db import begin_write, end_write, savepoint
from ectrack.values import escape_invisible, parse_date, parse_yes_no

REQUIRED_COLUMNS = {
    "schools": ("urn", "name"),
    "ects": ("trn", "first_name", "last_name", "date_of_birth", "qts_date", "school_urn", "start"),
    "checkpoints": ("trn", "kind", "date"),
    "absences": ("trn", "from", "to", "days", "kind"),
}


@dataclass
class RowProblem:
    row: int
    column: str | None
    value: object
    message: str

    def to_json(self) -> dict:
        value = None if self.value in (None, "") else shown(self.value)
        return {"row": self.row, "column": self.column, "value": value, "message": self.message}

    def line(self) -> str:
        where = f"Row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        if self.value not in (None, ""):
            where += f", value '{escape_invisible(shown(self.value))}'"
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    file: str
    kind: str
    sheet: str
    header_row: int
    rows: int = 0
    counts: Counter = field(default_factory=Counter)
    errors: list[RowProblem] = field(default_factory=list)
    rejected: int = 0
    written: bool = False
    dry_run: bool = False
    errors_file: str | None = None
    transfer: dict | None = None  # a transfer file: the ECT it brought in

    @property
    def valid(self) -> int:
        return self.rows - self.rejected

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "kind": self.kind,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": self.rows,
            "valid": self.valid,
            "created": self.counts["created"],
            "updated": self.counts["updated"],
            "unchanged": self.counts["unchanged"],
            "rejected": self.rejected,
            "written": self.written,
            "dry_run": self.dry_run,
            "errors_file": self.errors_file,
            "errors": [e.to_json() for e in self.errors],
            **({"transfer": self.transfer} if self.transfer else {}),
        }


def _given(values: dict, name: str) -> object | None:
    """The cell's value, or None when the column is missing or the cell empty."""
    value = values.get(name)
    return None if value is None or (isinstance(value, str) and not value) else value


@dataclass
class RowContext:
    conn: sqlite3.Connection
    author: Author
    today: dt.date
    values: dict[str, object]

    def given(self, name: str) -> object | None:
        return _given(self.values, name)


def _check(values: dict, checks: dict[str, Callable]) -> list[InvalidValue]:
    """Every field problem of a row at once (not just the first)."""
    problems = []
    for name, check in checks.items():
        value = values.get(name)
        if value is None or value == "":
            continue
        try:
            check(value)
        except InvalidValue as e:
            problems.append(e)
    return problems


def _required(values: dict, names) -> list[InvalidValue]:
    return [
        InvalidValue(name, None, "this row has no value here", "fill it in")
        for name in names
        if values.get(name) in (None, "")
    ]


# --- schools ---------------------------------------------------------------------------


def _school_fields(row: RowContext) -> dict:
    values = dict(row.values)
    if not row.given("laestab") and row.given("la_code") and row.given("establishment_number"):
        la, number = (
            ids.code_text(values["la_code"]),
            ids.code_text(values["establishment_number"]),
        )
        values["laestab"] = f"{la.zfill(3)}/{number.zfill(4)}"
    if not row.given("headteacher") and (
        row.given("head_first_name") or row.given("head_last_name")
    ):
        values["headteacher"] = " ".join(
            str(values.get(k) or "").strip() for k in ("head_first_name", "head_last_name")
        ).strip()
    if row.given("phase") and ids.code_text(values["phase"]).lower() == "not applicable":
        values["phase"] = "Not applicable"
    optional = school_store.SCHOOL_FIELDS[2:]  # all but the URN and name
    return {k: _given(values, k) for k in optional}


def _school_check(values: dict) -> list[InvalidValue]:
    return _required(values, ("urn", "name")) + _check(
        values,
        {
            "urn": ids.normalise_urn,
            "name": lambda v: ids.check_name(v, "name"),
            "phase": ids.normalise_phase,
            "email": ids.check_email,
            "special_measures": lambda v: parse_yes_no(v, "special_measures"),
            "induction_permitted": lambda v: parse_yes_no(v, "induction_permitted"),
        },
    )


def _school_key(values: dict):
    return ("urn", ids.normalise_urn(values["urn"]))


def _school_apply(row: RowContext) -> str:
    urn = ids.normalise_urn(row.values["urn"])
    optional = _school_fields(row)
    if school_store.get_school(row.conn, urn) is None:
        school_ops.add_school(row.conn, row.author, urn, row.values["name"], **optional)
        return "created"
    school_ops.update_school(row.conn, row.author, urn, name=row.values["name"], **optional)
    return "changed?"


# --- ECT registrations -----------------------------------------------------------------


def _ect_check(values: dict) -> list[InvalidValue]:
    return (
        _required(values, REQUIRED_COLUMNS["ects"])
        + _check(
            values,
            {
                "trn": ids.normalise_trn,
                "first_name": lambda v: ids.check_name(v, "first_name"),
                "last_name": lambda v: ids.check_name(v, "last_name"),
                "date_of_birth": lambda v: parse_date(v, "date_of_birth"),
                "qts_date": lambda v: parse_date(v, "qts_date"),
                "school_urn": lambda v: ids.normalise_urn(v, "school_urn"),
                "start": lambda v: parse_date(v, "start"),
                "fte": eligibility.parse_fte,
                "programme": ids.normalise_programme,
                "mentor": lambda v: ids.check_name(v, "mentor"),
                "tutor": lambda v: ids.check_name(v, "tutor"),
                "email": ids.check_email,
                "mentor_email": lambda v: ids.check_email(v, "mentor_email"),
                "tutor_email": lambda v: ids.check_email(v, "tutor_email"),
                "mentor_qts": lambda v: parse_yes_no(v, "mentor_qts"),
                "tutor_qts": lambda v: parse_yes_no(v, "tutor_qts"),
                "timetable_part1": lambda v: parse_timetable(v, 1),
                "timetable_part2": lambda v: parse_timetable(v, 2),
                "post_suitable": lambda v: parse_yes_no(v, "post_suitable"),
                "same_person_reason": lambda v: parse_entitlement(same_person_reason=v),
                "prior_terms": lambda v: eligibility.parse_fte_terms(v, "prior_terms"),
                "prior_ab": lambda v: ids.check_name(v, "prior_ab"),
                "prior_from": lambda v: parse_date(v, "prior_from"),
                "prior_to": lambda v: parse_date(v, "prior_to"),
            },
        )
        + _prior_incomplete(values)
    )


#: The columns of a registration about induction served with another AB, and the
#: names ``plan_prior_period`` gives them.
PRIOR_FIELDS = {"prior_terms": "terms", "prior_ab": "ab", "prior_from": "from", "prior_to": "to"}


def _prior_incomplete(values: dict) -> list[InvalidValue]:
    """Induction served elsewhere needs all four columns, or none."""
    given = [f for f in PRIOR_FIELDS if _given(values, f) is not None]
    if not given or len(given) == len(PRIOR_FIELDS):
        return []
    return [
        InvalidValue(
            field,
            None,
            "induction served elsewhere needs its FTE terms, the AB and its dates",
            "fill in all four columns about the previous appropriate body, or none (and "
            "record it later with 'ectrack ect prior add')",
        )
        for field in PRIOR_FIELDS
        if field not in given
    ]


def _plan_prior(conn: sqlite3.Connection, ect, values: dict, start, today: dt.date):
    """The period elsewhere a registration row carries (None when it carries none),
    checked as 'ect prior add' checks it, and ending before the start here. The row's
    four columns are all given or all blank (``_prior_incomplete`` checked it)."""
    from ectrack.operations.transfers import plan_prior_period
    from ectrack.store.induction import term_calendar

    if _given(values, "prior_terms") is None:
        return None
    try:
        period = plan_prior_period(
            ect,
            term_calendar(conn),
            ab=values["prior_ab"],
            starts_on=values["prior_from"],
            ends_on=values["prior_to"],
            terms=values["prior_terms"],
            today=today,
        )
    except InvalidValue as e:
        named = {v: k for k, v in PRIOR_FIELDS.items()}
        raise InvalidValue(named.get(e.field, e.field), e.value, e.problem, e.fix) from None
    if period.finished_on >= start:
        raise InvalidValue(
            "prior_to",
            values["prior_to"],
            f"is not before the induction start here ({start})",
            "give the last day with the previous appropriate body",
        )
    return period


def _ect_key(values: dict):
    return ("trn", ids.normalise_trn(values["trn"]))


def _registration(values: dict) -> dict:
    """A registration row as the keywords of ``plan_registration``."""

    def g(name: str) -> object | None:
        return _given(values, name)

    return {
        "trn": g("trn"),
        "first_name": g("first_name"),
        "last_name": g("last_name"),
        "date_of_birth": g("date_of_birth"),
        "qts_date": g("qts_date"),
        "school_urn": g("school_urn"),
        "start": g("start"),
        "fte": g("fte") or "1.0",
        "programme": g("programme") or "provider-led",
        "email": g("email"),
        "former_names": g("former_names"),
        "mentor": ect_ops.StaffInput("mentor", g("mentor"), g("mentor_email"), g("mentor_qts")),
        "tutor": ect_ops.StaffInput("tutor", g("tutor"), g("tutor_email"), g("tutor_qts")),
        **{name: g(name) for name in ENTITLEMENT_FIELDS},
    }


#: The columns of a registration that record the ECT's entitlement in their post.
ENTITLEMENT_FIELDS = ("timetable_part1", "timetable_part2", "post_suitable", "same_person_reason")


def _ect_apply(row: RowContext) -> str:
    conn, g = row.conn, row.given
    trn = ids.normalise_trn(row.values["trn"])
    fields = _registration(row.values)
    mentor, tutor = fields["mentor"], fields["tutor"]
    existing = ect_store.get_ect(conn, trn)
    if existing is None:
        ect_ops.register_ect(conn, row.author, **fields)
        return "created"
    periods = ect_store.periods_of(conn, trn)
    here = [p for p in periods if p.is_here]
    if not here:  # arrived with a transfer file: the school's return starts them here
        ect_ops.move_ect(
            conn,
            row.author,
            trn,
            school_urn=g("school_urn"),
            on=g("start"),
            fte=g("fte") or "1.0",
            programme=g("programme") or "provider-led",
            mentor=mentor,
            tutor=tutor,
        )
        return "updated"
    first = here[0]
    start = parse_date(g("start"), "start")
    urn = ids.normalise_urn(g("school_urn"), "school_urn")
    fte = eligibility.parse_fte(g("fte")) if g("fte") else first.fte_percent
    if (start, urn, fte) != (first.started_on, first.school_urn, first.fte_percent):
        raise RuleBroken(
            f"TRN {trn} is already registered, starting {first.started_on} at "
            f"{first.school_urn} at {first.fte_percent / 100:g} FTE; this row says {start} at "
            f"{urn} at {fte / 100:g} FTE. Correct the row, or record the change with 'ectrack "
            f"ect move', 'ect change-fte' or 'ect update {trn} --start'"
        )
    current = next((p for p in periods if p.is_open), None)
    same_post = current is not None and current.school_urn == urn
    ect_ops.update_ect(
        conn,
        row.author,
        trn,
        first_name=g("first_name"),
        last_name=g("last_name"),
        date_of_birth=g("date_of_birth"),
        qts_date=g("qts_date"),
        email=g("email"),
        former_names=g("former_names"),
        programme=g("programme") if same_post else None,
        mentor=mentor if same_post else ect_ops.StaffInput("mentor"),
        tutor=tutor if same_post else ect_ops.StaffInput("tutor"),
        **{name: fields[name] if same_post else None for name in ENTITLEMENT_FIELDS},
    )
    ect = ect_store.get_ect(conn, trn)
    if prior := _plan_prior(conn, ect, row.values, first.started_on, row.today):
        from ectrack.operations.transfers import add_prior_period

        recorded = [p for p in periods if not p.is_here]
        same = any(
            (p.elsewhere.appropriate_body, p.started_on, p.finished_on, p.fte_terms_tenths)
            == (
                prior.elsewhere.appropriate_body,
                prior.started_on,
                prior.finished_on,
                prior.fte_terms_tenths,
            )
            for p in recorded
        )
        if not same:
            add_prior_period(
                conn,
                row.author,
                trn,
                today=row.today,
                ab=row.values["prior_ab"],
                starts_on=row.values["prior_from"],
                ends_on=row.values["prior_to"],
                terms=row.values["prior_terms"],
            )
    return "changed?"


# --- reviews and assessments -----------------------------------------------------------

CHECKPOINT_KINDS = {
    "progressreview": "review",
    "review": "review",
    "pr": "review",
    "termlyreview": "review",
    "progress": "review",
    "firstformalassessment": "first",
    "first": "first",
    "formalassessment1": "first",
    "firstassessment": "first",
    "fa1": "first",
    "finalformalassessment": "final",
    "final": "final",
    "formalassessment2": "final",
    "finalassessment": "final",
    "fa2": "final",
    "interimassessment": "interim",
    "interim": "interim",
}
JUDGEMENTS = {
    "meeting": "meeting",
    "met": "meeting",
    "yes": "meeting",
    "y": "meeting",
    "notyetmeeting": "not_yet_meeting",
    "notmet": "not_yet_meeting",
    "notyetmet": "not_yet_meeting",
    "no": "not_yet_meeting",
    "n": "not_yet_meeting",
}
STANDARD_COLUMNS = ("ts1", "ts2", "ts3", "ts4", "ts5", "ts6", "ts7", "ts8", "pt2")


def _checkpoint_kind(value: object) -> str:
    kind = CHECKPOINT_KINDS.get(re.sub(r"[^a-z0-9]", "", str(value or "").lower()))
    if kind is None:
        raise InvalidValue(
            "kind",
            value,
            "not a kind of checkpoint",
            "write progress review, first, final or interim",
        )
    return kind


def _judgement(value: object, name: str) -> str:
    judgement = JUDGEMENTS.get(re.sub(r"[^a-z]", "", str(value).lower()))
    if judgement is None:
        raise InvalidValue(name, value, "not a judgement", "write meeting or not yet meeting")
    return judgement


def _checkpoint_check(values: dict) -> list[InvalidValue]:
    checks = {
        "trn": ids.normalise_trn,
        "kind": _checkpoint_kind,
        "term": parse_term,
        "date": lambda v: parse_date(v, "date"),
        "received": lambda v: parse_date(v, "received"),
        "on_track": lambda v: parse_yes_no(v, "on_track"),
        "support_plan": lambda v: parse_yes_no(v, "support_plan"),
    }
    checks.update({s: (lambda v, s=s: _judgement(v, s)) for s in STANDARD_COLUMNS})
    return _required(values, REQUIRED_COLUMNS["checkpoints"]) + _check(values, checks)


def _checkpoint_key(values: dict):
    kind = _checkpoint_kind(values["kind"])
    when = parse_term(values["term"]).name if values.get("term") else str(values.get("date"))
    return ("checkpoint", ids.normalise_trn(values["trn"]), kind, when)


def _records_of(conn: sqlite3.Connection, trn: object) -> int:
    return bulk.checkpoint_record_count(conn, ids.normalise_trn(trn))


def _checkpoint_apply(row: RowContext) -> str:
    g = row.given
    records_before = _records_of(row.conn, g("trn"))
    kind = _checkpoint_kind(g("kind"))
    common = dict(
        today=row.today,
        received_on=g("received"),
        summary=g("summary"),
        absence_days=g("absence_days"),
    )
    if kind == "review":
        if not g("term"):
            raise InvalidValue(
                "term", None, "a progress review needs its term", "write the term, e.g. 2026-spring"
            )
        if g("on_track") is None:
            raise InvalidValue(
                "on_track",
                None,
                "a progress review says whether the ECT is on track",
                "write yes or no",
            )
        induction_ops.record_review(
            row.conn,
            row.author,
            g("trn"),
            term=g("term"),
            held_on=g("date"),
            on_track=g("on_track"),
            support_plan=bool(g("support_plan"))
            and parse_yes_no(g("support_plan"), "support_plan"),
            **common,
        )
    else:
        if not g("overall"):
            raise InvalidValue(
                "overall",
                None,
                "an assessment needs its overall judgement",
                "write satisfactory or unsatisfactory",
            )
        standards = ",".join(
            f"{s}={_judgement(g(s), s)}" for s in STANDARD_COLUMNS if g(s) is not None
        )
        induction_ops.record_assessment(
            row.conn,
            row.author,
            g("trn"),
            kind=kind,
            held_on=g("date"),
            overall=g("overall"),
            standards=standards,
            recommendation=g("recommendation"),
            term=g("term"),
            **common,
        )
    return "created" if _records_of(row.conn, g("trn")) > records_before else "changed?"


# --- absences --------------------------------------------------------------------------


def _absence_check(values: dict) -> list[InvalidValue]:
    return _required(values, REQUIRED_COLUMNS["absences"]) + _check(
        values,
        {
            "trn": ids.normalise_trn,
            "from": lambda v: parse_date(v, "from"),
            "to": lambda v: parse_date(v, "to"),
            "extend": lambda v: parse_yes_no(v, "extend"),
        },
    )


def _absence_key(values: dict):
    return (
        "absence",
        ids.normalise_trn(values["trn"]),
        str(values["from"]),
        str(values["to"]),
        str(values["kind"]).strip().lower(),
    )


def _absence_apply(row: RowContext) -> str:
    g = row.given
    trn = ect_ops.require_ect(row.conn, g("trn")).trn
    absence = induction_ops.parse_absence(
        starts_on=g("from"),
        ends_on=g("to"),
        days=g("days"),
        kind=g("kind"),
        extend=parse_yes_no(g("extend"), "extend") if g("extend") is not None else False,
    )
    if induction_store.absence_exists(row.conn, trn, absence):
        return "unchanged"
    induction_ops.save_absence(row.conn, row.author, trn, absence)
    return "created"


@dataclass(frozen=True)
class KindHandler:
    check: Callable[[dict], list[InvalidValue]]
    key: Callable[[dict], tuple]
    apply: Callable[[RowContext], str]
    label: str  # what one row is, for messages


HANDLERS = {
    "schools": KindHandler(_school_check, _school_key, _school_apply, "school"),
    "ects": KindHandler(_ect_check, _ect_key, _ect_apply, "ECT"),
    "checkpoints": KindHandler(_checkpoint_check, _checkpoint_key, _checkpoint_apply, "return"),
    "absences": KindHandler(_absence_check, _absence_key, _absence_apply, "absence"),
}


class NewRegistrations:
    """The new ECTs of a registration file, planned in memory with the same rules as
    ``ect register`` and written together at the end (a 10,000-row file in one go)."""

    def __init__(self, conn: sqlite3.Connection, today: dt.date):
        self.conn, self.today = conn, today
        self.trns = bulk.all_trns(conn)
        self.schools = bulk.all_urns(conn)
        self.plans: list[ect_ops.Registration] = []
        self.priors = []  # periods elsewhere the rows carry

    def is_new(self, values: dict) -> bool:
        try:
            trn = ids.normalise_trn(values.get("trn"))
        except InvalidValue:
            return False
        values["trn"] = trn  # normalised once: key and plan read it as it is
        return trn not in self.trns

    def plan(self, values: dict) -> None:
        plan = ect_ops.plan_registration(**_registration(values))
        if plan.school_urn not in self.schools:
            raise school_ops.missing_school(plan.school_urn)
        if problems := _prior_incomplete(values):
            raise problems[0]
        prior = _plan_prior(self.conn, plan.ect, values, plan.start, self.today)
        if prior is not None:
            from ectrack.operations.transfers import check_not_whole

            check_not_whole(plan.ect, [prior])
        self.trns.add(plan.ect.trn)
        self.plans.append(plan)
        if prior is not None:
            self.priors.append(prior)

    def write(self, conn: sqlite3.Connection, author: Author) -> None:
        from ectrack.models import InductionPeriod
        from ectrack.store.audit import event_row, record_events
        from ectrack.store.entitlement import refresh_seen

        staff = {
            (s.school_urn, s.name.lower(), (s.email or "").lower()): s
            for s in school_store.all_staff(conn)
        }
        next_period = bulk.next_period_id(conn)
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        ects, periods, events = [], [], []
        for plan in self.plans:
            ect = plan.ect
            events.append(event_row(author, **ect_ops.ect_created(ect), at=at))
            people = []
            for details, qts in ((plan.mentor, plan.mentor_qts), (plan.tutor, plan.tutor_qts)):
                if details is None:
                    people.append(None)
                    continue
                key = (plan.school_urn, details[0].lower(), (details[1] or "").lower())
                if key not in staff:  # first mention: a new member of staff
                    staff[key] = school_store.insert_staff(conn, plan.school_urn, *details, qts)
                    events.append(
                        event_row(author, **ect_ops.staff_created(staff[key], ect.trn), at=at)
                    )
                else:  # known already: record their QTS if this row says it
                    staff[key] = ect_ops.set_staff_qts(conn, author, staff[key], qts, ect.trn)
                people.append(staff[key])
            period = InductionPeriod(
                next_period + len(periods),
                ect.trn,
                plan.school_urn,
                plan.start,
                None,
                plan.fte_percent,
                plan.programme,
                people[0],
                people[1],
                entitlement=plan.entitlement,
            )
            ects.append(ect)
            periods.append(
                (
                    period.id,
                    ect.trn,
                    plan.school_urn,
                    plan.start.isoformat(),
                    plan.fte_percent,
                    plan.programme,
                    people[0].id if people[0] else None,
                    people[1].id if people[1] else None,
                    *ect_store.entitlement_columns(plan.entitlement).values(),
                )
            )
            events.append(event_row(author, **ect_ops.period_created(period), at=at))
        ect_store.insert_ects(conn, ects)
        bulk.insert_periods(conn, periods)
        record_events(conn, events)
        refresh_seen(conn, author.today, trns=[e.trn for e in ects])
        if self.priors:
            from ectrack.operations.transfers import insert_prior_period

            for prior in self.priors:
                insert_prior_period(conn, author, prior)


def _read_fte_as_percent(rows) -> None:
    """Under a header like "FTE %", 80 means 80% (0.8); 0.8 is already a fraction."""
    for row in rows:
        value = row.values.get("fte")
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 1:
            row.values["fte"] = f"{value:g}%"
        elif isinstance(value, str) and value and not value.endswith("%"):
            try:
                if float(value) > 1:
                    row.values["fte"] = value + "%"
            except ValueError:
                pass  # left for the FTE rule to refuse with its message


def _repeats(first_row: int, handler: KindHandler) -> RuleBroken:
    return RuleBroken(
        f"this row repeats row {first_row} (the same {handler.label}); keep one of them"
    )


def _problem(header: HeaderMatch, number: int, values: dict, error: EctrackError) -> RowProblem:
    if isinstance(error, InvalidValue):
        column = header.column_of(error.field) if error.field in header.fields.values() else None
        shown = values.get(error.field, error.value) if column else error.value
        return RowProblem(number, column or error.field, shown, f"{error.problem}; {error.fix}")
    return RowProblem(number, None, None, error.message)


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that it rolls back."""

    def __init__(self, done: dict):
        self.done = done


def _import_transfer(
    conn: sqlite3.Connection, author: Author, workbook, *, today: dt.date, dry_run: bool
) -> ImportResult:
    """A transfer file in, all or nothing (a bad value anywhere refuses the whole file)."""
    from ectrack.operations.transfers import import_transfer
    from ectrack.store.db import transaction

    author = Author(author.actor, f"import {workbook.path.name}", today)
    result = ImportResult(str(workbook.path), "transfer", "About", 1, dry_run=dry_run)
    try:
        with transaction(conn):
            done = import_transfer(conn, author, workbook, today=today)
            if dry_run:
                raise _DryRun(done)
    except _DryRun as rolled_back:
        done = rolled_back.done
    result.rows = 1 + done["periods"] + done["records"]
    result.written = not dry_run
    if result.written:
        result.counts["created"] = result.rows
    result.transfer = done
    return result


def import_file(
    conn: sqlite3.Connection,
    author: Author,
    path: Path,
    *,
    today: dt.date,
    kind: str | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    accept_valid: bool = False,
    errors_path: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import one file in one transaction; see the module docstring. A transfer file
    (``ect transfer-out``) is recognised by its first cell, whatever ``kind`` says."""
    path = Path(path)
    workbook = open_workbook(path)
    from ectrack.operations.transfers import is_transfer_file

    if is_transfer_file(workbook):
        return _import_transfer(conn, author, workbook, today=today, dry_run=dry_run)
    table, header = locate_table(workbook, kind, sheet)
    rows = table_rows(table, header)
    if not rows:
        raise FileRejected(
            f"{path.name} is empty: it has a header row (row {header.row_number} of sheet "
            f"{table.name!r}) but no rows under it; ask the school to fill it in"
        )
    missing = [c for c in REQUIRED_COLUMNS[header.kind] if c not in header.fields.values()]
    if missing:
        raise FileRejected(
            f"{path.name}: the header row (row {header.row_number} of sheet {table.name!r}) "
            f"has no column for {', '.join(m.replace('_', ' ') for m in missing)}; add it, "
            f"or start from 'ectrack template {header.kind}'"
        )
    if "fte" in header.fields.values() and re.search(r"%|percent", header.column_of("fte"), re.I):
        _read_fte_as_percent(rows)
    handler = HANDLERS[header.kind]
    author = Author(author.actor, f"import {path.name}", today)
    result = ImportResult(
        str(path), header.kind, table.name, header.row_number, len(rows), dry_run=dry_run
    )
    seen: dict[tuple, int] = {}
    rejected = []
    begin_write(conn)
    new = NewRegistrations(conn, today) if header.kind == "ects" else None
    try:
        for done, source in enumerate(rows, start=1):
            if new is not None and new.is_new(source.values):
                key = handler.key(source.values)
                errors = []
                if key in seen:
                    errors.append(_repeats(seen[key], handler))
                else:
                    try:
                        new.plan(source.values)
                    except EctrackError as e:  # report every problem in the row, as below
                        errors = list(handler.check(source.values)) or [e]
                if errors:
                    problems = [_problem(header, source.number, source.values, e) for e in errors]
                    result.errors += problems
                    rejected.append((source.cells, [p.line() for p in problems]))
                else:
                    result.counts["created"] += 1
                    seen[key] = source.number
                if progress:
                    progress(done, len(rows))
                continue
            errors: list[EctrackError] = list(handler.check(source.values))
            key = None
            if not errors:
                key = handler.key(source.values)
                if key in seen:
                    errors.append(_repeats(seen[key], handler))
            if not errors:
                before = chain_head(conn)[0]
                try:
                    with savepoint(conn, "import_row"):
                        status = handler.apply(RowContext(conn, author, today, source.values))
                except EctrackError as e:
                    errors.append(e)
            if errors:
                problems = [_problem(header, source.number, source.values, e) for e in errors]
                result.errors += problems
                rejected.append((source.cells, [p.line() for p in problems]))
            else:
                if status == "changed?":
                    status = "updated" if chain_head(conn)[0] > before else "unchanged"
                result.counts[status] += 1
                seen[key] = source.number
            if progress:
                progress(done, len(rows))
        result.rejected = len(rejected)
        result.written = not dry_run and (not rejected or accept_valid)
        if new is not None and result.written:
            new.write(conn, author)
        end_write(conn, commit=result.written)
    except BaseException:
        if conn.in_transaction:
            end_write(conn, commit=False)
        raise
    if not result.written:
        result.counts.clear()
    if rejected:
        from ectrack.spreadsheets.errors_workbook import write_errors_workbook

        target = Path(errors_path) if errors_path else path.with_name(f"{path.stem}-errors.xlsx")
        write_errors_workbook(target, table.rows[header.row_index], rejected)
        result.errors_file = str(target)
    return result
