"""Regions: the administrative tree every record belongs to (county → township → community; 领域专班)."""
