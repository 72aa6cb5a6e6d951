"""Final award (一裁终局), 劳动争议调解仲裁法 第四十七条.

    第四十七条 下列劳动争议，除本法另有规定的外，仲裁裁决为终局裁决，裁决书自作出之日起发生法律效力：
    （一）追索劳动报酬、工伤医疗费、经济补偿或者赔偿金，不超过当地月最低工资标准十二个月金额的争议；
    （二）因执行国家的劳动标准在工作时间、休息休假、社会保险等方面发生的争议。

Each claim item is judged on the amount the award determines for it, not the amount claimed
(劳动人事争议仲裁办案规则 第五十条: 「……仲裁裁决涉及数项，每项确定的数额均不超过当地月最低工资标准十二个月
金额的，应当按照终局裁决处理」). The threshold is 12 × the local monthly minimum wage in
force on the day of the award: from the pack (``final_award.monthly_minimum_wage``, with dates) or,
when the request gives it, ``monthly_minimum_wage``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from lrc_rules import RULES_VERSION
from lrc_rules.errors import RuleInputError
from lrc_rules.limitation import CLAIM_TYPES
from lrc_rules.policies import Policy
from lrc_rules.trace import Citation, Step, TraceBuilder

_WAGE = "final_award.monthly_minimum_wage"


@dataclass(frozen=True, slots=True)
class Claim:
    """One item of the award: its type and, for a money item, ``awarded_amount`` — the amount the
    award determines for this item (每项确定的数额, 元), not the amount the party claimed."""

    type: str
    awarded_amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ClaimOutcome:
    """Whether one claim item is final, against which threshold, and why."""

    type: str
    awarded_amount: Decimal | None
    final: bool
    threshold: Decimal | None
    reason: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class FinalAward:
    """Per-claim outcomes, the minimum wage and threshold used, and the trace."""

    decided_on: dt.date
    monthly_minimum_wage: Decimal | None
    threshold: Decimal | None
    claims: tuple[ClaimOutcome, ...]
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


def final_award(
    decided_on: dt.date,
    claims: Sequence[Claim],
    policy: Policy,
    monthly_minimum_wage: Decimal | None = None,
) -> FinalAward:
    """调解仲裁法 第四十七条, 办案规则 第五十条: which items of an award are final (一裁终局).

    Each money item is judged on ``awarded_amount``, the amount the award determines for it.
    Raises :class:`RuleInputError` naming ``claims[i].awarded_amount`` when a money item lacks it.
    """
    tb = TraceBuilder()
    on = decided_on
    money = set(policy.value("final_award.money_claim_types", on))
    standards = set(policy.value("final_award.standards_claim_types", on))
    for i, claim in enumerate(claims):
        if claim.type not in CLAIM_TYPES:
            raise RuleInputError(f"claims[{i}].type", f"one of {', '.join(CLAIM_TYPES)}")
        if claim.awarded_amount is not None and claim.awarded_amount < 0:
            raise RuleInputError(f"claims[{i}].awarded_amount", "must not be negative")
        if claim.type in money and claim.awarded_amount is None:
            raise RuleInputError(
                f"claims[{i}].awarded_amount",
                f"a {claim.type} item is judged on the amount the award determines for it "
                "(每项确定的数额): required",
            )
    wage, threshold = None, None
    if any(c.type in money for c in claims):
        wage = _minimum_wage(decided_on, policy, monthly_minimum_wage, tb)
        months = policy.typed("final_award.months", on, int)
        threshold = wage * months
        tb.add(
            "final_award.threshold",
            policy.cite("final_award.months"),
            {"monthly_minimum_wage": str(wage), "months": months},
            str(threshold),
        )
    outcomes = []
    for claim in claims:
        if claim.type in money:
            amount = claim.awarded_amount
            assert amount is not None and threshold is not None  # checked above
            final = amount <= threshold
            reason = (
                f"awarded {amount} ≤ {threshold}: final"
                if final
                else f"awarded {amount} > {threshold}: not final"
            )
            cite = policy.cite("final_award.money_claim_types")
            limit: Decimal | None = threshold
        elif claim.type in standards:
            final, reason, limit = True, "labor-standards dispute: final whatever the amount", None
            cite = policy.cite("final_award.standards_claim_types")
        else:
            final, reason, limit = False, "not a claim type 第四十七条 makes final", None
            cite = policy.cite("final_award.money_claim_types")
        outcomes.append(ClaimOutcome(claim.type, claim.awarded_amount, final, limit, reason, cite))
        tb.add(
            f"final_award.{claim.type}",
            cite,
            {"awarded_amount": None if claim.awarded_amount is None else str(claim.awarded_amount)},
            {"final": final, "reason": reason},
        )
    return FinalAward(
        decided_on=decided_on,
        monthly_minimum_wage=wage,
        threshold=threshold,
        claims=tuple(outcomes),
        policy=policy.id,
        rules_version=RULES_VERSION,
        trace=tb.freeze(),
    )


def _minimum_wage(
    decided_on: dt.date, policy: Policy, given: Decimal | None, tb: TraceBuilder
) -> Decimal:
    if given is not None:
        if given <= 0:
            raise RuleInputError("monthly_minimum_wage", "must be positive")
        tb.add("final_award.minimum_wage", None, {"source": "request"}, str(given))
        return given
    if not policy.has(_WAGE):
        raise RuleInputError(
            "monthly_minimum_wage",
            f"pack {policy.id!r} carries no local minimum wage: give monthly_minimum_wage "
            "or name a pack that has one (e.g. minhang-2023)",
            rule=_WAGE,
        )
    param = policy.parameter(_WAGE)
    try:
        wage = Decimal(str(param.at(decided_on)))
    except LookupError:
        raise RuleInputError(
            "monthly_minimum_wage",
            f"pack {policy.id!r} has no minimum wage in force on {decided_on.isoformat()}: "
            "give monthly_minimum_wage",
            rule=_WAGE,
        ) from None
    tb.add(
        "final_award.minimum_wage",
        param.citation,
        {"decided_on": decided_on.isoformat(), "source": policy.id},
        str(wage),
    )
    return wage
