"""Progress bars for long work, on stderr.

Operations report how far they have got through a plain ``(done, total)``
callback and know nothing of rich. A bar appears only for a person: stderr a
terminal and no ``--quiet``; in scripts and pipes nothing is drawn.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import typer

from ectrack.cli.state import state

#: At most how many steps pass between redraws (a hundredth of the work, at most this),
#: so updates cost nothing measurable.
REDRAW_EVERY = 50


class ProgressBar:
    """A ``(done, total)`` callback that draws one bar per stage (``stage(label)``)."""

    def __init__(self, label: str, enabled: bool, minimum: int = 0):
        self.enabled = enabled
        self.minimum = minimum
        self.label = label
        self._bar = None
        self._task = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def stage(self, label: str, minimum: int | None = None) -> Callable[[int, int], None]:
        """The callback for the next stage of the work, under its own label."""
        if self._bar is not None and self._task is not None:
            self._bar.remove_task(self._task)
        self.label = label
        self._task = None
        if minimum is not None:
            self.minimum = minimum
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < max(self.minimum, 1):
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
        if self._task is None:
            self._task = self._bar.add_task(self.label, total=total)
        if done % max(1, min(REDRAW_EVERY, total // 100)) == 0 or done >= total:
            self._bar.update(self._task, completed=done, total=total)


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # stderr closed or replaced
        return False


def progress_bar(ctx: typer.Context, label: str, minimum: int = 0) -> ProgressBar:
    """A bar for this command's long work (``minimum``: fewer steps draw nothing)."""
    return ProgressBar(label, stderr_is_terminal() and not state(ctx).quiet, minimum)
