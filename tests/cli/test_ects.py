"""``ectrack ect register/list/show/update/move/change-fte/release`` end to end."""

from __future__ import annotations

import json

import pytest

PERIOD_KEYS = {
    "school_urn",
    "started_on",
    "finished_on",
    "fte",
    "programme",
    "fte_terms",
    "outcome",
}


def periods(db, trn="1234567") -> list[dict]:
    return db.rows("SELECT * FROM induction_periods WHERE trn = ? ORDER BY started_on", trn)


def show(run, ok, trn="1234567", *global_options) -> dict:
    return json.loads(ok(run(*global_options, "ect", "show", trn, "--json")).stdout)


# --- ect register: success -----------------------------------------------------------


def test_register_with_every_option(run, ok, db, schools, register_args):
    result = ok(
        run(
            *register_args(
                "RP12/34567",
                first_name="Amy",
                last_name="Shah",
                dob="02/04/1998",
                qts_date="2025-07-18",
                school="100001",
                start="1 September 2025",
                fte="0.8",
                programme="FIP",
                mentor="Tom Reed",
                mentor_email="tom@hillside.sch.uk",
                tutor="Jo Ellis",
                tutor_email="jo@hillside.sch.uk",
                email="amy.shah@example.org",
            )
        )
    )
    assert (
        "Registered 1234567 Amy Shah: induction starts 1 Sep 2025 at "
        "Hillside Primary School (100001)" in result.stderr
    )

    assert db.rows("SELECT * FROM ects") == [
        {
            "trn": "1234567",
            "first_name": "Amy",
            "last_name": "Shah",
            "date_of_birth": "1998-04-02",  # day first
            "qts_date": "2025-07-18",
            "email": "amy.shah@example.org",
            "reduced_to_tenths": None,
            "exempt_reason": None,
            "exempt_on": None,
            "former_names": None,
            "search_key": " amy shah amy shah example org 1234567 ",  # for 'ectrack find'
        }
    ]
    (period,) = periods(db)
    assert period["school_urn"] == "100001"
    assert period["started_on"] == "2025-09-01"
    assert period["finished_on"] is None
    assert period["fte_percent"] == 80
    assert period["programme"] == "provider_led"
    staff = {s["id"]: s for s in db.rows("SELECT * FROM staff")}
    assert staff[period["mentor_id"]] == {
        "id": period["mentor_id"],
        "school_urn": "100001",
        "name": "Tom Reed",
        "email": "tom@hillside.sch.uk",
        "qts": None,  # not confirmed: an entitlement gap until it is
    }
    assert staff[period["tutor_id"]]["name"] == "Jo Ellis"
    assert staff[period["tutor_id"]]["email"] == "jo@hillside.sch.uk"

    events = db.audit(trn="1234567")
    assert sorted((e["entity"], e["action"]) for e in events) == [
        ("ect", "create"),
        ("induction_period", "create"),
        ("staff", "create"),
        ("staff", "create"),
    ]
    assert {e["command"] for e in events} == {"ect register"}
    assert {e["actor"] for e in events} == {"officer.test"}


def test_register_with_defaults_is_full_time_provider_led(db, register):
    register("1234567", fte=None, programme=None)
    (period,) = periods(db)
    assert period["fte_percent"] == 100
    assert period["programme"] == "provider_led"
    assert period["mentor_id"] is None and period["tutor_id"] is None
    assert db.count("staff") == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1234567", "1234567"),
        ("RP12/34567", "1234567"),
        ("RP 12/34567", "1234567"),
        ("rp1234567", "1234567"),
        ("12 34567", "1234567"),
        ("0034567", "0034567"),
        ("34567", "0034567"),  # Excel dropped the leading zeros
        ("234567", "0234567"),
    ],
)
def test_register_normalises_the_trn(db, register, typed, stored):
    register(typed)
    assert db.query("SELECT trn FROM ects") == [(stored,)]
    assert db.query("SELECT trn FROM induction_periods") == [(stored,)]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("provider-led", "provider_led"),
        ("school-led", "school_led"),
        ("provider_led", "provider_led"),
        ("School led", "school_led"),
        ("FIP", "provider_led"),
        ("fip", "provider_led"),
        ("CIP", "school_led"),
        ("DIY", "school_led"),
    ],
)
def test_register_maps_the_programme(run, ok, db, register, typed, stored):
    register("1234567", programme=typed)
    assert db.one("SELECT programme FROM induction_periods")["programme"] == stored
    assert show(run, ok)["periods"][0]["programme"] == stored


