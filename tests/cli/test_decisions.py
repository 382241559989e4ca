"""``ectrack decision record/notify/appeal`` and ``deadlines``: an induction from
registration to a notified decision, with ``--today`` moving forward.

Dates are worked by hand from induction-rules.md: the default calendar (see
test_recording.py) and working days (Monday to Friday, not an England-and-Wales
bank holiday; "N working days after D" does not count D). Bank holidays that
matter here: Mon 2026-08-31 and Mon 2027-08-30 (summer), none in late July.
"""

from __future__ import annotations

import json

import pytest

TRN = "1234567"
OVERRIDE = "Final report lost in the post; headteacher confirmed it by phone"


def show(run, ok, today, trn=TRN) -> dict:
    return json.loads(ok(run("--today", today, "ect", "show", trn, "--json")).stdout)


def deadlines(run, ok, today, *options) -> list[tuple[str, str, str]]:
    rows = json.loads(ok(run("--today", today, "deadlines", "--json", *options)).stdout)
    return [(r["trn"], r["name"], r["due_on"]) for r in rows]


def decisions(db, trn=TRN) -> list[dict]:
    return db.rows("SELECT * FROM decisions WHERE trn = ? ORDER BY id", trn)


def review(run, ok, term, date, today=None, trn=TRN):
    ok(
        run(
            "--today",
            today or date,
            "review",
            "record",
            trn,
            "--term",
            term,
            "--date",
            date,
            "--on-track",
            "yes",
        )
    )


def assess(run, ok, kind, date, *extra, today=None, trn=TRN, overall="satisfactory"):
    ok(
        run(
            "--today",
            today or date,
            "assessment",
            "record",
            trn,
            "--kind",
            kind,
            "--date",
            date,
            "--overall",
            overall,
            *extra,
        )
    )


def decide(run, today, outcome, on=None, *extra, trn=TRN):
    return run(
        "--today",
        today,
        "decision",
        "record",
        trn,
        "--outcome",
        outcome,
        "--on",
        on or today,
        *extra,
    )


@pytest.fixture
def ect(register):
    """Full time from 2025-09-01: final assessment in 2027-summer (ends Thu 2027-07-22)."""
    register(TRN)
    return TRN


@pytest.fixture
def final_received(run, ok, ect):
    """Every checkpoint of worked example 1 received; the final on Fri 2027-07-16."""
    review(run, ok, "2025-autumn", "2025-12-10")
    review(run, ok, "2026-spring", "2026-03-20")
    assess(run, ok, "first", "2026-07-10")
    review(run, ok, "2026-autumn", "2026-12-08")
    review(run, ok, "2027-spring", "2027-03-12")
    assess(run, ok, "final", "2027-07-16", "--recommendation", "satisfactory")
    return TRN


@pytest.fixture
def summer_2026_final(register):
    """Full time from 2024-09-02 (Mon; 1 Sep 2024 was a Sunday, so coverage 1.0):
    reviews 2024-autumn and 2025-spring, first 2025-summer, reviews 2025-autumn and
    2026-spring, final 2026-summer (ends Wed 2026-07-22)."""
    register(TRN, qts_date="2024-07-19", start="2024-09-02")
    return TRN


@pytest.fixture
def failed(run, ok, summer_2026_final):
    """Final received Fri 2026-07-17, unsatisfactory; failed on Mon 2026-08-03."""
    assess(
        run,
        ok,
        "final",
        "2026-07-10",
        "--recommendation",
        "unsatisfactory",
        "--received",
        "2026-07-17",
        today="2026-07-17",
        overall="unsatisfactory",
    )
    ok(decide(run, "2026-08-03", "fail"))
    return TRN


# --- a whole induction ---------------------------------------------------------------


