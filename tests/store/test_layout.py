"""No SQL outside the store: every query goes through ``src/ectrack/store/``, where
the one seam between SQLite and PostgreSQL lives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "ectrack"
#: A call that sends SQL, or SQL's own first words at the start of a string.
SQL = re.compile(
    r"\.(execute|executemany|executescript)\(|[\"'](SELECT|INSERT INTO|UPDATE \w+ SET|"
    r"DELETE FROM|CREATE TABLE|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b"
)


@pytest.mark.sqlite_only  # reads the source, not a database
def test_no_sql_outside_the_store():
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if "store" not in path.relative_to(SRC).parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SQL.search(line)
    ]
    assert found == []
