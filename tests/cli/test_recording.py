"""``ectrack ect absence``, ``review record``, ``assessment record`` and
``ect update --reduced-to`` end to end.

Expected terms and dates come from the default calendar of induction-rules.md,
worked by hand (no AB dates set):
- 2025-autumn 2025-09-01 to Fri 2025-12-19 (20 Dec 2025 is a Saturday);
- 2026-spring Mon 2026-01-05 (4 Jan is a Sunday) to Fri 2026-03-27 (Easter
  Sunday 2026-04-05 less 9 days);
- 2026-summer Mon 2026-04-13 (17 days later) to Wed 2026-07-22;
- 2026-autumn 2026-09-01 to Fri 2026-12-18; 2027-spring Mon 2027-01-04 to
  Fri 2027-03-19 (Easter 2027-03-28); 2027-summer Mon 2027-04-05 to Thu
  2027-07-22; 2027-autumn 2027-09-01 to Mon 2027-12-20.
A full-time ECT from 2025-09-01 (worked example 1) has reviews in 2025-autumn,
2026-spring, 2026-autumn and 2027-spring, the first assessment in 2026-summer
and the final in 2027-summer.
"""

from __future__ import annotations

import json

import pytest

TRN = "1234567"
#: Tables holding induction records, beyond the conftest's RECORD_TABLES.
ALL_MEETING = ",".join(f"{code}=meeting" for code in [*(f"TS{n}" for n in range(1, 9)), "PT2"])
STANDARD_COLUMNS = ("ts1", "ts2", "ts3", "ts4", "ts5", "ts6", "ts7", "ts8", "pt2")

WORKED_EXAMPLE_1 = [
    ("progress_review", "2025-autumn", "2025-12-19"),
    ("progress_review", "2026-spring", "2026-03-27"),
    ("first_formal_assessment", "2026-summer", "2026-07-22"),
    ("progress_review", "2026-autumn", "2026-12-18"),
    ("progress_review", "2027-spring", "2027-03-19"),
    ("final_formal_assessment", "2027-summer", "2027-07-22"),
]


def show(run, ok, trn=TRN, today=None) -> dict:
    options = ("--today", today) if today else ()
    return json.loads(ok(run(*options, "ect", "show", trn, "--json")).stdout)


def schedule(detail: dict) -> list[tuple[str, str, str]]:
    return [(c["kind"], c["term"], c["due_on"]) for c in detail["checkpoints"]]


def records(db, trn=TRN) -> list[dict]:
    return db.rows("SELECT * FROM checkpoint_records WHERE trn = ? ORDER BY term, kind", trn)


@pytest.fixture
def ect(register):
    """A full-time ECT from 2025-09-01 at school 100001 (worked example 1)."""
    register(TRN)
    return TRN


def absence_args(trn=TRN, **options) -> list[str]:
    values = {"from": "2026-01-12", "to": "2026-01-16", "days": "5", "kind": "sickness", **options}
    args = ["ect", "absence", trn]
    for name, value in values.items():
        if value is not None:
            args += ["--" + name, value]
    return args


def review_args(term, date, on_track="yes", *extra, trn=TRN, today=None) -> list[str]:
    head = ["--today", today] if today else []
    return [
        *head,
        "review",
        "record",
        trn,
        "--term",
        term,
        "--date",
        date,
        "--on-track",
        on_track,
        *extra,
    ]


def assessment_args(kind, date, overall="satisfactory", *extra, trn=TRN, today=None) -> list[str]:
    head = ["--today", today] if today else []
    return [
        *head,
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
    ]


# --- ect absence ---------------------------------------------------------------------

KINDS = (
    "sickness",
    "maternity",
    "paternity",
    "adoption",
    "shared_parental",
    "parental_bereavement",
    "carers",
    "other",
)
STATUTORY = (
    "maternity",
    "paternity",
    "adoption",
    "shared_parental",
    "parental_bereavement",
    "carers",
)


