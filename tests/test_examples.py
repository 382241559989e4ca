"""The example school files import cleanly into the demo AB they were made for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ectrack.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "school-files"
FILES = sorted(EXAMPLES.iterdir())


def test_there_is_one_file_of_each_kind():
    assert {p.suffix for p in FILES} == {".csv", ".xlsx"}
    assert len(FILES) == 4


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "ectrack-demo.db"
    result = CliRunner().invoke(app, ["--today", "2026-11-22", "--db", str(db), "demo"])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_an_example_file_imports_cleanly_and_again_changes_nothing(demo_db, path):
    result = CliRunner().invoke(
        app, ["--today", "2026-11-22", "--db", str(demo_db), "import", str(path), "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    # the demo already imported the same files: nothing new, nothing rejected
    assert (doc["rejected"], doc["created"], doc["updated"]) == (0, 0, 0)
    assert doc["unchanged"] == doc["rows"] > 0


SCRIPT = EXAMPLES.parent / "termly-export.sh"


def _export(demo_db: Path, out: Path, *args: str):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "ECTRACK_DB": str(demo_db),
        "ECTRACK_TODAY": "2026-11-22",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.run(
        ["bash", str(SCRIPT), str(out), *args], env=env, capture_output=True, text=True
    )


def test_the_termly_export_script_writes_report_school_reports_and_dfe_files(demo_db, tmp_path):
    import shutil

    db = tmp_path / "ab.db"
    shutil.copy(demo_db, db)  # the export remembers what it sent: keep the shared one clean
    done = _export(db, tmp_path / "exports")
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "exports" / "2026-11-22"
    report = json.loads((folder / "report.json").read_text())
    assert Path(report["file"]) == folder / "termly-report.xlsx"
    assert (folder / "termly-report.xlsx").stat().st_mode & 0o777 == 0o600
    schools = sorted((folder / "schools").glob("*.xlsx"))
    assert len(schools) == len(report["per_school"]["files"]) > 0
    claims = json.loads((folder / "claims.json").read_text())
    assert claims["rows"] == report["summary"]["ects"] > 0  # every demo ECT has started
    written = [Path(f["file"]) for f in claims["files"]]
    assert all(p.parent == folder and p.exists() for p in written)
    actions = json.loads((folder / "actions.json").read_text())
    assert actions["rows"] > 0  # the demo has releases and passes

    again = _export(db, tmp_path / "exports")  # same day again: nothing new to send
    assert again.returncode == 0, again.stderr
    assert json.loads((folder / "claims.json").read_text())["files"] == []


def test_the_termly_export_script_fails_loudly(demo_db, tmp_path):
    done = _export(demo_db, tmp_path / "exports", "not-a-term")
    assert done.returncode != 0
    assert "Error:" in done.stderr and "not-a-term" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_readme_tour_runs_with_names_in_place_of_codes(tmp_path):
    """examples/tour.sh (the README's tour) runs start to end; the officer's names for
    people and schools are taken wherever a TRN or URN would be."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", str(EXAMPLES.parent / "tour.sh"), str(tmp_path / "tour.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Using Amy Shah (TRN 1234567)" in done.stderr
    assert "Using Oakwood Academy (URN 100002)" in done.stderr
    assert "ectrack ect show 1234567" in done.stdout  # find's way forward
