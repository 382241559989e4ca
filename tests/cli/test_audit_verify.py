"""``audit verify``: the hash chain finds any event edited, inserted or deleted
outside ectrack, and says which; ectrack's own changes always verify."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def history(run, ok, register):
    """Ten events: two schools, two ECTs (one with a mentor), a move and a release."""
    register("1111111", mentor="Tom Reed")
    register("2222222", school="100002")
    ok(run("ect", "move", "1111111", "--school", "100002", "--on", "2026-01-05"))
    ok(run("ect", "release", "1111111", "--on", "2026-07-22", "--terms", "2.5"))


def verify(run) -> tuple[int, dict]:
    result = run("audit", "verify", "--json")
    return result.exit_code, json.loads(result.stdout)


def test_the_log_ectrack_writes_verifies(run, ok, db, history):
    code, report = verify(run)
    count = len(db.audit())
    assert (code, report["intact"], report["events"], report["problems"]) == (0, True, count, [])
    line = ok(run("audit", "verify")).stderr
    assert f"Audit log intact: {count} events" in line and report["head"] in line


def test_an_import_and_a_refused_row_keep_the_chain(run, ok, db, history, tmp_path):
    """Rows rolled back inside an import (--accept-valid) leave no hole in the chain."""
    path = tmp_path / "schools.csv"
    path.write_text("URN,Name\n100003,Brook School\n12,Bad\n100004,Dale School\n")
    run("import", str(path), "--accept-valid")
    assert db.rows("SELECT count(*) AS n FROM schools")[0]["n"] == 4
    assert verify(run)[0] == 0


# (what is done to the log, the event the problem names, words in the problem)
TAMPERING = [
    ("UPDATE audit_events SET actor = 'mallory' WHERE id = 3", 3, "does not follow"),
    ("UPDATE audit_events SET at = '2020-01-01T00:00:00' WHERE id = 2", 2, "or changed"),
    ("UPDATE audit_events SET after = replace(after, 'Tom', 'Tim') WHERE id = 4", 4, "changed"),
    ("UPDATE audit_events SET trn = '2222222' WHERE id = 1", 1, "was changed after"),
    ("UPDATE audit_events SET command = 'ect update' WHERE id = 6", 6, "does not follow"),
    ("DELETE FROM audit_events WHERE id = 4", 4, "missing: deleted"),
    ("DELETE FROM audit_events WHERE id IN (4, 5)", 4, "4-5 is missing"),
    ("DELETE FROM audit_events WHERE id = 10", 10, "missing: deleted"),
    (
        "INSERT INTO audit_events (id, at, actor, command, entity, entity_id, trn, action, "
        "after, data_digest, hash) SELECT id + 1, at, actor, command, entity, entity_id, "
        "trn, action, after, data_digest, hash FROM audit_events ORDER BY id DESC LIMIT 1",
        11,
        "inserted",
    ),
    ("UPDATE audit_events SET erased = 1, after = NULL WHERE id = 2", 2, "emptied outside"),
]  # fmt: skip


@pytest.mark.parametrize(("sql", "event", "words"), TAMPERING, ids=[t[2] for t in TAMPERING])
def test_tampering_outside_ectrack_is_found_and_named(run, db, history, sql, event, words):
    ids = [i for (i,) in db.query("SELECT id FROM audit_events ORDER BY id")]
    assert ids == list(range(1, 11))
    db.execute(sql)
    code, report = verify(run)
    assert code == 1 and not report["intact"]
    assert any(p["event"] == event and words in p["problem"] for p in report["problems"]), report
    line = run("audit", "verify").stderr
    assert "Error: the audit log was changed outside ectrack" in line
    assert "Traceback" not in line


def test_erasing_a_marker_alone_is_not_enough_to_hide_an_edit(run, db, history):
    """Marking an event erased skips its data check, but its place in the chain still
    holds its digest: changing the digest to match new data breaks the link."""
    db.execute("UPDATE audit_events SET erased = 1, after = '{}', data_digest = 'x' WHERE id = 2")
    code, report = verify(run)
    assert code == 1
    assert {p["event"] for p in report["problems"]} == {2}


def test_new_events_chain_on_after_an_upgrade(run, ok, db, history):
    """Events recorded before the chain existed (m007) are chained by the upgrade."""
    db.execute("DELETE FROM meta WHERE key = 'audit_head'")  # as before m007
    assert verify(run)[0] == 0
    ok(run("ect", "update", "2222222", "--email", "amy@example.org"))
    code, report = verify(run)
    assert code == 0 and report["events"] == 11


def test_an_erasure_by_ectrack_verifies_and_one_by_hand_does_not(run, ok, db, history):
    ok(run("ect", "erase", "2222222", "--reason", "erasure request", "--yes"))
    code, report = verify(run)
    assert (code, report["erased"]) == (0, 2)
    db.execute("UPDATE audit_events SET erased = 1, after = NULL WHERE id = 3")
    code, report = verify(run)
    assert code == 1
    assert [p["event"] for p in report["problems"]] == [3]