def test_a_whole_induction_from_registration_to_a_notified_pass(run, ok, refused, db, register):
    register(TRN, mentor="Tom Reed", tutor="Jo Ellis")
    assert show(run, ok, "2025-09-01")["status"] == "in_progress"

    review(run, ok, "2025-autumn", "2025-12-10", today="2025-12-12")
    review(run, ok, "2026-spring", "2026-03-20", today="2026-03-23")
    assess(
        run,
        ok,
        "first",
        "2026-07-10",
        "--standards",
        "TS1=meeting,TS2=meeting,TS3=meeting,TS4=meeting,TS5=meeting,"
        "TS6=meeting,TS7=meeting,TS8=meeting,PT2=meeting",
        today="2026-07-14",
    )
    review(run, ok, "2026-autumn", "2026-12-08", today="2026-12-09")
    review(run, ok, "2027-spring", "2027-03-12", today="2027-03-15")

    # The final term: no decision yet, the recommendation due 10 working days
    # after induction ends (Thu 2027-07-22 -> Thu 2027-08-05).
    detail = show(run, ok, "2027-07-01")
    assert detail["status"] == "in_progress"
    assert [(d["name"], d["due_on"]) for d in detail["deadlines"]] == [
        ("recommendation", "2027-08-05")
    ]
    before = db.snapshot()
    refused(
        decide(run, "2027-07-16", "pass"),
        "1234567 has no final assessment received",
        "--override",
    )
    assert db.snapshot() == before

    assess(
        run,
        ok,
        "final",
        "2027-07-14",
        "--recommendation",
        "satisfactory",
        "--received",
        "2027-07-16",
        today="2027-07-16",
    )
    detail = show(run, ok, "2027-07-16")
    assert detail["status"] == "awaiting_decision"
    assert {c["status"] for c in detail["checkpoints"]} == {"received"}
    awaiting = json.loads(
        ok(
            run("--today", "2027-07-16", "ect", "list", "--status", "awaiting_decision", "--json")
        ).stdout
    )
    assert [r["trn"] for r in awaiting] == [TRN]
    # Received Fri 2027-07-16: representations within 10 working days (Fri 07-30),
    # the decision within 20 (Fri 08-13); the recommendation deadline is met.
    assert deadlines(run, ok, "2027-07-16") == [
        (TRN, "representations", "2027-07-30"),
        (TRN, "decision", "2027-08-13"),
    ]

    result = ok(decide(run, "2027-07-26", "pass"))
    assert "pass" in result.stderr
    # The pass closes the period on the end of induction (the last day of 2027-summer,
    # the term of the final), not on the day of the decision: nothing after counts.
    (period,) = db.rows("SELECT * FROM induction_periods WHERE trn = ?", TRN)
    assert (period["finished_on"], period["outcome"], period["closed_by"]) == (
        "2027-07-22",
        "pass",
        None,
    )
    (decision,) = decisions(db)
    assert (decision["outcome"], decision["decided_on"], decision["override_reason"]) == (
        "pass",
        "2027-07-26",
        None,
    )
    detail = show(run, ok, "2027-07-26")
    assert detail["status"] == "passed"
    assert detail["periods"][0]["finished_on"] == "2027-07-22"
    assert detail["end_of_induction"] == "2027-07-22"
    assert detail["fte_terms_served"] == 6.0
    assert detail["periods"][0]["outcome"] == "pass"
    assert detail["decision"]["outcome"] == "pass"
    # Notice within 3 working days of Mon 2027-07-26: Thu 2027-07-29.
    assert deadlines(run, ok, "2027-07-26") == [(TRN, "notification", "2027-07-29")]

    ok(run("--today", "2027-07-27", "decision", "notify", TRN, "--on", "2027-07-27"))
    (decision,) = decisions(db)
    assert (
        decision["ect_notified_on"],
        decision["headteacher_notified_on"],
        decision["tra_notified_on"],
    ) == ("2027-07-27", "2027-07-27", "2027-07-27")
    assert deadlines(run, ok, "2027-07-27") == []
    assert show(run, ok, "2027-07-27")["deadlines"] == []
    assert show(run, ok, "2030-01-01")["status"] == "passed"

    events = [(e["command"], e["entity"], e["action"]) for e in db.audit(trn=TRN)][-3:]
    assert events == [
        ("decision record", "induction_period", "update"),
        ("decision record", "decision", "create"),
        ("decision notify", "decision", "update"),
    ]


