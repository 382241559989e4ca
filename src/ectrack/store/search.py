"""Finding ECTs and schools by what a person remembers of them.

Each ECT and school row carries ``search_key``: its names, codes, email and
town folded (accents removed, case folded, punctuation turned to spaces), so a
search is one ``instr`` scan with no per-row Python. The key is derived data:
``refresh`` rewrites it whenever a row is written, and ``m010`` fills it for
databases made before it existed.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass

#: What the key is made of, per table (the key column is the table's primary key).
KEY_SOURCES = {
    "ects": ("trn", ("first_name", "last_name", "former_names", "email", "trn")),
    "schools": ("urn", ("name", "town", "local_authority", "laestab", "urn")),
}
_APOSTROPHES = re.compile("['`\u2019\u02bc]")  # ' ` and the typographic apostrophes
_PUNCTUATION = re.compile(r"[\W_]+")
#: ASCII text folded in one pass: apostrophes dropped, other punctuation a space.
_ASCII_FOLD = str.maketrans(
    {c: (None if c in "'`" else " ") for c in map(chr, range(128)) if not c.isalnum()}
)


def fold(text: object) -> str:
    """Text as a search compares it: no accents, case folded, words split by one space.

    ``O'Brien`` → ``obrien``, ``Anne-Marie`` → ``anne marie``, ``Zoë`` → ``zoe``;
    letters of other scripts are kept (``Дмитрий`` → ``дмитрий``).
    """
    if text is None:
        return ""
    text = str(text)
    if text.isascii():  # most names and codes: one pass, nothing to decompose
        return " ".join(text.lower().translate(_ASCII_FOLD).split())
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_PUNCTUATION.sub(" ", _APOSTROPHES.sub("", bare)).split())


def key_of(values) -> str:
    """The search key of one row, from its source columns' values (folded at once)."""
    return " " + fold(" ".join(str(v) for v in values if v is not None)) + " "


def refresh(conn: sqlite3.Connection, table: str, keys=None) -> None:
    """Recompute ``search_key`` for the rows of ``table`` with these keys (all when None)."""
    key_column, sources = KEY_SOURCES[table]
    sql = f"SELECT {key_column}, {', '.join(sources)} FROM {table}"
    if keys is None:
        rows = conn.execute(sql).fetchall()
    else:
        keys = list(keys)
        rows = []
        for start in range(0, len(keys), 500):  # keep under SQLite's variable limit
            chunk = keys[start : start + 500]
            rows += conn.execute(
                sql + f" WHERE {key_column} IN ({', '.join('?' * len(chunk))})", chunk
            ).fetchall()
    conn.executemany(
        f"UPDATE {table} SET search_key = ? WHERE {key_column} = ?",
        [(key_of(row[1:]), row[0]) for row in rows],
    )


@dataclass(frozen=True, slots=True)
class EctHit:
    trn: str
    first_name: str
    last_name: str
    former_names: str | None
    email: str | None
    key: str


@dataclass(frozen=True, slots=True)
class SchoolHit:
    urn: str
    name: str
    town: str | None
    local_authority: str | None
    laestab: str | None
    key: str


def ect_hits(conn: sqlite3.Connection, own: list[str], some: list[str]) -> list[EctHit]:
    """ECTs whose own key holds every word of ``own`` and at least one of ``some``."""
    if not some:
        return []
    any_word = "(" + " OR ".join("instr(search_key, ?) > 0" for _ in some) + ")"
    condition = " AND ".join([*("instr(search_key, ?) > 0" for _ in own), any_word])
    rows = conn.execute(
        "SELECT trn, first_name, last_name, former_names, email, search_key FROM ects "
        f"WHERE {condition}",
        [*own, *some],
    )
    return [EctHit(*row) for row in rows]


def schools_of(conn: sqlite3.Connection, trns: list[str]) -> dict[str, tuple[str, str, str]]:
    """TRN → (URN, name, search key) of the school of the post each ECT holds now (the
    lead one, with two), else of their latest post here."""
    found = {}
    for start in range(0, len(trns), 500):  # keep under SQLite's variable limit
        chunk = trns[start : start + 500]
        rows = conn.execute(
            f"""
            SELECT p.trn, s.urn, s.name, s.search_key
            FROM induction_periods p JOIN schools s ON s.urn = p.school_urn
            WHERE p.trn IN ({", ".join("?" * len(chunk))})
            ORDER BY p.trn, p.finished_on IS NULL, coalesce(p.lead, 1), p.started_on
            """,
            chunk,
        )
        for trn, *school in rows:  # ordered so that the one wanted comes last
            found[trn] = tuple(school)
    return found


def schools_holding(conn: sqlite3.Connection, word: str) -> set[str]:
    """URNs of the schools whose key holds ``word``."""
    rows = conn.execute("SELECT urn FROM schools WHERE instr(search_key, ?) > 0", [word])
    return {r[0] for r in rows}


def school_hits(conn: sqlite3.Connection, words: list[str]) -> list[SchoolHit]:
    """Schools whose key holds every one of ``words``."""
    if not words:
        return []
    condition = " AND ".join("instr(search_key, ?) > 0" for _ in words)
    rows = conn.execute(
        f"SELECT urn, name, town, local_authority, laestab, search_key FROM schools "
        f"WHERE {condition}",
        words,
    ).fetchall()
    return [SchoolHit(*row) for row in rows]


def ects_starting(conn: sqlite3.Connection, prefix: str, limit: int = 50) -> list[tuple]:
    """(trn, first name, last name) of ECTs whose TRN, first or last name starts with
    ``prefix`` (folded), for shell completion."""
    rows = conn.execute(
        "SELECT trn, first_name, last_name FROM ects WHERE instr(search_key, ?) > 0 "
        "ORDER BY last_name, first_name LIMIT ?",
        [" " + prefix, limit],
    )
    return rows.fetchall()


def schools_starting(conn: sqlite3.Connection, prefix: str, limit: int = 50) -> list[tuple]:
    """(urn, name) of schools whose URN or a word of the name starts with ``prefix``."""
    rows = conn.execute(
        "SELECT urn, name FROM schools WHERE instr(search_key, ?) > 0 ORDER BY name LIMIT ?",
        [" " + prefix, limit],
    )
    return rows.fetchall()
