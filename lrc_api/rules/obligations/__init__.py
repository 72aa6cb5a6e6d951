"""HTTP for the obligations rules."""
