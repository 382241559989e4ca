"""Table-driven tests for ectrack.rules.identifiers (see "Identifiers" in induction-rules.md)."""

from __future__ import annotations

import pytest

from ectrack.errors import InvalidValue
from ectrack.rules.identifiers import (
    PHASES,
    TRN_FIX,
    check_email,
    check_name,
    normalise_laestab,
    normalise_phase,
    normalise_programme,
    normalise_trn,
    normalise_urn,
)


def fullwidth(digits: str) -> str:
    """The same digits as FULLWIDTH DIGIT characters (U+FF10-U+FF19), as CJK input gives."""
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in digits)


def shown(value: object) -> str:
    """The value as the error message quotes it (a missing value is said to be missing)."""
    return "is missing" if value is None else repr(str(value))


# ---------------------------------------------------------------- TRN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("1234567", "1234567", id="seven-digits"),
        pytest.param("0123456", "0123456", id="leading-zero-kept"),
        pytest.param("0012345", "0012345", id="two-leading-zeros-kept"),
        pytest.param(" 1234567 ", "1234567", id="padded"),
        pytest.param("123 4567", "1234567", id="inner-space"),
        pytest.param("12 34 567", "1234567", id="several-spaces"),
        pytest.param("1234\t567", "1234567", id="tab"),
        pytest.param("1234\u00a0567", "1234567", id="non-breaking-space"),
        pytest.param("RP1234567", "1234567", id="RP-prefix"),
        pytest.param("rp1234567", "1234567", id="rp-lower"),
        pytest.param("Rp1234567", "1234567", id="Rp-mixed"),
        pytest.param("RP 1234567", "1234567", id="RP-space"),
        pytest.param("RP 12/34567", "1234567", id="RP-slash"),
        pytest.param("rp 12/34567", "1234567", id="rp-slash-lower"),
        pytest.param("RP12/34567", "1234567", id="RP-slash-no-space"),
        pytest.param("12/34567", "1234567", id="slash-only"),
        pytest.param("RP 12 / 34567", "1234567", id="RP-spaced-slash"),
        pytest.param("12345", "0012345", id="five-digits-padded"),
        pytest.param("123456", "0123456", id="six-digits-padded"),
        pytest.param("RP 123456", "0123456", id="RP-six-digits-padded"),
        pytest.param(123456.0, "0123456", id="excel-float-six"),
        pytest.param(1234567.0, "1234567", id="excel-float-seven"),
        pytest.param(12345.0, "0012345", id="excel-float-five"),
        pytest.param(1234567, "1234567", id="int-seven"),
        pytest.param(123456, "0123456", id="int-six"),
        pytest.param(12345, "0012345", id="int-five"),
    ],
)
def test_normalise_trn_accepts(value, expected):
    assert normalise_trn(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("1234", id="four-digits"),
        pytest.param(1234, id="int-four-digits"),
        pytest.param("12345678", id="eight-digits"),
        pytest.param(12345678, id="int-eight-digits"),
        pytest.param("RP 1234", id="RP-four-digits"),
        pytest.param("12345A7", id="letter-inside"),
        pytest.param("ABCDEFG", id="letters"),
        pytest.param("T1234567", id="leading-letter"),
        pytest.param("1234567RP", id="RP-at-end"),
        pytest.param("RP", id="RP-alone"),
        pytest.param("123-4567", id="hyphen"),
        pytest.param("1234567.5", id="decimal-text"),
        pytest.param(fullwidth("1234567"), id="fullwidth-digits"),
        pytest.param("١٢٣٤٥٦٧", id="arabic-indic-digits"),
        pytest.param("¹²³⁴⁵⁶⁷", id="superscript-digits"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param(None, id="none"),
        pytest.param(123456.5, id="float-with-fraction"),
        pytest.param(1e7, id="float-eight-digits"),
        pytest.param(-1234567, id="negative"),
        pytest.param(True, id="bool"),
    ],
)
def test_normalise_trn_rejects(value):
    with pytest.raises(InvalidValue) as caught:
        normalise_trn(value)
    error = caught.value
    assert error.field == "trn"
    assert error.value == value  # the value as given, not the cleaned text
    assert "TRN must be 7 digits" in str(error)
    assert str(error) == f"trn {shown(value)}: TRN must be 7 digits; {TRN_FIX}"


