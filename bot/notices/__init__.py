"""Notices block staff broadcast: who may reach whom (area), who they are (audience), the rows
one per recipient (fanout), when they start (schedule, sweep), what happened (report), and the
JEEViKA rosters that bring didis in before they write (roster)."""
