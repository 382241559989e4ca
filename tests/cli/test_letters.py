"""``ectrack letter`` and ``chase --eml``: every .docx opened with python-docx and every
.eml with the ``email`` package, their facts checked against ``ect show --json``.

The fail below is decided at Easter 2026. Worked by hand (England bank holidays: Good
Friday 3 Apr, Easter Monday 6 Apr 2026):
- full time from Mon 2024-04-08 (the first day of Summer 2024): six terms, the final
  formal assessment in Spring 2026, which ends Fri 2026-03-27: the end of induction;
- decided and notice sent Mon 2026-03-30; notice counts as received 2 working days
  later: Tue 31 Mar (1), Wed 1 Apr (2);
- 20 working days from Wed 1 Apr: Thu 2 Apr (1), [Fri 3 and Mon 6 Apr bank holidays],
  7-10 Apr (2-5), 13-17 Apr (6-10), 20-24 Apr (11-15), 27-30 Apr (16-19), Fri 1 May
  (20): the last day to appeal is 1 May 2026 (without Easter it would be 29 Apr);
- the employer's dismissal deadline if there is no appeal: 10 working days after Fri
  1 May, skipping Mon 4 May (Early May bank holiday): 5-8 May (1-4), 11-15 May (5-9),
  Mon 18 May (10).
"""

from __future__ import annotations

import email
import io
import json
import zipfile
from email import policy
from pathlib import Path

import docx
import pytest

from tests.cli.conftest import SCHOOL_A, SCHOOL_B

TRN = "1234567"
OTHER = "7654321"
#: A name with a leading "=", an apostrophe and accents (and a would-be field).
FIRST, LAST = "=Zoë", "O'Brien-Łukasz {{ trn }}"
EASTER = "2026-03-30"
FAIL_TEMPLATES = ["decision-fail-ect", "decision-fail-school", "decision-fail-tra"]


# --- helpers ---------------------------------------------------------------------------


def text_of(path: Path) -> str:
    """Every paragraph of a .docx, header first, one per line."""
    document = docx.Document(str(path))
    header = [p.text for p in document.sections[0].header.paragraphs]
    return "\n".join([*header, *(p.text for p in document.paragraphs)])


