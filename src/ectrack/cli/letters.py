"""``ectrack letter``: the AB's letters as Word documents and Outlook drafts, from
templates the AB owns."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ectrack.cli.output import print_json, print_table, say
from ectrack.cli.params import Trn, resolve_ect_value
from ectrack.cli.state import author, state

app = typer.Typer(
    help="The AB's letters as Word documents (.docx) and email drafts (.eml) for Outlook: "
    "statutory notices of decisions, registration, interim requests, transfers.",
    no_args_is_help=True,
)
templates_app = typer.Typer(
    help="The Word templates letters are written from: export, edit on your letterhead, use.",
    no_args_is_help=True,
)
app.add_typer(templates_app, name="templates")

Output = Annotated[
    Path,
    typer.Option(
        "-o", "--output", help="Write the letters here, a folder per ECT [default: this folder]."
    ),
]
Eml = Annotated[
    Path | None,
    typer.Option(
        "--eml",
        help="Also write an unsent email (.eml) per recipient with the letter attached, "
        "into this folder: Outlook and Thunderbird open it ready to check and send.",
    ),
]
Dated = Annotated[
    str | None,
    typer.Option("--dated", help="The letters' date, the day they are sent [default: today]."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _write(ctx: typer.Context, build, output: Path, eml: Path | None, json_output: bool):
    """Build the letters, write them in one transaction, and say what was written."""
    from ectrack.operations.letters import write_letters
    from ectrack.store.db import transaction

    app_state = state(ctx)
    with transaction(app_state.connect()) as conn:
        letters = build(conn, app_state.today)
        written = write_letters(conn, author(ctx), letters, output, eml=eml, today=app_state.today)
    report_written(written, json_output)


def report_written(written, json_output: bool) -> None:
    if json_output:
        print_json({"written": written.files, "problems": written.problems})
    else:
        for item in written.files:
            to = f" to {item['to']}" if item.get("to") else ""
            say(f"Wrote {item.get('file') or item['eml']}{to}")
            if item.get("file") and item.get("eml"):
                say(f"  and the email draft {item['eml']}")
        for problem in written.problems:
            say(f"Not written: {problem}")
    if written.problems:
        raise typer.Exit(1)


@app.command("decision")
def decision(
    ctx: typer.Context,
    trn: Annotated[
        str | None,
        typer.Argument(
            metavar="TRN",
            help="The ECT: a TRN, or a name that matches one ECT.",
            callback=resolve_ect_value,
        ),
    ] = None,
    all_since: Annotated[
        str | None,
        typer.Option(
            "--all-since",
            help="Instead of one ECT: every ECT with a decision made on or after this date.",
        ),
    ] = None,
    output: Output = Path("."),
    eml: Eml = None,
    dated: Dated = None,
    json_output: Json = False,
) -> None:
    """Write the written notices of an ECT's latest decision (REG 11(7)), one Word
    letter per recipient: the ECT; the headteacher and employer; the TRA. Every fact is
    filled from the record: names, TRN, school, induction dates, FTE terms, the decision
    and its date; for an extension its length and the final assessment after it; for a
    fail or an extension the right of appeal, to whom, and the last day to appeal,
    counted from the letters' date (notice is received on the 2nd working day after,
    then 20 working days; bank holidays are not working days).
    The letters' date is --dated, else the day 'decision notify' recorded the ECT's
    notice, else today. Writing letters does not record the notice: once they are sent,
    run 'ectrack decision notify TRN --on DATE'.

    Example: ectrack letter decision 1234567 --eml drafts/
    """
    from ectrack.errors import InvalidValue
    from ectrack.operations.letters import decided_since, decision_letters

    if (trn is None) == (all_since is None):
        raise InvalidValue(
            "trn",
            None,
            "give one ECT or --all-since DATE",
            "e.g. 'ectrack letter decision "
            "1234567' or 'ectrack letter decision --all-since 2026-07-01'",
        ).relabel("TRN")

    def build(conn, today):
        trns = [trn] if trn else decided_since(conn, all_since)
        if not trns:
            say(f"No decision has been made since {all_since}")
        return decision_letters(conn, trns, today=today, dated=dated)

    _write(ctx, build, output, eml, json_output)


def _one(kind: str, trn: str, dated: str | None, **extra):
    """What builds one ECT's registration, interim-request or transfer letter."""
    from ectrack.operations.letters import one_letter

    return lambda conn, today: [one_letter(conn, kind, trn, today=today, dated=dated, **extra)]


@app.command("registration")
def registration(
    ctx: typer.Context,
    trn: Trn,
    output: Output = Path("."),
    eml: Eml = None,
    dated: Dated = None,
    json_output: Json = False,
) -> None:
    """Write the letter confirming to an ECT's school that they are registered for
    induction with this AB: start date, programme, FTE, mentor and tutor, and the first
    return due.

    Example: ectrack letter registration 1234567 --eml drafts/
    """
    _write(ctx, _one("registration", trn, dated), output, eml, json_output)


@app.command("interim-request")
def interim_request(
    ctx: typer.Context,
    trn: Trn,
    output: Output = Path("."),
    eml: Eml = None,
    dated: Dated = None,
    json_output: Json = False,
) -> None:
    """Write the letter asking the school an ECT left part-way through induction for
    their interim assessment.

    Example: ectrack letter interim-request 1234567 --eml drafts/
    """
    _write(ctx, _one("interim-request", trn, dated), output, eml, json_output)


