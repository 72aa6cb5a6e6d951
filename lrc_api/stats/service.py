"""The KPI view (考核指标) from stored cases: one SQL aggregate, then ``lrc_rules.kpi``.

闵人社发〔2022〕34号 二 sets the targets (调解成功率 ≥ 75 %, 先行调解率 ≥ 70 %, 仲裁结案率 ≥ 92 %,
按期结案率 and 按期办结率 100 %) but no formulas: the region's pack says how each count takes stored
cases (``kpi.counts``) and which counts each rate divides (``kpi.indicators``), and the result
shows both. Each township is judged under its own region's pack, the roll-up under the pack of
the region asked for. Queries: the region, its subtree, the packs bound on it, one aggregate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from lrc_api.core.errors import InvalidInput
from lrc_api.core.policies import resolve_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.schemas import CitationOut, TraceStep
from lrc_api.core.scope import own_coordinator_only
from lrc_api.core.vocabulary import label
from lrc_api.stats.counting import CountSpec, Units, count_cases, report_units
from lrc_api.stats.schemas import CountDefinition, KpiIndicatorRead, KpiRead, KpiUnit
from lrc_rules import RULES_VERSION, kpi
from lrc_rules.case_stats import CountRule, count_rules, indicator_counts
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.trace import Step


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a pack counts for its indicators, or why it cannot."""

    policy: Policy
    rules: Mapping[str, CountRule]
    indicators: Mapping[str, tuple[str, str]]
    reason: str | None


def check_period(start: dt.date, end: dt.date) -> None:
    """422 on ``from`` when the period runs backwards."""
    if start > end:
        raise InvalidInput.on("from", f"is after to ({end.isoformat()})")


def _plan(policy: Policy, end: dt.date) -> _Plan:
    try:
        rules = count_rules(policy, end)
        indicators = indicator_counts(policy, end)
    except (RuleInputError, MissingParameterError) as exc:
        return _Plan(policy, {}, {}, getattr(exc, "message", str(exc)))
    if not indicators:
        return _Plan(policy, rules, {}, f"pack {policy.id!r} sets no KPI indicators")
    missing = sorted({n for pair in indicators.values() for n in pair} - set(rules))
    if missing:
        reason = f"pack {policy.id!r} does not say how to count {', '.join(missing)} (kpi.counts)"
        return _Plan(policy, rules, {}, reason)
    return _Plan(policy, rules, indicators, None)


def _unit(
    plan: _Plan,
    region: Region,
    direct: bool,
    counts: Mapping[str, int],
    start: dt.date,
    end: dt.date,
) -> tuple[KpiUnit, tuple[Step, ...]]:
    names = sorted({n for pair in plan.indicators.values() for n in pair})
    used = {n: counts.get(f"{plan.policy.id}:{n}", 0) for n in names}
    base = {
        "region_id": region.id or 0,
        "name": region.name,
        "kind": region.kind,
        "direct": direct,
        "policy": plan.policy.id,
        "counts": used,
    }
    if plan.reason is not None:
        return KpiUnit(**base, indicators=[], reason=plan.reason), ()
    try:
        result = kpi.kpi(
            {n: v for n, v in used.items() if n in kpi.COUNTS}, plan.policy, end, (start, end)
        )
    except (RuleInputError, MissingParameterError) as exc:
        return KpiUnit(**base, indicators=[], reason=getattr(exc, "message", str(exc))), ()
    indicators = [
        KpiIndicatorRead(
            key=i.key,
            name=label("kpi_indicator", i.key),
            rate=i.rate,
            numerator=i.numerator or 0,
            denominator=i.denominator or 0,
            numerator_count=plan.indicators[i.key][0],
            denominator_count=plan.indicators[i.key][1],
            target=i.target,
            comparator=i.comparator,  # type: ignore[arg-type]
            met=i.met,
            formula=i.formula,
            definition=plan.policy.parameter(f"kpi.indicators.{i.key}").description,
            citation=CitationOut.of(i.citation),
        )
        for i in result.indicators
    ]
    unit = KpiUnit(**base, indicators=indicators, reason=None, warnings=list(result.warnings))
    return unit, result.trace


def kpi_view(
    *, session: Session, principal: Principal, region_id: int | None, start: dt.date, end: dt.date
) -> KpiRead:
    """The region's KPIs over ``start`` … ``end`` (inclusive), per township and rolled up.

    404 for a region the principal may not see; 422 on ``from`` for a backwards period. A pack
    without indicators or count rules gives a 200 whose units say why (``reason``). A coordinator
    principal sees the indicators of the cases it is assigned to only.
    """
    check_period(start, end)
    units: Units = report_units(session=session, principal=principal, region_id=region_id)
    root_id = units.root.id or 0
    plans: dict[str, _Plan] = {}
    for pack_id in {units.packs[u.id or 0] for u in units.units} | {units.packs[root_id]}:
        plans[pack_id] = _plan(resolve_policy(pack_id), end)
    specs = [
        CountSpec(f"{pack_id}:{name}", plan.rules[name], start, end)
        for pack_id, plan in plans.items()
        for name in sorted({n for pair in plan.indicators.values() for n in pair})
    ]
    counts = count_cases(session=session, principal=principal, units=units, specs=specs)
    rows = []
    for u in units.units:
        row, _ = _unit(
            plans[units.packs[u.id or 0]], u, units.is_direct(u), counts[u.id or 0], start, end
        )
        rows.append(row)
    keys = {s.key for s in specs}
    rolled = {k: sum(counts[u.id or 0].get(k, 0) for u in units.units) for k in keys}
    root_plan = plans[units.packs[root_id]]
    total, trace = _unit(root_plan, units.root, False, rolled, start, end)
    return KpiRead(
        region_id=root_id,
        region_name=units.root.name,
        period_from=start,
        period_to=end,
        policy=root_plan.policy.id,
        rules_version=RULES_VERSION,
        own_cases_only=own_coordinator_only(principal),
        total=total,
        units=rows,
        definitions={
            pack_id: [CountDefinition.of(plan.rules[n]) for n in sorted(plan.rules)]
            for pack_id, plan in sorted(plans.items())
            if plan.indicators
        },
        trace=[TraceStep(**s.as_dict()) for s in trace],
    )
