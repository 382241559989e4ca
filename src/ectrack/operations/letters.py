"""Writing the AB's letters (.docx) and email drafts (.eml), and the AB's templates.

Every letter is rendered in memory first, so a template that fails leaves no file;
then each letter is recorded and audited in the command's one transaction (what, to
whom, when, by whom, never its text) and its files are written (owner-only), so a
login that may only read is refused before any file exists, and a file that cannot
be written leaves nothing recorded.
A recipient with no email address recorded still gets the letter; only their
draft is missing, and the command says so and how to put it right.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ectrack.errors import EctrackError, FileRejected, InvalidValue, NotFound
from ectrack.letters.facts import Letter
from ectrack.letters.fields import FIELDS, RECIPIENT_WORDS, TEMPLATES
from ectrack.operations.ects import require_ect
from ectrack.store import letters as store
from ectrack.store.audit import Author, record_event
from ectrack.values import parse_date

#: Each letter's email: its subject and what the covering note says is attached.
EMAILS = {
    "decision": (
        "Induction decision: {ect_name} (TRN {trn})",
        "the appropriate body's written notice of its decision on the induction of "
        "{ect_name} (TRN {trn})",
    ),
    "registration": (
        "Induction registered: {ect_name} (TRN {trn})",
        "our confirmation that {ect_name} (TRN {trn}) is registered for induction",
    ),
    "interim_request": (
        "Interim assessment needed: {ect_name} (TRN {trn})",
        "our request for the interim assessment of {ect_name} (TRN {trn})",
    ),
    "transfer": (
        "Induction record: {ect_name} (TRN {trn})",
        "our covering letter for the induction record of {ect_name} (TRN {trn}); the "
        "record itself follows separately, by secure means",
    ),
}
ECT_SUBJECT = "Your induction: the appropriate body's decision"


@dataclass
class Written:
    """What a letter command wrote, for its messages and ``--json``."""

    files: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def templates_in_use(conn: sqlite3.Connection, names=None) -> dict[str, bytes]:
    """Each template's .docx (or those ``names``): the AB's own where it has stored
    one, else ectrack's."""
    from ectrack.letters.defaults import default_docx

    own = store.stored_templates(conn)
    return {
        name: own[name].data if name in own else default_docx(name)
        for name in TEMPLATES
        if names is None or name in names
    }


def _schools(conn) -> dict:
    from ectrack.store.schools import list_schools

    return {s.urn: s for s in list_schools(conn)}


def _missing_email(letter: Letter) -> str:
    fix = {
        "ect": f"add it with 'ectrack ect update {letter.trn} --email ADDRESS'",
        "school": f"add it with 'ectrack school update {letter.school_urn} --email ADDRESS'",
        "tra": "set it once with 'ectrack letter settings --tra-email ADDRESS'",
        "next_ab": "give --to-email ADDRESS",
    }[letter.recipient]
    who = RECIPIENT_WORDS[letter.recipient]
    if letter.to_name.lower() not in who.lower():
        who += f" ({letter.to_name})"
    return (
        f"no email address recorded for {who}, about {letter.trn}: the letter is written, "
        f"but no email draft; {fix}"
    )


def _email_text(letter: Letter) -> tuple[str, str]:
    values = letter.values
    kind = TEMPLATES[letter.template].letter
    subject, attached = EMAILS[kind]
    if letter.recipient == "ect":
        subject = ECT_SUBJECT
        attached = "the appropriate body's written notice of its decision on your induction"
    body = (
        f"Dear {letter.to_name},\n\nPlease find attached {attached.format(**values)}.\n\n"
        f"Yours sincerely,\n\n{values['signed_by']}\n{values['ab_name']}\n"
    )
    return subject.format(**values), body