@pytest.mark.parametrize(
    ("typed", "percent"), [("0.1", 10), ("1", 100), ("1.0", 100), ("0.75", 75), ("80%", 80)]
)
def test_register_accepts_fte_from_a_tenth_to_full_time(db, register, typed, percent):
    register("1234567", fte=typed)
    assert db.one("SELECT fte_percent FROM induction_periods")["fte_percent"] == percent


@pytest.mark.parametrize(
    ("dob", "start"),
    [
        ("2007-09-01", "2025-09-01"),  # 18 on the start date
        ("1924-09-02", "2025-09-01"),  # 100 on the start date (101 the next day)
    ],
)
def test_register_accepts_ages_18_to_100_on_the_start_date(db, register, dob, start):
    register("1234567", dob=dob, start=start)
    assert db.count("ects") == 1


def test_register_accepts_a_start_on_the_qts_date_and_on_7_may_1999(db, register):
    register("1111111", qts_date="2025-07-18", start="2025-07-18")
    register("2222222", dob="1975-01-01", qts_date="1999-01-04", start="1999-05-07")
    assert db.query("SELECT started_on FROM induction_periods ORDER BY trn") == [
        ("2025-07-18",),
        ("1999-05-07",),
    ]


# --- ect register: refusals ----------------------------------------------------------


