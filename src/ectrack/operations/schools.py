"""Adding and correcting schools."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from ectrack.errors import NotFound, RuleBroken
from ectrack.models import School, shallow_dict
from ectrack.rules import identifiers as ids
from ectrack.store import schools as store
from ectrack.store.audit import Author, record_event
from ectrack.store.db import update_row
from ectrack.store.entitlement import refresh_seen
from ectrack.values import parse_yes_no

_OPTIONAL = {
    "local_authority": lambda v: ids.check_name(v, "local_authority"),
    "laestab": ids.normalise_laestab,
    "phase": ids.normalise_phase,
    "headteacher": lambda v: ids.check_name(v, "headteacher"),
    "email": ids.check_email,
    "town": lambda v: ids.check_name(v, "town"),
    "special_measures": lambda v: parse_yes_no(v, "special_measures"),
    "induction_permitted": lambda v: parse_yes_no(v, "induction_permitted"),
}


def _optional_fields(values: dict) -> dict:
    """Validate the optional school fields that were given (None = not given)."""
    return {f: _OPTIONAL[f](v) for f, v in values.items() if v is not None and str(v).strip()}


def missing_school(urn: str) -> NotFound:
    return NotFound(f"no school with URN {urn}; add it first with 'ectrack school add {urn}'")


def require_school(conn: sqlite3.Connection, urn: object, field: str = "urn") -> School:
    urn = ids.normalise_urn(urn, field)
    school = store.get_school(conn, urn)
    if school is None:
        raise missing_school(urn)
    return school


def add_school(conn: sqlite3.Connection, author: Author, urn: object, name: object, **optional):
    """Add a school by URN (``optional``: local_authority, laestab, phase, headteacher,
    email, town, special_measures, induction_permitted)."""
    school = School(
        urn=ids.normalise_urn(urn), name=ids.check_name(name, "name"), **_optional_fields(optional)
    )
    if existing := store.get_school(conn, school.urn):
        raise RuleBroken(
            f"a school with URN {school.urn} already exists ({existing.name}); "
            f"to correct it use 'ectrack school update {school.urn}'"
        )
    store.insert_school(conn, school)
    record_event(
        conn,
        author,
        entity="school",
        entity_id=school.urn,
        action="create",
        after=shallow_dict(school),
    )
    return school


def update_school(conn: sqlite3.Connection, author: Author, urn: object, **fields) -> School:
    """Correct a school's details; only the fields given (not None) change."""
    school = require_school(conn, urn)
    given = {f: v for f, v in fields.items() if v is not None}
    checked = _optional_fields({f: v for f, v in given.items() if f != "name"})
    if "name" in given:
        checked["name"] = ids.check_name(given["name"], "name")
    changes = {f: v for f, v in checked.items() if v != getattr(school, f)}
    if changes:
        update_row(conn, "schools", "urn", school.urn, changes)
        record_event(
            conn,
            author,
            entity="school",
            entity_id=school.urn,
            action="update",
            before={f: getattr(school, f) for f in changes},
            after=changes,
        )
        if changes.keys() & {"special_measures", "induction_permitted"}:
            refresh_seen(conn, author.today, school_urn=school.urn)
    return replace(school, **changes)
