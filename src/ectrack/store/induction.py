"""What happens in an induction: term dates, absences, checkpoint records, decisions."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from fractions import Fraction

from ectrack.models import STANDARDS, CheckpointRecord, Decision
from ectrack.rules.absence import Absence
from ectrack.rules.calendar import TermCalendar, TermDates, WorkingDays, parse_term


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# --- term calendar ---------------------------------------------------------------------


def term_overrides(conn: sqlite3.Connection) -> dict:
    rows = conn.execute("SELECT term, starts_on, ends_on, deadline_on FROM terms")
    overrides = {}
    for name, start, end, deadline in rows:
        term = parse_term(name)
        overrides[term] = TermDates(term, _date(start), _date(end), _date(deadline), False)
    return overrides


#: How far ahead the copy of bank holidays reaches; refreshed when it gets closer.
BANK_HOLIDAY_YEARS_AHEAD = 30


def bank_holidays(conn: sqlite3.Connection, refresh: bool = False) -> frozenset[dt.date]:
    """England-and-Wales bank holidays from the database's copy, (re)filled from the
    ``holidays`` package when missing, running out within 10 years, or ``refresh``."""
    from ectrack.store.meta import get_meta, set_meta

    covered = get_meta(conn, "bank_holidays_until")
    this_year = dt.date.today().year  # the horizon of a cache, not a rule of induction
    if refresh or covered is None or int(covered) < this_year + 10:
        from ectrack.bank_holidays import england_and_wales
        from ectrack.errors import ReadOnlyLogin
        from ectrack.store.db import transaction

        last_year = this_year + BANK_HOLIDAY_YEARS_AHEAD
        days = england_and_wales(last_year=last_year)

        def fill() -> None:
            conn.execute("DELETE FROM bank_holidays")
            conn.executemany(
                "INSERT INTO bank_holidays (day, name) VALUES (?, ?)",
                [(d.isoformat(), name) for d, name in sorted(days.items())],
            )
            set_meta(conn, "bank_holidays_until", str(last_year))

        if conn.in_transaction:
            fill()
        else:
            try:
                with transaction(conn):
                    fill()
            except ReadOnlyLogin:  # a reader on a server: use the dates, keep none
                if refresh:
                    raise
        return frozenset(days)
    return frozenset(
        dt.date.fromisoformat(d) for (d,) in conn.execute("SELECT day FROM bank_holidays")
    )


def term_calendar(conn: sqlite3.Connection) -> TermCalendar:
    """The AB's calendar: its own term dates where set, the default elsewhere."""
    return TermCalendar(WorkingDays(bank_holidays(conn)), term_overrides(conn))


def upsert_term(conn: sqlite3.Connection, dates: TermDates) -> None:
    conn.execute(
        "INSERT INTO terms (term, starts_on, ends_on, deadline_on) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (term) DO UPDATE SET starts_on = excluded.starts_on, "
        "ends_on = excluded.ends_on, deadline_on = excluded.deadline_on",
        [
            dates.term.name,
            dates.starts_on.isoformat(),
            dates.ends_on.isoformat(),
            dates.deadline_on.isoformat() if dates.deadline_on else None,
        ],
    )


# --- absences --------------------------------------------------------------------------

ABSENCE_SELECT = "SELECT trn, starts_on, ends_on, half_days, kind, extend FROM absences"


def from_half_days(count: int) -> int | Fraction:
    """Days stored as whole half days, back as exact days (3, or 5/2)."""
    return count // 2 if count % 2 == 0 else Fraction(count, 2)


def _absence(row) -> tuple[str, Absence]:
    trn, start, end, half_days, kind, extend = row
    return trn, Absence(_date(start), _date(end), from_half_days(half_days), kind, bool(extend))


def to_half_days(days: int | Fraction) -> int:
    """Whole or half days as the whole half days stored."""
    return int(days * 2)


def half_days(absence: Absence) -> int:
    return to_half_days(absence.days)


def _absence_key(trn: str, absence: Absence) -> list:
    """trn, starts_on, ends_on, half_days, kind: as stored, in that order."""
    return [
        trn,
        absence.starts_on.isoformat(),
        absence.ends_on.isoformat(),
        half_days(absence),
        absence.kind,
    ]


