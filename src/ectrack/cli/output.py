"""Rendering: JSON to stdout for scripts, rich tables for people, messages to stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence

import typer


def print_json(document: object) -> None:
    """The JSON document, and nothing else, on stdout: as \\u escapes where stdout's
    encoding (a cp1252 console, say) cannot hold a character, so nothing is lost."""
    text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
    if not _encodable(text, sys.stdout):
        text = json.dumps(document, indent=2, ensure_ascii=True, default=str)
    sys.stdout.write(text + "\n")


def _encodable(text: str, stream) -> bool:
    """Whether ``stream`` can write ``text`` without an error or a replaced character."""
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeError, LookupError):
        return False
    return True


def say(message: str) -> None:
    """A message for the person at the terminal (stderr, so stdout stays clean)."""
    typer.echo(message, err=True)


def school_names(conn) -> dict[str, str]:
    """Every school's name by URN: read once per command, never per row."""
    from ectrack.store.schools import list_schools

    return {s.urn: s.name for s in list_schools(conn)}


def named_school(conn, urn: str | None) -> str:
    """One school as a person knows it, for a message: ``Fieldhead Primary (100001)``."""
    from ectrack.labels import school_words
    from ectrack.store.schools import get_school

    found = get_school(conn, urn) if urn else None
    return school_words(urn, found.name if found else None)


def _console():
    from rich.console import Console

    return Console(highlight=False)


def print_table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    wrap: Sequence[str] = ("Name", "School", "Change"),
) -> None:
    """A rich table; only the ``wrap`` columns wrap, so dates and codes stay whole."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        wraps = column in wrap
        table.add_column(column, no_wrap=not wraps, min_width=16 if wraps else None)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    _console().print(table)


def print_fields(title: str, fields: Sequence[tuple[str, object]]) -> None:
    """A record as label: value lines."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for label, value in fields:
        table.add_row(label, "" if value is None else str(value))
    _console().print(table)
