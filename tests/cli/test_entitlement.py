"""The ECT's statutory entitlement and its gaps, end to end.

The rule under test: every gap APPEARS when a record shows it (or when it starts
to matter: part 2 of induction, the end of the first term of a school-led post,
a fidelity check falling due) and CLEARS as soon as the record that settles it is
made. Each gap carries the day it was first seen: the later of the day it became
active and the ``--today`` of the command that first recorded the condition; a
gap that clears and comes back is first seen again on the later day.

Gaps are read where the officer meets them: ``entitlement gaps --json``, ``ect
show --json``, ``todo --json`` and the termly report, and what was stored is read
back from the SQLite file.

Default calendar (no term dates set): 2025-autumn 2025-09-01..2025-12-19,
2026-spring 2026-01-05..2026-03-27, 2026-summer 2026-04-13..2026-07-22,
2026-autumn 2026-09-01..2026-12-18, 2027-spring 2027-01-04..2027-03-19.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from tests.cli.conftest import RECORD_TABLES, SCHOOL_A, SCHOOL_B

TRN = "1234567"
OTHER = "7654321"
THIRD = "1111111"
FOURTH = "2222222"
REGISTERED = "2025-09-10"  # the --today of the registration (induction starts 2025-09-01)

GAP_KEYS = {
    "trn", "school_urn", "gap", "what", "failed", "first_seen_on", "days_open", "todo",
    "command", "name",
}  # fmt: skip
QUEUE_SECTIONS = [
    "deadlines", "chase", "at_risk", "absence", "entitlement", "dfe_exports", "interims",
]  # fmt: skip
#: What makes an ECT's entitlement complete (part 1 and part 2), for ``entitlement record``.
COMPLETE = (
    "--mentor", "Tom Reed", "--mentor-qts", "yes",
    "--tutor", "Jo Ellis", "--tutor-qts", "yes",
    "--timetable-part1", "90", "--timetable-part2", "95",
    "--post-suitable", "yes",
)  # fmt: skip
BARE_GAPS = {"mentor_missing", "tutor_missing", "timetable_part1_unconfirmed", "post_unconfirmed"}


# --- helpers ---------------------------------------------------------------------------


def days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def plus(day: str, n: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def cli(run, ok):
    """``cli(today, *args)``: run a command as of ``today`` and assert it succeeded."""

    def do(today: str, *args: str):
        return ok(run("--today", today, *args))

    return do


@pytest.fixture
def gaps(cli):
    """``gaps(today, *options)``: ``entitlement gaps --json``, checked for shape."""

    def do(today: str, *options: str) -> list[dict]:
        found = json.loads(cli(today, "entitlement", "gaps", "--json", *options).stdout)
        for g in found:
            assert set(g) == GAP_KEYS, g
            assert g["days_open"] == days(g["first_seen_on"], today)
            assert g["first_seen_on"] <= today
        keys = [(g["first_seen_on"], g["school_urn"], g["name"], g["gap"]) for g in found]
        assert keys == sorted(keys), "not oldest first"
        return found

    return do


def by_code(found: list[dict], trn: str | None = TRN) -> dict[str, dict]:
    """One ECT's gaps by code (each code at most once)."""
    mine = [g for g in found if trn is None or g["trn"] == trn]
    codes = [g["gap"] for g in mine]
    assert len(codes) == len(set(codes)), codes
    return {g["gap"]: g for g in mine}


def first_seen(found: list[dict], trn: str = TRN) -> dict[str, str]:
    return {code: g["first_seen_on"] for code, g in by_code(found, trn).items()}


@pytest.fixture
def todo(cli):
    """``todo(today)``: ``todo --json`` as {section key: items}."""

    def do(today: str) -> dict[str, list[dict]]:
        doc = json.loads(cli(today, "todo", "--json").stdout)
        assert doc["as_of"] == today
        assert [s["key"] for s in doc["sections"]] == QUEUE_SECTIONS
        return {s["key"]: s["items"] for s in doc["sections"]}

    return do


@pytest.fixture
def show(cli):
    def do(today: str, trn: str = TRN) -> dict:
        return json.loads(cli(today, "ect", "show", trn, "--json").stdout)

    return do


@pytest.fixture
def enrol(cli, register_args, schools):
    """``enrol(trn, today, **options)``: ``ect register`` as of ``today`` (the two
    schools of conftest exist); ``complete=True`` then records a complete entitlement
    the same day."""

    def do(trn: str = TRN, today: str = REGISTERED, complete: bool = False, **options):
        cli(today, *register_args(trn, **options))
        if complete:
            cli(today, "entitlement", "record", trn, *COMPLETE)

    return do


@pytest.fixture
def record(cli):
    def do(today: str, *options: str, trn: str = TRN):
        return cli(today, "entitlement", "record", trn, *options)

    return do


def seen_rows(db, trn: str = TRN) -> dict[str, str]:
    """What ``entitlement_seen`` holds for the ECT's open period: gap → seen_on."""
    return {
        r["gap"]: r["seen_on"]
        for r in db.rows(
            "SELECT s.gap, s.seen_on FROM entitlement_seen s "
            "JOIN induction_periods p ON p.id = s.period_id "
            "WHERE s.trn = ? AND p.finished_on IS NULL",
            trn,
        )
    }


def full_snapshot(db) -> dict:
    tables = (*RECORD_TABLES, "entitlement_seen")
    return {t: sorted(db.query(f"SELECT * FROM {t}"), key=repr) for t in tables}


# --- a bare registration, put right one record at a time --------------------------------

FIX_ONE_BY_ONE = [
    ("mentor_missing", ("--mentor", "Tom Reed", "--mentor-qts", "yes")),
    ("tutor_missing", ("--tutor", "Jo Ellis", "--tutor-qts", "yes")),
    ("timetable_part1_unconfirmed", ("--timetable-part1", "90")),
    ("post_unconfirmed", ("--post-suitable", "yes")),
]


