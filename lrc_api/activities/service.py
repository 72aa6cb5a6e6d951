"""Queries and writes of activities (no HTTP; never commits).

An activity belongs to one coordinator and takes that coordinator's region, so scoping stays one
column. It starts ``pending``; a reviewer other than its author (and other than the coordinator
it is about) approves or rejects it; only approved, undeleted activities of the scoring kinds
count in the scorecard view. It can be changed only while pending, and is deleted softly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import false
from sqlmodel import Session, col, select

from lrc_api.activities.models import Activity
from lrc_api.activities.schemas import ActivityCreate, ActivityUpdate, ReviewRequest
from lrc_api.cases import service as cases
from lrc_api.coordinators.models import Coordinator
from lrc_api.core.concurrency import IfMatch
from lrc_api.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from lrc_api.core.models import today, utcnow
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import apply_scope, in_scope, own_coordinator_only, require_visible
from lrc_api.core.unit_of_work import audited_update, record, snapshot, soft_delete
from lrc_api.enterprises.models import Enterprise

SORTABLE = {
    "id": Activity.id,
    "occurred_on": Activity.occurred_on,
    "created_at": Activity.created_at,
}
"""Fields an activity list can be sorted by."""


_FIELDS_OF_KIND = {
    "media_level": (("publication",), "a publication"),
    "days": (("placement",), "a placement"),
    "evaluation": (("placement",), "a placement"),
    "target_coordinator_id": (("contact", "county_guidance"), "a contact or county guidance"),
    "risk_kind": (("risk_report",), "a risk report"),
    "workers_affected": (("risk_report",), "a risk report"),
}


def _require_own(principal: Principal, coordinator_id: int) -> None:
    if own_coordinator_only(principal) and principal.coordinator_id != coordinator_id:
        raise Forbidden("coordinator_id: a coordinator records activities only for themself")


def visible_coordinator(
    session: Session, principal: Principal, coordinator_id: int, field: str
) -> Coordinator:
    """The coordinator a request names; 422 naming ``field`` if unknown, deleted or out of scope."""
    row = session.get(Coordinator, coordinator_id)
    if row is None or row.deleted_at is not None or not in_scope(session, principal, row.region_id):
        raise InvalidInput.on(field, f"unknown coordinator {coordinator_id}")
    return row


def _check_enterprise(session: Session, principal: Principal, enterprise_id: int) -> None:
    row = session.get(Enterprise, enterprise_id)
    if row is None or row.deleted_at is not None or not in_scope(session, principal, row.region_id):
        raise InvalidInput.on("enterprise_id", f"unknown enterprise {enterprise_id}")


def _check_case(session: Session, principal: Principal, case_id: int) -> None:
    # The case an activity belongs to must be one the caller may read: in its subtree, and for
    # a coordinator principal one it works on. Otherwise it is "unknown", as if it did not exist.
    if not cases.visible(session=session, principal=principal, case_id=case_id):
        raise InvalidInput.on("case_id", f"unknown case {case_id}")


def _check_references(
    session: Session, principal: Principal, values: dict[str, Any], given: set[str]
) -> None:
    """Check the records a body names (``given``: the fields the request set) against the
    caller's scope: each must exist and be visible to it, else 422 naming the field."""
    target = values.get("target_coordinator_id")
    if "target_coordinator_id" in given and target is not None:
        visible_coordinator(session, principal, target, "target_coordinator_id")
    if "enterprise_id" in given and values.get("enterprise_id") is not None:
        _check_enterprise(session, principal, values["enterprise_id"])
    if "case_id" in given and values.get("case_id") is not None:
        _check_case(session, principal, values["case_id"])


def _validate(session: Session, principal: Principal, values: dict[str, Any]) -> None:
    """Check an activity's fields together (on create, and on the merged record of a PATCH)."""
    if values["occurred_on"] > today():
        raise InvalidInput.on("occurred_on", "cannot be in the future")
    kind = values["kind"]
    for field, (needs_kinds, what) in _FIELDS_OF_KIND.items():
        if values.get(field) is not None and kind not in needs_kinds:
            raise InvalidInput.on(
                field, f"only for {what} (kind {' or '.join(needs_kinds)}), not for kind {kind}"
            )
    if kind == "publication" and values.get("media_level") is None:
        raise InvalidInput.on("media_level", "a publication needs the level of the media")
    if kind == "placement" and values.get("days") is None:
        raise InvalidInput.on("days", "a placement needs the number of days")
    if kind == "risk_report":
        # A report feeds the early warning at once: it must say what, where, and show it.
        if values.get("risk_kind") is None:
            raise InvalidInput.on("risk_kind", "a risk report says what it is about")
        if values.get("enterprise_id") is None:
            raise InvalidInput.on("enterprise_id", "a risk report names the enterprise")
        if not values.get("evidence"):
            raise InvalidInput.on("evidence", "a risk report needs evidence (佐证材料)")
    target = values.get("target_coordinator_id")
    if target is not None and target == values["coordinator_id"]:
        raise InvalidInput.on("target_coordinator_id", "a coordinator does not contact themself")


def get(*, session: Session, principal: Principal, activity_id: int) -> Activity:
    """An activity the principal may see (404 otherwise, for deleted ones, and for others' if a coordinator)."""
    row = session.get(Activity, activity_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"activity {activity_id} not found")
    require_visible(session, principal, row.region_id, f"activity {activity_id}")
    if own_coordinator_only(principal) and principal.coordinator_id != row.coordinator_id:
        raise NotFound(f"activity {activity_id} not found")
    return row