@pytest.mark.parametrize("kind", KINDS)
def test_absence_of_each_kind_is_stored(run, ok, db, ect, kind):
    result = ok(run(*absence_args(kind=kind, days="4")))
    assert "4 days" in result.stderr

    row = db.one("SELECT * FROM absences WHERE trn = ?", TRN)
    assert {k: row[k] for k in ("starts_on", "ends_on", "half_days", "kind", "extend")} == {
        "starts_on": "2026-01-12",
        "ends_on": "2026-01-16",
        "half_days": 8,  # 4 days, kept in exact half days
        "kind": kind,
        "extend": 0,
    }
    (event,) = db.audit(entity="absence")
    assert (event["action"], event["trn"], event["command"]) == ("create", TRN, "ect absence")
    assert event["after"]["kind"] == kind

    detail = show(run, ok)
    (shown,) = detail["absences"]
    assert shown["starts_on"] == "2026-01-12"
    assert shown["days"] == 4
    assert shown["kind"] == kind
    assert shown["extend"] is False
    assert shown["part"] == 1  # 2026-spring is before the first assessment (2026-summer)
    part_one = detail["absence_by_part"][0]
    counting = 0 if kind in STATUTORY else 4
    assert part_one["days_towards_threshold"] == counting
    assert part_one["statutory_leave_days"] == 4 - counting
    assert part_one["threshold_days"] == 30


@pytest.mark.parametrize("kind", STATUTORY)
def test_statutory_leave_can_be_chosen_to_extend(run, ok, db, ect, kind):
    ok(run(*absence_args(kind=kind), "--extend"))
    row = db.one("SELECT kind, extend FROM absences")
    assert row == {"kind": kind, "extend": 1}
    assert show(run, ok)["absences"][0]["extend"] is True


@pytest.mark.parametrize("kind", ["sickness", "other"])
def test_extend_is_refused_for_absence_that_is_not_statutory_leave(ect, refused_unchanged, kind):
    refused_unchanged([*absence_args(kind=kind), "--extend"], "--extend", "statutory leave")


def test_absence_kind_is_understood_loosely(run, ok, db, ect):
    ok(run(*absence_args(kind="Shared parental")))
    ok(run(*absence_args(kind="carer")))
    assert [r[0] for r in db.query("SELECT kind FROM absences ORDER BY id")] == [
        "shared_parental",
        "carers",
    ]


@pytest.mark.parametrize(
    ("options", "fragments"),
    [
        ({"from": "31/02/2026"}, ("--from", "31/02/2026")),
        ({"from": "next week"}, ("--from", "next week")),
        ({"to": "2026-13-01"}, ("--to", "2026-13-01")),
        ({"to": "2026-01-09"}, ("--to", "2026-01-09", "before")),
        ({"days": "0"}, ("--days", "'0'")),
        ({"days": "2.3"}, ("--days", "2.3", "whole or half days")),
        ({"days": "lots"}, ("--days", "lots")),
        ({"days": "1001"}, ("--days", "1001")),
        ({"kind": "holiday"}, ("--kind", "holiday")),
        ({"kind": "annual leave"}, ("--kind", "annual leave")),
    ],
)
def test_bad_absence_is_refused_and_nothing_is_written(ect, refused_unchanged, options, fragments):
    refused_unchanged(absence_args(**options), *fragments)


def test_absence_of_an_unknown_ect_is_refused(ect, refused_unchanged):
    refused_unchanged(absence_args(trn="7654321"), "7654321")


def test_sickness_of_30_days_or_more_extends_part_one(run, ok, ect):
    """Worked example 3: 41 days in 2026-spring extend part 1 by ceil(41/65, 1 dp) = 0.7."""
    ok(run(*absence_args(**{"from": "2026-01-12", "to": "2026-03-13", "days": "41"})))
    detail = show(run, ok)
    assert detail["fte_terms_required"] == 6.7
    assert detail["absence_by_part"][0]["days_towards_threshold"] == 41
    assert detail["absence_by_part"][0]["extension_terms"] == 0.7
    assert schedule(detail) == [
        ("progress_review", "2025-autumn", "2025-12-19"),
        ("progress_review", "2026-spring", "2026-03-27"),
        ("progress_review", "2026-summer", "2026-07-22"),  # 3.0 < 3.7
        ("first_formal_assessment", "2026-autumn", "2026-12-18"),  # 4.0 >= 3.7
        ("progress_review", "2027-spring", "2027-03-19"),
        ("progress_review", "2027-summer", "2027-07-22"),  # 6.0 < 6.7
        ("final_formal_assessment", "2027-autumn", "2027-12-20"),  # 7.0 >= 6.7
    ]


