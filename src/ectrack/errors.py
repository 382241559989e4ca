"""Errors an officer can cause and fix, each one line of text and an exit code.

Everything foreseeable is raised as an ``EctrackError``; the command line turns
it into one line on stderr and the exit code of the design (1 refused, 3 an
input file rejected). Anything else is a bug.
"""

from __future__ import annotations

#: Longer values are cut short in messages (a cell can hold a megabyte).
SHOWN_CHARACTERS = 80


def shown(value: object) -> str:
    """A value as a message quotes it: whole, or its start and how long it is."""
    text = str(value)
    if len(text) <= SHOWN_CHARACTERS:
        return text
    return f"{text[: SHOWN_CHARACTERS - 20]}… ({len(text):,} characters)"


class EctrackError(Exception):
    """A refusal the officer can act on: the message says why and what to do."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidValue(EctrackError):
    """One value failed validation.

    ``field`` is the domain name of the value (``trn``, ``date_of_birth``);
    callers that know how the officer typed it (a command-line option, a
    spreadsheet column) pass ``label`` to ``describe`` so the message names
    it their way.
    """

    def __init__(self, field: str, value: object, problem: str, fix: str):
        self.field = field
        self.value = value
        self.problem = problem
        self.fix = fix
        self.label: str | None = None  # set once the field is named the officer's way
        super().__init__(self.describe())

    def describe(self, label: str | None = None) -> str:
        if self.value is None:
            return f"{label or self.field} is missing: {self.problem}; {self.fix}"
        return f"{label or self.field} {shown(self.value)!r}: {self.problem}; {self.fix}"

    def relabel(self, label: str) -> InvalidValue:
        """Name the field as the officer typed it (``--dob``, ``Date of birth``)."""
        self.label = label
        self.message = self.describe(label)
        self.args = (self.message,)
        return self


class NotFound(EctrackError):
    """A TRN, URN or other record that the database does not hold."""


class RuleBroken(EctrackError):
    """The change would break a rule of induction (overlap, second outcome...)."""


class DatabaseUnusable(EctrackError):
    """The database file cannot be opened, is not ectrack's, or is too new."""


class DatabaseRefused(EctrackError):
    """The database refused a change (a constraint ectrack's own checks missed)."""

    def __init__(self, detail: object):
        super().__init__(
            f"the database refused the change ({detail}); nothing was written. "
            "If this repeats, make a copy of the database and report it."
        )


class ReadOnlyLogin(EctrackError):
    """The server refused a write: this login may only read (``team add --role reader``)."""


class FileRejected(EctrackError):
    """An input file was rejected, in whole or in part."""

    exit_code = 3
