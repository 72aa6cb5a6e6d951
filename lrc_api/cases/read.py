"""A case as its readers see it (``CaseRead``): the stored row with its claims, the transitions
its status allows under its procedure, its assignments and its employer's name.

One place builds it for every answer — the API's reads, lists and writes, and the record a
webhook event carries — so they cannot differ. A page of cases costs two statements more than
the page itself (assignments, employers' names), whatever its size.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from lrc_api.cases import workflow
from lrc_api.cases.models import Case, CaseAssignment
from lrc_api.cases.schemas import AssignmentRead, CaseRead, Claim
from lrc_api.cases.service import assignments_of
from lrc_api.core.principal import Principal
from lrc_api.core.scope import apply_scope
from lrc_api.enterprises.models import Enterprise


def _employers(session: Session, principal: Principal, cases: Sequence[Case]) -> dict[int, str]:
    """The names of the cases' employers the principal may read (one statement). A case of a
    township may name an employer recorded higher up the tree: its name is shown only to
    those who may read that enterprise, as its id alone is to the others."""
    ids = {c.enterprise_id for c in cases if c.enterprise_id is not None}
    if not ids:
        return {}
    stmt = select(Enterprise.id, Enterprise.name).where(col(Enterprise.id).in_(ids))
    stmt = apply_scope(session, principal, stmt, col(Enterprise.region_id))
    return {int(i): str(name) for i, name in session.exec(stmt).all() if i is not None}


def _one(case: Case, assignments: Sequence[CaseAssignment], employer: str | None) -> CaseRead:
    return CaseRead.model_validate(
        {
            **case.model_dump(),
            "enterprise_name": employer,
            "claims": [Claim.model_validate(c) for c in case.claims],
            "allowed_transitions": list(workflow.allowed_targets(case.status, case.procedure)),
            "assignments": [
                AssignmentRead.model_validate({"coordinator_id": a.coordinator_id, "role": a.role})
                for a in assignments
            ],
        }
    )


def to_read(session: Session, principal: Principal, cases: Sequence[Case]) -> list[CaseRead]:
    """The answers for ``cases``, in their order."""
    assigned = assignments_of(session, [c.id for c in cases if c.id is not None])
    names = _employers(session, principal, cases)
    return [
        _one(
            c,
            assigned.get(c.id or 0, []),
            names.get(c.enterprise_id) if c.enterprise_id is not None else None,
        )
        for c in cases
    ]
