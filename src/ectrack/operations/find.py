"""Finding people and schools by what an officer is told on the phone.

``find_ects``/``find_schools`` rank the ECTs and schools matching every word
typed; ``resolve_ect`` and ``resolve_school`` let any command take a name where
it takes a TRN or URN: a name that picks out exactly one record is used (and
the command says which), several are listed and never guessed between.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, replace

from ectrack.errors import InvalidValue, NotFound
from ectrack.labels import school_words
from ectrack.rules import identifiers as ids
from ectrack.store import search

#: Words that join a name to a school ("Freya Taylor at Fieldhead") and match nothing.
JOINING_WORDS = frozenset({"at", "from", "of", "in"})
#: How many records a listing shows before saying how many more there are.
SHOWN = 20


class Ambiguous(NotFound):
    """A name matched more than one record: the message lists them."""


@dataclass(frozen=True, slots=True)
class Match:
    kind: str  # "ect" or "school"
    code: str  # TRN or URN
    name: str
    score: int
    exact: bool  # every word of the name typed, and every word typed a whole word
    school_urn: str | None = None
    school_name: str | None = None
    detail: str | None = None  # a school's town and local authority

    @property
    def command(self) -> str:
        return f"ectrack {'ect' if self.kind == 'ect' else 'school'} show {self.code}"

    @property
    def described(self) -> str:
        """``Freya Taylor (TRN 5659611) at Fieldhead Primary (107029)``."""
        if self.kind == "school":
            return f"{self.name} (URN {self.code})" + (f", {self.detail}" if self.detail else "")
        where = f" at {school_words(self.school_urn, self.school_name)}" if self.school_urn else ""
        return f"{self.name} (TRN {self.code}){where}"

    def to_json(self) -> dict:
        if self.kind == "ect":
            return {
                "trn": self.code,
                "name": self.name,
                "school_urn": self.school_urn,
                "school_name": self.school_name,
                "command": self.command,
            }
        return {"urn": self.code, "name": self.name, "place": self.detail, "command": self.command}


@dataclass(frozen=True, slots=True)
class Found:
    """What a search found: how many, how many exactly, and the best ``SHOWN`` or so."""

    total: int
    exact: int
    best: list[Match]


def query_words(text: object) -> list[str]:
    words = search.fold(text).split()
    kept = [w for w in words if w not in JOINING_WORDS]
    return kept or words


def _word_score(word: str, own: str, name_words: set[str]) -> int:
    """3 a whole word of the name, 2 the start of one, 1 anywhere else in the record."""
    if word in name_words:
        return 3
    if f" {word}" in own and any(n.startswith(word) for n in name_words):
        return 2
    return 1


def _ranked(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.score, m.name.casefold(), m.code))


def find_ects(conn: sqlite3.Connection, text: object, shown: int = SHOWN) -> Found:
    """ECTs matching every word (in their names, TRN or email, or their school's name),
    best first; the best ``shown`` (and every exact match) come with their school."""
    words = query_words(text)
    at_school = {w: search.schools_holding(conn, w) for w in words}
    own_only = [w for w in words if not at_school[w]]  # no school has it: the ECT must
    hits = search.ect_hits(conn, own_only, words)
    elsewhere = [h.trn for h in hits if not all(w in h.key for w in words)]
    schools = search.schools_of(conn, elsewhere)
    matches = []
    for hit in hits:
        own = [w in hit.key for w in words]
        school = schools.get(hit.trn)
        if not all(
            o or (school and school[0] in at_school[w]) for w, o in zip(words, own, strict=True)
        ):
            continue
        name_words = set(search.fold(f"{hit.first_name} {hit.last_name}").split())
        former_words = set(search.fold(hit.former_names).split())
        known = name_words | former_words
        of_school = set(school[2].split()) if school else set()
        whole = all(
            w in known or w == hit.trn or (not o and w in of_school)
            for w, o in zip(words, own, strict=True)
        )
        typed = set(words)
        exact = whole and (name_words <= typed or (bool(former_words) and former_words <= typed))
        score = sum(
            _word_score(w, hit.key, known) if o else 1 for w, o in zip(words, own, strict=True)
        )
        matches.append(
            Match("ect", hit.trn, f"{hit.first_name} {hit.last_name}", score + 10 * exact, exact)
        )
    best = _ranked(matches)[:shown]
    where = schools | search.schools_of(conn, [m.code for m in best if m.code not in schools])
    best = [
        replace(m, school_urn=where[m.code][0], school_name=where[m.code][1])
        if m.code in where
        else m
        for m in best
    ]
    return Found(len(matches), sum(m.exact for m in matches), best)


def find_schools(conn: sqlite3.Connection, text: object, shown: int = SHOWN) -> Found:
    """Schools matching every word (in their name, URN, LAESTAB, town or LA), best first."""
    words = query_words(text)
    matches = []
    for hit in search.school_hits(conn, words):
        folded = search.fold(hit.name).split()
        name_words = set(folded)
        exact = folded == words or words == [hit.urn]
        score = sum(_word_score(w, hit.key, name_words) for w in words) + 10 * exact
        place = ", ".join(dict.fromkeys(p for p in (hit.town, hit.local_authority) if p)) or None
        matches.append(Match("school", hit.urn, hit.name, score, exact, detail=place))
    return Found(len(matches), sum(m.exact for m in matches), _ranked(matches)[:shown])


def _listing(matches: list[Match], total: int) -> str:
    lines = [f"  {m.described}" for m in matches[:SHOWN]]
    if total > SHOWN:
        lines.append(f"  … and {total - SHOWN:,} more")
    return "\n".join(lines)


def _choose(found: Found, text: str, what: str, code: str, fix: str) -> Match:
    if found.exact == 1:
        return found.best[0]  # exact matches rank first
    if found.total == 1:
        return found.best[0]
    if not found.total:
        raise NotFound(
            f"no {what} matches {text!r}; check the spelling, or search with 'ectrack find {text}'"
        )
    several = found.exact or found.total
    shown = [m for m in found.best if m.exact] if found.exact else found.best
    raise Ambiguous(
        f"{several:,} {what}s match {text!r}; give the {code} or more of the name "
        f"({fix}):\n{_listing(shown, several)}"
    )


def _looks_like_code(text: str) -> bool:
    """Any digit, or no letter: a TRN or URN (however mistyped), never a name."""
    return any(c.isdigit() for c in text) or not any(c.isalpha() for c in text)


def resolve_ect(conn: sqlite3.Connection, text: str) -> tuple[str, Match | None]:
    """The TRN ``text`` means: itself when it looks like a TRN, else the one ECT whose
    name (with their school's, if given) it matches. The match is returned so the
    command can say whom it chose."""
    if _looks_like_code(text):
        return text, None
    match = _choose(
        find_ects(conn, text), text, "ECT", "TRN", 'for example "Freya Taylor Fieldhead"'
    )
    return match.code, match


def resolve_school(conn: sqlite3.Connection, text: str) -> tuple[str, Match | None]:
    """The URN ``text`` means: itself when it looks like a URN, else the one school whose
    name (or town, LAESTAB) it matches."""
    if "/" in text:  # a LAESTAB, e.g. 201/3614
        with contextlib.suppress(InvalidValue):
            text = ids.normalise_laestab(text)
    elif _looks_like_code(text):
        return text, None
    match = _choose(
        find_schools(conn, text), text, "school", "URN", 'for example "Fieldhead Primary Leeds"'
    )
    return match.code, match
