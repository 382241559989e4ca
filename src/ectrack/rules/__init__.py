"""The rules of statutory induction as pure functions.

No SQL, no files, no printing, and no clock: "today" is always passed in.
Each function cites the paragraph of the guidance (SG), the regulations (REG)
or the decision in ``shared/domain/induction-rules.md`` it implements.
"""
