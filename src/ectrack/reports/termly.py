"""The termly report as tables: what the workbook shows, before any cell is written.

Every number comes from the same ``Induction`` objects that ``ect list``,
``checkpoints`` and ``deadlines`` read, so the report and the commands agree for
the same ``--today``. Each row knows the school it belongs to, so a school's own
report is the AB's report with only that school's rows:

- a checkpoint belongs to the school the ECT was at when it fell due;
- an ECT's risk, absence, outcome and deadlines belong to their school now
  (their last school, once they have left), as ``ect list`` shows it;
- a start or a departure belongs to the school of that induction period.

Pure: no SQL, no files.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ectrack.induction import Induction
from ectrack.labels import (
    DEADLINE_LABELS,
    appeal_word,
    checkpoint_status_word,
    judgement_word,
    kind_word,
    outcome_word,
    school_words,
    status_word,
    term_word,
    uk_date,
    word,
)
from ectrack.models import School, days_number, percent_to_fte, tenths_to_number, yes_no
from ectrack.rules.absence import NEAR_THRESHOLD_DAYS, THRESHOLD_DAYS
from ectrack.rules.calendar import TermDates
from ectrack.rules.status import ECT_STATUSES

if TYPE_CHECKING:
    from ectrack.reports.queue import WorkQueue

CHECKPOINT_STATUSES = ("received", "late", "overdue", "due", "upcoming")
#: Red, amber and green, as each kind of row earns them.
CHECKPOINT_RAG = {"received": "green", "late": "amber", "overdue": "red", "due": "amber"}
OUTCOME_RAG = {"passed": "green", "failed": "red", "awaiting_decision": "amber"}
#: [decision] A school's on-time rate: green from 90%, amber from 70%, red below.
ON_TIME_GREEN, ON_TIME_AMBER = 90, 70
#: [decision] A statutory deadline turns amber five days before it falls due.
DEADLINE_AMBER_DAYS = 5
#: How the Starters and leavers sheet names a start (anything else is a departure).
STARTS = ("started induction", "restarted induction", "joined from", "second post")
#: How many schools the summary chart shows (those with most checkpoints outstanding).
CHART_SCHOOLS = 25


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, date, number, percent
    width: int | None = None  # None: fitted to the values
    #: The cell's words for a code the row keeps (a status, which the summary counts).
    words: Callable[[object], str] | None = None


@dataclass
class Table:
    """One sheet: columns, rows, and for each row its school and its fill."""

    title: str
    note: str
    columns: Sequence[Column]
    rows: list[tuple] = field(default_factory=list)
    schools: list[str | None] = field(default_factory=list)
    fills: list[str | None] = field(default_factory=list)
    fill_column: str | None = None  # the header of the cell that carries the fill
    _rows_by_school: dict[str | None, list[int]] | None = field(default=None, repr=False)

    def add(self, school: str | None, row: tuple, fill: str | None = None) -> None:
        self.rows.append(row)
        self.schools.append(school)
        self.fills.append(fill)

    def only(self, urn: str) -> Table:
        if self._rows_by_school is None:  # built once: a national AB has 20,000 schools
            self._rows_by_school = defaultdict(list)
            for i, school in enumerate(self.schools):
                self._rows_by_school[school].append(i)
        keep = self._rows_by_school.get(urn, [])
        return Table(
            self.title,
            self.note,
            self.columns,
            [self.rows[i] for i in keep],
            [urn] * len(keep),
            [self.fills[i] for i in keep],
            self.fill_column,
        )


def _person(ind: Induction) -> tuple[str, str, str]:
    return ind.trn, ind.ect.first_name, ind.ect.last_name


PERSON = (Column("TRN", width=9), Column("First name"), Column("Last name"))
SCHOOL = (Column("School URN", width=11), Column("School"))


@dataclass
class TermlyReport:
    """The report for one term as of one day; ``school`` set for a school's own copy."""

    term: TermDates
    today: dt.date
    schools: dict[str, School]
    ect_statuses: Counter
    at_risk: int
    tables: dict[str, Table]
    school: School | None = None
    #: Each school's ECTs by status and how many are at risk (ECTs at the school now).
    ects_by_school: dict[str, tuple[Counter, int]] = field(default_factory=dict)
    #: The officer's work queue as of the report date (``ectrack todo``): each
    #: section's number of items by school (None: the AB's own).
    queue: dict[str, Counter] = field(default_factory=dict)

    # ---------------------------------------------------------------- summary
    @property
    def checkpoint_counts(self) -> Counter:
        table = self.tables["due"]
        status = [c.header for c in table.columns].index("Status")
        return Counter(row[status] for row in table.rows)

    @property
    def decisions_due(self) -> int:
        return sum(
            1 for row in self.tables["deadlines"].rows if row[2] == DEADLINE_LABELS["decision"]
        )

    def summary(self) -> dict:
        """The summary sheet's counts, also printed by ``report termly --json``."""
        leavers = starters = 0
        for row in self.tables["movers"].rows:
            if row[1].startswith(STARTS):
                starters += 1
            else:
                leavers += 1
        checkpoints = self.checkpoint_counts
        return {
            "ects_by_status": {s: self.ect_statuses[s] for s in ECT_STATUSES},
            "ects": self.ect_statuses.total(),
            "checkpoints_this_term": {s: checkpoints[s] for s in CHECKPOINT_STATUSES},
            "overdue_any_term": len(self.tables["overdue"].rows),
            "at_risk": self.at_risk,
            "absence_near_or_over_threshold": len(self.tables["absence"].rows),
            "decisions_due": self.decisions_due,
            "open_deadlines": len(self.tables["deadlines"].rows),
            "starters": starters,
            "leavers": leavers,
            "work_queue": {key: counts.total() for key, counts in self.queue.items()},
        }

    def for_school(self, urn: str) -> TermlyReport:
        """The same report with only one school's rows (see the module docstring)."""
        statuses, at_risk = self.ects_by_school.get(urn, (Counter(), 0))
        return TermlyReport(
            self.term,
            self.today,
            {urn: self.schools[urn]} if urn in self.schools else {},
            statuses,
            at_risk,
            {key: table.only(urn) for key, table in self.tables.items()},
            self.schools.get(urn),
            queue={key: Counter({urn: counts[urn]}) for key, counts in self.queue.items()},
        )

    def school_urns(self) -> list[str]:
        """Schools with anything in the report: current ECTs or any row."""
        urns = set(self.ects_by_school)
        for table in self.tables.values():
            urns.update(u for u in table.schools if u)
        return sorted(urns)


