"""The officer's work queue as of a day (``ectrack todo``), and chase letters.

Everything here is derived from what is recorded now, so an item leaves the
queue the moment the record that settles it is made: a decision recorded, a
return imported, a support plan noted, an entitlement gap put right, a DfE file
exported. ``WorkQueue`` is filled one ECT at a time, so the termly report fills
it in the same pass over the inductions as its own tables.

Pure: no SQL, no files.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from ectrack.induction import Induction
from ectrack.labels import (
    CHECKPOINT_LABELS,
    DEADLINE_LABELS,
    letter_date,
    school_words,
    term_word,
    uk_date,
)
from ectrack.models import School, days_number
from ectrack.rules.absence import NEAR_THRESHOLD_DAYS, THRESHOLD_DAYS
from ectrack.rules.entitlement import Gap, entitlement_gaps

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
#: A decision's notices are due and no letters are written for it yet.
NO_LETTERS_COMMAND = "ectrack letter decision {trn} --eml DRAFTS-FOLDER"


@dataclass
class Item:
    """One thing to do: about whom, by when, what, and the command that does it.

    ``said``: ``what`` as the officer reads it, where it differs (terms and dates in
    words); JSON keeps ``what`` as it always was."""

    what: str
    command: str
    due_on: dt.date | None = None
    trn: str | None = None
    name: str | None = None
    school_urn: str | None = None
    details: dict = field(default_factory=dict)
    said: str | None = None

    @property
    def words(self) -> str:
        """What to do, for a person."""
        return self.said or self.what

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
    school_urn: str  # the school the ECT was at when it fell due

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


def _returns_of(ind: Induction) -> list[MissingReturn]:
    """One ECT's returns overdue or due within 14 days (interim assessments of ECTs
    who have left are listed separately by ``WorkQueue``)."""
    if ind.status in ("passed", "failed"):
        return []  # induction is over: its missing returns are moot
    return [
        MissingReturn(
            ind.trn,
            ind.ect.full_name,
            c.scheduled.kind,
            c.scheduled.term.name,
            c.scheduled.due_on,
            c.status,
            c.scheduled.school_urn,
        )
        for c in ind.checkpoints
        if c.status == "due" or (c.status == "overdue" and c.scheduled.kind != "interim_assessment")
    ]


def missing_returns(inductions) -> dict[str, list[MissingReturn]]:
    """Each school's returns overdue or due within 14 days, soonest due first."""
    by_school: dict[str, list[MissingReturn]] = defaultdict(list)
    for ind in inductions:
        for r in _returns_of(ind):
            by_school[r.school_urn].append(r)
    for returns in by_school.values():
        returns.sort(key=lambda r: (r.due_on, r.name, r.trn))
    return dict(by_school)


#: The sections of the queue, most urgent first.
SECTIONS = (
    ("deadlines", "Statutory deadlines (overdue, or within {horizon} days)"),
    ("chase", "Schools to chase for returns"),
    ("at_risk", "ECTs at risk with no support plan recorded"),
    ("absence", f"Absence near or past {THRESHOLD_DAYS} days in a part of induction"),
    ("entitlement", "Entitlement gaps (oldest first)"),
    ("dfe_exports", "DfE records not yet exported"),
    ("interims", "Periods that ended without an interim assessment"),
)


