"""Every test runs against its own database: no test can touch a real one."""

from __future__ import annotations

import pytest

TODAY = "2026-11-22"
ACTOR = "officer.test"


@pytest.fixture(autouse=True)
def isolated_database(tmp_path, monkeypatch):
    """Point ECTRACK_DB at a fresh file, and the user data directory at tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("ECTRACK_DB", str(tmp_path / "ectrack.db"))
    monkeypatch.setenv("ECTRACK_USER", ACTOR)
    monkeypatch.setenv("ECTRACK_TODAY", TODAY)
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path / "ectrack.db"