def test_pass_before_the_final_assessment_needs_an_audited_override(run, ok, db, ect):
    result = ok(decide(run, "2027-07-20", "pass", None, "--override", OVERRIDE))
    assert OVERRIDE in result.stderr
    (decision,) = decisions(db)
    assert decision["override_reason"] == OVERRIDE
    (event,) = db.audit(entity="decision")
    assert event["after"]["override_reason"] == OVERRIDE
    assert event["after"]["outcome"] == "pass"
    detail = show(run, ok, "2027-07-20")
    assert detail["status"] == "passed"
    assert detail["decision"]["override_reason"] == OVERRIDE
    # decided inside the final term: the period still ends on the term's last day
    assert detail["periods"][0]["finished_on"] == "2027-07-22"
    assert detail["fte_terms_served"] == 6.0
    assert [c["kind"] for c in detail["checkpoints"]][-1] == "final_formal_assessment"


def test_a_blank_override_is_no_override(ect, refused_unchanged):
    refused_unchanged(
        [
            "--today",
            "2027-07-20",
            "decision",
            "record",
            TRN,
            "--outcome",
            "pass",
            "--on",
            "2027-07-20",
            "--override",
            "  ",
        ],
        "no final assessment received",
    )


def test_a_second_outcome_is_refused(run, ok, final_received, refused_unchanged):
    ok(decide(run, "2027-07-26", "pass"))
    for outcome in ("pass", "fail"):
        refused_unchanged(
            [
                "--today",
                "2027-07-27",
                "decision",
                "record",
                TRN,
                "--outcome",
                outcome,
                "--on",
                "2027-07-27",
                "--override",
                "second thoughts",
            ],
            "1234567 has already passed",
        )
    refused_unchanged(
        [
            "--today",
            "2027-07-27",
            "decision",
            "record",
            TRN,
            "--outcome",
            "extend",
            "--on",
            "2027-07-27",
            "--terms",
            "1",
            "--override",
            "second thoughts",
        ],
        "already passed",
    )


@pytest.mark.parametrize(
    ("extra", "fragments"),
    [
        (["--outcome", "maybe", "--on", "2027-07-26"], ("--outcome", "maybe")),
        (["--outcome", "pass", "--on", "2027-07-27"], ("--on", "2027-07-27", "after today")),
        (["--outcome", "pass", "--on", "26/13/2027"], ("--on", "26/13/2027")),
        (["--outcome", "extend", "--on", "2027-07-26"], ("--terms", "missing")),
        (["--outcome", "extend", "--on", "2027-07-26", "--terms", "0"], ("--terms", "'0'")),
        (["--outcome", "extend", "--on", "2027-07-26", "--terms", "16.1"], ("--terms", "16.1")),
        (["--outcome", "extend", "--on", "2027-07-26", "--terms", "1.25"], ("--terms", "1.25")),
        (["--outcome", "pass", "--on", "2027-07-26", "--terms", "1"], ("--terms", "'1'")),
    ],
)
def test_bad_decision_is_refused_and_nothing_is_written(
    final_received, refused_unchanged, extra, fragments
):
    refused_unchanged(["--today", "2027-07-26", "decision", "record", TRN, *extra], *fragments)


def test_decision_for_an_unknown_ect_is_refused(ect, refused_unchanged):
    refused_unchanged(
        ["decision", "record", "7654321", "--outcome", "pass", "--on", "2026-11-20"], "7654321"
    )


# --- notify ----------------------------------------------------------------------------


