"""Errors raised by the rules engine: bad input and bad policy packs."""

from __future__ import annotations


class RuleInputError(ValueError):
    """An input the rules cannot decide on; names the field and the rule it breaks."""

    def __init__(self, field: str, message: str, rule: str | None = None) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.rule = rule


class PolicyError(ValueError):
    """A policy pack that is malformed: names the file and the key."""

    def __init__(self, file: str, key: str, message: str) -> None:
        super().__init__(f"{file}: {key}: {message}")
        self.file = file
        self.key = key
        self.message = message


class UnknownPolicyError(LookupError):
    """A policy pack id that no loaded pack carries."""

    def __init__(self, policy_id: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown policy pack {policy_id!r}; known: {', '.join(known)}")
        self.policy_id = policy_id
        self.known = known


class MissingParameterError(LookupError):
    """A parameter path that the pack (and the packs it extends) does not define, or not on a date."""

    def __init__(self, policy_id: str, path: str, detail: str = "not defined") -> None:
        super().__init__(f"policy {policy_id!r}: parameter {path!r} {detail}")
        self.policy_id = policy_id
        self.path = path
