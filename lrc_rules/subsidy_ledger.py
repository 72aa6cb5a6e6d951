"""The case-subsidy ledger (以案定补台账): who may receive it, how much, and the project's targets.

闵人社发〔2023〕55号 二(三)2(1):

    以案定补经费，具体标准参照市人力资源社会保障局与市财政局联合下发的《关于兼职仲裁员、调解员办案补助
    标准的通知》（沪人社仲〔2022〕22号）文件执行，但具备在职在编身份的公务员、事业编制、社区工作者等
    人员依规不得领取；

Eligibility and the rate are :func:`lrc_rules.money.subsidy`'s. Which cases qualify is a pack
**Choice** (``money.case_subsidy.qualifying``): :func:`qualifying_rule`. The amount is the rate
times the cases, never cut: the 浦锦 2024 table's "“以案定补”个案补贴成本 ≤260 元/人/案" is a cost
indicator of the project budget, so a higher rate is paid as the rate says and the totals report
the indicator as exceeded. The totals are set against the pack's project targets (``kpi.targets``:
subsidized cases ≥ 76, cost per case ≤ 260 元) and its budget line (``money.case_subsidy.budget``,
20,000 元 in 表1 预算明细表).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lrc_rules import RULES_VERSION, kpi, money
from lrc_rules.case_outcomes import CONCLUSION_CODES
from lrc_rules.case_timeline import PROCEDURES
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.trace import Citation, Step, TraceBuilder

ROLES = ("lead", "assist")
"""A coordinator's part in a case (主办, 协办)."""

QUALIFYING = "money.case_subsidy.qualifying"
"""Pack parameter: which concluded cases count for the subsidy."""

BUDGET = "money.case_subsidy.budget"
"""Pack parameter: the project's budget line for the subsidy (元)."""

CASES_TARGET = "subsidized_cases"
"""Project target (``kpi.targets``) on the number of subsidized cases (浦锦 2024: ≥ 76)."""

COST_TARGET = "cost_per_subsidized_case"
"""Project target (``kpi.targets``) on the cost per person per case (浦锦 2024: ≤ 260 元)."""

_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class QualifyingRule:
    """Which cases count: procedures, conclusions (结案方式) and the coordinator's roles."""

    procedures: tuple[str, ...]
    conclusions: tuple[str, ...]
    roles: tuple[str, ...]
    description: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class CoordinatorCases:
    """One coordinator's qualifying cases in the period (one per case the coordinator is on)."""

    coordinator_id: int
    employment_identity: str
    cases: int


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One coordinator's subsidy: eligible or not, the rate, the amount (None: rate unknown)."""

    coordinator_id: int
    employment_identity: str
    cases: int
    eligible: bool
    amount_per_case: Decimal | None
    amount: Decimal | None
    reason: str
    policy: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class LedgerTotals:
    """The ledger's totals against the project's targets and budget line."""

    coordinators: int
    eligible_coordinators: int
    person_cases: int
    paid_person_cases: int
    subsidized_cases: int
    amount: Decimal | None
    cost_per_case: Decimal | None
    budget: Decimal | None
    budget_remaining: Decimal | None
    within_budget: bool | None
    targets: tuple[kpi.TargetOutcome, ...]
    warnings: tuple[str, ...]
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


def _names(raw: Any, allowed: tuple[str, ...], field: str) -> tuple[str, ...]:
    if not isinstance(raw, tuple | list) or not raw or any(x not in allowed for x in raw):
        raise RuleInputError(f"policy.{QUALIFYING}.{field}", f"a list of {', '.join(allowed)}")
    return tuple(str(x) for x in raw)


def qualifying_rule(policy: Policy, as_of: dt.date) -> QualifyingRule:
    """The pack's definition of the cases that count for the subsidy on ``as_of``.

    Raises :class:`RuleInputError` on ``policy`` when the pack has none (a pack outside
    闵人社发〔2023〕55号) or a malformed one.
    """
    if not policy.has(QUALIFYING):
        raise RuleInputError(
            "policy",
            f"pack {policy.id!r} has no case subsidy (以案定补, {QUALIFYING}); "
            "bind a pack that does (minhang-2023, pujin-2024)",
            rule=QUALIFYING,
        )
    try:
        spec = policy.value(QUALIFYING, as_of)
    except MissingParameterError as exc:
        raise RuleInputError("policy", str(exc), rule=QUALIFYING) from None
    if not isinstance(spec, Mapping):
        raise RuleInputError(f"policy.{QUALIFYING}", "must be a table")
    param = policy.parameter(QUALIFYING)
    return QualifyingRule(
        _names(spec.get("procedures"), PROCEDURES, "procedures"),
        _names(spec.get("conclusions"), CONCLUSION_CODES, "conclusions"),
        _names(spec.get("roles"), ROLES, "roles"),
        param.description,
        param.citation,
    )