def test_a_bare_registration_shows_its_gaps_first_seen_the_day_it_was_registered(enrol, gaps, db):
    enrol()  # induction starts 2025-09-01, registered 2025-09-10
    found = gaps("2025-10-01")
    assert first_seen(found) == dict.fromkeys(BARE_GAPS, REGISTERED)
    mentor = by_code(found)["mentor_missing"]
    assert mentor == {
        "trn": TRN,
        "school_urn": SCHOOL_A,
        "gap": "mentor_missing",
        "what": "no mentor named",
        "failed": False,
        "first_seen_on": "2025-09-10",
        "days_open": 21,
        "todo": mentor["todo"],
        "command": f"ectrack entitlement record {TRN} --mentor NAME --mentor-qts yes",
        "name": "Amy Shah",
    }
    assert not any(g["failed"] for g in found)
    # stored: every gap of the record, part 2's timetable too (not active yet)
    assert seen_rows(db) == dict.fromkeys(BARE_GAPS | {"timetable_part2_unconfirmed"}, REGISTERED)


def test_each_record_clears_its_own_gap_and_leaves_the_others_alone(enrol, record, gaps, todo):
    enrol()
    open_gaps = set(BARE_GAPS)
    day = "2025-10-01"
    for code, fix in FIX_ONE_BY_ONE:
        assert code in open_gaps
        said = record(day, *fix).stderr
        open_gaps.discard(code)
        assert said.count("  gap: ") == len(open_gaps)
        assert "(first seen 10 Sep 2025)" in said or not open_gaps  # REGISTERED, for people
        assert first_seen(gaps(day)) == dict.fromkeys(open_gaps, REGISTERED), code
        assert {i["gap"] for i in todo(day)["entitlement"]} == open_gaps
        day = plus(day, 7)
    assert "No entitlement gaps now." in said
    assert gaps(day) == []
    assert todo(day)["entitlement"] == []


def test_a_registration_recorded_before_the_start_is_first_seen_on_the_start(enrol, gaps):
    enrol(today="2025-08-20", start="2025-09-01")
    assert gaps("2025-08-31") == []  # induction has not begun: no gaps yet
    assert first_seen(gaps("2025-09-05")) == dict.fromkeys(BARE_GAPS, "2025-09-01")


def test_an_ect_not_in_induction_has_no_gaps(enrol, cli, gaps, show):
    enrol()
    assert gaps("2025-12-19") != []
    cli("2025-12-19", "ect", "release", TRN, "--on", "2025-12-19")
    assert gaps("2026-01-10") == []
    assert show("2026-01-10")["entitlement_gaps"] == []


# --- each gap appears, clears, and comes back -------------------------------------------

R = ("entitlement", "record", TRN)
SPECIAL = ("school", "update", SCHOOL_A)

SAME = "same"  # the gap comes back the way it came

BREAK_AND_FIX = [
    # (gap, failed, the command that makes it, the command that puts it right,
    #  a command that brings it back later: SAME, or None when nothing can)
    (
        "mentor_qts_unconfirmed",
        False,
        (*R, "--mentor", "Kim Lowe"),
        (*R, "--mentor-qts", "yes"),
        (*R, "--mentor", "Ann Fox"),  # Kim Lowe's QTS is confirmed now
    ),
    (
        "tutor_qts_unconfirmed",
        False,
        (*R, "--tutor", "Sam Lee"),
        (*R, "--tutor-qts", "yes"),
        (*R, "--tutor", "Ann Fox"),
    ),
    ("mentor_no_qts", True, (*R, "--mentor-qts", "no"), (*R, "--mentor-qts", "yes"), SAME),
    (
        "mentor_no_qts",
        True,
        (*R, "--mentor-qts", "no"),
        (*R, "--mentor", "Kim Lowe", "--mentor-qts", "yes"),
        SAME,  # now says Kim Lowe does not hold QTS
    ),
    (
        "mentor_no_qts",
        True,
        (*R, "--mentor", "Kim Lowe", "--mentor-qts", "no"),
        (*R, "--mentor", "Tom Reed"),  # back to the mentor who holds QTS
        SAME,
    ),
    ("tutor_no_qts", True, (*R, "--tutor-qts", "no"), (*R, "--tutor-qts", "yes"), SAME),
    (
        "tutor_no_qts",
        True,
        (*R, "--tutor", "Sam Lee", "--tutor-qts", "no"),
        (*R, "--tutor", "Pat Kaur", "--tutor-qts", "yes"),
        SAME,
    ),
    (
        "same_person",
        False,
        (*R, "--tutor", "tom reed"),
        (*R, "--same-person-reason", "a two-teacher school"),
        None,  # the reason stays recorded
    ),
    ("same_person", False, (*R, "--tutor", "TOM REED"), (*R, "--tutor", "Jo Ellis"), SAME),
    (
        "timetable_part1_over",
        True,
        (*R, "--timetable-part1", "91"),
        (*R, "--timetable-part1", "90"),
        SAME,
    ),
    (
        "timetable_part1_over",
        True,
        (*R, "--timetable-part1", "no"),
        (*R, "--timetable-part1", "yes"),
        SAME,
    ),
    ("post_unsuitable", True, (*R, "--post-suitable", "no"), (*R, "--post-suitable", "yes"), SAME),
    (
        "special_measures",
        True,
        (*SPECIAL, "--special-measures", "yes"),
        (*SPECIAL, "--induction-permitted", "yes"),
        (*SPECIAL, "--induction-permitted", "no"),
    ),
    (
        "special_measures",
        True,
        (*SPECIAL, "--special-measures", "yes"),
        (*SPECIAL, "--special-measures", "no"),
        SAME,
    ),
]


