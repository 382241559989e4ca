"""One letter's field values, taken from an ECT's induction as ectrack evaluates it,
so a letter says what ``ect show`` says. Pure: no SQL, no files.

[decision] A letter is dated the day it is sent: ``--dated``, else the day the
notice was recorded as sent, else today. The last day to appeal runs from that date
as the deadline rules count it (notice received on the 2nd working day after, then
20 working days), so the letter and ``ect show`` agree once the notice is recorded
with that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ectrack.errors import RuleBroken
from ectrack.induction import Induction
from ectrack.labels import CHECKPOINT_LABELS, letter_date, programme_word
from ectrack.letters.fields import TEMPLATES
from ectrack.models import Decision, InductionPeriod, School, percent_to_fte
from ectrack.rules.deadlines import (
    DISMISSAL_DAYS,
    NOTICE_RECEIVED_AFTER_DAYS,
    appeal_window_closes,
)
from ectrack.rules.schedule import FINAL_ASSESSMENT, INTERIM_ASSESSMENT

#: [decision] Where an appeal goes (REG 14): the TRA acts for the Secretary of State.
APPEAL_TO = (
    "the Secretary of State for Education, by writing to the Teaching Regulation Agency, "
    "Cheylesmore House, 5 Quinton Road, Coventry CV1 2WT"
)
DECISION_WORDS = {
    "pass": "induction passed (completed satisfactorily)",
    "fail": "induction not passed (not completed satisfactorily)",
    "extend": "induction extended by {terms} FTE terms",
}
NOT_NAMED = "not yet named"


@dataclass(frozen=True, slots=True)
class Letter:
    """One letter to one recipient, with everything its template can use."""

    template: str
    trn: str
    school_urn: str | None
    to_email: str | None
    values: dict[str, str]
    decision_id: int | None = None
    dated: dt.date | None = None

    @property
    def recipient(self) -> str:
        return TEMPLATES[self.template].recipient

    @property
    def to_name(self) -> str:
        """Whom the letter is addressed to (its ``recipient`` field)."""
        return self.values["recipient"]


def _tenths(tenths: int | None) -> str:
    return "" if tenths is None else f"{tenths // 10}.{tenths % 10}"


def _common(
    ind: Induction, school: School | None, settings: Mapping, dated: dt.date, to_name: str
) -> dict[str, str]:
    ect = ind.ect
    current = ind.current_period
    return {
        "letter_date": letter_date(dated),
        "ab_name": settings.get("ab_name") or "The appropriate body",
        "ab_email": settings.get("ab_email") or "",
        "signed_by": settings.get("signed_by") or "The induction team",
        "recipient": to_name,
        "ect_name": ect.full_name,
        "ect_first_name": ect.first_name,
        "ect_last_name": ect.last_name,
        "trn": ect.trn,
        "date_of_birth": letter_date(ect.date_of_birth),
        "school_name": school.name if school else "",
        "school_urn": school.urn if school else "",
        "headteacher": (school.headteacher or "") if school else "",
        "induction_started_on": letter_date(ind.periods[0].started_on if ind.periods else None)
        or "not yet started",
        "end_of_induction": letter_date(ind.end_of_induction) or "not yet known",
        "fte_terms_served": _tenths(ind.served_tenths),
        "fte_terms_required": _tenths(ind.schedule.required_tenths),
        "fte_terms_served_elsewhere": _tenths(ind.served_elsewhere_tenths),
        "programme": programme_word(current.programme) if current else "",
        "fte": f"{percent_to_fte(current.fte_percent):.1f}"
        if current and current.fte_percent is not None
        else "",
    }


def _headteacher(school: School | None) -> str:
    return (school.headteacher if school else None) or "Headteacher"


def decision_letters(
    ind: Induction,
    schools: Mapping[str, School],
    settings: Mapping,
    *,
    today: dt.date,
    dated: dt.date | None = None,
) -> list[Letter]:
    """The notices of the ECT's latest decision: to the ECT, to the headteacher and
    employer, and to the TRA (REG 11(7)); for a fail or an extension with the right
    of appeal and its last day (REG 14)."""
    if not ind.decisions:
        raise RuleBroken(
            f"{ind.trn} has no decision recorded; record it first with 'ectrack decision "
            f"record {ind.trn} --outcome pass|fail|extend --on DATE'"
        )
    decision: Decision = ind.decisions[-1]
    dated = dated or decision.ect_notified_on or today
    if dated < decision.decided_on:
        raise RuleBroken(
            f"the letters' date {dated.isoformat()} is before the decision "
            f"({decision.decided_on.isoformat()}); give --dated on or after it"
        )
    current = ind.current_period
    school = schools.get(current.school_urn) if current and current.school_urn else None
    working_days = ind.calendar.working_days
    extra = {
        "decision": DECISION_WORDS[decision.outcome].format(
            terms=_tenths(decision.extension_tenths)
        ),
        "decision_date": letter_date(decision.decided_on),
    }
    if decision.outcome in ("fail", "extend"):
        closes = appeal_window_closes(dated, working_days)
        extra |= {
            "appeal_to": APPEAL_TO,
            "notice_received_on": letter_date(working_days.add(dated, NOTICE_RECEIVED_AFTER_DAYS)),
            "appeal_deadline": letter_date(closes),
        }
        if decision.outcome == "fail":
            extra["dismissal_deadline"] = letter_date(working_days.add(closes, DISMISSAL_DAYS))
        else:
            extra["extension_terms"] = _tenths(decision.extension_tenths)
            finals = [
                c.scheduled.due_on
                for c in ind.checkpoints
                if c.scheduled.kind == FINAL_ASSESSMENT and c.scheduled.due_on > decision.decided_on
            ]
            extra["next_final_assessment_due"] = (
                letter_date(max(finals)) if finals else "to be set once the extension is served"
            )
    to = {
        "ect": (ind.ect.full_name, ind.ect.email),
        "school": (_headteacher(school), school.email if school else None),
        "tra": ("Teaching Regulation Agency", settings.get("tra_email")),
    }
    return [
        Letter(
            f"decision-{decision.outcome}-{recipient}",
            ind.trn,
            school.urn if school else None,
            email,
            _common(ind, school, settings, dated, name) | extra,
            decision.id,
            dated,
        )
        for recipient, (name, email) in to.items()
    ]


def _to_school(
    template: str,
    ind: Induction,
    urn: str | None,
    schools: Mapping[str, School],
    settings: Mapping,
    dated: dt.date,
    extra: dict[str, str],
) -> Letter:
    """A letter about the ECT to a school's headteacher, at the school's address."""
    school = schools.get(urn or "")
    values = _common(ind, school, settings, dated, _headteacher(school)) | extra
    return Letter(template, ind.trn, urn, school.email if school else None, values, dated=dated)


def registration_letter(
    ind: Induction, schools: Mapping[str, School], settings: Mapping, *, dated: dt.date
) -> Letter:
    """Confirmation to the ECT's school that they are registered for induction here."""
    current = ind.current_period
    if current is None:
        raise RuleBroken(
            f"{ind.trn} has no induction period with this AB; register the post first "
            f"('ectrack ect move' or 'ectrack ect register')"
        )
    first = next(
        (
            c
            for c in ind.checkpoints
            if c.record is None and c.scheduled.school_urn == current.school_urn
        ),
        None,
    )
    extra = {
        "induction_started_on": letter_date(current.started_on),
        "mentor_name": current.mentor.name if current.mentor else NOT_NAMED,
        "tutor_name": current.tutor.name if current.tutor else NOT_NAMED,
        "first_checkpoint": CHECKPOINT_LABELS[first.scheduled.kind] if first else "none",
        "first_checkpoint_due": letter_date(first.scheduled.due_on) if first else "",
    }
    return _to_school("registration", ind, current.school_urn, schools, settings, dated, extra)


