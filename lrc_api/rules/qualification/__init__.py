"""HTTP for the qualification rules."""