def test_notify_before_any_decision_is_refused(ect, refused_unchanged):
    refused_unchanged(
        ["decision", "notify", TRN, "--on", "2026-11-20"], "1234567 has no decision recorded"
    )


def test_notify_needs_a_date_not_before_the_decision(run, ok, final_received, refused_unchanged):
    ok(decide(run, "2027-07-26", "pass"))
    refused_unchanged(["--today", "2027-07-27", "decision", "notify", TRN], "--on", "missing")
    refused_unchanged(
        ["--today", "2027-07-27", "decision", "notify", TRN, "--on", "2027-07-23"],
        "--on '2027-07-23'",
        "before the decision (2027-07-26)",
    )
    refused_unchanged(
        ["--today", "2027-07-27", "decision", "notify", TRN, "--on", "2027-07-28"],
        "--on '2027-07-28'",
        "after today",
    )
    refused_unchanged(
        ["--today", "2027-07-27", "decision", "notify", TRN, "--tra", "2027-07-23"],
        "--tra",
        "before the decision",
    )


def test_notification_stays_open_until_all_three_notices_are_sent(run, ok, db, final_received):
    ok(decide(run, "2027-07-26", "pass"))
    ok(run("--today", "2027-07-27", "decision", "notify", TRN, "--ect", "2027-07-27"))
    assert deadlines(run, ok, "2027-07-27") == [(TRN, "notification", "2027-07-29")]
    ok(
        run(
            "--today",
            "2027-07-28",
            "decision",
            "notify",
            TRN,
            "--headteacher",
            "2027-07-28",
            "--tra",
            "2027-07-28",
        )
    )
    (decision,) = decisions(db)
    assert (
        decision["ect_notified_on"],
        decision["headteacher_notified_on"],
        decision["tra_notified_on"],
    ) == ("2027-07-27", "2027-07-28", "2027-07-28")
    assert deadlines(run, ok, "2027-07-28") == []


def test_a_fail_is_notified_only_with_the_fail_notice(run, ok, db, failed, refused_unchanged):
    detail = show(run, ok, "2026-08-03")
    assert detail["status"] == "failed"
    assert detail["periods"][0]["finished_on"] == "2026-07-22"  # the end of induction
    assert detail["periods"][0]["outcome"] == "fail"
    # Decided Mon 2026-08-03: notices (and the fail notice) due Thu 2026-08-06.
    assert sorted(deadlines(run, ok, "2026-08-03")) == [
        (TRN, "fail_notice", "2026-08-06"),
        (TRN, "notification", "2026-08-06"),
    ]
    refused_unchanged(
        ["--today", "2026-08-04", "decision", "notify", TRN, "--on", "2026-08-04"],
        "--fail-notice-sent",
    )
    ok(
        run(
            "--today",
            "2026-08-04",
            "decision",
            "notify",
            TRN,
            "--on",
            "2026-08-04",
            "--fail-notice-sent",
            "2026-08-04",
        )
    )
    (decision,) = decisions(db)
    assert decision["fail_notice_sent_on"] == "2026-08-04"
    assert decision["ect_notified_on"] == "2026-08-04"
    # Notice sent Tue 08-04 counts as received Thu 08-06; 20 working days later,
    # skipping the bank holiday Mon 08-31, the appeal window closes Fri 2026-09-04.
    assert deadlines(run, ok, "2026-08-04") == [(TRN, "appeal_window", "2026-09-04")]


# --- appeal ----------------------------------------------------------------------------


def test_only_a_fail_or_an_extension_can_be_appealed(run, ok, final_received, refused_unchanged):
    refused_unchanged(
        ["--today", "2027-07-26", "decision", "appeal", TRN, "--lodged", "2027-07-26"],
        "1234567 has no decision recorded",
    )
    ok(decide(run, "2027-07-26", "pass"))
    refused_unchanged(
        ["--today", "2027-08-02", "decision", "appeal", TRN, "--lodged", "2027-08-02"],
        "latest decision is a pass",
        "only an extension or a fail can be appealed",
    )


