"""Money rules of 闵人社发〔2023〕55号 二(三) and the pujin-2024 cap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lrc_rules.errors import RuleInputError
from lrc_rules.money import budget_floor, pay_parity, subsidy
from lrc_rules.policies import get_policy

D = dt.date
MINHANG = get_policy("minhang-2023")
PUJIN = get_policy("pujin-2024")


@pytest.mark.parametrize("identity", ["civil_servant", "public_institution", "community_worker"])
def test_staff_on_establishment_may_not_receive_the_case_subsidy_2_3_2(identity: str) -> None:
    """二(三)2(1): 具备在职在编身份的公务员、事业编制、社区工作者等人员依规不得领取."""
    r = subsidy(identity, 5, PUJIN, Decimal("200"))
    assert (r.eligible, r.amount) == (False, Decimal(0))
    assert r.trace[0].citation is not None and r.trace[0].citation.part == "二(三)2(1)"


@pytest.mark.parametrize(
    "identity",
    ["assistant", "enterprise_employee", "social_mediator", "lawyer", "retiree", "other"],
)
def test_others_may_receive_it(identity: str) -> None:
    """Everyone else is eligible: 5 cases × 200 元 = 1,000 元."""
    r = subsidy(identity, 5, PUJIN, Decimal("200"))
    assert (r.eligible, r.amount) == (True, Decimal(1000))


def test_260_per_person_per_case_is_a_cost_indicator_never_a_pay_cut_pujin_cost_indicator() -> None:
    """浦锦 成本指标 “以案定补”个案补贴成本 ≤260 元/人/案 (目标指来源: 根据预算资金) is a budget
    indicator: 3 cases at 300 元 are 900 元 paid, with a warning that the indicator is exceeded."""
    r = subsidy("lawyer", 3, PUJIN, Decimal("300"))
    assert (r.cost_indicator_per_case, r.amount) == (Decimal(260), Decimal(900))
    assert len(r.warnings) == 1 and "cost indicator" in r.warnings[0]


def test_a_rate_within_the_cost_indicator_has_no_warning() -> None:
    r = subsidy("lawyer", 3, PUJIN, Decimal("260"))
    assert (r.amount, r.warnings) == (Decimal(780), ())


def test_minhang_has_no_cost_indicator() -> None:
    """minhang-2023 sets no indicator: the rate is paid in full, nothing to warn about."""
    r = subsidy("lawyer", 3, MINHANG, Decimal("300"))
    assert (r.cost_indicator_per_case, r.amount, r.warnings) == (None, Decimal(900), ())


def test_unknown_municipal_rate_gives_no_amount_instead_of_a_guess() -> None:
    """沪人社仲〔2022〕22号 is not in the seeds: without a rate the amount is None, with a reason."""
    r = subsidy("retiree", 3, PUJIN)
    assert r.eligible and r.amount is None and "沪人社仲〔2022〕22号" in r.reason


def test_pack_without_money_rules_names_policy() -> None:
    """The national pack has no case-subsidy rule."""
    with pytest.raises(RuleInputError) as err:
        subsidy("lawyer", 1, get_policy("national"), Decimal("100"))
    assert err.value.field == "policy"


def test_bad_subsidy_input_is_named() -> None:
    """Unknown identity or negative cases."""
    with pytest.raises(RuleInputError) as err:
        subsidy("mayor", 1, PUJIN)
    assert err.value.field == "employment_identity"
    with pytest.raises(RuleInputError) as err:
        subsidy("lawyer", -1, PUJIN)
    assert err.value.field == "cases"


@pytest.mark.parametrize(
    ("coordinator", "as_of", "outcome"),
    [
        ("7999", D(2025, 7, 28), "floor_due"),  # 79.99 %, still within the two years
        ("7999", D(2025, 7, 29), "floor_missed"),
        ("8000", D(2025, 7, 29), "floor_met"),  # exactly 80 %
        ("10000", D(2025, 7, 29), "parity"),
    ],
)
def test_pay_80_percent_within_two_years_then_parity_2_3_1(
    coordinator: str, as_of: dt.date, outcome: str
) -> None:
    """二(三)1: 2年内……提升至本区社区工作者人均薪酬标准的80%，并逐步……持平."""
    r = pay_parity(Decimal(coordinator), Decimal("10000"), as_of, MINHANG)
    assert r.outcome == outcome and r.floor_by == D(2025, 7, 28)


def test_township_budget_at_least_300000_a_year_2_3_2() -> None:
    """二(三)2: 按照每年不低于30万元的标准落实劳动关系矛盾化解工作经费."""
    low = budget_floor(Decimal("299999.99"), MINHANG)
    assert (low.meets, low.shortfall) == (False, Decimal("0.01"))
    ok = budget_floor(Decimal("300000"), PUJIN)
    assert (ok.meets, ok.shortfall, ok.floor) == (True, Decimal(0), Decimal(300000))
