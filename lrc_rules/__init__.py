"""Rules engine for labor relations coordinator (劳动关系协调员) teams.

Pure Python: no web framework, no database, no clock. Every public function takes its inputs
(frozen dataclasses or plain values) and an explicit ``as_of`` where time matters, and returns a
result that carries the policy pack used, :data:`RULES_VERSION` and an ordered ``trace``.
"""

RULES_VERSION = "0.1.0"
"""Version of the rules code; every result reports it beside the policy pack id."""