def build_termly_report(
    inductions: Iterable[Induction],
    schools: Sequence[School],
    term: TermDates,
    today: dt.date,
    queue: WorkQueue | None = None,
) -> TermlyReport:
    """Every table of the termly report for ``term``, as of ``today``; with ``queue``,
    the officer's work queue filled in the same pass (its counts on the summary, its
    entitlement gaps on their own sheet)."""
    by_urn = {s.urn: s for s in schools}

    def name(urn: str | None) -> str:
        school = by_urn.get(urn or "")
        return school.name if school else ""

    tables = _empty_tables(term)
    statuses: Counter = Counter()
    by_school: dict[str, tuple[Counter, int]] = {}
    at_risk = 0
    for ind in inductions:
        summary = ind.summary_json()
        status, current = summary["status"], summary["school_urn"]
        statuses[status] += 1
        at_risk += ind.at_risk
        if current:
            counts, risky = by_school.get(current, (Counter(), 0))
            counts[status] += 1
            by_school[current] = (counts, risky + ind.at_risk)
        person = _person(ind)
        for c in ind.checkpoints:
            urn = c.scheduled.school_urn
            kind = kind_word(c.scheduled.kind)
            received = c.record.received_on if c.record else None
            if c.scheduled.term == term.term:
                tables["due"].add(
                    urn,
                    (
                        c.scheduled.due_on,
                        c.status,
                        *person,
                        urn,
                        name(urn),
                        kind,
                        c.scheduled.part,
                        received,
                    ),
                    CHECKPOINT_RAG.get(c.status),
                )
            if c.status == "overdue":
                tables["overdue"].add(
                    urn,
                    (
                        c.scheduled.due_on,
                        (today - c.scheduled.due_on).days,
                        term_word(c.scheduled.term),
                        *person,
                        urn,
                        name(urn),
                        kind,
                    ),
                    "red",
                )
        if ind.at_risk:
            latest = ind.latest_record
            tables["at_risk"].add(
                current,
                (
                    *person,
                    current,
                    name(current),
                    status,
                    kind_word(latest.kind),
                    latest.held_on,
                    yes_no(latest.on_track),
                    yes_no(latest.support_plan),
                    judgement_word(latest.overall),
                    latest.summary,
                ),
                "amber" if latest.support_plan else "red",
            )
        if status not in ("passed", "failed"):
            parts = ind.schedule.part_absence
            for part in (1, 2):
                days = parts[part].counting_days
                if days >= NEAR_THRESHOLD_DAYS:
                    tables["absence"].add(
                        current,
                        (
                            *person,
                            current,
                            name(current),
                            part,
                            days_number(days),
                            days_number(parts[part].statutory_days),
                            tenths_to_number(parts[part].extension_tenths),
                        ),
                        "red" if days >= THRESHOLD_DAYS else "amber",
                    )
        _outcome_row(tables["outcomes"], ind, status, current, name(current), term)
        for d in ind.open_deadlines:
            left = (d.due_on - today).days
            tables["deadlines"].add(
                current,
                (d.due_on, left, DEADLINE_LABELS[d.name], *person, current, name(current), d.what),
                "red" if left < 0 else "amber" if left <= DEADLINE_AMBER_DAYS else None,
            )
        _movers(tables["movers"], ind, term, name)
        if gaps := queue.add(ind, summary) if queue else None:
            oldest, urn = gaps[0].first_seen_on, gaps[0].school_urn  # oldest first
            failed = sum(g.finding.failed for g in gaps)
            tables["entitlement"].add(
                urn,
                (
                    oldest,
                    (today - oldest).days,
                    *person,
                    urn,
                    name(urn),
                    len(gaps),
                    failed,
                    "; ".join(f"{g.finding.what} (since {uk_date(g.first_seen_on)})" for g in gaps),
                ),
                "red" if failed else "amber",
            )
    _compliance(tables, by_urn, by_school)
    for key, order in SORT_KEYS.items():
        _sort(tables[key], order)
    return TermlyReport(
        term,
        today,
        by_urn,
        statuses,
        at_risk,
        tables,
        None,
        by_school,
        queue.counts() if queue else {},
    )