def write_letters(
    conn: sqlite3.Connection,
    author: Author,
    letters: list[Letter],
    directory: Path,
    *,
    eml: Path | None,
    today: dt.date,
) -> Written:
    """Render, write and record ``letters``: each ECT's in a folder of their own under
    ``directory`` (and their drafts likewise under ``eml``)."""
    from ectrack.letters.drafts import DOCX, draft
    from ectrack.letters.render import render
    from ectrack.spreadsheets.safe_write import open_private, private_directory, slug

    templates = templates_in_use(conn, {letter.template for letter in letters})
    settings = store.letter_settings(conn)
    planned = []
    for letter in letters:
        folder = f"{letter.trn}-{slug(letter.values['ect_name'])}"
        document = render(templates[letter.template], letter.values)
        email = None
        if eml is not None and letter.to_email:
            subject, body = _email_text(letter)
            email = draft(
                to_name=letter.to_name,
                to_email=letter.to_email,
                subject=subject,
                body=body,
                from_email=settings.get("ab_email"),
                from_name=settings.get("ab_name"),
                attachments=[(f"{letter.template}.docx", document, DOCX)],
            )
        planned.append((letter, folder, document, email))
    written = Written()
    for letter, folder, document, email in planned:
        path = Path(directory) / folder / f"{letter.template}.docx"
        draft_path = None
        if email is not None:
            draft_path = Path(eml) / folder / f"{letter.template}.eml"
        elif eml is not None:
            written.problems.append(_missing_email(letter))
        # recorded first: a login that may only read is refused before any file is written
        _record(conn, author, letter, path, draft_path, today)
        for root, file, data in ((directory, path, document), (eml, draft_path, email)):
            if file is not None:
                private_directory(private_directory(root) / folder)
                with open_private(file) as f:
                    f.write(data)
        written.files.append(
            {
                "trn": letter.trn,
                "template": letter.template,
                "recipient": letter.recipient,
                "to": letter.to_name,
                "email": letter.to_email,
                "file": str(path),
                "eml": str(draft_path) if draft_path else None,
            }
        )
    return written


def _record(conn, author: Author, letter: Letter, path: Path, draft: Path | None, today) -> None:
    _audit_letter(
        conn,
        author,
        {
            "trn": letter.trn,
            "school_urn": letter.school_urn,
            "decision_id": letter.decision_id,
            "template": letter.template,
            "recipient": letter.recipient,
            "written_on": today.isoformat(),
            "dated": letter.dated.isoformat() if letter.dated else None,
            "email": letter.to_email if draft else None,
            "file": path.name,
        },
        letter.to_name,
    )


def _audit_letter(conn, author: Author, row: dict, to_name: str) -> None:
    """Record one letter or draft written (``store.letters.LETTER_COLUMNS``), audited
    with whom it is to: never its text."""
    letter_id = store.insert_letter(conn, row)
    record_event(
        conn,
        author,
        entity="letter",
        entity_id=letter_id,
        action="create",
        after={**row, "to": to_name},
        trn=row["trn"],
    )


