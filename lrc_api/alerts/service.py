"""Queries and writes of risk alerts (no HTTP; never commits).

People acknowledge and resolve alerts (If-Match, audited with who, when and a note). The early
warning (``lrc_api.risk.evaluation``) opens, escalates and ends them through :func:`open_alert`,
:func:`escalate`, :func:`end_episode` and :func:`follow_enterprise`; every change is audited and
lands in the change feed with the enterprise's region, so webhook subscribers receive it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lrc_api.alerts.models import RiskAlert
from lrc_api.alerts.schemas import ACKNOWLEDGE_NOTE_FIELD, RESOLVE_NOTE_FIELD, AlertRead
from lrc_api.core import free_text
from lrc_api.core.concurrency import IfMatch
from lrc_api.core.errors import Conflict, NotFound
from lrc_api.core.models import utcnow
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import apply_scope, require_visible
from lrc_api.core.unit_of_work import audited_update, record, snapshot
from lrc_api.enterprises.models import Enterprise

SORTABLE = {"id": RiskAlert.id, "opened_on": RiskAlert.opened_on, "score": RiskAlert.score}
"""Fields an alert list can be sorted by."""

ENTITY = "alert"
"""Entity name of alerts in the audit log and the change feed."""


def show_all(session: Session, rows: Sequence[RiskAlert], principal: Principal) -> list[AlertRead]:
    """The response models of ``rows``, their enterprises' names read in one statement."""
    ids = {row.enterprise_id for row in rows}
    names: dict[int, str] = {}
    if ids:
        found = session.exec(
            select(Enterprise.id, Enterprise.name).where(col(Enterprise.id).in_(ids))
        ).all()
        names = {int(i): name for i, name in found if i is not None}
    return [show(row, principal, names.get(row.enterprise_id, "")) for row in rows]


def show_one(session: Session, row: RiskAlert, principal: Principal) -> AlertRead:
    """The response model of one alert (as :func:`show_all`)."""
    return show_all(session, [row], principal)[0]


def show(row: RiskAlert, principal: Principal, enterprise_name: str) -> AlertRead:
    """The response model: notes decrypted only for principals with ``pii:read``."""
    unmasked = principal.can("pii:read")
    ack = free_text.reveal(
        row.acknowledge_note_encrypted,
        row.acknowledge_note_masked,
        field=ACKNOWLEDGE_NOTE_FIELD,
        unmasked=unmasked,
    )
    res = free_text.reveal(
        row.resolve_note_encrypted,
        row.resolve_note_masked,
        field=RESOLVE_NOTE_FIELD,
        unmasked=unmasked,
    )
    has_notes = row.acknowledge_note_encrypted is not None or row.resolve_note_encrypted is not None
    return AlertRead.model_validate(
        {
            **row.model_dump(),
            "enterprise_name": enterprise_name,
            "acknowledge_note": ack,
            "resolve_note": res,
            "pii_masked": has_notes and not unmasked,
        }
    )


def get(*, session: Session, principal: Principal, alert_id: int) -> RiskAlert:
    """An alert the principal may see (404 otherwise)."""
    row = session.get(RiskAlert, alert_id)
    if row is None:
        raise NotFound(f"alert {alert_id} not found")
    require_visible(session, principal, row.region_id, f"alert {alert_id}")
    return row


def list_alerts(
    *,
    session: Session,
    principal: Principal,
    level: str | None,
    state: str | None,
    within: int | None,
    enterprise_id: int | None,
    active: bool | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[RiskAlert], str | None]:
    """Alerts in the principal's subtree matching the filters, one page (newest first)."""
    stmt = apply_scope(session, principal, select(RiskAlert), RiskAlert.region_id)
    if level:
        stmt = stmt.where(RiskAlert.level == level)
    if state:
        stmt = stmt.where(RiskAlert.state == state)
    if within is not None:
        root = session.get(Region, within)
        subtree = select(Region.id).where(col(Region.path).startswith(root.path if root else "/-/"))
        stmt = stmt.where(col(RiskAlert.region_id).in_(subtree))
    if enterprise_id is not None:
        stmt = stmt.where(RiskAlert.enterprise_id == enterprise_id)
    if active is not None:
        ended = col(RiskAlert.ended_on)
        stmt = stmt.where(ended.is_(None) if active else ended.is_not(None))
    spec = parse_sort(sort, SORTABLE, "-id")
    return paginate(session, stmt, spec=spec, id_column=RiskAlert.id, limit=limit, cursor=cursor)


