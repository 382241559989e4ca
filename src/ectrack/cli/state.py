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
    def on_server(self) -> bool:
        """``--db`` names a PostgreSQL server, not a file."""
        from ectrack.store.db import is_server

        return is_server(self.db)

    @property
    def where(self) -> str:
        """The database as messages name it: the file's path, or the server's address."""
        if self.on_server:
            from ectrack.store.postgres import shown_target

            return shown_target(self.db)
        return str(self.db_path)

    @property
    def audit_actor(self) -> str:
        """Who the audit log names: on a server the login (``--as`` cannot change it)."""
        return self.connect().login if self.on_server else self.actor

    @property
    def db_path(self) -> Path:
        from ectrack.store.db import resolve_path

        return resolve_path(self.db)

    def connect(self) -> sqlite3.Connection:
        """Open (creating owner-only and migrating if need be) the database."""
        return open_database(self)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def open_database(app_state: AppState, create: bool = True):
    """The state's database, opened once and migrated: a server (never created here),
    or a file, created owner-only when missing if ``create``."""
    if app_state._conn is not None:
        return app_state._conn
    from ectrack.errors import DatabaseUnusable
    from ectrack.store.migrations import migrate

    if app_state.on_server:
        from ectrack.store import postgres

        app_state._conn = postgres.connect(app_state.db)
        migrate(app_state._conn, app_state.where)
        return app_state._conn
    from ectrack.store.db import connect, create_private_file

    path = app_state.db_path
    if not create and not path.is_file():
        raise DatabaseUnusable(f"there is no ectrack database at {path}; check the path")
    try:
        created = create_private_file(path)
    except OSError as e:
        raise DatabaseUnusable(
            f"cannot create the database {path}: {e.strerror}; "
            "give --db a path in a folder you can write to"
        ) from None
    if created:
        print(f"Created a new ectrack database at {path}", file=sys.stderr)
    app_state._conn = connect(path)
    migrate(app_state._conn, str(path))
    return app_state._conn


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
    return Author(actor=state(ctx).audit_actor, command=command, today=state(ctx).today)