def chase_drafts(
    conn, author: Author, eml: Path, *, today: dt.date, school_urn: str | None = None
) -> Written:
    """One unsent email per school owing returns (or just one school), To: its recorded
    address, with its returns workbook for each term concerned attached."""
    import tempfile

    from ectrack.letters.drafts import XLSX, draft
    from ectrack.operations.templates import (
        returns_file_name,
        returns_rows,
        write_returns_workbook,
    )
    from ectrack.reports.queue import (
        CHASE_WORKING_DAYS,
        chase_body,
        chase_signature,
        chase_subject,
        missing_returns,
    )
    from ectrack.rules.calendar import parse_term
    from ectrack.spreadsheets.safe_write import open_private, private_directory, slug
    from ectrack.store.induction import load_inductions, term_calendar

    inductions = load_inductions(conn, today, school_urn)
    schools, settings = _schools(conn), store.letter_settings(conn)
    reply_by = term_calendar(conn).working_days.add(today, CHASE_WORKING_DAYS)
    planned, written = [], Written()
    with tempfile.TemporaryDirectory() as scratch:
        for urn, returns in sorted(missing_returns(inductions).items()):
            if school_urn and urn != school_urn:
                continue  # an ECT who moved on owes returns at another school too
            school = schools.get(urn)
            if not (school and school.email):
                written.problems.append(
                    f"no email address recorded for {school.name if school else urn} ({urn}): "
                    f"no draft written for it; add it with 'ectrack school update {urn} "
                    "--email ADDRESS'"
                )
                continue
            attachments = []
            for term in sorted({parse_term(r.term) for r in returns}):
                rows = returns_rows(inductions, term, urn).get(urn, [])
                path = Path(scratch) / returns_file_name(urn, school.name, term)
                write_returns_workbook(path, urn, school.name, term, rows)
                attachments.append((path.name, path.read_bytes(), XLSX))
            body = chase_body(
                school,
                urn,
                returns,
                today,
                reply_by,
                attached=True,
                signature=chase_signature(settings),
            )
            message = draft(
                to_name=school.headteacher or school.name,
                to_email=school.email,
                subject=chase_subject(school, urn),
                body=body,
                from_email=settings.get("ab_email"),
                from_name=settings.get("ab_name"),
                attachments=attachments,
            )
            planned.append((school, returns, message, [a[0] for a in attachments]))
    if planned:
        folder = private_directory(eml)
    for school, returns, message, attached in planned:
        path = folder / f"{school.urn}-{slug(school.name)}-chase.eml"
        row = {
            "trn": None,
            "school_urn": school.urn,
            "decision_id": None,
            "template": "chase",
            "recipient": "school",
            "written_on": today.isoformat(),
            "dated": today.isoformat(),
            "email": school.email,
            "file": path.name,
        }
        _audit_letter(conn, author, row, school.headteacher or school.name)
        with open_private(path) as f:
            f.write(message)
        written.files.append(
            {
                "school_urn": school.urn,
                "returns": len(returns),
                "email": school.email,
                "eml": str(path),
                "attachments": attached,
            }
        )
    return written


def _induction(conn, trn: object, today: dt.date):
    from ectrack.store.induction import load_induction

    return load_induction(conn, require_ect(conn, trn), today)


def _dated(value: object, today: dt.date) -> dt.date | None:
    if value is None:
        return None
    day = parse_date(value, "dated")
    if day > today:
        raise InvalidValue(
            "dated", value, f"is after today ({today})", "date letters the day they are sent"
        )
    return day


def decision_letters(
    conn, trns: list[object], *, today: dt.date, dated: object = None
) -> list[Letter]:
    """The three notices of each ECT's latest decision."""
    from ectrack.letters import facts

    schools, settings = _schools(conn), store.letter_settings(conn)
    day = _dated(dated, today)
    found = []
    for trn in trns:
        ind = _induction(conn, trn, today)
        found += facts.decision_letters(ind, schools, settings, today=today, dated=day)
    return found


def decided_since(conn, since: object) -> list[str]:
    day = parse_date(since, "all_since")
    return store.decided_since(conn, day)


def one_letter(conn, kind: str, trn: object, *, today: dt.date, dated: object = None, **extra):
    """The registration, interim-request or transfer letter of one ECT."""
    from ectrack.letters import facts

    ind = _induction(conn, trn, today)
    schools, settings = _schools(conn), store.letter_settings(conn)
    day = _dated(dated, today) or today
    if kind == "registration":
        return facts.registration_letter(ind, schools, settings, dated=day)
    if kind == "interim-request":
        return facts.interim_request_letter(ind, schools, settings, dated=day)
    transfer = store.transfer_written(conn, ind.trn)
    if transfer is None:
        raise NotFound(
            f"no transfer file has been written for {ind.trn}; write it first with "
            f"'ectrack ect transfer-out {ind.trn} -o FILE --ab NAME'"
        )
    return facts.transfer_letter(
        ind,
        schools,
        settings,
        dated=day,
        written_on=transfer[0],
        next_ab=extra["next_ab"],
        next_ab_email=extra.get("next_ab_email"),
    )


# --- templates ------------------------------------------------------------------------


def export_templates(conn, directory: Path) -> list[Path]:
    """Write the templates in use, and a list of their fields, into ``directory``."""
    from ectrack.spreadsheets.safe_write import open_private, private_directory

    directory = private_directory(directory)
    written = []
    for name, data in templates_in_use(conn).items():
        path = directory / f"{name}.docx"
        with open_private(path) as f:
            f.write(data)
        written.append(path)
    guide = directory / "fields.txt"
    with open_private(guide) as f:
        f.write(fields_guide().encode("utf-8"))
    written.append(guide)
    return written


