"""Tests that need a PostgreSQL server: each gets its own database on the session's
throwaway cluster (``tests/pgcluster.py``), owned by the tests' login, and makes the
officers' and readers' logins it needs. No server, no pass: these fail, never skip."""

from __future__ import annotations

import itertools

import pytest
from typer.testing import CliRunner

from ectrack.cli import app
from tests.conftest import ACTOR

_numbers = itertools.count(1)


class Server:
    def __init__(self, cluster):
        import psycopg

        self.cluster = cluster
        self.admin = psycopg.connect(cluster.url(), autocommit=True)
        if not self.admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ACTOR]).fetchone():
            self.admin.execute(f'CREATE ROLE "{ACTOR}" LOGIN SUPERUSER')

    def new_database(self, owner: str = ACTOR) -> str:
        """A new empty database owned by ``owner``: its name."""
        name = f"ab_{next(_numbers)}"
        self.admin.execute(f'CREATE DATABASE {name} OWNER "{owner}"')
        return name

    def login(self, name: str, *options: str) -> str:
        if not self.admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone():
            self.admin.execute(f'CREATE ROLE "{name}" LOGIN {" ".join(options)}')
        return name

    def url(self, database: str, login: str = ACTOR) -> str:
        return self.cluster.url(database, login)

    def sql(self, database: str, query: str, *params, login: str = ACTOR) -> list[tuple]:
        """Run SQL as ``login`` (psycopg's own %s placeholders), straight to the server."""
        import psycopg

        with psycopg.connect(self.url(database, login), autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture(scope="session")
def server(pg_cluster) -> Server:
    return Server(pg_cluster)


@pytest.fixture
def cli():
    """``cli(url, "school", "list")``: ectrack against that database, in-process."""
    runner = CliRunner()

    def invoke(target: str, *args: str):
        return runner.invoke(app, ["--db", target, *map(str, args)])

    return invoke


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """The demo AB in an SQLite file (as of the tests' today), made once."""
    from tests.conftest import TODAY

    path = tmp_path_factory.mktemp("demo") / "ectrack-demo.db"
    result = CliRunner().invoke(app, ["--db", str(path), "--today", TODAY, "demo"])
    assert result.exit_code == 0, result.output
    return path
