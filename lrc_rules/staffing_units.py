"""The inputs and results of the staffing rules (人员配备), and the helpers every rule of them uses.

Kept apart from :mod:`lrc_rules.staffing` (the assessment and the 浙人社发〔2023〕18号 minimums) and
:mod:`lrc_rules.staffing_township` (闵人社发〔2023〕55号 二(一)3 and 浦锦 2024), which both build on it;
the public names are re-exported by :mod:`lrc_rules.staffing`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from lrc_rules.enterprise_size import EnterpriseMetrics
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.trace import Citation, Step

UNIT_KINDS: Final = ("enterprise", "park", "township", "subdistrict", "community", "village")
"""Kinds of unit: 企业, 工业园区, 乡镇, 街道, 社区, 村."""

ENTERPRISE_LOADS: Final = ("many", "few")
"""Whether a park or township has many (企业数较多) or few (企业数较少) enterprises."""

AREA_KINDS: Final = ("park", "township", "subdistrict")
"""Kinds the area rules (工业园区、乡镇(街道); Minhang: 街镇（莘庄工业区）) apply to."""

COMMUNITY_KINDS: Final = ("community", "village")
"""Kinds the community rule (社区(村)) applies to."""

ON_MISSING: Final = ("raise", "report")
"""What a missing input does: raise ``RuleInputError``, or be reported in ``UnitStaffing.missing``."""

S = "staffing"
"""Prefix of the staffing parameters in a pack."""


@dataclass(frozen=True, slots=True)
class StaffingUnit:
    """One unit of a region and what the rules need to know about it (only what its kind needs)."""

    id: str
    kind: str
    coordinators: int
    size: str | None = None
    metrics: EnterpriseMetrics | None = None
    enterprise_count: int | None = None
    enterprise_load: str | None = None
    qualified: int | None = None
    platform_covered: bool | None = None
    existing_inspection_assistants: int | None = None
    existing_mediators: int | None = None
    approved_headcount: int | None = None


@dataclass(frozen=True, slots=True)
class StaffingInput:
    """The units of a region; ``as_of`` picks the pack values in force (needed for dated targets).

    ``on_missing``: ``raise`` (an input a unit needs is an error) or ``report`` (see the module).
    """

    units: tuple[StaffingUnit, ...]
    as_of: dt.date | None = None
    on_missing: str = "raise"


@dataclass(frozen=True, slots=True)
class Minimum:
    """One minimum that applies to a unit: which rule, how many, where it is written, and how."""

    rule: str
    required: int
    citation: Citation
    note: str


@dataclass(frozen=True, slots=True)
class UnitStaffing:
    """One unit: coordinators required and present, the shortfall, and the qualified-staff check."""

    id: str
    kind: str
    size: str | None
    required: int
    actual: int
    shortfall: int
    qualified_required: int | None
    qualified_recommended: int | None
    qualified_actual: int | None
    qualified_shortfall: int | None
    met_by_platform: bool
    citation: Citation | None
    notes: tuple[str, ...]
    qualified_citation: Citation | None = None
    minimums: tuple[Minimum, ...] = ()
    missing: tuple[str, ...] = ()
    """Inputs the unit lacks (``on_missing="report"``): ``required`` is then a lower bound."""


@dataclass(frozen=True, slots=True)
class StaffingResult:
    """Every unit's staffing and the region's totals."""

    units: tuple[UnitStaffing, ...]
    total_required: int
    total_actual: int
    total_shortfall: int
    total_qualified_shortfall: int
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


def need(missing: list[str] | None, field: str, message: str, rule: str | None = None) -> None:
    """A missing input: raise it (calculator), or note it and carry on (stored data)."""
    if missing is None:
        raise RuleInputError(field, message, rule)
    missing.append(f"{field.rsplit('.', 1)[-1]}: {message}")


def value(policy: Policy, path: str, as_of: dt.date | None, kind: type[Any]) -> Any:
    """The value on ``as_of``, or the latest one when no date is given, checked to be ``kind``."""
    if as_of is not None:
        return policy.typed(path, as_of, kind)
    value = policy.parameter(path).current
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise MissingParameterError(policy.id, path, f"is not of type {kind.__name__}")
    return value
