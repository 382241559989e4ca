"""The AB's records as plain, light dataclasses (no pydantic on the hot path).

``to_json`` gives the names of the design: snake_case, dates as YYYY-MM-DD,
FTE as a number (0.8), FTE terms as numbers with one decimal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from fractions import Fraction
from functools import cache


def tenths_to_number(tenths: int | None) -> float | None:
    """Integer tenths as the one-decimal number JSON shows (26 → 2.6)."""
    return None if tenths is None else tenths / 10


def percent_to_fte(percent: int) -> float:
    """FTE kept as whole percent, shown as a decimal (80 → 0.8)."""
    return percent / 100


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def shallow_dict(record) -> dict:
    """A dataclass's fields as a dict, without ``dataclasses.asdict``'s deep copy."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


def days_number(days) -> int | float:
    """Working days as JSON shows them: 3, or 2.5 for half days (exact in binary)."""
    return int(days) if days == int(days) else float(days)


def yes_no(value: bool | None) -> str | None:
    """A yes/no record as a person reads it in a sheet: yes, no, or blank."""
    return None if value is None else "yes" if value else "no"


def iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


@dataclass(frozen=True, slots=True)
class School:
    urn: str
    name: str
    local_authority: str | None = None
    laestab: str | None = None
    phase: str | None = None
    headteacher: str | None = None
    email: str | None = None
    special_measures: bool | None = None  # None: not known
    #: HMCI has allowed induction here although the school is in special measures
    induction_permitted: bool | None = None
    town: str | None = None

    def to_json(self) -> dict:
        return {
            "urn": self.urn,
            "name": self.name,
            "local_authority": self.local_authority,
            "laestab": self.laestab,
            "phase": self.phase,
            "headteacher": self.headteacher,
            "email": self.email,
            "special_measures": self.special_measures,
            "induction_permitted": self.induction_permitted,
            "town": self.town,
        }


@dataclass(frozen=True, slots=True)
class Staff:
    """A mentor or induction tutor; belongs to one school."""

    id: int
    school_urn: str
    name: str
    email: str | None = None
    qts: bool | None = None  # holds QTS, as the school confirmed; None: not confirmed

    def to_json(self) -> dict:
        return {"name": self.name, "email": self.email, "qts": self.qts}

    def same_person(self, other: Staff | None) -> bool:
        return other is not None and (
            self.id == other.id or self.name.casefold() == other.name.casefold()
        )


@dataclass(frozen=True, slots=True)
class Ect:
    trn: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    qts_date: dt.date
    email: str | None = None
    reduced_to_tenths: int | None = None  # a reduced induction (SG 3.2-3.4)
    exempt_reason: str | None = None  # exempt from induction (REG 5, Sch 1): TRS's reason
    exempt_on: dt.date | None = None  # when the AB recorded it
    former_names: str | None = None  # earlier names the ECT gave ("Smith; Jones")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class Entitlement:
    """What the school confirmed of the ECT's entitlement in one post (SG 2.18-2.28),
    and the AB's fidelity check of a school-led programme. None: not confirmed."""

    timetable_part1: int | None = None  # percent of a normal timetable
    timetable_part2: int | None = None
    post_suitable: bool | None = None  # the age range and subject trained for
    same_person_reason: str | None = None  # why one person is mentor and tutor
    fidelity_checked_on: dt.date | None = None
    fidelity_result: str | None = None  # met, not_met
    fidelity_next_due: dt.date | None = None

    def timetable(self, part: int) -> int | None:
        return self.timetable_part1 if part == 1 else self.timetable_part2

    def to_json(self) -> dict:
        return {
            "timetable_part1_percent": self.timetable_part1,
            "timetable_part2_percent": self.timetable_part2,
            "post_suitable": self.post_suitable,
            "same_person_reason": self.same_person_reason,
            "fidelity_checked_on": iso(self.fidelity_checked_on),
            "fidelity_result": self.fidelity_result,
            "fidelity_next_due": iso(self.fidelity_next_due),
        }


