"""A believable synthetic Appropriate Body, for ``ectrack demo``.

Everything is made up: names, TRNs, URNs and emails (``.example`` domains).
The AB is a teaching school hub in West Yorkshire with about 40 schools and
two cohorts of ECTs: one that started in the September of the academic year
before ``today``'s, one that started this September (and a few January
starters). Some are part-time, some moved school or changed FTE, some were
released. The same ``today`` and seed always build the same AB.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace

from ectrack.operations.ects import StaffInput, change_fte, move_ect, register_ect, release_ect
from ectrack.operations.schools import add_school
from ectrack.store.audit import Author

SEED = 2025

LOCAL_AUTHORITIES = {
    "Leeds": 383,
    "Bradford": 380,
    "Wakefield": 384,
    "Kirklees": 382,
    "Calderdale": 381,
}
PLACES = (
    "Hillside",
    "Oakwood",
    "Moorside",
    "Riverside",
    "Beechwood",
    "Ashgrove",
    "Fieldhead",
    "Highfield",
    "Westfield",
    "Thornhill",
    "Greenacre",
    "Holmfirth",
    "Meanwood",
    "Bramley",
    "Horsforth",
    "Shipley",
    "Ossett",
    "Elland",
    "Brighouse",
    "Mirfield",
    "Batley",
    "Ilkley",
    "Otley",
    "Rothwell",
    "Garforth",
    "Pudsey",
    "Keighley",
    "Bingley",
    "Todmorden",
    "Sowerby",
    "Dewsbury",
    "Hemsworth",
    "Normanton",
    "Knottingley",
    "Castleford",
    "Crigglestone",
    "Stanningley",
    "Farsley",
    "Wibsey",
    "Lindley",
    "Almondbury",
    "Marsden",
)
PRIMARY_KINDS = (
    "Primary School",
    "Primary Academy",
    "Church of England Primary School",
    "Junior and Infant School",
    "Community Primary School",
    "Infant School",
)
SAINTS = ("St Mary's", "St Joseph's", "St Anne's", "St Peter's", "Holy Family", "St Oswald's")
SECONDARY_KINDS = (
    "High School",
    "Academy",
    "Community College",
    "Grammar School",
    "Catholic High School",
    "School",
)
FIRST_NAMES = (
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Grace",
    "Sophie",
    "Emily",
    "Hannah",
    "Chloe",
    "Zara",
    "Aisha",
    "Fatima",
    "Priya",
    "Maryam",
    "Niamh",
    "Megan",
    "Lucy",
    "Holly",
    "Ellie",
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Jacob",
    "Noah",
    "Thomas",
    "James",
    "Daniel",
    "Adam",
    "Mohammed",
    "Yusuf",
    "Ibrahim",
    "Arjun",
    "Kieran",
    "Callum",
    "Connor",
    "Liam",
    "Ethan",
    "Samuel",
    "Joshua",
    "Ben",
    "Rosie",
    "Freya",
    "Imogen",
    "Kofi",
    "Tomasz",
    "Agnieszka",
)
LAST_NAMES = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Hussain",
    "Ahmed",
    "Ali",
    "Begum",
    "Shah",
    "Akhtar",
    "Iqbal",
    "O'Brien",
    "Murphy",
    "Kelly",
    "Nowak",
    "Kowalski",
    "Mensah",
    "Okafor",
    "Hughes",
    "Edwards",
    "Turner",
    "Hill",
    "Moore",
    "Cooper",
    "Ward",
    "Morris",
    "King",
    "Baker",
    "Harrison",
    "Lee",
    "Chen",
    "Nguyen",
    "Fletcher",
    "Sutcliffe",
    "Ackroyd",
    "Haigh",
)
FINISHING = 12  # ECTs two years in, at their final assessment
PART_TIME_FTES = ("0.8", "0.8", "0.6", "0.6", "0.5", "0.9", "0.4")


@dataclass
class DemoSummary:
    schools: int = 0
    ects: int = 0
    cohorts: Counter = field(default_factory=Counter)
    part_time: int = 0
    moved: int = 0
    fte_changed: int = 0
    released: int = 0
    absences: int = 0
    returns_received: int = 0
    returns_late: int = 0
    not_on_track: int = 0
    decisions: Counter = field(default_factory=Counter)
    appeals: Counter = field(default_factory=Counter)
    decided_a_term_late: int = 0
    arrived_from_another_ab: int = 0
    two_posts: int = 0
    fidelity_checks: int = 0


def academic_year_start(today: dt.date) -> int:
    """The calendar year in which ``today``'s academic year began (September)."""
    return today.year if today.month >= 9 else today.year - 1


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _school_name(rng: random.Random, place: str, secondary: bool) -> str:
    if secondary:
        return f"{place} {rng.choice(SECONDARY_KINDS)}"
    if rng.random() < 0.15:
        return f"{rng.choice(SAINTS)} Catholic Primary School, {place}"
    return f"{place} {rng.choice(PRIMARY_KINDS)}"


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def build_demo(conn: sqlite3.Connection, author: Author, today: dt.date) -> DemoSummary:
    """Fill an empty database with the demo AB. The caller holds the transaction."""
    rng = random.Random(SEED)
    summary = DemoSummary()
    schools = []  # (urn, staff: list[StaffInput pairs])
    urns = rng.sample(range(107000, 149999), 42)
    for i, (place, urn) in enumerate(zip(PLACES, urns, strict=True)):
        secondary = i % 4 == 0
        la = rng.choice(list(LOCAL_AUTHORITIES))
        name = _school_name(rng, place, secondary)
        slug = "".join(ch for ch in name.lower().split(",")[0] if ch.isalnum())[:24]
        first, last = _person(rng)
        establishment_number = (4000 if secondary else 2000) + rng.randint(1, 999)
        add_school(
            conn,
            author,
            urn,
            name,
            local_authority=la,
            laestab=f"{LOCAL_AUTHORITIES[la]}/{establishment_number}",
            phase="Secondary" if secondary else "Primary",
            headteacher=f"{first} {last}",
            email=f"induction@{slug}.example.sch.uk",
        )
        staff = []
        for _ in range(rng.randint(2, 4)):
            mentor = " ".join(_person(rng))
            staff.append(mentor)
        tutor = " ".join(_person(rng))
        schools.append((str(urn), staff, tutor, slug))
        summary.schools += 1

    year = academic_year_start(today)
    cohorts = [
        (f"September {year - 1}", weekday_on_or_after(dt.date(year - 1, 9, 1)), 150),
        (f"January {year}", weekday_on_or_after(dt.date(year, 1, 5)), 8),
        (f"September {year}", weekday_on_or_after(dt.date(year, 9, 1)), 142),
    ]
    trns = rng.sample(range(100000, 9999999), sum(n for _, _, n in cohorts) + FINISHING)
    registered = []
    for cohort, start, count in cohorts:
        if start > today:
            continue
        for _ in range(count):
            trn = str(trns.pop()).zfill(7)
            urn, fte = _register(conn, author, rng, schools, trn, start)
            summary.ects += 1
            summary.cohorts[cohort] += 1
            summary.part_time += fte != "1.0"
            registered.append((trn, urn, start, fte))

    _life_events(conn, author, rng, registered, schools, today, summary)
    finishing = _finishing_cohort(conn, author, rng, schools, trns, today, summary)
    _absences(conn, author, rng, [r[0] for r in registered], today, summary)
    _returns(conn, author, rng, today, summary, skip_finals_of=set(finishing))
    _decisions(conn, author, rng, finishing, today, summary)
    _entitlement(conn, author, today, summary)
    _arrivals(conn, author, schools, today, summary)
    return summary