@pytest.mark.parametrize(
    "code, failed, make, fix, again",
    BREAK_AND_FIX,
    ids=[f"{c}-by-{' '.join(f[3:])}" for c, _, _, f, _ in BREAK_AND_FIX],
)
def test_a_gap_appears_clears_and_comes_back(
    enrol, cli, gaps, todo, show, db, code, failed, make, fix, again
):
    enrol(complete=True)
    assert gaps(REGISTERED) == []
    assert seen_rows(db) == {}

    cli("2025-10-01", *make)
    found = gaps("2025-10-15")
    assert [(g["trn"], g["gap"], g["failed"]) for g in found] == [(TRN, code, failed)]
    gap = found[0]
    assert (gap["first_seen_on"], gap["days_open"]) == ("2025-10-01", 14)
    assert seen_rows(db) == {code: "2025-10-01"}
    (item,) = todo("2025-10-15")["entitlement"]
    assert {k: item[k] for k in ("trn", "gap", "first_seen_on", "days_open", "command")} == {
        k: gap[k] for k in ("trn", "gap", "first_seen_on", "days_open", "command")
    }
    assert show("2025-10-15")["entitlement_gaps"] == [{k: gap[k] for k in GAP_KEYS - {"name"}}]

    cli("2025-10-20", *fix)
    assert gaps("2025-10-20") == []
    assert todo("2025-10-20")["entitlement"] == []
    assert show("2025-10-20")["entitlement_gaps"] == []
    assert seen_rows(db) == {}

    if again is None:
        return
    cli("2025-11-03", *(make if again == SAME else again))  # back: new, first seen today
    assert [(g["gap"], g["first_seen_on"]) for g in gaps("2025-11-10")] == [(code, "2025-11-03")]


def test_naming_a_mentor_without_qts_later_is_first_seen_that_day(enrol, record, gaps):
    enrol(mentor="Tom Reed")
    assert first_seen(gaps("2025-10-01"))["mentor_qts_unconfirmed"] == REGISTERED
    record("2025-10-05", "--mentor", "Kim Lowe", "--mentor-qts", "no")
    seen = first_seen(gaps("2025-10-10"))
    assert "mentor_qts_unconfirmed" not in seen
    assert seen["mentor_no_qts"] == "2025-10-05"
    assert seen["tutor_missing"] == REGISTERED  # untouched


def test_the_qts_of_a_mentor_is_theirs_for_every_ect_they_mentor(enrol, record, gaps):
    enrol(TRN, mentor="Tom Reed")
    enrol(OTHER, mentor="Tom Reed", first_name="Bo", last_name="Li")
    found = gaps("2025-10-01")
    assert by_code(found, TRN)["mentor_qts_unconfirmed"]["first_seen_on"] == REGISTERED
    assert by_code(found, OTHER)["mentor_qts_unconfirmed"]["first_seen_on"] == REGISTERED

    record("2025-10-02", "--mentor-qts", "yes")  # through one ECT: both settled
    found = gaps("2025-10-02")
    assert not {"mentor_qts_unconfirmed", "mentor_no_qts"} & set(by_code(found, OTHER))

    record("2025-10-09", "--mentor-qts", "no")
    found = gaps("2025-10-12")
    for trn in (TRN, OTHER):
        assert by_code(found, trn)["mentor_no_qts"]["first_seen_on"] == "2025-10-09"


def test_special_measures_is_a_gap_for_every_ect_at_the_school(enrol, cli, gaps):
    enrol(TRN, complete=True)
    enrol(OTHER, complete=True, first_name="Bo", last_name="Li")
    enrol(THIRD, complete=True, first_name="Cy", last_name="Ng", school=SCHOOL_B)
    cli("2025-10-01", "school", "update", SCHOOL_A, "--special-measures", "yes")
    found = gaps("2025-10-03")
    assert sorted((g["trn"], g["gap"], g["first_seen_on"], g["failed"]) for g in found) == [
        (TRN, "special_measures", "2025-10-01", True),
        (OTHER, "special_measures", "2025-10-01", True),
    ]
    assert found[0]["command"] == f"ectrack school update {SCHOOL_A} --induction-permitted yes"
    cli("2025-10-05", "school", "update", SCHOOL_A, "--induction-permitted", "yes")
    assert gaps("2025-10-05") == []


# --- the timetable: values, and parts 1 and 2 -------------------------------------------

TIMETABLES = [
    # (part, value given, percent stored, over the limit)
    (1, "90", 90, False),
    (1, "90%", 90, False),
    (1, "0.9", 90, False),
    (1, "yes", 90, False),
    (1, "75 %", 75, False),
    (1, "91", 91, True),
    (1, "no", 100, True),
    (2, "95%", 95, False),
    (2, "0.95", 95, False),
    (2, "yes", 95, False),
    (2, "96", 96, True),
    (2, "no", 100, True),
]


@pytest.mark.parametrize("part, value, stored, over", TIMETABLES)
def test_timetable_values_and_their_limits(
    enrol, record, gaps, show, db, part, value, stored, over
):
    enrol(complete=True)
    record("2025-10-01", f"--timetable-part{part}", value)
    period = show("2025-10-01")["periods"][-1]
    assert period["entitlement"][f"timetable_part{part}_percent"] == stored
    column = db.one(f"SELECT timetable_part{part} AS t FROM induction_periods WHERE trn = ?", TRN)
    assert column["t"] == stored
    # part 1 is checked in part 1; part 2 from 2026-09-01 (the 4th term, full time)
    when = "2025-10-15" if part == 1 else "2026-09-15"
    active = "2025-10-01" if part == 1 else "2026-09-01"
    expected = [(f"timetable_part{part}_over", active, True)] if over else []
    found = gaps(when)
    assert [(g["gap"], g["first_seen_on"], g["failed"]) for g in found] == expected
    if over:
        assert f"{stored}%" in found[0]["what"]


