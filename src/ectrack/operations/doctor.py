"""Keeping the database file sound: ``backup`` and ``doctor``."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ectrack.errors import EctrackError


@dataclass(frozen=True)
class Finding:
    check: str  # integrity, foreign_keys, permissions, audit, rules
    problem: str
    fix: str

    def to_json(self) -> dict:
        return {"check": self.check, "problem": self.problem, "fix": self.fix}


#: Pages copied per step of a backup: others may write between steps.
BACKUP_PAGES_PER_STEP = 1024


def backup_database(
    conn: sqlite3.Connection, path: Path, progress: Callable[[int, int], None] | None = None
) -> dict:
    """Copy the live database to ``path`` with SQLite's online backup (safe while
    others write), owner-only; then check the copy. ``progress(pages done, pages)``.
    From a server, the copy is a new SQLite file any ectrack opens (``db copy``)."""
    from ectrack.operations.copy import snapshot_to_file
    from ectrack.store.db import create_private_file, is_postgres
    from ectrack.store.health import backup_copy

    path = Path(path)
    if path.exists():
        raise EctrackError(f"{path} already exists; give backup a new file name")
    create_private_file(path)
    try:
        if is_postgres(conn):
            result, ects, events = snapshot_to_file(conn, path, progress)
        else:
            result, ects, events = backup_copy(conn, path, BACKUP_PAGES_PER_STEP, progress)
    except BaseException:
        path.unlink(missing_ok=True)  # no empty file to block the next backup
        raise
    if result != "ok":
        path.unlink()
        raise EctrackError(f"the copy failed its integrity check ({result}); run 'ectrack doctor'")
    return {"file": str(path), "ects": ects, "audit_events": events, "bytes": path.stat().st_size}


def _private(path: Path) -> Finding | None:
    if os.name == "nt":  # no mode bits there: the user-profile folder's ACL keeps it private
        return None
    if not path.exists():
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    if path.is_dir():  # a folder others may write to lets them replace the file
        if mode & 0o002:
            return Finding(
                "permissions",
                f"the folder {path} can be changed by any user (mode {mode:o})",
                f"chmod o-w '{path}', or keep the database in a folder of your own",
            )
    elif mode & 0o077:
        return Finding(
            "permissions",
            f"{path} can be read or changed by other users (mode {mode:o}); it holds personal data",
            f"chmod 600 '{path}'",
        )
    return None


def _rules(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
    """Facts that the rules of induction say cannot be, each with the command to fix it."""
    from ectrack.rules.consistency import problems
    from ectrack.store.induction import iter_inductions

    return [
        Finding("rules", problem, fix)
        for induction in iter_inductions(conn, today)
        for problem, fix in problems(induction)
    ]


def repair(conn: sqlite3.Connection, author, today: dt.date) -> list[str]:
    """Put right what an older ectrack stored wrongly and the rules can restore: a period
    that carries an outcome but ends on the decision date is closed on the end of
    induction. Returns what was changed (each change audited)."""
    from ectrack.operations.ects import update_period
    from ectrack.reports.riab import action_key, fail_key
    from ectrack.rules.consistency import expected_end_of_induction
    from ectrack.store.exports import exported_keys, remember_exports
    from ectrack.store.induction import iter_inductions

    sent = {kind: exported_keys(conn, kind) for kind in ("action", "fail")}
    changed = []
    for induction in list(iter_inductions(conn, today)):
        ended = [p for p in induction.periods if p.outcome]
        if not ended or induction.ect.exempt_reason:
            continue
        end = expected_end_of_induction(induction)
        for p in ended:
            if end is None or p.finished_on == max(end, p.started_on):
                continue
            new_end, trn = max(end, p.started_on), induction.trn
            update_period(conn, author, p, finished_on=new_end)
            line = (
                f"{trn}: period {p.id} ({p.outcome}) now ends on the end of induction "
                f"{new_end} (was {p.finished_on})"
            )
            if p.outcome == "fail":
                kind, old, new = "fail", fail_key(trn, p.finished_on), fail_key(trn, new_end)
            else:
                kind = "action"
                old, new = action_key(trn, p.finished_on, "pass"), action_key(trn, new_end, "pass")
            if old in sent[kind]:  # the DfE has the old date: not sent again
                remember_exports(conn, kind, [(new, trn, None)], today)
                line += "; the DfE was given the old date: correct it in the service by hand"
            changed.append(line)
    return changed


def diagnose(conn: sqlite3.Connection, path: Path | None, today: dt.date) -> list[Finding]:
    """Every check, each finding with what to do (``path`` None: a server, no file)."""
    from ectrack.store.audit import verify_chain
    from ectrack.store.health import foreign_key_problems, integrity_check

    findings = []
    integrity = integrity_check(conn)
    if integrity != ["ok"]:
        findings.append(
            Finding(
                "integrity",
                f"the file is damaged: {'; '.join(integrity[:3])}",
                "stop using it; keep a copy, and restore the last backup (see README, Backups)",
            )
        )
        return findings  # nothing else can be trusted
    for table, rowid, parent in foreign_key_problems(conn):
        findings.append(
            Finding(
                "foreign_keys",
                f"row {rowid} of {table} refers to a missing {parent} row",
                "restore the last backup, or report it with a copy of the database",
            )
        )
    if path is not None:
        path = Path(path)
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), path.parent):
            if finding := _private(candidate):
                findings.append(finding)
    chain = verify_chain(conn)
    for _, problem in chain.problems:
        findings.append(
            Finding(
                "audit",
                problem,
                "keep a copy of this database, find out who changed it, and restore the last "
                "good backup",
            )
        )
    return findings + _rules(conn, today)
