"""The officer's work queue and chase letters from the database (see
``reports.queue``, which holds what they say)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from ectrack.reports.queue import (
    CHASE_WORKING_DAYS,
    DEADLINE_HORIZON_DAYS,
    MissingReturn,
    Section,
    WorkQueue,
    chase_letter,
    chase_signature,
    missing_returns,
)


def new_queue(
    conn: sqlite3.Connection,
    today: dt.date,
    horizon: int = DEADLINE_HORIZON_DAYS,
    *,
    counting: bool = False,
) -> WorkQueue:
    """An empty queue with what it needs from the database besides the inductions
    (``counting``: see ``WorkQueue``)."""
    from ectrack.store.entitlement import seen_dates
    from ectrack.store.exports import exported_keys
    from ectrack.store.letters import letters_by_decision
    from ectrack.store.schools import list_schools

    return WorkQueue(
        today,
        {s.urn: s for s in list_schools(conn)},
        seen_dates(conn),
        {kind: exported_keys(conn, kind) for kind in ("claim", "action", "fail")},
        horizon,
        counting=counting,
        letters=letters_by_decision(conn),
    )


def work_queue(
    conn: sqlite3.Connection, today: dt.date, horizon: int = DEADLINE_HORIZON_DAYS
) -> list[Section]:
    """The queue as of ``today``, most urgent first."""
    from ectrack.store.db import snapshot
    from ectrack.store.induction import iter_inductions, term_calendar

    calendar = term_calendar(conn)
    with snapshot(conn):
        queue = new_queue(conn, today, horizon)
        inductions = iter_inductions(conn, today, calendar=calendar)
        for ind in inductions:
            queue.add(ind)
    return queue.sections()


def chase_letters(
    conn: sqlite3.Connection, today: dt.date, school_urn: str | None = None
) -> list[tuple[str, str, list[MissingReturn]]]:
    """(URN, letter, returns listed) for each school owing returns, or just one."""
    from ectrack.store.induction import load_inductions, term_calendar
    from ectrack.store.letters import letter_settings
    from ectrack.store.schools import list_schools

    schools = {s.urn: s for s in list_schools(conn)}
    reply_by = term_calendar(conn).working_days.add(today, CHASE_WORKING_DAYS)
    signature = chase_signature(letter_settings(conn))
    letters = []
    for urn, returns in sorted(missing_returns(load_inductions(conn, today, school_urn)).items()):
        if school_urn and urn != school_urn:
            continue
        letters.append(
            (
                urn,
                chase_letter(schools.get(urn), urn, returns, today, reply_by, signature),
                returns,
            )
        )
    return letters
