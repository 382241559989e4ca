"""How checkpoints and deadlines are named to people (the JSON names are the keys).

Plain dictionaries, so the command line can use them without importing the rules.
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
