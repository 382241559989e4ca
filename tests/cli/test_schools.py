"""``ectrack school add/update/list/show`` end to end: what the officer sees, what is stored."""

from __future__ import annotations

import json

import pytest

SCHOOL_KEYS = {
    "urn",
    "name",
    "local_authority",
    "laestab",
    "phase",
    "headteacher",
    "email",
    "special_measures",
    "induction_permitted",
    "town",
}


# --- school add ----------------------------------------------------------------------


def test_add_with_every_option_stores_normalised_values(run, ok, db):
    result = ok(
        run(
            "school",
            "add",
            " 100001 ",
            "--name",
            "  Hillside   Primary School ",
            "--local-authority",
            "Camden",
            "--laestab",
            "2023614",
            "--phase",
            "primary",
            "--headteacher",
            "Ms A Khan",
            "--email",
            "induction@hillside.sch.uk",
            "--town",
            "London",
        )
    )
    assert "Added school Hillside Primary School (100001)" in result.stderr
    assert result.stdout == ""
    assert db.rows("SELECT * FROM schools") == [
        {
            "urn": "100001",
            "name": "Hillside Primary School",
            "local_authority": "Camden",
            "laestab": "202/3614",
            "phase": "Primary",
            "headteacher": "Ms A Khan",
            "email": "induction@hillside.sch.uk",
            "special_measures": None,  # not known
            "induction_permitted": None,
            "town": "London",
            # what 'ectrack find' compares: folded name, town, LA, LAESTAB and URN
            "search_key": " hillside primary school london camden 202 3614 100001 ",
        }
    ]
    (event,) = db.audit(entity="school")
    assert event["actor"] == "officer.test"
    assert event["command"] == "school add"
    assert event["action"] == "create"
    assert event["entity_id"] == "100001"
    assert event["after"]["laestab"] == "202/3614"
    assert event["before"] is None


def test_add_with_only_a_name_leaves_the_rest_empty(run, ok, db):
    ok(run("school", "add", "100002", "--name", "Oakfield Academy"))
    row = db.one("SELECT * FROM schools")
    assert row["urn"] == "100002"
    assert row["name"] == "Oakfield Academy"
    assert all(row[k] is None for k in SCHOOL_KEYS - {"urn", "name"})


@pytest.mark.parametrize("laestab", ["202/3614", "202 3614", "202-3614", "2023614"])
def test_laestab_is_stored_as_nnn_slash_nnnn(run, ok, db, laestab):
    ok(run("school", "add", "100001", "--name", "Hillside", "--laestab", laestab))
    assert db.one("SELECT laestab FROM schools")["laestab"] == "202/3614"


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["10001", "--name", "X"], ["URN '10001'", "6 digits"]),
        (["1000011", "--name", "X"], ["URN '1000011'", "6 digits"]),
        (["10000A", "--name", "X"], ["URN '10000A'", "6 digits"]),
        (["100003", "--name", "X", "--laestab", "12/34"], ["--laestab '12/34'", "NNN/NNNN"]),
        (["100003", "--name", "X", "--laestab", "202/36145"], ["--laestab '202/36145'"]),
        (
            ["100003", "--name", "X", "--email", "head.hillside.sch.uk"],
            ["--email 'head.hillside.sch.uk'", "not an email address"],
        ),
        (["100003", "--name", "X", "--email", "a@b"], ["--email 'a@b'"]),
        (["100003", "--name", "X", "--phase", "Sixth form"], ["--phase 'Sixth form'"]),
        (["100003", "--name", "   "], ["--name", "blank"]),
    ],
)
def test_add_refuses_bad_values_and_writes_nothing(run, ok, refused, db, args, fragments):
    ok(run("school", "add", "100001", "--name", "Hillside Primary School"))
    before = db.snapshot()
    refused(run("school", "add", *args), *fragments)
    assert db.snapshot() == before


def test_add_refuses_a_duplicate_urn_and_keeps_the_original(run, ok, refused, db):
    ok(run("school", "add", "100001", "--name", "Hillside Primary School"))
    before = db.snapshot()
    line = refused(
        run("school", "add", "100001", "--name", "Another School"),
        "100001",
        "already exists",
        "Hillside Primary School",
    )
    assert "school update 100001" in line  # says what to do instead
    assert db.snapshot() == before
    assert db.one("SELECT name FROM schools")["name"] == "Hillside Primary School"


@pytest.mark.sqlite_only  # a usage error opens no database; checks no file was made
def test_add_without_a_name_is_a_usage_error(run, usage_error, db_path):
    usage_error(run("school", "add", "100001"), "--name")
    assert not db_path.exists()  # a usage error never opens the database


# --- school update -------------------------------------------------------------------


def test_update_changes_only_the_options_given_and_is_audited(run, ok, db):
    ok(
        run(
            "school",
            "add",
            "100001",
            "--name",
            "Hillside Primary School",
            "--headteacher",
            "Mr B Old",
            "--phase",
            "Primary",
        )
    )
    result = ok(
        run(
            "school",
            "update",
            "100001",
            "--headteacher",
            "Ms A Khan",
            "--email",
            "ht@hillside.sch.uk",
        )
    )
    assert "Updated school Hillside Primary School (100001)" in result.stderr
    row = db.one("SELECT * FROM schools")
    assert row["headteacher"] == "Ms A Khan"
    assert row["email"] == "ht@hillside.sch.uk"
    assert row["name"] == "Hillside Primary School"
    assert row["phase"] == "Primary"

    update = db.audit(entity="school", action="update")
    assert len(update) == 1
    assert update[0]["command"] == "school update"
    assert update[0]["before"] == {"headteacher": "Mr B Old", "email": None}
    assert update[0]["after"] == {"headteacher": "Ms A Khan", "email": "ht@hillside.sch.uk"}