def message(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def show(run, ok, trn=TRN, today=EASTER) -> dict:
    return json.loads(ok(run("--today", today, "ect", "show", trn, "--json")).stdout)


def decide(run, ok, overall, recommendation, outcome, on, *extra, trn=OTHER) -> None:
    """The final assessment of an ECT who started on 2024-04-08 (received Mon
    2026-03-23), and the AB's decision on it."""
    ok(
        run(
            "--today", EASTER, "assessment", "record", trn, "--kind", "final",
            "--date", "2026-03-20", "--overall", overall, "--recommendation", recommendation,
            "--received", "2026-03-23",
        )
    )  # fmt: skip
    ok(run("--today", EASTER, "decision", "record", trn, "--outcome", outcome, "--on", on, *extra))


def letters_json(result) -> dict:
    return json.loads(result.stdout)


@pytest.fixture
def school(run, ok):
    ok(
        run(
            "school", "add", SCHOOL_A, "--name", "Hillside Primary School",
            "--headteacher", "Ms A Khan", "--email", "head@hillside.example",
        )
    )  # fmt: skip
    ok(run("school", "add", SCHOOL_B, "--name", "Oakfield Academy"))  # no email, no head
    return SCHOOL_A


@pytest.fixture
def failed(run, ok, school):
    """The ECT of the module's docstring, failed on Mon 2026-03-30."""
    ok(
        run(
            "--today", EASTER, "ect", "register", TRN, "--first-name", FIRST,
            "--last-name", LAST, "--dob", "1998-04-02", "--qts-date", "2024-03-01",
            "--school", SCHOOL_A, "--start", "2024-04-08", "--email", "zoe@example.org",
            "--mentor", "Tom Reed", "--tutor", "Jo Ellis",
        )
    )  # fmt: skip
    ok(
        run(
            "--today", EASTER, "assessment", "record", TRN, "--kind", "final",
            "--date", "2026-03-20", "--overall", "unsatisfactory",
            "--recommendation", "unsatisfactory", "--received", "2026-03-23",
        )
    )  # fmt: skip
    ok(run("--today", EASTER, "decision", "record", TRN, "--outcome", "fail", "--on", EASTER))
    return TRN


@pytest.fixture
def out(tmp_path) -> Path:
    return tmp_path / "letters"


@pytest.fixture
def drafts(tmp_path) -> Path:
    return tmp_path / "drafts"


# --- the notices of a fail --------------------------------------------------------------


def test_a_fail_gives_three_notices_and_the_ects_has_the_appeal_deadline_over_easter(
    run, ok, db, failed, out, drafts
):
    result = run("--today", EASTER, "letter", "decision", TRN, "-o", out, "--eml", drafts, "--json")
    # The TRA has no address recorded: its draft is missing, everything else written.
    assert result.exit_code == 1, result.output
    done = letters_json(result)
    assert [f["template"] for f in done["written"]] == FAIL_TEMPLATES
    (problem,) = done["problems"]
    assert "Teaching Regulation Agency" in problem and "letter settings --tra-email" in problem
    folder = out / f"{TRN}-zoe-o-brien-ukasz-trn"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.docx" for t in FAIL_TEMPLATES)

    # The notice is recorded as sent the day the letters are dated: ect show's appeal
    # window is then the letter's last day to appeal.
    ok(
        run(
            "--today", EASTER, "decision", "notify", TRN, "--on", EASTER,
            "--fail-notice-sent", EASTER,
        )
    )  # fmt: skip
    shown = show(run, ok)
    assert {d["name"]: d["due_on"] for d in shown["deadlines"]} == {"appeal_window": "2026-05-01"}
    assert (shown["end_of_induction"], shown["fte_terms_served"]) == ("2026-03-27", 6.0)
    assert [(x["template"], x["written_on"], x["email"]) for x in shown["letters"]] == [
        ("decision-fail-ect", EASTER, "zoe@example.org"),
        ("decision-fail-school", EASTER, "head@hillside.example"),
        ("decision-fail-tra", EASTER, None),
    ]
    screen = ok(run("--today", EASTER, "ect", "show", TRN)).stdout
    assert "Letters written" in screen and "notice of a fail to the ECT" in screen

    ect_letter = text_of(folder / "decision-fail-ect.docx")
    name = f"{shown['first_name']} {shown['last_name']}"
    assert name == "=Zoë O'Brien-Łukasz {{ trn }}"
    for fact in (
        f"Dear {name},",
        f"Early career teacher: {name}, teacher reference number (TRN) {TRN}, date of "
        "birth 2 April 1998.",
        "School: Hillside Primary School (URN 100001).",
        "started 8 April 2024, ended 27 March 2026; 6.0 FTE terms served of 6.0 required.",
        "Decision: induction not passed (not completed satisfactorily), made on 30 March 2026",
        "Teaching Regulation Agency, Cheylesmore House, 5 Quinton Road, Coventry CV1 2WT",
        "received no later than 1 May 2026: 20 working days from 1 April 2026",
    ):
        assert fact in ect_letter, fact
    school_letter = text_of(folder / "decision-fail-school.docx")
    assert "Dear Ms A Khan," in school_letter
    assert "their employment as a teacher must end by 18 May 2026" in school_letter
    assert "no later than 1 May 2026" in school_letter
    tra_letter = text_of(folder / "decision-fail-tra.docx")
    assert "Teaching Regulation Agency" in tra_letter and f"(TRN) {TRN}" in tra_letter

    # The name is text: no field, formula or macro came from it.
    for template in FAIL_TEMPLATES:
        with zipfile.ZipFile(folder / f"{template}.docx") as z:
            xml = z.read("word/document.xml").decode()
            assert "fldSimple" not in xml and "instrText" not in xml
            assert not any(n.startswith("word/vbaProject") for n in z.namelist())
            # every "{{" left is the one in the name, printed as it is, not filled in
            assert xml.count("{{") == xml.count("Brien-Łukasz {{ trn }}") > 0

    # Drafts: To the recorded address, unsent, the letter itself attached.
    for template, to in (
        ("decision-fail-ect", (name, "zoe@example.org")),
        ("decision-fail-school", ("Ms A Khan", "head@hillside.example")),
    ):
        mail = message(drafts / folder.name / f"{template}.eml")
        assert mail["X-Unsent"] == "1"
        (address,) = mail["To"].addresses
        assert (address.display_name, address.addr_spec) == to
        assert "decision" in mail["Subject"].lower()
        (attached,) = list(mail.iter_attachments())
        assert attached.get_filename() == f"{template}.docx"
        assert attached.get_content() == (folder / f"{template}.docx").read_bytes()
        assert "Please find attached" in mail.get_body(("plain",)).get_content()
    assert not (drafts / folder.name / "decision-fail-tra.eml").exists()

    # Each letter recorded and audited: what, to whom, when, by whom; not its text.
    rows = db.rows("SELECT * FROM letters ORDER BY id")
    assert [(r["template"], r["recipient"], r["written_on"], r["dated"]) for r in rows] == [
        (t, t.rsplit("-", 1)[1], EASTER, EASTER) for t in FAIL_TEMPLATES
    ]
    assert [r["email"] for r in rows] == ["zoe@example.org", "head@hillside.example", None]
    events = db.audit(entity="letter")
    assert len(events) == 3
    assert {e["command"] for e in events} == {"letter decision"}
    assert all("Cheylesmore" not in json.dumps(e) for e in events)


def test_letters_are_dated_the_day_given_and_the_deadline_follows(run, ok, failed, out):
    ok(run("--today", "2026-04-02", "letter", "decision", TRN, "-o", out, "--dated", "2026-04-01"))
    letter = text_of(next(out.iterdir()) / "decision-fail-ect.docx")
    # Sent Wed 1 Apr: received Thu 2 Apr (1), Tue 7 Apr (2; Easter skipped); 20 working
    # days from Tue 7 Apr: 8-10 (1-3), 13-17 (4-8), 20-24 (9-13), 27 Apr-1 May (14-18),
    # [Mon 4 May bank holiday], Tue 5 (19), Wed 6 May (20).
    assert letter.startswith("The appropriate body\n1 April 2026\n")
    assert "no later than 6 May 2026: 20 working days from 7 April 2026" in letter
    ok(run("--today", "2026-04-02", "decision", "notify", TRN, "--on", "2026-04-01",
           "--fail-notice-sent", "2026-04-01"))  # fmt: skip
    (window,) = show(run, ok, today="2026-04-02")["deadlines"]
    assert window == {
        "name": "appeal_window",
        "due_on": "2026-05-06",
        "what": "the ECT may appeal to the TRA",
    }


def test_the_letters_date_defaults_to_the_notice_recorded(run, ok, failed, out):
    ok(run("--today", "2026-04-01", "decision", "notify", TRN, "--on", "2026-03-31",
           "--fail-notice-sent", "2026-03-31"))  # fmt: skip
    ok(run("--today", "2026-04-20", "letter", "decision", TRN, "-o", out))
    letter = text_of(next(out.iterdir()) / "decision-fail-ect.docx")
    (window,) = show(run, ok, today="2026-04-20")["deadlines"]
    assert letter.splitlines()[1] == "31 March 2026"
    assert window["due_on"] == "2026-05-05"  # received Thu 2 Apr; 20 working days on
    assert "no later than 5 May 2026" in letter


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--dated", "2026-03-29"], ["--dated", "before the decision"]),
        (["--dated", "2026-04-01"], ["--dated", "after today"]),
        (["--dated", "31/02/2026"], ["--dated"]),
    ],
)
def test_a_bad_letter_date_is_refused_and_nothing_written(
    run, refused, db, failed, out, args, fragments
):
    refused(run("--today", EASTER, "letter", "decision", TRN, "-o", out, *args), *fragments)
    assert not out.exists()
    assert db.count("letters") == 0


