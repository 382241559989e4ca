"""``ectrack demo``: a believable AB in a fresh file, and never anyone else's file."""

from __future__ import annotations

import json
import sqlite3

from typer.testing import CliRunner

from ectrack.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_demo_builds_a_believable_ab(tmp_path, monkeypatch):
    monkeypatch.delenv("ECTRACK_DB")
    monkeypatch.chdir(tmp_path)
    result = run("demo", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert 35 <= summary["schools"] <= 45
    assert 250 <= summary["ects"] <= 350
    assert summary["moved_school"] > 0 and summary["released"] > 0
    assert 0 < summary["part_time"] < summary["ects"]

    conn = sqlite3.connect(tmp_path / "ectrack-demo.db")
    starts = {r[0][:4] for r in conn.execute("SELECT DISTINCT started_on FROM induction_periods")}
    assert {"2025", "2026"} <= starts  # two cohorts around --today (2026-11-22)
    imported = {i["kind"]: i for i in summary["school_files_imported"]}
    assert all(i["rejected"] == 0 for i in imported.values())
    assert set(imported) == {"schools", "ects", "checkpoints", "absences"}
    schools = summary["schools"] + imported["schools"]["created"]
    ects = summary["ects"] + imported["ects"]["created"]
    assert conn.execute("SELECT count(*) FROM schools").fetchone()[0] == schools
    urns = [r[0] for r in conn.execute("SELECT urn FROM schools")]
    assert all(len(u) == 6 and u.isdigit() for u in urns)
    ftes = {r[0] for r in conn.execute("SELECT fte_percent FROM induction_periods")}
    assert 100 in ftes and any(f < 100 for f in ftes)
    closed = dict(
        conn.execute(
            "SELECT closed_by, count(*) FROM induction_periods "
            "WHERE appropriate_body IS NULL GROUP BY 1"
        )
    )
    assert closed["move"] == summary["moved_school"]
    assert closed["release"] == summary["released"]
    # every new path of the whole life of an induction is in the demo
    assert summary["arrived_from_another_ab"] == summary["two_posts"] == 1
    assert summary["appeals"] == {"allowed": 1, "dismissed": 1}
    assert summary["decided_a_term_late"] == 1
    elsewhere = conn.execute(
        "SELECT count(*) FROM induction_periods WHERE appropriate_body IS NOT NULL"
    ).fetchone()
    assert elsewhere == (1,)
    assert run("--db", "ectrack-demo.db", "doctor").exit_code == 0
    assert conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone() == ("1",)
    audited = conn.execute("SELECT count(*) FROM audit_events WHERE entity = 'ect'").fetchone()[0]
    assert audited == ects
    by_import = conn.execute(
        "SELECT count(*) FROM audit_events WHERE entity = 'ect' AND command LIKE 'import %'"
    ).fetchone()[0]
    assert by_import == imported["ects"]["created"] == 3

    listed = json.loads(run("--db", "ectrack-demo.db", "ect", "list", "--json").stdout)
    assert len(listed) == ects
    statuses = {r["status"] for r in listed}
    assert {"in_progress", "paused"} <= statuses


def test_demo_is_the_same_each_time_and_replaces_its_own_database(tmp_path):
    db = tmp_path / "demo.db"
    first = run("--db", str(db), "demo", "--json")
    second = run("--db", str(db), "demo", "--json")
    assert first.exit_code == second.exit_code == 0
    assert json.loads(first.stdout) == json.loads(second.stdout)
    conn = sqlite3.connect(db)
    doc = json.loads(first.stdout)
    registered = next(i for i in doc["school_files_imported"] if i["kind"] == "ects")
    assert conn.execute("SELECT count(*) FROM ects").fetchone()[0] == (
        doc["ects"] + registered["created"]
    )


def test_demo_refuses_a_database_that_is_not_a_demo(tmp_path):
    real = tmp_path / "real.db"
    assert run("--db", str(real), "school", "add", "100001", "--name", "Hillside").exit_code == 0
    before = real.read_bytes()
    result = run("--db", str(real), "demo")
    assert result.exit_code == 1
    assert "not an ectrack demo database" in result.stderr
    assert real.read_bytes() == before
    assert sqlite3.connect(real).execute("SELECT name FROM schools").fetchall() == [("Hillside",)]


def test_demo_refuses_any_other_file(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("my notes")
    result = run("--db", str(notes), "demo")
    assert result.exit_code == 1
    assert notes.read_text() == "my notes"
    assert "Traceback" not in result.output


def test_demo_shows_returns_deadlines_and_decisions(tmp_path):
    db = str(tmp_path / "demo.db")
    summary = json.loads(run("--db", db, "demo", "--json").stdout)
    assert summary["returns_received"] > 300
    assert 0 < summary["returns_late"] < summary["returns_received"]
    assert summary["not_on_track"] > 0
    assert summary["absences"] > 0
    assert summary["decisions"].get("pass", 0) > 0 and summary["decisions"].get("extend") == 1
    assert {"passed", "awaiting_decision", "in_progress", "paused"} <= set(
        summary["ects_by_status"]
    )

    overdue = json.loads(run("--db", db, "checkpoints", "--status", "overdue", "--json").stdout)
    assert overdue and all(c["received_on"] is None for c in overdue)
    assert all(c["due_on"] < "2026-11-22" for c in overdue)
    late = json.loads(run("--db", db, "checkpoints", "--status", "late", "--json").stdout)
    assert late and all(c["received_on"] > c["due_on"] for c in late)

    deadlines = json.loads(run("--db", db, "deadlines", "--json").stdout)
    names = {d["name"] for d in deadlines}
    assert {"recommendation", "decision"} <= names

    at_risk = json.loads(run("--db", db, "ect", "list", "--at-risk", "--json").stdout)
    assert at_risk and all(e["at_risk"] for e in at_risk)

    conn = sqlite3.connect(db)
    long_absence = conn.execute(
        "SELECT trn FROM absences WHERE kind = 'sickness' AND half_days >= 60 LIMIT 1"
    ).fetchone()[0]
    shown = json.loads(run("--db", db, "ect", "show", long_absence, "--json").stdout)
    part_one = shown["absence_by_part"][0]
    assert part_one["days_towards_threshold"] >= 30 and part_one["extension_terms"] > 0
    assert shown["fte_terms_required"] > 6.0


def test_demo_ends_with_commands_to_try_that_name_a_person(tmp_path):
    """The demo's last lines are commands an officer can paste, naming someone as a
    head would on the phone; each of them works."""
    import shlex

    db = str(tmp_path / "demo.db")
    result = run("--db", db, "demo")
    assert result.exit_code == 0, result.output
    tried = result.stderr.split("Try, as an officer would:")[1].strip().splitlines()
    shows = [line for line in tried if " ect show " in line]
    assert shows and '"' in shows[0]  # a name, not a TRN
    for line in tried:
        args = shlex.split(line)[1:]  # without "ectrack"
        done = run(*args)
        assert done.exit_code == 0, (line, done.output)