NO_ENTITLEMENT = Entitlement()
ENTITLEMENT_COLUMNS = tuple(f.name for f in fields(Entitlement))

PERIOD_CLOSED_BY = ("move", "fte_change", "release")
OUTCOMES = ("pass", "fail")


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """Where a period served before this AB was served, and what it brings
    (REG 9; SG 2.30-2.40): the other AB, the institution, the days absent it
    brings to each part (towards the 30, REG 8) and any extension the other AB
    decided. Its FTE terms are the period's ``fte_terms_tenths``, as the DfE holds
    them."""

    appropriate_body: str
    institution: str | None = None
    absence_part1_days: int | Fraction = 0
    absence_part2_days: int | Fraction = 0
    extension_tenths: int | None = None

    def absence_days(self, part: int) -> int | Fraction:
        return self.absence_part1_days if part == 1 else self.absence_part2_days


@dataclass(frozen=True, slots=True)
class InductionPeriod:
    """Continuous employment at one school at one FTE (SG 2.33, 2.74), or a period
    served elsewhere, with another AB (``elsewhere``).

    A period ends in one of three ways: the ECT moved school or changed FTE
    (``closed_by`` move / fte_change; the next period starts the day after),
    left the AB's care (``closed_by`` release), or completed induction
    (``outcome`` pass / fail). A period elsewhere is over: the other AB released
    the ECT. ``lead``: None for a post held alone; with two posts at once
    (SG 3.14-3.16), True for the lead post, False for the second.
    ``fte_terms_tenths``: the FTE terms given for the period (by the officer on a
    release, or as the DfE holds a period elsewhere), which replace ectrack's count.
    """

    id: int
    trn: str
    school_urn: str | None
    started_on: dt.date
    finished_on: dt.date | None
    fte_percent: int | None
    programme: str | None
    mentor: Staff | None = None
    tutor: Staff | None = None
    fte_terms_tenths: int | None = None
    closed_by: str | None = None
    outcome: str | None = None
    entitlement: Entitlement = NO_ENTITLEMENT
    elsewhere: Elsewhere | None = None
    lead: bool | None = None

    @property
    def is_open(self) -> bool:
        return self.finished_on is None

    @property
    def is_here(self) -> bool:
        """Served with this AB (not a period elsewhere)."""
        return self.elsewhere is None

    def holds(self, day: dt.date) -> bool:
        """True when the ECT is in this period on ``day``."""
        return self.started_on <= day and (self.finished_on is None or day <= self.finished_on)

    def to_json(self) -> dict:
        if self.elsewhere is not None:
            e = self.elsewhere
            return {
                "appropriate_body": e.appropriate_body,
                "institution": e.institution,
                "started_on": iso(self.started_on),
                "finished_on": iso(self.finished_on),
                "programme": self.programme,
                "fte_terms": tenths_to_number(self.fte_terms_tenths),
                "absence_days_part1": days_number(e.absence_part1_days),
                "absence_days_part2": days_number(e.absence_part2_days),
                "extension_terms": tenths_to_number(e.extension_tenths),
            }
        return {
            "school_urn": self.school_urn,
            "started_on": iso(self.started_on),
            "finished_on": iso(self.finished_on),
            "fte": percent_to_fte(self.fte_percent),
            "programme": self.programme,
            "mentor": self.mentor.to_json() if self.mentor else None,
            "induction_tutor": self.tutor.to_json() if self.tutor else None,
            "fte_terms": tenths_to_number(self.fte_terms_tenths),
            "closed_by": self.closed_by,
            "outcome": self.outcome,
            "lead": self.lead,
            "entitlement": self.entitlement.to_json(),
        }


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: str
    actor: str
    command: str
    entity: str
    entity_id: str
    trn: str | None
    action: str
    before: dict | None
    after: dict | None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "command": self.command,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "trn": self.trn,
            "action": self.action,
            "before": self.before,
            "after": self.after,
        }


