"""Identifiers and contact details: TRN, URN, LAESTAB, email, programme, phase.

See "Identifiers" and "Training programme" in induction-rules.md.
"""

from __future__ import annotations

import re

from ectrack.errors import InvalidValue
from ectrack.values import visible_text

TRN_FIX = "type the 7-digit teacher reference number, e.g. 1234567"


def code_text(value: object) -> str:
    """A code as text, undoing what Excel does to numeric codes (1234567.0)."""
    if type(value) is str:  # the usual case first: a cell read as text
        return value.strip()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


_TRN_NOISE = re.compile(r"[\s/]")


def normalise_trn(value: object, field: str = "trn") -> str:
    """A teacher reference number as 7 digits of text.

    [decision] Spaces, a leading ``RP`` and slashes are removed (``RP 12/34567``
    is 1234567); 5 to 7 digits are accepted and left-padded with zeros, since
    spreadsheets drop leading zeros. Anything else is refused.
    """
    text = code_text(value)
    if len(text) == 7 and text.isascii() and text.isdigit():
        return text  # already normalised: the common case, and every call after the first
    text = _TRN_NOISE.sub("", text)
    if text[:2].upper() == "RP":
        text = text[2:]
    if not (text.isascii() and text.isdigit() and 5 <= len(text) <= 7):
        raise InvalidValue(field, value, "TRN must be 7 digits", TRN_FIX)
    return text.zfill(7)


def normalise_urn(value: object, field: str = "urn") -> str:
    """A school's unique reference number (GIAS): exactly 6 digits."""
    text = re.sub(r"\s", "", code_text(value))
    if not (text.isascii() and text.isdigit() and len(text) == 6):
        raise InvalidValue(
            field,
            value,
            "URN must be 6 digits",
            "use the school's URN from Get Information about Schools, e.g. 100000",
        )
    return text


def normalise_laestab(value: object, field: str = "laestab") -> str:
    """LAESTAB: 3-digit LA code and 4-digit establishment number, as ``NNN/NNNN``."""
    digits = re.sub(r"[\s/\-]", "", code_text(value))
    if not (digits.isascii() and digits.isdigit() and len(digits) == 7):
        raise InvalidValue(
            field,
            value,
            "LAESTAB must be a 3-digit LA code and a 4-digit number",
            "write it as NNN/NNNN, e.g. 201/3614",
        )
    return f"{digits[:3]}/{digits[3:]}"


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def check_email(value: object, field: str = "email") -> str:
    """An email address of plausible shape (name@domain.tld), every character visible;
    trimmed."""
    text = visible_text(code_text(value), field)
    if not _EMAIL.fullmatch(text):
        raise InvalidValue(field, value, "not an email address", "write it as name@example.org")
    return text


PROGRAMMES = {"provider_led", "school_led"}
_PROGRAMME_NAMES = {
    "providerled": "provider_led",
    "fip": "provider_led",
    "fullinductionprogramme": "provider_led",
    "schoolled": "school_led",
    "cip": "school_led",
    "coreinductionprogramme": "school_led",
    "schoolfundedfip": "provider_led",  # a FIP the school pays for is still a FIP
    "schoolfundedfullinductionprogramme": "provider_led",
    "diy": "school_led",
    "designyourown": "school_led",
    "designourown": "school_led",  # the DfE's own name for DIY
}


def normalise_programme(value: object, field: str = "programme") -> str:
    """``provider_led`` or ``school_led``.

    Since September 2025 every ECT is on one of the two; earlier records say
    FIP (provider-led) or CIP/DIY (school-led), and are mapped.
    """
    key = re.sub(r"[^a-z]", "", code_text(value).lower())
    if key not in _PROGRAMME_NAMES:
        raise InvalidValue(
            field,
            value,
            "not a training programme",
            "use provider-led or school-led (FIP, CIP and DIY are also understood)",
        )
    return _PROGRAMME_NAMES[key]


PHASES = (
    "Nursery",
    "Primary",
    "Middle deemed primary",
    "Secondary",
    "Middle deemed secondary",
    "16 plus",
    "All-through",
    "Not applicable",
)
_PHASE_KEYS = {re.sub(r"[^a-z0-9]", "", p.lower()): p for p in PHASES}


def normalise_phase(value: object, field: str = "phase") -> str:
    """A phase of education as GIAS names it (case and punctuation ignored)."""
    key = re.sub(r"[^a-z0-9]", "", code_text(value).lower())
    if key not in _PHASE_KEYS:
        raise InvalidValue(
            field, value, "not a phase of education", "use one of: " + ", ".join(PHASES)
        )
    return _PHASE_KEYS[key]


def check_name(value: object, field: str) -> str:
    """A person's or school's name: not blank, trimmed, one line of characters a person
    can see (``visible_text``); any script, accents, apostrophes and hyphens are kept
    as given. Runs of spaces of any kind (a no-break space pasted from a web page)
    become one ordinary space, so two spellings that look the same are the same."""
    text = " ".join(visible_text(code_text(value), field).split())
    if not text:
        raise InvalidValue(field, value, "cannot be blank", "type the name")
    if len(text) > 200:
        raise InvalidValue(field, text[:20] + "…", "is over 200 characters", "shorten it")
    return text
