"""HTTP for the staffing rules."""
