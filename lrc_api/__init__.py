"""The LRC platform service: persistence, auth, CRUD and HTTP over ``lrc_rules``."""

__version__ = "0.1.0"
