"""The policy packs the service knows, and which pack applies: named, bound to a region, or default.

A deployment may serve several jurisdictions (a city platform over 汶上县 and its neighbours; a
district of Shanghai): a region can be bound to a pack (``region.policy``), which holds for its
whole subtree until a deeper region binds another; the root falls back to ``LRC_DEFAULT_POLICY``.
Every computation on a stored record uses the pack of the record's region; a request may still
name a pack explicitly where an endpoint allows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from sqlmodel import Session, col, select

from lrc_api.core.region_tree import Region
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


def bound_policy_ids(session: Session, regions: Iterable[Region]) -> dict[int, str]:
    """The id of the pack in force for each region (deepest binding on its path), in one query.

    Returns ``{region id: pack id}``; a region with no binding on its path gets the deployment's
    default pack.
    """
    regions = list(regions)
    ancestors = {i for r in regions for i in r.ancestor_ids()}
    bindings: dict[int, str] = {}
    if ancestors:
        stmt = select(Region.id, Region.policy).where(
            col(Region.id).in_(ancestors), col(Region.policy).is_not(None)
        )
        bindings = {rid: pid for rid, pid in session.exec(stmt) if rid is not None and pid}
    default = get_settings().default_policy
    out: dict[int, str] = {}
    for r in regions:
        chosen = default
        for rid in r.ancestor_ids():  # root first: the deepest binding wins
            chosen = bindings.get(rid, chosen)
        out[r.id or 0] = chosen
    return out


def region_policy(session: Session, region_id: int | None, explicit: str | None = None) -> Policy:
    """The pack for a record of ``region_id``: ``explicit`` if named, else the region's binding.

    Raises ``UnknownPolicyError`` (422 on ``policy``) when the named or bound pack is not loaded.
    """
    if explicit:
        return resolve_policy(explicit)
    region = session.get(Region, region_id) if region_id is not None else None
    if region is None:
        return resolve_policy(None)
    return resolve_policy(bound_policy_ids(session, [region])[region.id or 0])
