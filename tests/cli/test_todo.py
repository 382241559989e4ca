"""``ectrack todo`` (the officer's work queue) and ``ectrack chase`` (letters to
schools owing returns), end to end.

The rule under test: every kind of queue entry appears when the situation
arises, and leaves as soon as the record that settles it is made; nothing that
is already done is ever listed. What each item should say (due dates, days
left, the returns missing) is read from other commands (``deadlines --json``,
``checkpoints --json``, ``ect show --json``, ``export riab``), so the queue is
checked against the rest of ectrack, never against itself.

Working days (reply-by dates) are worked by hand: Monday to Friday, not an
England-and-Wales bank holiday; "N working days after D" does not count D.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from pathlib import Path

import pytest

from tests.cli.conftest import SCHOOL_A, SCHOOL_B, TODAY, _register_args

TRN = "1234567"
OTHER = "7654321"
SECTIONS = ["deadlines", "chase", "at_risk", "absence", "entitlement", "dfe_exports", "interims"]
TITLES = {
    "entitlement": "Entitlement gaps (oldest first)",
    "chase": "Schools to chase for returns",
    "at_risk": "ECTs at risk with no support plan recorded",
    "absence": "Absence near or past 30 days in a part of induction",
    "dfe_exports": "DfE records not yet exported",
    "interims": "Periods that ended without an interim assessment",
}
#: The command each statutory deadline names (README, "The officer's day").
DEADLINE_COMMANDS = {
    "recommendation": "ectrack chase --school {urn}",
    "representations": "ectrack ect show {trn}",
    "decision": "ectrack decision record {trn} --outcome pass|fail|extend --on DATE",
    "notification": "ectrack decision notify {trn} --on DATE",
    "fail_notice": "ectrack decision notify {trn} --on DATE --fail-notice-sent DATE",
    "appeal_window": "ectrack decision appeal {trn} --lodged DATE",
    "dismissal": "ectrack ect show {trn}",
}
#: The command of a decision's notices while no letters are written for it.
NO_LETTERS_COMMAND = "ectrack letter decision {trn} --eml DRAFTS-FOLDER"
LABELS = {
    "progress_review": "progress review",
    "first_formal_assessment": "first formal assessment",
    "final_formal_assessment": "final formal assessment",
    "interim_assessment": "interim assessment",
}
DASHES = "-" * 72


# --- helpers ---------------------------------------------------------------------------


def confirm_entitlement(run, ok, trn: str, today: str) -> None:
    """The school confirms the ECT's whole entitlement in their post as of ``today``
    (entitlement gaps have their own tests in test_entitlement.py)."""
    ok(
        run(
            "--today", today, "entitlement", "record", trn,
            "--mentor", "Tom Reed", "--mentor-qts", "yes", "--tutor", "Jo Ellis",
            "--tutor-qts", "yes", "--timetable-part1", "90", "--timetable-part2", "95",
            "--post-suitable", "yes",
        )
    )  # fmt: skip


@pytest.fixture
def register(run, ok, schools):
    """As conftest's ``register``, with the ECT's entitlement confirmed as they start,
    so the queue holds only what a test makes."""

    def do(trn: str = TRN, **options: str | None):
        result = ok(run(*_register_args(trn, **options)))
        confirm_entitlement(run, ok, trn, options.get("start") or "2025-09-01")
        return result

    return do


def uk(text: str) -> str:
    """An ISO date as people read it: 2026-11-22 → 22 Nov 2026."""
    return f"{day(text).day} {day(text):%b %Y}"


def term_words(term: str) -> str:
    """A term as people read it: 2025-autumn → Autumn 2025."""
    year, season = term.split("-")
    return f"{season.capitalize()} {year}"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def todo(run, ok, today: str = TODAY, *options: str) -> dict[str, list[dict]]:
    """``todo --json`` as {section key: items}, checking the sections and their order."""
    doc = json.loads(ok(run("--today", today, "todo", "--json", *options)).stdout)
    assert doc["as_of"] == today
    assert [s["key"] for s in doc["sections"]] == SECTIONS
    for section in doc["sections"]:
        if section["key"] in TITLES:
            assert section["title"] == TITLES[section["key"]]
        for item in section["items"]:
            due = item["due_on"]
            assert item["days_left"] == (None if due is None else (day(due) - day(today)).days)
    return {s["key"]: s["items"] for s in doc["sections"]}


def nothing_else(queue: dict[str, list[dict]], *keys: str) -> None:
    """Every section but ``keys`` is empty."""
    assert {k: v for k, v in queue.items() if v and k not in keys} == {}


def show(run, ok, trn: str = TRN, today: str = TODAY) -> dict:
    return json.loads(ok(run("--today", today, "ect", "show", trn, "--json")).stdout)


def deadline_rows(run, ok, today: str, within: str) -> list[dict]:
    return json.loads(ok(run("--today", today, "deadlines", "--json", "--within", within)).stdout)


def checkpoints(run, ok, today: str = TODAY, *filters: str) -> list[dict]:
    return json.loads(ok(run("--today", today, "checkpoints", "--json", *filters)).stdout)


def review(run, ok, term, date, on_track="yes", *extra, trn=TRN, today=None):
    ok(
        run(
            "--today", today or date, "review", "record", trn,
            "--term", term, "--date", date, "--on-track", on_track, *extra,
        )
    )  # fmt: skip


def assess(run, ok, kind, date, overall="satisfactory", *extra, trn=TRN, today=None):
    ok(
        run(
            "--today", today or date, "assessment", "record", trn,
            "--kind", kind, "--date", date, "--overall", overall, *extra,
        )
    )  # fmt: skip


def record_on_time(run, ok, trn: str, checkpoint: dict) -> None:
    """Record a scheduled review or formal assessment on its due date, on track."""
    kind, date = checkpoint["kind"], checkpoint["due_on"]
    if kind == "progress_review":
        review(run, ok, checkpoint["term"], date, trn=trn)
    elif kind == "first_formal_assessment":
        assess(run, ok, "first", date, trn=trn)
    elif kind == "interim_assessment":
        assess(run, ok, "interim", date, trn=trn)
    else:
        assess(run, ok, "final", date, "satisfactory", "--recommendation", "satisfactory", trn=trn)


@pytest.fixture
def folder(tmp_path) -> Path:
    found = tmp_path / "exports"
    found.mkdir()
    return found


@pytest.fixture
def export(run, ok, folder):
    """``export(kind, today)``: ``export riab KIND --json`` into a scratch folder."""

    def do(kind: str, today: str = TODAY) -> dict:
        into = folder / str(len(list(folder.iterdir())))  # a new folder: no file clashes
        into.mkdir()
        result = ok(run("--today", today, "export", "riab", kind, "-o", str(into), "--json"))
        return json.loads(result.stdout)

    return do


@pytest.fixture
def up_to_date(run, ok, export):
    """``up_to_date(trn, before)``: every checkpoint due before ``before`` recorded on
    its due date, and the DfE claims sent, so the queue holds only what a test makes."""

    def do(trn: str, before: str) -> None:
        for c in show(run, ok, trn, before)["checkpoints"]:
            if c["due_on"] < before and c["received_on"] is None:
                record_on_time(run, ok, trn, c)
        export("claims", before)

    return do


def final_args(overall: str, recommendation: str) -> list[str]:
    return [
        "assessment", "record", TRN, "--kind", "final", "--date", "2026-07-10",
        "--overall", overall, "--recommendation", recommendation, "--received", "2026-07-17",
    ]  # fmt: skip


@pytest.fixture
def finalist(register, up_to_date):
    """Full time from Mon 2024-09-02: final assessment in 2026-summer (ends Wed
    2026-07-22); every earlier return received on time, the claim sent."""
    register(TRN, qts_date="2024-07-19", start="2024-09-02")
    up_to_date(TRN, "2026-07-01")
    return TRN


# --- the queue as a whole --------------------------------------------------------------


def test_an_empty_queue_says_nothing_is_waiting(run, ok, schools):
    queue = todo(run, ok)
    assert queue == {key: [] for key in SECTIONS}
    result = ok(run("todo"))
    assert result.stdout.strip() == f"To do as of {uk(TODAY)}: 0 items. Nothing is waiting."


def test_an_induction_with_everything_done_leaves_nothing_waiting(
    run, ok, finalist, export, refused
):
    """A whole induction recorded, decided, notified and exported: nothing is listed."""
    assess(run, ok, "final", "2026-07-10", "satisfactory", "--recommendation", "satisfactory")
    ok(
        run(
            "--today",
            "2026-07-20",
            "decision",
            "record",
            TRN,
            "--outcome",
            "pass",
            "--on",
            "2026-07-20",
        )
    )
    ok(run("--today", "2026-07-21", "decision", "notify", TRN, "--on", "2026-07-21"))
    # decided inside the final term: the pass is sent once the end of induction
    # (Wed 2026-07-22) has passed; until then there is nothing to send
    held = export("actions", "2026-07-21")
    assert held["rows"] == 0 and "2026-07-22" in held["held_back"][0]["problem"]
    assert todo(run, ok, "2026-07-21") == {key: [] for key in SECTIONS}
    assert export("actions", "2026-07-23")["rows"] == 1
    for today in ("2026-07-23", "2026-09-01", TODAY, "2027-07-01"):
        assert todo(run, ok, today) == {key: [] for key in SECTIONS}, today
        assert "Nothing is waiting" in ok(run("--today", today, "todo")).stdout
    assert "No school owes a return" in ok(run("chase")).stderr


def test_sections_come_in_the_documented_order_and_each_line_names_its_command(
    run, ok, register, schools
):
    """The human output lists the JSON's items section by section, each followed by
    a line with its command."""
    register(TRN)  # full time from 2025-09-01 at A: three returns overdue by TODAY
    register(OTHER, school=SCHOOL_B)
    ok(
        run(
            "ect",
            "absence",
            OTHER,
            "--from",
            "2026-01-12",
            "--to",
            "2026-02-27",
            "--days",
            "31",
            "--kind",
            "sickness",
        )
    )
    review(run, ok, "2025-autumn", "2025-12-10", "no", trn=OTHER, today="2025-12-15")
    ok(run("ect", "move", OTHER, "--school", SCHOOL_A, "--on", "2026-02-02"))
    confirm_entitlement(run, ok, OTHER, "2026-02-02")

    doc = json.loads(ok(run("todo", "--json")).stdout)
    assert [s["key"] for s in doc["sections"]] == SECTIONS
    filled = [s for s in doc["sections"] if s["items"]]
    assert [s["key"] for s in filled] == ["chase", "at_risk", "absence", "dfe_exports", "interims"]

    result = ok(run("todo"))
    lines = result.stdout.splitlines()
    total = sum(len(s["items"]) for s in doc["sections"])
    assert lines[0] == f"To do as of {uk(TODAY)}: {total} items"
    titles = [line for line in lines if line and not line.startswith(" ")][1:]
    assert titles == [f"{s['title']} ({len(s['items'])})" for s in filled]
    items = [line for line in lines if line.startswith("  ") and not line.startswith("      ")]
    commands = [line for line in lines if line.startswith("      ")]
    assert len(items) == len(commands) == total
    for i, line in enumerate(lines):
        if line in items:
            assert lines[i + 1].startswith("      → "), (line, lines[i + 1])
    assert [c.removeprefix("      → ") for c in commands] == [
        item["command"] for s in filled for item in s["items"]
    ]
    assert result.stderr == ""


def test_todo_refuses_a_negative_within(run, usage_error, schools):
    usage_error(run("todo", "--within", "-1"), "--within")


# --- deadlines -------------------------------------------------------------------------

FINAL_SATISFACTORY = final_args("satisfactory", "satisfactory")
FINAL_FAIL = final_args("unsatisfactory", "unsatisfactory")
FINAL_EXTEND = final_args("unsatisfactory", "extend")


def decide(outcome: str, on: str, *extra: str) -> list[str]:
    return ["decision", "record", TRN, "--outcome", outcome, "--on", on, *extra]


def notify(*options: str) -> list[str]:
    return ["decision", "notify", TRN, *options]


# Each step: (today, what is recorded that day or None, --within, the deadlines then
# waiting). Dates worked in test_decisions.py: recommendation 10 working days after
# Wed 2026-07-22 (Wed 08-05); final received Fri 07-17: representations Fri 07-31,
# decision Fri 08-14; decided Mon 08-03: notices Thu 08-06.
FLOWS = {
    "pass": [
        ("2026-07-15", None, "30", ["recommendation"]),
        ("2026-07-17", FINAL_SATISFACTORY, "30", ["representations", "decision"]),
        ("2026-08-03", None, "30", ["decision"]),  # representations closed Fri 07-31
        ("2026-08-03", decide("pass", "2026-08-03"), "30", ["notification"]),
        ("2026-08-04", notify("--ect", "2026-08-04"), "30", ["notification"]),
        ("2026-08-04", notify("--headteacher", "2026-08-04", "--tra", "2026-08-04"), "30", []),
        ("2027-01-01", None, "3650", []),
    ],
    # A fail, not appealed: notice sent Tue 08-04 (received Thu 08-06), the appeal
    # window closes Fri 2026-09-04 (skipping Mon 08-31); dismissal Fri 2026-09-18.
    "fail": [
        ("2026-07-17", FINAL_FAIL, "30", ["representations", "decision"]),
        ("2026-08-03", decide("fail", "2026-08-03"), "30", ["notification", "fail_notice"]),
        ("2026-08-04", notify("--fail-notice-sent", "2026-08-04"), "30", ["notification"]),
        ("2026-08-04", notify("--on", "2026-08-04"), "30", []),  # the window: 31 days off
        ("2026-08-04", None, "31", ["appeal_window"]),
        ("2026-08-05", None, "30", ["appeal_window"]),
        ("2026-09-04", None, "30", ["appeal_window"]),
        ("2026-09-07", None, "30", ["dismissal"]),
        ("2026-09-18", None, "30", ["dismissal"]),
        ("2026-09-21", None, "30", []),
    ],
    # An extension, appealed: notice sent Wed 08-05, the window closes Mon 2026-09-07.
    "extend-appealed": [
        ("2026-07-17", FINAL_EXTEND, "30", ["representations", "decision"]),
        ("2026-08-03", decide("extend", "2026-08-03", "--terms", "1.0"), "30", ["notification"]),
        ("2026-08-05", notify("--on", "2026-08-05"), "33", ["appeal_window"]),
        ("2026-08-05", None, "32", []),
        ("2026-08-12", ["decision", "appeal", TRN, "--lodged", "2026-08-12"], "3650", []),
    ],
    # A fail appealed and the appeal dismissed Mon 2026-10-05: dismissal Mon 10-19.
    "fail-appeal-dismissed": [
        ("2026-07-17", FINAL_FAIL, "30", ["representations", "decision"]),
        ("2026-08-03", decide("fail", "2026-08-03"), "30", ["notification", "fail_notice"]),
        (
            "2026-08-04",
            notify("--on", "2026-08-04", "--fail-notice-sent", "2026-08-04"),
            "31",
            ["appeal_window"],
        ),
        ("2026-08-20", ["decision", "appeal", TRN, "--lodged", "2026-08-20"], "3650", []),
        (
            "2026-10-07",
            ["decision", "appeal", TRN, "--result", "dismissed", "--result-on", "2026-10-05"],
            "30",
            ["dismissal"],
        ),
        ("2026-10-20", None, "30", []),
    ],
}


@pytest.mark.parametrize("flow", list(FLOWS))
def test_each_deadline_appears_and_leaves_once_met(run, ok, finalist, export, flow):
    for today, action, within, expected in FLOWS[flow]:
        if action:
            ok(run("--today", today, *action))
        queue = todo(run, ok, today, "--within", within)
        items = queue["deadlines"]
        assert sorted(i["deadline"] for i in items) == sorted(expected), (today, action)
        rows = deadline_rows(run, ok, today, within)
        assert sorted(
            (i["trn"], i["school_urn"], i["deadline"], i["due_on"], i["days_left"]) for i in items
        ) == sorted(
            (r["trn"], r["school_urn"], r["name"], r["due_on"], r["days_left"]) for r in rows
        )
        for item in items:
            assert item["name"] == "Amy Shah"
            command = DEADLINE_COMMANDS[item["deadline"]]
            if item["deadline"] in ("notification", "fail_notice"):
                # no letters are written in these flows: the first step is writing them
                assert item["letters_written_on"] is None
                command = NO_LETTERS_COMMAND
            assert item["command"] == command.format(trn=TRN, urn=SCHOOL_A)
        assert [i["due_on"] for i in items] == sorted(i["due_on"] for i in items)
        # Nothing else waits: every return is in and the claim was sent. (A decided
        # pass or extension is an action for the DfE; a fail is recorded by hand.)
        export("actions", today)
        nothing_else(queue, "deadlines", "at_risk", "dfe_exports")
        # An unsatisfactory final awaiting the decision is at risk (ect show says so).
        at_risk = show(run, ok, TRN, today)["at_risk"]
        assert [i["trn"] for i in queue["at_risk"]] == ([TRN] if at_risk else [])


def test_the_recommendation_command_chases_the_final_assessment(run, ok, finalist):
    (item,) = todo(run, ok, "2026-07-15")["deadlines"]
    assert item["command"] == f"ectrack chase --school {SCHOOL_A}"
    letter = ok(run("--today", "2026-07-15", *item["command"].split()[1:])).stdout
    assert f"Amy Shah (TRN {TRN}): final formal assessment, Summer 2026, due 22 Jul 2026" in letter


def test_deadlines_within_a_number_of_days_at_the_boundary(run, ok, finalist):
    # As of 2026-07-15 the recommendation (Wed 2026-08-05) is 21 days off.
    for within, shown in (("21", True), ("20", False), ("30", True), ("0", False)):
        items = todo(run, ok, "2026-07-15", "--within", within)["deadlines"]
        assert [(i["deadline"], i["days_left"]) for i in items] == (
            [("recommendation", 21)] if shown else []
        )
        assert len(deadline_rows(run, ok, "2026-07-15", within)) == len(items)
    # The default is 30 days: 2026-07-06 is the first day it is listed.
    assert todo(run, ok, "2026-07-05")["deadlines"] == []
    (item,) = todo(run, ok, "2026-07-06")["deadlines"]
    assert item["days_left"] == 30
    # Overdue deadlines are always listed, whatever --within says.
    (item,) = todo(run, ok, "2026-08-10", "--within", "0")["deadlines"]
    assert (item["deadline"], item["due_on"], item["days_left"]) == (
        "recommendation",
        "2026-08-05",
        -5,
    )
    human = ok(run("--today", "2026-08-10", "todo", "--within", "0")).stdout
    assert (
        f"5 Aug 2026 (overdue by 5 days) {TRN} Amy Shah at Hillside Primary School ({SCHOOL_A}): "
        "recommendation due" in human
    )
    human = ok(run("--today", "2026-07-15", "todo")).stdout
    assert "Statutory deadlines (overdue, or within 30 days) (1)" in human
    assert "5 Aug 2026 (21 days left)" in human


def test_deadlines_of_several_ects_soonest_first(run, ok, finalist, register, up_to_date):
    """As of 2026-07-20: A's representations (07-31) and decision (08-14), B's
    recommendation (08-05) between them."""
    register(OTHER, qts_date="2024-07-19", start="2024-09-02", school=SCHOOL_B, first_name="Ben")
    up_to_date(OTHER, "2026-07-01")
    ok(run("--today", "2026-07-17", *FINAL_SATISFACTORY))
    items = todo(run, ok, "2026-07-20")["deadlines"]
    assert [(i["trn"], i["deadline"]) for i in items] == [
        (TRN, "representations"),
        (OTHER, "recommendation"),
        (TRN, "decision"),
    ]
    rows = deadline_rows(run, ok, "2026-07-20", "30")
    assert [(i["trn"], i["deadline"], i["due_on"], i["school_urn"]) for i in items] == [
        (r["trn"], r["name"], r["due_on"], r["school_urn"]) for r in rows
    ]
    assert items[1]["command"] == f"ectrack chase --school {SCHOOL_B}"
    human = ok(run("--today", "2026-07-20", "todo")).stdout
    positions = [
        human.index(f"{uk(i['due_on'])} ({i['days_left']} days left) {i['trn']}") for i in items
    ]
    assert positions == sorted(positions)


def test_a_pass_by_override_leaves_no_recommendation_to_chase(run, ok, finalist, export):
    """Decided and notified without the final assessment (override, audited): the
    recommendation deadline is moot and nobody should be chased for it."""
    reason = "Final report lost in the post; headteacher confirmed it by phone"
    ok(run("--today", "2026-07-20", *decide("pass", "2026-07-20", "--override", reason)))
    ok(run("--today", "2026-07-21", *notify("--on", "2026-07-21")))
    assert show(run, ok, TRN, "2026-07-22")["status"] == "passed"
    export("actions", "2026-07-23")  # once the end of induction (07-22) has passed
    queue = todo(run, ok, "2026-07-23")
    assert queue["deadlines"] == [], "a passed ECT's recommendation is still listed as due"
    assert queue["chase"] == []
    nothing_else(queue)


# --- schools to chase ------------------------------------------------------------------


def overdue_rows(run, ok, today: str, urn: str) -> list[dict]:
    """Returns the school owes as of ``today`` (``checkpoints``), interims apart."""
    return [
        c
        for c in checkpoints(run, ok, today, "--status", "overdue")
        if c["school_urn"] == urn and c["kind"] != "interim_assessment"
    ]


def return_file(path: Path, rows: list[list[str]]) -> Path:
    header = "TRN,Kind,Term,Date,On track,Received\n"
    path.write_text(header + "".join(",".join(r) + "\n" for r in rows), "utf-8")
    return path


def test_a_school_owing_returns_is_chased_until_every_return_is_in(
    run, ok, register, export, tmp_path, schools
):
    register(TRN)  # A: 2025-autumn and 2026-spring reviews, 2026-summer first: overdue
    register(OTHER, school=SCHOOL_B, first_name="Ben")
    export("claims")
    ok(
        run(
            "school",
            "update",
            SCHOOL_A,
            "--headteacher",
            "Ruth Ackroyd",
            "--email",
            "ind@hill.example",
        )
    )

    items = todo(run, ok)["chase"]
    assert [i["school_urn"] for i in items] == [SCHOOL_A, SCHOOL_B]
    for item in items:
        owed = overdue_rows(run, ok, TODAY, item["school_urn"])
        assert len(owed) == 3
        school = json.loads(ok(run("school", "show", item["school_urn"], "--json")).stdout)
        assert item["name"] == school["name"]
        assert (item["contact"], item["headteacher"]) == (school["email"], school["headteacher"])
        assert item["trn"] is None
        assert item["command"] == f"ectrack chase --school {item['school_urn']}"
        assert item["due_on"] == min(c["due_on"] for c in owed)
        late = [(day(TODAY) - day(c["due_on"])).days for c in owed]
        assert item["what"] == f"3 returns overdue (up to {max(late)} days late)"
        missing = [
            (m["trn"], m["checkpoint"], m["term"], m["due_on"], m["days_late"])
            for m in item["missing"]
        ]
        assert missing == [
            (c["trn"], c["kind"], c["term"], c["due_on"], n)
            for c, n in zip(owed, late, strict=True)
        ]

    # A's 2025-autumn review arrives on a school's return file: one fewer.
    path = return_file(
        tmp_path / "hillside-returns.csv",
        [[TRN, "Progress review", "2025-autumn", "10/12/2025", "Yes", "2026-11-20"]],
    )
    ok(run("import", str(path)))
    # Soonest first: B's 2025-autumn review is now the oldest return owed.
    assert [i["school_urn"] for i in todo(run, ok)["chase"]] == [SCHOOL_B, SCHOOL_A]
    (_, item) = todo(run, ok)["chase"]
    assert [m["term"] for m in item["missing"]] == ["2026-spring", "2026-summer"]
    assert item["due_on"] == overdue_rows(run, ok, TODAY, SCHOOL_A)[0]["due_on"] == "2026-03-27"
    assert item["what"].startswith("2 returns overdue")

    review(run, ok, "2026-spring", "2026-03-20", today=TODAY)
    (_, item) = todo(run, ok)["chase"]
    assert (
        item["what"]
        == f"1 return overdue (up to {(day(TODAY) - day('2026-07-22')).days} days late)"
    )
    assess(run, ok, "first", "2026-07-10", today=TODAY)
    queue = todo(run, ok)
    assert [i["school_urn"] for i in queue["chase"]] == [SCHOOL_B]
    nothing_else(queue, "chase")


def test_a_return_only_due_soon_is_not_chased_yet(run, ok, register, export):
    """Starting 2026-09-01: the 2026-autumn review is due Fri 2026-12-18."""
    register(TRN, start="2026-09-01", qts_date="2026-07-17")
    export("claims")
    assert todo(run, ok, "2026-12-10")["chase"] == []
    (item,) = todo(run, ok, "2026-12-19")["chase"]
    assert (item["due_on"], item["days_left"]) == ("2026-12-18", -1)
    review(run, ok, "2026-autumn", "2026-12-18", today="2026-12-19")
    assert todo(run, ok, "2026-12-19")["chase"] == []


def test_a_passed_ect_with_a_missing_review_is_not_chased(run, ok, register, export):
    """Full time from 2024-09-02, no returns but the final; passed and notified."""
    register(TRN, qts_date="2024-07-19", start="2024-09-02")
    ok(run("--today", "2026-07-17", *FINAL_SATISFACTORY))
    ok(run("--today", "2026-07-20", *decide("pass", "2026-07-20")))
    ok(run("--today", "2026-07-21", *notify("--on", "2026-07-21")))
    export("claims", "2026-07-21")
    export("actions", "2026-07-23")  # the pass ends induction on 2026-07-22
    assert show(run, ok)["status"] == "passed"
    queue = todo(run, ok)
    assert queue["chase"] == [], "a passed ECT's school is still chased for returns"
    nothing_else(queue)
    assert "No school owes a return" in ok(run("chase")).stderr


# --- at risk ---------------------------------------------------------------------------


def concern_review(run, ok):
    review(run, ok, "2025-autumn", "2025-12-10", "no", today="2025-12-15")
    return "2025-autumn", "progress review", "2025-12-15"


def concern_assessment(run, ok):
    for term, date in (("2025-autumn", "2025-12-10"), ("2026-spring", "2026-03-20")):
        review(run, ok, term, date)
    assess(run, ok, "first", "2026-07-10", "unsatisfactory", today="2026-07-15")
    return "2026-summer", "first formal assessment", "2026-07-15"


def later_on_track_review(run, ok, term):
    later = {
        "2025-autumn": ("2026-spring", "2026-03-20"),
        "2026-summer": ("2026-autumn", "2026-12-08"),
    }
    review(run, ok, *later[term])
    return later[term][1]


def later_review_with_support_plan(run, ok, term):
    later = {
        "2025-autumn": ("2026-spring", "2026-03-20"),
        "2026-summer": ("2026-autumn", "2026-12-08"),
    }
    review(run, ok, *later[term], "no", "--support-plan")
    return later[term][1]


def same_review_with_support_plan(run, ok, term):
    """The concerning review recorded again (it replaces the first) with a plan."""
    review(run, ok, "2025-autumn", "2025-12-10", "no", "--support-plan", today="2025-12-16")
    return "2025-12-16"


@pytest.mark.parametrize(
    ("concern", "settle"),
    [
        (concern_review, later_on_track_review),
        (concern_review, later_review_with_support_plan),
        (concern_review, same_review_with_support_plan),
        (concern_assessment, later_on_track_review),
        (concern_assessment, later_review_with_support_plan),
    ],
    ids=lambda f: f.__name__,
)
def test_an_ect_at_risk_is_listed_until_a_support_plan_or_a_later_on_track_record(
    run, ok, register, export, concern, settle
):
    register(TRN)
    export("claims", "2025-12-01")
    term, label, today = concern(run, ok)
    assert show(run, ok, TRN, today)["at_risk"] is True
    queue = todo(run, ok, today)
    (item,) = queue["at_risk"]
    assert (item["trn"], item["name"], item["school_urn"]) == (TRN, "Amy Shah", SCHOOL_A)
    assert (item["due_on"], item["days_left"]) == (None, None)
    assert item["command"] == f"ectrack ect show {TRN}"
    assert item["what"].startswith(f"the {term} {label} raised a concern")
    nothing_else(queue, "at_risk")

    settled_on = settle(run, ok, term)
    queue = todo(run, ok, settled_on)
    assert queue["at_risk"] == []
    nothing_else(queue)


def test_an_on_track_review_with_a_support_plan_is_never_listed(run, ok, register, export):
    register(TRN)
    export("claims", "2025-12-01")
    review(run, ok, "2025-autumn", "2025-12-10", "yes", "--support-plan")
    assert show(run, ok, TRN, "2025-12-10")["at_risk"] is True
    assert todo(run, ok, "2025-12-10")["at_risk"] == []


def test_an_earlier_on_track_review_received_later_does_not_clear_the_risk(
    run, ok, register, export
):
    register(TRN)
    export("claims", "2025-12-01")
    review(run, ok, "2026-spring", "2026-03-20", "no")
    review(run, ok, "2025-autumn", "2025-12-10", "yes", today="2026-03-20")
    assert [i["trn"] for i in todo(run, ok, "2026-03-20")["at_risk"]] == [TRN]


# --- absence ---------------------------------------------------------------------------


def absence(run, ok, days: str, kind: str = "sickness", start="2026-01-12", end="2026-03-13"):
    ok(run("ect", "absence", TRN, "--from", start, "--to", end, "--days", days, "--kind", kind))


@pytest.mark.parametrize(
    ("days", "kind", "listed", "past"),
    [
        ("19.5", "sickness", False, False),
        ("20", "sickness", True, False),
        ("29.5", "other", True, False),
        ("30", "sickness", True, True),
        ("41", "sickness", True, True),
        ("41", "maternity", False, False),  # statutory leave does not count towards 30
    ],
)
def test_absence_is_listed_from_20_days_and_past_the_threshold_from_30(
    run, ok, register, export, days, kind, listed, past
):
    register(TRN)
    up_to = "2026-03-13"
    absence(run, ok, days, kind)
    for c in show(run, ok, TRN, up_to)["checkpoints"]:
        if c["due_on"] < up_to:
            record_on_time(run, ok, TRN, c)
    export("claims", up_to)
    queue = todo(run, ok, up_to)
    part_one = show(run, ok, TRN, up_to)["absence_by_part"][0]
    if not listed:
        assert queue["absence"] == []
    else:
        (item,) = queue["absence"]
        assert (item["trn"], item["school_urn"], item["part"]) == (TRN, SCHOOL_A, 1)
        assert item["days"] == part_one["days_towards_threshold"] == float(days)
        assert item["past_threshold"] is past
        assert (item["due_on"], item["days_left"]) == (None, None)
        assert item["command"] == f"ectrack ect show {TRN}"
        shown = f"{float(days):g} days absent in part 1: "
        assert item["what"].startswith(shown)
        assert ("the part is extended" in item["what"]) is past
        assert ("near 30" in item["what"]) is (not past)
    nothing_else(queue, "absence")


def test_absence_in_part_two_is_listed_as_part_two(run, ok, register, export):
    """2026-autumn comes after the first assessment (2026-summer): part 2."""
    register(TRN)
    export("claims")
    absence(run, ok, "22", start="2026-09-14", end="2026-10-16")
    (item,) = todo(run, ok)["absence"]
    assert (item["part"], item["days"], item["past_threshold"]) == (2, 22, False)
    assert show(run, ok)["absence_by_part"][1]["days_towards_threshold"] == 22


def test_absence_near_the_threshold_turns_past_it_when_more_is_recorded(run, ok, register):
    register(TRN)
    absence(run, ok, "25")
    (item,) = todo(run, ok)["absence"]
    assert (item["days"], item["past_threshold"]) == (25, False)
    absence(run, ok, "5", start="2026-03-16", end="2026-03-20")
    (item,) = todo(run, ok)["absence"]
    assert (item["days"], item["past_threshold"]) == (30, True)


def test_absence_stays_listed_while_in_progress_and_leaves_with_the_pass(run, ok, finalist, export):
    """[current behaviour] Nothing the officer records clears an absence item but the
    outcome: it stays while the induction goes on, and goes once the ECT has passed."""
    ok(
        run(
            "ect",
            "absence",
            TRN,
            "--from",
            "2025-09-15",
            "--to",
            "2025-10-24",
            "--days",
            "24",
            "--kind",
            "sickness",
        )
    )
    (item,) = todo(run, ok, "2026-07-15")["absence"]
    assert (item["part"], item["days"]) == (2, 24)
    ok(run("--today", "2026-07-17", *FINAL_SATISFACTORY))
    assert show(run, ok, TRN, "2026-07-17")["status"] == "awaiting_decision"
    assert [i["trn"] for i in todo(run, ok, "2026-07-17")["absence"]] == [TRN]
    ok(run("--today", "2026-07-20", *decide("pass", "2026-07-20")))
    ok(run("--today", "2026-07-21", *notify("--on", "2026-07-21")))
    export("actions", "2026-07-21")
    queue = todo(run, ok, "2026-07-21")
    assert queue["absence"] == []
    nothing_else(queue)


def test_absence_leaves_with_a_fail_too(run, ok, finalist):
    ok(
        run(
            "ect",
            "absence",
            TRN,
            "--from",
            "2025-09-15",
            "--to",
            "2025-10-31",
            "--days",
            "31",
            "--kind",
            "sickness",
        )
    )
    assert [i["past_threshold"] for i in todo(run, ok, "2026-07-01")["absence"]] == [True]
    # 31 days in part 2 extend it by 0.5 terms: the final moves to 2026-autumn.
    final = show(run, ok, TRN, "2026-07-01")["checkpoints"][-1]
    assert final["kind"] == "final_formal_assessment"
    ok(
        run(
            "--today", final["due_on"], "decision", "record", TRN, "--outcome", "fail",
            "--on", final["due_on"], "--override", "the ECT resigned; the school's final report",
        )
    )  # fmt: skip
    assert todo(run, ok, final["due_on"])["absence"] == []


# --- DfE exports -----------------------------------------------------------------------


def test_claims_wait_until_exported(run, ok, register, export):
    register(TRN)
    register(OTHER, school=SCHOOL_B)
    register("1111111", start="2026-12-01", qts_date="2026-07-17")  # not started by TODAY
    queue = todo(run, ok)
    (item,) = queue["dfe_exports"]
    assert (item["command"], item["trn"], item["due_on"]) == (
        "ectrack export riab claims",
        None,
        None,
    )
    sent = export("claims")
    assert item["count"] == sent["rows"] == 2
    assert item["what"] == f"{sent['rows']} claims to send to the DfE"
    assert todo(run, ok)["dfe_exports"] == []
    # The third starts on 2026-12-01: a new claim waits from then.
    (item,) = todo(run, ok, "2026-12-01")["dfe_exports"]
    assert item["count"] == 1
    assert export("claims", "2026-12-01")["rows"] == 1
    assert todo(run, ok, "2026-12-01")["dfe_exports"] == []


def test_an_action_waits_from_the_release_until_exported(run, ok, register, export):
    register(TRN)
    export("claims", "2026-01-05")
    ok(run("ect", "release", TRN, "--on", "2026-03-31"))
    assert todo(run, ok, "2026-03-30")["dfe_exports"] == []  # not ended yet
    (item,) = todo(run, ok, "2026-03-31")["dfe_exports"]
    assert (item["command"], item["count"]) == ("ectrack export riab actions", 1)
    assert item["what"] == "1 action to send to the DfE"
    assert export("actions", "2026-03-31")["rows"] == item["count"]
    assert todo(run, ok, "2026-03-31")["dfe_exports"] == []
    assert todo(run, ok)["dfe_exports"] == []


def test_a_fail_waits_until_listed_with_its_notice(run, ok, finalist, export):
    ok(run("--today", "2026-07-17", *FINAL_FAIL))
    ok(run("--today", "2026-08-03", *decide("fail", "2026-08-03")))
    (item,) = todo(run, ok, "2026-08-03")["dfe_exports"]
    assert (item["trn"], item["name"], item["due_on"]) == (TRN, "Amy Shah", None)
    assert item["ended_on"] == "2026-07-22"  # the end of induction, not the decision
    assert "written notice of the fail" in item["what"]
    assert item["command"] == f"ectrack decision notify {TRN} --on DATE --fail-notice-sent DATE"
    # Listed by the export but with no notice date yet: it stays (README).
    listed = export("actions", "2026-08-03")
    assert [f["trn"] for f in listed["fails"]] == [TRN]
    assert listed["fails"][0]["induction_period_end_date"] == item["ended_on"]
    assert [i["trn"] for i in todo(run, ok, "2026-08-03")["dfe_exports"]] == [TRN]
    ok(
        run(
            "--today",
            "2026-08-04",
            *notify("--on", "2026-08-04", "--fail-notice-sent", "2026-08-04"),
        )
    )
    (item,) = todo(run, ok, "2026-08-04")["dfe_exports"]
    assert (item["trn"], item["command"]) == (TRN, "ectrack export riab actions")
    assert "record the fail by hand in the DfE service" in item["what"]
    export("actions", "2026-08-04")
    queue = todo(run, ok, "2026-08-04")
    assert queue["dfe_exports"] == []
    assert queue["deadlines"] == []  # notified; the appeal window is 31 days off


# --- interims --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "leave",
    [
        ["ect", "move", TRN, "--school", SCHOOL_B, "--on", "2026-02-02"],
        ["ect", "release", TRN, "--on", "2026-02-01"],
    ],
    ids=["move", "release"],
)
def test_an_interim_never_received_is_listed_until_recorded(
    run, ok, register, export, up_to_date, leave
):
    """Leaving school A after more than a term (on Sun 2026-02-01) adds an interim
    assessment due that day, at A."""
    register(TRN)
    ok(run(*leave))
    if leave[1] == "move":  # a new post: its entitlement confirmed too
        confirm_entitlement(run, ok, TRN, "2026-02-02")
    (interim,) = [c for c in show(run, ok)["checkpoints"] if c["kind"] == "interim_assessment"]
    assert (interim["school_urn"], interim["due_on"]) == (SCHOOL_A, "2026-02-01")
    for c in show(run, ok)["checkpoints"]:
        if c["kind"] != "interim_assessment" and c["status"] == "overdue":
            record_on_time(run, ok, TRN, c)
    export("claims")
    export("actions")

    queue = todo(run, ok)
    (item,) = queue["interims"]
    assert (item["trn"], item["name"], item["school_urn"]) == (TRN, "Amy Shah", SCHOOL_A)
    assert (item["due_on"], item["days_left"]) == (
        interim["due_on"],
        (day(interim["due_on"]) - day(TODAY)).days,
    )
    assert (
        item["command"]
        == f"ectrack assessment record {TRN} --kind interim --date DATE --overall ..."
    )
    assert item["what"] == f"ask {SCHOOL_A} for the interim assessment due when the ECT left"
    nothing_else(queue, "interims")  # the interim is not chased as a return as well

    assess(run, ok, "interim", "2026-01-30", today=TODAY)
    assert [c["status"] for c in checkpoints(run, ok, TODAY, "--kind", "interim")] == ["late"]
    queue = todo(run, ok)
    assert queue["interims"] == []
    nothing_else(queue)


def test_an_interim_not_yet_due_is_not_listed(run, ok, register):
    register(TRN)
    ok(run("ect", "release", TRN, "--on", "2026-02-27"))
    assert todo(run, ok, "2026-02-20")["interims"] == []
    assert [i["due_on"] for i in todo(run, ok, "2026-02-28")["interims"]] == ["2026-02-27"]


# --- chase: the letters ----------------------------------------------------------------


@pytest.fixture
def two_schools(run, ok, register):
    """Amy at A (headteacher and email recorded), Ben at B (neither): both full time
    from 2025-09-01, with the 2025-autumn and 2026-spring reviews and the 2026-summer
    first assessment overdue by TODAY and the 2026-autumn review due Fri 2026-12-18."""
    register(TRN)
    register(OTHER, school=SCHOOL_B, first_name="Ben", last_name="Cole")
    ok(
        run(
            "school",
            "update",
            SCHOOL_A,
            "--headteacher",
            "Ruth Ackroyd",
            "--email",
            "induction@hillside.example.sch.uk",
        )
    )


def expected_lines(run, ok, today: str, urn: str) -> tuple[list[str], list[str]]:
    """The lines a letter to ``urn`` should hold, from ``checkpoints --json``: the
    overdue returns, then those due within 14 days."""
    names = {}
    overdue, due = [], []
    rows = sorted(
        checkpoints(run, ok, today),
        key=lambda c: (c["due_on"], f"{c['first_name']} {c['last_name']}", c["trn"]),
    )
    for c in rows:
        if c["school_urn"] != urn:
            continue
        names[c["trn"]] = f"{c['first_name']} {c['last_name']}"
        due_on = day(c["due_on"])
        head = (
            f"- {names[c['trn']]} (TRN {c['trn']}): {LABELS[c['kind']]}, "
            f"{term_words(c['term'])}, due {uk(c['due_on'])}"
        )
        if c["status"] == "overdue" and c["kind"] != "interim_assessment":
            overdue.append(f"{head} ({(day(today) - due_on).days} days ago)")
        elif c["status"] == "due":
            due.append(head)
    return overdue, due


def return_lines(letter: str) -> list[str]:
    return [line for line in letter.splitlines() if line.startswith("- ")]


def test_a_letter_to_one_school(run, ok, two_schools):
    today = "2026-12-10"
    result = ok(run("--today", today, "chase", "--school", SCHOOL_A))
    letter = result.stdout
    school = json.loads(ok(run("school", "show", SCHOOL_A, "--json")).stdout)
    lines = letter.splitlines()
    assert lines[0] == f"To: {school['email']}"
    assert lines[1] == f"Subject: ECT induction returns for {school['name']} ({SCHOOL_A})"
    assert f"Dear {school['headteacher']}," in lines
    overdue, due = expected_lines(run, ok, today, SCHOOL_A)
    assert len(overdue) == 3 and len(due) == 1
    assert return_lines(letter) == overdue + due
    assert "Please send them by Thursday 17 December 2026:" in letter  # Thu 10-12 + 5
    shortly = lines.index("These returns fall due shortly:")
    assert lines.index(overdue[-1]) < shortly < lines.index(due[0])
    assert "Ben" not in letter and OTHER not in letter
    assert result.stderr == ""


def test_a_school_with_no_headteacher_or_email(run, ok, two_schools):
    letter = ok(run("chase", "--school", SCHOOL_B)).stdout
    lines = letter.splitlines()
    assert lines[0] == "To: (no email recorded)"
    assert "Dear colleague," in lines
    overdue, due = expected_lines(run, ok, TODAY, SCHOOL_B)
    assert return_lines(letter) == overdue + due
    assert "Amy" not in letter and TRN not in letter


def test_a_school_owing_only_returns_due_soon_gets_a_letter_without_a_reply_date(run, ok, register):
    register(TRN, start="2026-09-01", qts_date="2026-07-17")
    assert "No school owes a return" in ok(run("--today", "2026-12-03", "chase")).stderr
    letter = ok(run("--today", "2026-12-04", "chase", "--school", SCHOOL_A)).stdout
    assert return_lines(letter) == [
        f"- Amy Shah (TRN {TRN}): progress review, Autumn 2026, due 18 Dec 2026"
    ]
    assert "These returns fall due shortly:" in letter
    assert "Please send them by" not in letter


@pytest.mark.parametrize(
    ("today", "reply_by"),
    [
        ("2026-11-20", "Friday 27 November 2026"),  # Fri: the weekend skipped
        ("2026-11-22", "Friday 27 November 2026"),  # Sun
        ("2026-11-25", "Wednesday 2 December 2026"),  # Wed, over a weekend
        # Tue: Christmas Fri 12-25, Boxing Day (Sat) substitute Mon 12-28.
        ("2026-12-22", "Thursday 31 December 2026"),
        # Wed: and New Year's Day Fri 2027-01-01.
        ("2026-12-23", "Monday 4 January 2027"),
        # Wed: Good Friday 2026-04-03, Easter Monday 04-06.
        ("2026-04-01", "Friday 10 April 2026"),
        # Wed: Good Friday 2027-03-26, Easter Monday 03-29.
        ("2027-03-24", "Friday 2 April 2027"),
        # Thu: early May bank holiday Mon 2026-05-04.
        ("2026-04-30", "Friday 8 May 2026"),
    ],
)
def test_the_reply_by_date_is_five_working_days_on(run, ok, register, today, reply_by):
    register(TRN)  # the 2025-autumn review is overdue on every one of these days
    letter = ok(run("--today", today, "chase", "--school", SCHOOL_A)).stdout
    assert f"Please send them by {reply_by}:" in letter
    for line in return_lines(letter):
        match = re.search(r"due (\d{1,2} [A-Z][a-z]{2} \d{4}) \((\d+) days ago\)$", line)
        if match:
            due = dt.datetime.strptime(match[1], "%d %b %Y").date()
            assert int(match[2]) == (day(today) - due).days


def test_every_school_owing_returns_gets_a_letter(run, ok, two_schools, schools):
    ok(run("school", "add", "100003", "--name", "Quiet Lane School"))  # owes nothing
    result = ok(run("chase"))
    letters = result.stdout.rstrip("\n").split(f"\n{DASHES}\n")
    assert len(letters) == 2
    for letter, urn in zip(letters, (SCHOOL_A, SCHOOL_B), strict=True):
        assert f"({urn})" in letter.splitlines()[1]
        overdue, due = expected_lines(run, ok, TODAY, urn)
        assert return_lines(letter) == overdue + due
        alone = ok(run("chase", "--school", urn)).stdout
        assert alone.strip() == letter.strip()
    assert "100003" not in result.stdout and "Quiet Lane" not in result.stdout
    assert (
        ok(run("chase", "--school", "100003")).stderr.strip()
        == "Quiet Lane School (100003) owes no return"
    )


def test_json_gives_each_letter(run, ok, two_schools):
    docs = json.loads(ok(run("chase", "--json")).stdout)
    assert [d["school_urn"] for d in docs] == [SCHOOL_A, SCHOOL_B]
    for doc in docs:
        assert set(doc) == {"school_urn", "returns", "letter", "file"}
        assert doc["file"] is None
        overdue, due = expected_lines(run, ok, TODAY, doc["school_urn"])
        assert doc["returns"] == len(overdue) + len(due) == len(return_lines(doc["letter"]))
        alone = ok(run("chase", "--school", doc["school_urn"])).stdout
        assert alone.strip() == doc["letter"].strip()
    (one,) = json.loads(ok(run("chase", "--school", SCHOOL_B, "--json")).stdout)
    assert one == docs[1]


def test_letters_written_to_a_folder(run, ok, two_schools, tmp_path):
    folder = tmp_path / "letters"
    result = ok(run("chase", "-o", str(folder), "--json"))
    docs = json.loads(result.stdout)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    names = {
        SCHOOL_A: f"{SCHOOL_A}-hillside-primary-school-chase.txt",
        SCHOOL_B: f"{SCHOOL_B}-oakfield-academy-chase.txt",
    }
    assert sorted(p.name for p in folder.iterdir()) == sorted(names.values())
    for doc in docs:
        path = Path(doc["file"])
        assert path == folder / names[doc["school_urn"]]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text("utf-8") == doc["letter"]
    assert [line for line in result.stderr.splitlines() if line] == [
        f"Wrote {doc['file']}" for doc in docs
    ]

    # Without --json: nothing on stdout, the files listed on stderr.
    again = ok(run("chase", "-o", str(folder)))
    assert again.stdout == ""
    assert again.stderr.splitlines() == [f"Wrote {folder / names[u]}" for u in (SCHOOL_A, SCHOOL_B)]
    for urn, name in names.items():
        assert stat.S_IMODE(os.stat(folder / name).st_mode) == 0o600
        assert (folder / name).read_text("utf-8").strip() == ok(
            run("chase", "--school", urn)
        ).stdout.strip()


def test_one_school_to_a_folder(run, ok, two_schools, tmp_path):
    folder = tmp_path / "one"
    result = ok(run("chase", "--school", SCHOOL_B, "-o", str(folder)))
    assert [p.name for p in folder.iterdir()] == [f"{SCHOOL_B}-oakfield-academy-chase.txt"]
    assert result.stderr.strip() == f"Wrote {folder / f'{SCHOOL_B}-oakfield-academy-chase.txt'}"


def test_a_return_received_leaves_the_letter(run, ok, two_schools, tmp_path):
    before = return_lines(ok(run("chase", "--school", SCHOOL_A)).stdout)
    assert any("progress review, Autumn 2025" in line for line in before)
    path = return_file(
        tmp_path / "r.csv",
        [[TRN, "Progress review", "2025-autumn", "10/12/2025", "Yes", "2026-11-20"]],
    )
    ok(run("import", str(path)))
    after = return_lines(ok(run("chase", "--school", SCHOOL_A)).stdout)
    assert after == [line for line in before if "Autumn 2025" not in line]
    assert (
        after
        == expected_lines(run, ok, TODAY, SCHOOL_A)[0] + expected_lines(run, ok, TODAY, SCHOOL_A)[1]
    )
    (doc,) = json.loads(ok(run("chase", "--school", SCHOOL_A, "--json")).stdout)
    assert doc["returns"] == len(before) - 1


def test_when_no_school_owes_anything(run, ok, two_schools, tmp_path):
    for trn in (TRN, OTHER):
        for c in show(run, ok, trn)["checkpoints"]:
            if c["status"] == "overdue":
                record_on_time(run, ok, trn, c)
    # 2026-autumn reviews (Fri 12-18) are 26 days off: nothing owed yet.
    folder = tmp_path / "none"
    for options in ([], ["--json"], ["-o", str(folder)], ["--school", SCHOOL_A]):
        result = ok(run("chase", *options))
        assert result.exit_code == 0
        said = f"({SCHOOL_A}) owes no return" if "--school" in options else "No school owes"
        assert said in result.stderr
        assert result.stdout.strip() in ("", "[]")
    assert not folder.exists()
    assert todo(run, ok)["chase"] == []


def test_letters_follow_the_school_a_return_belonged_to(run, ok, register):
    """Amy moved from A to B on 2026-01-05: A is asked for the 2025-autumn review, B
    for the rest; neither letter holds the other's returns."""
    register(TRN)
    ok(run("ect", "move", TRN, "--school", SCHOOL_B, "--on", "2026-01-05"))
    a = return_lines(ok(run("chase", "--school", SCHOOL_A)).stdout)
    b = return_lines(ok(run("chase", "--school", SCHOOL_B)).stdout)
    assert a == expected_lines(run, ok, TODAY, SCHOOL_A)[0]
    overdue_b, due_b = expected_lines(run, ok, TODAY, SCHOOL_B)
    assert b == overdue_b + due_b
    assert [line.split(": ")[1].split(", due")[0] for line in a] == ["progress review, Autumn 2025"]
    assert not set(a) & set(b)


@pytest.mark.parametrize("urn", ["12", "12ab", "1000011"])
def test_an_invalid_school_urn_is_refused_in_one_line(run, refused, two_schools, urn):
    refused(run("chase", "--school", urn), "--school", urn)


def test_a_school_name_matching_none_is_refused_in_one_line(run, refused, two_schools):
    refused(run("chase", "--school", "abc"), "no school matches 'abc'")


def test_chase_into_a_file_that_is_not_a_folder_is_refused(run, refused, two_schools, tmp_path):
    path = tmp_path / "letters.txt"
    path.write_text("mine")
    refused(run("chase", "-o", str(path)))
    assert path.read_text() == "mine"


def test_an_unknown_school_is_refused_not_said_to_owe_nothing(run, refused, two_schools):
    refused(run("chase", "--school", "999999"), "no school with URN 999999")
