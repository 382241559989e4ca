"""``ectrack team`` (officers' logins on a PostgreSQL server) and ``ectrack db copy``."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from ectrack.cli.output import print_json, print_table, say
from ectrack.cli.state import AppState, author, state

app = typer.Typer(
    help="The AB's team on a PostgreSQL server: who may change records (officers) and "
    "who may only read them (readers). Each officer signs in as themselves, and the audit "
    "log names their login.",
    no_args_is_help=True,
)
db_app = typer.Typer(help="The database as a whole: moving an AB's records.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Login = Annotated[str, typer.Argument(metavar="LOGIN", help="The officer's server login.")]
#: A login ectrack will create or name: letters, digits and . _ @ - (as most hubs' are).
LOGIN_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9._@-]{0,62}$")


def _server(ctx: typer.Context) -> AppState:
    from ectrack.errors import EctrackError

    app_state = state(ctx)
    if not app_state.on_server:
        raise EctrackError(
            f"{app_state.where} is an SQLite file, which is one officer's; a team works on "
            "a PostgreSQL server: see the README, 'A team on PostgreSQL' "
            "(ectrack db copy moves this file there)"
        )
    return app_state


def _checked(login: str) -> str:
    from ectrack.errors import InvalidValue

    login = login.strip()
    if not LOGIN_PATTERN.match(login):
        raise InvalidValue(
            "login",
            login,
            "a login is a letter then up to 62 letters, digits, '.', '_', '@' or '-'",
            "give the officer's server login, e.g. jo.ellis",
        )
    return login


def _owner_only(action):
    """Run ``action``; a refusal by the server means only the owner may do it."""
    from ectrack.errors import EctrackError, ReadOnlyLogin

    try:
        return action()
    except ReadOnlyLogin:
        raise EctrackError(
            "only the owner of this AB's database (or a server administrator) can change "
            "the team; nothing was changed"
        ) from None


def add(
    ctx: typer.Context,
    login: Login,
    role: Annotated[
        str,
        typer.Option(
            "--role",
            help="officer: records, decides and imports; reader: reads and reports only "
            "(the server refuses any change).",
        ),
    ] = "officer",
    json_output: Json = False,
) -> None:
    """Let a login work on this AB's records, as an officer or a reader. A login the
    server does not know yet is created without a password: the server's administrator
    sets how it signs in (for example, ALTER ROLE jo.ellis PASSWORD '…' in psql).

    Example: ectrack --db postgresql://manager@db.hub.example/ab team add jo.ellis --role officer
    """
    from ectrack.errors import InvalidValue
    from ectrack.store import postgres
    from ectrack.store.audit import record_event
    from ectrack.store.db import transaction

    login = _checked(login)
    if role not in ("officer", "reader"):
        raise InvalidValue("role", role, "the role is officer or reader", "give --role officer")
    conn = _server(ctx).connect()
    before = {m["login"]: m["role"] for m in postgres.team(conn)}.get(login)

    def change() -> bool:
        with transaction(conn):
            postgres.secure(conn)
            created = postgres.add_to_team(conn, login, role)
            if before != role:
                record_event(
                    conn,
                    author(ctx),
                    entity="team",
                    entity_id=login,
                    action="update" if before else "create",
                    before={"role": before} if before else None,
                    after={"role": role},
                )
            return created

    created = _owner_only(change)
    if json_output:
        print_json({"login": login, "role": role, "login_created": created})
        return
    say(
        f"{login} is now {'an officer' if role == 'officer' else 'a reader'} of this AB"
        + ("; the login is new: set its password on the server" if created else "")
    )


def list_(ctx: typer.Context, json_output: Json = False) -> None:
    """The logins that may work on this AB's records, with their roles.

    Example: ectrack team list
    """
    from ectrack.store import postgres

    members = postgres.team(_server(ctx).connect())
    if json_output:
        print_json(members)
        return
    print_table(
        f"{len(members)} in the team",
        ["Login", "Role"],
        [(m["login"], m["role"].capitalize()) for m in members],
    )


def remove(ctx: typer.Context, login: Login, json_output: Json = False) -> None:
    """Take a login off this AB's team: it can no longer read or change the records.
    The login itself, and every audit event it recorded, stay.

    Example: ectrack team remove jo.ellis
    """
    from ectrack.errors import EctrackError
    from ectrack.store import postgres
    from ectrack.store.audit import record_event
    from ectrack.store.db import transaction

    login = _checked(login)
    conn = _server(ctx).connect()
    role = {m["login"]: m["role"] for m in postgres.team(conn)}.get(login)
    if role is None:
        raise EctrackError(f"{login} is not in this AB's team; see: ectrack team list")

    def change() -> None:
        with transaction(conn):
            postgres.remove_from_team(conn, login)
            record_event(
                conn,
                author(ctx),
                entity="team",
                entity_id=login,
                action="delete",
                before={"role": role},
            )

    _owner_only(change)
    if json_output:
        print_json({"login": login, "removed": True})
        return
    say(f"{login} is no longer in this AB's team")


def copy(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="An ectrack file or postgresql:// URL.")
    ],
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET", help="A new file, or an empty database on a server (a URL)."
        ),
    ],
    json_output: Json = False,
) -> None:
    """Copy a whole AB from one database to another: from an SQLite file onto a
    PostgreSQL server when the AB becomes a team, or back. All or nothing: before
    anything is kept, the copy must hold as many rows as the source in every table and
    its audit log must verify. The source's records are only read.

    Example: ectrack db copy ectrack.db postgresql://manager@db.hub.example/ab
    """
    from ectrack.cli.progress import progress_bar
    from ectrack.cli.state import open_database
    from ectrack.errors import EctrackError
    from ectrack.operations.copy import copy_database

    app_state = state(ctx)
    if source.strip() == target.strip():
        raise EctrackError("SOURCE and TARGET are the same database; give a new TARGET")
    source_db = AppState(db=source, today=app_state.today)
    target_db = AppState(db=target, today=app_state.today)
    try:
        source_conn = open_database(source_db, create=False)
        target_conn = open_database(target_db, create=True)
        with progress_bar(ctx, "Copying", minimum=10_000) as bar:
            done = copy_database(source_conn, target_conn, target_db.where, progress=bar)
    finally:
        source_db.close()
        target_db.close()
    if json_output:
        print_json({"source": source_db.where, "target": target_db.where, **done})
        return
    say(
        f"Copied {done['rows']:,} rows ({done['tables']['ects']:,} ECTs, "
        f"{done['audit_events']:,} audit events) from {source_db.where} to {target_db.where}; "
        "every table has the same rows and the audit log verifies"
    )


app.command("add")(add)
app.command("list")(list_)
app.command("remove")(remove)
db_app.command("copy")(copy)
