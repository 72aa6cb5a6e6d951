"""HTTP for the deadlines rules."""