def test_appeal_against_a_fail_and_its_result(run, ok, db, failed, refused_unchanged):
    ok(
        run(
            "--today",
            "2026-08-04",
            "decision",
            "notify",
            TRN,
            "--on",
            "2026-08-04",
            "--fail-notice-sent",
            "2026-08-04",
        )
    )
    refused_unchanged(["--today", "2026-08-20", "decision", "appeal", TRN], "--lodged", "missing")
    refused_unchanged(
        ["--today", "2026-08-20", "decision", "appeal", TRN, "--lodged", "2026-08-21"],
        "--lodged",
        "after today",
    )
    ok(run("--today", "2026-08-20", "decision", "appeal", TRN, "--lodged", "2026-08-20"))
    assert decisions(db)[0]["appeal_lodged_on"] == "2026-08-20"
    # The appeal lodged: the window is met, no dismissal while the appeal runs.
    assert deadlines(run, ok, "2026-09-07") == []

    refused_unchanged(
        ["--today", "2026-10-07", "decision", "appeal", TRN, "--result", "dismissed"],
        "--result-on",
    )
    refused_unchanged(
        [
            "--today",
            "2026-10-07",
            "decision",
            "appeal",
            TRN,
            "--result",
            "upheld",
            "--result-on",
            "2026-10-05",
        ],
        "--result",
        "upheld",
    )
    ok(
        run(
            "--today",
            "2026-10-07",
            "decision",
            "appeal",
            TRN,
            "--result",
            "dismissed",
            "--result-on",
            "2026-10-05",
        )
    )
    decision = decisions(db)[0]
    assert (decision["appeal_result"], decision["appeal_result_on"]) == (
        "dismissed",
        "2026-10-05",
    )
    # Appeal dismissed Mon 2026-10-05: the employer dismisses within 10 working days.
    assert deadlines(run, ok, "2026-10-07") == [(TRN, "dismissal", "2026-10-19")]


def test_without_an_appeal_the_dismissal_follows_the_window(run, ok, failed):
    ok(
        run(
            "--today",
            "2026-08-04",
            "decision",
            "notify",
            TRN,
            "--on",
            "2026-08-04",
            "--fail-notice-sent",
            "2026-08-04",
        )
    )
    assert deadlines(run, ok, "2026-09-04") == [(TRN, "appeal_window", "2026-09-04")]
    # The window closed Fri 2026-09-04: dismissal within 10 working days, Fri 2026-09-18.
    assert deadlines(run, ok, "2026-09-07") == [(TRN, "dismissal", "2026-09-18")]
    assert deadlines(run, ok, "2026-09-18") == [(TRN, "dismissal", "2026-09-18")]
    # The employer's duty, shown until it falls due; ectrack records no dismissal.
    assert deadlines(run, ok, "2026-09-21") == []


# --- extend ----------------------------------------------------------------------------