def ledger_line(entry: CoordinatorCases, policy: Policy, as_of: dt.date) -> LedgerLine:
    """One coordinator's line: 闵人社发〔2023〕55号 二(三)2(1) eligibility, rate × cases, not capped."""
    result = money.subsidy(entry.employment_identity, entry.cases, policy, as_of=as_of)
    cite = policy.cite("money.case_subsidy.ineligible_identities")
    if not result.eligible:
        return LedgerLine(
            entry.coordinator_id,
            entry.employment_identity,
            entry.cases,
            False,
            None,
            Decimal(0),
            result.reason,
            policy.id,
            cite,
        )
    rate = result.amount_per_case
    if rate is None:
        standard = policy.value("money.case_subsidy.standard", as_of)
        reason = (
            f"eligible; the per-case rate of {standard} is not in pack {policy.id!r}: a pack "
            f"extending it sets money.case_subsidy.amount_per_case (LRC_POLICY_DIRS)"
        )
        return LedgerLine(
            entry.coordinator_id,
            entry.employment_identity,
            entry.cases,
            True,
            None,
            None,
            reason,
            policy.id,
            cite,
        )
    amount = (rate * entry.cases).quantize(_CENT)
    return LedgerLine(
        entry.coordinator_id,
        entry.employment_identity,
        entry.cases,
        True,
        rate,
        amount,
        f"eligible: {entry.cases} × {rate} 元",
        policy.id,
        cite,
    )


def ledger_totals(
    lines: Sequence[LedgerLine], subsidized_cases: int, policy: Policy, as_of: dt.date
) -> LedgerTotals:
    """The totals of ``lines`` under the pack of the region the ledger is for.

    ``subsidized_cases`` is the number of distinct cases with at least one eligible coordinator
    (a case two eligible coordinators share counts once). Cost per case is the amount per person
    per case paid (the indicator's 元/人/案); ``None`` while any eligible amount is unknown.
    """
    if subsidized_cases < 0:
        raise RuleInputError("subsidized_cases", "must not be negative")
    tb = TraceBuilder()
    eligible = [ln for ln in lines if ln.eligible]
    paid = sum(ln.cases for ln in eligible)
    if subsidized_cases > paid:
        raise RuleInputError("subsidized_cases", f"cannot exceed the paid person-cases ({paid})")
    known = all(ln.amount is not None for ln in eligible)
    amount = sum((ln.amount or Decimal(0) for ln in eligible), Decimal(0)) if known else None
    cost = (amount / paid).quantize(_CENT, ROUND_HALF_UP) if amount is not None and paid else None
    warnings: list[str] = []
    if not known:
        warnings.append(
            "the per-case rate is not in the pack: amounts and cost cannot be given; a pack "
            "extending it sets money.case_subsidy.amount_per_case (a deployment's packs are in "
            "LRC_POLICY_DIRS), or POST /v1/rules/subsidy computes with a rate given"
        )
    tb.add(
        "subsidy.totals",
        policy.cite("money.case_subsidy.ineligible_identities"),
        {"coordinators": len(lines), "eligible": len(eligible), "paid_person_cases": paid},
        {"amount": None if amount is None else str(amount), "subsidized_cases": subsidized_cases},
    )
    budget: Decimal | None = None
    remaining: Decimal | None = None
    within: bool | None = None
    if policy.has(BUDGET):
        budget = Decimal(str(policy.value(BUDGET, as_of)))
        if amount is not None:
            remaining, within = budget - amount, amount <= budget
            if not within:
                warnings.append(
                    f"the subsidy total {amount} 元 exceeds the budget line {budget} 元"
                )
        tb.add(
            "subsidy.budget",
            policy.cite(BUDGET),
            {"amount": None if amount is None else str(amount), "budget": str(budget)},
            within,
        )
    targets: tuple[kpi.TargetOutcome, ...] = ()
    wanted = (CASES_TARGET, COST_TARGET)
    if any(policy.has(f"kpi.targets.{m}") for m in wanted):
        measured: dict[str, float | str | None] = {
            CASES_TARGET: subsidized_cases,
            COST_TARGET: None if cost is None else float(cost),
        }
        measured = {k: v for k, v in measured.items() if policy.has(f"kpi.targets.{k}")}
        result = kpi.evaluate_targets(measured, policy, as_of)
        targets = tuple(t for t in result.targets if t.metric in wanted)
        for t in targets:
            tb.add(f"target.{t.metric}", t.citation, {"measured": t.measured}, t.outcome)
            if t.metric == COST_TARGET and t.outcome == "not_met":
                # A cost indicator of the budget, never a cut of anyone's pay (RULES.md §9).
                warnings.append(
                    f"cost per case {cost} 元 is above the cost indicator {t.value} {t.unit}: "
                    "paid as the rate says, reported as exceeding the indicator"
                )
    return LedgerTotals(
        coordinators=len(lines),
        eligible_coordinators=len(eligible),
        person_cases=sum(ln.cases for ln in lines),
        paid_person_cases=paid,
        subsidized_cases=subsidized_cases,
        amount=amount,
        cost_per_case=cost,
        budget=budget,
        budget_remaining=remaining,
        within_budget=within,
        targets=targets,
        warnings=tuple(warnings),
        policy=policy.id,
        rules_version=RULES_VERSION,
        trace=tb.freeze(),
    )
