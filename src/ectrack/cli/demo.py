"""``ectrack demo``."""

from __future__ import annotations

import typer


def demo(ctx: typer.Context) -> None:
    """Build a demo database of a believable AB (placeholder)."""
    raise NotImplementedError
