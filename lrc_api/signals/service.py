"""Queries and writes of risk signals (no HTTP; never commits).

A signal is recorded once per (source, source id): the same observation sent again with the same
content is *unchanged* (the first record is returned), with other content it is a 409 naming
``source_id``. Writers of one enterprise queue on its row (``SELECT … FOR UPDATE`` on PostgreSQL;
SQLite serialises writers already), so the early warning re-assessed before the commit sees every
signal committed before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import tuple_
from sqlmodel import Session, col, select

from lrc_api.core import free_text
from lrc_api.core.errors import Conflict, FieldError, InvalidInput, NotFound
from lrc_api.core.models import today
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.policies import bound_policy_ids, resolve_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import in_scope, require_visible
from lrc_api.core.unit_of_work import record, snapshot
from lrc_api.enterprises.models import Enterprise
from lrc_api.signals.models import RiskSignal
from lrc_api.signals.schemas import NOTE_FIELD, SignalBulkItem, SignalRead
from lrc_rules.early_warning_parameters import UNITS, resolve_warning_parameters

SORTABLE = {"id": RiskSignal.id, "observed_on": RiskSignal.observed_on}
"""Fields a signal list can be sorted by."""


def show(row: RiskSignal, enterprise: Enterprise, principal: Principal) -> SignalRead:
    """The response model: the note decrypted only for principals with ``pii:read``."""
    unmasked = principal.can("pii:read")
    return SignalRead(
        id=row.id or 0,
        enterprise_id=row.enterprise_id,
        region_id=enterprise.region_id,
        kind=row.kind,
        value=row.value,
        observed_on=row.observed_on,
        source=row.source,
        source_id=row.source_id,
        note=free_text.reveal(
            row.note_encrypted, row.note_masked, field=NOTE_FIELD, unmasked=unmasked
        ),
        pii_masked=row.note_encrypted is not None and not unmasked,
        recorded_by=row.recorded_by,
        created_at=row.created_at,
    )


def visible_enterprise(*, session: Session, principal: Principal, enterprise_id: int) -> Enterprise:
    """An undeleted enterprise the principal may see (404 otherwise)."""
    row = session.get(Enterprise, enterprise_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"enterprise {enterprise_id} not found")
    require_visible(session, principal, row.region_id, f"enterprise {enterprise_id}")
    return row


def get(*, session: Session, principal: Principal, signal_id: int) -> tuple[RiskSignal, Enterprise]:
    """A signal of an enterprise the principal may see, with the enterprise (404 otherwise)."""
    row = session.get(RiskSignal, signal_id)
    enterprise = session.get(Enterprise, row.enterprise_id) if row is not None else None
    if row is None or enterprise is None or not in_scope(session, principal, enterprise.region_id):
        raise NotFound(f"signal {signal_id} not found")
    return row, enterprise


def list_signals(
    *,
    session: Session,
    principal: Principal,
    enterprise_id: int,
    kind: str | None,
    source: str | None,
    observed_from: dt.date | None,
    observed_to: dt.date | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Enterprise, Sequence[RiskSignal], str | None]:
    """An enterprise's signals (404 if it is not visible), filtered, one page."""
    enterprise = visible_enterprise(
        session=session, principal=principal, enterprise_id=enterprise_id
    )
    stmt = select(RiskSignal).where(RiskSignal.enterprise_id == enterprise_id)
    if kind:
        stmt = stmt.where(RiskSignal.kind == kind)
    if source:
        stmt = stmt.where(RiskSignal.source == source)
    if observed_from is not None:
        stmt = stmt.where(col(RiskSignal.observed_on) >= observed_from)
    if observed_to is not None:
        stmt = stmt.where(col(RiskSignal.observed_on) <= observed_to)
    spec = parse_sort(sort, SORTABLE, "-observed_on")
    rows, nxt = paginate(
        session, stmt, spec=spec, id_column=RiskSignal.id, limit=limit, cursor=cursor
    )
    return enterprise, rows, nxt


def _lock_enterprises(
    session: Session, principal: Principal, ids: set[int]
) -> dict[int, Enterprise]:
    """The undeleted, visible enterprises among ``ids``, their rows locked in id order."""
    stmt = (
        select(Enterprise)
        .where(col(Enterprise.id).in_(ids), col(Enterprise.deleted_at).is_(None))
        .order_by(col(Enterprise.id))
        .with_for_update()
    )
    return {
        e.id: e
        for e in session.exec(stmt)
        if e.id is not None and in_scope(session, principal, e.region_id)
    }


