"""HTTP for the enterprise_size rules."""
