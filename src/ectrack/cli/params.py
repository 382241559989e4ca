"""How commands take values from a person: names for TRNs and URNs, typed help,
prompts on a terminal, and completion.

- ``Trn`` / ``SchoolArg`` / ``SchoolOption`` take a TRN or URN, or a name that
  picks out exactly one ECT or school (the command says which it chose).
- ``EctrackCommand`` (every command's class, set in ``app.py``) names each
  value in help by what it is (``--on DATE``, ``--fte FTE``) from one table,
  and, only when standard input is a terminal, asks for a required value that
  was left out, offering the choices where they are fixed. In scripts a missing
  value is the usage error (exit 2) it always was.
- Completion of TRNs, URNs and names reads the database directly and cheaply
  (read-only, never creating it).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from ectrack import labels

try:  # typer 0.22+ carries its own copy of click; its parameters are that click's
    from typer import _click as click
except ImportError:  # pragma: no cover - older typer uses click itself
    import click

# ---------------------------------------------------------------- what values are

#: The metavar of each option or argument, by its parameter name.
METAVARS = {
    "trn": "TRN",
    "urn": "URN",
    "school": "URN",
    "post": "URN",
    "fte": "FTE",
    "terms": "TERMS",
    "reduced_to": "TERMS",
    "extension": "TERMS",
    "term": "TERM",
    "days": "DAYS",
    "absence_days": "DAYS",
    "absence_part1": "DAYS",
    "absence_part2": "DAYS",
    "timetable_part1": "PERCENT",
    "timetable_part2": "PERCENT",
    "output": "FILE",
    "errors": "FILE",
    "file": "FILE",
    "path": "FILE",
    "per_school": "FOLDER",
    "sheet": "SHEET",
    "email": "EMAIL",
    "mentor_email": "EMAIL",
    "tutor_email": "EMAIL",
    "first_name": "NAME",
    "last_name": "NAME",
    "former_names": "NAMES",
    "name": "NAME",
    "mentor": "NAME",
    "tutor": "NAME",
    "headteacher": "NAME",
    "ab": "NAME",
    "institution": "NAME",
    "local_authority": "NAME",
    "town": "TOWN",
    "laestab": "NNN/NNNN",
    "within": "DAYS",
    "year": "YEAR",
    "summary": "TEXT",
    "reason": "REASON",
    "phase": "PHASE",
    "override": "REASON",
    "same_person_reason": "TEXT",
    "standards": "TS1=meeting,...",
    "lodged": "DATE",
    "received": "DATE",
    "tra": "DATE",
    "fail_notice_sent": "DATE",
    "headteacher_notified": "DATE",
    "eml": "FOLDER",
    "folder": "FOLDER",
    "to_email": "EMAIL",
    "ab_email": "EMAIL",
    "tra_email": "EMAIL",
    "ab_name": "NAME",
    "signed_by": "NAME",
    "template": "TEMPLATE",
}
DATES_HELP = "Dates may be written 2026-11-03, 03/11/2026 or 3 Nov 2026 (always day first)."
#: Where a parameter's name means something else in one command.
METAVARS_IN = {
    ("notify", "ect"): "DATE",
    ("notify", "headteacher"): "DATE",
    ("notify", "tra"): "DATE",
    ("transfer", "to"): "NAME",
}
#: Parameters that are dates, beyond those named ``*_on``, ``*_date`` or ``date``.
DATE_NAMES = frozenset(
    {
        "on",
        "start",
        "end",
        "dob",
        "from_",
        "to",
        "date",
        "next_due",
        "deadline",
        "assessment_on",
        "dated",
        "all_since",
    }
)
_YES_NO = ("yes", "no")
_PROGRAMMES = ("provider-led", "school-led")
#: Fixed choices, by (command name, parameter name); shown in help and offered in prompts.
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("absence", "kind"): tuple(labels.ABSENCE_WORDS),
    ("record", "kind"): ("first", "final", "interim"),
    ("record", "overall"): ("satisfactory", "unsatisfactory"),
    ("record", "recommendation"): ("satisfactory", "unsatisfactory", "extend"),
    ("record", "on_track"): _YES_NO,
    ("record", "outcome"): ("pass", "fail", "extend"),
    ("appeal", "result"): ("allowed", "dismissed", "extended"),
    ("fidelity", "result"): ("met", "not-met"),
    ("record", "post_suitable"): _YES_NO,
    ("record", "mentor_qts"): _YES_NO,
    ("record", "tutor_qts"): _YES_NO,
    ("add", "special_measures"): _YES_NO,
    ("add", "induction_permitted"): _YES_NO,
    ("update", "special_measures"): _YES_NO,
    ("update", "induction_permitted"): _YES_NO,
    ("add", "assessment_overall"): ("satisfactory", "unsatisfactory"),
    ("add", "assessment"): ("first", "final", "interim"),
    ("checkpoints", "status"): tuple(labels.CHECKPOINT_STATUS_WORDS),
    ("checkpoints", "kind"): ("review", "first", "final", "interim"),
    ("import", "kind"): ("schools", "ects", "checkpoints", "absences"),
    ("list", "status"): tuple(labels.ECT_STATUS_WORDS),
    ("template", "kind"): ("schools", "ects", "checkpoints", "absences", "returns"),
    ("riab", "kind"): ("claims", "actions"),
    ("add", "role"): ("officer", "reader"),
    ("*", "programme"): _PROGRAMMES,
}


def choices_for(command: str, param: str) -> tuple[str, ...] | None:
    return CHOICES.get((command, param)) or CHOICES.get(("*", param))


def metavar_for(command: str, param: click.Parameter) -> str:
    name = param.name or ""
    if choices := choices_for(command, name):
        return "[" + "|".join(choices) + "]"
    if (command, name) in METAVARS_IN:
        return METAVARS_IN[command, name]
    if name in METAVARS:
        return METAVARS[name]
    if name in DATE_NAMES or name.endswith(("_on", "_date")):
        return "DATE"
    return "TEXT"


# ---------------------------------------------------------------- prompts


def is_interactive() -> bool:
    """A person at a terminal, not a script: only then does ectrack ask questions."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # stdin closed or replaced
        return False


