"""What an officer can do to the AB's records, as a library.

Each operation takes values as typed (text, numbers or dates), validates every
field with the rules, checks the database, writes, and records one audit
event per changed record. Operations never commit: the caller wraps them in
``store.db.transaction`` (one command, or one imported file), so a failure
anywhere leaves nothing written.
"""
