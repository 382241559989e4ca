"""ectrack on Windows, checked on Linux: the POSIX-only parts of Python taken away.

No Windows machine runs these tests, so a POSIX-only module or call (``resource``,
``preexec_fn``, ``pwd``, ``os.fork``...) on a path ectrack runs would go unnoticed
until an officer on Windows met it. Here every interpreter is started with
``no_posix/sitecustomize.py`` first on PYTHONPATH, which removes them as Windows
lacks them (all but ``os.getuid``, which pytest needs): a subset of the suite
(reading .xls, .xlsx, .ods and .csv files, importing, the demo, backup and doctor)
runs in such a pytest (letters too), and the ``ectrack`` command itself runs with them gone and
with a cp1252 console.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NO_POSIX = Path(__file__).resolve().parent / "no_posix"
FIXTURE_XLS = ROOT / "tests" / "fixtures" / "files" / "ects_old_excel.xls"

#: About a minute in all: reading every kind of file (the .xls ones through the
#: memory-capped child process), importing, the demo, backup and doctor.
SUBSET = [
    "tests/spreadsheets/test_read.py",  # .xlsx, .ods and .csv files, good and bad
    "tests/spreadsheets/test_school_file_imports.py",  # the schools' files, two of them .xls
    "tests/spreadsheets/test_checkpoint_file_imports.py",  # a termly return in .xls, by the CLI
    "tests/cli/test_import.py",
    "tests/test_demo.py",
    "tests/cli/test_privacy.py",  # backup and doctor among them
    "tests/cli/test_letters.py",  # Word letters, templates and Outlook drafts
]
#: Windows sets USERNAME; these are unset, so the login name comes by the route that
#: imports pwd on POSIX.
LOGIN_VARIABLES = ("LOGNAME", "USER", "LNAME", "USERNAME")


def without_posix(**variables: str) -> dict[str, str]:
    """The environment for a process started as if on Windows."""
    env = {k: v for k, v in os.environ.items() if k not in LOGIN_VARIABLES}
    env.pop("PYTEST_CURRENT_TEST", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NO_POSIX), env.get("PYTHONPATH")]))
    # the subset is the one-officer default, an SQLite file (the tests' own PostgreSQL
    # cluster needs a POSIX machine to start; the client side imports nothing POSIX-only)
    env["ECTRACK_TEST_ENGINES"] = "sqlite"
    env.update(variables)
    return env


def ectrack(db: Path, *args: object, **variables: str) -> subprocess.CompletedProcess:
    """``ectrack --db DB ARGS`` as a process, as if on Windows; output as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "ectrack", "--db", str(db), *map(str, args)],
        env=without_posix(**variables),
        cwd=db.parent,
        capture_output=True,
        timeout=300,
    )


def succeeded(done: subprocess.CompletedProcess, encoding: str = "utf-8") -> str:
    """Assert the process exited 0 without a traceback; its stdout as text."""
    stdout = done.stdout.decode(encoding)
    stderr = done.stderr.decode(encoding, "replace")
    assert done.returncode == 0, f"exit {done.returncode}\n{stdout}\n{stderr}"
    assert "Traceback" not in stderr, stderr
    return stdout


def test_the_shim_takes_away_what_windows_lacks():
    program = (
        "import importlib, json, os, subprocess, sys\n"
        "def imports(name):\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError:\n"
        "        return False\n"
        "    return True\n"
        "try:\n"
        "    subprocess.run([sys.executable, '-c', ''], preexec_fn=lambda: None)\n"
        "    refused = ''\n"
        "except ValueError as e:\n"
        "    refused = str(e)\n"
        "print(json.dumps({\n"
        "    'modules': [n for n in ('resource', 'fcntl', 'termios', 'tty', 'pty', 'pwd',\n"
        "                            'grp') if imports(n)],\n"
        "    'functions': [n for n in ('geteuid', 'fork') if hasattr(os, n)],\n"
        "    'refused': refused,\n"
        "    'plain_run': subprocess.run([sys.executable, '-c', '']).returncode,\n"
        "}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], env=without_posix(), capture_output=True, timeout=60
    )
    assert json.loads(succeeded(done)) == {
        "modules": [],
        "functions": [],
        "refused": "preexec_fn is not supported on Windows platforms",
        "plain_run": 0,
    }


