"""Several officers at once on one server: one unbroken audit chain, no lost change,
and a lost connection leaves all or nothing with a one-line error."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from typer.testing import CliRunner

from ectrack.cli import app
from tests.reliability.test_concurrency import (
    REGISTRATION_HEADER,
    register_args,
    review_args,
)

TODAY = "2026-11-22"
OFFICERS = ("ann", "ben", "cat")
SCHOOLS = ("100001", "100002", "100003")
EACH = 4  # registrations (and reviews) per officer
TIMEOUT = 180


def ectrack(target: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "ECTRACK_TODAY": TODAY}
    done = subprocess.run(
        [sys.executable, "-m", "ectrack", "--db", target, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
    )
    if check:
        assert done.returncode == 0, f"{args}: {done.stderr}"
    return done


@pytest.fixture
def ab(server, cli):
    database = server.new_database()
    owner = server.url(database)
    for urn in SCHOOLS:
        assert cli(owner, "school", "add", urn, "--name", f"School {urn}").exit_code == 0
    for login in OFFICERS:
        assert cli(owner, "team", "add", login).exit_code == 0
    assert cli(owner, *register_args("1000001", SCHOOLS[0])).exit_code == 0  # shared ECT
    return database


def officer_work(server, database: str, n: int, login: str) -> list[str]:
    """One officer's morning: registrations, a review of each, and an update of the
    ECT everyone changes; returns any problem."""
    target = server.url(database, login)
    problems = []
    for i in range(EACH):
        trn = str(2_000_000 + n * 100 + i)
        steps = [
            register_args(trn, SCHOOLS[i % len(SCHOOLS)]),
            review_args(trn),
            ("ect", "update", "1000001", "--email", f"{login}.{i}@example.org"),
        ]
        for args in steps:
            done = ectrack(target, *args, check=False)
            if done.returncode or "Error" in done.stderr:
                problems.append(f"{login} {args[:2]}: {done.stderr.strip()}")
    return problems


def test_three_officers_at_once_lose_nothing_and_keep_one_chain(server, cli, ab):
    with ThreadPoolExecutor(len(OFFICERS)) as pool:
        work = [pool.submit(officer_work, server, ab, n, who) for n, who in enumerate(OFFICERS)]
        results = [w.result() for w in work]
    assert [p for r in results for p in r] == []
    total = len(OFFICERS) * EACH
    assert server.sql(ab, "SELECT count(*) FROM ects") == [(total + 1,)]
    assert server.sql(ab, "SELECT count(*) FROM checkpoint_records") == [(total,)]
    for login in OFFICERS:  # each under their own name
        rows = server.sql(
            ab,
            "SELECT count(*) FROM audit_events WHERE actor = %s AND action = 'create' "
            "AND entity = 'ect'",
            login,
        )
        assert rows == [(EACH,)]
    verified = cli(server.url(ab), "audit", "verify", "--json")
    assert verified.exit_code == 0, verified.output
    # every change to the shared ECT starts from the one before it: none overwritten unseen
    updates = server.sql(
        ab,
        "SELECT before, after FROM audit_events WHERE entity = 'ect' AND entity_id = "
        "'1000001' AND action = 'update' ORDER BY id",
    )
    assert len(updates) == total
    for (_, previous), (before, _) in itertools.pairwise(updates):
        assert json.loads(before)["email"] == json.loads(previous)["email"]


def registrations(path, count: int) -> None:
    import csv

    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(REGISTRATION_HEADER)
        for i in range(count):
            writer.writerow(
                [3_000_000 + i, "Amy", "Shah", "1998-04-02", "2025-07-18", SCHOOLS[i % 3],
                 "2025-09-01", 1, "provider-led", "Tom Reed", "", "Jo Ellis", ""]
            )  # fmt: skip


def interrupted_import(server, database: str, path, interrupt) -> str:
    """Import ``path`` as ann; once it holds the writers' lock, ``interrupt(pid)``.
    Returns the one line it said."""
    importer = subprocess.Popen(
        [sys.executable, "-m", "ectrack", "--db", server.url(database, "ann"), "import", path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "ECTRACK_TODAY": TODAY},
    )
    holder = None
    deadline = time.monotonic() + 60
    while holder is None and time.monotonic() < deadline and importer.poll() is None:
        rows = server.sql(database, "SELECT pid FROM pg_locks WHERE locktype = 'advisory'")
        holder = rows[0][0] if rows else None
        time.sleep(0.01)
    assert holder is not None, "the import never took the writers' lock"
    interrupt(holder)
    _, stderr = importer.communicate(timeout=TIMEOUT)
    assert importer.returncode == 1, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def counts(server, database: str) -> dict:
    return {t: server.sql(database, f"SELECT count(*) FROM {t}") for t in ("ects", "audit_events")}


def test_a_lost_connection_mid_import_leaves_nothing_and_says_so_in_one_line(server, ab, tmp_path):
    registrations(tmp_path / "ects.csv", 3000)
    before = counts(server, ab)
    said = interrupted_import(
        server, ab, tmp_path / "ects.csv",
        lambda pid: server.sql(ab, "SELECT pg_terminate_backend(%s)", pid),
    )  # fmt: skip
    assert said.startswith("Error: lost the connection to the PostgreSQL server"), said
    assert "nothing of this command was written" in said
    assert counts(server, ab) == before


def test_a_server_restart_mid_import_leaves_nothing_and_says_so_in_one_line(tmp_path):
    """On a cluster of its own, restarted at once (as a crash would) mid-import."""
    from tests import pgcluster
    from tests.server.conftest import Server

    cluster = pgcluster.start()
    try:
        own = Server(cluster)
        database = own.new_database()
        runner = CliRunner()
        owner = own.url(database)
        for args in (
            *(["school", "add", urn, "--name", f"School {urn}"] for urn in SCHOOLS),
            ["team", "add", "ann"],
        ):
            assert runner.invoke(app, ["--db", owner, *args]).exit_code == 0
        own.admin.close()
        registrations(tmp_path / "ects.csv", 3000)
        before = counts(own, database)
        said = interrupted_import(
            own, database, tmp_path / "ects.csv", lambda _pid: cluster.restart()
        )
        assert said.startswith("Error: lost the connection to the PostgreSQL server"), said
        assert counts(own, database) == before
        verified = runner.invoke(app, ["--db", owner, "audit", "verify"])
        assert verified.exit_code == 0, verified.output
    finally:
        cluster.stop()


def test_two_officers_deciding_at_once_one_decides_and_the_other_is_told(server, cli, demo_file):
    """Freya Taylor awaits the AB's decision in the demo; Ann records a pass while Ben
    records a fail for her. One decision is kept; the other officer is told why."""
    database = server.new_database()
    owner = server.url(database)
    assert cli(owner, "db", "copy", str(demo_file), owner).exit_code == 0
    for login in ("ann", "ben"):
        assert cli(owner, "team", "add", login).exit_code == 0
    decide = [
        ("ann", "pass"),
        ("ben", "fail"),
    ]
    with ThreadPoolExecutor(2) as pool:
        done = list(
            pool.map(
                lambda who: ectrack(
                    server.url(database, who[0]),
                    "decision",
                    "record",
                    "5659611",
                    "--outcome",
                    who[1],
                    "--on",
                    "2026-11-20",
                    check=False,
                ),
                decide,
            )
        )
    assert sorted(d.returncode for d in done) == [0, 1]
    refused = next(d for d in done if d.returncode == 1)
    assert "5659611 has already " in refused.stderr and "one outcome" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    outcomes = server.sql(
        database, "SELECT outcome FROM decisions WHERE trn = '5659611' AND outcome <> 'extend'"
    )
    assert len(outcomes) == 1
    assert cli(owner, "audit", "verify").exit_code == 0
