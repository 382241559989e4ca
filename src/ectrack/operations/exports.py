"""``export riab``: the DfE bulk-upload files, holding only what is new."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from ectrack.store.audit import Author

KINDS = {"claims": "claim", "actions": "action"}


def numbered(path: Path, count: int) -> list[Path]:
    """``path`` itself for one file; ``name-1.csv``, ``name-2.csv``... for more."""
    if count == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(1, count + 1)]


def export_riab(
    conn: sqlite3.Connection,
    author: Author,
    kind: str,
    today: dt.date,
    output: Path,
    *,
    everything: bool = False,
) -> dict:
    """Write the claims or actions not exported before (``everything``: all of them) to
    ``output``, split as the service needs; remember them. Returns what was written,
    what was held back and why, and (actions) the fails to record by hand."""
    from ectrack.reports import riab
    from ectrack.spreadsheets.safe_write import open_private
    from ectrack.store.audit import record_event
    from ectrack.store.db import transaction
    from ectrack.store.exports import exported_keys, remember_exports
    from ectrack.store.induction import iter_inductions

    inductions = iter_inductions(conn, today)
    fails: list[riab.Fail] = []
    if kind == "claims":
        items, header = riab.claims(inductions, today), riab.CLAIMS_HEADER
    else:
        (items, fails), header = riab.actions(inductions, today), riab.ACTIONS_HEADER
    done = set() if everything else exported_keys(conn, KINDS[kind])
    new = [i for i in items if i.key not in done]
    ready = [i for i in new if i.problem is None]
    held = [i for i in new if i.problem is not None]
    files = riab.csv_files(header, ready)
    paths = numbered(Path(output), len(files))
    listed = set() if everything else exported_keys(conn, "fail")
    new_fails = [f for f in fails if f.key not in listed]
    if taken := [p for p in paths if p.exists()]:
        from ectrack.errors import EctrackError

        raise EctrackError(
            f"{taken[0]} already exists and may hold rows not yet uploaded; nothing was "
            "written: upload or move it first, or give -o another name"
        )
    written = []
    try:
        for path, file in zip(paths, files, strict=True):
            with open_private(path) as f:
                f.write(file.text.getvalue().encode("utf-8"))
            written.append(path)
        with transaction(conn):
            for path, file in zip(paths, files, strict=True):
                remember_exports(
                    conn, KINDS[kind], [(i.key, i.trn, str(path)) for i in file.items], today
                )
            remember_exports(
                conn,
                "fail",
                [
                    (f.key, f.trn, None)
                    for f in new_fails
                    if f.notice_sent_on or f.appeal_allowed_on
                ],
                today,
            )
            if files or new_fails:
                record_event(
                    conn,
                    author,
                    entity="riab_export",
                    entity_id=f"{kind} {today}",
                    action="create",
                    after={
                        "kind": kind,
                        "files": [str(p) for p in paths],
                        "rows": len(ready),
                        "fails_listed": len(new_fails),
                    },
                )
    except BaseException:
        for path in written:  # not remembered, so not left behind either
            path.unlink(missing_ok=True)
        raise
    return {
        "kind": kind,
        "as_of": today.isoformat(),
        "files": [
            {"file": str(p), "rows": len(f.items), "bytes": os.path.getsize(p)}
            for p, f in zip(paths, files, strict=True)
        ],
        "rows": len(ready),
        "already_exported": len(items) - len(new),
        "held_back": [i.to_json() for i in held],
        "fails": [f.to_json() for f in new_fails],
    }
