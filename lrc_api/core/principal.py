"""Who is calling: the principal every service function receives, with its role, region and scopes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SCOPES: dict[str, str] = {
    "regions:read": "Read regions",
    "regions:write": "Create and change regions",
    "enterprises:read": "Read enterprises",
    "enterprises:write": "Create and change enterprises",
    "coordinators:read": "Read coordinators (the ledger)",
    "coordinators:write": "Create and change coordinators",
    "activities:read": "Read activities",
    "activities:write": "Record activities",
    "activities:review": "Approve or reject activities",
    "assessments:read": "Read quarterly assessments",
    "assessments:write": "Give quarterly base scores",
    "cases:read": "Read cases and their timelines",
    "cases:write": "Create cases, add events, move their status",
    "signals:read": "Read the risk signals of enterprises",
    "signals:write": "Record risk signals (other government systems)",
    "risk:read": "Read enterprise and region risk (劳资矛盾预警) and the alerts",
    "alerts:write": "Acknowledge and resolve risk alerts",
    "pii:read": "See ID numbers and phones unmasked",
    "audit:read": "Read the audit log",
    "changes:read": "Read the change feed",
    "rules:evaluate": "Call the rules calculators when they are not public",
    "users:read": "List and read users and API clients (never their secrets)",
    "users:write": "Create, deactivate, reactivate and reset users and API clients",
    "webhooks:write": "Subscribe to webhooks and manage subscriptions (with changes:read)",
}
"""Every scope a token can carry, with what it allows."""

_READ = frozenset(s for s in SCOPES if s.endswith(":read") and s != "pii:read")

ROLE_SCOPES: dict[str, frozenset[str]] = {
    "admin": frozenset(SCOPES),
    "region_admin": frozenset(SCOPES) - {"users:write"},
    "assessor": _READ - {"audit:read", "users:read"}
    | {"activities:review", "assessments:write", "rules:evaluate"},
    "coordinator": frozenset(
        {
            "regions:read",
            "enterprises:read",
            "coordinators:read",
            "activities:read",
            "activities:write",
            "assessments:read",
            "cases:read",
            "risk:read",
            "rules:evaluate",
        }
    ),
    "integration": frozenset(),  # an API client gets exactly the scopes it was created with
    "auditor": _READ | {"audit:read", "rules:evaluate"},
}
"""The scopes each role carries (an integration client's come from its registration)."""

Role = Literal["admin", "region_admin", "assessor", "coordinator", "integration", "auditor"]


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller: a user or an API client, with its role, region subtree and scopes."""

    subject: str
    kind: Literal["user", "client", "system"]
    role: str
    region_id: int | None
    scopes: frozenset[str]
    coordinator_id: int | None = None
    account_version: int | None = None
    """Token version of the account our token was issued for (claim ``ver``; see core.accounts)."""
    external: bool = False
    """True for a token of a trusted external identity provider (no account of ours behind it)."""

    def can(self, scope: str) -> bool:
        """Whether the principal holds ``scope``."""
        return scope in self.scopes

    @property
    def is_global(self) -> bool:
        """True for a principal not limited to a region subtree (admin, system)."""
        return self.region_id is None


SYSTEM = Principal(
    subject="system", kind="system", role="admin", region_id=None, scopes=frozenset(SCOPES)
)
"""The principal of the CLI and demo loader."""