def _appeal(decision) -> str | None:
    """An appeal as the Outcomes sheet says it: its result and date, or pending."""
    if decision is None or not decision.appeal_lodged_on:
        return None
    if decision.appeal_result:
        result = appeal_word(decision.appeal_result)
        if decision.appeal_result == "extended":
            result += f" by {tenths_to_number(decision.appeal_extension_tenths):.1f} terms"
        return f"{result}, {uk_date(decision.appeal_result_on)}"
    return f"Lodged {uk_date(decision.appeal_lodged_on)}, pending"


def _outcome_row(
    table: Table, ind: Induction, status: str, urn: str | None, school: str, term: TermDates
) -> None:
    """ECTs awaiting a decision, and decisions (or appeal results) made this term."""
    decision = ind.decisions[-1] if ind.decisions else None
    decided_this_term = decision is not None and (
        term.holds(decision.decided_on)
        or (decision.appeal_result_on is not None and term.holds(decision.appeal_result_on))
    )
    if status != "awaiting_decision" and not decided_this_term:
        return
    final = next(
        (c.record for c in reversed(ind.checkpoints) if c.record and c.record.recommendation),
        None,
    )
    table.add(
        urn,
        (
            *_person(ind),
            urn,
            school,
            status,
            ind.end_of_induction,
            tenths_to_number(ind.served_tenths),
            tenths_to_number(ind.schedule.required_tenths),
            final.received_on if final else None,
            judgement_word(final.recommendation) if final else None,
            outcome_word(decision.outcome) if decided_this_term else None,
            decision.decided_on if decided_this_term else None,
            decision.ect_notified_on if decided_this_term else None,
            decision.fail_notice_sent_on if decided_this_term else None,
            _appeal(decision) if decided_this_term else None,
        ),
        OUTCOME_RAG.get(status, "amber"),
    )