def test_no_decision_no_letters(run, ok, register_args, refused, db, school, out):
    ok(run(*register_args(OTHER)))
    refused(run("letter", "decision", OTHER, "-o", out), "no decision recorded", "decision record")
    refused(run("letter", "decision", "9999999", "-o", out), "no ECT with TRN 9999999")
    assert not out.exists() and db.count("letters") == 0


def test_a_pass_gives_three_notices_without_an_appeal(run, ok, register_args, school, out):
    ok(run(*register_args(OTHER, qts_date="2024-03-01", start="2024-04-08")))
    decide(run, ok, "satisfactory", "satisfactory", "pass", EASTER)
    result = ok(run("--today", EASTER, "letter", "decision", "Amy Shah", "-o", out, "--json"))
    written = letters_json(result)["written"]
    assert [w["template"] for w in written] == [
        "decision-pass-ect", "decision-pass-school", "decision-pass-tra",
    ]  # fmt: skip
    for w in written:
        letter = text_of(Path(w["file"]))
        assert "induction passed (completed satisfactorily), made on 30 March 2026" in letter
        assert "appeal" not in letter.lower()


def test_an_extension_gives_its_length_the_next_final_and_the_right_of_appeal(
    run, ok, register_args, school, out
):
    ok(run(*register_args(OTHER, qts_date="2024-03-01", start="2024-04-08")))
    decide(run, ok, "unsatisfactory", "extend", "extend", EASTER, "--terms", "1.0")
    shown = show(run, ok, OTHER)
    final = [c for c in shown["checkpoints"] if c["kind"] == "final_formal_assessment"][-1]
    assert final["term"] == "2026-summer"
    written = letters_json(
        ok(run("--today", EASTER, "letter", "decision", OTHER, "-o", out, "--json"))
    )["written"]
    ect_letter = text_of(Path(written[0]["file"]))
    assert "Your induction period is extended by 1.0 FTE terms" in ect_letter
    assert "final formal assessment is due by 22 July 2026" in ect_letter
    assert final["due_on"] == "2026-07-22"
    assert "no later than 1 May 2026" in ect_letter  # dated today, as the fail above
    assert "6.0 FTE terms served of 7.0 required" in ect_letter
    assert shown["fte_terms_required"] == 7.0