def _left_post(ind: Induction) -> tuple[InductionPeriod, object]:
    """The latest post here the ECT left part-way, with its interim checkpoint."""
    for period in reversed(ind.here):
        if period.closed_by not in ("move", "release"):
            continue
        interim = next(
            (
                c
                for c in ind.checkpoints
                if c.scheduled.kind == INTERIM_ASSESSMENT
                and c.scheduled.school_urn == period.school_urn
                and c.scheduled.due_on == period.finished_on
            ),
            None,
        )
        if interim is not None:
            return period, interim
    raise RuleBroken(
        f"{ind.trn} has not left a post here with an interim assessment due; it is asked of "
        "the school an ECT leaves part-way through induction ('ect move' or 'ect release')"
    )


def interim_request_letter(
    ind: Induction, schools: Mapping[str, School], settings: Mapping, *, dated: dt.date
) -> Letter:
    """A request to the school the ECT left for the interim assessment (SG 2.61)."""
    period, interim = _left_post(ind)
    if interim.record is not None:
        raise RuleBroken(
            f"the interim assessment from {period.school_urn} for {ind.trn} was received on "
            f"{interim.record.received_on.isoformat()}; there is nothing to ask for"
        )
    extra = {
        "left_on": letter_date(period.finished_on),
        "interim_due": letter_date(interim.scheduled.due_on),
    }
    return _to_school("interim-request", ind, period.school_urn, schools, settings, dated, extra)


def transfer_letter(
    ind: Induction,
    schools: Mapping[str, School],
    settings: Mapping,
    *,
    dated: dt.date,
    written_on: dt.date,
    next_ab: str,
    next_ab_email: str | None,
) -> Letter:
    """The covering letter to the ECT's next AB for their transfer file."""
    current = ind.current_period
    school = schools.get(current.school_urn or "") if current else None
    values = _common(ind, school, settings, dated, next_ab) | {
        "next_ab": next_ab,
        "transfer_written_on": letter_date(written_on),
    }
    return Letter(
        "transfer", ind.trn, school.urn if school else None, next_ab_email, values, dated=dated
    )