def test_extension_adds_a_final_assessment_and_a_later_pass(
    run, ok, db, final_received, refused_unchanged
):
    ok(decide(run, "2027-07-26", "extend", None, "--terms", "2"))
    (decision,) = decisions(db)
    assert (decision["outcome"], decision["extension_tenths"]) == ("extend", 20)
    (period,) = db.rows("SELECT * FROM induction_periods")
    assert period["finished_on"] is None  # an extension keeps the period open

    detail = show(run, ok, "2027-07-26")
    assert detail["status"] == "in_progress"
    assert detail["fte_terms_required"] == 8.0
    assert detail["extensions"] == [{"decided_on": "2027-07-26", "terms": 2.0, "by_appeal": False}]
    assert [(c["kind"], c["term"], c["due_on"]) for c in detail["checkpoints"]][5:] == [
        ("final_formal_assessment", "2027-summer", "2027-07-22"),
        ("progress_review", "2027-autumn", "2027-12-20"),  # 7.0
        # 8.0 in 2028-spring: Easter Sunday 2028-04-16, less 9 days.
        ("final_formal_assessment", "2028-spring", "2028-04-07"),
    ]

    ok(run("--today", "2027-07-27", "decision", "notify", TRN, "--on", "2027-07-27"))
    # Sent Tue 07-27, received Thu 07-29, 20 working days: Thu 2027-08-26.
    assert deadlines(run, ok, "2027-07-27") == [(TRN, "appeal_window", "2027-08-26")]
    ok(run("--today", "2027-08-02", "decision", "appeal", TRN, "--lodged", "2027-08-02"))
    assert decisions(db)[0]["appeal_lodged_on"] == "2027-08-02"
    assert deadlines(run, ok, "2027-08-02") == []

    refused_unchanged(
        [
            "--today",
            "2027-09-01",
            "decision",
            "record",
            TRN,
            "--outcome",
            "pass",
            "--on",
            "2027-09-01",
        ],
        "no final assessment received",
    )
    review(run, ok, "2027-autumn", "2027-12-10")
    assess(run, ok, "final", "2028-03-10", "--recommendation", "satisfactory")
    detail = show(run, ok, "2028-03-10")
    assert detail["status"] == "awaiting_decision"
    assert detail["checkpoints"][-1]["status"] == "received"
    # The new final's decision: received Fri 2028-03-10, decide by Fri 2028-04-07.
    assert (TRN, "decision", "2028-04-07") in deadlines(run, ok, "2028-03-10")

    ok(decide(run, "2028-03-13", "pass"))
    detail = show(run, ok, "2028-03-13")
    assert detail["status"] == "passed"
    # decided inside 2028-spring, the final's term: the period ends on its last day
    assert detail["periods"][0]["finished_on"] == "2028-04-07"
    assert detail["periods"][0]["outcome"] == "pass"
    assert [d["outcome"] for d in decisions(db)] == ["extend", "pass"]


def test_decision_before_the_previous_one_is_refused(run, ok, final_received, refused_unchanged):
    ok(decide(run, "2027-07-26", "extend", None, "--terms", "1"))
    refused_unchanged(
        [
            "--today",
            "2027-08-02",
            "decision",
            "record",
            TRN,
            "--outcome",
            "pass",
            "--on",
            "2027-07-23",
            "--override",
            "appeal allowed",
        ],
        "--on",
        "2027-07-23",
        "before the previous decision",
    )


# --- deadlines -------------------------------------------------------------------------


@pytest.fixture(params=["started-2024", "reduced-to-3"])
def final_in_summer_2026(request, run, ok, register):
    """An ECT whose final assessment falls in 2026-summer (ends Wed 2026-07-22)."""
    if request.param == "started-2024":
        register(TRN, qts_date="2024-07-19", start="2024-09-02")
    else:
        register(TRN)
        ok(run("ect", "update", TRN, "--reduced-to", "3.0"))
    return TRN


def test_worked_example_decision_due_20_working_days_after_the_recommendation(
    run, ok, final_in_summer_2026
):
    # Before the recommendation: due 10 working days after Wed 2026-07-22.
    assert deadlines(run, ok, "2026-07-15") == [(TRN, "recommendation", "2026-08-05")]
    assess(
        run,
        ok,
        "final",
        "2026-07-10",
        "--recommendation",
        "satisfactory",
        "--received",
        "2026-07-17",
        today="2026-07-20",
    )
    # Worked example 4: received Fri 2026-07-17 -> decision due Fri 2026-08-14.
    assert deadlines(run, ok, "2026-07-20") == [
        (TRN, "representations", "2026-07-31"),
        (TRN, "decision", "2026-08-14"),
    ]
    rows = json.loads(ok(run("--today", "2026-07-20", "deadlines", "--json")).stdout)
    decision = rows[1]
    assert decision["school_urn"] == "100001"
    assert decision["days_left"] == 25
    assert (decision["first_name"], decision["last_name"]) == ("Amy", "Shah")
    shown = show(run, ok, "2026-07-20")["deadlines"]
    assert [(d["name"], d["due_on"]) for d in shown] == [
        ("representations", "2026-07-31"),
        ("decision", "2026-08-14"),
    ]