def _ask(ctx: click.Context, param: click.Parameter) -> str:
    name = param.name or ""
    choices = choices_for(ctx.command.name or "", name)
    if choices:
        label = name.replace("_", " ").capitalize() + " (" + ", ".join(choices) + ")"
    else:
        label = (getattr(param, "help", None) or name).rstrip(".").split(". ")[0]
    while True:
        value = typer.prompt(label, err=True).strip()
        if not choices:
            if value:
                return value
            continue
        chosen = [c for c in choices if c.casefold() == value.casefold()]
        if chosen:
            return chosen[0]
        typer.echo(f"Please type one of: {', '.join(choices)}", err=True)


def _consume_or_ask(param, consumed, ctx):
    """On a terminal, ask for a required value that was left out."""
    value, source = consumed
    if (
        param.required
        and param.value_is_missing(value)
        and not ctx.resilient_parsing
        and is_interactive()
    ):
        answer = _ask(ctx, param)
        if param.nargs != 1:  # several words (``find TEXT...``)
            return answer.split(), click.core.ParameterSource.PROMPT
        return answer, click.core.ParameterSource.PROMPT
    return value, source


class PersonArgument(TyperArgument):
    """An argument shown by its metavar alone (``TRN``), not ``{TRN} <str>``, and
    asked for on a terminal when left out."""

    def consume_value(self, ctx, opts):
        return _consume_or_ask(self, super().consume_value(ctx, opts), ctx)

    def process_value(self, ctx, value):
        return _processed(self, ctx, value, super().process_value)

    def display_type(self, ctx) -> str:
        return ""

    def _usage_display_name(self) -> str:
        return self.display_name_raw if self.required else f"[{self.display_name_raw}]"


class PersonOption(TyperOption):
    """An option asked for on a terminal when it is required and left out."""

    def consume_value(self, ctx, opts):
        return _consume_or_ask(self, super().consume_value(ctx, opts), ctx)

    def process_value(self, ctx, value):
        return _processed(self, ctx, value, super().process_value)


def _processed(param, ctx, value, process):
    """A value as the command receives it. Text and yes/no flags need no conversion,
    and typer's would import its validation library: a tenth of a second on every
    command and every keypress of completion. So they (and anything while the shell
    completes a word, when nothing runs) pass as typed; numbers, paths and the rest
    go through typer."""
    if ctx.resilient_parsing:
        return value
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if annotation in (str, bool) and (value is None or isinstance(value, annotation)):
        pass
    elif annotation == list[str] and isinstance(value, list | tuple):
        value = [str(v) for v in value]
    else:
        return process(ctx, value)
    if param.required and param.value_is_missing(value):
        raise click.exceptions.MissingParameter(ctx=ctx, param=param)
    return param.callback(ctx, param, value) if param.callback is not None else value


def use_person_parameters(params) -> None:
    """Give typer's parameters ectrack's classes (same layout, so in place)."""
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = PersonArgument
        elif type(param) is TyperOption:
            param.__class__ = PersonOption


class PersonGroup(TyperGroup):
    """A group of commands whose own options (``--help``, completion) are ectrack's."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        use_person_parameters(params)
        return params


class EctrackCommand(TyperCommand):
    """Every ectrack command: typed metavars, prompts on a terminal."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        use_person_parameters(params)
        return params

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_person_parameters(self.params)
        for param in self.params:
            if not isinstance(param, PersonArgument | PersonOption) or getattr(
                param, "is_flag", False
            ):
                continue
            if param.metavar is None:
                param.metavar = metavar_for(self.name or "", param)
            lookup = getattr(param.callback, "__name__", None)
            if lookup in COMPLETERS:
                param._custom_shell_complete = COMPLETERS[lookup]
            elif choices_for(self.name or "", param.name or ""):
                param._custom_shell_complete = _complete_choice
        if self.help and any(p.metavar == "DATE" for p in self.params):
            head, example, tail = self.help.partition("Example:")
            self.help = (
                head.rstrip() + "\n\n" + DATES_HELP + ("\n\n" + example + tail if example else "")
            )