class WorkQueue:
    """The queue, filled one ECT at a time (``add``), then read as ``sections`` (the
    items) or ``counts``. With ``counting``, only the counts are kept: the national
    termly report needs no more, and 60,000 ECTs' items would fill memory.

    ``seen``: when each entitlement gap was first seen (``store.entitlement``);
    ``exported``: the keys of claims, actions and fails already given to the DfE;
    ``letters``: when letters were first written for each decision (by its id).
    """

    def __init__(
        self,
        today: dt.date,
        schools: Mapping[str, School],
        seen: Mapping,
        exported: Mapping[str, set[str]],
        horizon: int = DEADLINE_HORIZON_DAYS,
        *,
        counting: bool = False,
        letters: Mapping[int, dt.date] | None = None,
    ) -> None:
        self.today, self.schools, self.seen = today, schools, seen
        self.letters = letters or {}
        self.exported, self.horizon, self.counting = exported, horizon, counting
        self._sections = {
            key: Section(key, title.format(horizon=horizon)) for key, title in SECTIONS
        }
        self._counts: dict[str, Counter] = {key: Counter() for key, _ in SECTIONS}
        self._returns: dict[str, list[MissingReturn]] = defaultdict(list)
        self._to_send = {"claim": 0, "action": 0}

    def _add(self, key: str, item: Item) -> None:
        if self.counting:
            self._counts[key][item.school_urn] += 1
        else:
            self._sections[key].items.append(item)

    def counts(self) -> dict[str, Counter]:
        """Each section's number of items by school (None: the AB's own, such as the
        DfE files), in the order of ``sections``."""
        if not self.counting:
            return {s.key: Counter(i.school_urn for i in s.items) for s in self.sections()}
        found = {key: Counter(c) for key, c in self._counts.items()}
        found["chase"] = Counter(i.school_urn for i in self._chase())
        found["dfe_exports"][None] += sum(1 for n in self._to_send.values() if n)
        return found

    def add(self, ind: Induction, summary: dict | None = None) -> list[Gap]:
        """Everything one ECT puts in the queue; returns their entitlement gaps (the
        termly report lists them too). ``summary``: ``ind.summary_json()`` when the
        caller has it already."""
        urn = (summary or ind.summary_json())["school_urn"]
        name = ind.ect.full_name
        self._deadlines(ind, urn, name)
        for r in _returns_of(ind):
            self._returns[r.school_urn].append(r)
        self._at_risk(ind, urn, name)
        self._absence(ind, urn, name)
        gaps = entitlement_gaps(ind, self.schools, self.seen)
        for gap in gaps:
            days = (self.today - gap.first_seen_on).days
            ago = f"{days} day{'' if days == 1 else 's'} ago"
            self._add(
                "entitlement",
                Item(
                    f"{gap.finding.what} (first seen {gap.first_seen_on:%d/%m/%Y}, {days} "
                    f"day{'' if days == 1 else 's'} ago): {gap.finding.todo}",
                    gap.finding.command,
                    None,
                    ind.trn,
                    name,
                    gap.school_urn,
                    {
                        "gap": gap.code,
                        "failed": gap.finding.failed,
                        "first_seen_on": gap.first_seen_on.isoformat(),
                        "days_open": days,
                    },
                    f"{gap.finding.what} (first seen {uk_date(gap.first_seen_on)}, {ago}): "
                    f"{gap.finding.todo}",
                ),
            )
        self._dfe(ind)
        self._interims(ind, name)
        return gaps

    def _deadlines(self, ind: Induction, urn: str | None, name: str) -> None:
        for d in ind.open_deadlines:
            if (d.due_on - self.today).days > self.horizon:
                continue
            what, command = DEADLINE_ACTIONS[d.name]
            details: dict = {"deadline": d.name}
            said = None
            if d.name in ("notification", "fail_notice"):
                # [decision] notices are due: say whether their letters are written yet
                written = self.letters.get(ind.decisions[-1].id)
                details["letters_written_on"] = written and written.isoformat()
                if written is None:
                    said = f"{DEADLINE_LABELS[d.name]}: no letters written yet; write them"
                    command = NO_LETTERS_COMMAND
                else:
                    said = (
                        f"{DEADLINE_LABELS[d.name]}: letters written {uk_date(written)}; "
                        "send them and record when"
                    )
            self._add(
                "deadlines",
                Item(
                    f"{DEADLINE_LABELS[d.name]}: {what}",
                    command.format(trn=ind.trn, urn=urn),
                    d.due_on,
                    ind.trn,
                    name,
                    urn,
                    details,
                    said,
                ),
            )

    def _at_risk(self, ind: Induction, urn: str | None, name: str) -> None:
        if not ind.at_risk or ind.latest_record.support_plan:
            return
        latest = ind.latest_record
        self._add(
            "at_risk",
            Item(
                f"the {latest.term} {CHECKPOINT_LABELS[latest.kind]} raised a concern and "
                "no support plan is recorded: ask the school for one",
                f"ectrack ect show {ind.trn}",
                None,
                ind.trn,
                name,
                urn,
                said=f"the {term_word(latest.term)} {CHECKPOINT_LABELS[latest.kind]} raised a "
                "concern and no support plan is recorded: ask the school for one",
            ),
        )

    def _absence(self, ind: Induction, urn: str | None, name: str) -> None:
        if ind.status in ("passed", "failed"):
            return
        for part, absence in ind.schedule.part_absence.items():
            days = absence.counting_days
            if days < NEAR_THRESHOLD_DAYS:
                continue
            past = days >= THRESHOLD_DAYS
            self._add(
                "absence",
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
                    name,
                    urn,
                    {"part": part, "days": days_number(days), "past_threshold": past},
                ),
            )

    def _dfe(self, ind: Induction) -> None:
        from ectrack.reports import riab

        actions, fails = riab.actions([ind], self.today)
        for kind, items in (("claim", riab.claims([ind], self.today)), ("action", actions)):
            done = self.exported.get(kind, set())
            self._to_send[kind] += sum(1 for i in items if i.key not in done and i.problem is None)
        listed = self.exported.get("fail", set())
        for fail in fails:
            if fail.key in listed:
                continue
            if fail.appeal_allowed_on:
                what = "ask the DfE to record the pass: the appeal against the fail was allowed"
                command = "ectrack export riab actions"
            elif fail.notice_sent_on is None:  # the DfE needs the date notice was sent
                what = "record when written notice of the fail was sent, then list it for the DfE"
                command = f"ectrack decision notify {fail.trn} --on DATE --fail-notice-sent DATE"
            else:
                what = "record the fail by hand in the DfE service (this lists it to copy)"
                command = "ectrack export riab actions"
            self._add(
                "dfe_exports",
                Item(
                    what,
                    command,
                    None,  # not a deadline: the fail ended induction on its own date
                    fail.trn,
                    f"{fail.first_name} {fail.last_name}",
                    details={"ended_on": fail.ended_on.isoformat()},
                ),
            )

    def _interims(self, ind: Induction, name: str) -> None:
        if ind.status in ("passed", "failed"):
            return
        for c in ind.checkpoints:
            if c.scheduled.kind == "interim_assessment" and c.status == "overdue":
                urn = c.scheduled.school_urn
                school = self.schools.get(urn)
                self._add(
                    "interims",
                    Item(
                        f"ask {c.scheduled.school_urn} for the interim assessment due when "
                        "the ECT left",
                        f"ectrack assessment record {ind.trn} --kind interim --date DATE "
                        "--overall ...",
                        c.scheduled.due_on,
                        ind.trn,
                        name,
                        urn,
                        said=f"ask {school_words(urn, school.name if school else None)} for the "
                        "interim assessment due when the ECT left",
                    ),
                )

    def _chase(self) -> list[Item]:
        items = []
        for urn, returns in self._returns.items():
            overdue = sorted(
                (r for r in returns if r.status == "overdue"),
                key=lambda r: (r.due_on, r.name, r.trn),
            )
            if not overdue:
                continue
            school = self.schools.get(urn)
            latest = max((self.today - r.due_on).days for r in overdue)
            items.append(
                Item(
                    f"{len(overdue)} return{'s' if len(overdue) > 1 else ''} overdue (up to "
                    f"{latest} days late)",
                    f"ectrack chase --school {urn}",
                    overdue[0].due_on,
                    school_urn=urn,
                    name=school.name if school else None,
                    details={
                        "contact": school.email if school else None,
                        "headteacher": school.headteacher if school else None,
                        "missing": [r.to_json(self.today) for r in overdue],
                    },
                )
            )
        return items

    def sections(self) -> list[Section]:
        """The queue, each section in its order of urgency (not when ``counting``)."""
        assert not self.counting, "a counting queue keeps no items"
        s = {k: Section(v.key, v.title, list(v.items)) for k, v in self._sections.items()}
        s["chase"].items = self._chase()
        to_send = []
        for kind, label, command in (
            ("claim", "claims", "ectrack export riab claims"),
            ("action", "actions", "ectrack export riab actions"),
        ):
            count = self._to_send[kind]
            if count:
                what = f"{count} {label if count > 1 else label[:-1]} to send to the DfE"
                to_send.append(Item(what, command, details={"count": count}))
        s["dfe_exports"].items[:0] = to_send
        s["deadlines"].items.sort(key=lambda i: (i.due_on, i.trn))
        s["chase"].items.sort(key=lambda i: (i.due_on, i.school_urn))
        s["entitlement"].items.sort(
            key=lambda i: (i.details["first_seen_on"], i.school_urn or "", i.trn)
        )
        s["interims"].items.sort(key=lambda i: (i.due_on, i.trn))
        return list(s.values())