BAD_TIMETABLES = [
    (1, "abc"), (1, "92.5"), (1, "150"), (1, "0"), (1, "0.925"),
    (2, "abc"), (2, "101%"), (2, "maybe"),
]  # fmt: skip


@pytest.mark.parametrize("part, value", BAD_TIMETABLES)
def test_a_bad_timetable_is_refused_and_nothing_is_written(enrol, run, refused, db, part, value):
    enrol()
    before = full_snapshot(db)
    option = f"--timetable-part{part}"
    args = ("entitlement", "record", TRN, option, value, "--post-suitable", "yes")
    refused(run("--today", "2025-10-01", *args), option)
    assert full_snapshot(db) == before


REFUSED_RECORDS = [
    (("--mentor-qts", "maybe"), "--mentor-qts"),
    (("--tutor-qts", "perhaps"), "--tutor-qts"),
    (("--post-suitable", "sometimes"), "--post-suitable"),
    (("--mentor-qts", "yes"), "--mentor-qts"),  # no mentor is named
    (("--tutor-qts", "no"), "--tutor-qts"),  # no tutor is named
    (("--same-person-reason", "x" * 501), "--same-person-reason"),
]


@pytest.mark.parametrize("options, fragment", REFUSED_RECORDS)
def test_bad_entitlement_records_are_refused_and_nothing_is_written(
    enrol, run, refused, db, options, fragment
):
    enrol()
    before = full_snapshot(db)
    refused(run("--today", "2025-10-01", "entitlement", "record", TRN, *options), fragment)
    assert full_snapshot(db) == before


def test_an_unknown_ect_is_refused(run, refused, schools):
    refused(run("entitlement", "record", "7777777", "--post-suitable", "yes"), "7777777")


@pytest.mark.parametrize("fte, part2", [("1.0", "2026-09-01"), ("0.5", "2027-09-01")])
def test_part_2_timetable_matters_from_the_start_of_part_2(enrol, record, gaps, fte, part2):
    enrol(fte=fte)
    record(REGISTERED, "--mentor", "Tom Reed", "--mentor-qts", "yes", "--tutor", "Jo Ellis",
           "--tutor-qts", "yes", "--post-suitable", "yes")  # fmt: skip
    before = plus(part2, -1)
    assert [(g["gap"], g["first_seen_on"]) for g in gaps(before)] == [
        ("timetable_part1_unconfirmed", REGISTERED)
    ]
    # in part 2: part 1's timetable no longer matters, part 2's does, from its first day
    assert [(g["gap"], g["first_seen_on"]) for g in gaps(part2)] == [
        ("timetable_part2_unconfirmed", part2)
    ]
    record(plus(part2, 14), "--timetable-part2", "96")
    assert [(g["gap"], g["first_seen_on"], g["failed"]) for g in gaps(plus(part2, 20))] == [
        ("timetable_part2_over", plus(part2, 14), True)
    ]
    record(plus(part2, 21), "--timetable-part2", "95%")
    assert gaps(plus(part2, 21)) == []


def test_a_part_1_timetable_over_the_limit_is_not_a_gap_in_part_2(enrol, record, gaps):
    enrol(complete=True)
    record("2025-10-01", "--timetable-part1", "100")
    assert [g["gap"] for g in gaps("2026-08-31")] == ["timetable_part1_over"]
    assert gaps("2026-09-01") == []


# --- fidelity checks of school-led programmes -------------------------------------------

FIRST_TERMS = [
    # (start, registered on, last day of the first term, first day a check is missing)
    ("2025-09-01", "2025-09-10", "2025-12-19", "2025-12-20"),
    ("2026-01-05", "2026-01-05", "2026-03-27", "2026-03-28"),
]


@pytest.mark.parametrize("how", ["trn", "school"])
@pytest.mark.parametrize("start, registered, last_ok, missing_from", FIRST_TERMS)
def test_a_fidelity_check_is_missing_after_the_first_term_until_recorded(
    enrol, cli, gaps, todo, show, db, start, registered, last_ok, missing_from, how
):
    enrol(today=registered, start=start, programme="school-led", complete=True)
    assert gaps(last_ok) == []
    found = gaps(missing_from)
    assert [(g["gap"], g["first_seen_on"], g["failed"]) for g in found] == [
        ("fidelity_missing", missing_from, False)
    ]
    assert found[0]["command"] == (
        f"ectrack entitlement fidelity --school {SCHOOL_A} --on DATE --result met|not-met"
    )
    assert [i["gap"] for i in todo(missing_from)["entitlement"]] == ["fidelity_missing"]

    on = plus(missing_from, 10)
    target = (TRN,) if how == "trn" else ("--school", SCHOOL_A)
    cli(on, "entitlement", "fidelity", *target, "--on", on, "--result", "met")
    assert gaps(on) == []
    assert todo(on)["entitlement"] == []
    entitlement = show(on)["periods"][-1]["entitlement"]
    assert (
        entitlement["fidelity_checked_on"],
        entitlement["fidelity_result"],
        entitlement["fidelity_next_due"],
    ) == (on, "met", plus(on, 365))
    stored = db.one(
        "SELECT fidelity_checked_on, fidelity_result, fidelity_next_due FROM induction_periods"
    )
    assert stored == {
        "fidelity_checked_on": on,
        "fidelity_result": "met",
        "fidelity_next_due": plus(on, 365),
    }


def test_a_check_that_did_not_meet_the_framework_is_a_failed_gap_until_a_later_met_one(
    enrol, cli, gaps
):
    enrol(programme="school-led", complete=True)
    # checked on 8 January, recorded on the 10th: first seen the day it was recorded
    cli("2026-01-10", "entitlement", "fidelity", TRN, "--on", "2026-01-08", "--result", "not-met")
    found = gaps("2026-01-20")
    assert [(g["gap"], g["first_seen_on"], g["failed"]) for g in found] == [
        ("fidelity_not_met", "2026-01-10", True)
    ]
    assert "08/01/2026" in found[0]["what"]
    cli("2026-02-02", "entitlement", "fidelity", TRN, "--on", "2026-02-02", "--result", "met")
    assert gaps("2026-02-02") == []


