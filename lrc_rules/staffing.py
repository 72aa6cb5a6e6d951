"""Staffing minimums (人员配备): how many coordinators each unit of a region needs, and its shortfall.

Which rules apply is the pack's: ``zhejiang-2023`` sets minimums per enterprise (by size class),
industrial park / township / sub-district (by how many enterprises) and community / village
(浙人社发〔2023〕18号 二(一)); ``minhang-2023`` sets a township's floor (existing inspection
assistants + mediators) and its qualified staff (闵人社发〔2023〕55号 二(一)3); ``pujin-2024`` adds its
own headcount of 15 and full qualification coverage by a date; a pack may make the headcount the
district approves for a township (核定人数) binding. A unit gets the highest of the minimums that
apply to it; a kind the pack sets nothing for needs 0 (the result says so).

Inputs a unit lacks are an error naming the field (``on_missing="raise"``, the calculator), or —
for stored data, where an office may not have recorded everything yet — listed in the unit's
``missing`` while the minimums that can be judged still are (``on_missing="report"``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lrc_rules import RULES_VERSION
from lrc_rules.enterprise_size import SIZES, classify
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.staffing_township import township_minimums
from lrc_rules.staffing_units import (
    AREA_KINDS,
    COMMUNITY_KINDS,
    ENTERPRISE_LOADS,
    ON_MISSING,
    UNIT_KINDS,
    Minimum,
    S,
    StaffingInput,
    StaffingResult,
    StaffingUnit,
    UnitStaffing,
    need,
    value,
)
from lrc_rules.trace import Citation, TraceBuilder

__all__ = [
    "AREA_KINDS",
    "COMMUNITY_KINDS",
    "ENTERPRISE_LOADS",
    "ON_MISSING",
    "UNIT_KINDS",
    "Minimum",
    "StaffingInput",
    "StaffingResult",
    "StaffingUnit",
    "UnitStaffing",
    "assess",
]


def assess(inp: StaffingInput, policy: Policy) -> StaffingResult:
    """Each unit's required coordinators under ``policy``, its shortfall, and the region's total."""
    if not policy.under(S):
        raise MissingParameterError(
            policy.id, S, "not defined (the pack sets no staffing minimums)"
        )
    if inp.on_missing not in ON_MISSING:
        raise RuleInputError("on_missing", f"one of {', '.join(ON_MISSING)}")
    trace = TraceBuilder()
    seen: set[str] = set()
    units = []
    for i, unit in enumerate(inp.units):
        _validate(unit, i, seen)
        missing: list[str] | None = [] if inp.on_missing == "report" else None
        units.append(_unit(unit, i, inp.as_of, policy, trace, missing))
    total_shortfall = sum(u.shortfall for u in units)
    total_q = sum(u.qualified_shortfall or 0 for u in units)
    trace.add(
        "total_shortfall",
        None,
        {"units": len(units)},
        {"coordinators": total_shortfall, "qualified": total_q},
    )
    return StaffingResult(
        units=tuple(units),
        total_required=sum(u.required for u in units),
        total_actual=sum(u.actual for u in units),
        total_shortfall=total_shortfall,
        total_qualified_shortfall=total_q,
        policy=policy.id,
        rules_version=RULES_VERSION,
        trace=trace.freeze(),
    )


def _validate(unit: StaffingUnit, i: int, seen: set[str]) -> None:
    where = f"units[{i}]"
    if not unit.id:
        raise RuleInputError(f"{where}.id", "must not be empty")
    if unit.id in seen:
        raise RuleInputError(f"{where}.id", f"duplicate unit id {unit.id!r}")
    seen.add(unit.id)
    if unit.kind not in UNIT_KINDS:
        raise RuleInputError(f"{where}.kind", f"unknown kind; one of {', '.join(UNIT_KINDS)}")
    if unit.size is not None and unit.size not in SIZES:
        raise RuleInputError(f"{where}.size", f"unknown size; one of {', '.join(SIZES)}")
    if unit.enterprise_load is not None and unit.enterprise_load not in ENTERPRISE_LOADS:
        raise RuleInputError(f"{where}.enterprise_load", "one of many, few")
    for name in (
        "coordinators",
        "qualified",
        "enterprise_count",
        "existing_inspection_assistants",
        "existing_mediators",
        "approved_headcount",
    ):
        value = getattr(unit, name)
        if value is not None and value < 0:
            raise RuleInputError(f"{where}.{name}", "must not be negative")
    if unit.qualified is not None and unit.qualified > unit.coordinators:
        raise RuleInputError(f"{where}.qualified", "cannot exceed coordinators")


def _unit(
    unit: StaffingUnit,
    i: int,
    as_of: dt.date | None,
    policy: Policy,
    trace: TraceBuilder,
    missing: list[str] | None,
) -> UnitStaffing:
    where = f"units[{i}]"
    minimums: list[Minimum] = []
    notes: list[str] = []
    size: str | None = None
    met_by_platform = False
    q_required: int | None = None
    q_recommended: int | None = None
    q_citation: Citation | None = None
    if unit.kind == "enterprise" and policy.has(f"{S}.enterprise.minimum_small_micro"):
        if unit.size is None and unit.metrics is None:
            need(missing, f"{where}.size", "an enterprise needs a size or its metrics")
            minimums.append(_any_size_minimum(as_of, policy))
        else:
            size = _enterprise_size(unit, where, as_of, policy, trace)
            minimums.append(_enterprise_minimum(size, as_of, policy))
        if size == "micro" and unit.coordinators == 0 and unit.platform_covered:
            if value(policy, f"{S}.enterprise.micro_platform_coverage", as_of, bool):
                met_by_platform = True
                notes.append(
                    "micro enterprise without a coordinator: covered by the township's public platform (由基层平台予以覆盖)"
                )
        elif unit.platform_covered and size not in ("micro", None):
            notes.append("platform coverage counts for micro enterprises only")
    if unit.kind in AREA_KINDS and policy.has(f"{S}.area.minimum_few"):
        area = _area_minimum(unit, where, as_of, policy, missing)
        if area is not None:
            minimums.append(area)
    if unit.kind in COMMUNITY_KINDS and policy.has(f"{S}.community.minimum"):
        path = f"{S}.community.minimum"
        n = value(policy, path, as_of, int)
        minimums.append(
            Minimum("community", n, policy.cite(path), f"community or village: at least {n}")
        )
    if unit.kind in AREA_KINDS and policy.has(f"{S}.township.qualified_minimum"):
        township, q_required, q_recommended, q_citation = township_minimums(
            unit, where, as_of, policy, notes, missing
        )
        minimums.extend(township)
    if not minimums:
        if not missing:
            notes.append(f"pack {policy.id} sets no staffing minimum for units of kind {unit.kind}")
        required, citation = 0, None
    else:
        binding = max(minimums, key=lambda m: m.required)
        required, citation = binding.required, binding.citation
        notes[:0] = [m.note for m in minimums]
    shortfall = 0 if met_by_platform else max(0, required - unit.coordinators)
    q_short = (
        None
        if q_required is None or unit.qualified is None
        else max(0, q_required - unit.qualified)
    )
    outcome: dict[str, Any] = {
        "required": required,
        "shortfall": shortfall,
        "qualified_shortfall": q_short,
    }
    if missing:
        outcome["missing"] = list(missing)
    trace.add(
        f"staffing[{unit.id}]",
        citation,
        {
            "kind": unit.kind,
            "size": size,
            "coordinators": unit.coordinators,
            "minimums": {m.rule: m.required for m in minimums},
        },
        outcome,
    )
    return UnitStaffing(
        id=unit.id,
        kind=unit.kind,
        size=size,
        required=required,
        actual=unit.coordinators,
        shortfall=shortfall,
        qualified_required=q_required,
        qualified_recommended=q_recommended,
        qualified_actual=unit.qualified if q_required is not None else None,
        qualified_shortfall=q_short,
        met_by_platform=met_by_platform,
        citation=citation,
        notes=tuple(notes),
        qualified_citation=q_citation,
        minimums=tuple(minimums),
        missing=tuple(missing or ()),
    )


def _enterprise_size(
    unit: StaffingUnit, where: str, as_of: dt.date | None, policy: Policy, trace: TraceBuilder
) -> str:
    """The size given, or the one the 2017 table gives for the metrics (they must agree)."""
    if unit.metrics is None:
        if unit.size is None:
            raise RuleInputError(f"{where}.size", "an enterprise needs a size or its metrics")
        return unit.size
    try:
        result = classify(unit.metrics, policy, as_of)
    except RuleInputError as exc:
        raise RuleInputError(f"{where}.metrics.{exc.field}", exc.message, exc.rule) from None
    if unit.size is not None and unit.size != result.size:
        raise RuleInputError(
            f"{where}.size", f"says {unit.size} but the metrics classify as {result.size}"
        )
    trace.add(
        f"enterprise_size[{unit.id}]",
        result.trace[-1].citation,
        result.trace[-1].inputs,
        result.size,
    )
    return result.size


def _enterprise_minimum(size: str, as_of: dt.date | None, policy: Policy) -> Minimum:
    """二(一) 推动大中型企业配备至少2名劳动关系协调员，小微企业配备至少1名劳动关系协调员。"""
    name = "minimum_large_medium" if size in ("large", "medium") else "minimum_small_micro"
    path = f"{S}.enterprise.{name}"
    n = value(policy, path, as_of, int)
    return Minimum("enterprise", n, policy.cite(path), f"{size} enterprise: at least {n}")


def _any_size_minimum(as_of: dt.date | None, policy: Policy) -> Minimum:
    """Size not known (report mode): the lower of the two enterprise minimums holds either way."""
    small, large = (_enterprise_minimum(size, as_of, policy) for size in ("small", "large"))
    low = small if small.required <= large.required else large
    return Minimum(
        "enterprise",
        low.required,
        low.citation,
        f"enterprise of unknown size: at least {low.required} whatever its size",
    )


def _area_minimum(
    unit: StaffingUnit,
    where: str,
    as_of: dt.date | None,
    policy: Policy,
    missing: list[str] | None,
) -> Minimum | None:
    """二(一) 企业数较多的工业园区、乡镇(街道)建议配备至少4名，企业数较少的…配备至少2名。"""
    load = unit.enterprise_load
    how = "given"
    if load is None:
        threshold = value(policy, f"{S}.area.many_enterprises_threshold", as_of, int)
        if threshold <= 0:
            need(
                missing,
                f"{where}.enterprise_load",
                f"needed: pack {policy.id} does not define how many enterprises are many; "
                "give many or few",
            )
            return _either_load(unit, as_of, policy)
        if unit.enterprise_count is None:
            need(
                missing,
                f"{where}.enterprise_count",
                f"needed to compare with the threshold {threshold} (or give enterprise_load)",
            )
            return _either_load(unit, as_of, policy)
        load = "many" if unit.enterprise_count >= threshold else "few"
        how = f"{unit.enterprise_count} enterprises, threshold {threshold}"
    path = f"{S}.area.minimum_{load}"
    n = value(policy, path, as_of, int)
    return Minimum(
        "area", n, policy.cite(path), f"{unit.kind} with {load} enterprises ({how}): at least {n}"
    )


def _either_load(unit: StaffingUnit, as_of: dt.date | None, policy: Policy) -> Minimum:
    """Many or few not known (report mode): the lower of the two minimums holds either way."""
    few, many = (value(policy, f"{S}.area.minimum_{k}", as_of, int) for k in ENTERPRISE_LOADS[::-1])
    low = "few" if few <= many else "many"
    n = min(few, many)
    return Minimum(
        "area",
        n,
        policy.cite(f"{S}.area.minimum_{low}"),
        f"{unit.kind} with many or few enterprises (not known): at least {n} either way, "
        f"{max(few, many)} if it has {'many' if low == 'few' else 'few'}",
    )
