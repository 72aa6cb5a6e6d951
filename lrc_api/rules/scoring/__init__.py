"""HTTP for the scoring rules."""