def test_each_deadline_disappears_once_met(run, ok, final_in_summer_2026):
    assert [d[1] for d in deadlines(run, ok, "2026-08-10")] == ["recommendation"]  # late
    assess(
        run,
        ok,
        "final",
        "2026-07-10",
        "--recommendation",
        "extend",
        "--received",
        "2026-07-17",
        today="2026-07-17",
        overall="unsatisfactory",
    )
    assert [d[1] for d in deadlines(run, ok, "2026-07-31")] == ["representations", "decision"]
    # The representations window has passed: only the decision is left.
    assert deadlines(run, ok, "2026-08-03") == [(TRN, "decision", "2026-08-14")]
    ok(decide(run, "2026-08-03", "extend", None, "--terms", "1.0"))
    assert deadlines(run, ok, "2026-08-03") == [(TRN, "notification", "2026-08-06")]
    ok(run("--today", "2026-08-05", "decision", "notify", TRN, "--on", "2026-08-05"))
    # Sent Wed 08-05, received Fri 08-07; 20 working days, skipping Mon 08-31:
    # Mon 2026-09-07.
    assert deadlines(run, ok, "2026-08-05") == [(TRN, "appeal_window", "2026-09-07")]
    ok(run("--today", "2026-08-12", "decision", "appeal", TRN, "--lodged", "2026-08-12"))
    assert deadlines(run, ok, "2026-08-12") == []


def test_an_appeal_window_not_used_closes_by_itself(run, ok, final_in_summer_2026):
    assess(
        run,
        ok,
        "final",
        "2026-07-10",
        "--recommendation",
        "extend",
        today="2026-07-17",
        overall="unsatisfactory",
    )
    ok(decide(run, "2026-08-03", "extend", None, "--terms", "1.0"))
    ok(run("--today", "2026-08-05", "decision", "notify", TRN, "--on", "2026-08-05"))
    # The extension's final falls in 2026-autumn (ends Fri 2026-12-18), which has begun:
    # its recommendation is due 10 working days later, skipping Christmas (Fri 12-25),
    # Boxing Day (substitute Mon 12-28) and New Year's Day: Wed 2027-01-06.
    recommendation = (TRN, "recommendation", "2027-01-06")
    assert deadlines(run, ok, "2026-09-07") == [
        (TRN, "appeal_window", "2026-09-07"),
        recommendation,
    ]
    assert deadlines(run, ok, "2026-09-08") == [recommendation]


def test_deadlines_within_a_number_of_days(run, ok, final_in_summer_2026):
    assess(run, ok, "final", "2026-07-10", "--recommendation", "satisfactory", today="2026-07-17")
    # As of 2026-07-20: representations in 11 days, the decision in 25.
    assert [d[1] for d in deadlines(run, ok, "2026-07-20", "--within", "11")] == ["representations"]
    assert [d[1] for d in deadlines(run, ok, "2026-07-20", "--within", "25")] == [
        "representations",
        "decision",
    ]
    assert deadlines(run, ok, "2026-07-20", "--within", "10") == []


def test_deadlines_of_several_ects_soonest_first(run, ok, register):
    register("1111111")  # final 2027-summer
    register("2222222", qts_date="2024-07-19", start="2024-09-02")  # final 2026-summer
    assert deadlines(run, ok, "2026-07-15") == [("2222222", "recommendation", "2026-08-05")]
    assert deadlines(run, ok, "2027-07-01") == [
        ("2222222", "recommendation", "2026-08-05"),  # still not received
        ("1111111", "recommendation", "2027-08-05"),
    ]
