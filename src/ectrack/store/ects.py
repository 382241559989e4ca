"""ECTs and their induction periods."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict

from ectrack.models import (
    ENTITLEMENT_COLUMNS,
    NO_ENTITLEMENT,
    Ect,
    Elsewhere,
    Entitlement,
    InductionPeriod,
    Staff,
)
from ectrack.store import search
from ectrack.store.induction import from_half_days, to_half_days
from ectrack.store.schools import flag

ECT_FIELDS = (
    "trn",
    "first_name",
    "last_name",
    "date_of_birth",
    "qts_date",
    "email",
    "reduced_to_tenths",
    "exempt_reason",
    "exempt_on",
    "former_names",
)


def _ect(row) -> Ect:
    trn, first, last, dob, qts, email, reduced, exempt_reason, exempt_on, former = row
    return Ect(
        trn,
        first,
        last,
        dt.date.fromisoformat(dob),
        dt.date.fromisoformat(qts),
        email,
        reduced,
        exempt_reason,
        dt.date.fromisoformat(exempt_on) if exempt_on else None,
        former,
    )


def get_ect(conn: sqlite3.Connection, trn: str) -> Ect | None:
    row = conn.execute(f"SELECT {', '.join(ECT_FIELDS)} FROM ects WHERE trn = ?", [trn]).fetchone()
    return _ect(row) if row else None


def list_ects(conn: sqlite3.Connection, school_urn: str | None = None) -> list[Ect]:
    """All ECTs by name; with ``school_urn``, those with any period at that school."""
    sql = f"SELECT {', '.join(ECT_FIELDS)} FROM ects"
    args: list = []
    if school_urn:
        sql += " WHERE trn IN (SELECT trn FROM induction_periods WHERE school_urn = ?)"
        args.append(school_urn)
    return [_ect(row) for row in conn.execute(sql + " ORDER BY last_name, first_name, trn", args)]


def insert_ect(conn: sqlite3.Connection, ect: Ect) -> None:
    insert_ects(conn, [ect])


def insert_ects(conn: sqlite3.Connection, ects) -> None:
    """Insert many ECTs in one statement (a registration file), each with its search key."""
    sources = search.KEY_SOURCES["ects"][1]
    conn.executemany(
        f"INSERT INTO ects ({', '.join(ECT_FIELDS)}, search_key) "
        f"VALUES ({', '.join('?' * len(ECT_FIELDS))}, ?)",
        [
            [
                *(
                    v.isoformat() if isinstance(v, dt.date) else v
                    for v in (getattr(e, f) for f in ECT_FIELDS)
                ),
                search.key_of(getattr(e, f) for f in sources),
            ]
            for e in ects
        ],
    )


PERIOD_SELECT = f"""
    SELECT p.id, p.trn, p.school_urn, p.started_on, p.finished_on, p.fte_percent,
           p.programme, m.id, m.name, m.email, m.qts, t.id, t.name, t.email, t.qts,
           p.fte_terms_tenths, p.closed_by, p.outcome,
           {", ".join(f"p.{c}" for c in ENTITLEMENT_COLUMNS)},
           p.appropriate_body, p.institution, p.absence_part1_half_days,
           p.absence_part2_half_days, p.extension_tenths, p.lead
    FROM induction_periods p
    LEFT JOIN staff m ON m.id = p.mentor_id
    LEFT JOIN staff t ON t.id = p.tutor_id
