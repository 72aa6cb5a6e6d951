"""Risk alerts (预警): one per enterprise and episode at an alerting level, with their handling."""