def test_all_since_writes_a_folder_per_ect_with_a_decision_since(
    run, ok, register_args, refused, failed, out
):
    ok(run(*register_args(OTHER, qts_date="2024-03-01", school=SCHOOL_B, start="2024-04-08")))
    decide(run, ok, "satisfactory", "satisfactory", "pass", "2026-03-27")
    result = ok(run("--today", EASTER, "letter", "decision", "--all-since", "2026-03-28",
                    "-o", out, "--json"))  # fmt: skip
    assert {w["trn"] for w in letters_json(result)["written"]} == {TRN}
    ok(run("--today", EASTER, "letter", "decision", "--all-since", "27/03/2026", "-o", out))
    assert sorted(p.name for p in out.iterdir()) == [
        f"{TRN}-zoe-o-brien-ukasz-trn", f"{OTHER}-amy-shah",
    ]  # fmt: skip
    refused(run("letter", "decision", TRN, "--all-since", "2026-03-28"), "one ECT or --all-since")
    refused(run("letter", "decision"), "one ECT or --all-since")


# --- templates the AB owns -------------------------------------------------------------


def edit(path: Path, *, replace: tuple[str, str] | None = None, header: str | None = None):
    """Change a template as an officer would in Word: a word in the body, the header."""
    document = docx.Document(str(path))
    if replace:
        for paragraph in document.paragraphs:
            for run in paragraph.runs:
                run.text = run.text.replace(*replace)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    document.save(str(path))