"""
_NO_ENTITLEMENT = (None,) * len(ENTITLEMENT_COLUMNS)


def _entitlement(values: tuple) -> Entitlement:
    if values == _NO_ENTITLEMENT:
        return NO_ENTITLEMENT
    part1, part2, suitable, reason, checked, result, next_due = values
    return Entitlement(
        part1,
        part2,
        flag(suitable),
        reason,
        dt.date.fromisoformat(checked) if checked else None,
        result,
        dt.date.fromisoformat(next_due) if next_due else None,
    )


def entitlement_columns(entitlement: Entitlement) -> dict:
    """An entitlement as its database columns."""
    values = (getattr(entitlement, c) for c in ENTITLEMENT_COLUMNS)
    return {
        c: v.isoformat() if isinstance(v, dt.date) else v
        for c, v in zip(ENTITLEMENT_COLUMNS, values, strict=True)
    }


def _period(row) -> InductionPeriod:
    (
        pid,
        trn,
        urn,
        start,
        finish,
        fte,
        programme,
        m_id,
        m_name,
        m_email,
        m_qts,
        t_id,
        t_name,
        t_email,
        t_qts,
        terms,
        closed_by,
        outcome,
        *rest,
    ) = row
    entitlement = rest[: len(ENTITLEMENT_COLUMNS)]
    body, institution, part1, part2, extension, lead = rest[len(ENTITLEMENT_COLUMNS) :]
    elsewhere = (
        Elsewhere(
            body, institution, from_half_days(part1 or 0), from_half_days(part2 or 0), extension
        )
        if body
        else None
    )
    return InductionPeriod(
        id=pid,
        trn=trn,
        school_urn=urn,
        started_on=dt.date.fromisoformat(start),
        finished_on=dt.date.fromisoformat(finish) if finish else None,
        fte_percent=fte,
        programme=programme,
        mentor=Staff(m_id, urn, m_name, m_email, flag(m_qts)) if m_id else None,
        tutor=Staff(t_id, urn, t_name, t_email, flag(t_qts)) if t_id else None,
        fte_terms_tenths=terms,
        closed_by=closed_by,
        outcome=outcome,
        entitlement=_entitlement(tuple(entitlement)),
        elsewhere=elsewhere,
        lead=flag(lead),
    )


def select_periods(conn: sqlite3.Connection, where: str, args) -> list[InductionPeriod]:
    """The periods matching an SQL condition on ``p`` (the period)."""
    return [_period(row) for row in conn.execute(f"{PERIOD_SELECT} WHERE {where}", args)]


def periods_of(conn: sqlite3.Connection, trn: str) -> list[InductionPeriod]:
    """One ECT's periods, oldest first."""
    return select_periods(conn, "p.trn = ? ORDER BY p.started_on", [trn])


def periods_by_ect(conn: sqlite3.Connection) -> dict[str, list[InductionPeriod]]:
    """Every ECT's periods, oldest first, in one query (for lists and reports)."""
    grouped: dict[str, list[InductionPeriod]] = defaultdict(list)
    for row in conn.execute(PERIOD_SELECT + " ORDER BY p.trn, p.started_on"):
        period = _period(row)
        grouped[period.trn].append(period)
    return grouped


def insert_period(
    conn: sqlite3.Connection,
    *,
    trn: str,
    school_urn: str | None,
    started_on: dt.date,
    fte_percent: int | None,
    programme: str | None,
    mentor_id: int | None = None,
    tutor_id: int | None = None,
    entitlement: Entitlement = NO_ENTITLEMENT,
    lead: bool | None = None,
    finished_on: dt.date | None = None,
    closed_by: str | None = None,
    fte_terms_tenths: int | None = None,
    elsewhere: Elsewhere | None = None,
) -> int:
    columns = {
        "trn": trn,
        "school_urn": school_urn,
        "started_on": started_on.isoformat(),
        "fte_percent": fte_percent,
        "programme": programme,
        "mentor_id": mentor_id,
        "tutor_id": tutor_id,
        **entitlement_columns(entitlement),
        "lead": None if lead is None else int(lead),
        "finished_on": finished_on.isoformat() if finished_on else None,
        "closed_by": closed_by,
        "fte_terms_tenths": fte_terms_tenths,
    }
    if elsewhere is not None:
        columns |= {
            "appropriate_body": elsewhere.appropriate_body,
            "institution": elsewhere.institution,
            "absence_part1_half_days": to_half_days(elsewhere.absence_part1_days),
            "absence_part2_half_days": to_half_days(elsewhere.absence_part2_days),
            "extension_tenths": elsewhere.extension_tenths,
        }
    cursor = conn.execute(
        f"INSERT INTO induction_periods ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' * len(columns))}) RETURNING id",
        list(columns.values()),
    )
    return cursor.fetchone()[0]


def delete_period(conn: sqlite3.Connection, period_id: int) -> None:
    """Remove one period (a period elsewhere recorded in error) and what refers to it."""
    conn.execute("DELETE FROM entitlement_seen WHERE period_id = ?", [period_id])
    conn.execute("DELETE FROM induction_periods WHERE id = ?", [period_id])