def _life_events(conn, author, rng, registered, schools, today, summary) -> None:
    """Moves, FTE changes and releases that have already happened by ``today``."""
    for trn, urn, start, fte in registered:
        roll = rng.random()
        # the first day back after Christmas and after Easter, each year since the start
        changes = [
            weekday_on_or_after(dt.date(y, m, d))
            for y in (start.year, start.year + 1)
            for m, d in ((1, 6), (4, 20))
        ]
        changes = [d for d in changes if start + dt.timedelta(days=60) < d <= today]
        if not changes:
            continue
        on = rng.choice(changes)
        if roll < 0.07:
            new_urn, mentors, _, _ = rng.choice([s for s in schools if s[0] != urn])
            move_ect(
                conn,
                replace(author, today=on),
                trn,
                school_urn=new_urn,
                on=on,
                mentor=StaffInput("mentor", rng.choice(mentors)),
            )
            summary.moved += 1
        elif roll < 0.11:
            new_fte = rng.choice([f for f in ("1.0", "0.8", "0.6", "0.5") if f != fte])
            change_fte(conn, replace(author, today=on), trn, fte=new_fte, on=on)
            summary.fte_changed += 1
        elif roll < 0.16:
            last_day = on - dt.timedelta(days=rng.randint(3, 20))
            release_ect(conn, author, trn, on=last_day)
            summary.released += 1


