"""Cross-cutting parts of the service: settings, database, errors, logging, security."""
