"""The staffing view's answer: each unit in words an office reads, and the roll-ups per region."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from lrc_api.core.region_tree import Region
from lrc_api.core.schemas import CitationOut
from lrc_api.staffing.schemas import (
    CoverageOut,
    MinimumOut,
    QualifiedOut,
    RollupRead,
    UnitStaffingRead,
)
from lrc_rules.policies import Policy
from lrc_rules.staffing import StaffingUnit, UnitStaffing
from lrc_rules.staffing_coverage import Coverage, CoverageInput, enterprise_coverage

_WHERE_TO_RECORD = {
    "existing_inspection_assistants": "record it in the area's staffing basis (POST /v1/staffing-bases)",
    "existing_mediators": "record it in the area's staffing basis (POST /v1/staffing-bases)",
    "approved_headcount": "record 核定人数 in the area's staffing basis (POST /v1/staffing-bases)",
    "enterprise_load": "record many or few in the area's staffing basis (POST /v1/staffing-bases), "
    "or use a pack that sets a threshold",
    "size": "record the enterprise's employees and revenue (PATCH /v1/enterprises/{id})",
}
"""Where an office records each input the rules found missing."""


@dataclass(slots=True)
class Counts:
    """Active coordinators of a region or an enterprise, and the qualified among them."""

    coordinators: int = 0
    qualified: int = 0


@dataclass(slots=True)
class UnitRecord:
    """A unit as the view knows it: what the rules get, its names and pack, then the result."""

    rule_input: StaffingUnit
    name: str
    region: Region
    enterprise_id: int | None
    pack: Policy
    notes: list[str] = field(default_factory=list)
    result: UnitStaffing | None = None


def no_minimums(pack: Policy, kinds: list[str]) -> str:
    """Why a pack requires nothing of these units, in words an office reads."""
    if not pack.under("staffing"):
        return (
            f"pack {pack.id} ({pack.title}) sets no staffing minimums: its documents set none, "
            "so nothing is required; coordinators, qualified staff and enterprise coverage are "
            "still counted"
        )
    return f"pack {pack.id} sets no staffing minimum for units of kind {', '.join(kinds)}"


def rollups(
    rollup_regions: list[Region],
    units: list[UnitRecord],
    per_region: dict[int, Counts],
    per_enterprise: dict[int, Counts],
    by_id: dict[int, Region],
    packs: dict[int, Policy],
    as_of: dt.date,
) -> list[RollupRead]:
    """Each roll-up region's units added up, with its enterprise coverage (one pass per unit)."""
    wanted = {r.id or 0 for r in rollup_regions}
    sums: dict[int, dict[str, int]] = {rid: defaultdict(int) for rid in wanted}
    for u in units:
        r = u.result
        covered = u.enterprise_id is not None and (
            u.rule_input.coordinators > 0 or (r is not None and r.met_by_platform)
        )
        for rid in u.region.ancestor_ids():
            if rid not in wanted:
                continue
            s = sums[rid]
            s["units"] += 1
            s["actual"] += u.rule_input.coordinators
            s["qualified_actual"] += u.rule_input.qualified or 0
            s["enterprises"] += u.enterprise_id is not None
            s["covered"] += covered
            if r is not None:
                s["incomplete"] += bool(r.missing)
                s["required"] += r.required
                s["shortfall"] += r.shortfall
                s["qualified_required"] += r.qualified_required or 0
                s["qualified_shortfall"] += r.qualified_shortfall or 0
    people: dict[int, int] = defaultdict(int)
    for rid, counts in per_region.items():
        for anc in by_id[rid].ancestor_ids():
            people[anc] += counts.coordinators
    enterprise_region = {u.enterprise_id: u.region.id or 0 for u in units if u.enterprise_id}
    for eid, counts in per_enterprise.items():
        home = enterprise_region.get(eid)
        if home is not None:
            for anc in by_id[home].ancestor_ids():
                people[anc] += counts.coordinators
    out = []
    for region in rollup_regions:
        rid = region.id or 0
        s = sums[rid]
        pack = packs[rid]
        cov = enterprise_coverage(
            CoverageInput(s["enterprises"], s["covered"], people[rid]), pack, as_of
        )
        out.append(
            RollupRead(
                region_id=rid,
                name=region.name,
                kind=region.kind,
                policy=pack.id,
                units=s["units"],
                incomplete=s["incomplete"],
                required=s["required"],
                actual=s["actual"],
                shortfall=s["shortfall"],
                qualified_required=s["qualified_required"],
                qualified_actual=s["qualified_actual"],
                qualified_shortfall=s["qualified_shortfall"],
                coverage=coverage_out(cov),
            )
        )
    return out


def coverage_out(c: Coverage) -> CoverageOut:
    return CoverageOut(
        enterprises=c.enterprises,
        enterprises_covered=c.enterprises_covered,
        coordinators=c.coordinators,
        coordinators_per_enterprise=c.coordinators_per_enterprise,
        share_covered=c.share_covered,
        citation=CitationOut.of(c.citation) if c.citation else None,
        note=c.note,
    )


def missing_out(entries: tuple[str, ...]) -> list[str]:
    out = []
    for entry in entries:
        name = entry.split(":", 1)[0]
        where = _WHERE_TO_RECORD.get(name)
        out.append(f"{entry} — {where}" if where else entry)
    return out


def read_unit(u: UnitRecord, coverage: CoverageOut | None) -> UnitStaffingRead:
    inp, r = u.rule_input, u.result
    enterprise_id = u.enterprise_id
    base: dict[str, Any] = {
        "id": inp.id,
        "kind": inp.kind,
        "name": u.name,
        "region_id": u.region.id or 0,
        "enterprise_id": enterprise_id,
        "policy": u.pack.id,
        "actual": inp.coordinators,
        "coverage": coverage,
    }
    if r is None:
        why = f"pack {u.pack.id} sets no staffing minimums"
        return UnitStaffingRead(
            **base,
            status="not_applicable",
            size=inp.size,
            required=None,
            shortfall=None,
            citation=None,
            minimums=[],
            qualified=QualifiedOut(
                actual=inp.qualified or 0,
                required=None,
                recommended=None,
                shortfall=None,
                citation=None,
            ),
            met_by_platform=False,
            missing=[],
            notes=[why, *u.notes],
        )
    if r.missing:
        status = "incomplete"
    elif r.minimums:
        status = "assessed"
    else:
        status = "not_applicable"
    return UnitStaffingRead(
        **base,
        status=status,
        size=r.size,
        required=r.required if status != "not_applicable" else None,
        shortfall=r.shortfall if status != "not_applicable" else None,
        citation=CitationOut.of(r.citation) if r.citation else None,
        minimums=[
            MinimumOut(
                rule=m.rule, required=m.required, citation=CitationOut.of(m.citation), note=m.note
            )
            for m in r.minimums
        ],
        qualified=QualifiedOut(
            actual=inp.qualified or 0,
            required=r.qualified_required,
            recommended=r.qualified_recommended,
            shortfall=r.qualified_shortfall,
            citation=CitationOut.of(r.qualified_citation) if r.qualified_citation else None,
        ),
        met_by_platform=r.met_by_platform,
        missing=missing_out(r.missing),
        notes=[*r.notes, *u.notes],
    )
