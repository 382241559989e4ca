"""The ECT's statutory entitlement and its gaps (SG 2.18-2.28, 5.8-5.12).

An AB checks that every ECT in induction has, in their current post:

- a named **mentor** and a named **induction tutor**, each holding QTS, who are
  not the same person unless the school has said why (an exception recorded);
- a **reduced timetable**: no more than 90% of a normal timetable in part 1 and
  95% in part 2 (the school confirms the percentage);
- for a **school-led** programme, the AB's **fidelity check** against the
  framework: done, met, and not past its next due date;
- a **suitable post**: teaching the age range and subject they trained for, in
  a school not in special measures (unless HMCI has allowed induction there).

Each item missing or failed is a **gap**. A gap is *seen* when a record first
shows it (``record_gaps``: pure facts of the record, stored with the day, as of
``--today``, they were first seen) and *active* from the day it matters
(``entitlement_gaps``): the part of induction its timetable belongs to, the day
a fidelity check falls due. Its first-seen date is the later of the two.

[decision] Gaps are checked for ECTs in induction (status ``in_progress``), in
the post they hold today; a post that has ended, or has not begun, has none.
[decision] The first fidelity check of a school-led programme is due by the end
of the ECT's first term in the post; a check that met the framework is due
again a year later unless the officer gives another date.
[decision] A school whose special-measures status is not recorded is not a gap:
the AB records it when Ofsted places the school in special measures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ectrack.errors import InvalidValue
from ectrack.models import NO_ENTITLEMENT, Entitlement, InductionPeriod, School, Staff, iso
from ectrack.rules.fte import continues
from ectrack.values import NO, YES, parse_decimal, parse_yes_no, visible_text

#: The most of a normal timetable an ECT may teach, by part of induction (SG 2.20).
TIMETABLE_LIMITS = {1: 90, 2: 95}
#: [decision] A met fidelity check is due again this many days later, unless given.
FIDELITY_RECHECK_DAYS = 365

RECORD = "ectrack entitlement record {trn}"
TIMETABLE_FIX = "give the percentage of a normal timetable, e.g. 90 or 90%, or yes or no"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_timetable(value: object, part: int) -> int:
    """An ECT's timetable as whole percent of a normal one: ``90``, ``90%``, ``0.9``.
    [decision] ``yes`` (a reduced timetable is in place) is recorded as the most the
    part allows (90% or 95%); ``no`` (not reduced) as 100%."""
    field = f"timetable_part{part}"
    text = str(value).strip().lower()
    if text.isalpha() and (text in YES or text in NO):  # not 1 or 0: those are numbers
        return TIMETABLE_LIMITS[part] if text in YES else 100
    percent = text.endswith("%")
    number = parse_decimal(text.rstrip("%").strip(), field, TIMETABLE_FIX)
    if not percent and 0 < number <= 1:
        number *= 100  # 0.9 of a timetable
    if number != number.to_integral_value() or not 1 <= number <= 100:
        raise InvalidValue(field, value, "is not a whole percentage from 1 to 100", TIMETABLE_FIX)
    return int(number)


def parse_entitlement(
    base: Entitlement = NO_ENTITLEMENT,
    *,
    timetable_part1: object = None,
    timetable_part2: object = None,
    post_suitable: object = None,
    same_person_reason: object = None,
) -> Entitlement:
    """``base`` with the values given (None or blank: left as it is), each checked."""
    changes: dict = {}
    for part, value in ((1, timetable_part1), (2, timetable_part2)):
        if not _blank(value):
            changes[f"timetable_part{part}"] = parse_timetable(value, part)
    if not _blank(post_suitable):
        changes["post_suitable"] = parse_yes_no(post_suitable, "post_suitable")
    if not _blank(same_person_reason):
        # line breaks and tabs become spaces, as all runs of white space; nothing unseen
        text = visible_text(same_person_reason, "same_person_reason", multiline=True)
        reason = " ".join(text.split())
        if len(reason) > 500:
            raise InvalidValue(
                "same_person_reason", reason[:20] + "…", "is over 500 characters", "shorten it"
            )
        changes["same_person_reason"] = reason
    return replace(base, **changes) if changes else base


FIDELITY = "ectrack entitlement fidelity --school {urn} --on DATE --result met|not-met"


@dataclass(frozen=True, slots=True)
class Finding:
    """A gap as the record shows it, before asking whether it is active yet."""

    code: str
    what: str  # what is wrong, in words
    todo: str  # what the officer does about it
    command: str  # the command that records it put right
    failed: bool  # something recorded fails the entitlement; else it is missing


@dataclass(frozen=True, slots=True)
class Gap:
    """An active gap in one ECT's entitlement, with the day it was first seen."""

    trn: str
    school_urn: str
    period_id: int
    finding: Finding
    first_seen_on: dt.date

    @property
    def code(self) -> str:
        return self.finding.code

    def to_json(self, today: dt.date) -> dict:
        return {
            "trn": self.trn,
            "school_urn": self.school_urn,
            "gap": self.code,
            "what": self.finding.what,
            "failed": self.finding.failed,
            "first_seen_on": iso(self.first_seen_on),
            "days_open": (today - self.first_seen_on).days,
            "todo": self.finding.todo,
            "command": self.finding.command,
        }


