"""The DfE's "Record inductions as an appropriate body" bulk upload: claims and actions.

See ``riab-bulk-upload.md``. The DfE counts an induction period with an AB, not
with a school: a move between two of the AB's schools, or a change of working
pattern, continues it. So ectrack joins its own periods into **stays** with the
AB, broken only by a release:

- a **claim** for each stay that has started (start date and programme);
- an **action** for each stay that ended in a release or a pass (end date and
  the FTE terms that count towards induction in it, 1 dp);
- a **fail** cannot be sent in bulk: it is listed for the officer to record by
  hand, with the date written notice was sent.

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
        return self.periods[0].started_on

    @property
    def ended_on(self) -> dt.date | None:
        return self.periods[-1].finished_on

    @property
    def ended_by(self) -> str | None:
        """``release``, ``pass`` or ``fail``; None while the stay goes on."""
        last = self.periods[-1]
        return last.outcome or (last.closed_by if last.closed_by == "release" else None)


def stays(induction: Induction) -> list[Stay]:
    """The ECT's stays with the AB, oldest first. Periods too short to count (under a
    term in one post) add no terms."""
    short = {p.id for p in induction.schedule.short_periods}
    found: list[Stay] = []
    current: list[InductionPeriod] = []
    for period in induction.periods:
        current.append(period)
        if period.finished_on is None or period.closed_by not in ("move", "fte_change"):
            tenths = sum(induction.period_tenths[p.id] for p in current if p.id not in short)
            found.append(Stay(tuple(current), tenths))
            current = []
    return found


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
    trn: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    ended_on: dt.date
    terms: float
    notice_sent_on: dt.date | None

    @property
    def key(self) -> str:
        return f"{self.trn}|{self.ended_on}"

    def to_json(self) -> dict:
        return {
            "trn": self.trn,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "induction_period_end_date": self.ended_on.isoformat(),
            "number_of_terms": self.terms,
            "written_notice_sent_on": self.notice_sent_on and self.notice_sent_on.isoformat(),
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
                        PROGRAMMES[stay.periods[0].programme],
                        start.isoformat(),
                    ),
                    start,
                    problem,
                )
            )
    return found


def actions(inductions: Iterable[Induction], today: dt.date) -> tuple[list[Item], list[Fail]]:
    """An action for every stay ended by a release or a pass on or before ``today``;
    and the fails, which the service takes only by hand."""
    found, fails = [], []
    for ind in inductions:
        for stay in stays(ind):
            end, outcome = stay.ended_on, stay.ended_by
            if outcome is None or end is None or end > today:
                continue
            terms = tenths_to_number(stay.terms_tenths)
            if outcome == "fail":
                decision = next((d for d in reversed(ind.decisions) if d.outcome == "fail"), None)
                fails.append(
                    Fail(
                        ind.trn,
                        ind.ect.first_name,
                        ind.ect.last_name,
                        ind.ect.date_of_birth,
                        end,
                        terms,
                        decision.fail_notice_sent_on if decision else None,
                    )
                )
                continue
            problem = _age_problem(ind, today)
            if end <= stay.started_on:
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
                    f"{ind.trn}|{end}|{outcome}",
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