@pytest.mark.parametrize(
    ("trn", "options", "fragments"),
    [
        # TRN
        ("1234", {}, ["TRN '1234'", "TRN must be 7 digits"]),
        ("12345678", {}, ["TRN '12345678'", "TRN must be 7 digits"]),
        ("12a4567", {}, ["TRN '12a4567'", "TRN must be 7 digits"]),
        ("XX1234567", {}, ["TRN 'XX1234567'", "TRN must be 7 digits"]),
        # date of birth: age 18-100 on the start date
        ("1234567", {"dob": "2007-09-02"}, ["--dob '2007-09-02'", "age of 17"]),
        ("1234567", {"dob": "2010-04-02"}, ["--dob '2010-04-02'", "age of 15", "18 to 100"]),
        ("1234567", {"dob": "1924-09-01"}, ["--dob '1924-09-01'", "age of 101"]),
        # impossible and unreadable dates
        ("1234567", {"dob": "1998-02-30"}, ["--dob '1998-02-30'", "no such day"]),
        ("1234567", {"dob": "31/04/1998"}, ["--dob '31/04/1998'", "no such day"]),
        ("1234567", {"dob": "04/31/1998"}, ["--dob '04/31/1998'"]),
        ("1234567", {"dob": "12/25/1998"}, ["--dob '12/25/1998'", "day first"]),
        ("1234567", {"qts_date": "2025-02-29"}, ["--qts-date '2025-02-29'", "no such day"]),
        ("1234567", {"start": "2025-13-01"}, ["--start '2025-13-01'", "no such day"]),
        ("1234567", {"start": "next monday"}, ["--start 'next monday'", "not a date"]),
        # start before QTS, before 7 May 1999
        (
            "1234567",
            {"qts_date": "2025-07-18", "start": "2025-07-17"},
            ["--start '2025-07-17'", "before the QTS date 2025-07-18"],
        ),
        (
            "1234567",
            {"dob": "1975-01-01", "qts_date": "1999-01-04", "start": "1999-05-06"},
            ["--start '1999-05-06'", "7 May 1999"],
        ),
        # FTE
        ("1234567", {"fte": "0"}, ["--fte '0'", "0.1 to 1.0"]),
        ("1234567", {"fte": "0.05"}, ["--fte '0.05'", "0.1 to 1.0"]),
        ("1234567", {"fte": "1.1"}, ["--fte '1.1'", "0.1 to 1.0"]),
        ("1234567", {"fte": "-0.5"}, ["--fte '-0.5'", "0.1 to 1.0"]),
        ("1234567", {"fte": "120%"}, ["--fte '120%'", "0.1 to 1.0"]),
        ("1234567", {"fte": "0.855"}, ["--fte '0.855'", "decimal places"]),
        ("1234567", {"fte": "full"}, ["--fte 'full'", "not a number"]),
        # emails
        ("1234567", {"email": "amy.example.org"}, ["--email 'amy.example.org'", "not an email"]),
        (
            "1234567",
            {"mentor": "Tom Reed", "mentor_email": "tom at school"},
            ["--mentor-email 'tom at school'", "not an email"],
        ),
        (
            "1234567",
            {"tutor": "Jo Ellis", "tutor_email": "jo@"},
            ["--tutor-email 'jo@'", "not an email"],
        ),
        (
            "1234567",
            {"mentor_email": "tom@hillside.sch.uk"},
            ["--mentor-email 'tom@hillside.sch.uk'", "mentor's name"],
        ),
        # programme, names, school
        ("1234567", {"programme": "ECF"}, ["--programme 'ECF'", "not a training programme"]),
        ("1234567", {"first_name": "   "}, ["--first-name", "blank"]),
        ("1234567", {"last_name": ""}, ["--last-name", "blank"]),
        ("1234567", {"school": "100009"}, ["no school with URN 100009", "school add 100009"]),
        ("1234567", {"school": "1009"}, ["--school '1009'", "6 digits"]),
    ],
)
def test_register_refuses_bad_values_and_writes_nothing(
    run, refused, db, schools, register_args, trn, options, fragments
):
    before = db.snapshot()
    refused(run(*register_args(trn, **options)), *fragments)
    assert db.snapshot() == before
    assert db.count("ects") == 0


def test_register_refuses_a_trn_already_registered(run, refused, db, register, register_args):
    register("1234567", first_name="Amy", last_name="Shah")
    before = db.snapshot()
    refused(
        run(*register_args("RP 12/34567", first_name="Ben", last_name="Cole", school="100002")),
        "TRN 1234567 is already registered",
        "Amy Shah",
    )
    assert db.snapshot() == before
    assert db.one("SELECT first_name FROM ects")["first_name"] == "Amy"


def test_register_without_a_start_date_is_a_usage_error(run, usage_error, db, schools):
    before = db.snapshot()
    usage_error(
        run("ect", "register", "1234567", "--first-name", "Amy", "--last-name", "Shah"),
        "Missing option",
    )
    assert db.snapshot() == before


# --- ect list ------------------------------------------------------------------------


@pytest.fixture
def cohort(run, ok, register):
    """In progress at A; not started at B; released (paused) from A; moved A to B."""
    register("1111111", first_name="Amy", last_name="Adams", school="100001")
    register("2222222", first_name="Ben", last_name="Brown", school="100002", start="2027-01-04")
    register("3333333", first_name="Cara", last_name="Cole", school="100001")
    ok(run("ect", "release", "3333333", "--on", "2026-03-31", "--terms", "1.6"))
    register("4444444", first_name="Dev", last_name="Dale", school="100001")
    ok(run("ect", "move", "4444444", "--school", "100002", "--on", "2026-01-05"))


def listed(run, ok, *options) -> dict[str, dict]:
    rows = json.loads(ok(run("ect", "list", "--json", *options)).stdout)
    return {r["trn"]: r for r in rows}


