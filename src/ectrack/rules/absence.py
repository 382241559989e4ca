"""Absence and the extension it brings (REG 8; SG 3.6-3.7).

If an ECT is absent on 30 or more days within one part of induction, that
part is extended by the total days absent in it. Statutory maternity,
paternity, adoption, shared parental, parental bereavement and carer's leave
do not count towards the 30; for those the ECT may choose to extend by the
days taken.

[decision] Days are contracted working days as the school reports them, half
days included (2.5); an
absence belongs to the part in which the term holding its first day falls;
days become FTE terms as days / 65 (13 weeks of 5 days, the DfE's own
conversion) rounded **up** to one decimal place, so the statutory minimum is
never cut short; the 30-day threshold is not pro-rated for part-timers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

ABSENCE_KINDS = (
    "sickness",
    "maternity",
    "paternity",
    "adoption",
    "shared_parental",
    "parental_bereavement",
    "carers",
    "other",
)
STATUTORY_LEAVE = frozenset(
    {"maternity", "paternity", "adoption", "shared_parental", "parental_bereavement", "carers"}
)
THRESHOLD_DAYS = 30
#: [decision] Reports flag a part of induction as near the threshold from 20 days.
NEAR_THRESHOLD_DAYS = 20
DAYS_PER_TERM = 65


@dataclass(frozen=True, slots=True)
class Absence:
    starts_on: dt.date
    ends_on: dt.date
    days: int | Fraction  # working days; half days are kept exactly (Fraction(5, 2))
    kind: str
    extend: bool = False  # statutory leave only: the ECT chose to extend induction

    @property
    def counts_towards_threshold(self) -> bool:
        return self.kind not in STATUTORY_LEAVE


@dataclass(frozen=True, slots=True)
class PartAbsence:
    """Absence within one part of induction, and the extension it brings."""

    counting_days: int | Fraction = 0  # towards the 30-day threshold
    statutory_days: int | Fraction = 0  # statutory leave, all of it
    statutory_extend_days: int | Fraction = 0  # statutory leave the ECT chose to extend for

    def add(self, absence: Absence) -> PartAbsence:
        if absence.counts_towards_threshold:
            return PartAbsence(
                self.counting_days + absence.days, self.statutory_days, self.statutory_extend_days
            )
        return PartAbsence(
            self.counting_days,
            self.statutory_days + absence.days,
            self.statutory_extend_days + (absence.days if absence.extend else 0),
        )

    @property
    def over_threshold(self) -> bool:
        return self.counting_days >= THRESHOLD_DAYS

    @property
    def extension_days(self) -> int | Fraction:
        """Days the part is extended by: all counting days once 30 are reached,
        plus statutory leave the ECT chose to extend for."""
        return (self.counting_days if self.over_threshold else 0) + self.statutory_extend_days

    @property
    def extension_tenths(self) -> int:
        return days_to_tenths(self.extension_days)


def days_to_tenths(days: int | Fraction) -> int:
    """Working days as FTE terms in tenths: days / 65, rounded up to 1 dp
    (``ceil_tenths(Fraction(days, 65))``, exact for whole and half days)."""
    return int(-(-days * 10 // DAYS_PER_TERM))