def test_templates_export_and_use_put_letters_on_the_abs_letterhead(
    run, ok, db, failed, tmp_path, out
):
    folder = tmp_path / "templates"
    ok(run("letter", "templates", "export", folder))
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 13 and "fields.txt" in names
    assert "appeal_deadline*" in (folder / "fields.txt").read_text()
    edit(folder / "decision-fail-ect.docx", header="Calder Teaching School Hub · letterhead")
    (folder / "~$cision-fail-ect.docx").write_bytes(b"Word's lock file")  # Word open
    ok(run("letter", "templates", "use", folder))
    assert db.count("letter_templates") == 12
    listed = json.loads(ok(run("letter", "templates", "list", "--json")).stdout)
    assert all(t["own"] and t["set_by"] for t in listed)
    ok(run("--today", EASTER, "letter", "decision", TRN, "-o", out))
    letter = text_of(next(out.iterdir()) / "decision-fail-ect.docx")
    assert letter.startswith("Calder Teaching School Hub · letterhead\n")
    assert "no later than 1 May 2026" in letter
    assert len(db.audit(entity="letter_template")) == 12
    ok(run("letter", "templates", "reset", "decision-fail-ect"))
    assert db.count("letter_templates") == 11


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        # the law's fields taken out of a fail's notice to the ECT
        (
            ("{{ appeal_deadline }}", "in time"),
            ["decision-fail-ect.docx", "appeal_deadline", "REG 14"],
        ),
        (("{{ appeal_to }}", "the TRA"), ["appeal_to", "right of appeal"]),
        (("{{ decision_date }}", "recently"), ["decision_date", "REG 11(7)"]),
        # a field misspelt, or one this letter has not got
        (("{{ ect_name }}", "{{ ect_nmae }}"), ["{{ ect_nmae }}", "ectrack has no such field"]),
        (("{{ trn }}", "{{ trn }} {{ next_ab }}"), ["{{ next_ab }}", "not part of"]),
        (("{{ trn }}", "{{ trn "), ["not written correctly"]),
        # the sandbox: no Python from a template
        (("{{ trn }}", "{{ trn.__class__.__mro__[1].__subclasses__() }}"), ["cannot be filled"]),
    ],
)
def test_a_template_that_breaks_the_law_or_names_an_unknown_field_is_refused(
    run, refused, db, failed, tmp_path, change, fragments
):
    folder = tmp_path / "templates"
    run("letter", "templates", "export", folder)
    edit(folder / "decision-fail-ect.docx", replace=change)
    edit(folder / "decision-pass-ect.docx", header="would be stored if the other passed")
    before = db.snapshot()
    refused(run("letter", "templates", "use", folder), *fragments, code=3)
    assert db.snapshot() == before
    assert db.count("letter_templates") == 0


@pytest.mark.parametrize(
    ("name", "content", "fragments"),
    [
        ("decision-fail-ect.docx", b"not a zip", ["not a Word document"]),
        ("letterhead.docx", None, ["letterhead.docx", "not the name of one of ectrack's"]),
    ],
)
def test_a_file_that_is_not_a_template_is_refused(
    run, refused, db, school, tmp_path, name, content, fragments
):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / name).write_bytes(content or _a_docx())
    refused(run("letter", "templates", "use", folder), *fragments, code=3)
    assert db.count("letter_templates") == 0
    refused(run("letter", "templates", "use", tmp_path / "nowhere"), "is not a folder")


def _a_docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def test_settings_sign_every_letter_and_give_drafts_their_sender(
    run, ok, refused, db, failed, out, drafts
):
    refused(run("letter", "settings", "--ab-email", "not an address"), "--ab-email")
    ok(run("letter", "settings", "--ab-name", "Calder Teaching School Hub", "--ab-email",
           "induction@calder.example", "--signed-by", "Jo Khan", "--tra-email",
           "notices@tra.example"))  # fmt: skip
    shown = json.loads(ok(run("letter", "settings", "--json")).stdout)
    assert shown == {
        "ab_name": "Calder Teaching School Hub",
        "ab_email": "induction@calder.example",
        "signed_by": "Jo Khan",
        "tra_email": "notices@tra.example",
    }
    result = ok(run("--today", EASTER, "letter", "decision", TRN, "-o", out, "--eml", drafts))
    assert "Not written" not in result.stderr
    folder = next(out.iterdir())
    assert text_of(folder / "decision-fail-ect.docx").endswith(
        "Yours sincerely,\nJo Khan\nCalder Teaching School Hub\ninduction@calder.example"
    )
    tra = message(drafts / folder.name / "decision-fail-tra.eml")
    assert tra["To"] == "Teaching Regulation Agency <notices@tra.example>"
    assert tra["From"] == "Calder Teaching School Hub <induction@calder.example>"
    assert len(db.audit(entity="setting")) == 1


# --- registration, interim request, transfer --------------------------------------------


def test_registration_letter_confirms_the_post_to_the_school(run, ok, register_args, failed, out):
    ok(run(*register_args(OTHER, start="2026-09-01", fte="0.6", mentor="Tom Reed")))
    (written,) = letters_json(
        ok(run("--today", "2026-09-02", "letter", "registration", OTHER, "-o", out, "--json"))
    )["written"]
    first = show(run, ok, OTHER, "2026-09-02")["checkpoints"][0]
    letter = text_of(Path(written["file"]))
    assert (written["template"], written["recipient"]) == ("registration", "school")
    for fact in (
        "Dear Ms A Khan,",
        "Induction registered: Amy Shah (TRN 7654321)",
        "at Hillside Primary School from 1 September 2026",
        "Working pattern: 0.6 FTE",
        "Mentor: Tom Reed. Induction tutor: not yet named.",
        f"progress review, due by {first['due_on'][8:].lstrip('0')} ",
    ):
        assert fact in letter, fact
    assert first["kind"] == "progress_review"


