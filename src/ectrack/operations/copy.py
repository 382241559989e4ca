"""Moving a whole AB between an SQLite file and a PostgreSQL server (``db copy``), and
a server's portable snapshot as an SQLite file (``backup``)."""

from __future__ import annotations

from collections.abc import Callable

from ectrack.errors import EctrackError
from ectrack.store import copy as tables
from ectrack.store.audit import verify_chain
from ectrack.store.db import snapshot, transaction

#: Tables a newly opened database may already hold rows in (filled on first need);
#: the source's rows replace them.
FILLED_ON_OPEN = ("meta", "bank_holidays")
#: A target holding any of these already holds an AB's records.
RECORDS = ("schools", "ects", "audit_events")


def copy_database(
    source, target, target_name: str, progress: Callable[[int, int], None] | None = None
) -> dict:
    """Copy every row of ``source`` into the empty ``target`` in one transaction, then
    prove it before committing: the same number of rows in every table, and the audit
    log's chain intact. Anything else leaves ``target`` as it was.
    ``progress(rows done, rows)``."""
    held = [t for t in RECORDS if tables.count(target, t)]
    if held:
        raise EctrackError(
            f"{target_name} already holds an AB's records ({', '.join(held)}); "
            "give db copy a new file or an empty database"
        )
    with snapshot(source), transaction(target):
        counts = {t: tables.count(source, t) for t in tables.TABLES}
        total, done = sum(counts.values()), 0
        for table in FILLED_ON_OPEN:
            tables.clear(target, table)
        for table in tables.TABLES:
            names = tables.columns(source, table)
            for rows in tables.read(source, table, names):
                tables.write(target, table, names, rows)
                done += len(rows)
                if progress:
                    progress(done, total)
        tables.after_copy(target)
        copied = {t: tables.count(target, t) for t in tables.TABLES}
        differ = [f"{t} {counts[t]} → {copied[t]}" for t in tables.TABLES if copied[t] != counts[t]]
        if differ:
            raise EctrackError(
                f"the copy does not match the source ({'; '.join(differ)}); nothing was "
                "written: run db copy again with no one changing the source"
            )
        chain = verify_chain(target)
        if chain.problems:
            raise EctrackError(
                f"the audit log does not verify in the copy ({chain.problems[0][1]}); nothing "
                "was written. Run 'ectrack audit verify' on the source first"
            )
    return {"tables": counts, "rows": total, "audit_events": chain.events, "audit_head": chain.head}


def snapshot_to_file(server, path, progress=None) -> tuple[str, int, int]:
    """A server's records copied into the new, empty SQLite file ``path``: the copy's
    integrity check result and its numbers of ECTs and audit events (as
    ``store.health.backup_copy`` gives for a file)."""
    from ectrack.store.db import connect
    from ectrack.store.health import integrity_check
    from ectrack.store.migrations import migrate

    copy = connect(path)
    try:
        migrate(copy, str(path))
        copy_database(server, copy, str(path), progress)
        result = integrity_check(copy)[0]
        return result, tables.count(copy, "ects"), tables.count(copy, "audit_events")
    finally:
        copy.close()