def test_normalise_trn_names_the_field_given():
    with pytest.raises(InvalidValue) as caught:
        normalise_trn("12-34", field="mentor_trn")
    assert caught.value.field == "mentor_trn"
    assert str(caught.value).startswith("mentor_trn '12-34': TRN must be 7 digits")
    assert "type the 7-digit teacher reference number" in str(caught.value)


# ---------------------------------------------------------------- URN

URN_FIX = "use the school's URN from Get Information about Schools, e.g. 100000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100000", "100000"),
        ("137425", "137425"),
        (" 137425 ", "137425"),
        ("137 425", "137425"),
        (137425, "137425"),
        (137425.0, "137425"),
        ("000123", "000123"),
    ],
)
def test_normalise_urn_accepts(value, expected):
    assert normalise_urn(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "13742",
        "1374255",
        13742,
        "URN137425",
        "137-425",
        "13742A",
        fullwidth("137425"),
        "",
        None,
        137425.5,
        "137425.0",
    ],
)
def test_normalise_urn_rejects(value):
    with pytest.raises(InvalidValue) as caught:
        normalise_urn(value, "school_urn")
    error = caught.value
    assert error.field == "school_urn"
    assert str(error) == f"school_urn {shown(value)}: URN must be 6 digits; {URN_FIX}"


# ---------------------------------------------------------------- LAESTAB

LAESTAB_FIX = "write it as NNN/NNNN, e.g. 201/3614"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("201/3614", "201/3614"),
        ("2013614", "201/3614"),
        ("201-3614", "201/3614"),
        ("201 3614", "201/3614"),
        (" 201 / 3614 ", "201/3614"),
        (2013614, "201/3614"),
        (2013614.0, "201/3614"),
        ("919/2001", "919/2001"),
    ],
)
def test_normalise_laestab_accepts(value, expected):
    assert normalise_laestab(value) == expected


@pytest.mark.parametrize(
    "value",
    ["201/361", "201/36145", "ABC/1234", "201\\3614", "201.3614", fullwidth("201/3614"), "", None],
)
def test_normalise_laestab_rejects(value):
    with pytest.raises(InvalidValue) as caught:
        normalise_laestab(value)
    error = caught.value
    assert error.field == "laestab"
    assert str(error) == (
        f"laestab {shown(value)}: LAESTAB must be a 3-digit LA code and a 4-digit number; "
        f"{LAESTAB_FIX}"
    )


# ---------------------------------------------------------------- email


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("head@school.sch.uk", "head@school.sch.uk"),
        ("a.teacher@example.org", "a.teacher@example.org"),
        ("J.Smith+ect@Academy-Trust.org.uk", "J.Smith+ect@Academy-Trust.org.uk"),
        ("  office@school.org  ", "office@school.org"),
        ("o'brien@school.ac.uk", "o'brien@school.ac.uk"),
    ],
)
def test_check_email_accepts(value, expected):
    assert check_email(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "head.school.org",
        "head@school",
        "head@@school.org",
        "head@school@trust.org",
        "head teacher@school.org",
        "head@school.org.",
        "head@.org",
        "@school.org",
        "head@",
        "",
        None,
    ],
)
def test_check_email_rejects(value):
    with pytest.raises(InvalidValue) as caught:
        check_email(value, "school_email")
    error = caught.value
    assert error.field == "school_email"
    assert str(error) == (
        f"school_email {shown(value)}: not an email address; write it as name@example.org"
    )


# ---------------------------------------------------------------- programme


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("provider_led", "provider_led"),
        ("provider-led", "provider_led"),
        ("Provider-led", "provider_led"),
        ("Provider led", "provider_led"),
        ("PROVIDER LED", "provider_led"),
        (" providerled ", "provider_led"),
        ("school_led", "school_led"),
        ("school-led", "school_led"),
        ("School led", "school_led"),
        ("SCHOOL_LED", "school_led"),
        ("FIP", "provider_led"),
        ("fip", "provider_led"),
        ("Full induction programme", "provider_led"),
        ("full_induction_programme", "provider_led"),
        ("CIP", "school_led"),
        ("cip", "school_led"),
        ("Core induction programme", "school_led"),
        ("core_induction_programme", "school_led"),
        ("DIY", "school_led"),
        ("diy", "school_led"),
        ("Design your own", "school_led"),
        ("design_our_own", "school_led"),
        ("School funded FIP", "provider_led"),
        ("school-funded full induction programme", "provider_led"),
    ],
)
def test_normalise_programme_accepts(value, expected):
    assert normalise_programme(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", None, "provider", "school", "led", "FIP/CIP", "ECF", "mentor-led", "self-led", 1],
)
def test_normalise_programme_rejects(value):
    with pytest.raises(InvalidValue) as caught:
        normalise_programme(value)
    error = caught.value
    assert error.field == "programme"
    assert str(error) == (
        f"programme {shown(value)}: not a training programme; "
        "use provider-led or school-led (FIP, CIP and DIY are also understood)"
    )


