"""Rendering: JSON to stdout for scripts, rich tables for people, messages to stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence

import typer


def print_json(document: object) -> None:
    """The JSON document, and nothing else, on stdout."""
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")


def say(message: str) -> None:
    """A message for the person at the terminal (stderr, so stdout stays clean)."""
    typer.echo(message, err=True)


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
