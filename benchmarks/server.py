"""ectrack on a PostgreSQL server beside SQLite.

    python benchmarks/server.py [--keep DIR] [--runs N] [--seconds S] [--officers K]

Starts a throwaway durable PostgreSQL cluster (tests/pgcluster.py) and measures:

- copying the national database (60,000 ECTs in 20,000 schools; benchmarks/national.py,
  reused from DIR/national.db, run_all.py's --keep folder) onto the server with
  ``ectrack db copy``;
- on SQLite and on the server, each as its own ``python -m ectrack`` process, median
  of N runs taken in turns: ``ect show TRN``, ``checkpoints --status overdue --json``
  (3 runs) and ``report termly`` (up to 3) on the national database, and importing
  the 10,000-row workbook (benchmarks/import_10k.py) into a fresh database, its 400
  schools imported first, untimed (up to 5 runs). The goal: PostgreSQL within 1.5x
  of SQLite;
- K officers at once for S seconds on a new database of 50 schools and 500 ECTs,
  each signed in as their own login: one thread per officer, driving one long-lived
  Python process that runs ectrack's command line (typer's CliRunner) for each
  request, alternately registering a new ECT and recording a progress review of it.
  Reported: writes, writes per second, p50 and p95 latency, errors, lost writes
  (rows expected against rows stored) and ``ectrack audit verify``.

It prints a table and writes it, with the machine it ran on, to
benchmarks/RESULTS-postgresql.md. The cluster is removed at the end.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import import_10k  # noqa: E402  (benchmarks are scripts, not a package)
import national  # noqa: E402
from run_all import ectrack, machine  # noqa: E402

from tests import pgcluster  # noqa: E402
from tests.reliability.test_concurrency import (  # noqa: E402
    REGISTRATION_HEADER,
    register_args,
    review_args,
)

GOAL = 1.5  # PostgreSQL's time at most this many times SQLite's
OFFICER_SCHOOLS = [str(300_000 + i) for i in range(50)]
OFFICER_SEED_ECTS = 500
TERM, REVIEWED_ON = "2025-autumn", "2025-12-10"

#: One officer's ectrack: runs each command line (JSON, one a line on stdin) in this
#: one process and answers [exit code, output] (JSON, one a line on stdout).
OFFICER_PROCESS = """
import json, sys
from typer.testing import CliRunner
from ectrack.cli import app

runner = CliRunner()
for line in sys.stdin:
    result = runner.invoke(app, json.loads(line))
    detail = result.output + (repr(result.exception) if result.exit_code else "")
    print(json.dumps([result.exit_code, detail.strip()[-1000:]]), flush=True)
"""


class Failed(Exception):
    """An ectrack command exited non-zero: the command and what it said."""


class Table:
    """The results, printed as they come."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, str]] = []
        self.failures: list[str] = []
        print(f"{'measurement':<52} {'SQLite':>9} {'PostgreSQL':>11} {'ratio':>6}  goal")

    def add(
        self, what: str, sqlite: str, pg: str, ratio: str = "", goal: str = "", met=None
    ) -> None:
        verdict = "" if met is None else ("met" if met else "NOT met")
        self.rows.append((what, sqlite, pg, ratio, goal, verdict))
        print(f"{what:<52} {sqlite:>9} {pg:>11} {ratio:>6}  {goal:<8} {verdict}", flush=True)

    def failed(self, what: str, error: Failed) -> None:
        self.add(what, "", "failed")
        self.failures.append(f"{what}: {error}")

    def markdown(self) -> list[str]:
        return [
            "| measurement | SQLite | PostgreSQL | PostgreSQL / SQLite | goal | |",
            "|---|---|---|---|---|---|",
            *(f"| {' | '.join(cell.strip() for cell in row)} |" for row in self.rows),
        ]


def seconds(s: float) -> str:
    return f"{s:.3f} s" if s < 1 else f"{s:.2f} s" if s < 10 else f"{s:.1f} s"


def run(command: list[str]) -> None:
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        raise Failed(f"`{shlex.join(command)}` exited {done.returncode}: {done.stderr.strip()}")


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    run(command)
    return time.perf_counter() - started


def compare(
    table: Table,
    what: str,
    runs: int,
    sqlite_run: Callable[[int], float],
    pg_run: Callable[[int], float],
) -> None:
    """Time both, in turns (a slow moment of the machine hits each), and add the medians."""
    times: tuple[list[float], list[float]] = ([], [])
    try:
        for i in range(runs):
            times[0].append(sqlite_run(i))
            times[1].append(pg_run(i))
    except Failed as error:
        table.failed(what, error)
        return
    lite, pg = map(statistics.median, times)
    ratio = pg / lite
    table.add(what, seconds(lite), seconds(pg), f"{ratio:.2f}x", f"<= {GOAL}x", ratio <= GOAL)