def _check_kinds(
    session: Session,
    items: Sequence[SignalBulkItem],
    enterprises: dict[int, Enterprise],
    where: Any,
) -> None:
    """Kind known to the pack of the enterprise's region, value in the kind's unit, not future."""
    regions = session.exec(
        select(Region).where(col(Region.id).in_({e.region_id for e in enterprises.values()}))
    )
    packs = bound_policy_ids(session, list(regions))
    day = today()
    for i, item in enumerate(items):
        if item.observed_on > day:
            raise InvalidInput.on(where(i, "observed_on"), "cannot be in the future")
        policy = resolve_policy(packs[enterprises[item.enterprise_id].region_id])
        rule = resolve_warning_parameters(policy, day).kinds.get(item.kind)
        if rule is None:
            known = ", ".join(resolve_warning_parameters(policy, day).kinds)
            raise InvalidInput.on(
                where(i, "kind"),
                f"unknown kind {item.kind!r} in pack {policy.id!r}; one of {known}",
            )
        if item.value is None:
            continue
        if rule.unit is None:
            raise InvalidInput.on(where(i, "value"), f"{item.kind} ({rule.name}) takes no value")
        top = UNITS[rule.unit][1]
        if item.value > top:
            raise InvalidInput.on(
                where(i, "value"), f"{item.kind} is measured in {rule.unit}: at most {top:g}"
            )


def _same(row: RiskSignal, item: SignalBulkItem) -> bool:
    note = free_text.reveal(row.note_encrypted, row.note_masked, field=NOTE_FIELD, unmasked=True)
    return (row.enterprise_id, row.kind, row.value, row.observed_on, note) == (
        item.enterprise_id,
        item.kind,
        item.value,
        item.observed_on,
        item.note,
    )


def record_signals(
    *,
    session: Session,
    principal: Principal,
    items: Sequence[SignalBulkItem],
    single: bool = False,
) -> list[tuple[RiskSignal, Enterprise, bool]]:
    """Record signals (all or none): each row, its enterprise, and whether it is new.

    Errors name the field as ``signals[i].<field>`` (``<field>`` alone when ``single``): an
    enterprise unknown or outside the caller's region (404 when ``single``), an unknown kind for
    the enterprise's pack, a value outside the kind's unit, a day in the future, a source id
    recorded before with other content (409).
    """

    def where(i: int, name: str) -> str:
        return name if single else f"signals[{i}].{name}"

    wanted = {item.enterprise_id for item in items}
    enterprises = _lock_enterprises(session, principal, wanted)
    for i, item in enumerate(items):
        if item.enterprise_id not in enterprises:
            if single:
                raise NotFound(f"enterprise {item.enterprise_id} not found")
            raise InvalidInput.on(
                where(i, "enterprise_id"), f"unknown enterprise {item.enterprise_id}"
            )
    _check_kinds(session, items, enterprises, where)
    keys = {(item.source, item.source_id) for item in items}
    existing = {
        (r.source, r.source_id): r
        for r in session.exec(
            select(RiskSignal).where(tuple_(RiskSignal.source, RiskSignal.source_id).in_(keys))
        )
    }
    out: list[tuple[RiskSignal, Enterprise, bool]] = []
    for i, item in enumerate(items):
        key = (item.source, item.source_id)
        found = existing.get(key)
        if found is not None:
            if not _same(found, item):
                # Name the first record only to a caller who may read it: a source id is
                # unique across regions, but its record is not everyone's to find.
                first = session.get(Enterprise, found.enterprise_id)
                readable = first is not None and in_scope(session, principal, first.region_id)
                which = f"signal {found.id}" if readable else "in another region"
                message = (
                    f"source {item.source!r} already recorded id {item.source_id!r} with other "
                    f"content ({which}); a source id names one observation"
                )
                raise Conflict(
                    f"{where(i, 'source_id')}: {message}",
                    errors=[FieldError(field=where(i, "source_id"), message=message)],
                )
            out.append((found, enterprises[found.enterprise_id], False))
            continue
        encrypted, masked = free_text.seal(item.note, field=NOTE_FIELD)
        row = RiskSignal(
            enterprise_id=item.enterprise_id,
            kind=item.kind,
            value=item.value,
            observed_on=item.observed_on,
            source=item.source,
            source_id=item.source_id,
            note_encrypted=encrypted,
            note_masked=masked,
            recorded_by=principal.subject,
        )
        session.add(row)
        session.flush()
        existing[key] = row
        enterprise = enterprises[item.enterprise_id]
        record(
            session=session,
            principal=principal,
            action="create",
            entity="signal",
            entity_id=row.id or 0,
            version=1,
            region_id=enterprise.region_id,
            before=None,
            after=snapshot(row),
        )
        out.append((row, enterprise, True))
    return out
