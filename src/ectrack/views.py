"""What the officer sees of an ECT, as plain dicts with the design's JSON names.

Shared by ``ect list``, ``ect show`` and ``school show`` (and later reports),
so every view of an ECT says the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ectrack.models import Ect, InductionPeriod, iso, percent_to_fte, tenths_to_number
from ectrack.rules.periods import open_period
from ectrack.rules.status import ect_status

#: REG 7(1), SG 2.30: the FTE of six school terms (reductions come with the rules engine).
STANDARD_INDUCTION_TENTHS = 60


def current_period(periods: Sequence[InductionPeriod]) -> InductionPeriod | None:
    """The open period, else the latest one."""
    return open_period(periods) or (periods[-1] if periods else None)


def ect_summary(ect: Ect, periods: Sequence[InductionPeriod], today: dt.date) -> dict:
    """One ECT as a row of ``ect list --json`` (and the head of ``ect show``)."""
    current = current_period(periods)
    return {
        "trn": ect.trn,
        "first_name": ect.first_name,
        "last_name": ect.last_name,
        "date_of_birth": iso(ect.date_of_birth),
        "qts_date": iso(ect.qts_date),
        "email": ect.email,
        "status": ect_status(periods, today),
        "school_urn": current.school_urn if current else None,
        "induction_started_on": iso(periods[0].started_on) if periods else None,
        "fte": percent_to_fte(current.fte_percent) if current else None,
        "programme": current.programme if current else None,
        "fte_terms_required": tenths_to_number(STANDARD_INDUCTION_TENTHS),
    }


def ect_detail(ect: Ect, periods: Sequence[InductionPeriod], today: dt.date) -> dict:
    """One ECT with every induction period, for ``ect show --json``."""
    return {**ect_summary(ect, periods, today), "periods": [p.to_json() for p in periods]}