def test_under_30_days_and_statutory_leave_not_chosen_change_nothing(run, ok, ect):
    ok(run(*absence_args(days="29")))
    ok(
        run(
            *absence_args(kind="maternity", days="41", **{"from": "2026-02-02", "to": "2026-03-27"})
        )
    )
    detail = show(run, ok)
    assert schedule(detail) == WORKED_EXAMPLE_1
    assert detail["fte_terms_required"] == 6.0
    part_one = detail["absence_by_part"][0]
    assert (part_one["days_towards_threshold"], part_one["statutory_leave_days"]) == (29, 41)


def test_statutory_leave_chosen_to_extend_moves_the_assessments(run, ok, ect):
    ok(run(*absence_args(kind="maternity", days="41", **{"to": "2026-03-13"}), "--extend"))
    detail = show(run, ok)
    assert detail["fte_terms_required"] == 6.7
    assert schedule(detail)[2:4] == [
        ("progress_review", "2026-summer", "2026-07-22"),
        ("first_formal_assessment", "2026-autumn", "2026-12-18"),
    ]
    assert schedule(detail)[-1] == ("final_formal_assessment", "2027-autumn", "2027-12-20")


# --- review record -------------------------------------------------------------------


def test_review_is_stored_against_its_term(run, ok, db, ect):
    result = ok(
        run(
            *review_args(
                "2025-autumn",
                "2025-12-10",
                "yes",
                "--absence-days",
                "2",
                "--summary",
                "Settled well; planning improving",
                today="2025-12-15",
            )
        )
    )
    assert "Recorded the Autumn 2025 progress review for 1234567" in result.stderr
    (row,) = records(db)
    assert row["kind"] == "progress_review"
    assert row["term"] == "2025-autumn"
    assert row["held_on"] == "2025-12-10"
    assert row["received_on"] == "2025-12-15"  # --received defaults to --today
    assert row["on_track"] == 1
    assert row["support_plan"] == 0
    assert row["absence_half_days"] == 4  # 2 days, stored in half days
    assert row["summary"] == "Settled well; planning improving"
    assert row["overall"] is None
    assert all(row[c] is None for c in STANDARD_COLUMNS)

    (event,) = db.audit(entity="checkpoint_record")
    assert (event["action"], event["command"], event["actor"]) == (
        "create",
        "review record",
        "officer.test",
    )
    assert event["after"]["term"] == "2025-autumn"

    checkpoint = show(run, ok)["checkpoints"][0]
    assert checkpoint["term"] == "2025-autumn"
    assert checkpoint["status"] == "received"
    assert checkpoint["received_on"] == "2025-12-15"


@pytest.mark.parametrize(
    ("term", "date"),
    [
        ("2025-autumn", "2025-12-01"),
        ("2026-spring", "2026-03-20"),
        ("2026-autumn", "2026-11-20"),
        ("2027-spring", "2027-03-12"),
    ],
)
def test_review_is_accepted_in_every_review_term(run, ok, db, ect, term, date):
    ok(run(*review_args(term, date, today="2027-03-19")))
    assert [(r["kind"], r["term"]) for r in records(db)] == [("progress_review", term)]


def test_review_received_date_can_be_given(run, ok, db, ect):
    ok(run(*review_args("2026-spring", "2026-03-20", "yes", "--received", "24/03/2026")))
    assert records(db)[0]["received_on"] == "2026-03-24"


def test_review_in_the_first_assessment_term_is_refused(ect, refused_unchanged):
    refused_unchanged(
        review_args("2026-summer", "2026-07-10"),
        "2026-summer is a first formal assessment for 1234567, not a progress review",
        "assessment record 1234567 --kind first",
    )


def test_review_in_the_final_assessment_term_is_refused(ect, refused_unchanged):
    refused_unchanged(
        review_args("2027-summer", "2026-07-10"),
        "2027-summer is a final formal assessment for 1234567, not a progress review",
    )


@pytest.mark.parametrize("term", ["2025-summer", "2027-autumn", "2030-spring"])
def test_review_in_a_term_without_a_checkpoint_lists_the_checkpoints(ect, refused_unchanged, term):
    refused_unchanged(
        review_args(term, "2025-12-10"),
        f"1234567 has no checkpoint in {term}",
        "2025-autumn progress review; 2026-spring progress review; "
        "2026-summer first formal assessment; 2026-autumn progress review; "
        "2027-spring progress review; 2027-summer final formal assessment",
    )


