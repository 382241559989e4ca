"""The audit log, end to end: every change is an event with who, which command, what."""

from __future__ import annotations

import datetime as dt
import json

import pytest

EVENT_KEYS = {"id", "at", "actor", "command", "entity", "entity_id", "trn", "action"}


@pytest.fixture
def history(run, ok, register):
    """Two ECTs; the first moves, changes FTE and is released."""
    register("1111111", mentor="Tom Reed")
    register("2222222", school="100002")
    ok(run("ect", "move", "1111111", "--school", "100002", "--on", "2026-01-05"))
    ok(run("ect", "change-fte", "1111111", "--fte", "0.5", "--on", "2026-04-20"))
    ok(run("ect", "release", "1111111", "--on", "2026-07-22", "--terms", "2.5"))


def test_each_change_is_recorded_with_actor_command_and_values(db, history):
    events = db.audit(trn="1111111")
    assert {e["actor"] for e in events} == {"officer.test"}
    commands = [e["command"] for e in events]
    assert commands == [
        "ect register",  # the ECT
        "ect register",  # the mentor
        "ect register",  # the first period
        "ect move",  # the first period closes
        "ect move",  # the second opens
        "ect change-fte",
        "ect change-fte",
        "ect release",
    ]

    close = events[3]
    assert (close["entity"], close["action"]) == ("induction_period", "update")
    assert close["before"] == {"closed_by": None, "finished_on": None}
    assert close["after"] == {"closed_by": "move", "finished_on": "2026-01-04"}

    opened = events[4]
    assert (opened["entity"], opened["action"]) == ("induction_period", "create")
    assert opened["before"] is None
    assert opened["after"]["school_urn"] == "100002"
    assert opened["after"]["started_on"] == "2026-01-05"

    fte_open = events[6]
    assert fte_open["after"]["fte"] == 0.5
    release = events[7]
    assert release["before"] == {"closed_by": None, "finished_on": None, "fte_terms": None}
    assert release["after"] == {
        "closed_by": "release",
        "finished_on": "2026-07-22",
        "fte_terms": 2.5,
    }


def test_every_event_says_when_in_utc(db, history):
    for event in db.audit():
        at = dt.datetime.fromisoformat(event["at"])
        assert at.utcoffset() == dt.timedelta(0)


@pytest.mark.sqlite_only  # on a server the actor is the server login (tests/server/test_team.py)
def test_as_overrides_the_user_from_the_environment(run, ok, db, schools):
    ok(run("--as", "Jo Bloggs", "school", "update", "100001", "--headteacher", "Ms A Khan"))
    (event,) = db.audit(action="update")
    assert event["actor"] == "Jo Bloggs"
    assert event["command"] == "school update"
    assert event["before"] == {"headteacher": None}
    assert event["after"] == {"headteacher": "Ms A Khan"}


@pytest.mark.sqlite_only  # on a server the actor is the server login (tests/server/test_team.py)
def test_ectrack_user_names_the_actor(run, ok, db, monkeypatch):
    monkeypatch.setenv("ECTRACK_USER", "sam.officer")
    ok(run("school", "add", "100001", "--name", "Hillside Primary School"))
    assert [e["actor"] for e in db.audit()] == ["sam.officer"]


@pytest.mark.sqlite_only  # on a server the actor is the server login (tests/server/test_team.py)
def test_without_as_or_ectrack_user_the_login_name_acts(run, ok, db, monkeypatch):
    import getpass

    monkeypatch.delenv("ECTRACK_USER")
    ok(run("school", "add", "100001", "--name", "Hillside Primary School"))
    (event,) = db.audit()
    assert event["actor"] == getpass.getuser()
    assert event["actor"] != "officer.test"


def test_a_refused_command_records_no_event(run, ok, refused, db, register):
    register("1111111")
    before = db.count("audit_events")
    refused(run("ect", "move", "1111111", "--school", "100001", "--on", "2026-01-05"))
    refused(run("ect", "release", "1111111", "--on", "2026-01-05", "--terms", "99"))
    assert db.count("audit_events") == before


def test_audit_json_lists_events_oldest_first_with_the_design_names(run, ok, db, history):
    result = ok(run("audit", "--json"))
    events = json.loads(result.stdout)
    assert len(events) == db.count("audit_events")
    assert all(EVENT_KEYS | {"before", "after"} <= set(e) for e in events)
    ids = [e["id"] for e in events]
    assert ids == sorted(ids)
    assert events[0]["command"] == "school add"
    assert events[-1]["command"] == "ect release"
    assert events[-1]["after"]["fte_terms"] == 2.5


@pytest.mark.parametrize("typed", ["1111111", "RP 11/11111"])
def test_audit_trn_shows_only_that_ects_events(run, ok, history, typed):
    events = json.loads(ok(run("audit", "--trn", typed, "--json")).stdout)
    assert len(events) == 8
    assert {e["trn"] for e in events} == {"1111111"}
    assert "school add" not in {e["command"] for e in events}


def test_audit_limit_shows_the_latest_events(run, ok, history):
    events = json.loads(ok(run("audit", "--limit", "2", "--json")).stdout)
    assert [e["command"] for e in events] == ["ect change-fte", "ect release"]


def test_audit_for_people_shows_who_did_what(run, ok, history):
    out = ok(run("audit", "--trn", "2222222")).output
    assert "2 events" in out
    assert "officer.test" in out
    assert "2222222" in out
    assert "100002" in out  # the period's school is among the values shown
    assert "ect register" in out
    assert "ect move" not in out  # 2222222 never moved


def test_audit_on_a_new_database_is_empty(run, ok):
    assert json.loads(ok(run("audit", "--json")).stdout) == []


def test_audit_refuses_a_malformed_trn(run, refused, db, history):
    refused(run("audit", "--trn", "12-ab"), "TRN '12-ab'", "7 digits")


def test_audit_limit_must_be_positive(run, usage_error, history):
    usage_error(run("audit", "--limit", "0"), "--limit")


def test_audit_limit_beyond_any_log_is_a_usage_error(run, usage_error, history):
    usage_error(run("audit", "--limit", "99999999999999999999"), "--limit")
