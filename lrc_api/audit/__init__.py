"""Audit log (who changed what) and change feed (what changed, in commit order)."""
