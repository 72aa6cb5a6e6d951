"""The scorecard view (季度量化计分) of one coordinator, from stored assessments and activities."""