class Server:
    """The throwaway cluster, and its administrator's connection."""

    def __init__(self, cluster: pgcluster.Cluster) -> None:
        import psycopg

        self.cluster = cluster
        self.admin = psycopg.connect(cluster.url(), autocommit=True)

    def create(self, database: str) -> str:
        """A new empty database owned by the administrator: its URL."""
        self.admin.execute(f'CREATE DATABASE "{database}" OWNER {pgcluster.ADMIN}')
        return self.cluster.url(database)

    @contextmanager
    def fresh(self, database: str) -> Iterator[str]:
        try:
            yield self.create(database)
        finally:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def count(self, database: str, table: str) -> int:
        import psycopg

        with psycopg.connect(self.cluster.url(database)) as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@contextmanager
def fresh_file(path: Path) -> Iterator[str]:
    try:
        yield str(path)
    finally:
        for leftover in path.parent.glob(f"{path.name}*"):
            leftover.unlink()


def schools_csv(path: Path, urns: list[str]) -> Path:
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["URN", "School name"])
        writer.writerows([urn, f"School {urn}"] for urn in urns)
    return path


def import_into(fresh, schools: Path, workbook: Path) -> Callable[[int], float]:
    """One timed run: a fresh database (``fresh(i)``), its schools, then the workbook."""

    def one(i: int) -> float:
        with fresh(i) as target:
            run(ectrack(target, "import", str(schools)))
            return timed(ectrack(target, "import", str(workbook)))

    return one


def national_database(work: Path) -> Path:
    db = work / "national.db"
    if not db.exists():
        print("generating the national database (a few minutes) ...", flush=True)
        print(national.make_national_db(db, 60_000, 20_000), flush=True)
    run(ectrack(db, "init"))  # any upgrade first
    return db


def national_comparisons(table: Table, server: Server, work: Path, runs: int) -> None:
    db = national_database(work)
    started = time.perf_counter()
    try:
        run(ectrack(None, "db", "copy", str(db), server.create("national")))
    except Failed as error:
        table.failed("db copy national.db onto PostgreSQL", error)
        return
    table.add("db copy national.db onto PostgreSQL", "", seconds(time.perf_counter() - started))
    url = server.cluster.url("national")
    middle = "SELECT trn FROM ects LIMIT 1 OFFSET (SELECT count(*) / 2 FROM ects)"  # 30000th
    trn = sqlite3.connect(db).execute(middle).fetchone()[0]

    def each(*args: str) -> tuple[Callable[[int], float], Callable[[int], float]]:
        return (lambda _: timed(ectrack(db, *args))), (lambda _: timed(ectrack(url, *args)))

    compare(table, "ect show TRN (national)", runs, *each("ect", "show", trn))
    overdue = ("checkpoints", "--status", "overdue", "--json")
    compare(table, "checkpoints --status overdue --json (national)", 3, *each(*overdue))
    report = ("report", "termly", "-o", str(work / "national-report-server.xlsx"))
    compare(table, "report termly (national)", min(runs, 3), *each(*report))


def import_comparison(table: Table, server: Server, work: Path, runs: int) -> None:
    workbook = work / "registrations-10k.xlsx"
    if not workbook.exists():
        import_10k.ROWS = 10_000
        import_10k.make_workbook(workbook)
    urns = [str(100_000 + i) for i in range(import_10k.SCHOOLS)]
    schools = schools_csv(work / "schools-10k.csv", urns)
    compare(
        table,
        "import 10,000-row workbook into a fresh database",
        min(runs, 5),
        import_into(lambda i: fresh_file(work / f"import-{i}.db"), schools, workbook),
        import_into(lambda i: server.fresh(f"import_{i}"), schools, workbook),
    )


