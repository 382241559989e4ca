"""The officer's work queue as of a day (``ectrack todo``), and chase letters.

Everything here is derived from what is recorded now, so an item leaves the
queue the moment the record that settles it is made: a decision recorded, a
return imported, a support plan noted, a DfE file exported.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from ectrack.induction import Induction
from ectrack.labels import CHECKPOINT_LABELS, DEADLINE_LABELS
from ectrack.models import School, days_number
from ectrack.rules.absence import NEAR_THRESHOLD_DAYS, THRESHOLD_DAYS

#: [decision] Statutory deadlines enter the queue this many days before they fall due.
DEADLINE_HORIZON_DAYS = 30
#: [decision] A chase letter asks for missing returns within five working days.
CHASE_WORKING_DAYS = 5

#: What to do about each statutory deadline, and the command that records it done.
DEADLINE_ACTIONS = {
    "recommendation": (
        "chase the headteacher's recommendation (final assessment)",
        "ectrack chase --school {urn}",
    ),
    "representations": (
        "wait for any representations from the ECT before deciding",
        "ectrack ect show {trn}",
    ),
    "decision": (
        "decide: pass, fail or extend",
        "ectrack decision record {trn} --outcome pass|fail|extend --on DATE",
    ),
    "notification": (
        "send written notice to the ECT, headteacher, employer and TRA",
        "ectrack decision notify {trn} --on DATE",
    ),
    "fail_notice": (
        "send the ECT written notice of the fail and the right of appeal",
        "ectrack decision notify {trn} --on DATE --fail-notice-sent DATE",
    ),
    "appeal_window": (
        "note any appeal lodged with the TRA before the window closes",
        "ectrack decision appeal {trn} --lodged DATE",
    ),
    "dismissal": ("check the employer has dismissed the ECT", "ectrack ect show {trn}"),
}


@dataclass
class Item:
    """One thing to do: about whom, by when, what, and the command that does it."""

    what: str
    command: str
    due_on: dt.date | None = None
    trn: str | None = None
    name: str | None = None
    school_urn: str | None = None
    details: dict = field(default_factory=dict)

    def to_json(self, today: dt.date) -> dict:
        return {
            "trn": self.trn,
            "name": self.name,
            "school_urn": self.school_urn,
            "due_on": self.due_on and self.due_on.isoformat(),
            "days_left": None if self.due_on is None else (self.due_on - today).days,
            "what": self.what,
            "command": self.command,
            **self.details,
        }


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class MissingReturn:
    trn: str
    name: str
    kind: str
    term: str
    due_on: dt.date
    status: str  # overdue or due

    def to_json(self, today: dt.date) -> dict:
        return {
            "trn": self.trn,
            "name": self.name,
            "checkpoint": self.kind,
            "term": self.term,
            "due_on": self.due_on.isoformat(),
            "days_late": max(0, (today - self.due_on).days),
            "status": self.status,
        }


def missing_returns(inductions: list[Induction]) -> dict[str, list[MissingReturn]]:
    """Each school's returns overdue or due within 14 days (interim assessments of
    ECTs who have left are listed separately by ``work_queue``)."""
    by_school: dict[str, list[MissingReturn]] = defaultdict(list)
    for ind in inductions:
        if ind.status in ("passed", "failed"):
            continue  # induction is over: its missing returns are moot
        for c in ind.checkpoints:
            if c.status not in ("overdue", "due"):
                continue
            if c.status == "overdue" and c.scheduled.kind == "interim_assessment":
                continue
            by_school[c.scheduled.school_urn].append(
                MissingReturn(
                    ind.trn,
                    ind.ect.full_name,
                    c.scheduled.kind,
                    c.scheduled.term.name,
                    c.scheduled.due_on,
                    c.status,
                )
            )
    for returns in by_school.values():
        returns.sort(key=lambda r: (r.due_on, r.name, r.trn))
    return dict(by_school)


def work_queue(
    conn: sqlite3.Connection, today: dt.date, horizon: int = DEADLINE_HORIZON_DAYS
) -> list[Section]:
    """The queue, most urgent first: statutory deadlines, schools to chase, ECTs at
    risk with no support plan, absence, DfE files to send, interims never received."""
    from ectrack.reports import riab
    from ectrack.store.exports import exported_keys
    from ectrack.store.induction import load_inductions
    from ectrack.store.schools import list_schools

    inductions = load_inductions(conn, today)
    schools = {s.urn: s for s in list_schools(conn)}
    sections = [
        _deadlines(inductions, today, horizon),
        _schools_to_chase(inductions, schools, today),
        _at_risk(inductions),
        _absence(inductions),
    ]
    exports = Section("dfe_exports", "DfE records not yet exported")
    actions, fails = riab.actions(inductions, today)
    for label, items, kind, command in (
        ("claims", riab.claims(inductions, today), "claim", "ectrack export riab claims"),
        ("actions", actions, "action", "ectrack export riab actions"),
    ):
        done = exported_keys(conn, kind)
        new = [i for i in items if i.key not in done and i.problem is None]
        if new:
            what = f"{len(new)} {label if len(new) > 1 else label[:-1]} to send to the DfE"
            exports.items.append(Item(what, command, details={"count": len(new)}))
    listed = exported_keys(conn, "fail")
    for fail in fails:
        if fail.key in listed:
            continue
        if fail.notice_sent_on is None:  # the DfE needs the date notice was sent
            what = "record when written notice of the fail was sent, then list it for the DfE"
            command = f"ectrack decision notify {fail.trn} --on DATE --fail-notice-sent DATE"
        else:
            what = "record the fail by hand in the DfE service (this lists it to copy)"
            command = "ectrack export riab actions"
        exports.items.append(
            Item(
                what,
                command,
                None,  # not a deadline: the fail ended induction on its own date
                fail.trn,
                f"{fail.first_name} {fail.last_name}",
                details={"ended_on": fail.ended_on.isoformat()},
            )
        )
    sections.append(exports)
    sections.append(_interims(inductions))
    return sections


def _name(ind: Induction) -> str:
    return ind.ect.full_name


def _school_now(ind: Induction) -> str | None:
    return ind.summary_json()["school_urn"]


def _deadlines(inductions: list[Induction], today: dt.date, horizon: int) -> Section:
    section = Section("deadlines", f"Statutory deadlines (overdue, or within {horizon} days)")
    for ind in inductions:
        urn = _school_now(ind)
        for d in ind.open_deadlines:
            if (d.due_on - today).days > horizon:
                continue
            what, command = DEADLINE_ACTIONS[d.name]
            section.items.append(
                Item(
                    f"{DEADLINE_LABELS[d.name]}: {what}",
                    command.format(trn=ind.trn, urn=urn),
                    d.due_on,
                    ind.trn,
                    _name(ind),
                    urn,
                    {"deadline": d.name},
                )
            )
    section.items.sort(key=lambda i: (i.due_on, i.trn))
    return section


def _schools_to_chase(
    inductions: list[Induction], schools: dict[str, School], today: dt.date
) -> Section:
    section = Section("chase", "Schools to chase for returns")
    for urn, returns in missing_returns(inductions).items():
        overdue = [r for r in returns if r.status == "overdue"]
        if not overdue:
            continue
        school = schools.get(urn)
        latest = max((today - r.due_on).days for r in overdue)
        section.items.append(
            Item(
                f"{len(overdue)} return{'s' if len(overdue) > 1 else ''} overdue (up to "
                f"{latest} days late)",
                f"ectrack chase --school {urn}",
                min(r.due_on for r in overdue),
                school_urn=urn,
                name=school.name if school else None,
                details={
                    "contact": school.email if school else None,
                    "headteacher": school.headteacher if school else None,
                    "missing": [r.to_json(today) for r in overdue],
                },
            )
        )
    section.items.sort(key=lambda i: (i.due_on, i.school_urn))
    return section


def _at_risk(inductions: list[Induction]) -> Section:
    section = Section("at_risk", "ECTs at risk with no support plan recorded")
    for ind in inductions:
        if not ind.at_risk or ind.latest_record.support_plan:
            continue
        latest = ind.latest_record
        section.items.append(
            Item(
                f"the {latest.term} {CHECKPOINT_LABELS[latest.kind]} raised a concern and "
                "no support plan is recorded: ask the school for one",
                f"ectrack ect show {ind.trn}",
                None,
                ind.trn,
                _name(ind),
                _school_now(ind),
            )
        )
    return section


def _absence(inductions: list[Induction]) -> Section:
    section = Section(
        "absence", f"Absence near or past {THRESHOLD_DAYS} days in a part of induction"
    )
    for ind in inductions:
        if ind.status in ("passed", "failed"):
            continue
        for part, absence in ind.schedule.part_absence.items():
            days = absence.counting_days
            if days < NEAR_THRESHOLD_DAYS:
                continue
            past = days >= THRESHOLD_DAYS
            section.items.append(
                Item(
                    f"{days_number(days)} days absent in part {part}: "
                    + (
                        "the part is extended; check the new dates with the school"
                        if past
                        else f"near {THRESHOLD_DAYS}, which would extend the part"
                    ),
                    f"ectrack ect show {ind.trn}",
                    None,
                    ind.trn,
                    _name(ind),
                    _school_now(ind),
                    {"part": part, "days": days_number(days), "past_threshold": past},
                )
            )
    return section


def _interims(inductions: list[Induction]) -> Section:
    section = Section("interims", "Periods that ended without an interim assessment")
    for ind in inductions:
        if ind.status in ("passed", "failed"):
            continue
        for c in ind.checkpoints:
            if c.scheduled.kind == "interim_assessment" and c.status == "overdue":
                section.items.append(
                    Item(
                        f"ask {c.scheduled.school_urn} for the interim assessment due when "
                        "the ECT left",
                        f"ectrack assessment record {ind.trn} --kind interim --date DATE "
                        "--overall ...",
                        c.scheduled.due_on,
                        ind.trn,
                        _name(ind),
                        c.scheduled.school_urn,
                    )
                )
    section.items.sort(key=lambda i: (i.due_on, i.trn))
    return section


def chase_letter(
    school: School | None, urn: str, returns: list[MissingReturn], today: dt.date, reply_by
) -> str:
    """A plain-text email body asking one school for its missing returns."""
    greeting = f"Dear {school.headteacher}," if school and school.headteacher else "Dear colleague,"
    name = school.name if school else urn
    overdue = [r for r in returns if r.status == "overdue"]
    due = [r for r in returns if r.status == "due"]
    lines = [
        f"To: {school.email}" if school and school.email else "To: (no email recorded)",
        f"Subject: ECT induction returns for {name} ({urn})",
        "",
        greeting,
        "",
    ]
    if overdue:
        lines += [
            f"We have not yet received the following induction returns for {name}, which "
            f"were due as shown. Please send them by {reply_by:%A %d %B %Y}:",
            "",
        ]
        lines += [
            f"- {r.name} (TRN {r.trn}): {CHECKPOINT_LABELS[r.kind]}, {r.term}, due "
            f"{r.due_on:%d/%m/%Y} ({(today - r.due_on).days} days ago)"
            for r in overdue
        ]
        lines.append("")
    if due:
        lines += ["These returns fall due shortly:", ""]
        lines += [
            f"- {r.name} (TRN {r.trn}): {CHECKPOINT_LABELS[r.kind]}, {r.term}, due "
            f"{r.due_on:%d/%m/%Y}"
            for r in due
        ]
        lines.append("")
    lines += [
        "You can send them on the returns workbook we sent for the term, or reply to "
        "this email with the completed forms. If an ECT has left your school, please let "
        "us know the date they left.",
        "",
        "Thank you,",
        "",
        "The Appropriate Body induction team",
    ]
    return "\n".join(lines) + "\n"


def chase_letters(
    conn: sqlite3.Connection, today: dt.date, school_urn: str | None = None
) -> list[tuple[str, str, int]]:
    """(URN, letter, returns listed) for each school owing returns, or just one."""
    from ectrack.store.induction import load_inductions, term_calendar
    from ectrack.store.schools import list_schools

    schools = {s.urn: s for s in list_schools(conn)}
    reply_by = term_calendar(conn).working_days.add(today, CHASE_WORKING_DAYS)
    letters = []
    for urn, returns in sorted(missing_returns(load_inductions(conn, today)).items()):
        if school_urn and urn != school_urn:
            continue
        letters.append(
            (urn, chase_letter(schools.get(urn), urn, returns, today, reply_by), len(returns))
        )
    return letters