def test_a_subset_of_the_suite_passes_without_posix_modules(tmp_path):
    """Fails, with pytest's own report, when a file read, an import, the demo, backup
    or doctor reaches for something Windows does not have."""
    basetemp = f"--basetemp={tmp_path / 'basetemp'}"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", basetemp, *SUBSET],
        env=without_posix(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, (
        f"pytest without the POSIX-only modules exited {done.returncode}:\n"
        f"{done.stdout[-30000:]}\n{done.stderr[-5000:]}"
    )


def test_demo_import_of_an_xls_backup_and_doctor_without_posix_modules(tmp_path):
    db = tmp_path / "demo.db"
    summary = json.loads(succeeded(ectrack(db, "demo", "--json")))
    assert summary["ects"] > 0
    for urn in ("140321", "140322"):  # the schools of the .xls file
        succeeded(ectrack(db, "school", "add", urn, "--name", f"School {urn}"))
    imported = json.loads(succeeded(ectrack(db, "import", FIXTURE_XLS, "--json")))
    assert (imported["kind"], imported["created"], imported["rejected"]) == ("ects", 3, 0)
    shown = json.loads(succeeded(ectrack(db, "ect", "show", "2812346", "--json")))
    assert (shown["first_name"], shown["last_name"]) == ("Grace", "Lin")
    succeeded(ectrack(db, "backup", tmp_path / "copy.db"))
    assert (tmp_path / "copy.db").stat().st_size > 0
    succeeded(ectrack(db, "doctor"))


NAMES = {
    "1234567": ("Zoë", "Shah"),
    "2345678": ("Дмитрий", "Иванов"),
    "3456789": ("小龙", "李"),
}
BORN = ["--dob", "1998-04-02", "--qts-date", "2025-07-18"]
POST = [*BORN, "--school", "100001", "--start", "2025-09-01"]


def test_names_in_any_script_survive_a_cp1252_console(tmp_path):
    """A console that cannot show a name (or a "→") shows "?" and carries on; JSON
    escapes what the console cannot hold, so a script still reads the exact name."""
    db = tmp_path / "ab.db"
    cp1252 = {"PYTHONIOENCODING": "cp1252"}
    succeeded(ectrack(db, "school", "add", "100001", "--name", "Hillside Primary School"))
    for trn, (first, last) in NAMES.items():
        names = ("--first-name", first, "--last-name", last)
        succeeded(ectrack(db, "ect", "register", trn, *names, *POST, **cp1252), "cp1252")
    for trn, (first, last) in NAMES.items():
        assert trn in succeeded(ectrack(db, "ect", "show", trn, **cp1252), "cp1252")
        shown = succeeded(ectrack(db, "ect", "show", trn, "--json", **cp1252), "cp1252")
        assert (json.loads(shown)["first_name"], json.loads(shown)["last_name"]) == (first, last)
    assert "Shah" in succeeded(ectrack(db, "ect", "list", **cp1252), "cp1252")
    listed = json.loads(succeeded(ectrack(db, "ect", "list", "--json", **cp1252), "cp1252"))
    assert {e["trn"]: (e["first_name"], e["last_name"]) for e in listed} == NAMES
    todo = succeeded(ectrack(db, "todo", **cp1252), "cp1252")
    assert "? ectrack entitlement record 1234567" in todo  # "→" cannot be shown: "?"


def test_the_postgresql_client_needs_no_posix_module():
    """A Windows laptop reaches a team's server through psycopg and the store's seam."""
    program = (
        "import psycopg\n"
        "from ectrack.store import postgres\n"
        "print(postgres.translate('SELECT 1 WHERE a = ?'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], env=without_posix(), capture_output=True, timeout=60
    )
    assert succeeded(done).strip() == "SELECT 1 WHERE a = %s"
