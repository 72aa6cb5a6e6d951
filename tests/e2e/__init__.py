"""End-to-end tests against a real server process."""
