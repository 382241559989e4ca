"""The checkpoint schedule of an induction (SG 2.48-2.63).

[decision] Walk the calendar term by term from the term holding the start
date, adding the FTE terms served in each. Where the running total first
reaches the part-1 target (3.0 plus any part-1 absence extension) the term
holds the first formal assessment, if the total target is larger; where it
reaches the total target, the final assessment, and the schedule ends. Every
other term served holds a progress review, except a first term covered less
than half (SG 2.49). A post that ends early (a move or a release) after at
least one term adds an interim assessment due on its last day, unless a
formal assessment falls in that term. An open period is projected forward at
its FTE. Each extension of induction (an AB's ``extend`` decision) adds one
more final assessment, at the end of the extension.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ectrack.models import InductionPeriod
from ectrack.rules.absence import Absence, PartAbsence
from ectrack.rules.calendar import Term, TermCalendar
from ectrack.rules.fte import (
    PART_ONE_TENTHS,
    STANDARD_INDUCTION_TENTHS,
    countable_period_ids,
    coverage,
    coverage_days,
    fte_tenths_of_days,
    posts,
)

PROGRESS_REVIEW = "progress_review"
FIRST_ASSESSMENT = "first_formal_assessment"
FINAL_ASSESSMENT = "final_formal_assessment"
INTERIM_ASSESSMENT = "interim_assessment"
CHECKPOINT_KINDS = (PROGRESS_REVIEW, FIRST_ASSESSMENT, FINAL_ASSESSMENT, INTERIM_ASSESSMENT)
FORMAL = frozenset({FIRST_ASSESSMENT, FINAL_ASSESSMENT})

#: A schedule never walks further than this (0.1 FTE with extensions stays well inside).
MAX_TERMS = 200


@dataclass(frozen=True, slots=True)
class ScheduledCheckpoint:
    kind: str
    term: Term
    due_on: dt.date
    part: int
    school_urn: str


@dataclass(frozen=True, slots=True)
class TermServed:
    term: Term
    tenths: int  # FTE terms served in this term, all periods
    running_tenths: int
    part: int


@dataclass
class Schedule:
    checkpoints: list[ScheduledCheckpoint] = field(default_factory=list)
    terms: list[TermServed] = field(default_factory=list)
    part_absence: dict[int, PartAbsence] = field(
        default_factory=lambda: {1: PartAbsence(), 2: PartAbsence()}
    )
    required_tenths: int = STANDARD_INDUCTION_TENTHS  # incl. absence and decided extensions
    part_one_tenths: int = PART_ONE_TENTHS
    short_periods: list[InductionPeriod] = field(default_factory=list)
    completed: bool = False  # the last final assessment is in the schedule

    def find(self, kind: str, term: Term | None = None) -> list[ScheduledCheckpoint]:
        return [c for c in self.checkpoints if c.kind == kind and (term is None or c.term == term)]

    def in_term(self, term: Term) -> list[ScheduledCheckpoint]:
        return [c for c in self.checkpoints if c.term == term]

    @property
    def finals(self) -> list[ScheduledCheckpoint]:
        return self.find(FINAL_ASSESSMENT)


def _serves(calendar: TermCalendar, term: Term, p: InductionPeriod) -> bool:
    dates = calendar.dates(term)
    return p.started_on <= dates.ends_on and (
        p.finished_on is None or p.finished_on >= dates.starts_on
    )


def term_tenths(calendar: TermCalendar, term: Term, serving: Sequence[InductionPeriod]) -> int:
    """FTE terms served in one term by all the periods serving it, rounded once (half
    up). [decision] Rounding each period separately could count a term split by a
    move as 1.1 terms and cut the statutory minimum short; one rounding never does."""
    numerator, total = 0, calendar.working_days_in(term)
    for p in serving:
        inside, _ = coverage_days(calendar, term, p.started_on, p.finished_on)
        numerator += inside * p.fte_percent
    return fte_tenths_of_days(numerator, total * 100, 100) if total else 0


def build_schedule(
    periods: Sequence[InductionPeriod],
    calendar: TermCalendar,
    absences: Sequence[Absence] = (),
    reduced_to_tenths: int | None = None,
    extensions_tenths: Sequence[int] = (),
) -> Schedule:
    """Every checkpoint of one ECT's induction, in term order.

    ``reduced_to_tenths``: a reduction agreed by the AB (SG 3.2-3.4).
    ``extensions_tenths``: the AB's extend decisions, oldest first.
    """
    base = reduced_to_tenths or STANDARD_INDUCTION_TENTHS
    stages = [0]  # extra tenths before each final: 0, then each extension on top
    for extra in extensions_tenths:
        stages.append(stages[-1] + extra)
    schedule = Schedule(required_tenths=base + stages[-1])
    periods = sorted(periods, key=lambda p: p.started_on)
    if not periods:
        return schedule
    counted = countable_period_ids(calendar, periods)
    countable = [p for p in periods if p.id in counted]
    schedule.short_periods = [p for p in periods if p.id not in counted]
    if not countable:
        return schedule
    is_open = any(p.finished_on is None for p in countable)
    last_end = max((p.finished_on for p in countable if p.finished_on), default=None)

    absences_by_term: dict[Term, list[Absence]] = defaultdict(list)
    for a in absences:
        absences_by_term[calendar.term_on_or_after(a.starts_on)].append(a)

    first = countable[0]
    first_term = calendar.term_on_or_after(first.started_on)
    # SG 2.49: an ECT who *starts* late in a term is first reviewed in the next; an FTE
    # change within the first term does not make it a late start.
    first_term_coverage = sum(
        (
            coverage(calendar, first_term, p.started_on, p.finished_on)
            for p in countable
            if _serves(calendar, first_term, p)
        ),
        Fraction(0),
    )
    parts = schedule.part_absence
    part, running, finals_reached = 1, 0, 0
    term = first_term
    for _ in range(MAX_TERMS):
        for absence in absences_by_term.get(term, ()):
            parts[part] = parts[part].add(absence)
        serving = [p for p in countable if _serves(calendar, term, p)]
        served = term_tenths(calendar, term, serving)
        if not serving:
            if not is_open and calendar.dates(term).starts_on > last_end:
                break
            term = term.next()
            continue
        running += served
        part_one = PART_ONE_TENTHS + parts[1].extension_tenths
        required = base + parts[1].extension_tenths + parts[2].extension_tenths
        required += stages[finals_reached]
        schedule.part_one_tenths = part_one
        schedule.terms.append(TermServed(term, served, running, part))
        kind: str | None = PROGRESS_REVIEW
        if running >= required:
            kind = FINAL_ASSESSMENT
            finals_reached += 1
        elif part == 1 and running >= part_one and required > part_one:
            kind = FIRST_ASSESSMENT
        elif term == first_term and first_term_coverage < Fraction(1, 2):
            kind = None
        if kind:
            schedule.checkpoints.append(
                ScheduledCheckpoint(
                    kind, term, calendar.dates(term).due_on, part, serving[-1].school_urn
                )
            )
        if kind == FIRST_ASSESSMENT:
            part = 2
        if kind == FINAL_ASSESSMENT and finals_reached == len(stages):
            schedule.completed = True
            break
        term = term.next()

    schedule.required_tenths = (
        base + parts[1].extension_tenths + parts[2].extension_tenths + stages[-1]
    )
    _add_interim_assessments(schedule, countable, calendar)
    return schedule


def _add_interim_assessments(
    schedule: Schedule, countable: Sequence[InductionPeriod], calendar: TermCalendar
) -> None:
    """SG 2.61: an ECT leaving a post after a term or more, before the next formal
    assessment, has an interim assessment, due on their last day in the post.
    A release also ends that term's progress review: nobody is left to hold it."""
    last_scheduled = schedule.terms[-1].term if schedule.terms else None
    for post in posts(countable):
        p = post[-1]
        if p.closed_by not in ("move", "release") or p.finished_on is None:
            continue
        term = calendar.term_on_or_before(p.finished_on)
        if last_scheduled is None or term > last_scheduled:
            continue
        if any(c.kind in FORMAL and c.due_on <= p.finished_on for c in schedule.in_term(term)):
            continue  # they left after the formal assessment was due: it covers the post
        continues_in_term = any(
            q.started_on > p.finished_on and _serves(calendar, term, q) for q in countable
        )
        if p.closed_by == "release" and not continues_in_term:
            schedule.checkpoints = [
                c
                for c in schedule.checkpoints
                if not (c.kind == PROGRESS_REVIEW and c.term == term)
            ]
        part = next((t.part for t in schedule.terms if t.term == term), 2)
        schedule.checkpoints.append(
            ScheduledCheckpoint(INTERIM_ASSESSMENT, term, p.finished_on, part, p.school_urn)
        )
    schedule.checkpoints.sort(key=lambda c: (c.term, c.due_on, c.kind))


