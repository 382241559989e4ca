"""The plain templates ectrack ships, written here as text and built into .docx.

Each is a list of paragraphs; one starting with ``# `` is a heading. The header of
every page holds ``{{ ab_name }}``, where an AB puts its letterhead. Written as text
so that a change of wording is a reviewable diff, and built the same way every time.
"""

from __future__ import annotations

import io

_TOP = ["{{ letter_date }}", "{{ recipient }}"]
_SCHOOL = ["{{ recipient }}, headteacher", "{{ school_name }} (URN {{ school_urn }})"]
_SIGN = ["Yours sincerely,", "{{ signed_by }}\n{{ ab_name }}\n{{ ab_email }}"]
_FACTS = (
    "Early career teacher: {{ ect_name }}, teacher reference number (TRN) {{ trn }}, "
    "date of birth {{ date_of_birth }}.\n"
    "School: {{ school_name }} (URN {{ school_urn }}).\n"
    "Induction: started {{ induction_started_on }}, ended {{ end_of_induction }}; "
    "{{ fte_terms_served }} FTE terms served of {{ fte_terms_required }} required."
)
_DECIDED = (
    "Decision: {{ decision }}, made on {{ decision_date }} under regulation 11 of the "
    "Education (Induction Arrangements for School Teachers) (England) Regulations 2012."
)
_APPEAL = (
    "# Your right of appeal\n"
    "You may appeal against this decision to {{ appeal_to }}. Your appeal must be "
    "received no later than {{ appeal_deadline }}: 20 working days from "
    "{{ notice_received_on }}, the day this notice counts as received (regulation 14)."
)


def _decision(outcome: str, recipient: str) -> list[str]:
    you = recipient == "ect"
    top = _TOP if recipient != "school" else [_TOP[0], *_SCHOOL]
    if recipient == "tra":
        top = [_TOP[0], "Teaching Regulation Agency"]
    dear = "Dear {{ recipient }}," if recipient != "tra" else "Dear Sir or Madam,"
    title = {
        "pass": "# Notice of the outcome of induction: passed",
        "fail": "# Notice of the outcome of induction: not passed",
        "extend": "# Notice of an extension to induction",
    }[outcome]
    body = [_FACTS, _DECIDED]
    if outcome == "pass":
        body.append(
            "Congratulations: your induction is complete."
            if you
            else "{{ ect_name }} has completed induction satisfactorily."
        )
    elif outcome == "fail":
        body.append(
            (
                "The appropriate body has decided that you have not met the Teachers' "
                "Standards by the end of your induction period."
            )
            if you
            else (
                "The appropriate body has decided that {{ ect_name }} has not met the "
                "Teachers' Standards by the end of their induction period. They may appeal "
                "to {{ appeal_to }}, no later than {{ appeal_deadline }}."
            )
        )
        if you:
            body.append(_APPEAL)
            body.append(
                "If you do not appeal, or your appeal is dismissed, your employer must end "
                "your employment as a teacher within 10 working days. You keep qualified "
                "teacher status, but induction cannot be served again."
            )
        elif recipient == "school":
            body.append(
                "While an appeal is pending, {{ ect_name }} may continue to be employed. If "
                "there is no appeal, their employment as a teacher must end by "
                "{{ dismissal_deadline }}; if an appeal is dismissed, within 10 working days "
                "of its dismissal."
            )
    else:
        body.append(
            (
                "Your induction period is extended by {{ extension_terms }} FTE terms. Your "
                "induction continues, and your final formal assessment is due by "
                "{{ next_final_assessment_due }}."
            )
            if you
            else (
                "The induction period of {{ ect_name }} is extended by {{ extension_terms }} "
                "FTE terms. Induction continues, with a final formal assessment due by "
                "{{ next_final_assessment_due }}. {{ ect_first_name }} may appeal to "
                "{{ appeal_to }}, no later than {{ appeal_deadline }}."
            )
        )
        if you:
            body.append(_APPEAL)
    if recipient == "tra":
        body.append("This is the appropriate body's notice under regulation 11(7).")
    return [*top, dear, title, *body, *_SIGN]


DEFAULTS: dict[str, list[str]] = {
    f"decision-{outcome}-{recipient}": _decision(outcome, recipient)
    for outcome in ("pass", "fail", "extend")
    for recipient in ("ect", "school", "tra")
}
DEFAULTS["registration"] = [
    _TOP[0],
    *_SCHOOL,
    "Dear {{ recipient }},",
    "# Induction registered: {{ ect_name }} (TRN {{ trn }})",
    "We confirm that {{ ect_name }} is registered with {{ ab_name }} for statutory "
    "induction at {{ school_name }} from {{ induction_started_on }}.",
    "Programme: {{ programme }}. Working pattern: {{ fte }} FTE. Induction required: "
    "{{ fte_terms_required }} FTE terms, of which {{ fte_terms_served_elsewhere }} were "
    "served before.\nMentor: {{ mentor_name }}. Induction tutor: {{ tutor_name }}.",
    "The first return we need is the {{ first_checkpoint }}, due by "
    "{{ first_checkpoint_due }}. Please tell us at once if the ECT's post, working pattern "
    "or mentor changes, or if they are absent for long.",
    *_SIGN,
]
DEFAULTS["interim-request"] = [
    _TOP[0],
    *_SCHOOL,
    "Dear {{ recipient }},",
    "# Interim assessment needed: {{ ect_name }} (TRN {{ trn }})",
    "{{ ect_name }} left their post at {{ school_name }} on {{ left_on }}. When an ECT "
    "leaves a post part-way through induction, the school completes an interim "
    "assessment, so that their next school and appropriate body can build on it.",
    "It was due on {{ interim_due }}. Please send it to us as soon as you can.",
    *_SIGN,
]
DEFAULTS["transfer"] = [
    _TOP[0],
    "{{ next_ab }}",
    "Dear colleague,",
    "# Induction record: {{ ect_name }} (TRN {{ trn }})",
    "{{ ect_name }}, date of birth {{ date_of_birth }}, has left the care of {{ ab_name }} "
    "and we understand they will continue their induction with {{ next_ab }}.",
    "Their induction record, written on {{ transfer_written_on }}, reaches you as a "
    "separate file, sent securely: {{ fte_terms_served }} of {{ fte_terms_required }} FTE "
    "terms served. It holds their periods of induction, absence, reviews and assessments. "
    "An appropriate body using ectrack can import it with 'ectrack import'.",
    *_SIGN,
]


def default_docx(name: str) -> bytes:
    """The shipped template ``name`` as a .docx file's bytes."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    header = document.sections[0].header.paragraphs[0]
    header.text = "{{ ab_name }}"
    header.runs[0].bold = True
    for block in DEFAULTS[name]:
        heading = block.startswith("# ")  # its first line is the heading
        lines = (block[2:] if heading else block).split("\n")
        paragraph = document.add_paragraph()
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = heading and i == 0
            if i < len(lines) - 1:
                run.add_break()
    document.core_properties.author = "ectrack"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
