"""The fields a letter template can use, and the templates ectrack knows.

A field is written in a Word template as ``{{ ect_name }}``. Each template may use
only the fields its letter has (an unknown field is refused, never printed blank),
and must use those the law requires in it (REG 11(7): written notice of the
decision; REG 14 and SG 2.70: for a fail or an extension, the right of appeal and
its last day). The README's list of fields is checked against ``FIELDS``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    means: str
    example: str


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("letter_date", "the letter's date (the day it is sent)", "4 December 2026"),
        Field("ab_name", "the appropriate body's name ('letter settings')", "Calder TSH"),
        Field("ab_email", "the appropriate body's email address", "induction@calder.example"),
        Field("signed_by", "who signs the AB's letters ('letter settings')", "Jo Khan"),
        Field("recipient", "who the letter is addressed to", "Ms A Khan"),
        Field("ect_name", "the ECT's first and last name", "Zoë O'Brien"),
        Field("ect_first_name", "the ECT's first name", "Zoë"),
        Field("ect_last_name", "the ECT's last name", "O'Brien"),
        Field("trn", "the ECT's teacher reference number", "1234567"),
        Field("date_of_birth", "the ECT's date of birth", "30 April 2003"),
        Field("school_name", "the school of the letter (the lead post's)", "Fieldhead Primary"),
        Field("school_urn", "that school's URN", "107029"),
        Field("headteacher", "that school's headteacher", "Ms A Khan"),
        Field("induction_started_on", "when induction started", "2 September 2024"),
        Field("end_of_induction", "the end of induction, where known", "22 July 2026"),
        Field("fte_terms_served", "FTE terms served, all ABs together", "6.0"),
        Field("fte_terms_required", "FTE terms required, with extensions", "6.0"),
        Field("fte_terms_served_elsewhere", "FTE terms served with other ABs", "0.0"),
        Field("programme", "the training programme", "Provider-led"),
        Field("fte", "the ECT's working pattern (FTE)", "1.0"),
        Field(
            "decision",
            "the AB's decision in words",
            "induction not passed (not completed satisfactorily)",
        ),
        Field("decision_date", "the day the AB decided", "10 August 2026"),
        Field("extension_terms", "an extension's length in FTE terms", "2.0"),
        Field(
            "next_final_assessment_due",
            "an extension: when the final assessment after it is due",
            "26 March 2027",
        ),
        Field(
            "appeal_to",
            "to whom and where an appeal is made",
            "the Secretary of State for Education, by writing to the Teaching Regulation …",
        ),
        Field("notice_received_on", "the day this notice counts as received", "8 April 2026"),
        Field("appeal_deadline", "the last day an appeal can reach the TRA", "7 May 2026"),
        Field(
            "dismissal_deadline",
            "a fail: the employer's last day to dismiss if there is no appeal",
            "21 May 2026",
        ),
        Field("mentor_name", "the ECT's mentor", "Freya Green"),
        Field("tutor_name", "the ECT's induction tutor", "Tomasz Patel"),
        Field("first_checkpoint", "the first review or assessment due here", "progress review"),
        Field("first_checkpoint_due", "when it is due", "18 December 2026"),
        Field("left_on", "the ECT's last day in the post they left", "31 October 2026"),
        Field("interim_due", "when the interim assessment was due", "31 October 2026"),
        Field("next_ab", "the appropriate body the ECT moves to", "Pennine TSH"),
        Field("transfer_written_on", "when the transfer file was written", "4 December 2026"),
    )
}

_COMMON = (
    "letter_date",
    "ab_name",
    "ab_email",
    "signed_by",
    "recipient",
    "ect_name",
    "ect_first_name",
    "ect_last_name",
    "trn",
    "date_of_birth",
    "school_name",
    "school_urn",
    "headteacher",
    "induction_started_on",
    "end_of_induction",
    "fte_terms_served",
    "fte_terms_required",
    "fte_terms_served_elsewhere",
    "programme",
    "fte",
)
_DECISION = ("decision", "decision_date")
_APPEAL = ("appeal_to", "notice_received_on", "appeal_deadline")
_EXTENSION = ("extension_terms", "next_final_assessment_due")

NOTICE = "REG 11(7): the written notice must say whose induction and what was decided, when"
APPEAL = (
    "REG 14 and SG 2.70: the notice to the ECT must give the right of appeal, to whom, "
    "and the last day to appeal"
)
LENGTH = "REG 11(7): an extension's notice must give its length"
NAMED = "a letter about an ECT must name them"


@dataclass(frozen=True, slots=True)
class Template:
    """One template: its file name (without .docx), its letter and recipient, the
    fields it may use and those it must use (field → why)."""

    name: str
    letter: str  # decision, registration, interim_request, transfer
    recipient: str  # ect, school (headteacher and employer), tra, next_ab
    about: str
    fields: tuple[str, ...]
    required: dict[str, str]


def _decision_templates() -> list[Template]:
    found = []
    for outcome, extra in (
        ("pass", ()),
        ("fail", (*_APPEAL, "dismissal_deadline")),
        ("extend", (*_APPEAL, *_EXTENSION)),
    ):
        for recipient, to_whom in (
            ("ect", "to the ECT"),
            ("school", "to the headteacher and employer"),
            ("tra", "to the Teaching Regulation Agency"),
        ):
            required = dict.fromkeys(("ect_name", "trn", "decision", "decision_date"), NOTICE)
            if outcome == "extend":
                required["extension_terms"] = LENGTH
            if outcome in ("fail", "extend") and recipient == "ect":
                required |= dict.fromkeys(("appeal_to", "appeal_deadline"), APPEAL)
            word = {"pass": "a pass", "fail": "a fail", "extend": "an extension"}[outcome]
            found.append(
                Template(
                    f"decision-{outcome}-{recipient}",
                    "decision",
                    recipient,
                    f"notice of {word} {to_whom}",
                    (*_COMMON, *_DECISION, *extra),
                    required,
                )
            )
    return found


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        *_decision_templates(),
        Template(
            "registration",
            "registration",
            "school",
            "confirmation to a school that an ECT is registered with the AB",
            (*_COMMON, "mentor_name", "tutor_name", "first_checkpoint", "first_checkpoint_due"),
            dict.fromkeys(("ect_name", "trn", "induction_started_on"), NAMED),
        ),
        Template(
            "interim-request",
            "interim_request",
            "school",
            "a request to the school an ECT left for their interim assessment",
            (*_COMMON, "left_on", "interim_due"),
            dict.fromkeys(("ect_name", "trn", "left_on"), NAMED),
        ),
        Template(
            "transfer",
            "transfer",
            "next_ab",
            "covering letter to the ECT's next AB for their transfer file",
            (*_COMMON, "next_ab", "transfer_written_on"),
            dict.fromkeys(("ect_name", "trn"), NAMED),
        ),
    )
}

#: Who each recipient is, in words.
RECIPIENT_WORDS = {
    "ect": "the ECT",
    "school": "the headteacher and employer",
    "tra": "the Teaching Regulation Agency",
    "next_ab": "the next appropriate body",
}