def test_recording_a_review_again_replaces_it_and_audits_the_change(run, ok, db, ect):
    ok(run(*review_args("2025-autumn", "2025-12-10", "yes", today="2025-12-15")))
    ok(
        run(
            *review_args(
                "2025-autumn",
                "2025-12-10",
                "no",
                "--summary",
                "Behaviour management a concern",
                today="2025-12-15",
            )
        )
    )
    (row,) = records(db)
    assert row["on_track"] == 0
    assert row["summary"] == "Behaviour management a concern"

    create, update = db.audit(entity="checkpoint_record")
    assert create["action"] == "create"
    assert update["action"] == "update"
    assert update["entity_id"] == create["entity_id"] == str(row["id"])
    assert update["before"] == {"on_track": True, "summary": None}
    assert update["after"] == {"on_track": False, "summary": "Behaviour management a concern"}


def test_recording_the_same_review_again_changes_nothing(run, ok, db, ect):
    args = review_args("2025-autumn", "2025-12-10", "yes", today="2025-12-15")
    ok(run(*args))
    before = db.snapshot()
    ok(run(*args))
    assert db.snapshot() == before


def test_not_on_track_marks_at_risk_until_a_later_on_track_review(run, ok, ect):
    assert show(run, ok)["at_risk"] is False
    ok(run(*review_args("2025-autumn", "2025-12-10", "no", today="2025-12-15")))
    assert show(run, ok)["at_risk"] is True
    listed = json.loads(ok(run("ect", "list", "--at-risk", "--json")).stdout)
    assert [r["trn"] for r in listed] == [TRN]

    ok(run(*review_args("2026-spring", "2026-03-20", "yes", today="2026-03-20")))
    assert show(run, ok)["at_risk"] is False
    assert json.loads(ok(run("ect", "list", "--at-risk", "--json")).stdout) == []


def test_a_support_plan_marks_at_risk_even_when_on_track(run, ok, db, ect):
    ok(run(*review_args("2025-autumn", "2025-12-10", "yes", "--support-plan")))
    assert records(db)[0]["support_plan"] == 1
    assert show(run, ok)["at_risk"] is True
    ok(run(*review_args("2026-spring", "2026-03-20", "yes")))
    assert show(run, ok)["at_risk"] is False


def test_an_earlier_review_recorded_later_does_not_clear_the_risk(run, ok, ect):
    """'Latest' is the latest held: an older on-track review received late changes nothing."""
    ok(run(*review_args("2026-spring", "2026-03-20", "no")))
    ok(run(*review_args("2025-autumn", "2025-12-10", "yes")))
    assert show(run, ok)["at_risk"] is True


@pytest.mark.parametrize(
    ("extra", "fragments"),
    [
        (("--date", "2025-12-16"), ("--date", "2025-12-16", "after today (2025-12-15)")),
        (("--received", "2025-12-16"), ("--received", "2025-12-16", "after today")),
    ],
)
def test_review_dated_after_today_is_refused(ect, refused_unchanged, extra, fragments):
    args = review_args("2025-autumn", "2025-12-10", today="2025-12-15")
    if extra[0] == "--date":
        args[args.index("--date") + 1] = extra[1]
    else:
        args += list(extra)
    refused_unchanged(args, *fragments)


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (review_args("2025-autumn", "2025-12-10", "maybe"), ("--on-track", "maybe")),
        (review_args("autumn", "2025-12-10"), ("--term", "autumn")),
        (review_args("2025-winter", "2025-12-10"), ("--term", "2025-winter")),
        (review_args("2025-autumn", "32/12/2025"), ("--date", "32/12/2025")),
        (
            review_args("2025-autumn", "2025-12-10", "yes", "--absence-days", "1.25"),
            ("--absence-days", "1.25"),
        ),
        (
            review_args("2025-autumn", "2025-12-10", "yes", "--absence-days", "many"),
            ("--absence-days", "many"),
        ),
        (review_args("2025-autumn", "2025-12-10", trn="7654321"), ("7654321",)),
    ],
)
def test_bad_review_is_refused_and_nothing_is_written(ect, refused_unchanged, args, fragments):
    refused_unchanged(args, *fragments)


# --- assessment record ---------------------------------------------------------------