def list_activities(
    *,
    session: Session,
    principal: Principal,
    coordinator_id: int | None,
    kind: str | None,
    review: str | None,
    occurred_from: dt.date | None,
    occurred_to: dt.date | None,
    region_id: int | None,
    within: int | None,
    enterprise_id: int | None,
    case_id: int | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[Activity], str | None]:
    """Undeleted activities in the principal's subtree matching the filters, one page."""
    stmt = select(Activity).where(col(Activity.deleted_at).is_(None))
    stmt = apply_scope(session, principal, stmt, Activity.region_id)
    if own_coordinator_only(principal):
        own = principal.coordinator_id
        stmt = stmt.where(Activity.coordinator_id == own if own is not None else false())
    if coordinator_id is not None:
        stmt = stmt.where(Activity.coordinator_id == coordinator_id)
    if kind:
        stmt = stmt.where(Activity.kind == kind)
    if review:
        stmt = stmt.where(Activity.review == review)
    if occurred_from is not None:
        stmt = stmt.where(col(Activity.occurred_on) >= occurred_from)
    if occurred_to is not None:
        stmt = stmt.where(col(Activity.occurred_on) <= occurred_to)
    if region_id is not None:
        stmt = stmt.where(Activity.region_id == region_id)
    if within is not None:
        root = session.get(Region, within)
        subtree = select(Region.id).where(
            col(Region.path).startswith(root.path if root else "/none/")
        )
        stmt = stmt.where(col(Activity.region_id).in_(subtree))
    if enterprise_id is not None:
        stmt = stmt.where(Activity.enterprise_id == enterprise_id)
    if case_id is not None:
        stmt = stmt.where(Activity.case_id == case_id)
    spec = parse_sort(sort, SORTABLE, "id")
    return paginate(session, stmt, spec=spec, id_column=Activity.id, limit=limit, cursor=cursor)


def create(*, session: Session, principal: Principal, data: ActivityCreate) -> Activity:
    """Record an activity of a coordinator in the principal's subtree; it starts pending."""
    _require_own(principal, data.coordinator_id)
    coordinator = visible_coordinator(session, principal, data.coordinator_id, "coordinator_id")
    values = data.model_dump()
    _validate(session, principal, values)
    _check_references(session, principal, values, set(values))
    row = Activity(
        **values,
        region_id=coordinator.region_id,
        review="pending",
        created_by=principal.subject,
    )
    session.add(row)
    session.flush()
    record(
        session=session,
        principal=principal,
        action="create",
        entity="activity",
        entity_id=row.id,  # type: ignore[arg-type]
        version=row.version,
        region_id=row.region_id,
        before=None,
        after=snapshot(row),
    )
    return row


def _check_version(row: Activity, expected: IfMatch) -> None:
    # Checked before the state rules, so a stale client learns first that it must read again.
    expected.require(row.version, "activity")


def update_activity(
    *,
    session: Session,
    principal: Principal,
    activity_id: int,
    expected: IfMatch,
    data: ActivityUpdate,
) -> Activity:
    """Change a pending activity (If-Match); a reviewed one is final (409)."""
    row = get(session=session, principal=principal, activity_id=activity_id)
    _check_version(row, expected)
    if row.review != "pending":
        raise Conflict(
            f"activity {activity_id} is already {row.review}; a reviewed activity cannot be "
            "changed — record a new one instead"
        )
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    for field in ("kind", "occurred_on", "evidence"):
        if field in changes and changes[field] is None:
            raise InvalidInput.on(field, "cannot be null")
    merged = {**row.model_dump(), **changes}
    _validate(session, principal, merged)
    _check_references(session, principal, merged, set(changes))
    audited_update(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        changes=changes,
        entity="activity",
        action="update",
    )
    return row


def review(
    *,
    session: Session,
    principal: Principal,
    activity_id: int,
    expected: IfMatch,
    data: ReviewRequest,
) -> Activity:
    """Approve or reject a pending activity; nobody reviews their own, a rejection says why."""
    row = get(session=session, principal=principal, activity_id=activity_id)
    _check_version(row, expected)
    if row.created_by == principal.subject:
        raise Forbidden("you recorded this activity, so someone else must review it")
    if principal.coordinator_id is not None and principal.coordinator_id == row.coordinator_id:
        raise Forbidden("this activity is your own; someone else must review it")
    if row.review != "pending":
        raise Conflict(f"activity {activity_id} is already {row.review}")
    if data.decision == "rejected" and not data.reason:
        raise InvalidInput.on("reason", "say why the activity is rejected")
    changes = {
        "review": data.decision,
        "reviewer": principal.subject,
        "reviewed_at": utcnow(),
        "review_reason": data.reason or None,
    }
    audited_update(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        changes=changes,
        entity="activity",
        action="review",
    )
    return row


def delete(*, session: Session, principal: Principal, activity_id: int, expected: IfMatch) -> None:
    """Soft-delete an activity (If-Match); a coordinator may withdraw only its pending ones."""
    row = get(session=session, principal=principal, activity_id=activity_id)
    _check_version(row, expected)
    if own_coordinator_only(principal) and row.review != "pending":
        raise Forbidden(
            f"activity {activity_id} is already {row.review}; only an administrator withdraws it"
        )
    soft_delete(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        entity="activity",
    )