def acknowledge(
    *,
    session: Session,
    principal: Principal,
    alert_id: int,
    expected: IfMatch,
    note: str | None,
) -> RiskAlert:
    """An open alert is acknowledged (who, when, note); 409 in any other state."""
    row = get(session=session, principal=principal, alert_id=alert_id)
    expected.require(row.version, "alert")
    if row.state != "open":
        raise Conflict(f"alert {alert_id} is {row.state}; only an open alert is acknowledged")
    encrypted, masked = free_text.seal(note, field=ACKNOWLEDGE_NOTE_FIELD)
    changes = {
        "state": "acknowledged",
        "acknowledged_by": principal.subject,
        "acknowledged_at": utcnow(),
        "acknowledge_note_encrypted": encrypted,
        "acknowledge_note_masked": masked,
    }
    audited_update(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        changes=changes,
        entity=ENTITY,
        action="acknowledge",
    )
    return row


def resolve(
    *, session: Session, principal: Principal, alert_id: int, expected: IfMatch, note: str
) -> RiskAlert:
    """An open or acknowledged alert is resolved (who, when, how); 409 once resolved or closed.

    Resolving does not end the episode: while the enterprise stays at the alert level no new
    alert opens; if it reaches a higher level, the alert opens again.
    """
    row = get(session=session, principal=principal, alert_id=alert_id)
    expected.require(row.version, "alert")
    if row.state not in ("open", "acknowledged"):
        raise Conflict(f"alert {alert_id} is already {row.state}")
    encrypted, masked = free_text.seal(note, field=RESOLVE_NOTE_FIELD)
    changes = {
        "state": "resolved",
        "resolved_by": principal.subject,
        "resolved_at": utcnow(),
        "resolve_note_encrypted": encrypted,
        "resolve_note_masked": masked,
    }
    audited_update(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        changes=changes,
        entity=ENTITY,
        action="resolve",
    )
    return row


# --- written by the early warning ------------------------------------------------------------------


def active(session: Session, enterprise_id: int) -> RiskAlert | None:
    """The enterprise's alert whose episode has not ended (the database allows one at most)."""
    return session.exec(
        select(RiskAlert).where(
            RiskAlert.enterprise_id == enterprise_id, col(RiskAlert.ended_on).is_(None)
        )
    ).first()


def open_alert(
    *,
    session: Session,
    principal: Principal,
    enterprise: Enterprise,
    policy: str,
    level: str,
    score: float,
    on: dt.date,
) -> tuple[RiskAlert, bool]:
    """Open the enterprise's alert, or find the one a concurrent writer just opened.

    The insert runs in a savepoint: the partial unique index (one alert per enterprise whose
    episode has not ended) refuses a second one, and then the first is returned with ``False``.
    """
    row = RiskAlert(
        enterprise_id=enterprise.id or 0,
        region_id=enterprise.region_id,
        policy=policy,
        level=level,
        state="open",
        score=score,
        opened_on=on,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        found = active(session, enterprise.id or 0)
        if found is None:  # pragma: no cover - the index names no other reason
            raise
        return found, False
    record(
        session=session,
        principal=principal,
        action="create",
        entity=ENTITY,
        entity_id=row.id or 0,
        version=row.version,
        region_id=row.region_id,
        before=None,
        after=snapshot(row),
    )
    return row, True


def _system_update(
    session: Session, principal: Principal, row: RiskAlert, changes: dict[str, Any], action: str
) -> None:
    audited_update(
        session=session,
        principal=principal,
        row=row,
        expected=IfMatch.exact(row.version),
        changes=changes,
        entity=ENTITY,
        action=action,
    )


def escalate(
    *, session: Session, principal: Principal, row: RiskAlert, level: str, on: dt.date
) -> None:
    """The episode reached a higher level: the alert takes it and is open again."""
    _system_update(
        session, principal, row, {"level": level, "escalated_on": on, "state": "open"}, "escalate"
    )


def end_episode(*, session: Session, principal: Principal, row: RiskAlert, on: dt.date) -> None:
    """The enterprise stayed below the alert level for a whole window: the episode ends; an
    alert nobody resolved is closed."""
    state = row.state if row.state == "resolved" else "closed"
    _system_update(session, principal, row, {"ended_on": on, "state": state}, "close")


def follow_enterprise(
    *, session: Session, principal: Principal, row: RiskAlert, region_id: int
) -> None:
    """The enterprise moved to another region: its alert follows (scoping stays one column)."""
    _system_update(session, principal, row, {"region_id": region_id}, "move")