def test_list_json_shows_every_ect_with_its_status_today(run, ok, cohort):
    rows = listed(run, ok)
    assert {trn: r["status"] for trn, r in rows.items()} == {
        "1111111": "in_progress",
        "2222222": "required_to_complete",
        "3333333": "paused",
        "4444444": "in_progress",
    }
    assert rows["4444444"]["school_urn"] == "100002"  # where they are now
    assert rows["1111111"]["first_name"] == "Amy"
    assert rows["1111111"]["fte_terms_required"] == 6.0


@pytest.mark.parametrize(
    ("options", "trns"),
    [
        (["--school", "100001"], {"1111111", "3333333", "4444444"}),  # any period there
        (["--school", "100002"], {"2222222", "4444444"}),
        (["--status", "paused"], {"3333333"}),
        (["--status", "required_to_complete"], {"2222222"}),
        (["--status", "in_progress"], {"1111111", "4444444"}),
        (["--status", "passed"], set()),
        (["--school", "100002", "--status", "in_progress"], {"4444444"}),
    ],
)
def test_list_filters_by_school_and_status(run, ok, cohort, options, trns):
    assert set(listed(run, ok, *options)) == trns


@pytest.mark.parametrize(
    ("options", "fragments"),
    [
        (["--status", "active"], ["--status 'active'", "in_progress"]),
        (["--status", "in-progress"], ["--status 'in-progress'"]),
        (["--school", "12"], ["--school '12'", "6 digits"]),
    ],
)
def test_list_refuses_an_unknown_filter(run, refused, cohort, options, fragments):
    refused(run("ect", "list", *options), *fragments)


def test_list_for_people_names_each_ect(run, ok, cohort):
    out = ok(run("ect", "list")).stdout
    assert "4 ECTs (as of 22 Nov 2026)" in out
    for text in ("Amy Adams", "Ben Brown", "Not started", "Paused", "100002"):
        assert text in out


# --- ect show ------------------------------------------------------------------------


def test_show_json_holds_the_ect_and_every_period(run, ok, register):
    register("1234567", fte="0.8", programme="CIP", mentor="Tom Reed")
    ok(run("ect", "move", "1234567", "--school", "100002", "--on", "2026-01-05", "--fte", "1"))
    doc = show(run, ok)
    assert doc["trn"] == "1234567"
    assert doc["first_name"] == "Amy"
    assert doc["last_name"] == "Shah"
    assert doc["status"] == "in_progress"
    assert doc["school_urn"] == "100002"
    assert doc["fte_terms_required"] == 6.0
    assert doc["fte_terms_served"] == 3.5
    assert all(set(p) >= PERIOD_KEYS for p in doc["periods"])
    assert [{k: p[k] for k in PERIOD_KEYS} for p in doc["periods"]] == [
        {
            "school_urn": "100001",
            "started_on": "2025-09-01",
            "finished_on": "2026-01-04",
            "fte": 0.8,
            "programme": "school_led",
            "fte_terms": 0.8,  # 2025-autumn in full at 0.8
            "outcome": None,
        },
        {
            "school_urn": "100002",
            "started_on": "2026-01-05",
            "finished_on": None,
            "fte": 1.0,
            "programme": "school_led",
            # 2026-spring and -summer in full, 2026-autumn 59 of 79 working days by 22 Nov
            "fte_terms": 2.7,
            "outcome": None,
        },
    ]
    assert doc["periods"][0]["mentor"]["name"] == "Tom Reed"


def test_show_finds_the_ect_by_any_form_of_the_trn(run, ok, register):
    register("0034567")
    assert show(run, ok, "RP 34567")["trn"] == "0034567"


def test_show_for_people_names_the_ect_and_school(run, ok, register):
    register("1234567", mentor="Tom Reed")
    out = ok(run("ect", "show", "1234567")).stdout
    for text in ("Amy Shah (1234567)", "In progress", "Hillside Primary School", "Tom Reed"):
        assert text in out


