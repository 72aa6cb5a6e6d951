"""HTTP for the kpi rules."""