def test_interim_request_goes_to_the_school_the_ect_left(
    run, ok, register_args, refused, school, out
):
    ok(run(*register_args(OTHER)))
    refused(run("letter", "interim-request", OTHER, "-o", out), "has not left a post here")
    ok(run("--today", "2026-02-20", "ect", "move", OTHER, "--school", SCHOOL_B,
           "--on", "2026-02-16"))  # fmt: skip
    interim = [
        c for c in show(run, ok, OTHER, "2026-02-20")["checkpoints"]
        if c["kind"] == "interim_assessment"
    ]  # fmt: skip
    assert [(c["school_urn"], c["due_on"]) for c in interim] == [(SCHOOL_A, "2026-02-15")]
    (written,) = letters_json(
        ok(run("--today", "2026-02-20", "letter", "interim-request", OTHER, "-o", out, "--json"))
    )["written"]
    letter = text_of(Path(written["file"]))
    assert "left their post at Hillside Primary School on 15 February 2026" in letter
    assert written["email"] == "head@hillside.example"
    ok(run("--today", "2026-02-20", "assessment", "record", OTHER, "--kind", "interim",
           "--date", "2026-02-13", "--overall", "satisfactory"))  # fmt: skip
    refused(run("--today", "2026-02-20", "letter", "interim-request", OTHER, "-o", out),
            "was received on 2026-02-20")  # fmt: skip


def test_transfer_letter_covers_a_transfer_file_once_written(
    run, ok, register_args, refused, school, tmp_path, out, drafts
):
    ok(run(*register_args(OTHER)))
    refused(run("letter", "transfer", OTHER, "--to", "Pennine TSH", "-o", out),
            "no transfer file has been written", "transfer-out")  # fmt: skip
    ok(run("--today", "2026-04-20", "ect", "release", OTHER, "--on", "2026-03-27"))
    ok(run("--today", "2026-04-20", "ect", "transfer-out", OTHER, "-o",
           tmp_path / "amy.xlsx", "--ab", "Calder TSH"))  # fmt: skip
    result = ok(run("--today", "2026-04-20", "letter", "transfer", OTHER, "--to", "Pennine TSH",
                    "--to-email", "ab@pennine.example", "-o", out, "--eml", drafts,
                    "--json"))  # fmt: skip
    (written,) = letters_json(result)["written"]
    letter = text_of(Path(written["file"]))
    shown = show(run, ok, OTHER, "2026-04-20")
    assert "continue their induction with Pennine TSH" in letter
    assert f"{shown['fte_terms_served']:.1f} of 6.0 FTE terms served" in letter
    mail = message(Path(written["eml"]))
    assert mail["To"] == "Pennine TSH <ab@pennine.example>"
    assert [a.get_filename() for a in mail.iter_attachments()] == ["transfer.docx"]


# --- chase drafts ----------------------------------------------------------------------