def _register(conn, author, rng, schools, trn, start, fte=None) -> tuple[str, str]:
    """Register one believable ECT at a random school; returns (URN, FTE)."""
    urn, mentors, tutor, slug = rng.choice(schools)
    first, last = _person(rng)
    career_changer = rng.random() < 0.12
    qts = dt.date(start.year if start.month >= 7 else start.year - 1, 7, rng.randint(10, 25))
    if career_changer:
        qts = qts.replace(year=qts.year - rng.randint(1, 8))
    age = rng.randint(30, 52) if career_changer else rng.randint(21, 27)
    fte = fte or ("1.0" if rng.random() < 0.82 else rng.choice(PART_TIME_FTES))
    register_ect(
        conn,
        replace(author, today=start),  # registered as they started
        trn=trn,
        first_name=first,
        last_name=last,
        date_of_birth=start - dt.timedelta(days=age * 365 + rng.randint(0, 364)),
        qts_date=qts,
        school_urn=urn,
        start=start,
        fte=fte,
        programme="provider-led" if rng.random() < 0.75 else "school-led",
        mentor=StaffInput("mentor", rng.choice(mentors)),
        tutor=StaffInput("tutor", tutor, f"{tutor.split()[0].lower()}@{slug}.example.sch.uk"),
        email=f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(1, 99)}"
        "@mail.example",
    )
    return urn, fte


def _finishing_cohort(conn, author, rng, schools, trns, today, summary) -> list[str]:
    """A dozen ECTs who started two Septembers ago and reached their final assessment."""
    start = weekday_on_or_after(dt.date(academic_year_start(today) - 2, 9, 1))
    finishing = []
    for _ in range(FINISHING):
        trn = str(trns.pop()).zfill(7)
        _register(conn, author, rng, schools, trn, start, fte="1.0")
        finishing.append(trn)
        summary.ects += 1
        summary.cohorts[f"September {start.year}"] += 1
    return finishing