@pytest.mark.parametrize(
    ("trn", "fragments"),
    [
        ("7654321", ["no ECT with TRN 7654321", "ect register 7654321"]),
        ("12ab", ["TRN '12ab'", "7 digits"]),
        ("abc", ["no ECT matches 'abc'", "ectrack find abc"]),  # letters: looked up as a name
    ],
)
def test_show_refuses_an_unknown_or_malformed_trn(run, refused, db, register, trn, fragments):
    register("1234567")
    before = db.snapshot()
    refused(run("ect", "show", trn, "--json"), *fragments)
    assert db.snapshot() == before


# --- ect update ----------------------------------------------------------------------


def test_update_names_is_stored_and_audited(run, ok, db, register):
    register("1234567")
    result = ok(
        run("ect", "update", "1234567", "--first-name", "Aimee", "--last-name", "Shah-Patel")
    )
    assert "Updated 1234567 Aimee Shah-Patel" in result.stderr
    row = db.one("SELECT first_name, last_name, date_of_birth FROM ects")
    assert row == {"first_name": "Aimee", "last_name": "Shah-Patel", "date_of_birth": "1998-04-02"}
    (event,) = db.audit(entity="ect", action="update")
    assert event["command"] == "ect update"
    assert event["before"] == {"first_name": "Amy", "last_name": "Shah"}
    assert event["after"] == {"first_name": "Aimee", "last_name": "Shah-Patel"}


def test_update_start_moves_the_first_period_start(run, ok, db, register):
    register("1234567", start="2025-09-01")
    ok(run("ect", "update", "1234567", "--start", "2025-09-08"))
    assert periods(db)[0]["started_on"] == "2025-09-08"
    assert show(run, ok)["induction_started_on"] == "2025-09-08"
    (event,) = db.audit(entity="induction_period", action="update")
    assert event["before"] == {"started_on": "2025-09-01"}
    assert event["after"] == {"started_on": "2025-09-08"}


def test_update_programme_and_mentor_change_the_open_period(run, ok, db, register):
    register("1234567", programme="provider-led", mentor="Tom Reed")
    ok(run("ect", "move", "1234567", "--school", "100002", "--on", "2026-01-05"))
    ok(
        run(
            "ect",
            "update",
            "1234567",
            "--programme",
            "DIY",
            "--mentor",
            "Kim Lowe",
            "--mentor-email",
            "kim@oakfield.sch.uk",
        )
    )
    first, second = periods(db)
    assert first["programme"] == "provider_led"  # the closed period keeps its history
    assert second["programme"] == "school_led"
    mentor = db.one("SELECT * FROM staff WHERE id = ?", second["mentor_id"])
    assert mentor["name"] == "Kim Lowe"
    assert mentor["email"] == "kim@oakfield.sch.uk"
    assert mentor["school_urn"] == "100002"  # the open period's school
    assert db.one("SELECT name FROM staff WHERE id = ?", first["mentor_id"])["name"] == "Tom Reed"


def test_update_with_a_known_mentor_reuses_the_staff_record(run, ok, db, register):
    register("1111111", mentor="Tom Reed")
    register("2222222")
    ok(run("ect", "update", "2222222", "--mentor", "tom reed"))
    assert db.count("staff") == 1
    assert periods(db, "1111111")[0]["mentor_id"] == periods(db, "2222222")[0]["mentor_id"]


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["7654321", "--first-name", "X"], ["no ECT with TRN 7654321"]),
        (["1234567", "--start", "2025-07-01"], ["--start '2025-07-01'", "QTS date"]),
        (["1234567", "--dob", "2015-01-01"], ["--dob '2015-01-01'", "18 to 100"]),
        (["1234567", "--email", "nope"], ["--email 'nope'"]),
        (["1234567", "--programme", "ECF"], ["--programme 'ECF'"]),
        (["1234567", "--last-name", "  "], ["--last-name", "blank"]),
        (["1234567", "--first-name", "Aimee", "--mentor-email", "x@y.org"], ["--mentor-email"]),
        (
            ["1234567", "--qts-date", "2025-10-01"],
            ["--qts-date '2025-10-01'", "after the induction"],
        ),
    ],
)
def test_update_refuses_bad_values_and_writes_nothing(run, refused, db, register, args, fragments):
    register("1234567", qts_date="2025-07-18", start="2025-09-01")
    before = db.snapshot()
    refused(run("ect", "update", *args), *fragments)
    assert db.snapshot() == before


