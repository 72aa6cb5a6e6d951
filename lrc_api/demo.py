"""Demo data for a first look (``lrc demo-data``); idempotent."""

from __future__ import annotations


def load_demo_data() -> str:
    """Load the demo records and return a short text on what was created."""
    return "demo data: nothing to load yet"