def test_first_assessment_is_stored_with_each_standard_in_its_column(run, ok, db, ect):
    result = ok(
        run(
            *assessment_args(
                "first",
                "2026-07-10",
                "satisfactory",
                "--standards",
                ALL_MEETING,
                "--absence-days",
                "3",
                today="2026-07-15",
            )
        )
    )
    assert "Summer 2026 first formal assessment for 1234567: satisfactory" in result.stderr
    (row,) = records(db)
    assert row["kind"] == "first_formal_assessment"
    assert row["term"] == "2026-summer"
    assert row["held_on"] == "2026-07-10"
    assert row["received_on"] == "2026-07-15"
    assert row["overall"] == "satisfactory"
    assert row["recommendation"] is None
    assert row["absence_half_days"] == 6
    assert {c: row[c] for c in STANDARD_COLUMNS} == dict.fromkeys(STANDARD_COLUMNS, "meeting")

    detail = show(run, ok)
    first = next(c for c in detail["checkpoints"] if c["kind"] == "first_formal_assessment")
    assert (first["term"], first["status"], first["received_on"]) == (
        "2026-summer",
        "received",
        "2026-07-15",
    )
    assert detail["at_risk"] is False
    (event,) = db.audit(entity="checkpoint_record")
    assert event["command"] == "assessment record"
    assert event["after"]["standards"]["ts8"] == "meeting"


def test_unsatisfactory_assessment_keeps_standards_not_recorded_empty(run, ok, db, ect):
    ok(
        run(
            *assessment_args(
                "first",
                "2026-07-10",
                "unsatisfactory",
                "--standards",
                "ts1=meeting; TS4 = not yet meeting, PT2=Meeting",
            )
        )
    )
    (row,) = records(db)
    assert {c: row[c] for c in STANDARD_COLUMNS} == {
        "ts1": "meeting",
        "ts2": None,
        "ts3": None,
        "ts4": "not_yet_meeting",
        "ts5": None,
        "ts6": None,
        "ts7": None,
        "ts8": None,
        "pt2": "meeting",
    }
    assert show(run, ok)["at_risk"] is True


def test_satisfactory_with_a_standard_not_yet_met_is_refused(ect, refused_unchanged):
    refused_unchanged(
        assessment_args(
            "first",
            "2026-07-10",
            "satisfactory",
            "--standards",
            "TS1=meeting,TS3=not_yet_meeting,PT2=meeting",
        ),
        "--standards",
        "TS3",
        "not yet met",
    )


@pytest.mark.parametrize(
    ("standards", "fragment"),
    [
        ("TS9=meeting", "TS9"),
        ("PT1=meeting", "PT1"),
        ("TS1=excellent", "TS1=excellent"),
        ("TS1", "TS1"),
    ],
)
def test_unknown_standard_or_judgement_is_refused(ect, refused_unchanged, standards, fragment):
    refused_unchanged(
        assessment_args("first", "2026-07-10", "unsatisfactory", "--standards", standards),
        "--standards",
        fragment,
    )


def test_final_assessment_carries_the_recommendation(run, ok, db, ect):
    ok(
        run(
            *assessment_args(
                "final",
                "2027-07-09",
                "satisfactory",
                "--standards",
                ALL_MEETING,
                "--recommendation",
                "satisfactory",
                today="2027-07-12",
            )
        )
    )
    (row,) = records(db)
    assert (row["kind"], row["term"], row["recommendation"]) == (
        "final_formal_assessment",
        "2027-summer",
        "satisfactory",
    )
    detail = show(run, ok, today="2027-07-12")
    assert detail["status"] == "awaiting_decision"
    assert detail["checkpoints"][-1]["status"] == "received"


def test_final_assessment_without_a_recommendation_is_refused(ect, refused_unchanged):
    refused_unchanged(
        assessment_args("final", "2027-07-09", "satisfactory", today="2027-07-12"),
        "--recommendation",
        "missing",
    )


@pytest.mark.parametrize(
    ("overall", "recommendation"),
    [("satisfactory", "unsatisfactory"), ("unsatisfactory", "satisfactory")],
)
def test_recommendation_contradicting_the_overall_judgement_is_refused(
    ect, refused_unchanged, overall, recommendation
):
    refused_unchanged(
        assessment_args(
            "final", "2027-07-09", overall, "--recommendation", recommendation, today="2027-07-12"
        ),
        "--recommendation",
        "contradicts",
        overall,
    )