def test_update_of_the_open_period_after_release_is_refused_as_a_whole(
    run, ok, refused, db, register
):
    register("1234567")
    ok(run("ect", "release", "1234567", "--on", "2026-03-31"))
    before = db.snapshot()
    refused(
        run("ect", "update", "1234567", "--first-name", "Aimee", "--mentor", "Kim Lowe"),
        "1234567 has no open induction period",
    )
    assert db.snapshot() == before  # the name change was not kept either


# --- ect move ------------------------------------------------------------------------


def test_move_closes_the_open_period_the_day_before_and_opens_one(run, ok, db, register):
    register("1234567", fte="0.8", programme="school-led", mentor="Tom Reed")
    result = ok(
        run(
            "ect",
            "move",
            "1234567",
            "--school",
            "100002",
            "--on",
            "05/01/2026",
            "--mentor",
            "Kim Lowe",
        )
    )
    assert "1234567 now at Oakfield Academy (100002) from 5 Jan 2026" in result.stderr
    first, second = periods(db)
    assert (first["school_urn"], first["finished_on"], first["closed_by"]) == (
        "100001",
        "2026-01-04",
        "move",
    )
    assert first["outcome"] is None
    assert (second["school_urn"], second["started_on"], second["finished_on"]) == (
        "100002",
        "2026-01-05",
        None,
    )
    assert second["fte_percent"] == 80  # carried over
    assert second["programme"] == "school_led"
    mentor = db.one("SELECT * FROM staff WHERE id = ?", second["mentor_id"])
    assert (mentor["name"], mentor["school_urn"]) == ("Kim Lowe", "100002")
    assert show(run, ok)["school_urn"] == "100002"


def test_move_can_change_fte_and_programme(run, ok, db, register):
    register("1234567", fte="1.0", programme="provider-led")
    ok(
        run(
            "ect",
            "move",
            "1234567",
            "--school",
            "100002",
            "--on",
            "2026-01-05",
            "--fte",
            "0.5",
            "--programme",
            "CIP",
        )
    )
    first, second = periods(db)
    assert (first["fte_percent"], first["programme"]) == (100, "provider_led")
    assert (second["fte_percent"], second["programme"]) == (50, "school_led")


def test_move_the_day_after_the_start_leaves_a_one_day_period(run, ok, db, register):
    register("1234567", start="2025-09-01")
    ok(run("ect", "move", "1234567", "--school", "100002", "--on", "2025-09-02"))
    assert periods(db)[0]["started_on"] == periods(db)[0]["finished_on"] == "2025-09-01"


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--school", "100001", "--on", "2026-01-05"], ["already at 100001", "change-fte"]),
        (["--school", "100002", "--on", "2025-09-01"], ["started on 2025-09-01", "2025-08-31"]),
        (["--school", "100002", "--on", "2025-06-01"], ["--on '2025-06-01'", "QTS date"]),
        (["--school", "100002", "--on", "2025-08-01"], ["started on 2025-09-01"]),
        (["--school", "100009", "--on", "2026-01-05"], ["no school with URN 100009"]),
        (["--school", "10", "--on", "2026-01-05"], ["--school '10'"]),
        (["--school", "100002", "--on", "2026-02-30"], ["--on '2026-02-30'", "no such day"]),
        (["--school", "100002", "--on", "2026-01-05", "--fte", "2"], ["--fte '2'"]),
        (["--school", "100002", "--on", "2026-01-05", "--programme", "x"], ["--programme 'x'"]),
        (["--school", "100002", "--on", "0001-01-01"], ["--on '0001-01-01'", "7 May 1999"]),
        (["--school", "100002", "--on", "2026-01-05", "--fte", "1e999999"], ["--fte '1e999999'"]),
    ],
)
def test_move_refusals_write_nothing(run, refused, db, register, args, fragments):
    register("1234567", school="100001", start="2025-09-01")
    before = db.snapshot()
    refused(run("ect", "move", "1234567", *args), *fragments)
    assert db.snapshot() == before


