"""Coordinators: the dynamic ledger (台账) of labor relations coordinators."""
