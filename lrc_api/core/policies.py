"""The policy packs the service knows, and how a request picks one."""

from __future__ import annotations

from functools import lru_cache

from lrc_api.core.settings import get_settings
from lrc_rules.policies import Policy, PolicyRegistry


@lru_cache
def get_registry() -> PolicyRegistry:
    """The built-in packs plus those in ``LRC_POLICY_DIRS`` (read once per process)."""
    return PolicyRegistry.load(get_settings().policy_dirs)


def resolve_policy(policy_id: str | None) -> Policy:
    """The pack a request names, or the deployment's default (``LRC_DEFAULT_POLICY``).

    An unknown id raises ``UnknownPolicyError``, which the error handlers turn into a 422
    naming the field ``policy``.
    """
    return get_registry().get(policy_id or get_settings().default_policy)
