"""Staffing (人员配备) of a region from its stored records: a view over several domains."""