def test_move_of_an_unknown_ect_is_refused(run, refused, db, schools):
    before = db.snapshot()
    refused(
        run("ect", "move", "7654321", "--school", "100002", "--on", "2026-01-05"),
        "no ECT with TRN 7654321",
    )
    assert db.snapshot() == before


def test_move_after_release_reopens_induction(run, ok, refused, db, register):
    register("1234567", school="100001", fte="0.6", programme="CIP")
    ok(run("ect", "release", "1234567", "--on", "2026-03-31", "--terms", "1.2"))
    assert show(run, ok)["status"] == "paused"

    before = db.snapshot()
    refused(
        run("ect", "move", "1234567", "--school", "100002", "--on", "2026-03-31"),
        "overlap",
        "2026-03-31",
    )
    assert db.snapshot() == before

    ok(run("ect", "move", "1234567", "--school", "100002", "--on", "2026-04-20"))
    released, reopened = periods(db)
    assert (released["finished_on"], released["closed_by"]) == ("2026-03-31", "release")
    assert released["fte_terms_tenths"] == 12  # untouched by the move
    assert (reopened["school_urn"], reopened["started_on"]) == ("100002", "2026-04-20")
    assert reopened["finished_on"] is None
    assert (reopened["fte_percent"], reopened["programme"]) == (60, "school_led")
    assert show(run, ok)["status"] == "in_progress"


def test_move_back_to_the_same_school_after_release_is_allowed(run, ok, db, register):
    register("1234567", school="100001")
    ok(run("ect", "release", "1234567", "--on", "2026-03-31"))
    ok(run("ect", "move", "1234567", "--school", "100001", "--on", "2026-09-01"))
    assert [(p["school_urn"], p["finished_on"]) for p in periods(db)] == [
        ("100001", "2026-03-31"),
        ("100001", None),
    ]


# --- ect change-fte ------------------------------------------------------------------


def test_change_fte_closes_and_reopens_at_the_same_school(run, ok, db, register):
    register("1234567", fte="1.0", programme="CIP", mentor="Tom Reed", tutor="Jo Ellis")
    result = ok(run("ect", "change-fte", "1234567", "--fte", "0.6", "--on", "2026-04-20"))
    assert "0.6 FTE from 20 Apr 2026" in result.stderr
    first, second = periods(db)
    assert (first["finished_on"], first["closed_by"], first["fte_percent"]) == (
        "2026-04-19",
        "fte_change",
        100,
    )
    assert (second["started_on"], second["finished_on"], second["fte_percent"]) == (
        "2026-04-20",
        None,
        60,
    )
    for same in ("school_urn", "programme", "mentor_id", "tutor_id"):
        assert second[same] == first[same]
    assert second["mentor_id"] is not None
    assert show(run, ok)["periods"][1]["fte"] == 0.6


@pytest.mark.parametrize(
    ("fte", "fragments"),
    [
        ("0.8", ["--fte '0.8'", "already works"]),
        ("80%", ["--fte '80%'", "already works"]),
        ("0.80", ["--fte '0.80'", "already works"]),
        ("1.5", ["--fte '1.5'", "0.1 to 1.0"]),
        ("none", ["--fte 'none'", "not a number"]),
        ("1e999999", ["--fte '1e999999'", "far outside"]),
    ],
)
def test_change_fte_refusals_write_nothing(run, refused, db, register, fte, fragments):
    register("1234567", fte="0.8")
    before = db.snapshot()
    refused(run("ect", "change-fte", "1234567", "--fte", fte, "--on", "2026-04-20"), *fragments)
    assert db.snapshot() == before