@pytest.mark.parametrize(
    "options, last_ok, overdue_from",
    [
        ((), "2027-01-10", "2027-01-11"),  # a year on by default
        (("--next-due", "2026-06-01"), "2026-06-01", "2026-06-02"),
    ],
)
def test_a_met_check_is_overdue_from_the_day_after_it_falls_due(
    enrol, cli, gaps, show, options, last_ok, overdue_from
):
    enrol(programme="school-led", complete=True)
    cli("2026-01-10", "entitlement", "fidelity", TRN, "--on", "2026-01-10", "--result", "met",
        *options)  # fmt: skip
    assert show("2026-01-10")["periods"][-1]["entitlement"]["fidelity_next_due"] == last_ok
    assert gaps(last_ok) == []
    found = gaps(plus(overdue_from, 3))
    assert [(g["gap"], g["first_seen_on"], g["failed"]) for g in found] == [
        ("fidelity_overdue", overdue_from, False)
    ]
    again = plus(overdue_from, 5)
    cli(again, "entitlement", "fidelity", "--school", SCHOOL_A, "--on", again, "--result", "met")
    assert gaps(again) == []


def test_a_provider_led_ect_never_has_a_fidelity_gap(enrol, gaps):
    enrol(complete=True)  # provider-led by default
    for day in ("2025-12-20", "2026-01-10", "2027-01-20"):
        assert gaps(day) == []


def test_a_programme_changed_to_provider_led_has_no_fidelity_gap(enrol, cli, gaps):
    enrol(programme="school-led", complete=True)
    assert [g["gap"] for g in gaps("2026-01-10")] == ["fidelity_missing"]
    cli("2026-01-10", "ect", "update", TRN, "--programme", "provider-led")
    assert gaps("2026-01-10") == []
    cli("2026-01-12", "ect", "update", TRN, "--programme", "school-led")
    assert [(g["gap"], g["first_seen_on"]) for g in gaps("2026-01-15")] == [
        ("fidelity_missing", "2026-01-12")  # back: first seen again
    ]


def test_a_change_of_fte_does_not_hide_a_missing_fidelity_check(enrol, cli, gaps):
    """The same post and the same programme: its first term ended long ago, so a
    new working pattern does not give the school a new first term to be checked in."""
    enrol(programme="school-led", complete=True)
    assert [(g["gap"], g["first_seen_on"]) for g in gaps("2026-01-10")] == [
        ("fidelity_missing", "2025-12-20")
    ]
    cli("2026-01-20", "ect", "change-fte", TRN, "--fte", "0.8", "--on", "2026-01-19")
    assert [g["gap"] for g in gaps("2026-01-25")] == ["fidelity_missing"]


def test_a_check_for_a_school_covers_its_school_led_ects_only(enrol, cli, gaps, db):
    enrol(TRN, programme="school-led", complete=True)
    enrol(OTHER, programme="school-led", complete=True, first_name="Bo", last_name="Li")
    enrol(THIRD, complete=True, first_name="Cy", last_name="Ng")  # provider-led
    enrol(FOURTH, programme="school-led", complete=True, first_name="Di", last_name="Oz",
          school=SCHOOL_B)  # fmt: skip
    result = cli("2026-01-12", "entitlement", "fidelity", "--school", SCHOOL_A,
                 "--on", "2026-01-12", "--result", "met")  # fmt: skip
    assert "for 2 ECTs" in result.stderr + result.stdout
    checked = {
        r["trn"]: r["fidelity_checked_on"]
        for r in db.rows("SELECT trn, fidelity_checked_on FROM induction_periods")
    }
    assert checked == {TRN: "2026-01-12", OTHER: "2026-01-12", THIRD: None, FOURTH: None}
    found = gaps("2026-01-12")
    assert [(g["trn"], g["gap"], g["first_seen_on"]) for g in found] == [
        (FOURTH, "fidelity_missing", "2025-12-20")
    ]


FIDELITY_REFUSED = [
    # (setup: programme, arguments after 'entitlement fidelity', message fragment)
    ("provider-led", (TRN, "--on", "2026-01-10", "--result", "met"), "provider-led"),
    (
        "school-led",
        (TRN, "--school", SCHOOL_A, "--on", "2026-01-10", "--result", "met"),
        "--school",
    ),
    ("school-led", ("--on", "2026-01-10", "--result", "met"), "--school"),
    ("school-led", (TRN, "--on", "2026-01-11", "--result", "met"), "--on"),  # after --today
    ("school-led", (TRN, "--on", "2026-01-10", "--result", "maybe"), "--result"),
    (
        "school-led",
        (TRN, "--on", "2026-01-10", "--result", "met", "--next-due", "2026-01-10"),
        "--next-due",
    ),
    ("provider-led", ("--school", SCHOOL_A, "--on", "2026-01-10", "--result", "met"), SCHOOL_A),
    ("school-led", ("--school", "999999", "--on", "2026-01-10", "--result", "met"), "999999"),
]


@pytest.mark.parametrize("programme, args, fragment", FIDELITY_REFUSED)
def test_fidelity_checks_that_are_refused(enrol, run, refused, db, programme, args, fragment):
    enrol(programme=programme, complete=True)
    before = full_snapshot(db)
    refused(run("--today", "2026-01-10", "entitlement", "fidelity", *args), fragment)
    assert full_snapshot(db) == before


# --- where gaps are shown ---------------------------------------------------------------