def _absences(conn, author, rng, trns, today, summary) -> None:
    """Sickness for about one ECT in ten; two long absences; two maternity leaves."""
    from ectrack.operations.induction import record_absence

    year = academic_year_start(today)
    for i, trn in enumerate(trns):
        roll = rng.random()
        start = weekday_on_or_after(dt.date(year, 1, 12) + dt.timedelta(days=rng.randint(0, 60)))
        if start > today:
            continue
        if i in (3, 17):  # over 30 days in part 1: part 1 is extended
            days, kind, extend = 34 + i, "sickness", False
        elif i in (40, 41):  # maternity leave; one chose to extend induction
            days, kind, extend = 60, "maternity", i == 40
        elif roll < 0.1:
            days, kind, extend = rng.randint(2, 14), "sickness", False
        else:
            continue
        end = start + dt.timedelta(days=days * 7 // 5)
        record_absence(
            conn,
            author,
            trn,
            starts_on=start,
            ends_on=min(end, today),
            days=days,
            kind=kind,
            extend=extend,
        )
        summary.absences += 1


def _returns(conn, author, rng, today, summary, skip_finals_of: set[str]) -> None:
    """Most returns that fell due came in, some late, some never; a few not on track.
    Final assessments of ``skip_finals_of`` are left to ``_decisions``."""
    from ectrack.operations.induction import record_assessment, record_review
    from ectrack.store.induction import load_inductions

    for induction in load_inductions(conn, today):
        concern = rng.random() < 0.08
        past = [c for c in induction.checkpoints if c.scheduled.due_on < today] or [None]
        for c in induction.checkpoints:
            due = c.scheduled.due_on
            if due >= today or rng.random() < 0.1:  # not due yet, or never sent
                continue
            late = rng.random() < 0.15
            received = due + dt.timedelta(days=rng.randint(1, 30) if late else -rng.randint(0, 6))
            received = min(received, today)
            held = min(received, due) - dt.timedelta(days=rng.randint(3, 12))
            if c.scheduled.kind == "final_formal_assessment" and induction.trn in skip_finals_of:
                continue
            worried = concern and c is past[-1]  # the latest return raised the concern
            if c.scheduled.kind == "progress_review":
                record_review(
                    conn,
                    author,
                    induction.trn,
                    term=c.scheduled.term.name,
                    held_on=held,
                    on_track="no" if worried else "yes",
                    support_plan=worried,
                    today=today,
                    received_on=received,
                    absence_days=rng.randint(0, 3),
                )
            else:
                final = c.scheduled.kind == "final_formal_assessment"
                record_assessment(
                    conn,
                    author,
                    induction.trn,
                    kind=c.scheduled.kind.split("_")[0],
                    held_on=held,
                    overall="unsatisfactory" if worried else "satisfactory",
                    standards=",".join(f"TS{n}=meeting" for n in range(1, 9)) + ",PT2=meeting"
                    if not worried
                    else "TS4=not_yet_meeting,TS7=not_yet_meeting",
                    recommendation=("unsatisfactory" if worried else "satisfactory")
                    if final
                    else None,
                    term=c.scheduled.term.name,
                    today=today,
                    received_on=received,
                )
            summary.returns_received += 1
            summary.returns_late += late
            summary.not_on_track += worried


def _decisions(conn, author, rng, finishing, today, summary) -> None:
    """The finishing cohort's finals and decisions: one final never came, two came
    late and await a decision, one extension, two fails that were appealed (one
    appeal dismissed, one allowed), one pass recorded in the term after the final,
    the rest passed and notified."""
    from ectrack.operations.induction import (
        record_appeal,
        record_assessment,
        record_decision,
        record_notification,
    )
    from ectrack.store.ects import get_ect
    from ectrack.store.induction import load_induction

    for i, trn in enumerate(finishing):
        induction = load_induction(conn, get_ect(conn, trn), today)
        final = induction.schedule.finals[0]
        if i == 0 or final.due_on >= today:  # the final never came: recommendation overdue
            continue
        late = i in (1, 2)
        failing = i in (4, 5)
        received = today - dt.timedelta(days=3 + i) if late else final.due_on - dt.timedelta(i % 3)
        record_assessment(
            conn,
            author,
            trn,
            kind="final",
            held_on=final.due_on - dt.timedelta(days=10),
            overall="unsatisfactory" if failing else "satisfactory",
            standards="TS4=not_yet_meeting,TS7=not_yet_meeting" if failing else None,
            recommendation="extend" if i == 3 else "unsatisfactory" if failing else "satisfactory",
            term=final.term.name,
            today=today,
            received_on=received,
        )
        summary.returns_received += 1
        summary.returns_late += late
        if late:
            continue
        workdays = induction.calendar.working_days
        decided = workdays.add(received, rng.randint(5, 15))
        outcome = "extend" if i == 3 else "fail" if failing else "pass"
        if i == 6:  # decided in the term after the final: it adds no terms
            next_term = induction.calendar.dates(final.term.next())
            decided = workdays.add(next_term.starts_on, 6)
            if decided > today:
                continue  # still awaiting the decision
            summary.decided_a_term_late += 1
        record_decision(
            conn,
            author,
            trn,
            outcome=outcome,
            on=decided,
            today=today,
            terms="1.0" if outcome == "extend" else None,
        )
        notified = workdays.add(decided, 1)
        record_notification(
            conn,
            author,
            trn,
            today=today,
            on=notified,
            fail_notice_sent=notified if failing else None,
        )
        summary.decisions[outcome] += 1
        if failing:  # the ECT appeals to the TRA within the 20 working days
            lodged = workdays.add(notified, 8)
            result_on = workdays.add(lodged, 30)
            if lodged > today:
                continue
            result = "dismissed" if i == 4 else "allowed"
            done = result_on <= today
            record_appeal(
                conn,
                author,
                trn,
                today=today,
                lodged=lodged,
                result=result if done else None,
                result_on=result_on if done else None,
            )
            summary.appeals[result if done else "pending"] += 1


def _arrivals(conn, author: Author, schools, today: dt.date, summary: DemoSummary) -> None:
    """An ECT who began induction with another AB (two terms there, then here from the
    summer term), and one who holds two posts at once (0.6 and 0.4 FTE). Their own
    random numbers, so the rest of the demo stays as it was."""
    from ectrack.operations.ects import add_post, require_ect, update_ect
    from ectrack.operations.induction import record_assessment, record_review
    from ectrack.operations.transfers import PriorAssessment, add_prior_period
    from ectrack.rules.calendar import Term
    from ectrack.store.ects import list_ects
    from ectrack.store.induction import load_induction, term_calendar

    rng = random.Random(SEED + 2)
    calendar = term_calendar(conn)
    last_year = academic_year_start(today) - 1
    taken = {ect.trn for ect in list_ects(conn)}

    def new_trn() -> str:
        while (trn := str(rng.randint(100000, 9999999)).zfill(7)) in taken:
            pass
        taken.add(trn)
        return trn

    autumn, spring, summer = (
        calendar.dates(Term.of(last_year, season)) for season in ("autumn", "spring", "summer")
    )
    # Began with the Pennine hub, two terms at Moor Lane, then here from the summer term.
    arrival = new_trn()
    _register(conn, author, rng, schools, arrival, summer.starts_on, fte="1.0")
    add_prior_period(
        conn,
        replace(author, today=summer.starts_on),
        arrival,
        today=summer.starts_on,
        ab="Pennine Teaching School Hub",
        institution="Moor Lane Primary School, Oldham",
        starts_on=autumn.starts_on,
        ends_on=spring.ends_on,
        terms="2.0",
        absence_part1="6",
        programme="provider-led",
        assessment=PriorAssessment(
            "interim_assessment", spring.ends_on - dt.timedelta(days=7), "satisfactory"
        ),
    )
    summary.ects += 1
    summary.arrived_from_another_ab += 1
    # Two posts: 0.6 at one school from September, 0.4 at another from January.
    both = new_trn()
    first_school, _ = _register(conn, author, rng, schools, both, autumn.starts_on, fte="0.6")
    second_school = rng.choice([s for s in schools if s[0] != first_school])
    add_post(
        conn,
        replace(author, today=spring.starts_on),
        both,
        school_urn=second_school[0],
        on=spring.starts_on,
        fte="0.4",
        mentor=StaffInput("mentor", rng.choice(second_school[1])),
    )
    summary.ects += 1
    summary.part_time += 1
    summary.two_posts += 1
    for trn, post in ((arrival, None), (both, first_school)):
        update_ect(
            conn,
            replace(author, today=today),
            trn,
            timetable_part1="90",
            post_suitable="yes",
            post=post,
        )
        induction = load_induction(conn, require_ect(conn, trn), today)
        for c in induction.checkpoints:
            due = c.scheduled.due_on
            if due >= today:
                continue
            received = due - dt.timedelta(days=rng.randint(0, 5))
            held = received - dt.timedelta(days=rng.randint(3, 10))
            if c.scheduled.kind == "progress_review":
                record_review(
                    conn,
                    author,
                    trn,
                    term=c.scheduled.term.name,
                    held_on=held,
                    on_track="yes",
                    today=today,
                    received_on=received,
                )
            elif c.scheduled.kind == "first_formal_assessment":
                record_assessment(
                    conn,
                    author,
                    trn,
                    kind="first",
                    held_on=held,
                    overall="satisfactory",
                    term=c.scheduled.term.name,
                    today=today,
                    received_on=received,
                )
            else:
                continue
            summary.returns_received += 1


def _entitlement(conn, author: Author, today: dt.date, summary: DemoSummary) -> None:
    """What schools confirmed of their ECTs' entitlement, a few weeks after each
    start: nearly all of it, with a few gaps an officer would chase (a mentor whose
    QTS is unconfirmed or missing, a timetable over 90%, a post not confirmed, a
    school in special measures, school-led programmes not yet checked). Its own
    random numbers, so the rest of the demo stays as it was."""
    from ectrack.operations.ects import set_staff_qts, update_ect
    from ectrack.operations.entitlement import record_fidelity
    from ectrack.operations.schools import update_school
    from ectrack.store.ects import select_periods
    from ectrack.store.schools import all_staff, list_schools

    rng = random.Random(SEED + 1)
    periods = select_periods(conn, "p.finished_on IS NULL ORDER BY p.trn", [])
    confirmed_on = {}  # a school confirms everything a few weeks after the start
    for period in periods:
        day = min(today, period.started_on + dt.timedelta(days=rng.randint(10, 40)))
        confirmed_on[period.trn] = day
        part2 = period.started_on < today - dt.timedelta(days=365)
        roll = rng.random()
        update_ect(
            conn,
            replace(author, today=day),
            period.trn,
            timetable_part1="100" if roll < 0.02 else "90",
            timetable_part2=("95" if roll > 0.05 else None) if part2 else None,
            post_suitable=None if 0.05 <= roll < 0.08 else "yes",
        )
    first_day = min(confirmed_on.values(), default=today)
    staff = all_staff(conn)
    tutors = {p.tutor.id for p in periods if p.tutor}
    for i, person in enumerate(staff):
        unconfirmed = person.id not in tutors and rng.random() < 0.05  # a few mentors
        qts = None if unconfirmed else i != 7  # one of them without QTS
        set_staff_qts(conn, replace(author, today=first_day), person, qts, None)
    schools = list_schools(conn)
    special, allowed = schools[5], schools[11]
    inspected = replace(author, today=today - dt.timedelta(days=45))  # Ofsted's letter came
    update_school(conn, inspected, special.urn, special_measures="yes")
    update_school(
        conn,
        inspected,
        allowed.urn,
        special_measures="yes",
        induction_permitted="yes",
    )
    latest_start: dict[str, dt.date] = {}
    for p in periods:
        if p.programme == "school_led":
            latest_start[p.school_urn] = max(
                p.started_on, latest_start.get(p.school_urn, p.started_on)
            )
    for n, (urn, start) in enumerate(sorted(latest_start.items())):
        if rng.random() < 0.15:
            continue  # not checked yet
        recent = rng.random() > 0.1  # most were checked again this year
        base = max(start, today - dt.timedelta(days=200)) if recent else start
        on = min(today, base + dt.timedelta(days=rng.randint(20, 60)))
        record_fidelity(
            conn,
            replace(author, today=on),
            school_urn=urn,
            on=on,
            result="not-met" if n == 3 else "met",
        )
        summary.fidelity_checks += 1