def _staff_findings(role: str, label: str, person: Staff | None, trn: str) -> list[Finding]:
    option = f"--{role}"
    a = "an" if label[0] in "aeiou" else "a"
    if person is None:
        return [
            Finding(
                f"{role}_missing",
                f"no {label} named",
                f"ask the school to name {a} {label} who holds QTS",
                f"{RECORD.format(trn=trn)} {option} NAME {option}-qts yes",
                False,
            )
        ]
    if person.qts is None:
        return [
            Finding(
                f"{role}_qts_unconfirmed",
                f"{label} {person.name}: QTS not confirmed",
                f"ask the school to confirm that {person.name} holds QTS",
                f"{RECORD.format(trn=trn)} {option}-qts yes|no",
                False,
            )
        ]
    if person.qts is False:
        return [
            Finding(
                f"{role}_no_qts",
                f"{label} {person.name} does not hold QTS",
                f"ask the school for {a} {label} who holds QTS",
                f"{RECORD.format(trn=trn)} {option} NAME {option}-qts yes",
                True,
            )
        ]
    return []


def record_gaps(period: InductionPeriod, school: School | None) -> list[Finding]:
    """Every gap the records of one post show, whatever the day (see the module
    docstring): these are what ``entitlement_seen`` remembers."""
    trn, urn = period.trn, period.school_urn
    e = period.entitlement
    found = _staff_findings("mentor", "mentor", period.mentor, trn)
    found += _staff_findings("tutor", "induction tutor", period.tutor, trn)
    if period.mentor and period.mentor.same_person(period.tutor) and not e.same_person_reason:
        found.append(
            Finding(
                "same_person",
                f"{period.mentor.name} is both mentor and induction tutor, and no reason "
                "is recorded",
                "ask the school for a separate mentor, or record why one person does both",
                f"{RECORD.format(trn=trn)} --same-person-reason TEXT",
                False,
            )
        )
    for part, limit in TIMETABLE_LIMITS.items():
        percent = e.timetable(part)
        option = f"{RECORD.format(trn=trn)} --timetable-part{part} PERCENT"
        if percent is None:
            found.append(
                Finding(
                    f"timetable_part{part}_unconfirmed",
                    f"reduced timetable for part {part} not confirmed (at most {limit}%)",
                    f"ask the school to confirm the ECT's timetable in part {part}",
                    option,
                    False,
                )
            )
        elif percent > limit:
            found.append(
                Finding(
                    f"timetable_part{part}_over",
                    f"timetable of {percent}% in part {part} is over the {limit}% allowed",
                    f"ask the school to reduce the ECT's timetable to {limit}% at most",
                    option,
                    True,
                )
            )
    if e.post_suitable is None:
        found.append(
            Finding(
                "post_unconfirmed",
                "post not confirmed as suitable (the age range and subject trained for)",
                "ask the school to confirm the post suits the ECT's training",
                f"{RECORD.format(trn=trn)} --post-suitable yes|no",
                False,
            )
        )
    elif e.post_suitable is False:
        found.append(
            Finding(
                "post_unsuitable",
                "post not suitable: not the age range or subject the ECT trained for",
                "agree a suitable post with the school (SG 2.23)",
                f"{RECORD.format(trn=trn)} --post-suitable yes|no",
                True,
            )
        )
    if school and school.special_measures and not school.induction_permitted:
        found.append(
            Finding(
                "special_measures",
                f"{school.name} is in special measures and no HMCI permission for "
                "induction is recorded",
                "check HMCI has allowed induction at the school, or that it has left "
                "special measures",
                f"ectrack school update {urn} --induction-permitted yes",
                True,
            )
        )
    if period.programme == "school_led":
        found += _fidelity_findings(period)
    return found


