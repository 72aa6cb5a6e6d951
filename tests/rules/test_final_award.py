"""Final award (一裁终局), 劳动争议调解仲裁法 第四十七条, with Shanghai's minimum-wage history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.errors import RuleInputError
from lrc_rules.final_award import Claim, FinalAward, final_award
from lrc_rules.policies import get_policy

D = dt.date
MINHANG = get_policy("minhang-2023")
PUJIN = get_policy("pujin-2024")
NATIONAL = get_policy("national")


def pay(amount: str) -> Claim:
    return Claim("labor_remuneration", Decimal(amount))


@pytest.mark.parametrize(
    ("decided", "wage"),
    [
        (D(2019, 4, 1), 2480),
        (D(2021, 6, 30), 2480),
        (D(2021, 7, 1), 2590),
        (D(2023, 7, 1), 2690),
        (D(2025, 6, 30), 2690),
        (D(2025, 7, 1), 2740),
    ],
)
def test_threshold_is_12_months_of_the_minimum_wage_in_force_47_1(
    decided: dt.date, wage: int
) -> None:
    """第四十七条(一): 不超过当地月最低工资标准十二个月金额 — Shanghai wage by date."""
    r = final_award(decided, [pay("1")], MINHANG)
    assert r.monthly_minimum_wage == wage and r.threshold == 12 * wage


def test_pujin_inherits_shanghai_minimum_wage() -> None:
    """pujin-2024 extends minhang-2023: 2025-08-01 → 2,740 × 12 = 32,880."""
    assert final_award(D(2025, 8, 1), [pay("1")], PUJIN).threshold == 32880


def test_each_claim_item_is_judged_on_its_own_amount() -> None:
    """Items at the threshold are final, one cent over is not; standards are final; other is not."""
    r = final_award(
        D(2025, 8, 1),
        [
            pay("32880"),
            Claim("damages", Decimal("32880.01")),
            Claim("work_injury_medical", Decimal("100")),
            Claim("labor_standards"),
            Claim("other", Decimal("5")),
        ],
        MINHANG,
    )
    assert [c.final for c in r.claims] == [True, False, True, True, False]
    assert r.claims[3].threshold is None and r.claims[3].citation.article == "第四十七条(二)"


def test_pack_without_minimum_wage_needs_it_in_the_request() -> None:
    """national carries no local wage: 422 naming monthly_minimum_wage, or use the given one."""
    with pytest.raises(RuleInputError) as err:
        final_award(D(2025, 8, 1), [pay("1")], NATIONAL)
    assert err.value.field == "monthly_minimum_wage"
    r = final_award(D(2025, 8, 1), [pay("24000")], NATIONAL, Decimal("2000"))
    assert r.threshold == 24000 and r.claims[0].final


def test_date_before_the_wage_history_needs_it_in_the_request() -> None:
    """Before 2019-04-01 the pack has no Shanghai value."""
    with pytest.raises(RuleInputError) as err:
        final_award(D(2019, 3, 31), [pay("1")], MINHANG)
    assert err.value.field == "monthly_minimum_wage"


def test_money_claim_without_amount_is_named() -> None:
    """A pay item is judged on the amount the award determines: claims[1].awarded_amount."""
    with pytest.raises(RuleInputError) as err:
        final_award(D(2025, 8, 1), [Claim("labor_standards"), Claim("damages")], MINHANG)
    assert err.value.field == "claims[1].awarded_amount"


def test_no_money_claim_needs_no_minimum_wage() -> None:
    """Only labor-standards claims: no threshold, no wage needed even in national."""
    r: FinalAward = final_award(D(2025, 8, 1), [Claim("labor_standards")], NATIONAL)
    assert r.threshold is None and r.claims[0].final


@settings(max_examples=150, deadline=None)
@given(
    cents=st.integers(min_value=0, max_value=10_000_000),
    decided=st.dates(min_value=D(2019, 4, 1), max_value=D(2026, 12, 31)),
)
def test_final_exactly_when_within_12_months_of_minimum_wage(cents: int, decided: dt.date) -> None:
    """final ⇔ amount ≤ 12 × wage on the day."""
    amount = Decimal(cents) / 100
    r = final_award(decided, [Claim("economic_compensation", amount)], MINHANG)
    assert r.threshold is not None
    assert r.claims[0].final == (amount <= r.threshold)


def test_each_item_is_judged_on_the_awarded_amount_not_the_claim_47_rules_50() -> None:
    """办案规则 第五十条 (每项确定的数额): a worker claimed 50,000 元 of pay, the award determines
    30,000 元 for it — below 12 × 2,690 = 32,280 元 in 2024, so the award on it is final."""
    r = final_award(
        dt.date(2024, 3, 1), [Claim("labor_remuneration", awarded_amount=Decimal(30000))], MINHANG
    )
    assert r.threshold == Decimal(32280) and r.claims[0].final
    assert r.claims[0].awarded_amount == Decimal(30000)
    assert "awarded 30000" in r.claims[0].reason
