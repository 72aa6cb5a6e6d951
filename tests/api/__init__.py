"""Tests of the service foundation."""