def _fidelity_findings(period: InductionPeriod) -> list[Finding]:
    e, urn = period.entitlement, period.school_urn
    command = FIDELITY.format(urn=urn)
    if e.fidelity_checked_on is None:
        return [
            Finding(
                "fidelity_missing",
                "no fidelity check of the school-led programme",
                "check the school's programme covers the framework",
                command,
                False,
            )
        ]
    if e.fidelity_result == "not_met":
        return [
            Finding(
                "fidelity_not_met",
                f"the fidelity check on {e.fidelity_checked_on:%d/%m/%Y} found the "
                "programme does not cover the framework",
                "agree changes with the school and check again",
                command,
                True,
            )
        ]
    if e.fidelity_next_due is not None:
        return [
            Finding(
                "fidelity_overdue",
                f"fidelity check due {e.fidelity_next_due:%d/%m/%Y} not done",
                "check the school's programme again",
                command,
                False,
            )
        ]
    return []


def entitlement_gaps(
    induction,
    schools: Mapping[str, School],
    seen: Mapping[tuple[int, str], dt.date | None],
) -> list[Gap]:
    """The gaps active for one ECT as of ``induction.today``, oldest first. ``schools``:
    by URN; ``seen``: (period id, gap) → the day it was first seen, as stored."""
    today = induction.today
    if induction.status != "in_progress":
        return []
    holding = [p for p in induction.here if p.holds(today)]
    period = next((p for p in holding if p.lead), holding[0] if holding else None)
    if period is None:
        return []
    part = induction.part_on(today)
    post = post_of(induction.periods, period)
    gaps = []
    for finding in record_gaps(period, schools.get(period.school_urn)):
        active = _active_from(finding.code, period, post, induction, part)
        if active is None or active > today:
            continue
        first_seen = max(active, seen.get((period.id, finding.code)) or active)
        gaps.append(
            Gap(induction.trn, period.school_urn, period.id, finding, min(first_seen, today))
        )
    gaps.sort(key=lambda g: (g.first_seen_on, g.code))
    return gaps


def post_of(periods, period: InductionPeriod) -> InductionPeriod:
    """The first period of ``period``'s post: a change of FTE at the same school
    continues the post (SG 2.36), so its gaps and checks carry on."""
    while earlier := next((p for p in periods if continues(p, period)), None):
        period = earlier
    return period


def _active_from(
    code: str, period: InductionPeriod, post: InductionPeriod, induction, part: int
) -> dt.date | None:
    """The day a gap starts to matter; None when it does not matter now."""
    e, start = period.entitlement, post.started_on
    if code.startswith("timetable_part"):
        if int(code[len("timetable_part")]) != part:
            return None  # the other part's timetable: past, or not yet begun
        return max(start, induction.part_two_starts_on or start) if part == 2 else start
    if code == "fidelity_missing":
        return first_fidelity_due(post, induction.calendar) + dt.timedelta(days=1)
    if code == "fidelity_not_met":
        return e.fidelity_checked_on
    if code == "fidelity_overdue":
        return e.fidelity_next_due + dt.timedelta(days=1)
    return start


def first_fidelity_due(post: InductionPeriod, calendar) -> dt.date:
    """The end of the ECT's first term in the post (see the module docstring)."""
    return calendar.dates(calendar.term_on_or_after(post.started_on)).ends_on
