"""``ectrack template``: workbooks for schools that come back clean."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ectrack.cli.output import print_json, say
from ectrack.cli.params import school_option
from ectrack.cli.state import state

TEMPLATE_KINDS = ("schools", "ects", "checkpoints", "absences", "returns")


def template(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="schools, ects, checkpoints, absences, or returns (pre-filled per school).",
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The workbook to write (for returns: a folder).")
    ],
    term: Annotated[
        str | None, typer.Option("--term", help="returns: the term, e.g. 2026-spring.")
    ] = None,
    school: Annotated[str | None, school_option("returns: only this school.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Write a template for schools: an instructions sheet, drop-downs, date cells and
    TRNs kept as text. 'returns' writes one workbook per school with exactly the
    checkpoints due that term (ECT, TRN, kind, due date), leaving the school only the
    judgements to fill in. Files are owner-only.

    Example: ectrack template returns --term 2026-spring -o returns/
    """
    from ectrack.errors import InvalidValue
    from ectrack.operations.templates import write_blank_template, write_returns
    from ectrack.rules.identifiers import normalise_urn

    if kind not in TEMPLATE_KINDS:
        raise InvalidValue(
            "kind", kind, "not a template", "use " + ", ".join(TEMPLATE_KINDS)
        ).relabel("KIND")
    if kind != "returns":
        if term or school:
            raise InvalidValue(
                "term" if term else "school",
                term or school,
                "only returns are made per term and school",
                "leave it out, or use 'template returns'",
            )
        path = write_blank_template(kind, output)
        written = [{"school_urn": None, "file": str(path), "rows": 0}]
    else:
        if not term:
            raise InvalidValue(
                "term", None, "returns are made for one term", "give --term, e.g. 2026-spring"
            )
        app_state = state(ctx)
        urn = normalise_urn(school, "school_urn") if school else None
        written = [
            {"school_urn": u, "file": str(p), "rows": n}
            for u, p, n in write_returns(app_state.connect(), term, output, app_state.today, urn)
        ]
    if json_output:
        print_json(written)
        return
    for item in written:
        say(f"Wrote {item['file']}" + (f" ({item['rows']} returns)" if kind == "returns" else ""))
    if kind == "returns" and not written:
        from ectrack.labels import term_word

        say(f"No checkpoints fall in {term_word(term)}" + (f" at {school}" if school else ""))