def confirmed(question: str) -> bool:
    """On a terminal, ask ``question`` (default no); elsewhere False: scripts say --yes."""
    if not is_interactive():
        return False
    if typer.confirm(question, default=False, err=True):
        return True
    typer.echo("Nothing was changed.", err=True)
    raise typer.Exit(1)


# ---------------------------------------------------------------- names for codes


def _connection(ctx: click.Context):
    from ectrack.cli.state import state

    return state(ctx).connect()


def _resolve(ctx: click.Context, value: str | None, resolver_name: str) -> str | None:
    if value is None or ctx.resilient_parsing:
        return value
    from ectrack.operations import find

    code, match = getattr(find, resolver_name)(_connection(ctx), value)
    if match is not None:
        typer.echo(f"Using {match.described}", err=True)
    return code


def resolve_ect_value(ctx: click.Context, param: click.Parameter, value: str | None):
    """A parameter callback: a TRN, or the TRN of the one ECT a name matches."""
    return _resolve(ctx, value, "resolve_ect")


def _resolve_school(ctx: click.Context, param: click.Parameter, value: str | None):
    return _resolve(ctx, value, "resolve_school")


# ---------------------------------------------------------------- completion


def _completion_connection(ctx: click.Context):
    """The database for completion, read-only, never created or upgraded; None if there
    is none (or the server does not answer at once)."""
    import os
    import sqlite3

    from ectrack.store.db import is_server, resolve_path

    root = ctx.find_root()
    target = root.params.get("db") or os.environ.get("ECTRACK_DB")
    if is_server(target):
        from ectrack.errors import EctrackError
        from ectrack.store import postgres

        try:
            return postgres.connect(target, timeout=2)
        except EctrackError:
            return None
    path = resolve_path(target)
    if not path.is_file():
        return None
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None


def _complete(ctx, incomplete: str, finder_name: str) -> list:
    """TRNs or URNs, each with the name as its help: what a name or code typed so far
    starts (bash and PowerShell show names turning into TRNs; zsh and fish keep only
    codes starting with what was typed, so there type the digits)."""
    import sqlite3

    from ectrack.errors import EctrackError
    from ectrack.store import search

    conn = _completion_connection(ctx)
    if conn is None:
        return []
    try:
        rows = getattr(search, finder_name)(conn, search.fold(incomplete))
    except (sqlite3.Error, EctrackError):  # an old or damaged database: complete nothing
        return []
    finally:
        conn.close()
    item = click.shell_completion.CompletionItem
    return [item(code, help=" ".join(names)) for code, *names in rows]


def complete_ect(ctx, param, incomplete: str) -> list:
    """ECTs whose TRN, or a word of whose name, starts with what was typed."""
    return _complete(ctx, incomplete, "ects_starting")


def complete_school(ctx, param, incomplete: str) -> list:
    """Schools whose URN, or a word of whose name, starts with what was typed."""
    return _complete(ctx, incomplete, "schools_starting")


def _complete_choice(ctx, param, incomplete: str) -> list:
    choices = choices_for(ctx.command.name or "", param.name or "") or ()
    item = click.shell_completion.CompletionItem
    return [item(c) for c in choices if c.startswith(incomplete.lower())]


#: The completion of each parameter that looks a record up by name.
COMPLETERS = {"resolve_ect_value": complete_ect, "_resolve_school": complete_school}


# ---------------------------------------------------------------- the parameters

_TRN_HELP = 'The ECT: their TRN (7 digits) or their name, e.g. "Freya Taylor".'
_URN_HELP = "The school: its URN (6 digits) or its name."

#: An existing ECT, by TRN or name.
Trn = Annotated[
    str,
    typer.Argument(metavar="TRN", help=_TRN_HELP, callback=resolve_ect_value),
]
#: A TRN being registered now (never looked up by name).
NewTrn = Annotated[str, typer.Argument(metavar="TRN", help="Teacher reference number (7 digits).")]
#: An existing school, by URN or name.
SchoolArg = Annotated[
    str,
    typer.Argument(metavar="URN", help=_URN_HELP, callback=_resolve_school),
]
#: A URN being added now.
NewUrn = Annotated[str, typer.Argument(metavar="URN", help="The school's 6-digit URN.")]


def school_option(help: str, name: str = "--school"):
    """``--school URN`` taking a URN or a school's name."""
    return typer.Option(
        name,
        metavar="URN",
        help=help + " A URN or the school's name.",
        callback=_resolve_school,
    )


def ect_option(help: str, name: str):
    """An option naming an ECT by TRN or name."""
    return typer.Option(
        name,
        metavar="TRN",
        help=help + " A TRN or the ECT's name.",
        callback=resolve_ect_value,
    )