def served_tenths_by(
    periods: Sequence[InductionPeriod], calendar: TermCalendar, day: dt.date
) -> dict[int, int]:
    """FTE terms (tenths) each period has served up to and including ``day``.

    Periods in a post shorter than one term count nothing (SG 2.33); an open
    period counts what it has served so far.
    """
    served: dict[int, int] = {}
    counted = countable_period_ids(calendar, periods)
    for p in periods:
        if p.id not in counted:
            served[p.id] = 0
            continue
        end = day if p.finished_on is None or p.finished_on > day else p.finished_on
        total, term = 0, calendar.term_on_or_after(p.started_on)
        while p.started_on <= end and calendar.dates(term).starts_on <= end:
            total += fte_tenths_of_days(
                *coverage_days(calendar, term, p.started_on, end), p.fte_percent
            )
            term = term.next()
        served[p.id] = total
    return served


def checkpoint_status(due_on: dt.date, received_on: dt.date | None, today: dt.date) -> str:
    """``received`` (on or before due), ``late`` (after due), ``overdue`` (not
    received, due date passed), ``due`` (not received, due within 14 days), or
    ``upcoming``."""
    if received_on is not None:
        return "received" if received_on <= due_on else "late"
    if due_on < today:
        return "overdue"
    if (due_on - today).days <= 14:
        return "due"
    return "upcoming"