class Officer:
    """One officer's long-lived ectrack process, signed in as their own login."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.process = subprocess.Popen(
            [sys.executable, "-c", OFFICER_PROCESS],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.registered = self.reviewed = 0

    def ask(self, *args: str) -> tuple[int, str]:
        command = ["--db", self.url, "--today", str(national.TODAY), *args]
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        return tuple(json.loads(answer)) if answer else (-1, "the officer's process ended")

    def write(self, *args: str) -> bool:
        started = time.perf_counter()
        code, detail = self.ask(*args)
        self.latencies.append(time.perf_counter() - started)
        if code:
            self.errors.append(f"{' '.join(args[:3])}: exit {code}: {detail}")
        return code == 0

    def work(self, n: int, until: float) -> None:
        """Register a new ECT, then review it; again until the time is up."""
        i = 0
        while time.perf_counter() < until:
            trn = str(2_000_000 + n * 100_000 + i)
            i += 1
            if self.write(*register_args(trn, OFFICER_SCHOOLS[i % len(OFFICER_SCHOOLS)])):
                self.registered += 1
                self.reviewed += self.write(*review_args(trn))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def officers_database(server: Server, work: Path, officers: int) -> str:
    """50 schools, 500 ECTs (imported by the owner) and the officers' logins."""
    owner = server.create("officers")
    run(ectrack(owner, "import", str(schools_csv(work / "schools-50.csv", OFFICER_SCHOOLS))))
    ects = work / "ects-500.csv"
    with open(ects, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(REGISTRATION_HEADER)
        for i in range(OFFICER_SEED_ECTS):
            writer.writerow(
                [1_000_000 + i, "Amy", "Shah", "1998-04-02", "2025-07-18",
                 OFFICER_SCHOOLS[i % len(OFFICER_SCHOOLS)], "2025-09-01", 1,
                 "provider-led", "Tom Reed", "", "Jo Ellis", ""]
            )  # fmt: skip
    run(ectrack(owner, "import", str(ects)))
    for n in range(officers):
        run(ectrack(owner, "team", "add", f"officer{n + 1}"))
    return owner


def many_officers(table: Table, server: Server, work: Path, officers: int, secs: float) -> None:
    what = f"{officers} officers at once for {secs:g} s (CliRunner process each)"
    try:
        owner = officers_database(server, work, officers)
    except Failed as error:
        table.failed(what, error)
        return
    before = {t: server.count("officers", t) for t in ("ects", "checkpoint_records")}
    team = [Officer(server.cluster.url("officers", f"officer{n + 1}")) for n in range(officers)]
    for officer in team:  # the first command imports ectrack's modules: not timed
        officer.ask("ect", "show", "1000000")
    until = time.perf_counter() + secs
    threads = [threading.Thread(target=o.work, args=(n, until)) for n, o in enumerate(team)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for officer in team:
        officer.close()

    latencies = [s for o in team for s in o.latencies]
    errors = [e for o in team for e in o.errors]
    expected = {
        "ects": before["ects"] + sum(o.registered for o in team),
        "checkpoint_records": before["checkpoint_records"] + sum(o.reviewed for o in team),
    }
    lost = sum(n - server.count("officers", t) for t, n in expected.items())
    table.add(what, "", "")
    table.add("  writes (ect register, review record)", "", str(len(latencies)))
    table.add("  writes per second", "", f"{len(latencies) / elapsed:.1f}")
    table.add("  latency p50", "", seconds(statistics.median(latencies)))
    table.add("  latency p95", "", seconds(statistics.quantiles(latencies, n=20)[-1]))
    table.add("  errors (non-zero exits)", "", str(len(errors)), "", "0", not errors)
    table.add("  lost writes (rows expected - stored)", "", str(lost), "", "0", lost == 0)
    table.failures += [f"officer write: {e}" for e in errors[:10]]
    try:
        done = subprocess.run(
            ectrack(owner, "audit", "verify", "--json"), capture_output=True, text=True
        )
        if done.returncode:
            raise Failed(f"audit verify exited {done.returncode}: {done.stderr.strip()}")
        events = json.loads(done.stdout)["events"]
        table.add("  audit verify", "", "chain intact", "", "intact", True)
        table.add("  audit events", "", str(events))
    except Failed as error:
        table.failed("  audit verify", error)


def write_results(table: Table, args: argparse.Namespace, work: Path) -> Path:
    conn = sqlite3.connect(work / "national.db")
    ects, schools = (
        conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("ects", "schools")
    )
    conn.close()
    lines = [
        "# PostgreSQL beside SQLite",
        "",
        f"Measured {dt.date.today()} by `python benchmarks/server.py` on: {machine()}.",
        "A throwaway PostgreSQL cluster on the same machine (durable: fsync on), reached "
        f"over its Unix socket. National database: {ects:,} ECTs in {schools:,} schools "
        f"(as of {national.TODAY}), copied onto the server with `ectrack db copy`. "
        f"Command times are whole processes, median of {args.runs} runs taken in turns "
        f"(3 for the overdue list, {min(args.runs, 3)} for the report, "
        f"{min(args.runs, 5)} for the import, each into a fresh database). "
        f"Officers: {args.officers} logins at once for {args.seconds:g} s, each one long-lived "
        "Python process running ectrack's command line (typer's CliRunner) per request, "
        "alternately `ect register` of a new ECT and `review record` of it; latency is per "
        "write, as the officer's thread saw it.",
        "",
        *table.markdown(),
        "",
    ]
    if table.failures:
        lines += ["## Failures", "", *(f"- {f}" for f in table.failures), ""]
    path = HERE / "RESULTS-postgresql.md"
    path.write_text("\n".join(lines))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="Keep (and reuse) the generated files here.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--officers", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        cluster = pgcluster.start(durable=True)
        try:
            server = Server(cluster)
            table = Table()
            national_comparisons(table, server, work, args.runs)
            import_comparison(table, server, work, args.runs)
            many_officers(table, server, work, args.officers, args.seconds)
            server.admin.close()
        finally:
            cluster.stop()
        for failure in table.failures:
            print(f"FAILED {failure}")
        print(f"written to {write_results(table, args, work)}")


if __name__ == "__main__":
    main()
