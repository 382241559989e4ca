"""How codes are named to people: words for people, codes for scripts.

JSON, the DfE's CSV files and the options scripts type keep the codes (the keys
here); tables, messages, letters and report cells a person reads use the words.
Plain dictionaries and tiny functions, so the command line can use them without
importing the rules.
"""

CHECKPOINT_LABELS = {
    "progress_review": "progress review",
    "first_formal_assessment": "first formal assessment",
    "final_formal_assessment": "final formal assessment",
    "interim_assessment": "interim assessment",
}
DEADLINE_LABELS = {
    "recommendation": "recommendation due",
    "representations": "representations close",
    "decision": "decision due",
    "notification": "notices due",
    "fail_notice": "fail notice due",
    "appeal_window": "appeal window closes",
    "dismissal": "dismissal due",
}


#: An ECT's status (``rules.status.ECT_STATUSES``).
ECT_STATUS_WORDS = {
    "required_to_complete": "Not started",
    "in_progress": "In progress",
    "paused": "Paused",
    "awaiting_decision": "Awaiting decision",
    "passed": "Passed",
    "failed": "Failed",
    "exempt": "Exempt",
}
#: A checkpoint's status as of a day (due: within 14 days; late: received after its due date).
CHECKPOINT_STATUS_WORDS = {
    "upcoming": "Upcoming",
    "due": "Due",
    "overdue": "Overdue",
    "received": "Received",
    "late": "Received late",
}
PROGRAMME_WORDS = {"provider_led": "Provider-led", "school_led": "School-led"}
#: Kinds of absence (``rules.absence.ABSENCE_KINDS``).
ABSENCE_WORDS = {
    "sickness": "Sickness",
    "maternity": "Maternity leave",
    "paternity": "Paternity leave",
    "adoption": "Adoption leave",
    "shared_parental": "Shared parental leave",
    "parental_bereavement": "Parental bereavement leave",
    "carers": "Carer's leave",
    "other": "Other",
}
#: The AB's decision after the final assessment.
OUTCOME_WORDS = {"pass": "Pass", "fail": "Fail", "extend": "Extension"}
#: A headteacher's recommendation, and the overall judgement of an assessment.
JUDGEMENT_WORDS = {
    "satisfactory": "Satisfactory",
    "unsatisfactory": "Unsatisfactory",
    "extend": "Extend induction",
}
#: A Teachers' Standard's judgement, and the standards judged (shown upper case: TS1).
STANDARD_WORDS = {"meeting": "Meeting", "not_yet_meeting": "Not yet meeting"}
STANDARD_CODES = ("ts1", "ts2", "ts3", "ts4", "ts5", "ts6", "ts7", "ts8", "pt2")
#: The result of an appeal to the Secretary of State (REG 14).
APPEAL_WORDS = {"allowed": "Allowed", "dismissed": "Dismissed", "extended": "Extended"}
#: The AB's fidelity check of a school-led programme.
FIDELITY_WORDS = {"met": "Met", "not_met": "Not met"}
#: How an induction period ended: its ``closed_by``, or its ``outcome``.
PERIOD_END_WORDS = {
    "move": "Moved school",
    "fte_change": "Changed FTE",
    "release": "Released",
    "pass": "Passed",
    "fail": "Failed",
}
SEASON_WORDS = {"autumn": "Autumn", "spring": "Spring", "summer": "Summer"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Why a teacher is exempt from induction, as the Teaching Record System words it.
EXEMPTION_REASONS = {
    "qualified_before_2000": "Qualified before 07 May 2000",
    "wales_first_post_1999_2003": "Qualified between 07 May 1999 and 01 Apr 2003; first post "
    "was in Wales and lasted a minimum of two terms",
    "further_education_2001_2004": "Qualified through Further Education route between "
    "1 Sep 2001 and 1 Sep 2004",
    "passed_guernsey": "Passed induction in Guernsey",
    "passed_isle_of_man": "Passed induction in Isle of Man",
    "passed_jersey": "Passed induction in Jersey",
    "passed_northern_ireland": "Passed induction in Northern Ireland",
    "passed_service_childrens_education": "Passed induction in Service Children's Education "
    "schools in Germany or Cyprus",
    "passed_wales": "Passed induction in Wales",
    "passed_gibraltar": "Passed probationary period in Gibraltar",
    "scotland_registration": "Has, or is eligible for, full registration in Scotland",
    "overseas_trained": "Overseas Trained Teacher",
    "eea_mutual_recognition": "Qualified through EEA mutual recognition route",
    "registered_teacher_two_years": "Registered teacher with at least 2 years full-time "
    "teaching experience",
    "qtls": "Exempt through QTLS status provided they maintain membership of The Society of "
    "Education and Training",
    "exempt": "Exempt",
    "data_loss_error": "Exempt - Data Loss/Error Criteria",
}


def word(code) -> str:
    """Any code as a person reads it: ``not_met`` → ``Not met``; None or "" → ""."""
    if code is None or code == "":
        return ""
    text = str(code).replace("_", " ")
    return text[:1].upper() + text[1:]


def _worded(words: dict[str, str], code) -> str:
    if code is None or code == "":
        return ""
    return words.get(code) or word(code)


def status_word(code) -> str:
    """An ECT's status: ``in_progress`` → ``In progress``."""
    return _worded(ECT_STATUS_WORDS, code)


def checkpoint_status_word(code) -> str:
    """A checkpoint's status: ``late`` → ``Received late``."""
    return _worded(CHECKPOINT_STATUS_WORDS, code)


def kind_word(code) -> str:
    """A checkpoint's kind, at the start of a cell: ``First formal assessment``."""
    return word(CHECKPOINT_LABELS.get(code, code))


def programme_word(code) -> str:
    """``provider_led`` → ``Provider-led``."""
    return _worded(PROGRAMME_WORDS, code)


def absence_word(code) -> str:
    """``shared_parental`` → ``Shared parental leave``."""
    return _worded(ABSENCE_WORDS, code)


def outcome_word(code) -> str:
    """The AB's decision: ``extend`` → ``Extension``."""
    return _worded(OUTCOME_WORDS, code)


def judgement_word(code) -> str:
    """An overall judgement or recommendation: ``unsatisfactory`` → ``Unsatisfactory``."""
    return _worded(JUDGEMENT_WORDS, code)


def standard_word(code) -> str:
    """A standard's judgement: ``not_yet_meeting`` → ``Not yet meeting``."""
    return _worded(STANDARD_WORDS, code)


def appeal_word(code) -> str:
    """An appeal's result: ``dismissed`` → ``Dismissed``."""
    return _worded(APPEAL_WORDS, code)


def fidelity_word(code) -> str:
    """A fidelity check's result: ``not_met`` → ``Not met``."""
    return _worded(FIDELITY_WORDS, code)


def period_end_word(code) -> str:
    """How a period ended: ``fte_change`` → ``Changed FTE``, ``pass`` → ``Passed``."""
    return _worded(PERIOD_END_WORDS, code)


def exemption_word(code) -> str:
    """Why a teacher is exempt, in the Teaching Record System's words."""
    return _worded(EXEMPTION_REASONS, code)


def term_word(term) -> str:
    """A term as people name it: ``2026-autumn`` (or a ``Term``) → ``Autumn 2026``.

    Text that is not a term name is given back as it is; None or "" gives "".
    """
    if term is None or term == "":
        return ""
    text = str(term)
    year, _, season = text.partition("-")
    if season not in SEASON_WORDS or not year.isdigit():
        return text
    return f"{SEASON_WORDS[season]} {year}"


def school_words(urn, name=None) -> str:
    """A school as a person knows it, its URN beside the name: ``Fieldhead Primary (100001)``.

    No URN gives ""; no name gives the URN alone.
    """
    if not urn:
        return ""
    return f"{name} ({urn})" if name else str(urn)


def uk_date(value) -> str:
    """A date as a person in England reads it, unambiguously: ``3 Nov 2026``.

    Takes a ``date`` or ISO text; None or "" gives "".
    """
    if not value:
        return ""
    import datetime as dt

    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"  # English whatever the locale


def letter_date(value, weekday: bool = False) -> str:
    """A date as a letter writes it: ``4 December 2026``, with ``weekday`` ``Friday 4
    December 2026`` (English whatever the locale). None or "" gives ""."""
    if not value:
        return ""
    import datetime as dt

    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    text = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    return f"{DAY_NAMES[day.weekday()]} {text}" if weekday else text
