"""HTTP for the policy packs: list them, and show one with its parameters (HTTP only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from lrc_api.core.errors import PROBLEM_RESPONSES, NotFound, problem
from lrc_api.core.policies import get_registry
from lrc_api.core.schemas import IsoDate
from lrc_api.policies.schemas import (
    CitationOut,
    ParameterOut,
    PolicyDetail,
    PolicySummary,
    ValueFrom,
)
from lrc_rules.policies import Parameter, Policy
from lrc_rules.trace import Citation

router = APIRouter(prefix="/v1/policies", tags=["policies"], responses=PROBLEM_RESPONSES)

_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: problem("No pack with that id (problem+json)")}

_NO_DATE = dt.date.min  # the loader's start for a value without a date of its own


def _citation(c: Citation) -> CitationOut:
    return CitationOut(**c.as_dict(), text=str(c))


def _summary(p: Policy) -> dict[str, object]:
    return {
        "id": p.id,
        "title": p.title,
        "jurisdiction": p.jurisdiction,
        "extends": p.extends,
        "in_force_from": p.in_force_from,
        "description": p.description,
        "source": _citation(p.source) if p.source else None,
    }


def _parameter(param: Parameter, as_of: dt.date | None) -> ParameterOut:
    value_as_of = None
    if as_of is not None:
        try:
            value_as_of = param.at(as_of)
        except LookupError:
            value_as_of = None
    return ParameterOut(
        path=param.path,
        description=param.description,
        unit=param.unit,
        citation=_citation(param.citation),
        values=[
            ValueFrom.model_validate({"from": None if start == _NO_DATE else start, "value": value})
            for start, value in param.values
        ],
        defined_in=param.defined_in,
        value_as_of=value_as_of,
    )


@router.get("", summary="List the policy packs")
def list_policies() -> list[PolicySummary]:
    """Every policy pack the service knows (built-in and the deployment's own), by id."""
    return [PolicySummary.model_validate(_summary(p)) for p in get_registry().list()]


@router.get("/{policy_id}", summary="One policy pack with its parameters", responses=_NOT_FOUND)
def read_policy(
    policy_id: Annotated[
        str,
        Path(
            max_length=64,
            description="Policy pack id, e.g. `wenshang-2024` (see `GET /v1/policies`).",
        ),
    ],
    as_of: IsoDate | None = Query(None, description="Also give each value in force on this date."),
) -> PolicyDetail:
    """A policy pack with every parameter: values over time, units and citations."""
    registry = get_registry()
    if policy_id not in registry:
        raise NotFound(f"no policy pack {policy_id!r}; known: {', '.join(registry.ids())}")
    policy = registry.get(policy_id)
    return PolicyDetail.model_validate(
        {
            **_summary(policy),
            "as_of": as_of,
            "parameters": [_parameter(p, as_of) for p in policy.parameters.values()],
        }
    )
