"""One ECT's whole induction, evaluated as of a given day.

``Induction`` puts the stored facts (periods, absences, checkpoint records,
decisions) through the rules (schedule, statuses, deadlines) once, and every
view (``ect show``, ``ect list``, ``checkpoints``, ``deadlines``, later the
reports) reads from it, so they all say the same thing. Pure: no SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property

from ectrack.models import (
    CheckpointRecord,
    Decision,
    Ect,
    InductionPeriod,
    days_number,
    iso,
    percent_to_fte,
    tenths_to_number,
)
from ectrack.rules.absence import THRESHOLD_DAYS, Absence
from ectrack.rules.calendar import TermCalendar
from ectrack.rules.deadlines import Deadline, DecisionFacts, outcome_deadlines
from ectrack.rules.schedule import (
    FINAL_ASSESSMENT,
    Schedule,
    ScheduledCheckpoint,
    build_schedule,
    checkpoint_status,
    served_by_period,
)
from ectrack.rules.status import ect_status


@dataclass(frozen=True, slots=True)
class CheckpointState:
    """A scheduled checkpoint with what has been received for it."""

    trn: str
    scheduled: ScheduledCheckpoint
    record: CheckpointRecord | None
    status: str

    def to_json(self) -> dict:
        return {
            "trn": self.trn,
            "school_urn": self.scheduled.school_urn,
            "kind": self.scheduled.kind,
            "term": self.scheduled.term.name,
            "part": self.scheduled.part,
            "due_on": iso(self.scheduled.due_on),
            "status": self.status,
            "received_on": iso(self.record.received_on) if self.record else None,
        }


@dataclass
class Induction:
    ect: Ect
    periods: Sequence[InductionPeriod]
    calendar: TermCalendar
    today: dt.date
    absences: Sequence[Absence] = ()
    records: Sequence[CheckpointRecord] = ()
    decisions: Sequence[Decision] = field(default_factory=list)

    @property
    def trn(self) -> str:
        return self.ect.trn

    @property
    def here(self) -> list[InductionPeriod]:
        """The periods served with this AB."""
        return [p for p in self.periods if p.is_here]

    @property
    def elsewhere(self) -> list[InductionPeriod]:
        """The periods served with other ABs before this one (REG 9)."""
        return [p for p in self.periods if not p.is_here]

    @cached_property
    def schedule(self) -> Schedule:
        return build_schedule(
            self.periods,
            self.calendar,
            self.absences,
            self.ect.reduced_to_tenths,
            [d.effective_extension_tenths for d in self.extensions],
            [d.extended_on for d in self.extensions],
        )

    @property
    def extensions(self) -> list[Decision]:
        """The decisions that extend induction, after any appeal, oldest first."""
        return [d for d in self.decisions if d.effective_outcome == "extend"]

    @cached_property
    def end_of_induction(self) -> dt.date | None:
        """[decision] The end of induction (REG 11(1); SG 2.65): the last day of the term
        holding the final formal assessment, or the last day of the periods serving
        it if they all end sooner. None until the schedule reaches the final (no
        period open to project). Projected while induction goes on."""
        if not self.schedule.completed:
            return None
        return self.schedule.ends_on(self.schedule.final_terms[-1], self.calendar)

    @cached_property
    def checkpoints(self) -> list[CheckpointState]:
        if self.ect.exempt_reason:
            return []  # nothing falls due for a teacher exempt from induction
        by_key = {(r.kind, r.term): r for r in self.records if r.appropriate_body is None}
        states = []
        for c in self.schedule.checkpoints:
            record = by_key.get((c.kind, c.term.name))
            received = record.received_on if record else None
            states.append(
                CheckpointState(
                    self.trn, c, record, checkpoint_status(c.due_on, received, self.today)
                )
            )
        return states

    @property
    def unscheduled_records(self) -> list[CheckpointRecord]:
        """Records made here that no longer match the schedule (it changed after they
        came in). Records made with another AB belong to no checkpoint here."""
        if self.ect.exempt_reason:
            return []
        keys = {(c.kind, c.term.name) for c in self.schedule.checkpoints}
        return [
            r for r in self.records if r.appropriate_body is None and (r.kind, r.term) not in keys
        ]

    @cached_property
    def period_tenths(self) -> dict[int, int]:
        """FTE terms of each period as the schedule counts them, up to today; from the
        end of induction nothing more, and once the outcome is decided, all of it up
        to the end of induction (SG 2.65)."""
        day, end = self.today, self.end_of_induction
        if end is not None and (day > end or self.status in ("passed", "failed")):
            day = end
        served = served_by_period(self.schedule, self.calendar, day)
        return {p.id: served.get(p.id, 0) for p in self.periods}

    @property
    def served_tenths(self) -> int:
        return sum(self.period_tenths.values())

    @property
    def served_elsewhere_tenths(self) -> int:
        return sum(self.period_tenths[p.id] for p in self.elsewhere)

    @property
    def finals_received(self) -> int:
        return sum(1 for c in self.checkpoints if c.scheduled.kind == FINAL_ASSESSMENT and c.record)

    @property
    def outcome_decision(self) -> Decision | None:
        """The decision that settled the induction (pass or fail, after any appeal)."""
        decided = [d for d in self.decisions if d.effective_outcome in ("pass", "fail")]
        return decided[-1] if decided else None

    @cached_property
    def status(self) -> str:
        if self.ect.exempt_reason:
            return "exempt"
        if decided := self.outcome_decision:
            return "passed" if decided.effective_outcome == "pass" else "failed"
        if self.finals_received > len(self.decisions):
            return "awaiting_decision"
        return ect_status(self.periods, self.today)

    @property
    def current_period(self) -> InductionPeriod | None:
        """The post the ECT holds today (the lead one of two); else the one they are
        going to, or the last they held here."""
        here = self.here
        holding = [p for p in here if p.holds(self.today)]
        open_ = [p for p in here if p.is_open]
        for candidates in (holding, open_):
            if candidates:
                return next((p for p in candidates if p.lead), candidates[0])
        return here[-1] if here else None

    @property
    def at_risk(self) -> bool:
        """The latest review or assessment raised a concern (SG 2.52); a later
        on-track record clears it. Ends with the induction's outcome."""
        if self.status in ("passed", "failed", "exempt") or not self.records:
            return False
        return self.latest_record.raises_concern

    @property
    def latest_record(self) -> CheckpointRecord | None:
        """The review or assessment held last."""
        return max(self.records, key=lambda r: (r.held_on, r.id), default=None)

    def part_on(self, day: dt.date) -> int:
        """The part of induction (1 or 2) the ECT is in on ``day``: that of the last
        term served that has begun by then."""
        part = 1
        for served in self.schedule.terms:
            if self.calendar.dates(served.term).starts_on > day:
                break
            part = served.part
        return part

    @property
    def part_two_starts_on(self) -> dt.date | None:
        """The first day of the first term of part 2, as scheduled."""
        term = next((t.term for t in self.schedule.terms if t.part == 2), None)
        return self.calendar.dates(term).starts_on if term else None

    def absence_part(self, absence: Absence) -> int:
        return self.schedule.part_in(self.calendar.term_on_or_after(absence.starts_on))

    @cached_property
    def deadlines(self) -> list[Deadline]:
        """Deadlines of every final assessment whose term has begun, with its decision;
        each runs from the end of induction that final marks."""
        found: list[Deadline] = []
        if self.ect.exempt_reason:
            return found
        for i, final in enumerate(self.schedule.finals):
            term = self.calendar.dates(final.term)
            if term.starts_on > self.today:
                break
            record = next(
                (c.record for c in self.checkpoints if c.scheduled == final and c.record), None
            )
            decision = self.decisions[i] if i < len(self.decisions) else None
            served = next(t for t in self.schedule.final_terms if t.term == final.term)
            found += outcome_deadlines(
                self.calendar.working_days,
                induction_ends_on=self.schedule.ends_on(served, self.calendar),
                recommendation_received_on=record.received_on if record else None,
                decision=_facts(decision) if decision else None,
                today=self.today,
            )
        return found

    @property
    def open_deadlines(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.is_open()]

    def summary_json(self) -> dict:
        """One ECT as a row of ``ect list --json``."""
        periods = self.periods
        current = self.current_period
        return {
            "trn": self.ect.trn,
            "first_name": self.ect.first_name,
            "last_name": self.ect.last_name,
            "date_of_birth": iso(self.ect.date_of_birth),
            "qts_date": iso(self.ect.qts_date),
            "email": self.ect.email,
            "former_names": self.ect.former_names,
            "status": self.status,
            "school_urn": current.school_urn if current else None,
            "induction_started_on": iso(periods[0].started_on) if periods else None,
            "fte": percent_to_fte(current.fte_percent) if current else None,
            "programme": current.programme if current else None,
            "fte_terms_served": tenths_to_number(self.served_tenths),
            "fte_terms_required": tenths_to_number(self.schedule.required_tenths),
            "fte_terms_served_elsewhere": tenths_to_number(self.served_elsewhere_tenths),
            "end_of_induction": iso(self.end_of_induction),
            "reduced_to": tenths_to_number(self.ect.reduced_to_tenths),
            "exempt_reason": self.ect.exempt_reason,
            "at_risk": self.at_risk,
        }

    def to_json(self) -> dict:
        """The whole induction, for ``ect show --json``."""
        parts = self.schedule.part_absence
        decisions = list(self.decisions)
        return {
            **self.summary_json(),
            "periods": [
                {
                    **p.to_json(),
                    "fte_terms": tenths_to_number(self.period_tenths[p.id]),
                    "counts": p not in self.schedule.short_periods,
                }
                for p in self.here
            ],
            "prior_periods": [p.to_json() for p in self.elsewhere],
            "checkpoints": [c.to_json() for c in self.checkpoints],
            "unscheduled_records": [r.to_json() for r in self.unscheduled_records],
            "records": [r.to_json() for r in self.records],
            "absences": [
                {
                    "starts_on": iso(a.starts_on),
                    "ends_on": iso(a.ends_on),
                    "days": days_number(a.days),
                    "kind": a.kind,
                    "extend": a.extend,
                    "part": self.absence_part(a),
                }
                for a in self.absences
            ],
            "absence_by_part": [
                {
                    "part": n,
                    "days_towards_threshold": days_number(parts[n].counting_days),
                    "threshold_days": THRESHOLD_DAYS,
                    "statutory_leave_days": days_number(parts[n].statutory_days),
                    "extension_terms": tenths_to_number(parts[n].extension_tenths),
                }
                for n in (1, 2)
            ],
            "extensions": [
                {
                    "decided_on": iso(d.extended_on),
                    "terms": tenths_to_number(d.effective_extension_tenths),
                    "by_appeal": d.appeal_result == "extended",
                }
                for d in self.extensions
            ],
            "decision": decisions[-1].to_json() if decisions else None,
            "deadlines": [
                {"name": d.name, "due_on": iso(d.due_on), "what": d.what}
                for d in self.open_deadlines
            ],
        }


def _facts(decision: Decision) -> DecisionFacts:
    """The facts the deadline rules need, taken from the stored decision."""
    return DecisionFacts(**{f.name: getattr(decision, f.name) for f in fields(DecisionFacts)})
