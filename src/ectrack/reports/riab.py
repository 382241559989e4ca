"""The DfE's "Record inductions as an appropriate body" bulk upload: claims and actions.

See ``riab-bulk-upload.md``. The DfE counts an induction period with an AB, not
with a school: a move between two of the AB's schools, a change of working
pattern, or a second post held at the same time, continues it. So ectrack joins
its own periods into **stays** with the AB, broken only by a release. Periods
served with other ABs before this one are theirs to report: never claimed here.

- a **claim** for each stay that has started (start date and programme);
- an **action** for each stay that ended in a release or a pass (end date and
  the FTE terms that count towards induction in it, 1 dp); a pass ends on the
  end of induction, and is held back while that day is still to come (the
  service refuses future dates);
- a **fail** cannot be sent in bulk: it is listed for the officer to record by
  hand, with the date written notice was sent; so is the pass of a fail whose
  appeal was allowed (the DfE records appeals by hand).

A row the service would refuse is held back with the reason and what to do,
never written. Pure: no SQL, no files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ectrack.induction import Induction
from ectrack.models import InductionPeriod, tenths_to_number
from ectrack.rules.eligibility import MAX_AGE, MIN_AGE, age_on

CLAIMS_HEADER = ("TRN", "Date of birth", "Induction programme", "Induction period start date")
ACTIONS_HEADER = (
    "TRN",
    "Date of birth",
    "Induction period end date",
    "Number of terms",
    "Outcome",
)
#: The service's limits for one file.
MAX_ROWS = 1000
MAX_BYTES = 100_000
#: The service refuses induction periods that started before this day.
EARLIEST_START = dt.date(2021, 9, 1)
MAX_TERMS_TENTHS = 160
PROGRAMMES = {"provider_led": "provider-led", "school_led": "school-led"}


@dataclass(frozen=True)
class Stay:
    """Consecutive induction periods with this AB (joined by moves and FTE changes)."""

    periods: tuple[InductionPeriod, ...]
    terms_tenths: int  # FTE terms that count towards induction, over the whole stay

    @property
    def started_on(self) -> dt.date:
        return min(p.started_on for p in self.periods)

    @property
    def ended_on(self) -> dt.date | None:
        """The last day of the stay (periods are ordered by end: open ones last)."""
        return self.periods[-1].finished_on

    @property
    def ended_by(self) -> str | None:
        """``release``, ``pass`` or ``fail``; None while the stay goes on."""
        last = self.periods[-1]
        return last.outcome or (last.closed_by if last.closed_by == "release" else None)


def _joins(stay: list[InductionPeriod], period: InductionPeriod) -> bool:
    """``period`` continues the stay: one of its periods is still held when it starts
    (a second post), or was left the day before for it (a move or an FTE change)."""
    for p in stay:
        if p.finished_on is None or p.finished_on >= period.started_on:
            return True
        if p.closed_by in ("move", "fte_change") and p.finished_on == (
            period.started_on - dt.timedelta(days=1)
        ):
            return True
    return False


def stays(induction: Induction) -> list[Stay]:
    """The ECT's stays with the AB, oldest first; each counts the FTE terms of its
    periods as ``ect show`` does (periods too short to count add nothing)."""
    grouped: list[list[InductionPeriod]] = []
    for period in induction.here:
        if grouped and _joins(grouped[-1], period):
            grouped[-1].append(period)
        else:
            grouped.append([period])
    return [
        Stay(
            tuple(sorted(group, key=lambda p: (p.finished_on or dt.date.max, p.started_on))),
            sum(induction.period_tenths[p.id] for p in group),
        )
        for group in grouped
    ]


def action_key(trn: str, end: dt.date, outcome: str) -> str:
    """What remembers an action's export: the TRN, the stay's end and how it ended."""
    return f"{trn}|{end}|{outcome}"


def fail_key(trn: str, end: dt.date, appeal: bool = False) -> str:
    """What remembers a fail (or a pass on appeal) listed to record by hand."""
    return f"{trn}|{end}|appeal" if appeal else f"{trn}|{end}"


@dataclass(frozen=True)
class Item:
    """One claim, action or fail, with the key that remembers its export."""

    kind: str  # claim, action, fail
    key: str
    trn: str
    row: tuple[str, ...]  # as the CSV holds it (fails: for the officer to type in)
    day: dt.date  # the start (claims) or end (actions, fails): orders the files
    problem: str | None = None  # why the service would refuse it, and what to do

    def to_json(self) -> dict:
        header = CLAIMS_HEADER if self.kind == "claim" else ACTIONS_HEADER
        fields = dict(zip((h.lower().replace(" ", "_") for h in header), self.row, strict=True))
        if "number_of_terms" in fields:
            fields["number_of_terms"] = float(fields["number_of_terms"])
        return {**fields, **({"problem": self.problem} if self.problem else {})}


@dataclass(frozen=True)
class Fail:
    """A fail to record by hand in the service; or (``appeal_allowed_on``) the pass
    of a fail whose appeal was allowed, which the DfE also records by hand."""

    trn: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    ended_on: dt.date
    terms: float
    notice_sent_on: dt.date | None
    appeal_allowed_on: dt.date | None = None

    @property
    def key(self) -> str:
        return fail_key(self.trn, self.ended_on, appeal=bool(self.appeal_allowed_on))

    @property
    def outcome(self) -> str:
        return "pass" if self.appeal_allowed_on else "fail"

    def to_json(self) -> dict:
        return {
            "trn": self.trn,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "induction_period_end_date": self.ended_on.isoformat(),
            "number_of_terms": self.terms,
            "outcome": self.outcome,
            "written_notice_sent_on": self.notice_sent_on and self.notice_sent_on.isoformat(),
            "appeal_allowed_on": self.appeal_allowed_on and self.appeal_allowed_on.isoformat(),
        }


def _age_problem(induction: Induction, today: dt.date) -> str | None:
    age = age_on(induction.ect.date_of_birth, today)
    if MIN_AGE <= age <= MAX_AGE:
        return None
    return (
        f"the date of birth {induction.ect.date_of_birth} makes them {age}; the service "
        f"matches teachers aged {MIN_AGE} to {MAX_AGE}: correct it with 'ectrack ect update "
        f"{induction.trn} --dob'"
    )


def claims(inductions: Iterable[Induction], today: dt.date) -> list[Item]:
    """A claim for every stay that has started by ``today``."""
    found = []
    for ind in inductions:
        for stay in stays(ind):
            start = stay.started_on
            if start > today:
                continue  # not started: it is claimed once it has
            problem = _age_problem(ind, today)
            if start < EARLIEST_START:
                problem = (
                    f"started {start}, before {EARLIEST_START}: the service takes only "
                    "later periods in bulk; record it by hand in the service"
                )
            elif start < ind.ect.qts_date:
                problem = (
                    f"starts {start}, before the QTS date {ind.ect.qts_date}: correct the "
                    f"dates with 'ectrack ect update {ind.trn}'"
                )
            found.append(
                Item(
                    "claim",
                    f"{ind.trn}|{start}",
                    ind.trn,
                    (
                        ind.trn,
                        ind.ect.date_of_birth.isoformat(),
                        PROGRAMMES[min(stay.periods, key=lambda p: p.started_on).programme],
                        start.isoformat(),
                    ),
                    start,
                    problem,
                )
            )
    return found


def actions(inductions: Iterable[Induction], today: dt.date) -> tuple[list[Item], list[Fail]]:
    """An action for every stay ended by a release or a pass (held back while its end is
    still to come); and what the service takes only by hand: fails, and passes won on
    appeal against a fail."""
    found, fails = [], []
    for ind in inductions:
        for stay in stays(ind):
            end, outcome = stay.ended_on, stay.ended_by
            if outcome is None or end is None:
                continue
            terms = tenths_to_number(stay.terms_tenths)
            decision = ind.outcome_decision
            by_hand = outcome == "fail" or (
                outcome == "pass" and decision is not None and decision.outcome == "fail"
            )
            if by_hand:
                if end > today:
                    continue  # listed once the end of induction has passed
                fails.append(
                    Fail(
                        ind.trn,
                        ind.ect.first_name,
                        ind.ect.last_name,
                        ind.ect.date_of_birth,
                        end,
                        terms,
                        decision.fail_notice_sent_on if decision else None,
                        decision.appeal_result_on if outcome == "pass" and decision else None,
                    )
                )
                continue
            problem = _age_problem(ind, today)
            if end > today:
                problem = (
                    f"ends {end} ({'the end of induction' if outcome == 'pass' else 'the last day'}"
                    "), still to come: the service refuses future dates, so it is exported once "
                    "that day has passed"
                )
            elif end <= stay.started_on:
                problem = (
                    f"ends {end}, not after its start {stay.started_on}: the service refuses "
                    f"it; check the dates with 'ectrack ect show {ind.trn}'"
                )
            elif stay.terms_tenths > MAX_TERMS_TENTHS:
                problem = (
                    f"{terms} FTE terms is over the service's 16; check the terms with "
                    f"'ectrack ect show {ind.trn}'"
                )
            found.append(
                Item(
                    "action",
                    action_key(ind.trn, end, outcome),
                    ind.trn,
                    (
                        ind.trn,
                        ind.ect.date_of_birth.isoformat(),
                        end.isoformat(),
                        f"{terms:.1f}",
                        outcome,
                    ),
                    end,
                    problem,
                )
            )
    return found, fails


@dataclass
class CsvFile:
    """One file of the upload, as it fills."""

    text: io.StringIO
    items: list[Item]
    trns: set[str]
    size: int = 0

    def takes(self, item: Item, size: int) -> bool:
        return (
            len(self.items) < MAX_ROWS
            and self.size + size < MAX_BYTES
            and item.trn not in self.trns
        )


def _line(row: Sequence[str]) -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerow(row)
    return text.getvalue()


def csv_files(header: Sequence[str], items: Sequence[Item]) -> list[CsvFile]:
    """The items as CSV texts the service accepts: at most 1,000 rows and under
    100 KB a file, no TRN twice in one file (the earlier of two goes first)."""
    files: list[CsvFile] = []
    for item in sorted(items, key=lambda i: (i.day, i.trn)):
        line = _line(item.row)
        size = len(line.encode())
        target = next((f for f in files if f.takes(item, size)), None)
        if target is None:
            first = _line(header)
            target = CsvFile(io.StringIO(first), [], set(), len(first.encode()))
            target.text.seek(0, io.SEEK_END)
            files.append(target)
        target.text.write(line)
        target.items.append(item)
        target.trns.add(item.trn)
        target.size += size
    return files
