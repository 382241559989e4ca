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
its FTE. Each extension of induction (an AB's ``extend`` decision, or an
appeal's) adds one more final assessment, at the end of the extension.

Induction may have begun elsewhere (a transfer in, REG 9): the terms served with
another AB count in the running total and in the part, their absence towards the
part's 30 days and their extensions in the total, but they hold no checkpoint
here, so the first checkpoint here continues the schedule where it was.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
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
    posts,
    share_term,
    spread_given_terms,
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
    tenths: int  # FTE terms served in this term, all periods, rounded once
    running_tenths: int
    part: int
    shares: Mapping[int, int] = field(default_factory=dict)  # period id → its tenths
    serving: tuple[InductionPeriod, ...] = ()
    since: dt.date | None = None  # an extension counts only from the day it was decided

    @property
    def here(self) -> list[InductionPeriod]:
        """The periods with this AB serving the term (not those elsewhere)."""
        return [p for p in self.serving if p.is_here]


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
    #: The term in which each final assessment falls (one per stage reached), even
    #: one reached while the ECT was elsewhere.
    final_terms: list[TermServed] = field(default_factory=list)
    #: The part of induction in force as each term walked began (absences follow it).
    part_of_term: dict[Term, int] = field(default_factory=dict)
    #: The spread of the periods whose FTE terms were given (``spread_given_terms``).
    given: dict[int, dict[Term, int]] = field(default_factory=dict)

    def find(self, kind: str, term: Term | None = None) -> list[ScheduledCheckpoint]:
        return [c for c in self.checkpoints if c.kind == kind and (term is None or c.term == term)]

    def in_term(self, term: Term) -> list[ScheduledCheckpoint]:
        return [c for c in self.checkpoints if c.term == term]

    @property
    def finals(self) -> list[ScheduledCheckpoint]:
        return self.find(FINAL_ASSESSMENT)

    def part_in(self, term: Term) -> int:
        """The part of induction ``term`` belongs to (before the walk: 1; after: the last)."""
        if term in self.part_of_term:
            return self.part_of_term[term]
        walked = [t for t in self.part_of_term if t < term]
        return self.part_of_term[max(walked)] if walked else 1

    def ends_on(self, final: TermServed, calendar: TermCalendar) -> dt.date:
        """[decision] The end of induction a final assessment marks: the last day of its
        term, or the last day of the periods serving it if they all end sooner."""
        term_end = calendar.dates(final.term).ends_on
        if any(p.finished_on is None or p.finished_on >= term_end for p in final.serving):
            return term_end
        return max(p.finished_on for p in final.serving)


def _serves(calendar: TermCalendar, term: Term, p: InductionPeriod) -> bool:
    dates = calendar.dates(term)
    return p.started_on <= dates.ends_on and (
        p.finished_on is None or p.finished_on >= dates.starts_on
    )


def _school_of(term_end: dt.date, here: Sequence[InductionPeriod]) -> str:
    """The school a term's checkpoint belongs to: of the posts still held at the term's
    end (else the last to end), the lead post (SG 3.14-3.16), else the latest begun."""
    return max(
        here,
        key=lambda p: (
            p.finished_on is None or p.finished_on >= term_end,
            p.finished_on or term_end,
            bool(p.lead),
            p.started_on,
        ),
    ).school_urn


def build_schedule(
    periods: Sequence[InductionPeriod],
    calendar: TermCalendar,
    absences: Sequence[Absence] = (),
    reduced_to_tenths: int | None = None,
    extensions_tenths: Sequence[int] = (),
    extensions_from: Sequence[dt.date | None] = (),
) -> Schedule:
    """Every checkpoint of one ECT's induction, in term order.

    ``reduced_to_tenths``: a reduction agreed by the AB (SG 3.2-3.4).
    ``extensions_tenths``: the extensions in force (the AB's, or an appeal's), oldest
    first; ``extensions_from``: the day each was decided. [decision] Nothing counts
    from the end of induction until an extension is decided (an ECT awaiting the
    decision, or an appeal, is not serving induction): an extension is served from
    the day it was decided, and terms wholly before then hold no checkpoint.
    Periods served elsewhere count their terms (as given) and their absence and
    extensions, but hold no checkpoint here.
    """
    elsewhere = [p.elsewhere for p in periods if p.elsewhere is not None]
    base = (reduced_to_tenths or STANDARD_INDUCTION_TENTHS) + sum(
        e.extension_tenths or 0 for e in elsewhere
    )
    stages = [0]  # extra tenths before each final: 0, then each extension on top
    for extra in extensions_tenths:
        stages.append(stages[-1] + extra)
    counted_from = [None, *extensions_from, *([None] * len(extensions_tenths))]
    schedule = Schedule(required_tenths=base + stages[-1])
    parts = schedule.part_absence
    for n in (1, 2):  # days absent elsewhere count towards each part's 30 (REG 8)
        parts[n] = PartAbsence(counting_days=sum(e.absence_days(n) for e in elsewhere))
    periods = sorted(periods, key=lambda p: p.started_on)
    if not periods:
        return schedule
    counted = countable_period_ids(calendar, periods)
    countable = [p for p in periods if p.id in counted]
    schedule.short_periods = [p for p in periods if p.id not in counted]
    if not countable:
        return schedule
    given = schedule.given
    for p in countable:
        if p.fte_terms_tenths is not None and p.finished_on is not None:
            given[p.id] = spread_given_terms(calendar, p)
    is_open = any(p.finished_on is None for p in countable)
    last_end = max((p.finished_on for p in countable if p.finished_on), default=None)

    absences_by_term: dict[Term, list[Absence]] = defaultdict(list)
    for a in absences:
        absences_by_term[calendar.term_on_or_after(a.starts_on)].append(a)

    first_term = min(
        [calendar.term_on_or_after(countable[0].started_on)]
        + [t for spread in given.values() for t in spread]
    )
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
    part, running, finals_reached = 1, 0, 0
    extension = {n: parts[n].extension_tenths for n in (1, 2)}  # kept as absences come
    term = first_term
    for _ in range(MAX_TERMS):
        schedule.part_of_term[term] = part
        for absence in absences_by_term.get(term, ()):
            parts[part] = parts[part].add(absence)
            extension[part] = parts[part].extension_tenths
        dates = calendar.dates(term)
        serving = [
            p
            for p in countable
            if (
                p.started_on <= dates.ends_on
                and (p.finished_on is None or p.finished_on >= dates.starts_on)
            )
            or term in given.get(p.id, ())
        ]
        if not serving:
            if not is_open and dates.starts_on > last_end:
                break
            term = term.next()
            continue
        part_one = PART_ONE_TENTHS + extension[1]
        required = base + extension[1] + extension[2] + stages[finals_reached]
        since = counted_from[finals_reached]
        if since is not None and dates.ends_on < since:
            term = term.next()  # after the end of induction, before the extension
            continue
        shares = share_term(calendar, term, serving, given, since=since)
        served = sum(shares.values())
        running += served
        schedule.part_one_tenths = part_one
        served_term = TermServed(term, served, running, part, shares, tuple(serving), since)
        schedule.terms.append(served_term)
        kind: str | None = PROGRESS_REVIEW
        if running >= required:
            kind = FINAL_ASSESSMENT
            finals_reached += 1
            schedule.final_terms.append(served_term)
        elif part == 1 and running >= part_one and required > part_one:
            kind = FIRST_ASSESSMENT
        elif term == first_term and first_term_coverage < Fraction(1, 2):
            kind = None
        here = served_term.here
        if kind and here:  # a term served only elsewhere holds no checkpoint here
            schedule.checkpoints.append(
                ScheduledCheckpoint(kind, term, dates.due_on, part, _school_of(dates.ends_on, here))
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
    A release also ends that term's progress review when no other post goes on:
    nobody is left to hold it."""
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
            q.is_here
            and q not in post
            and _serves(calendar, term, q)
            and (q.finished_on is None or q.finished_on > p.finished_on)
            for q in countable
        )
        if p.closed_by == "release" and not continues_in_term:
            schedule.checkpoints = [
                c
                for c in schedule.checkpoints
                if not (c.kind == PROGRESS_REVIEW and c.term == term)
            ]
        schedule.checkpoints.append(
            ScheduledCheckpoint(
                INTERIM_ASSESSMENT, term, p.finished_on, schedule.part_in(term), p.school_urn
            )
        )
    schedule.checkpoints.sort(key=lambda c: (c.term, c.due_on, c.kind))


def served_by_period(schedule: Schedule, calendar: TermCalendar, day: dt.date) -> dict[int, int]:
    """FTE terms (tenths) each period has served up to and including ``day``, as the
    schedule counts them (one rounding per term, shared by largest remainder). The
    term holding ``day`` counts its days up to then.
    Periods absent from the result (too short to count, or not begun) served 0."""
    served: dict[int, int] = defaultdict(int)
    for t in schedule.terms:
        dates = calendar.dates(t.term)
        if dates.starts_on > day:
            break
        shares = (
            t.shares
            if dates.ends_on <= day
            else share_term(
                calendar, t.term, t.serving, schedule.given, day, cap=t.tenths, since=t.since
            )
        )
        for period_id, tenths in shares.items():
            served[period_id] += tenths
    return dict(served)


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