# ---------------------------------------------------------------- phase


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Primary", "Primary"),
        ("primary", "Primary"),
        (" PRIMARY ", "Primary"),
        ("Secondary", "Secondary"),
        ("secondary", "Secondary"),
        ("Nursery", "Nursery"),
        ("Middle deemed primary", "Middle deemed primary"),
        ("middle-deemed-primary", "Middle deemed primary"),
        ("Middle deemed secondary", "Middle deemed secondary"),
        ("middle_deemed_secondary", "Middle deemed secondary"),
        ("16 plus", "16 plus"),
        ("16 Plus", "16 plus"),
        ("16plus", "16 plus"),
        ("16-plus", "16 plus"),
        ("All-through", "All-through"),
        ("all through", "All-through"),
        ("ALLTHROUGH", "All-through"),
        ("Not applicable", "Not applicable"),
        ("not-applicable", "Not applicable"),
    ],
)
def test_normalise_phase_accepts(value, expected):
    assert normalise_phase(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", None, "Prim", "Sixth form", "16+", "Middle", "Infant", "Junior", "N/A", "KS2"],
)
def test_normalise_phase_rejects(value):
    with pytest.raises(InvalidValue) as caught:
        normalise_phase(value)
    error = caught.value
    assert error.field == "phase"
    message = str(error)
    assert message.startswith(f"phase {shown(value)}: not a phase of education; use one of: ")
    for phase in PHASES:
        assert phase in message


# ---------------------------------------------------------------- name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jane Smith", "Jane Smith"),
        ("  Jane   Smith  ", "Jane Smith"),
        (" Jane Smith\n", "Jane Smith"),  # white space around the name is trimmed
        # [decision] a no-break space (pasted from a web page) is an ordinary space: two
        # names that look the same are the same person
        ("Anne\u00a0Marie", "Anne Marie"),
        ("Mary-Jane O'Neill", "Mary-Jane O'Neill"),
        ("Zoë Ødegård", "Zoë Ødegård"),
        ("St Mary's C of E Primary School", "St Mary's C of E Primary School"),
        ("A" * 200, "A" * 200),
        ("  " + "A" * 200 + "  ", "A" * 200),
    ],
)
def test_check_name_accepts(value, expected):
    assert check_name(value, "first_name") == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Jane\nSmith", "holds a line break U+000A (LINE FEED)"),
        ("Jane\r\n Smith", "holds a line break U+000D (CARRIAGE RETURN)"),
        ("Jane\tSmith", "holds a tab U+0009 (CHARACTER TABULATION)"),
        ("Jane\u202eSmith", "holds an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ],
)
def test_check_name_rejects_what_cannot_be_seen_on_one_line(value, problem):
    with pytest.raises(InvalidValue) as caught:
        check_name(value, "first_name")
    assert (caught.value.field, caught.value.problem) == ("first_name", problem)


@pytest.mark.parametrize(
    "value", ["jane\u200b@example.org", "jane@example.org\u202e", "jane@exa\x00mple.org"]
)
def test_check_email_rejects_invisible_characters(value):
    with pytest.raises(InvalidValue) as caught:
        check_email(value, "mentor_email")
    assert caught.value.field == "mentor_email"
    assert caught.value.problem.startswith("holds an invisible character U+")


@pytest.mark.parametrize("value", ["", "   ", "\n\t", None])
def test_check_name_rejects_blank(value):
    with pytest.raises(InvalidValue) as caught:
        check_name(value, "last_name")
    error = caught.value
    assert error.field == "last_name"
    assert str(error) == f"last_name {shown(value)}: cannot be blank; type the name"


@pytest.mark.parametrize(
    "value",
    ["A" * 201, "Jane " * 50, "x" * 1000],
)
def test_check_name_rejects_over_200_characters(value):
    with pytest.raises(InvalidValue) as caught:
        check_name(value, "school_name")
    error = caught.value
    assert error.field == "school_name"
    assert error.problem == "is over 200 characters"
    assert error.fix == "shorten it"
    assert "is over 200 characters; shorten it" in str(error)
    # The message quotes the start of the name, not all of it.
    assert len(str(error)) < 100
