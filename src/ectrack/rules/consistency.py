"""Facts the rules of induction say cannot be, found in one ECT's records (``doctor``).

Each finding says what is wrong and the command that puts it right. Pure: it
reads an evaluated ``Induction`` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from itertools import combinations

from ectrack.models import InductionPeriod
from ectrack.rules.periods import where


def _overlap(a: InductionPeriod, b: InductionPeriod) -> bool:
    return a.started_on <= (b.finished_on or dt.date.max) and b.started_on <= (
        a.finished_on or dt.date.max
    )


def _two_posts(a: InductionPeriod, b: InductionPeriod) -> bool:
    """Two posts held at once (SG 3.14-3.16): with this AB, at two schools, one of
    them recorded as a second post."""
    return (
        a.is_here
        and b.is_here
        and a.school_urn != b.school_urn
        and (a.lead is not None or b.lead is not None)
    )


def expected_end_of_induction(induction) -> dt.date | None:
    """The end of induction as the rules place it: as the periods stand, or, when they
    stop short of the final (an older ectrack closed a period on the day of a decision
    made inside the final term), with the posts that carry the outcome taken as held
    to the end."""
    from ectrack.induction import Induction

    if induction.end_of_induction is not None:
        return induction.end_of_induction
    reopened = [
        dataclasses.replace(p, finished_on=None, outcome=None) if p.outcome else p
        for p in induction.periods
    ]
    return Induction(
        induction.ect,
        reopened,
        induction.calendar,
        induction.today,
        induction.absences,
        induction.records,
        induction.decisions,
    ).end_of_induction


def problems(induction) -> list[tuple[str, str]]:
    """(problem, fix) for everything in one ECT's records the rules say cannot be."""
    trn, found = induction.trn, []
    show = f"see 'ectrack ect show {trn}' and 'ectrack audit --trn {trn}'"
    periods = list(induction.periods)
    if not periods:
        found.append(
            (
                f"{trn} is registered with no induction period",
                f"open one with 'ectrack ect move {trn} --school URN --on DATE', or erase the "
                f"record with 'ectrack ect erase {trn} --reason REASON --yes'",
            )
        )
    for a, b in combinations(periods, 2):
        if not _overlap(a, b):
            continue
        if _two_posts(a, b):
            if (a.fte_percent or 0) + (b.fte_percent or 0) > 100:
                found.append(
                    (
                        f"{trn}: the posts at {a.school_urn} and {b.school_urn} are held at "
                        "the same time and add up to more than 1.0 FTE",
                        f"correct the working pattern with 'ectrack ect change-fte {trn} "
                        "--post URN --fte F --on DATE'",
                    )
                )
            continue
        found.append(
            (
                f"{trn}: induction periods {a.id} ({where(a)}) and {b.id} ({where(b)}) overlap",
                f"correct the dates: {show}",
            )
        )
    for day in {p.started_on for p in periods}:
        held = [p for p in periods if p.is_here and p.holds(day)]
        if len(held) > 2:
            found.append(
                (
                    f"{trn}: {len(held)} posts are held on {day}; two at most (SG 3.14-3.16)",
                    f"correct the dates: {show}",
                )
            )
    ended = [p for p in periods if p.outcome]
    for o in ended:
        for p in periods:
            if p.is_here and p.started_on > o.finished_on:
                found.append(
                    (
                        f"{trn}: period {p.id} starts after induction ended with an outcome",
                        f"induction has one outcome: {show}",
                    )
                )
    decided = induction.outcome_decision
    if decided is not None and not ended:
        found.append(
            (
                f"{trn}: a {decided.effective_outcome} decision is recorded but no induction "
                "period carries the outcome",
                show,
            )
        )
    if ended and induction.ect.exempt_reason is None:
        end = expected_end_of_induction(induction)
        for o in ended:
            if end is not None and o.finished_on != max(end, o.started_on):
                found.append(
                    (
                        f"{trn}: period {o.id} carries the {o.outcome} but ends on "
                        f"{o.finished_on}, not on the end of induction {end} (a decision "
                        "closes it there, whenever it is recorded)",
                        "run 'ectrack doctor --repair' to close it on the end of induction "
                        "(audited)",
                    )
                )
    if induction.ect.exempt_reason and (ended or any(p.is_open for p in periods)):
        found.append(
            (
                f"{trn} is recorded as exempt from induction but has "
                + ("an outcome" if ended else "an open induction period"),
                f"withdraw the exemption with 'ectrack ect exempt {trn} --withdraw', or "
                f"release them: {show}",
            )
        )
    elsewhere = sum(p.fte_terms_tenths or 0 for p in induction.elsewhere)
    if elsewhere and elsewhere >= induction.schedule.required_tenths:
        found.append(
            (
                f"{trn}: the FTE terms served elsewhere ({elsewhere / 10:.1f}) reach the "
                "whole induction required",
                f"check the periods served elsewhere: 'ectrack ect show {trn}'",
            )
        )
    for d in induction.decisions:
        if d.appeal_result == "extended" and not d.effective_extension_tenths:
            found.append(
                (
                    f"{trn}: the appeal against the {d.outcome} of {d.decided_on} extended "
                    "induction but its length is not recorded",
                    show,
                )
            )
    for record in induction.unscheduled_records:
        found.append(
            (
                f"{trn}: the {record.term} {record.kind.replace('_', ' ')} on record no longer "
                "matches the schedule (it changed after the return came in)",
                f"check 'ectrack ect show {trn}'; record the return for the checkpoint now due",
            )
        )
    return found
