"""Events: a change-feed entry as the payload a subscriber receives, and the renderer registry.

An event's type is ``<entity>.<op>`` straight from the change feed (``coordinator.update``,
``case_event.create``). The kinds are those that register a renderer (:func:`register`), so a
subscription names only types that can occur (a typo such as ``cordinator.update`` is a 422, not
a subscription that silently never fires). A kind's events carry the record, as the subscriber may read it; without one, or when
the subscriber may not read it (scope, region, deleted since), ``record`` is null and the event
still says what changed, exactly as ``GET /v1/changes`` does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from lrc_api.core.errors import NotFound
from lrc_api.core.journal import Change
from lrc_api.core.principal import Principal

Render = Callable[[Session, Principal, int], dict[str, Any]]
"""``(session, principal, entity_id) -> record as JSON``; raises NotFound when not visible."""


@dataclass(frozen=True, slots=True)
class Renderer:
    """How to show one kind of record in an event: the scope that reads it, and the function."""

    scope: str
    render: Render


_RENDERERS: dict[str, Renderer] = {}


def register(entity: str, *, scope: str, render: Render) -> None:
    """Make events of ``entity`` carry the record, for subscribers holding ``scope``."""
    _RENDERERS[entity] = Renderer(scope=scope, render=render)


def entities() -> frozenset[str]:
    """Every kind of record the change feed holds: those with a renderer (each kind registers
    one; ``tests/api/test_webhook_records.py`` holds that no kind in the feed lacks it)."""
    from lrc_api.webhooks import records  # noqa: F401  (registers the renderers on import)

    return frozenset(_RENDERERS)


OPS = ("create", "update", "delete")
"""The operations of the change feed."""


def renderer(entity: str) -> Renderer | None:
    """The renderer of ``entity``, if one is registered."""
    return _RENDERERS.get(entity)


def event_type(change: Change) -> str:
    """``<entity>.<op>`` of a change."""
    return f"{change.entity}.{change.op}"


def message_id(change: Change) -> str:
    """The ``webhook-id`` of a change's event: the same on every attempt and every replay."""
    return f"msg_{change.seq}"


def render_record(session: Session, principal: Principal, change: Change) -> dict[str, Any] | None:
    """The record of ``change`` as ``principal`` may see it now, or None."""
    found = _RENDERERS.get(change.entity)
    if found is None or not principal.can(found.scope):
        return None
    try:
        return found.render(session, principal, change.entity_id)
    except NotFound:
        return None


def payload(session: Session, principal: Principal, change: Change) -> str:
    """The JSON body of a change's event (Standard Webhooks shape: ``type``, ``timestamp``, ``data``).

    ``data.record`` is the record as it stands when the event is sent, rendered for the
    subscriber (personal data masked without ``pii:read``); its ``version`` may be above the
    change's when the record changed again since — the later events follow, in order.
    """
    body = {
        "type": event_type(change),
        "timestamp": change.at.isoformat().replace("+00:00", "Z"),
        "data": {
            "seq": change.seq,
            "entity": change.entity,
            "entity_id": change.entity_id,
            "op": change.op,
            "version": change.version,
            "region_id": change.region_id,
            "record": render_record(session, principal, change),
        },
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str)
