"""HTTP for the money rules."""
