"""Finding people by name (``ectrack find``), names in place of TRNs and URNs in every
command, help that says what each value is, prompts at a terminal (never in
scripts), shell completion, and ``ectrack`` alone saying where you are."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import typer

from ectrack.cli import app
from ectrack.cli import params as cli_params

FIELDHEAD, MOORSIDE, STMARYS = "107029", "149326", "100003"
APOSTROPHE = "\u2019"  # the curly one word processors type
ST_MARYS = f"St Mary{APOSTROPHE}s C of E Academy"
OBRIEN = f"O{APOSTROPHE}Brien"


@pytest.fixture
def people(run, ok):
    """Three schools and five ECTs, two of them called Hannah Taylor."""
    ok(run("school", "add", FIELDHEAD, "--name", "Fieldhead Primary School", "--town", "Bradford",
           "--laestab", "380/2041", "--local-authority", "Bradford"))  # fmt: skip
    ok(run("school", "add", MOORSIDE, "--name", "Moorside Community Primary", "--town", "Leeds"))
    ok(run("school", "add", STMARYS, "--name", ST_MARYS, "--town", "Otley"))
    for trn, first, last, school, extra in (
        ("5659611", "Freya", "Taylor", FIELDHEAD, ["--email", "f.taylor@fieldhead.example"]),
        ("9003548", "Hannah", "Taylor", MOORSIDE, []),
        ("9042201", "Hannah", "Taylor", STMARYS, ["--former-names", "Hannah Smith"]),
        ("1234567", "Zoë", OBRIEN, FIELDHEAD, []),
        ("7654321", "Taylor", "Reed", MOORSIDE, []),
    ):
        ok(
            run("ect", "register", trn, "--first-name", first, "--last-name", last,
                "--dob", "1998-04-02", "--qts-date", "2025-07-18", "--school", school,
                "--start", "2025-09-01", *extra)
        )  # fmt: skip


def found(run, ok, *words) -> dict:
    return json.loads(ok(run("find", *words, "--json")).stdout)


# --- ectrack find ----------------------------------------------------------------------

# Each case: what the officer types, and the TRNs found, best first.
FIND_CASES = [
    ("freya taylor", ["5659611"]),  # both names, any case
    ("FREYA", ["5659611"]),
    ("fre", ["5659611"]),  # part of a word
    ("zoe obrien", ["1234567"]),  # no accent, no apostrophe typed
    (f"Zoë {OBRIEN}", ["1234567"]),  # typed as stored
    ("o'brien", ["1234567"]),  # a straight apostrophe for the curly one
    ("hannah smith", ["9042201"]),  # a former name
    ("5659611", ["5659611"]),  # the TRN
    ("fieldhead.example", ["5659611"]),  # the email
    ("hannah taylor otley", ["9042201"]),  # the name and their school's town
    ("freya taylor at fieldhead", ["5659611"]),  # "at" joins a name to a school
    # whole-word "Taylor" in the name ranks above Taylor as a first name? Both are whole
    # words: ranked by name then. Freya, Hannah, Hannah (Taylor) and Taylor Reed.
    ("taylor", ["5659611", "9003548", "9042201", "7654321"]),
    ("nobody", []),
]


@pytest.mark.parametrize(("typed", "trns"), FIND_CASES)
def test_find_ects_by_what_a_person_remembers(run, ok, people, typed, trns):
    assert [e["trn"] for e in found(run, ok, *typed.split())["ects"]] == trns


@pytest.mark.parametrize(
    ("typed", "urns"),
    [
        ("fieldhead", [FIELDHEAD]),
        ("FIELD", [FIELDHEAD]),
        ("bradford", [FIELDHEAD]),  # town and local authority
        ("380/2041", [FIELDHEAD]),  # LAESTAB as written
        ("3802041", []),  # (LAESTAB digits run together are not a word of it)
        (MOORSIDE, [MOORSIDE]),
        ("st marys", [STMARYS]),  # curly apostrophe in the name, none typed
        ("primary", [FIELDHEAD, MOORSIDE]),
    ],
)
def test_find_schools_by_name_urn_laestab_and_town(run, ok, people, typed, urns):
    assert [s["urn"] for s in found(run, ok, *typed.split())["schools"]] == urns


def test_find_json_names_the_command_to_go_further(run, ok, people):
    document = found(run, ok, "freya")
    assert document["query"] == "freya"
    assert (document["ects_found"], document["schools_found"]) == (1, 0)
    assert document["ects"] == [
        {
            "trn": "5659611",
            "name": "Freya Taylor",
            "school_urn": FIELDHEAD,
            "school_name": "Fieldhead Primary School",
            "command": "ectrack ect show 5659611",
        }
    ]
    assert document["schools"] == []


def test_find_for_people_shows_names_schools_and_the_next_command(run, ok, people):
    out = ok(run("find", "taylor")).stdout
    assert "Freya Taylor" in out
    assert "Fieldhead Primary School (107029)" in out
    assert "ectrack ect show 5659611" in out


def test_find_nothing_says_so_and_exits_1(run, people):
    result = run("find", "nobody")
    assert result.exit_code == 1
    assert "Nothing matches 'nobody'" in result.stderr


def test_a_changed_name_is_found_by_its_new_spelling(run, ok, people):
    ok(run("ect", "update", "1234567", "--last-name", "Ñúñez"))
    assert [e["name"] for e in found(run, ok, "nunez")["ects"]] == ["Zoë Ñúñez"]
    assert found(run, ok, "obrien")["ects"] == []


def test_imported_ects_and_schools_are_found(run, ok, tmp_path):
    schools = tmp_path / "gias.csv"
    schools.write_text("URN,EstablishmentName,Town\n123456,Brontë Junior School,Haworth\n")
    ok(run("import", schools))
    registrations = tmp_path / "ects.csv"
    registrations.write_text(
        "TRN,First name,Surname,Maiden name,DOB,QTS date,School URN,Start date\n"
        "2345678,Siân,Hughes,Siân Jones,02/04/1998,18/07/2025,123456,01/09/2025\n"
    )
    ok(run("import", registrations))
    assert [s["urn"] for s in found(run, ok, "bronte", "haworth")["schools"]] == ["123456"]
    assert [e["trn"] for e in found(run, ok, "sian", "jones")["ects"]] == ["2345678"]


# --- a name wherever a TRN or URN is taken --------------------------------------------


def test_a_name_that_matches_one_ect_is_used_and_said(run, ok, people):
    result = ok(run("ect", "show", "Freya Taylor", "--json"))
    assert json.loads(result.stdout)["trn"] == "5659611"
    assert "Using Freya Taylor (TRN 5659611) at Fieldhead Primary School (107029)" in (
        result.stderr
    )


def test_a_name_and_school_pick_one_of_two_namesakes(run, ok, people):
    result = ok(run("ect", "show", "Hannah Taylor Moorside", "--json"))
    assert json.loads(result.stdout)["trn"] == "9003548"


def test_several_matches_are_listed_never_guessed(run, db, people):
    before = db.snapshot()
    result = run("ect", "release", "Hannah Taylor", "--on", "2026-01-05")
    assert result.exit_code == 1
    assert "2 ECTs match 'Hannah Taylor'" in result.stderr
    assert "Hannah Taylor (TRN 9003548) at Moorside Community Primary (149326)" in result.stderr
    assert f"Hannah Taylor (TRN 9042201) at {ST_MARYS} (100003)" in result.stderr
    assert "Traceback" not in result.output
    assert db.snapshot() == before  # nothing released


def test_an_unknown_name_is_refused_with_a_way_forward(run, refused, people):
    refused(run("ect", "show", "Freya Tailor"), "no ECT matches 'Freya Tailor'", "ectrack find")


def test_a_name_for_the_school_in_a_change(run, ok, db, people):
    result = ok(run("ect", "move", "Zoë", "--school", "Moorside", "--on", "5 Jan 2026"))
    assert "Using Moorside Community Primary (URN 149326)" in result.stderr
    (period,) = db.rows(
        "SELECT school_urn, started_on FROM induction_periods WHERE trn = ? "
        "AND finished_on IS NULL",
        "1234567",
    )
    assert period == {"school_urn": MOORSIDE, "started_on": "2026-01-05"}  # a UK date read


def test_school_show_and_lists_take_a_school_name(run, ok, people):
    assert json.loads(ok(run("school", "show", "fieldhead", "--json")).stdout)["urn"] == FIELDHEAD
    listed = json.loads(ok(run("ect", "list", "--school", "St Mary's", "--json")).stdout)
    assert [e["trn"] for e in listed] == ["9042201"]


def test_register_takes_a_new_trn_literally_and_a_school_by_name(run, ok, db, people):
    ok(
        run("ect", "register", "3456789", "--first-name", "Ali", "--last-name", "Khan",
            "--dob", "1998-04-02", "--qts-date", "2025-07-18", "--school", "Fieldhead",
            "--start", "2025-09-01")
    )  # fmt: skip
    assert db.one("SELECT school_urn FROM induction_periods WHERE trn = '3456789'") == {
        "school_urn": FIELDHEAD
    }


def test_codes_are_never_looked_up_as_names(run, refused, people):
    """A mistyped TRN keeps its own message: it is not searched as a name."""
    refused(run("ect", "show", "12345"), "no ECT with TRN 0012345")


# --- help that explains ----------------------------------------------------------------


def _commands(command=None, path=()):
    command = command or typer.main.get_command(app)
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield path


@pytest.mark.parametrize("path", list(_commands()), ids=" ".join)
def test_every_command_has_typed_help_and_an_example(run, path):
    out = run(*path, "--help").stdout
    assert "<str>" not in out and "{" not in out.split("\n")[0], out
    assert "Example: ectrack" in " ".join(out.split()), out
    for date_option in ("--on ", "--start ", "--dob ", "--date ", "--from "):
        if date_option in out:
            assert f"{date_option}DATE" in out
            assert "03/11/2026" in out  # the UK ways of writing a date


def test_values_are_named_by_what_they_are(run):
    out = run("ect", "move", "--help").stdout
    for shown in ("TRN", "--school URN", "--on DATE", "--fte FTE", "[provider-led|school-led]"):
        assert shown in out
    assert "--terms TERMS" in run("decision", "record", "--help").stdout
    assert "--kind [first|final|interim]" in run("assessment", "record", "--help").stdout


def test_fixed_choices_are_the_codes_ectrack_knows():
    from ectrack.rules.absence import ABSENCE_KINDS
    from ectrack.rules.status import ECT_STATUSES

    assert cli_params.choices_for("list", "status") == ECT_STATUSES
    assert cli_params.choices_for("absence", "kind") == ABSENCE_KINDS
    assert cli_params.choices_for("checkpoints", "status") == (
        "upcoming", "due", "overdue", "received", "late"
    )  # fmt: skip


# --- prompts at a terminal, never in scripts -------------------------------------------


@pytest.fixture
def at_a_terminal(monkeypatch):
    monkeypatch.setattr(cli_params, "is_interactive", lambda: True)


def test_a_missing_value_in_a_script_is_the_usage_error_it_was(run, db, people):
    before = db.snapshot()
    result = run("ect", "move", "5659611", "--school", MOORSIDE)
    assert result.exit_code == 2
    assert "Missing option '--on'" in result.stderr
    assert db.snapshot() == before


def test_at_a_terminal_missing_values_are_asked_for(people, at_a_terminal, db):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["ect", "move"], input="Freya Taylor\nMoorside\n6/1/2026\n")
    assert result.exit_code == 0, result.output
    assert "The ECT" in result.stderr and "First day at the new school" in result.stderr
    (period,) = db.rows(
        "SELECT school_urn, started_on FROM induction_periods WHERE trn = '5659611' "
        "AND finished_on IS NULL"
    )
    assert period == {"school_urn": MOORSIDE, "started_on": "2026-01-06"}


def test_find_at_a_terminal_asks_what_to_look_for(people, at_a_terminal):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["find", "--json"], input="freya taylor\n")
    assert result.exit_code == 0, result.output
    document = result.stdout[result.stdout.index("{") :]  # after the typed answer's echo
    assert [e["trn"] for e in json.loads(document)["ects"]] == ["5659611"]


def test_a_fixed_choice_is_offered_and_a_wrong_one_asked_again(people, at_a_terminal, db):
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        app,
        ["assessment", "record", "5659611", "--date", "2026-05-11", "--overall", "satisfactory"],
        input="formal\nFirst\n",
    )
    assert result.exit_code == 0, result.output
    assert "Kind (first, final, interim):" in result.stderr
    assert "Please type one of: first, final, interim" in result.stderr
    assert db.one("SELECT kind FROM checkpoint_records") == {"kind": "first_formal_assessment"}


# --- destructive commands confirm at a terminal ----------------------------------------


def test_erase_at_a_terminal_asks_and_no_keeps_everything(people, at_a_terminal, db):
    from typer.testing import CliRunner

    before = db.snapshot()
    result = CliRunner().invoke(
        app, ["ect", "erase", "Freya Taylor", "--reason", "request"], input="n\n"
    )
    assert result.exit_code == 1
    assert "Erase everything held about Freya Taylor (5659611)?" in result.stderr
    assert "Nothing was changed." in result.stderr
    assert db.snapshot() == before
    result = CliRunner().invoke(
        app, ["ect", "erase", "Freya Taylor", "--reason", "request"], input="y\n"
    )
    assert result.exit_code == 0, result.output
    assert db.query("SELECT count(*) FROM ects WHERE trn = '5659611'") == [(0,)]


def test_erase_in_a_script_still_needs_yes(run, refused, db, people):
    before = db.snapshot()
    result = run("ect", "erase", "5659611", "--reason", "request")
    assert result.exit_code == 1 and "add --yes" in result.stderr
    assert db.snapshot() == before


def test_retention_purge_at_a_terminal_lists_then_asks(run, ok, at_a_terminal, db, people):
    from typer.testing import CliRunner

    ok(run("ect", "release", "5659611", "--on", "2025-10-31"))
    later = ["--today", "2032-01-05"]
    result = CliRunner().invoke(app, [*later, "retention", "--purge"], input="n\n")
    assert result.exit_code == 1
    assert "5659611" in result.stdout  # listed before the question
    assert "Erase everything held about these 1 ECTs?" in result.stderr
    assert db.query("SELECT count(*) FROM ects WHERE trn = '5659611'") == [(1,)]
    result = CliRunner().invoke(app, [*later, "retention", "--purge", "--yes"])
    assert result.exit_code == 0, result.output
    assert db.query("SELECT count(*) FROM ects WHERE trn = '5659611'") == [(0,)]


# --- completion ------------------------------------------------------------------------


def _complete(words: str, cword: int, db_path) -> list[str]:
    env = {
        **os.environ,
        "_ECTRACK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
        "ECTRACK_DB": str(db_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv[0] = 'ectrack'; "
         "from ectrack.cli import main; main()"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_completion_offers_commands_choices_trns_and_urns(people, db_path):
    assert _complete("ectrack ect sh", 2, db_path) == ["show"]
    assert _complete("ectrack assessment record 1234567 --kind fi", 5, db_path) == [
        "first",
        "final",
    ]
    # a name turns into the TRNs of the people it starts (bash shows the names)
    assert _complete("ectrack ect show hann", 3, db_path) == ["9003548", "9042201"]
    assert _complete("ectrack ect show 565", 3, db_path) == ["5659611"]
    assert _complete("ectrack ect move 5659611 --school moor", 5, db_path) == [MOORSIDE]


def test_completion_never_creates_a_database(tmp_path):
    missing = tmp_path / "none.db"
    assert _complete("ectrack ect show fr", 3, missing) == []
    assert not missing.exists()


def test_completion_can_be_installed_for_each_shell(run):
    out = run("--help").stdout
    assert "--install-completion" in out and "--show-completion" in out


# --- ectrack alone ---------------------------------------------------------------------


@pytest.mark.sqlite_only  # about the file not existing yet (a server database always does)
def test_ectrack_alone_without_a_database_says_how_to_start(run, ok, db_path):
    out = ok(run()).stdout
    assert "no database yet" in out
    assert "ectrack demo" in out
    assert not db_path.exists()


def test_ectrack_alone_says_where_you_are(run, ok, db_path, people):
    out = ok(run()).stdout
    assert str(db_path) in out
    assert "3 schools, 5 ECTs, 5 in a post now (as of 22 Nov 2026)" in out
    assert "Most urgent of" in out
    assert "ectrack find NAME" in out