def _start_change(ind: Induction, p, name) -> str | None:
    """How the Starters and leavers sheet names the start of period ``p``; None for a
    change of FTE (neither a start nor a departure)."""
    before = [q for q in ind.here if q.started_on < p.started_on]
    day_before = p.started_on - dt.timedelta(days=1)
    left = next((q for q in before if q.finished_on == day_before and q.closed_by), None)
    if left is not None and left.closed_by == "fte_change" and left.school_urn == p.school_urn:
        return None
    if left is not None and left.closed_by == "move":
        return f"{STARTS[2]} {school_words(left.school_urn, name(left.school_urn))}"
    if any(q.finished_on is None or q.finished_on >= p.started_on for q in before):
        return STARTS[3]
    if before:
        return STARTS[1]
    if ind.elsewhere:
        return f"{STARTS[2]} {ind.elsewhere[-1].elsewhere.appropriate_body}"
    return STARTS[0]


def _movers(table: Table, ind: Induction, term: TermDates, name) -> None:
    """Starts and departures within the term (an FTE change is neither)."""
    for p in ind.here:
        fte = percent_to_fte(p.fte_percent)
        if term.holds(p.started_on) and (change := _start_change(ind, p, name)):
            table.add(
                p.school_urn,
                (p.started_on, change, *_person(ind), p.school_urn, name(p.school_urn), fte),
                "green",
            )
        if p.finished_on and term.holds(p.finished_on) and p.closed_by != "fte_change":
            following = [q.school_urn for q in ind.here if q.started_on > p.finished_on]
            change = {
                "move": f"left for {school_words(following[0], name(following[0]))}"
                if following
                else "left",
                "release": "released",
                None: {"pass": "passed", "fail": "failed"}.get(p.outcome, "left"),
            }[p.closed_by]
            table.add(
                p.school_urn,
                (p.finished_on, change, *_person(ind), p.school_urn, name(p.school_urn), fte),
                {"passed": "green", "failed": "red"}.get(change),
            )


def _compliance(
    tables: dict[str, Table], schools: dict[str, School], ects: dict[str, tuple[Counter, int]]
) -> None:
    """Each school's returns this term: received on time of those due so far."""
    due = tables["due"]
    status = [c.header for c in due.columns].index("Status")
    counts: dict[str, Counter] = defaultdict(Counter)
    for urn, row in zip(due.schools, due.rows, strict=True):
        counts[urn][row[status]] += 1
    table = tables["compliance"]
    for urn in sorted(set(counts) | set(ects)):
        c = counts[urn]
        fell_due = c["received"] + c["late"] + c["overdue"]
        percent = round(100 * c["received"] / fell_due) if fell_due else None
        fill = (
            None
            if percent is None
            else "green"
            if percent >= ON_TIME_GREEN
            else "amber"
            if percent >= ON_TIME_AMBER
            else "red"
        )
        school = schools.get(urn)
        table.add(
            urn,
            (
                urn,
                school.name if school else "",
                ects.get(urn, (Counter(),))[0]["in_progress"],
                fell_due,
                c["received"],
                c["late"],
                c["overdue"],
                c["due"],
                c["upcoming"],
                percent,
            ),
            fill,
        )


def _sort(table: Table, key) -> None:
    order = sorted(range(len(table.rows)), key=lambda i: key(table.rows[i]))
    table.rows = [table.rows[i] for i in order]
    table.schools = [table.schools[i] for i in order]
    table.fills = [table.fills[i] for i in order]


SORT_KEYS = {
    "due": lambda r: (r[0], r[5] or "", r[4], r[2]),
    "overdue": lambda r: (r[0], r[6] or "", r[5], r[3]),
    "at_risk": lambda r: (r[3] or "", r[2], r[0]),
    "absence": lambda r: (-r[6], r[3] or "", r[2], r[0]),
    "outcomes": lambda r: (r[5], r[3] or "", r[2], r[0]),
    "deadlines": lambda r: (r[0], r[3]),
    "movers": lambda r: (r[0], r[5] or "", r[4], r[2]),
    "compliance": lambda r: (r[9] is None, r[9] if r[9] is not None else 0, r[0]),
    "entitlement": lambda r: (r[0], r[5] or "", r[4], r[2]),
}