def test_change_fte_on_an_impossible_early_day_is_refused(run, refused, db, register):
    register("1234567", fte="0.8")
    before = db.snapshot()
    result = run("ect", "change-fte", "1234567", "--fte", "0.5", "--on", "0001-01-01")
    refused(result, "--on '0001-01-01'", "7 May 1999")
    assert db.snapshot() == before


def test_change_fte_needs_an_open_period(run, ok, refused, db, register):
    register("1234567")
    ok(run("ect", "release", "1234567", "--on", "2026-03-31"))
    before = db.snapshot()
    refused(
        run("ect", "change-fte", "1234567", "--fte", "0.5", "--on", "2026-04-20"),
        "no open induction period",
    )
    assert db.snapshot() == before


# --- ect release ---------------------------------------------------------------------


def test_release_closes_the_period_with_the_terms_served(run, ok, db, register):
    register("1234567", school="100001")
    result = ok(run("ect", "release", "1234567", "--on", "2026-03-31", "--terms", "1.6"))
    assert "Released 1234567 from Hillside Primary School (100001): last day 31 Mar 2026" in (
        result.stderr
    )
    (period,) = periods(db)
    assert period["finished_on"] == "2026-03-31"  # --on is the last day
    assert period["closed_by"] == "release"
    assert period["outcome"] is None
    assert period["fte_terms_tenths"] == 16
    doc = show(run, ok)
    assert doc["status"] == "paused"
    assert doc["periods"][0]["fte_terms"] == 1.6
    (event,) = db.audit(entity="induction_period", action="update")
    assert event["command"] == "ect release"
    assert event["before"]["finished_on"] is None
    assert event["after"]["finished_on"] == "2026-03-31"
    assert event["after"]["fte_terms"] == 1.6


@pytest.mark.parametrize(("terms", "tenths"), [(None, None), ("0", 0), ("16", 160), ("2.0", 20)])
def test_release_terms_are_optional_and_range_from_0_to_16(run, ok, db, register, terms, tenths):
    register("1234567")
    ok(
        run(
            "ect",
            "release",
            "1234567",
            "--on",
            "2026-03-31",
            *(["--terms", terms] if terms else []),
        )
    )
    assert periods(db)[0]["fte_terms_tenths"] == tenths


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--on", "2026-03-31", "--terms", "16.1"], ["--terms '16.1'", "0 to 16"]),
        (["--on", "2026-03-31", "--terms", "-1"], ["--terms '-1'", "0 to 16"]),
        (["--on", "2026-03-31", "--terms", "1.25"], ["--terms '1.25'", "one decimal place"]),
        (["--on", "2026-03-31", "--terms", "lots"], ["--terms 'lots'", "not a number"]),
        (["--on", "2025-08-31"], ["started on 2025-09-01", "2025-08-31"]),
        (["--on", "31/02/2026"], ["--on '31/02/2026'", "no such day"]),
        (["--on", "2026-03-31", "--terms", "1e999999"], ["--terms '1e999999'", "far outside"]),
    ],
)
def test_release_refusals_write_nothing(run, refused, db, register, args, fragments):
    register("1234567", start="2025-09-01")
    before = db.snapshot()
    refused(run("ect", "release", "1234567", *args), *fragments)
    assert db.snapshot() == before


def test_release_twice_is_refused(run, ok, refused, db, register):
    register("1234567")
    ok(run("ect", "release", "1234567", "--on", "2026-03-31", "--terms", "1.6"))
    before = db.snapshot()
    refused(
        run("ect", "release", "1234567", "--on", "2026-04-30", "--terms", "2.0"),
        "1234567 has no open induction period",
    )
    assert db.snapshot() == before
    assert periods(db)[0]["fte_terms_tenths"] == 16
