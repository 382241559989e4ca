"""``ectrack report termly``: the AB's termly workbook, and one per school."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ectrack.cli.output import print_json, say
from ectrack.cli.progress import progress_bar
from ectrack.cli.state import author, state
from ectrack.labels import term_word, uk_date

app = typer.Typer(help="Reports for the AB, its board and its schools.", no_args_is_help=True)


def _output_path(output: str | None, name: str) -> Path:
    """Where to write: ``output`` as given (the suffix of ``name`` added if missing),
    ``name`` inside it when it is a folder, or ``name`` here when not given."""
    from ectrack.errors import EctrackError

    path = Path(output or name)
    if output and output.endswith(("/", os.sep)) and not path.is_dir():
        raise EctrackError(f"there is no folder {output}; create it, or give -o another folder")
    if path.is_dir():
        return path / name
    suffix = Path(name).suffix
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


@app.command("termly")
def termly(
    ctx: typer.Context,
    term: Annotated[
        str | None,
        typer.Option(
            "--term", help="The term, e.g. 2026-autumn [default: the term holding --today]."
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="The workbook to write, or a folder for it [default: termly-report-TERM.xlsx].",
        ),
    ] = None,
    per_school: Annotated[
        Path | None,
        typer.Option("--per-school", help="Also write one workbook per school into this folder."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print what was written.")] = False,
) -> None:
    """Write the termly report: a summary with a chart of returns by school, then
    sheets for the term's checkpoints, overdue returns (any term), ECTs at risk,
    absence near or over 30 days, outcomes, statutory deadlines, per-school
    compliance, and starters and leavers. Counts agree with 'ectrack checkpoints'
    and 'ectrack ect list' for the same --today. Files are owner-only.

    Example: ectrack report termly --term 2026-autumn -o autumn.xlsx --per-school schools/
    """
    from ectrack.operations.reports import termly_report, write_termly

    app_state = state(ctx)
    with progress_bar(ctx, "Reading the records", minimum=500) as bar:
        report = termly_report(app_state.connect(), app_state.today, term, progress=bar)
        path = _output_path(output, f"termly-report-{report.term.term.name}.xlsx")
        written = write_termly(
            report, path, per_school, progress=bar.stage("School reports", minimum=10)
        )
    if json_output:
        print_json(written)
        return
    s = written["summary"]
    c = s["checkpoints_this_term"]
    say(
        f"Wrote the {term_word(written['term'])} report (as of {uk_date(written['as_of'])}) to "
        f"{path}: "
        f"{s['ects']} ECTs; checkpoints this term: {c['received']} received on time, "
        f"{c['late']} late, {c['overdue']} overdue, {c['due']} due soon, "
        f"{c['upcoming']} upcoming; {s['overdue_any_term']} overdue in all; "
        f"{s['at_risk']} at risk; {s['decisions_due']} decisions due"
    )
    if written["per_school"]:
        files = written["per_school"]["files"]
        say(f"Wrote {len(files)} school reports to {written['per_school']['directory']}")


export_app = typer.Typer(help="Files for the DfE.", no_args_is_help=True)


@export_app.command("riab")
def riab(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help="claims or actions.")],
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="The CSV to write, or a folder for it [default: riab-KIND-TODAY.csv].",
        ),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Everything, not only what is new since the last export.")
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print what was written.")] = False,
) -> None:
    """Write the DfE's 'Record inductions as an appropriate body' bulk-upload CSV:
    claims (ECTs whose induction with this AB has started) or actions (releases and
    passes with their FTE terms). Only what was not exported before, unless --all;
    over 1,000 rows, numbered files. Rows the service would refuse are held back
    with the reason (a pass is exported once the end of induction has passed). Fails
    cannot be uploaded in bulk: 'actions' lists them to record by hand, with the date
    written notice was sent, and so the pass of a fail whose appeal was allowed.

    Example: ectrack export riab claims -o exports/
    """
    from ectrack.errors import InvalidValue
    from ectrack.operations.exports import KINDS, export_riab

    if kind not in KINDS:
        raise InvalidValue("kind", kind, "not a DfE file", "use claims or actions").relabel("KIND")
    app_state = state(ctx)
    path = _output_path(output, f"riab-{kind}-{app_state.today}.csv")
    done = export_riab(
        app_state.connect(), author(ctx), kind, app_state.today, path, everything=everything
    )
    if json_output:
        print_json(done)
    else:
        for f in done["files"]:
            say(f"Wrote {f['rows']} {kind} to {f['file']}")
        if not done["files"]:
            say(f"No new {kind} to export" + ("" if everything else " (--all for every one)"))
    for item in done["held_back"]:
        say(f"Held back {item['trn']}: {item['problem']}")
    for fail in done["fails"]:
        notice = fail["written_notice_sent_on"]
        if fail["appeal_allowed_on"]:
            say(
                f"Ask the DfE to record a PASS for {fail['trn']} {fail['first_name']} "
                f"{fail['last_name']} (born {uk_date(fail['date_of_birth'])}): the appeal against "
                f"the fail was allowed on {uk_date(fail['appeal_allowed_on'])}; induction ended "
                f"{uk_date(fail['induction_period_end_date'])}, "
                f"{fail['number_of_terms']:.1f} terms (the service records appeals by hand)"
            )
            continue
        say(
            f"Record by hand in the DfE service: FAIL for {fail['trn']} {fail['first_name']} "
            f"{fail['last_name']} (born {uk_date(fail['date_of_birth'])}), induction ended "
            f"{uk_date(fail['induction_period_end_date'])}, {fail['number_of_terms']:.1f} terms; "
            + (
                f"written notice sent {uk_date(notice)}"
                if notice
                else f"written notice not recorded yet: 'ectrack decision notify {fail['trn']} "
                "--fail-notice-sent DATE' first"
            )
        )
