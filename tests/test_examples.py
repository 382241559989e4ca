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