def test_gaps_for_one_school_and_an_unknown_school(enrol, run, refused, gaps):
    enrol(TRN)
    enrol(OTHER, school=SCHOOL_B, first_name="Bo", last_name="Li", mentor="Kim Lowe")
    everyone = gaps("2025-10-01")
    assert {g["trn"] for g in everyone} == {TRN, OTHER}
    at_a = gaps("2025-10-01", "--school", SCHOOL_A)
    at_b = gaps("2025-10-01", "--school", SCHOOL_B)
    assert {g["trn"] for g in at_a} == {TRN}
    assert {g["school_urn"] for g in at_b} == {SCHOOL_B}
    assert set(by_code(at_b, OTHER)) == (BARE_GAPS - {"mentor_missing"}) | {
        "mentor_qts_unconfirmed"
    }
    assert sorted(map(repr, at_a + at_b)) == sorted(map(repr, everyone))
    refused(run("--today", "2025-10-01", "entitlement", "gaps", "--school", "999999"), "999999")


def test_ect_show_holds_the_gaps_and_the_entitlement_record(enrol, record, gaps, show):
    enrol(mentor="Tom Reed", tutor="Tom Reed")
    record("2025-10-01", "--mentor-qts", "no", "--timetable-part1", "0.8", "--post-suitable", "no")
    detail = show("2025-10-05")
    expected = [{k: g[k] for k in GAP_KEYS - {"name"}} for g in gaps("2025-10-05")]
    assert detail["entitlement_gaps"] == expected
    assert {g["gap"] for g in expected} == {
        "mentor_no_qts", "tutor_no_qts", "same_person", "post_unsuitable",
    }  # fmt: skip
    (period,) = detail["periods"]
    assert period["mentor"]["qts"] is False
    assert period["induction_tutor"]["qts"] is False  # one person: their QTS is theirs
    assert period["entitlement"] == {
        "timetable_part1_percent": 80,
        "timetable_part2_percent": None,
        "post_suitable": False,
        "same_person_reason": None,
        "fidelity_checked_on": None,
        "fidelity_result": None,
        "fidelity_next_due": None,
    }
    record("2025-10-06", "--mentor-qts", "yes", "--post-suitable", "yes",
           "--same-person-reason", "  a   small   school ")  # fmt: skip
    detail = show("2025-10-06")
    assert detail["entitlement_gaps"] == []
    assert detail["periods"][0]["mentor"]["qts"] is True
    assert detail["periods"][0]["entitlement"]["same_person_reason"] == "a small school"
    assert detail["periods"][0]["entitlement"]["post_suitable"] is True


def test_todo_lists_the_gaps_oldest_first_and_drops_them_when_fixed(enrol, record, gaps, todo):
    # the later TRN's gaps are the older ones: the queue is in first-seen order
    enrol(OTHER, today="2025-09-10", first_name="Bo", last_name="Li")
    enrol(TRN, today="2025-09-20", mentor="Kim Lowe", tutor="Sam Lee")
    record("2025-09-25", "--post-suitable", "no")
    items = todo("2025-10-01")["entitlement"]
    assert [(i["first_seen_on"], i["trn"]) for i in items] == [
        *[("2025-09-10", OTHER)] * 4,
        *[("2025-09-20", TRN)] * 3,  # mentor's and tutor's QTS, timetable
        ("2025-09-25", TRN),  # the post, found unsuitable
    ]
    assert items[-1]["gap"] == "post_unsuitable" and items[-1]["failed"] is True
    fields = ("trn", "gap", "first_seen_on", "days_open", "command")
    assert sorted(tuple(i[f] for f in fields) for i in items) == sorted(
        tuple(g[f] for f in fields) for g in gaps("2025-10-01")
    )
    for i in items:
        assert i["days_open"] == days(i["first_seen_on"], "2025-10-01")
        assert i["school_urn"] == SCHOOL_A

    record("2025-10-02", *COMPLETE)
    assert {i["trn"] for i in todo("2025-10-02")["entitlement"]} == {OTHER}
    record("2025-10-03", *COMPLETE, trn=OTHER)
    assert todo("2025-10-03")["entitlement"] == []


def test_the_termly_report_counts_the_queue_and_lists_each_gap(
    enrol, cli, record, gaps, todo, tmp_path
):
    enrol(TRN)
    enrol(OTHER, school=SCHOOL_B, first_name="Bo", last_name="Li", complete=True,
          programme="school-led")  # fmt: skip
    record("2025-10-01", "--post-suitable", "no", trn=OTHER)
    today = "2025-12-22"  # fidelity of OTHER missing from 2025-12-20 too
    path = tmp_path / "termly.xlsx"
    doc = json.loads(cli(today, "report", "termly", "-o", str(path), "--json").stdout)
    queue = todo(today)
    assert doc["summary"]["work_queue"] == {k: len(v) for k, v in queue.items()}
    assert set(doc["summary"]["work_queue"]) == set(QUEUE_SECTIONS)
    found = gaps(today)
    assert doc["summary"]["work_queue"]["entitlement"] == len(found) == 6

    values = openpyxl.load_workbook(path)["Entitlement"].iter_rows(values_only=True)
    header = next(values)
    rows = [dict(zip(header, r, strict=True)) for r in values if any(c is not None for c in r)]
    as_date = lambda v: v.date().isoformat() if isinstance(v, dt.datetime) else str(v)  # noqa: E731
    by_ect: dict[str, list[dict]] = {}
    for g in found:
        by_ect.setdefault(g["trn"], []).append(g)
    assert sorted(str(r["TRN"]) for r in rows) == sorted(by_ect) == sorted([TRN, OTHER])
    for r in rows:  # one row per ECT: how many gaps, how many not met, each since when
        mine = by_ect[str(r["TRN"])]
        assert str(r["School URN"]) == mine[0]["school_urn"]
        assert as_date(r["Oldest gap"]) == min(g["first_seen_on"] for g in mine)
        assert r["Days open"] == max(g["days_open"] for g in mine)
        assert (r["Gaps"], r["Not met"]) == (len(mine), sum(g["failed"] for g in mine))
        for g in mine:
            since = dt.date.fromisoformat(g["first_seen_on"])
            assert f"{g['what']} (since {since.day} {since:%b %Y})" in r["Gaps and since when"]

    record(today, *COMPLETE)
    record(today, "--post-suitable", "yes", trn=OTHER)
    cli(today, "entitlement", "fidelity", OTHER, "--on", today, "--result", "met")
    doc = json.loads(cli(today, "report", "termly", "-o", str(path), "--json").stdout)
    assert doc["summary"]["work_queue"]["entitlement"] == 0
    assert doc["summary"]["work_queue"] == {k: len(v) for k, v in todo(today).items()}
    values = openpyxl.load_workbook(path)["Entitlement"].iter_rows(values_only=True)
    next(values)
    assert [r for r in values if any(c is not None for c in r)] == []