def test_unsatisfactory_final_may_recommend_an_extension(run, ok, db, ect):
    ok(
        run(
            *assessment_args(
                "final",
                "2027-07-09",
                "unsatisfactory",
                "--recommendation",
                "Extend",
                today="2027-07-12",
            )
        )
    )
    assert records(db)[0]["recommendation"] == "extend"


@pytest.mark.parametrize("kind", ["first", "interim"])
def test_recommendation_on_another_assessment_is_refused(ect, refused_unchanged, kind):
    refused_unchanged(
        assessment_args(kind, "2026-07-10", "satisfactory", "--recommendation", "satisfactory"),
        "--recommendation",
        "only a final",
    )


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (assessment_args("middle", "2026-07-10"), ("--kind", "middle")),
        (assessment_args("review", "2026-07-10"), ("--kind", "review")),
        (assessment_args("first", "2026-07-10", "good"), ("--overall", "good")),
        (assessment_args("first", "10/07/26x"), ("--date", "10/07/26x")),
        (
            assessment_args("first", "2026-11-23"),
            ("--date", "2026-11-23", "after today (2026-11-22)"),
        ),
        (
            assessment_args("first", "2026-07-10", "satisfactory", "--received", "2026-12-01"),
            ("--received", "2026-12-01", "after today"),
        ),
        (
            assessment_args("first", "2026-07-10", "satisfactory", "--absence-days", "-"),
            ("--absence-days",),
        ),
        (assessment_args("first", "2026-07-10", trn="7654321"), ("7654321",)),
    ],
)
def test_bad_assessment_is_refused_and_nothing_is_written(ect, refused_unchanged, args, fragments):
    refused_unchanged(args, *fragments)


def test_assessment_in_a_term_of_another_kind_is_refused(ect, refused_unchanged):
    refused_unchanged(
        assessment_args("first", "2026-07-10", "satisfactory", "--term", "2026-spring"),
        "2026-spring is a progress review for 1234567, not a first formal assessment",
    )


def test_interim_assessment_is_refused_when_none_is_scheduled(ect, refused_unchanged):
    refused_unchanged(
        assessment_args("interim", "2026-01-30"),
        "1234567 has no interim assessment scheduled",
        "2025-autumn progress review",
    )


def test_interim_assessment_after_a_move_of_an_ect_who_served_a_term(run, ok, db, ect):
    """Leaving school A after more than a term (2025-09-01 to 2026-02-01) adds an
    interim assessment in 2026-spring, due on the last day in the post."""
    ok(run("ect", "move", TRN, "--school", "100002", "--on", "2026-02-02"))
    detail = show(run, ok)
    assert schedule(detail) == [
        ("progress_review", "2025-autumn", "2025-12-19"),
        ("interim_assessment", "2026-spring", "2026-02-01"),
        ("progress_review", "2026-spring", "2026-03-27"),
        ("first_formal_assessment", "2026-summer", "2026-07-22"),
        ("progress_review", "2026-autumn", "2026-12-18"),
        ("progress_review", "2027-spring", "2027-03-19"),
        ("final_formal_assessment", "2027-summer", "2027-07-22"),
    ]
    assert detail["checkpoints"][1]["school_urn"] == "100001"
    assert detail["checkpoints"][2]["school_urn"] == "100002"

    ok(
        run(
            *assessment_args(
                "interim",
                "2026-01-30",
                "satisfactory",
                "--standards",
                "TS1=meeting,TS7=meeting",
                "--absence-days",
                "1",
                "--received",
                "2026-02-01",
            )
        )
    )
    (row,) = records(db)
    assert (row["kind"], row["term"], row["held_on"], row["received_on"]) == (
        "interim_assessment",
        "2026-spring",
        "2026-01-30",
        "2026-02-01",
    )
    assert (row["ts1"], row["ts7"], row["ts2"]) == ("meeting", "meeting", None)
    assert row["absence_half_days"] == 2
    interim = show(run, ok)["checkpoints"][1]
    assert (interim["status"], interim["received_on"]) == ("received", "2026-02-01")


def test_recording_an_assessment_again_replaces_it(run, ok, db, ect):
    ok(
        run(
            *assessment_args(
                "first", "2026-07-10", "unsatisfactory", "--standards", "TS2=not_yet_meeting"
            )
        )
    )
    ok(run(*assessment_args("first", "2026-07-10", "satisfactory", "--standards", "TS2=meeting")))
    (row,) = records(db)
    assert (row["overall"], row["ts2"]) == ("satisfactory", "meeting")
    create, update = db.audit(entity="checkpoint_record")
    assert (create["action"], update["action"]) == ("create", "update")
    assert update["before"]["overall"] == "unsatisfactory"
    assert update["after"]["overall"] == "satisfactory"
    assert show(run, ok)["at_risk"] is False