def _empty_tables(term: TermDates) -> dict[str, Table]:
    name = term_word(term.term)
    return {
        "due": Table(
            "Checkpoints due",
            f"Every checkpoint of {name}, with its status as of the report date.",
            (
                Column("Due", "date"),
                Column("Status", width=14, words=checkpoint_status_word),
                *PERSON,
                *SCHOOL,
                Column("Checkpoint"),
                Column("Part", "number", 6),
                Column("Received", "date"),
            ),
            fill_column="Status",
        ),
        "overdue": Table(
            "Overdue",
            "Checkpoints of any term not received by their due date.",
            (
                Column("Due", "date"),
                Column("Days overdue", "number"),
                Column("Term", width=12),
                *PERSON,
                *SCHOOL,
                Column("Checkpoint"),
            ),
            fill_column="Days overdue",
        ),
        "at_risk": Table(
            "At risk",
            "ECTs whose latest review or assessment raised a concern (red: no support plan).",
            (
                *PERSON,
                *SCHOOL,
                Column("Status", words=status_word),
                Column("Latest return"),
                Column("Held on", "date"),
                Column("On track", width=9),
                Column("Support plan", width=9),
                Column("Overall"),
                Column("Summary", width=60),
            ),
            fill_column="Support plan",
        ),
        "absence": Table(
            "Absence",
            f"ECTs with {NEAR_THRESHOLD_DAYS} or more days of absence in a part of induction "
            f"(red: {THRESHOLD_DAYS} or more, which extends that part).",
            (
                *PERSON,
                *SCHOOL,
                Column("Part", "number", 6),
                Column(f"Days towards {THRESHOLD_DAYS}", "number"),
                Column("Statutory leave days", "number"),
                Column("Extension (terms)", "number"),
            ),
            fill_column=f"Days towards {THRESHOLD_DAYS}",
        ),
        "outcomes": Table(
            "Outcomes",
            f"ECTs awaiting the AB's decision, and decisions made in {name}.",
            (
                *PERSON,
                *SCHOOL,
                Column("Status", words=status_word),
                Column("End of induction", "date"),
                Column("FTE terms served", "number"),
                Column("FTE terms required", "number"),
                Column("Recommendation received", "date"),
                Column("Recommendation"),
                Column("Decision"),
                Column("Decided on", "date"),
                Column("ECT notified", "date"),
                Column("Fail notice sent", "date"),
                Column("Appeal", width=24),
            ),
            fill_column="Status",
        ),
        "deadlines": Table(
            "Deadlines",
            "Statutory deadlines still open (negative days: overdue).",
            (
                Column("Due", "date"),
                Column("Days left", "number"),
                Column("Deadline", words=word),
                *PERSON,
                *SCHOOL,
                Column("What", width=60),
            ),
            fill_column="Days left",
        ),
        "compliance": Table(
            "School compliance",
            f"Returns of {name} per school: the share received on time of those due so far.",
            (
                *SCHOOL,
                Column("ECTs in induction", "number"),
                Column("Due so far", "number"),
                Column("On time", "number"),
                Column("Late", "number"),
                Column("Overdue", "number"),
                Column("Due soon", "number"),
                Column("Upcoming", "number"),
                Column("% on time", "percent"),
            ),
            fill_column="% on time",
        ),
        "entitlement": Table(
            "Entitlement",
            "ECTs in induction with gaps in their statutory entitlement, the oldest gap "
            "first (red: something recorded as not met; amber: not yet confirmed). "
            "'ectrack entitlement gaps' lists each gap with the command that settles it.",
            (
                Column("Oldest gap", "date"),
                Column("Days open", "number"),
                *PERSON,
                *SCHOOL,
                Column("Gaps", "number", 7),
                Column("Not met", "number", 8),
                Column("Gaps and since when", width=90),
            ),
            fill_column="Gaps",
        ),
        "movers": Table(
            "Starters and leavers",
            f"Induction periods starting or ending in {name} (FTE changes are not listed).",
            (
                Column("Date", "date"),
                Column("Change"),
                *PERSON,
                *SCHOOL,
                Column("FTE", "number", 6),
            ),
            fill_column="Change",
        ),
    }