# --- registration files -----------------------------------------------------------------

IMPORT_HEADER = [
    "TRN", "First name", "Last name", "Date of birth", "QTS date", "URN", "Induction start date",
    "FTE", "Programme", "Mentor", "Induction tutor", "Mentor has QTS", "Induction tutor has QTS",
    "Timetable part 1 (%)", "Timetable part 2 (%)", "Post suitable", "Why mentor is also tutor",
]  # fmt: skip
AMY = [
    TRN, "Amy", "Shah", "1998-04-02", "2025-07-18", SCHOOL_A, "2025-09-01", 1, "provider-led",
    "Tom Reed", "Jo Ellis", "yes", "no", 90, "95%", "yes", None,
]  # fmt: skip
BO = [
    OTHER, "Bo", "Li", "1995-02-01", "2025-07-18", SCHOOL_A, "2025-09-01", 1, "provider-led",
    "Sam Lee", "Sam Lee", None, None, "0.95", None, "no", "one teacher in the school",
]  # fmt: skip


def write_book(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_registration_file_records_the_entitlement(cli, gaps, db, schools, tmp_path):
    path = write_book(tmp_path / "regs.xlsx", [IMPORT_HEADER, AMY, BO])
    doc = json.loads(cli("2025-09-15", "import", str(path), "--kind", "ects", "--json").stdout)
    assert (doc["created"], doc["rejected"], doc["written"]) == (2, 0, True)

    assert {r["name"]: r["qts"] for r in db.rows("SELECT name, qts FROM staff")} == {
        "Tom Reed": 1,
        "Jo Ellis": 0,
        "Sam Lee": None,
    }
    assert db.rows(
        "SELECT trn, timetable_part1, timetable_part2, post_suitable, same_person_reason "
        "FROM induction_periods ORDER BY trn"
    ) == [
        {"trn": TRN, "timetable_part1": 90, "timetable_part2": 95, "post_suitable": 1,
         "same_person_reason": None},
        {"trn": OTHER, "timetable_part1": 95, "timetable_part2": None, "post_suitable": 0,
         "same_person_reason": "one teacher in the school"},
    ]  # fmt: skip

    found = gaps("2025-10-01")
    assert {(g["trn"], g["gap"], g["first_seen_on"]) for g in found} == {
        (TRN, "tutor_no_qts", "2025-09-15"),
        (OTHER, "mentor_qts_unconfirmed", "2025-09-15"),
        (OTHER, "tutor_qts_unconfirmed", "2025-09-15"),
        (OTHER, "timetable_part1_over", "2025-09-15"),
        (OTHER, "post_unsuitable", "2025-09-15"),
    }
    assert not any(g["gap"] == "same_person" for g in found)  # the reason is recorded
    assert {g["gap"]: g["first_seen_on"] for g in gaps("2026-09-01") if g["trn"] == OTHER}[
        "timetable_part2_unconfirmed"
    ] == "2026-09-01"


def test_a_registration_file_in_csv_records_the_entitlement(cli, gaps, db, schools, tmp_path):
    path = tmp_path / "regs.csv"
    lines = [IMPORT_HEADER, [("" if v is None else str(v)) for v in AMY]]
    path.write_text("\n".join(",".join(cells) for cells in lines) + "\n")
    cli("2025-09-15", "import", str(path), "--kind", "ects")
    stored = db.one("SELECT timetable_part1, timetable_part2, post_suitable FROM induction_periods")
    assert stored == {"timetable_part1": 90, "timetable_part2": 95, "post_suitable": 1}
    assert [(g["gap"], g["first_seen_on"]) for g in gaps("2025-10-01")] == [
        ("tutor_no_qts", "2025-09-15")
    ]


def test_a_registration_file_sent_again_settles_the_gaps_it_confirms(
    cli, gaps, db, schools, tmp_path
):
    cli("2025-09-15", "import", str(write_book(tmp_path / "a.xlsx", [IMPORT_HEADER, AMY])))
    assert [g["gap"] for g in gaps("2025-10-01")] == ["tutor_no_qts"]
    fixed = list(AMY)
    fixed[IMPORT_HEADER.index("Induction tutor has QTS")] = "Yes"
    doc = json.loads(
        cli("2025-10-02", "import", str(write_book(tmp_path / "b.xlsx", [IMPORT_HEADER, fixed])),
            "--json").stdout
    )  # fmt: skip
    assert doc["rejected"] == 0
    assert db.one("SELECT qts FROM staff WHERE name = 'Jo Ellis'") == {"qts": 1}
    assert gaps("2025-10-02") == []
    assert seen_rows(db) == {}


@pytest.mark.parametrize(
    "column, value",
    [
        ("Mentor has QTS", "maybe"),
        ("Induction tutor has QTS", "perhaps"),
        ("Timetable part 1 (%)", "abc"),
        ("Timetable part 2 (%)", 150),
        ("Post suitable", "sometimes"),
    ],
)
def test_a_bad_entitlement_value_rejects_the_row_and_nothing_is_written(
    run, db, schools, tmp_path, column, value
):
    bad = list(AMY)
    bad[IMPORT_HEADER.index(column)] = value
    path = write_book(tmp_path / "regs.xlsx", [IMPORT_HEADER, bad, BO])
    before = full_snapshot(db)
    result = run("--today", "2025-09-15", "import", str(path), "--kind", "ects", "--json")
    assert result.exit_code == 3, result.output
    doc = json.loads(result.stdout)
    assert (doc["rejected"], doc["written"]) == (1, False)
    assert [(e["row"], e["column"]) for e in doc["errors"]] == [(2, column)]
    assert full_snapshot(db) == before


# --- moving school, changing FTE, erasing ----------------------------------------------


def test_a_move_starts_a_new_post_whose_confirmations_are_not_carried_over(enrol, cli, gaps, show):
    enrol(complete=True)
    assert gaps("2026-01-01") == []
    cli("2026-01-07", "ect", "move", TRN, "--school", SCHOOL_B, "--on", "2026-01-05",
        "--mentor", "Kim Lowe")  # fmt: skip
    found = gaps("2026-01-12")
    assert {g["school_urn"] for g in found} == {SCHOOL_B}
    assert first_seen(found) == {
        "mentor_qts_unconfirmed": "2026-01-07",
        "tutor_missing": "2026-01-07",
        "timetable_part1_unconfirmed": "2026-01-07",
        "post_unconfirmed": "2026-01-07",
    }
    assert gaps("2026-01-12", "--school", SCHOOL_A) == []
    assert gaps("2026-01-12", "--school", SCHOOL_B) == found
    period = show("2026-01-12")["periods"][-1]
    assert period["school_urn"] == SCHOOL_B
    assert period["entitlement"]["timetable_part1_percent"] is None
    assert period["entitlement"]["post_suitable"] is None


def test_a_move_recorded_ahead_is_first_seen_on_the_first_day_at_the_new_school(enrol, cli, gaps):
    enrol(complete=True)
    cli("2025-12-15", "ect", "move", TRN, "--school", SCHOOL_B, "--on", "2026-01-05")
    assert gaps("2026-01-04") == []  # still at school A, whose post is complete
    assert first_seen(gaps("2026-01-05")) == dict.fromkeys(BARE_GAPS, "2026-01-05")


def test_a_change_of_fte_keeps_the_post_and_its_confirmations(enrol, cli, gaps, show):
    enrol(complete=True, programme="school-led")
    cli("2026-01-10", "entitlement", "fidelity", TRN, "--on", "2026-01-10", "--result", "met")
    before = show("2026-01-10")["periods"][-1]
    cli("2026-01-20", "ect", "change-fte", TRN, "--fte", "0.8", "--on", "2026-01-19")
    after = show("2026-01-25")["periods"][-1]
    assert after["started_on"] == "2026-01-19" and after["fte"] == 0.8
    assert after["entitlement"] == before["entitlement"]
    assert (after["mentor"], after["induction_tutor"]) == (
        before["mentor"],
        before["induction_tutor"],
    )
    assert gaps("2026-01-25") == []


def test_a_change_of_fte_does_not_reset_when_an_open_gap_was_first_seen(enrol, cli, gaps):
    """The same post: a gap the records showed all along keeps its first-seen day."""
    enrol()  # no mentor, no tutor, nothing confirmed: seen 2025-09-10
    cli("2026-01-20", "ect", "change-fte", TRN, "--fte", "0.8", "--on", "2026-01-19")
    assert first_seen(gaps("2026-01-25")) == dict.fromkeys(BARE_GAPS, REGISTERED)


def test_erasing_an_ect_removes_their_first_seen_days(enrol, cli, db):
    enrol(TRN)
    enrol(OTHER, first_name="Bo", last_name="Li")
    assert seen_rows(db, TRN) and seen_rows(db, OTHER)
    cli("2025-10-01", "ect", "erase", TRN, "--reason", "erasure request", "--yes")
    assert db.query("SELECT count(*) FROM entitlement_seen WHERE trn = ?", TRN) == [(0,)]
    assert db.query("SELECT count(*) FROM ects WHERE trn = ?", TRN) == [(0,)]
    assert seen_rows(db, OTHER) == dict.fromkeys(
        BARE_GAPS | {"timetable_part2_unconfirmed"}, REGISTERED
    )
    assert db.foreign_key_problems() == []


def test_a_schools_file_records_special_measures_and_hmci_permission(
    enrol, cli, gaps, db, tmp_path
):
    """A schools file's "Special measures" and "HMCI permission" columns (a boolean
    cell counts as yes or no) make and settle the gap for the school's ECTs."""
    enrol(TRN, complete=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["URN", "Name", "Special measures", "HMCI permission"])
    sheet.append([SCHOOL_A, "Hillside Primary School", "Yes", None])
    sheet.append([SCHOOL_B, "Oakfield Academy", False, None])
    path = tmp_path / "schools.xlsx"
    book.save(path)
    cli("2025-10-01", "import", str(path))
    flags = {
        r["urn"]: (r["special_measures"], r["induction_permitted"])
        for r in db.rows("SELECT urn, special_measures, induction_permitted FROM schools")
    }
    assert flags == {SCHOOL_A: (1, None), SCHOOL_B: (0, None)}
    assert first_seen(gaps("2025-10-02")) == {"special_measures": "2025-10-01"}

    sheet["D2"] = True  # HMCI allows induction there
    book.save(path)
    cli("2025-10-05", "import", str(path))
    assert gaps("2025-10-06") == []
