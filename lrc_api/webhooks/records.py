"""Renderers of the records the change feed carries, registered at import (the webhooks package
sits above the record domains, like a view, beside the early warning's and staffing's records):
each shows a record exactly as its own ``GET`` endpoint would to the subscriber, through the
domain's own visibility check (region, own-coordinator, deleted) and masking (notes without
``pii:read``). A kind written to the change feed without a renderer here arrives with a null
``record``: every kind the feed carries has one (tests/api/test_webhook_records.py)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from lrc_api.activities import service as activities
from lrc_api.activities.schemas import ActivityRead
from lrc_api.alerts import service as alerts
from lrc_api.assessments import service as assessments
from lrc_api.assessments.schemas import AssessmentRead
from lrc_api.cases import read as case_read
from lrc_api.cases import service as cases
from lrc_api.cases.models import CaseEvent
from lrc_api.cases.schemas import CaseEventRead
from lrc_api.coordinators import service as coordinators
from lrc_api.core.errors import NotFound
from lrc_api.core.principal import Principal
from lrc_api.enterprises import service as enterprises
from lrc_api.enterprises.schemas import EnterpriseRead
from lrc_api.regions import service as regions
from lrc_api.signals import service as signals
from lrc_api.staffing import service as staffing
from lrc_api.staffing.schemas import StaffingBasisRead
from lrc_api.webhooks.events import register


def _region(session: Session, principal: Principal, entity_id: int) -> dict[str, Any]:
    row = regions.get(session=session, principal=principal, region_id=entity_id)
    return regions.to_read(session, [row])[0].model_dump(mode="json")


def _enterprise(session: Session, principal: Principal, entity_id: int) -> dict[str, Any]:
    row = enterprises.get(session=session, principal=principal, enterprise_id=entity_id)
    return EnterpriseRead.model_validate(row).model_dump(mode="json")


def _coordinator(session: Session, principal: Principal, entity_id: int) -> dict[str, Any]:
    row = coordinators.get(session=session, principal=principal, coordinator_id=entity_id)
    return coordinators.to_read(row, principal).model_dump(mode="json")


def _activity(session: Session, principal: Principal, entity_id: int) -> dict[str, Any]:
    row = activities.get(session=session, principal=principal, activity_id=entity_id)
    return ActivityRead.model_validate(row).model_dump(mode="json")


def _assessment(session: Session, principal: Principal, entity_id: int) -> dict[str, Any]:
    row = assessments.get(session=session, principal=principal, assessment_id=entity_id)
    out = AssessmentRead.model_validate(row)
    if isinstance(out.base_score, float) and out.base_score.is_integer():
        out.base_score = int(out.base_score)  # as GET /v1/assessments/{id} shows it
    return out.model_dump(mode="json")


def _case(session: Session, principal: Principal, entity_id: int) -> dict[str, Any]:
    case = cases.get(session=session, principal=principal, case_id=entity_id)
    return case_read.to_read(session, principal, [case])[0].model_dump(mode="json")


def _case_event(session: Session, principal: Principal, entity_id: int) -> dict[str, Any]:
    entry = session.get(CaseEvent, entity_id)
    if entry is None:
        raise NotFound(f"case event {entity_id} not found")
    cases.get(session=session, principal=principal, case_id=entry.case_id)  # visibility
    return CaseEventRead.model_validate(entry).model_dump(mode="json")


def _alert(session: Session, principal: Principal, entity_id: int) -> dict[str, Any]:
    # As GET /v1/alerts/{id}: the notes decrypted only for pii:read.
    row = alerts.get(session=session, principal=principal, alert_id=entity_id)
    return alerts.show_one(session, row, principal).model_dump(mode="json")


def _signal(session: Session, principal: Principal, entity_id: int) -> dict[str, Any]:
    # As GET /v1/signals/{id}: the note masked without pii:read.
    row, enterprise = signals.get(session=session, principal=principal, signal_id=entity_id)
    return signals.show(row, enterprise, principal).model_dump(mode="json")


def _staffing_basis(session: Session, principal: Principal, entity_id: int) -> dict[str, Any]:
    row = staffing.get(session=session, principal=principal, basis_id=entity_id)
    return StaffingBasisRead.model_validate(row).model_dump(mode="json")


register("region", scope="regions:read", render=_region)
register("enterprise", scope="enterprises:read", render=_enterprise)
register("coordinator", scope="coordinators:read", render=_coordinator)
register("activity", scope="activities:read", render=_activity)
register("assessment", scope="assessments:read", render=_assessment)
register("case", scope="cases:read", render=_case)
register("case_event", scope="cases:read", render=_case_event)
register("alert", scope="risk:read", render=_alert)
register("signal", scope="signals:read", render=_signal)
register("staffing_basis", scope="regions:read", render=_staffing_basis)
