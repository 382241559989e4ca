"""What every command gets from the global options: the database, who, and today."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import typer


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # no login name in some containers, or
        return "unknown"  # on Windows without USERNAME (getuser() imports pwd before 3.13)


@dataclass
class AppState:
    """Set by the root callback; commands read it with ``state(ctx)``."""

    db: str | None = None
    actor: str = field(default_factory=login_name)
    today: dt.date = field(default_factory=dt.date.today)
    quiet: bool = False  # no progress bars (--quiet)
    _conn: sqlite3.Connection | None = None

    @property
    def db_path(self) -> Path:
        from ectrack.store.db import resolve_path

        return resolve_path(self.db)

    def connect(self) -> sqlite3.Connection:
        """Open (creating owner-only and migrating if need be) the database."""
        if self._conn is None:
            from ectrack.errors import DatabaseUnusable
            from ectrack.store.db import connect, create_private_file
            from ectrack.store.migrations import migrate

            path = self.db_path
            try:
                created = create_private_file(path)
            except OSError as e:
                raise DatabaseUnusable(
                    f"cannot create the database {path}: {e.strerror}; "
                    "give --db a path in a folder you can write to"
                ) from None
            if created:
                print(f"Created a new ectrack database at {path}", file=sys.stderr)
            self._conn = connect(path)
            migrate(self._conn, str(path))
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):  # a command invoked without the root callback
        root.obj = AppState(db=os.environ.get("ECTRACK_DB"))
    return root.obj


def author(ctx: typer.Context):
    """Who is acting and with which command (``ect move``), for the audit log."""
    from ectrack.store.audit import Author

    root = ctx.find_root().command_path  # "ectrack", or "python -m ectrack"
    command = ctx.command_path[len(root) :].strip() or root
    return Author(actor=state(ctx).actor, command=command, today=state(ctx).today)