def fields_guide() -> str:
    """What each template is and the fields it can use: the text of fields.txt."""
    lines = [
        "ectrack letter templates",
        "",
        "Edit these in Word: put them on your letterhead and reword them as you like.",
        "Write a field as {{ field_name }}. Keep the file names. Then run",
        "    ectrack letter templates use FOLDER",
        "Each template may use only its own fields; those marked * the law requires.",
        "",
        "Fields:",
    ]
    lines += [f"  {f.name}: {f.means} (e.g. {f.example})" for f in FIELDS.values()]
    for template in TEMPLATES.values():
        lines += ["", f"{template.name}.docx: {template.about}"]
        lines.append(
            "  " + ", ".join(f + ("*" if f in template.required else "") for f in template.fields)
        )
    return "\n".join(lines) + "\n"


def use_templates(conn, author: Author, directory: Path, *, today: dt.date) -> list[dict]:
    """Check every .docx in ``directory`` named as one of ectrack's templates and store
    them as the AB's own, all or none: one refused, none is stored."""
    from ectrack.letters.render import check_template

    directory = Path(directory)
    if not directory.is_dir():
        raise NotFound(f"{directory} is not a folder; give the folder holding your templates")
    files = sorted(
        p
        for p in directory.iterdir()
        if p.suffix.lower() == ".docx" and not p.name.startswith("~$")
    )
    unknown = [p.name for p in files if p.stem not in TEMPLATES]
    if unknown:
        raise FileRejected(
            f"{', '.join(unknown)}: not the name of one of ectrack's templates; keep the names "
            f"'ectrack letter templates export' wrote ({', '.join(TEMPLATES)}.docx)"
        )
    if not files:
        raise FileRejected(
            f"{directory} holds none of ectrack's templates; write them there with "
            "'ectrack letter templates export FOLDER' and edit them"
        )
    checked = []
    for path in files:
        data = path.read_bytes()
        check_template(path.stem, data, path.name)
        checked.append((path, data))
    stored = []
    for path, data in checked:
        sha = store.save_template(conn, path.stem, data, path.name, today, author.actor)
        after = {"template": path.stem, "file": path.name, "sha256": sha, "bytes": len(data)}
        record_event(
            conn,
            author,
            entity="letter_template",
            entity_id=path.stem,
            action="update",
            after=after,
        )
        stored.append(after)
    return stored


def template_list(conn) -> list[dict]:
    own = store.stored_templates(conn)
    return [
        {
            "template": name,
            "about": t.about,
            "own": name in own,
            "file": own[name].file_name if name in own else None,
            "set_on": own[name].set_on.isoformat() if name in own else None,
            "set_by": own[name].set_by if name in own else None,
        }
        for name, t in TEMPLATES.items()
    ]


def reset_template(conn, author: Author, name: str) -> None:
    if name not in TEMPLATES:
        raise InvalidValue("template", name, "not a template", "use " + ", ".join(TEMPLATES))
    if not store.delete_template(conn, name):
        raise EctrackError(f"{name} is already ectrack's own template")
    record_event(conn, author, entity="letter_template", entity_id=name, action="delete")


def set_settings(conn, author: Author, changes: dict[str, object]) -> dict:
    """Set the AB's letter details (``store.letters.SETTINGS``); returns all of them."""
    from ectrack.rules import identifiers as ids

    checks = {
        "ab_name": lambda v: ids.check_name(v, "ab_name"),
        "signed_by": lambda v: ids.check_name(v, "signed_by"),
        "ab_email": lambda v: ids.check_email(v, "ab_email"),
        "tra_email": lambda v: ids.check_email(v, "tra_email"),
    }
    before = store.letter_settings(conn)
    for name, value in changes.items():
        if value is not None:
            store.set_letter_setting(conn, name, checks[name](value))
    after = store.letter_settings(conn)
    if after != before:
        record_event(
            conn,
            author,
            entity="setting",
            entity_id="letters",
            action="update",
            before=before,
            after=after,
        )
    return after