def test_chase_eml_writes_a_draft_per_school_with_its_returns_workbook(
    run, ok, db, school, tmp_path, drafts
):
    from openpyxl import load_workbook

    for trn, urn in ((TRN, SCHOOL_A), (OTHER, SCHOOL_B)):
        ok(run("ect", "register", trn, "--first-name", "Amy", "--last-name", f"Shah{trn[0]}",
               "--dob", "1998-04-02", "--qts-date", "2025-07-18", "--school", urn,
               "--start", "2025-09-01"))  # fmt: skip
    plain = json.loads(ok(run("--today", "2026-01-10", "chase", "--json")).stdout)
    result = run("--today", "2026-01-10", "chase", "--eml", drafts)
    # Oakfield has no email address: it is named, and Hillside's draft is still written.
    assert result.exit_code == 1
    assert "no email address recorded for Oakfield Academy (100002)" in result.stderr
    assert "school update 100002 --email" in result.stderr
    (path,) = drafts.iterdir()
    mail = message(path)
    assert (mail["To"], mail["X-Unsent"]) == ("Ms A Khan <head@hillside.example>", "1")
    assert mail["Subject"] == "ECT induction returns for Hillside Primary School (100001)"
    body = mail.get_body(("plain",)).get_content()
    hillside = next(c for c in plain if c["school_urn"] == SCHOOL_A)
    assert body.replace("\r\n", "\n") in hillside["letter"].replace(
        "You can send them on the returns workbook we sent for the term",
        "The returns workbook for the term is attached, with your ECTs filled in: add the "
        "dates and judgements and send it back to us",
    )
    (attached,) = list(mail.iter_attachments())
    assert attached.get_filename() == "100001-hillside-primary-school-2025-autumn-returns.xlsx"
    book = load_workbook(io.BytesIO(attached.get_content()))
    trns = {row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert trns == {TRN}
    rows = db.rows("SELECT trn, school_urn, template, email FROM letters")
    assert rows == [
        {"trn": None, "school_urn": SCHOOL_A, "template": "chase",
         "email": "head@hillside.example"},
    ]  # fmt: skip


# --- the record follows ----------------------------------------------------------------


def test_todo_shows_a_decision_without_letters_then_with_them_until_notice_recorded(
    run, ok, failed, out
):
    def notices():
        doc = json.loads(ok(run("--today", EASTER, "todo", "--json")).stdout)
        return [
            (i["deadline"], i["letters_written_on"], i["command"])
            for s in doc["sections"]
            for i in s["items"]
            if i.get("deadline") in ("notification", "fail_notice")
        ]

    assert notices() == [
        ("notification", None, f"ectrack letter decision {TRN} --eml DRAFTS-FOLDER"),
        ("fail_notice", None, f"ectrack letter decision {TRN} --eml DRAFTS-FOLDER"),
    ]
    words = ok(run("--today", EASTER, "todo")).stdout
    assert "notices due: no letters written yet; write them" in words
    ok(run("--today", EASTER, "letter", "decision", TRN, "-o", out))
    assert notices() == [
        ("notification", EASTER, f"ectrack decision notify {TRN} --on DATE"),
        ("fail_notice", EASTER,
         f"ectrack decision notify {TRN} --on DATE --fail-notice-sent DATE"),
    ]  # fmt: skip
    assert (
        "letters written 30 Mar 2026; send them and record when"
        in ok(run("--today", EASTER, "todo")).stdout
    )
    ok(run("--today", EASTER, "decision", "notify", TRN, "--on", EASTER,
           "--fail-notice-sent", EASTER))  # fmt: skip
    assert notices() == []


def test_erasing_the_ect_erases_the_record_of_their_letters(run, ok, db, failed, out):
    ok(run("--today", EASTER, "letter", "decision", TRN, "-o", out))
    assert db.count("letters") == 3
    ok(run("ect", "erase", TRN, "--reason", "left teaching, asked to be erased", "--yes"))
    assert db.count("letters") == 0
    assert all(e["trn"] is None for e in db.audit(entity="letter"))
    ok(run("audit", "verify"))


def test_chase_emails_are_signed_as_the_letters_are(run, ok, register_args, school, drafts):
    ok(run(*register_args(OTHER)))
    (before,) = json.loads(ok(run("--today", "2026-01-10", "chase", "--json")).stdout)
    assert before["letter"].endswith("Thank you,\n\nThe Appropriate Body induction team\n")
    # Reply by five working days on, in English whatever the machine's language.
    assert "Please send them by Friday 16 January 2026:" in before["letter"]  # Sat 10: 12-16
    ok(run("letter", "settings", "--ab-name", "Calder TSH", "--signed-by", "Jo Khan"))
    (after,) = json.loads(ok(run("--today", "2026-01-10", "chase", "--json")).stdout)
    assert after["letter"].endswith("Thank you,\n\nJo Khan\nCalder TSH\n")
    ok(run("--today", "2026-01-10", "chase", "--school", SCHOOL_A, "--eml", drafts))
    body = message(next(drafts.iterdir())).get_body(("plain",)).get_content()
    assert body.replace("\r\n", "\n").endswith("Thank you,\n\nJo Khan\nCalder TSH\n")
