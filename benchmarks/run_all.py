"""Every performance target of the product design, measured on this machine.

    python benchmarks/run_all.py [--keep DIR] [--runs N]

Generates (or, with --keep DIR, reuses) a national-scale database (60,000 ECTs,
20,000 schools, two cohorts with their returns; benchmarks/national.py) and
10,000- and 100,000-row registration workbooks (benchmarks/import_10k.py), then
times, each as its own ectrack process (median of N runs):

- ``ectrack --help`` and ``--version`` (target under 0.25 s);
- ``ect show TRN`` on the national database (under 0.5 s);
- ``find amy shah`` on the national database, 1 in 36 ECTs matching (under 0.3 s);
- one keypress of shell completion of a name there (under 0.2 s);
- ``checkpoints --status overdue --json`` on the national database;
- importing the 10,000-row workbook (under 3 s, and at most 2x the baseline:
  the same file read with the same reader and the same rows inserted with
  ``executemany``, no validation) and the 100,000-row one;
- the national termly report (under 60 s, under 500 MB peak).

It prints a table and writes it, with the machine it ran on, to
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import import_10k  # noqa: E402  (benchmarks are scripts, not a package)
import national  # noqa: E402


def ectrack(db: Path | None, *args: str) -> list[str]:
    where = ["--db", str(db)] if db else []
    return [sys.executable, "-m", "ectrack", *where, "--today", str(national.TODAY), *args]


def timed(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timed_completion(db: Path, words: str, runs: int) -> float:
    """A bash completion request, as the shell makes it on each Tab."""
    env = {
        **os.environ,
        "_ECTRACK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
        "ECTRACK_DB": str(db),
    }
    program = "import sys; sys.argv[0] = 'ectrack'; from ectrack.cli import main; main()"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True)
        times.append(time.perf_counter() - started)
        assert done.returncode == 0 and done.stdout, done.stderr
    return statistics.median(times)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        cpu = model
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb // 1024 // 1024} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}){memory}; "
        f"Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="Keep (and reuse) the generated files here.")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db = work / "national.db"
        if not db.exists():
            print(
                f"generating the national database: {national.make_national_db(db, 60_000, 20_000)}"
            )
        small, large = work / "registrations-10k.xlsx", work / "registrations-100k.xlsx"
        for path, rows in ((small, 10_000), (large, 100_000)):
            if not path.exists():
                import_10k.ROWS = rows
                import_10k.make_workbook(path)
        import sqlite3

        subprocess.run(ectrack(db, "init"), check=True, capture_output=True)  # any upgrade first

        trn = sqlite3.connect(db).execute("SELECT trn FROM ects LIMIT 1 OFFSET 30000").fetchone()[0]
        results: list[tuple[str, str, str, str]] = []

        def add(what: str, value: str, target: str, met: bool | None) -> None:
            verdict = "" if met is None else ("met" if met else "NOT met")
            results.append((what, value, target, verdict))
            print(f"{what:<58} {value:>16}  {target:<22} {verdict}", flush=True)

        help_s = timed(ectrack(None, "--help"), args.runs)
        add("ectrack --help", f"{help_s:.3f} s", "< 0.25 s", help_s < 0.25)
        version_s = timed([sys.executable, "-m", "ectrack", "--version"], args.runs)
        add("ectrack --version", f"{version_s:.3f} s", "< 0.25 s", version_s < 0.25)
        show_s = timed(ectrack(db, "ect", "show", trn), args.runs)
        add("ect show (national database)", f"{show_s:.3f} s", "< 0.5 s", show_s < 0.5)
        find_s = timed(ectrack(db, "find", "amy", "shah", "--json"), args.runs)
        add("find amy shah --json (national)", f"{find_s:.3f} s", "< 0.3 s", find_s < 0.3)
        complete_s = timed_completion(db, "ectrack ect show amy", args.runs)
        add(
            "completion, one keypress (national)",
            f"{complete_s:.3f} s",
            "< 0.2 s",
            complete_s < 0.2,
        )
        overdue_s = timed(ectrack(db, "checkpoints", "--status", "overdue", "--json"), 3)
        add("checkpoints --status overdue --json (national)", f"{overdue_s:.1f} s", "", None)

        import_10k.ROWS = 10_000
        runs = {"core": [], "every": [], "import": []}
        for i in range(5):
            runs["core"].append(import_10k.baseline(small, work / f"c{i}.db", every_row=False))
            runs["every"].append(import_10k.baseline(small, work / f"e{i}.db", every_row=True))
            runs["import"].append(import_10k.ectrack_import(small, work / f"i{i}.db"))
        for name in [p.name for p in work.glob("[cei][0-9].db*")]:
            (work / name).unlink()
        core, every, full = (statistics.median(runs[k]) for k in ("core", "every", "import"))
        add("import 10,000-row workbook", f"{full:.2f} s", "< 3 s", full < 3)
        add("  baseline: every row the import stores", f"{every:.2f} s", "", None)
        add("  import / that baseline", f"{full / every:.1f}x", "<= 2x", full <= 2 * every)
        add("  baseline: ECT and period rows only", f"{core:.2f} s", "", None)
        add("  import / that baseline", f"{full / core:.1f}x", "(for reference)", None)
        import_10k.ROWS = 100_000
        big = import_10k.ectrack_import(large, work / "i100k.db")
        for leftover in work.glob("i100k.db*"):
            leftover.unlink()
        add("import 100,000-row workbook", f"{big:.1f} s", "", None)

        report = work / "national-report.xlsx"
        seconds, megabytes = national.measure(ectrack(db, "report", "termly", "-o", str(report)))
        add("report termly (national)", f"{seconds:.1f} s", "< 60 s", seconds < 60)
        add("  peak memory", f"{megabytes} MB", "< 500 MB", megabytes < 500)

        lines = [
            "# Benchmark results",
            "",
            f"Measured {dt.date.today()} by `python benchmarks/run_all.py` on: {machine()}.",
            "National database: 60,000 ECTs in 20,000 schools, two cohorts, their returns "
            f"(as of {national.TODAY}). Command times are whole processes, median of "
            f"{args.runs} runs (3 for the overdue list, 5 for the 10k import).",
            "",
            "| measurement | result | target | |",
            "|---|---|---|---|",
            *(f"| {w.strip()} | {v} | {t} | {m} |" for w, v, t, m in results),
            "",
        ]
        (HERE / "RESULTS.md").write_text("\n".join(lines))
        print(f"written to {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
