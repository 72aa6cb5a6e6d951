"""Money rules (经费与待遇), 闵人社发〔2023〕55号 二(三): case subsidy, work budget, pay parity.

    1. 保障薪酬待遇。……2年内，各街镇（莘庄工业区）要尽快将劳动关系协调员人均薪酬标准提升至本区社区
    工作者人均薪酬标准的80%，并逐步与本区社区工作者人均薪酬标准持平。
    2. 落实工作经费。各街镇（莘庄工业区）按照每年不低于30万元的标准落实劳动关系矛盾化解工作经费，用于
    统筹支付以下费用：（1）以案定补经费，具体标准参照……（沪人社仲〔2022〕22号）文件执行，但具备在职
    在编身份的公务员、事业编制、社区工作者等人员依规不得领取；……

The municipal per-case rate (沪人社仲〔2022〕22号) is not among the seed documents: a pack may set
``money.case_subsidy.amount_per_case``; otherwise the request gives it, and without either the
result says the amount cannot be computed (``amount = None``) instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lrc_rules import RULES_VERSION
from lrc_rules.errors import RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.trace import Step, TraceBuilder

IDENTITIES = (
    "civil_servant",
    "public_institution",
    "community_worker",
    "assistant",
    "enterprise_employee",
    "social_mediator",
    "lawyer",
    "retiree",
    "other",
)
"""Employment identities (公务员, 事业编制, 社区工作者, 协管员, 企业职工, 社会调解员, 律师, 退休人员, 其他)."""

PARITY_OUTCOMES = ("parity", "floor_met", "floor_due", "floor_missed")
"""Pay-parity outcomes: at parity; floor met; floor not yet met but not yet due; floor missed."""


@dataclass(frozen=True, slots=True)
class Subsidy:
    """Case-subsidy (以案定补) eligibility and amount for one coordinator's cases."""

    eligible: bool
    cases: int
    amount_per_case: Decimal | None
    cost_indicator_per_case: Decimal | None
    amount: Decimal | None
    reason: str
    policy: str
    rules_version: str
    trace: tuple[Step, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PayParity:
    """Coordinator pay against the district's community-worker pay on as_of."""

    percent: Decimal
    floor_percent: Decimal
    floor_by: dt.date
    parity_percent: Decimal
    outcome: str
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class BudgetFloor:
    """A township's annual work budget against the floor."""

    meets: bool
    floor: Decimal
    shortfall: Decimal
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


def _value(policy: Policy, path: str, as_of: dt.date | None) -> Any:
    if not policy.has(path):
        raise RuleInputError(
            "policy",
            f"pack {policy.id!r} has no {path}; name a pack that does (minhang-2023, pujin-2024)",
            rule=path,
        )
    return policy.parameter(path).current if as_of is None else policy.value(path, as_of)


def subsidy(
    employment_identity: str,
    cases: int,
    policy: Policy,
    amount_per_case: Decimal | None = None,
    as_of: dt.date | None = None,
) -> Subsidy:
    """闵人社发〔2023〕55号 二(三)2(1): who may receive the case subsidy, and how much.

    The amount is the rate × cases, never cut. A pack may set a cost indicator per person per case
    (``money.case_subsidy.cost_indicator_per_case``, e.g. 浦锦 ≤260 元/人/案 — a budget indicator):
    a rate above it is paid as it is and the result carries a warning that the indicator is
    exceeded. Raises :class:`RuleInputError` naming the field on bad input.
    """
    if employment_identity not in IDENTITIES:
        raise RuleInputError("employment_identity", f"one of {', '.join(IDENTITIES)}")
    if cases < 0:
        raise RuleInputError("cases", "must not be negative")
    if amount_per_case is not None and amount_per_case < 0:
        raise RuleInputError("amount_per_case", "must not be negative")
    tb = TraceBuilder()
    banned_path = "money.case_subsidy.ineligible_identities"
    banned = set(_value(policy, banned_path, as_of))
    allowed = set(_value(policy, "money.case_subsidy.eligible_identities", as_of))
    cap_path = "money.case_subsidy.cost_indicator_per_case"
    cap = Decimal(str(_value(policy, cap_path, as_of))) if policy.has(cap_path) else None
    if employment_identity in banned or employment_identity not in allowed:
        reason = (
            f"{employment_identity} may not receive the case subsidy (在职在编身份依规不得领取)"
        )
        tb.add(
            "subsidy.eligibility",
            policy.cite(banned_path),
            {"identity": employment_identity},
            reason,
        )
        return Subsidy(
            False, cases, None, cap, Decimal(0), reason, policy.id, RULES_VERSION, tb.freeze()
        )
    tb.add(
        "subsidy.eligibility",
        policy.cite(banned_path),
        {"identity": employment_identity},
        "eligible: not an excluded identity",
    )
    rate_path = "money.case_subsidy.amount_per_case"
    rate = amount_per_case
    if rate is None and policy.has(rate_path):
        rate = Decimal(str(_value(policy, rate_path, as_of)))
    if rate is None:
        standard = _value(policy, "money.case_subsidy.standard", as_of)
        reason = (
            f"eligible; the per-case rate of {standard} is not in pack {policy.id!r}: "
            "give amount_per_case"
        )
        tb.add(
            "subsidy.amount",
            policy.cite("money.case_subsidy.standard"),
            {"cases": cases},
            "rate unknown",
        )
        return Subsidy(True, cases, None, cap, None, reason, policy.id, RULES_VERSION, tb.freeze())
    amount = rate * cases
    reason = f"eligible: {cases} × {rate} 元"
    warnings: tuple[str, ...] = ()
    if cap is not None and rate > cap:
        warnings = (
            f"the cost indicator of {cap} 元 per person per case is exceeded ({rate} 元 a case): "
            "the subsidy is paid in full, the project budget reports the excess",
        )
        reason += f" (above the cost indicator of {cap} 元 per person per case; paid in full)"
        tb.add(
            "subsidy.cost_indicator",
            policy.cite(cap_path),
            {"rate": str(rate), "indicator": str(cap)},
            "exceeded: reported, not deducted",
        )
    standard = policy.cite("money.case_subsidy.standard")
    tb.add("subsidy.amount", standard, {"cases": cases, "per_case": str(rate)}, str(amount))
    return Subsidy(
        True, cases, rate, cap, amount, reason, policy.id, RULES_VERSION, tb.freeze(), warnings
    )


def pay_parity(
    coordinator_average: Decimal,
    community_worker_average: Decimal,
    as_of: dt.date,
    policy: Policy,
) -> PayParity:
    """闵人社发〔2023〕55号 二(三)1: ≥ 80 % of community-worker pay within 2 years, then parity."""
    if coordinator_average < 0:
        raise RuleInputError("coordinator_average", "must not be negative")
    if community_worker_average <= 0:
        raise RuleInputError("community_worker_average", "must be positive")
    floor = Decimal(str(_value(policy, "money.pay_parity.floor_percent", as_of)))
    floor_by: dt.date = _value(policy, "money.pay_parity.floor_by", as_of)
    parity = Decimal(str(_value(policy, "money.pay_parity.parity_percent", as_of)))
    percent = (coordinator_average * 100 / community_worker_average).quantize(Decimal("0.01"))
    exact = coordinator_average * 100 / community_worker_average
    if exact >= parity:
        outcome = "parity"
    elif exact >= floor:
        outcome = "floor_met"
    else:
        outcome = "floor_due" if as_of <= floor_by else "floor_missed"
    tb = TraceBuilder()
    tb.add(
        "pay_parity.floor",
        policy.cite("money.pay_parity.floor_percent"),
        {"percent": str(percent), "floor_percent": str(floor)},
        exact >= floor,
    )
    tb.add(
        "pay_parity.floor_by",
        policy.cite("money.pay_parity.floor_by"),
        {"as_of": as_of.isoformat(), "floor_by": floor_by.isoformat()},
        "floor in force" if as_of > floor_by else "within the two years",
    )
    tb.add(
        "pay_parity.parity",
        policy.cite("money.pay_parity.parity_percent"),
        {"percent": str(percent)},
        outcome,
    )
    return PayParity(
        percent, floor, floor_by, parity, outcome, policy.id, RULES_VERSION, tb.freeze()
    )


def budget_floor(
    annual_budget: Decimal, policy: Policy, as_of: dt.date | None = None
) -> BudgetFloor:
    """闵人社发〔2023〕55号 二(三)2: a township's work budget is at least 300,000 元 a year."""
    if annual_budget < 0:
        raise RuleInputError("annual_budget", "must not be negative")
    path = "money.budget.annual_floor"
    floor = Decimal(str(_value(policy, path, as_of)))
    meets = annual_budget >= floor
    shortfall = max(floor - annual_budget, Decimal(0))
    tb = TraceBuilder()
    tb.add(
        "budget.floor",
        policy.cite(path),
        {"annual_budget": str(annual_budget)},
        {"floor": str(floor), "meets": meets},
    )
    return BudgetFloor(meets, floor, shortfall, policy.id, RULES_VERSION, tb.freeze())