def chase_signature(settings: Mapping) -> str | None:
    """Who signs chase emails: the signatory and the AB's name from ``letter settings``
    (None when neither is set)."""
    lines = [settings.get("signed_by"), settings.get("ab_name")]
    return "\n".join(line for line in lines if line) or None


def chase_subject(school: School | None, urn: str) -> str:
    return f"ECT induction returns for {school.name if school else urn} ({urn})"


def chase_letter(
    school: School | None,
    urn: str,
    returns: list[MissingReturn],
    today: dt.date,
    reply_by,
    signature: str | None = None,
) -> str:
    """A plain-text email asking one school for its missing returns: To and Subject
    lines, then the body (``chase_body``)."""
    to = f"To: {school.email}" if school and school.email else "To: (no email recorded)"
    return f"{to}\nSubject: {chase_subject(school, urn)}\n\n" + chase_body(
        school, urn, returns, today, reply_by, signature=signature
    )


def chase_body(
    school: School | None,
    urn: str,
    returns: list[MissingReturn],
    today: dt.date,
    reply_by,
    attached: bool = False,
    signature: str | None = None,
) -> str:
    """The body of a chase email (``attached``: the term's returns workbook with it;
    ``signature``: who signs, from the AB's letter settings)."""
    greeting = f"Dear {school.headteacher}," if school and school.headteacher else "Dear colleague,"
    name = school.name if school else urn
    overdue = [r for r in returns if r.status == "overdue"]
    due = [r for r in returns if r.status == "due"]
    lines = [greeting, ""]
    if overdue:
        lines += [
            f"We have not yet received the following induction returns for {name}, which "
            f"were due as shown. Please send them by {letter_date(reply_by, weekday=True)}:",
            "",
        ]
        lines += [
            f"- {r.name} (TRN {r.trn}): {CHECKPOINT_LABELS[r.kind]}, {term_word(r.term)}, due "
            f"{uk_date(r.due_on)} ({(today - r.due_on).days} days ago)"
            for r in overdue
        ]
        lines.append("")
    if due:
        lines += ["These returns fall due shortly:", ""]
        lines += [
            f"- {r.name} (TRN {r.trn}): {CHECKPOINT_LABELS[r.kind]}, {term_word(r.term)}, due "
            f"{uk_date(r.due_on)}"
            for r in due
        ]
        lines.append("")
    lines += [
        (
            "The returns workbook for the term is attached, with your ECTs filled in: add "
            "the dates and judgements and send it back to us"
            if attached
            else "You can send them on the returns workbook we sent for the term"
        )
        + ", or reply to this email with the completed forms. If an ECT has left your "
        "school, please let us know the date they left.",
        "",
        "Thank you,",
        "",
        signature or "The Appropriate Body induction team",
    ]
    return "\n".join(lines) + "\n"