def absences_of(conn: sqlite3.Connection, trn: str) -> list[Absence]:
    rows = conn.execute(ABSENCE_SELECT + " WHERE trn = ? ORDER BY starts_on", [trn])
    return [_absence(row)[1] for row in rows]


def insert_absence(conn: sqlite3.Connection, trn: str, absence: Absence) -> int:
    cursor = conn.execute(
        "INSERT INTO absences (trn, starts_on, ends_on, half_days, kind, extend) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [*_absence_key(trn, absence), int(absence.extend)],
    )
    return cursor.fetchone()[0]


# --- checkpoint records ----------------------------------------------------------------

RECORD_COLUMNS = (
    "id",
    "trn",
    "kind",
    "term",
    "held_on",
    "received_on",
    "on_track",
    "support_plan",
    "overall",
    *STANDARDS,
    "recommendation",
    "absence_half_days",
    "summary",
    "appropriate_body",
)
RECORD_SELECT = f"SELECT {', '.join(RECORD_COLUMNS)} FROM checkpoint_records"


def _record(row) -> CheckpointRecord:
    values = dict(zip(RECORD_COLUMNS, row, strict=True))
    standards = {s: judgement for s in STANDARDS if (judgement := values.pop(s))}
    for flag in ("on_track", "support_plan"):
        values[flag] = None if values[flag] is None else bool(values[flag])
    values["held_on"] = _date(values["held_on"])
    values["received_on"] = _date(values["received_on"])
    half_days = values.pop("absence_half_days")
    absence_days = None if half_days is None else from_half_days(half_days)
    values["appropriate_body"] = values["appropriate_body"] or None  # '' is this AB
    return CheckpointRecord(**values, absence_days=absence_days, standards=standards)


def records_of(conn: sqlite3.Connection, trn: str) -> list[CheckpointRecord]:
    rows = conn.execute(RECORD_SELECT + " WHERE trn = ? ORDER BY held_on, id", [trn])
    return [_record(row) for row in rows]


def record_columns(record: CheckpointRecord) -> dict:
    """A record as its database columns (without id)."""
    columns = {
        "trn": record.trn,
        "kind": record.kind,
        "term": record.term,
        "held_on": record.held_on.isoformat(),
        "received_on": record.received_on.isoformat(),
        "on_track": None if record.on_track is None else int(record.on_track),
        "support_plan": None if record.support_plan is None else int(record.support_plan),
        "overall": record.overall,
        "recommendation": record.recommendation,
        "absence_half_days": None if record.absence_days is None else int(record.absence_days * 2),
        "summary": record.summary,
        "appropriate_body": record.appropriate_body or "",
    }
    columns.update({s: (record.standards or {}).get(s) for s in STANDARDS})
    return columns


RECORD_KEY = ("trn", "kind", "term", "appropriate_body")


def find_record(
    conn: sqlite3.Connection, trn: str, kind: str, term: str, appropriate_body: str | None = None
):
    """The record of one checkpoint, made here (or with ``appropriate_body``)."""
    row = conn.execute(
        RECORD_SELECT + " WHERE trn = ? AND kind = ? AND term = ? AND appropriate_body = ?",
        [trn, kind, term, appropriate_body or ""],
    ).fetchone()
    return _record(row) if row else None


def save_record(conn: sqlite3.Connection, record: CheckpointRecord) -> int:
    """Insert, or replace the record of the same ECT, kind, term and AB; return its id."""
    columns = record_columns(record)
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in RECORD_KEY)
    conn.execute(
        f"INSERT INTO checkpoint_records ({names}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT ({', '.join(RECORD_KEY)}) DO UPDATE SET {updates}",
        list(columns.values()),
    )
    return find_record(conn, record.trn, record.kind, record.term, record.appropriate_body).id


# --- decisions -------------------------------------------------------------------------

DECISION_COLUMNS = (
    "id",
    "trn",
    "outcome",
    "decided_on",
    "extension_tenths",
    "override_reason",
    "ect_notified_on",
    "headteacher_notified_on",
    "tra_notified_on",
    "fail_notice_sent_on",
    "appeal_lodged_on",
    "appeal_result",
    "appeal_result_on",
    "appeal_extension_tenths",
)
DECISION_DATES = {c for c in DECISION_COLUMNS if c.endswith("_on")}
DECISION_SELECT = f"SELECT {', '.join(DECISION_COLUMNS)} FROM decisions"


