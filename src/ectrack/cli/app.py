"""The root of the command line: global options, command groups, and errors.

Every foreseeable problem is an ``EctrackError``; ``EctrackGroup.invoke``
turns it into one line on stderr and the exit code of the design, so no
traceback reaches an officer.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Annotated

import typer

from ectrack import __version__
from ectrack.cli.params import EctrackCommand, PersonGroup
from ectrack.cli.state import AppState, login_name

#: How each field is named on the command line, for messages.
OPTION_LABELS = {
    "trn": "TRN",
    "urn": "URN",
    "school_urn": "--school",
    "date_of_birth": "--dob",
    "mentor_email": "--mentor-email",
    "tutor_email": "--tutor-email",
    "next_due": "--next-due",
}


def option_label(field: str) -> str:
    return OPTION_LABELS.get(field, "--" + field.replace("_", "-"))


class EctrackGroup(PersonGroup):
    """The root group: runs every command and maps errors to exit codes."""

    def invoke(self, ctx):
        from ectrack.errors import EctrackError, InvalidValue

        try:
            return super().invoke(ctx)
        except EctrackError as e:
            if isinstance(e, InvalidValue) and e.label is None:
                e.relabel(option_label(e.field))
            typer.echo(f"Error: {e.message}", err=True)
            raise typer.Exit(e.exit_code) from None
        except BrokenPipeError:  # the reader went away: main() ends quietly
            raise
        except OSError as e:  # a file ectrack was asked to write or read
            where = e.filename or "the file"
            typer.echo(
                f"Error: cannot use {where}: {e.strerror or e}; check the folder exists and "
                "you may write there",
                err=True,
            )
            raise typer.Exit(1) from None
        except sqlite3.DatabaseError as e:
            from ectrack.errors import DatabaseRefused

            typer.echo(f"Error: {DatabaseRefused(e).message}", err=True)
            raise typer.Exit(1) from None
        finally:
            if isinstance(ctx.obj, AppState):
                ctx.obj.close()


app = typer.Typer(
    cls=EctrackGroup,
    name="ectrack",
    help="ectrack: the Appropriate Body officer's tool for statutory ECT induction.\n\n"
    "Run 'ectrack' alone to see where you are. Wherever a command takes a TRN or URN, "
    "a name that picks out one ECT or school will do; 'ectrack find NAME' searches.\n\n"
    "Example: ectrack demo && ectrack --db ectrack-demo.db find Taylor",
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ectrack {__version__}")
        raise typer.Exit()


def _parse_today(value: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    from ectrack.errors import InvalidValue
    from ectrack.values import parse_date

    try:
        return parse_date(value, "--today")
    except InvalidValue as e:
        raise typer.BadParameter(e.message) from None


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="ECTRACK_DB",
            help="Database file, or a PostgreSQL server: postgresql://LOGIN@HOST/DBNAME or "
            "service=NAME [default: ectrack.db in your user data directory]",
            show_default=False,
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="ECTRACK_USER",
            help="Who is acting, for the audit log [default: your login name]; on a "
            "PostgreSQL server the audit always names your server login",
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            envvar="ECTRACK_TODAY",
            metavar="DATE",
            help="The 'as of' date for statuses, e.g. 2026-11-03 or 3/11/2026 [default: today]",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", envvar="ECTRACK_QUIET", help="No progress bars on long work."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """ectrack keeps an Appropriate Body's schools, ECTs and induction periods in one file."""
    ctx.obj = AppState(
        db=db,
        actor=(actor or "").strip() or login_name(),
        today=_parse_today(today) or dt.date.today(),
        quiet=quiet,
    )
    if ctx.invoked_subcommand is None:
        from ectrack.cli.home import where_you_are

        where_you_are(ctx)


def _register_groups() -> None:
    from ectrack.cli import (
        audit,
        calendar,
        demo,
        ects,
        entitlement,
        find,
        imports,
        induction,
        init,
        letters,
        privacy,
        reports,
        schools,
        team,
        templates,
        todo,
    )

    app.command("init")(init.init)
    app.command("demo")(demo.demo)
    app.command("find")(find.find)
    app.add_typer(schools.app, name="school")
    app.add_typer(ects.app, name="ect")
    ects.app.command("absence")(induction.absence)
    app.add_typer(induction.review_app, name="review")
    app.add_typer(induction.assessment_app, name="assessment")
    app.add_typer(induction.decision_app, name="decision")
    app.command("checkpoints")(induction.checkpoints)
    app.command("deadlines")(induction.deadlines)
    app.command("import")(imports.import_)
    app.command("template")(templates.template)
    app.add_typer(calendar.app, name="calendar")
    app.add_typer(audit.app, name="audit")
    app.add_typer(reports.app, name="report")
    app.add_typer(reports.export_app, name="export")
    ects.app.command("export")(privacy.ect_export)
    ects.app.command("erase")(privacy.ect_erase)
    app.command("retention")(privacy.retention)
    app.command("backup")(privacy.backup)
    app.command("doctor")(privacy.doctor)
    app.add_typer(entitlement.app, name="entitlement")
    app.command("todo")(todo.todo)
    app.command("chase")(todo.chase)
    app.add_typer(letters.app, name="letter")
    app.add_typer(team.app, name="team")
    app.add_typer(team.db_app, name="db")
    _every_command_asks(app)


def _every_command_asks(typer_app: typer.Typer) -> None:
    """Give every command ectrack's command class (typed help, prompts on a terminal)."""
    from typer.core import TyperCommand

    for info in typer_app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = EctrackCommand
    for group in typer_app.registered_groups:
        group.cls = group.typer_instance.info.cls = PersonGroup
        _every_command_asks(group.typer_instance)


_register_groups()


def main() -> None:
    import codecs
    import sys

    for stream in (sys.stdout, sys.stderr):  # a cp1252 console: "?" rather than a crash
        reconfigure = getattr(stream, "reconfigure", None)  # streams may be replaced
        try:
            if reconfigure and codecs.lookup(stream.encoding or "ascii").name != "utf-8":
                reconfigure(errors="replace")
        except (AttributeError, LookupError, ValueError, OSError):
            pass
    try:
        app()
    except BrokenPipeError:  # the reader went away (``ectrack ect list --json | head``)
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
