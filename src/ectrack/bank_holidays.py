"""England-and-Wales bank holidays, offline, from the ``holidays`` package.

Loaded only by commands that count working days: the import costs ~0.1 s.
"""

from __future__ import annotations

import datetime as dt
import functools


@functools.cache
def england_and_wales(first_year: int = 1999, last_year: int | None = None) -> frozenset[dt.date]:
    """Every bank holiday from ``first_year`` to ``last_year`` (default: 30 years ahead)."""
    from holidays.countries.united_kingdom import UnitedKingdom

    last_year = last_year or dt.date.today().year + 30
    return frozenset(UnitedKingdom(subdiv="ENG", years=range(first_year, last_year + 1)))
