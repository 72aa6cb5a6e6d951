"""HTTP for the identifiers rules."""
