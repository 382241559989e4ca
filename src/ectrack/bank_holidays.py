"""England-and-Wales bank holidays, offline, from the ``holidays`` package.

Importing ``holidays`` costs ~0.15 s (it loads every country), so ectrack copies
the dates into the database once (``store.induction.bank_holidays``) and reads
them from there; ``ectrack init`` refreshes the copy.
"""

from __future__ import annotations

import datetime as dt
import functools

FIRST_YEAR = 1999  # statutory induction began on 7 May 1999


@functools.cache
def england_and_wales(
    first_year: int = FIRST_YEAR, last_year: int | None = None
) -> dict[dt.date, str]:
    """Every bank holiday from ``first_year`` to ``last_year`` (default: 30 years
    ahead), with its name."""
    from holidays.countries.united_kingdom import UnitedKingdom

    last_year = last_year or dt.date.today().year + 30
    return dict(UnitedKingdom(subdiv="ENG", years=range(first_year, last_year + 1)))
