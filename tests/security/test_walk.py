"""Proof (issue 13): every operation × every principal kind, with records in two regions — leaks
counted, must be 0; no 5xx.

A leak is any of: a response showing region B's marker to a caller of region A, or the
colleague's marker to the coordinator principal; a 2xx to a request that targets or references
a foreign record; a record of region B in a JSON answer; a change-feed entry naming a foreign
record; a 2xx without a token on a protected operation. The global admin runs last (its writes
to B are allowed) and proves the detector can see: it must meet B's marker.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from tests.security.conftest import Drive, Exchange
from tests.security.world import COLLEAGUE, FOREIGN, World

OPEN_EXACT = {"/healthz", "/readyz", "/metrics", "/v1/auth/token"}
OPEN_PREFIXES = ("/v1/rules/", "/v1/policies", "/v1/calendar", "/v1/vocabularies")
"""Operations open by design while LRC_RULES_PUBLIC is true (the default)."""


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _dicts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _dicts(v)


def leaks(x: Exchange, w: World) -> list[str]:
    """Why this answer is a leak for its caller (empty: it is not)."""
    ok = 200 <= x.status < 300
    path = x.attempt.path
    if x.caller.kind == "none":
        open_op = path in OPEN_EXACT or path.startswith(OPEN_PREFIXES)
        return ["answered without a token"] if ok and not open_op else []
    if not x.caller.scoped:
        return []
    out = []
    text = x.text.lower()
    markers = [FOREIGN] + ([COLLEAGUE] if x.caller.own_only else [])
    out += [f"shows {m}" for m in markers if m.lower() in text]
    if ok and x.attempt.foreign:
        out.append("answered 2xx to a foreign target or reference")
    for d in _dicts(x.json):
        if d.get("region_id") in w.foreign_regions:
            out.append(f"shows a record of region {d['region_id']}")
            break
    if path == "/v1/changes" and isinstance(x.json, dict):
        named = {(c["entity"], c["entity_id"]) for c in x.json.get("items", [])}
        hidden = w.foreign_feed | (w.colleague_feed if x.caller.own_only else set())
        if named & hidden:
            out.append(f"feed names {sorted(named & hidden)}")
    return out


def test_every_operation_for_every_principal_kind_leaks_nothing(
    drive: Drive, record_property: Any
) -> None:
    tally: Counter[str] = Counter()
    found, errors = [], []
    for x in drive.walk:
        a = x.attempt
        tally[x.caller.kind] += 1
        label = f"{x.caller.kind} {a.method.upper()} {a.url} {a.params or ''}"
        if a.body:
            label += " " + json.dumps(a.body, ensure_ascii=False)[:120]
        if x.status >= 500:
            errors.append(f"{label} → {x.status}")
        why = leaks(x, drive.world)
        if why:
            found.append(f"{label} → {x.status}: {'; '.join(why)}")
    summary = {"attempts": len(drive.walk), "leaks": len(found), "5xx": len(errors)}
    record_property("security_walk", json.dumps(summary | {"per_kind": dict(tally)}))
    print(f"\nsecurity walk: {summary}; attempts per principal kind: {dict(tally)}")
    assert found == [], "\n".join(found)
    assert errors == [], "\n".join(errors)
    assert len(tally) == 7 and len(drive.walk) > 600
    admin_saw = sum(
        FOREIGN.lower() in x.text.lower() for x in drive.walk if x.caller.kind == "admin"
    )
    assert admin_saw > 10, "the detector never met region B's marker: it would prove nothing"


def test_the_callers_own_operations_answer_without_5xx(drive: Drive) -> None:
    """The same operations on the caller's own records, the ledger in every format and the
    injected personal data: never a 5xx."""
    errors = [
        f"{x.caller.kind} {x.attempt.method.upper()} {x.attempt.url} → {x.status}"
        for x in drive.own
        if x.status >= 500
    ]
    print(f"\nown operations: {len(drive.own)} requests, {len(errors)} 5xx")
    assert errors == [], "\n".join(errors)
