"""Files in and out: reading rows from spreadsheets, writing cells safely.

Knows nothing of induction.
"""
