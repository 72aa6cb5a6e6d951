"""Activities: what a coordinator did (publicity, mediation, visits …), with evidence and review."""