def test_update_with_the_same_values_records_no_change(run, ok, db):
    ok(run("school", "add", "100001", "--name", "Hillside Primary School"))
    before = db.snapshot()
    ok(run("school", "update", "100001", "--name", "Hillside Primary School"))
    assert db.snapshot() == before


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["100009", "--name", "X"], ["no school with URN 100009", "school add 100009"]),
        (["1009", "--name", "X"], ["URN '1009'", "6 digits"]),
        (["100001", "--email", "nobody"], ["--email 'nobody'"]),
        (["100001", "--laestab", "ABC/DEFG"], ["--laestab 'ABC/DEFG'"]),
        (["100001", "--phase", "Infant"], ["--phase 'Infant'"]),
    ],
)
def test_update_refuses_bad_values_and_writes_nothing(run, ok, refused, db, args, fragments):
    ok(run("school", "add", "100001", "--name", "Hillside Primary School"))
    before = db.snapshot()
    refused(run("school", "update", *args), *fragments)
    assert db.snapshot() == before


def test_update_is_all_or_nothing(run, ok, refused, db):
    ok(run("school", "add", "100001", "--name", "Hillside Primary School"))
    before = db.snapshot()
    refused(
        run("school", "update", "100001", "--name", "Renamed", "--email", "bad"),
        "--email 'bad'",
    )
    assert db.snapshot() == before


# --- school list ---------------------------------------------------------------------


def test_list_json_uses_the_design_names_and_counts_ects_in_induction_today(
    run, ok, schools, register
):
    register("1111111", school="100001", start="2025-09-01")  # in induction today
    register("2222222", school="100001", start="2027-01-04")  # not yet started
    register("3333333", school="100002", start="2025-09-01")
    ok(run("ect", "release", "3333333", "--on", "2026-03-31"))  # left before today

    result = ok(run("school", "list", "--json"))
    rows = json.loads(result.stdout)
    assert [r["urn"] for r in rows] == ["100001", "100002"]  # by name
    assert all(SCHOOL_KEYS | {"ects_in_induction"} == set(r) for r in rows)
    by_urn = {r["urn"]: r for r in rows}
    assert by_urn["100001"]["name"] == "Hillside Primary School"
    assert by_urn["100001"]["phase"] == "Primary"
    assert by_urn["100001"]["ects_in_induction"] == 1
    assert by_urn["100002"]["ects_in_induction"] == 0


def test_list_counts_follow_the_today_option(run, ok, schools, register):
    register("2222222", school="100001", start="2027-01-04")
    rows = json.loads(ok(run("--today", "2027-01-04", "school", "list", "--json")).stdout)
    assert {r["urn"]: r["ects_in_induction"] for r in rows} == {"100001": 1, "100002": 0}


def test_list_on_an_empty_database_is_an_empty_json_array(run, ok):
    assert json.loads(ok(run("school", "list", "--json")).stdout) == []


def test_list_for_people_shows_each_school(run, ok, schools):
    out = ok(run("school", "list")).stdout
    assert "2 schools" in out
    for text in ("100001", "Hillside Primary School", "100002", "Oakfield Academy", "Secondary"):
        assert text in out


# --- school show ---------------------------------------------------------------------


def test_show_json_holds_the_school_its_staff_and_its_ects(run, ok, schools, register):
    register(
        "1234567",
        school="100001",
        mentor="Tom Reed",
        mentor_email="tom@hillside.sch.uk",
        tutor="Jo Ellis",
    )
    result = ok(run("school", "show", "100001", "--json"))
    doc = json.loads(result.stdout)
    assert {k: doc[k] for k in ("urn", "name", "phase")} == {
        "urn": "100001",
        "name": "Hillside Primary School",
        "phase": "Primary",
    }
    assert set(doc) >= SCHOOL_KEYS
    assert sorted(doc["staff"], key=lambda s: s["name"]) == [
        {"name": "Jo Ellis", "email": None, "qts": None},
        {"name": "Tom Reed", "email": "tom@hillside.sch.uk", "qts": None},
    ]
    (ect,) = doc["ects"]
    assert ect["trn"] == "1234567"
    assert ect["status"] == "in_progress"
    assert ect["school_urn"] == "100001"

    other = json.loads(ok(run("school", "show", "100002", "--json")).stdout)
    assert other["staff"] == [] and other["ects"] == []


def test_show_for_people_shows_the_details(run, ok):
    ok(
        run(
            "school",
            "add",
            "100001",
            "--name",
            "Hillside Primary School",
            "--laestab",
            "202/3614",
            "--headteacher",
            "Ms A Khan",
        )
    )
    out = ok(run("school", "show", "100001")).stdout
    for text in ("100001", "Hillside Primary School", "202/3614", "Ms A Khan", "ECTs (0)"):
        assert text in out


@pytest.mark.parametrize(
    ("urn", "fragments"),
    [
        ("100009", ["no school with URN 100009"]),
        ("12ab", ["URN '12ab'", "6 digits"]),
        ("abc", ["no school matches 'abc'", "ectrack find abc"]),  # letters: a name
    ],
)
def test_show_refuses_an_unknown_or_malformed_urn(run, ok, refused, db, urn, fragments):
    ok(run("school", "add", "100001", "--name", "Hillside Primary School"))
    before = db.snapshot()
    refused(run("school", "show", urn, "--json"), *fragments)
    assert db.snapshot() == before