# --- ect update --reduced-to ---------------------------------------------------------


def test_reduction_to_one_term_leaves_only_a_final_assessment(run, ok, db, ect):
    ok(run("ect", "update", TRN, "--reduced-to", "1.0"))
    assert db.one("SELECT reduced_to_tenths FROM ects") == {"reduced_to_tenths": 10}
    detail = show(run, ok)
    assert detail["reduced_to"] == 1.0
    assert detail["fte_terms_required"] == 1.0
    assert schedule(detail) == [("final_formal_assessment", "2025-autumn", "2025-12-19")]
    (event,) = db.audit(entity="ect", action="update")
    assert event["after"] == {"reduced_to_tenths": 10}


def test_reduction_to_three_terms_has_no_first_assessment(run, ok, refused, db, ect):
    ok(run("ect", "update", TRN, "--reduced-to", "3"))
    assert schedule(show(run, ok)) == [
        ("progress_review", "2025-autumn", "2025-12-19"),
        ("progress_review", "2026-spring", "2026-03-27"),
        ("final_formal_assessment", "2026-summer", "2026-07-22"),
    ]
    before = db.snapshot()
    refused(
        run(*assessment_args("first", "2026-07-10")),
        "1234567 has no first formal assessment scheduled",
    )
    assert db.snapshot() == before


def test_reduction_to_four_and_a_half_terms(run, ok, ect):
    """First at 3.0 (2026-summer); the final where 4.5 is first reached (5.0, 2027-spring)."""
    ok(run("ect", "update", TRN, "--reduced-to", "4.5"))
    assert schedule(show(run, ok)) == [
        ("progress_review", "2025-autumn", "2025-12-19"),
        ("progress_review", "2026-spring", "2026-03-27"),
        ("first_formal_assessment", "2026-summer", "2026-07-22"),
        ("progress_review", "2026-autumn", "2026-12-18"),
        ("final_formal_assessment", "2027-spring", "2027-03-19"),
    ]


def test_reduction_can_be_removed(run, ok, db, ect):
    ok(run("ect", "update", TRN, "--reduced-to", "2.0"))
    ok(run("ect", "update", TRN, "--reduced-to", "0"))
    assert db.one("SELECT reduced_to_tenths FROM ects") == {"reduced_to_tenths": None}
    detail = show(run, ok)
    assert detail["reduced_to"] is None
    assert schedule(detail) == WORKED_EXAMPLE_1


@pytest.mark.parametrize("value", ["0.9", "6.1", "0.5", "7", "2.25", "three"])
def test_reduction_outside_one_to_six_terms_is_refused(ect, refused_unchanged, value):
    refused_unchanged(["ect", "update", TRN, "--reduced-to", value], "--reduced-to", value)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Maternity leave", "maternity"),
        ("Shared parental leave", "shared_parental"),
        ("Carer's leave", "carers"),
        ("Sick", "sickness"),
        ("Parental bereavement leave", "parental_bereavement"),
    ],
)
def test_absence_kinds_as_schools_write_them(run, ok, db, ect, typed, stored):
    ok(run(*absence_args(kind=typed)))
    assert db.one("SELECT kind FROM absences")["kind"] == stored


def test_half_days_of_absence_are_kept_exactly(run, ok, db, ect):
    ok(run(*absence_args(days="2.5")))
    ok(run(*absence_args(days="28", **{"from": "2026-02-02", "to": "2026-03-13"})))
    assert sorted(r["half_days"] for r in db.rows("SELECT half_days FROM absences")) == [5, 56]
    shown = json.loads(ok(run("ect", "show", TRN, "--json")).stdout)
    part_one = shown["absence_by_part"][0]
    # 30.5 days in part 1: over the threshold, extended by 30.5 / 65 = 0.469 -> 0.5 terms
    assert (part_one["days_towards_threshold"], part_one["extension_terms"]) == (30.5, 0.5)


def test_a_third_of_a_day_is_refused(run, refused_unchanged, ect):
    refused_unchanged(absence_args(days="2.3"), "--days '2.3'", "whole or half days")
