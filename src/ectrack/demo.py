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
from dataclasses import dataclass, field

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
    trns = rng.sample(range(100000, 9999999), sum(n for _, _, n in cohorts))
    registered = []
    for cohort, start, count in cohorts:
        if start > today:
            continue
        for _ in range(count):
            urn, mentors, tutor, slug = rng.choice(schools)
            first, last = _person(rng)
            career_changer = rng.random() < 0.12
            qts = dt.date(
                start.year if start.month >= 7 else start.year - 1, 7, rng.randint(10, 25)
            )
            if career_changer:
                qts = qts.replace(year=qts.year - rng.randint(1, 8))
            age = rng.randint(30, 52) if career_changer else rng.randint(21, 27)
            dob = start - dt.timedelta(days=age * 365 + rng.randint(0, 364))
            fte = "1.0" if rng.random() < 0.82 else rng.choice(PART_TIME_FTES)
            trn = str(trns.pop())
            register_ect(
                conn,
                author,
                trn=trn,
                first_name=first,
                last_name=last,
                date_of_birth=dob,
                qts_date=qts,
                school_urn=urn,
                start=start,
                fte=fte,
                programme="provider-led" if rng.random() < 0.75 else "school-led",
                mentor=StaffInput("mentor", rng.choice(mentors)),
                tutor=StaffInput(
                    "tutor", tutor, f"{tutor.split()[0].lower()}@{slug}.example.sch.uk"
                ),
                email=f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(1, 99)}"
                "@mail.example",
            )
            summary.ects += 1
            summary.cohorts[cohort] += 1
            summary.part_time += fte != "1.0"
            registered.append((trn.zfill(7), urn, start, fte))

    _life_events(conn, author, rng, registered, schools, today, summary)
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
                author,
                trn,
                school_urn=new_urn,
                on=on,
                mentor=StaffInput("mentor", rng.choice(mentors)),
            )
            summary.moved += 1
        elif roll < 0.11:
            new_fte = rng.choice([f for f in ("1.0", "0.8", "0.6", "0.5") if f != fte])
            change_fte(conn, author, trn, fte=new_fte, on=on)
            summary.fte_changed += 1
        elif roll < 0.16:
            last_day = on - dt.timedelta(days=rng.randint(3, 20))
            release_ect(conn, author, trn, on=last_day)
            summary.released += 1