def _decision(row) -> Decision:
    values = dict(zip(DECISION_COLUMNS, row, strict=True))
    for column in DECISION_DATES:
        values[column] = _date(values[column])
    return Decision(**values)


def decisions_of(conn: sqlite3.Connection, trn: str) -> list[Decision]:
    rows = conn.execute(DECISION_SELECT + " WHERE trn = ? ORDER BY decided_on, id", [trn])
    return [_decision(row) for row in rows]


def insert_decision(conn: sqlite3.Connection, decision: Decision) -> int:
    values = {c: getattr(decision, c) for c in DECISION_COLUMNS if c != "id"}
    values = {c: v.isoformat() if isinstance(v, dt.date) else v for c, v in values.items()}
    cursor = conn.execute(
        f"INSERT INTO decisions ({', '.join(values)}) "
        f"VALUES ({', '.join('?' * len(values))}) RETURNING id",
        list(values.values()),
    )
    return cursor.fetchone()[0]


# --- everything, for lists and reports -------------------------------------------------


def all_by_ect(conn: sqlite3.Connection) -> tuple[dict, dict, dict]:
    """Absences, checkpoint records and decisions of every ECT, grouped by TRN."""
    absences: dict[str, list[Absence]] = defaultdict(list)
    for row in conn.execute(ABSENCE_SELECT + " ORDER BY trn, starts_on"):
        trn, absence = _absence(row)
        absences[trn].append(absence)
    records: dict[str, list[CheckpointRecord]] = defaultdict(list)
    for row in conn.execute(RECORD_SELECT + " ORDER BY trn, held_on, id"):
        record = _record(row)
        records[record.trn].append(record)
    decisions: dict[str, list[Decision]] = defaultdict(list)
    for row in conn.execute(DECISION_SELECT + " ORDER BY trn, decided_on, id"):
        decision = _decision(row)
        decisions[decision.trn].append(decision)
    return absences, records, decisions


# --- whole inductions ------------------------------------------------------------------


def load_induction(conn: sqlite3.Connection, ect, today: dt.date, calendar=None):
    """One ECT's ``Induction`` as of ``today``."""
    from ectrack.induction import Induction
    from ectrack.store.db import snapshot
    from ectrack.store.ects import periods_of

    calendar = calendar or term_calendar(conn)  # may fill the bank-holiday cache: a write
    with snapshot(conn):
        return Induction(
            ect=ect,
            periods=periods_of(conn, ect.trn),
            calendar=calendar,
            today=today,
            absences=absences_of(conn, ect.trn),
            records=records_of(conn, ect.trn),
            decisions=decisions_of(conn, ect.trn),
        )


def load_inductions(conn: sqlite3.Connection, today: dt.date, school_urn: str | None = None):
    """Every ECT's ``Induction`` (or those with a period at ``school_urn``), by name."""
    return list(iter_inductions(conn, today, school_urn))


def iter_inductions(
    conn: sqlite3.Connection,
    today: dt.date,
    school_urn: str | None = None,
    calendar=None,
    progress=None,
):
    """``load_inductions`` one at a time: a national report need not hold 60,000
    evaluated inductions at once. ``progress(done, total)`` is told after each."""
    from ectrack.induction import Induction
    from ectrack.store.db import snapshot
    from ectrack.store.ects import list_ects, periods_by_ect

    calendar = calendar or term_calendar(conn)  # may fill the bank-holiday cache: a write
    with snapshot(conn):  # every ECT with all of their records, as at one moment
        periods = periods_by_ect(conn)
        absences, records, decisions = all_by_ect(conn)
        ects = list_ects(conn, school_urn)
    for done, ect in enumerate(ects, start=1):
        yield Induction(
            ect=ect,
            periods=periods[ect.trn],
            calendar=calendar,
            today=today,
            absences=absences[ect.trn],
            records=records[ect.trn],
            decisions=decisions[ect.trn],
        )
        if progress is not None:
            progress(done, len(ects))


def absence_exists(conn: sqlite3.Connection, trn: str, absence: Absence) -> bool:
    """True when the same absence (dates, days, kind) is already recorded."""
    return (
        conn.execute(
            "SELECT 1 FROM absences WHERE trn = ? AND starts_on = ? AND ends_on = ? "
            "AND half_days = ? "
            "AND kind = ?",
            _absence_key(trn, absence),
        ).fetchone()
        is not None
    )