@app.command("transfer")
def transfer(
    ctx: typer.Context,
    trn: Trn,
    to: Annotated[str, typer.Option("--to", help="The next appropriate body's name.")],
    to_email: Annotated[
        str | None, typer.Option("--to-email", help="Its email address, for the draft.")
    ] = None,
    output: Output = Path("."),
    eml: Eml = None,
    dated: Dated = None,
    json_output: Json = False,
) -> None:
    """Write the covering letter to an ECT's next AB for the transfer file written by
    'ectrack ect transfer-out'. The transfer file itself is not attached to the draft:
    it holds personal data, so send it by your secure route.

    Example: ectrack letter transfer 1234567 --to "Pennine Teaching School Hub"
    """
    from ectrack.rules import identifiers as ids

    extra = {"next_ab": ids.check_name(to, "to")}
    if to_email is not None:
        extra["next_ab_email"] = ids.check_email(to_email, "to_email")
    _write(ctx, _one("transfer", trn, dated, **extra), output, eml, json_output)


@app.command("settings")
def settings(
    ctx: typer.Context,
    ab_name: Annotated[
        str | None, typer.Option("--ab-name", help="Your appropriate body's name.")
    ] = None,
    ab_email: Annotated[
        str | None, typer.Option("--ab-email", help="The address drafts are sent from.")
    ] = None,
    signed_by: Annotated[
        str | None, typer.Option("--signed-by", help="Who signs the letters.")
    ] = None,
    tra_email: Annotated[
        str | None,
        typer.Option("--tra-email", help="Where notices to the TRA are emailed."),
    ] = None,
    json_output: Json = False,
) -> None:
    """Show or set the details every letter uses: the AB's name, its email address, who
    signs, and the TRA's address for notices. Kept in the database, so every officer's
    letters say the same.

    Example: ectrack letter settings --ab-name "Calder Teaching School Hub" --signed-by
    "Jo Khan, Induction Manager"
    """
    from ectrack.operations.letters import set_settings
    from ectrack.store.db import transaction
    from ectrack.store.letters import letter_settings

    app_state = state(ctx)
    changes = {
        "ab_name": ab_name,
        "ab_email": ab_email,
        "signed_by": signed_by,
        "tra_email": tra_email,
    }
    if any(v is not None for v in changes.values()):
        with transaction(app_state.connect()) as conn:
            found = set_settings(conn, author(ctx), changes)
    else:  # only shown: no write, so a reader may look too
        found = letter_settings(app_state.connect())
    if json_output:
        print_json(found)
        return
    words = {
        "ab_name": "Appropriate body",
        "ab_email": "Email drafts from",
        "signed_by": "Signed by",
        "tra_email": "TRA's email",
    }
    for name, value in found.items():
        typer.echo(f"{words[name]}: {value or '(not set)'}")


@templates_app.command("export")
def templates_export(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="Where to write them.")],
) -> None:
    """Write the templates in use (the AB's own where it has set them, else ectrack's
    plain ones) into a folder, with fields.txt listing the fields each can use. Open
    them in Word, put them on your letterhead, reword them, keep the file names and
    the {{ fields }}, then run 'ectrack letter templates use FOLDER'.

    Example: ectrack letter templates export letter-templates/
    """
    from ectrack.operations.letters import export_templates

    for path in export_templates(state(ctx).connect(), folder):
        say(f"Wrote {path}")


@templates_app.command("use")
def templates_use(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(metavar="FOLDER", help="The folder holding your templates.")
    ],
) -> None:
    """Make your edited templates the ones every officer's letters use (stored in the
    database). Each .docx named as one of ectrack's templates is checked first: one that
    lacks a field the law requires (for a fail: the right of appeal and its last day),
    or uses a field ectrack does not know, is refused with the field named, and then
    none is stored. Templates not in the folder stay as they were.

    Example: ectrack letter templates use letter-templates/
    """
    from ectrack.operations.letters import use_templates
    from ectrack.store.db import transaction

    app_state = state(ctx)
    with transaction(app_state.connect()) as conn:
        stored = use_templates(conn, author(ctx), folder, today=app_state.today)
    for item in stored:
        say(f"Now using your {item['file']} for {item['template']}")


@templates_app.command("list")
def templates_list(ctx: typer.Context, json_output: Json = False) -> None:
    """List the templates, and which are the AB's own.

    Example: ectrack letter templates list
    """
    from ectrack.labels import uk_date
    from ectrack.operations.letters import template_list

    found = template_list(state(ctx).connect())
    if json_output:
        print_json(found)
        return
    print_table(
        "Letter templates",
        ["Template", "What", "In use"],
        [
            [
                t["template"],
                t["about"],
                f"Yours, set {uk_date(t['set_on'])} by {t['set_by']}" if t["own"] else "ectrack's",
            ]
            for t in found
        ],
    )


@templates_app.command("reset")
def templates_reset(
    ctx: typer.Context,
    template: Annotated[str, typer.Argument(metavar="TEMPLATE", help="The template's name.")],
) -> None:
    """Go back to ectrack's own template for one letter.

    Example: ectrack letter templates reset decision-fail-ect
    """
    from ectrack.operations.letters import reset_template
    from ectrack.store.db import transaction

    with transaction(state(ctx).connect()) as conn:
        reset_template(conn, author(ctx), template)
    say(f"{template} is ectrack's own template again")
