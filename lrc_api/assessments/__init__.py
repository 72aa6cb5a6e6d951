"""Quarterly assessments (基本得分) and the stored-data scorecard view."""