STANDARDS = ("ts1", "ts2", "ts3", "ts4", "ts5", "ts6", "ts7", "ts8", "pt2")


@dataclass(frozen=True, slots=True)
class CheckpointRecord:
    """A progress review or assessment as the school returned it."""

    id: int
    trn: str
    kind: str
    term: str
    held_on: dt.date
    received_on: dt.date
    on_track: bool | None = None
    support_plan: bool | None = None
    overall: str | None = None
    standards: dict[str, str] | None = None  # ts1..ts8, pt2 → meeting / not_yet_meeting
    recommendation: str | None = None
    absence_days: int | Fraction | None = None  # whole or half days, exactly
    summary: str | None = None
    appropriate_body: str | None = None  # made with another AB (a transfer in); None: here

    @property
    def raises_concern(self) -> bool:
        """Not on track, a support plan, or an unsatisfactory judgement (SG 2.52)."""
        return (
            self.on_track is False
            or bool(self.support_plan)
            or self.overall == "unsatisfactory"
            or self.recommendation == "unsatisfactory"
        )

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "term": self.term,
            "held_on": iso(self.held_on),
            "received_on": iso(self.received_on),
            "on_track": self.on_track,
            "support_plan": self.support_plan,
            "overall": self.overall,
            "standards": self.standards or {},
            "recommendation": self.recommendation,
            "absence_days": None if self.absence_days is None else days_number(self.absence_days),
            "summary": self.summary,
            "appropriate_body": self.appropriate_body,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """The AB's decision after a final assessment: pass, fail or extend."""

    id: int
    trn: str
    outcome: str
    decided_on: dt.date
    extension_tenths: int | None = None
    override_reason: str | None = None
    ect_notified_on: dt.date | None = None
    headteacher_notified_on: dt.date | None = None
    tra_notified_on: dt.date | None = None
    fail_notice_sent_on: dt.date | None = None
    appeal_lodged_on: dt.date | None = None
    appeal_result: str | None = None  # allowed, dismissed, extended (REG 14)
    appeal_result_on: dt.date | None = None
    appeal_extension_tenths: int | None = None  # the length the Secretary of State set

    @property
    def effective_outcome(self) -> str:
        """The decision as it stands after any appeal (REG 14; SG 2.70-2.73): an appeal
        **allowed** sets the AB's decision aside (the ECT has passed); one that ends
        **extended** makes it an extension of the length the Secretary of State set;
        pending or dismissed, the AB's decision stands."""
        if self.appeal_result == "allowed":
            return "pass"
        if self.appeal_result == "extended":
            return "extend"
        return self.outcome

    @property
    def extended_on(self) -> dt.date | None:
        """The day the extension in force was decided: by the appeal, or by the AB."""
        if self.effective_outcome != "extend":
            return None
        return self.appeal_result_on if self.appeal_result == "extended" else self.decided_on

    @property
    def effective_extension_tenths(self) -> int | None:
        """The extension in force: the appeal's length replaces the AB's."""
        if self.appeal_result == "extended":
            return self.appeal_extension_tenths or self.extension_tenths
        return self.extension_tenths if self.effective_outcome == "extend" else None

    def to_json(self) -> dict:
        return {
            "outcome": self.outcome,
            "decided_on": iso(self.decided_on),
            "extension_terms": tenths_to_number(self.extension_tenths),
            "override_reason": self.override_reason,
            "ect_notified_on": iso(self.ect_notified_on),
            "headteacher_notified_on": iso(self.headteacher_notified_on),
            "tra_notified_on": iso(self.tra_notified_on),
            "fail_notice_sent_on": iso(self.fail_notice_sent_on),
            "appeal_lodged_on": iso(self.appeal_lodged_on),
            "appeal_result": self.appeal_result,
            "appeal_result_on": iso(self.appeal_result_on),
            "appeal_extension_terms": tenths_to_number(self.appeal_extension_tenths),
            "outcome_after_appeal": self.effective_outcome,
        }
