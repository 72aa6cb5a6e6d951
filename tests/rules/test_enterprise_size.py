"""Enterprise size: 统计上大中小微型企业划分办法（2017）（国统字〔2017〕213号）附表 and 附注1."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.enterprise_size import (
    EnterpriseMetrics,
    classify,
    industries,
    industry_names,
    required_indicators,
)
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import PolicyRegistry, get_policy

POLICY = get_policy("national")
X, Y, Z = "employees", "revenue_10k_yuan", "total_assets_10k_yuan"

# The table as the document prints it: lower bounds of 大型 / 中型 / 小型 per indicator.
TABLE: dict[str, dict[str, tuple[int, int, int]]] = {
    "agriculture": {Y: (20000, 500, 50)},
    "industry": {X: (1000, 300, 20), Y: (40000, 2000, 300)},
    "construction": {Y: (80000, 6000, 300), Z: (80000, 5000, 300)},
    "wholesale": {X: (200, 20, 5), Y: (40000, 5000, 1000)},
    "retail": {X: (300, 50, 10), Y: (20000, 500, 100)},
    "transport": {X: (1000, 300, 20), Y: (30000, 3000, 200)},
    "warehousing": {X: (200, 100, 20), Y: (30000, 1000, 100)},
    "postal": {X: (1000, 300, 20), Y: (30000, 2000, 100)},
    "accommodation": {X: (300, 100, 10), Y: (10000, 2000, 100)},
    "catering": {X: (300, 100, 10), Y: (10000, 2000, 100)},
    "information_transmission": {X: (2000, 100, 10), Y: (100000, 1000, 100)},
    "software_it": {X: (300, 100, 10), Y: (10000, 1000, 50)},
    "real_estate_development": {Y: (200000, 1000, 100), Z: (10000, 5000, 2000)},
    "property_management": {X: (1000, 300, 100), Y: (5000, 1000, 500)},
    "leasing_business_services": {X: (300, 100, 10), Z: (120000, 8000, 100)},
    "other": {X: (300, 100, 10)},
}
SIZES = ("large", "medium", "small")


def size(industry: str, **values: float) -> str:
    return classify(EnterpriseMetrics(industry, **values), POLICY).size  # type: ignore[arg-type]


def test_the_pack_has_every_row_of_the_table() -> None:
    assert industries(POLICY) == tuple(sorted(TABLE))
    for key, row in TABLE.items():
        assert required_indicators(POLICY, key) == tuple(row)
    assert industry_names(POLICY)["industry"] == "工业"
    assert industry_names(POLICY)["leasing_business_services"] == "租赁和商务服务业"


@pytest.mark.parametrize("industry", sorted(TABLE))
@pytest.mark.parametrize("cls", [0, 1, 2])
def test_lower_bounds_are_inclusive_in_every_row(industry: str, cls: int) -> None:
    """附表: each class starts at its lower bound (≥), all indicators together."""
    at = {name: bounds[cls] for name, bounds in TABLE[industry].items()}
    assert size(industry, **at) == SIZES[cls]


@pytest.mark.parametrize("industry", sorted(TABLE))
@pytest.mark.parametrize("cls", [0, 1, 2])
def test_one_indicator_below_drops_a_class_in_every_row(industry: str, cls: int) -> None:
    """附注1: 大型、中型和小型企业须同时满足所列指标的下限，否则下划一档."""
    row = TABLE[industry]
    for short in row:
        values: dict[str, float] = {name: bounds[cls] for name, bounds in row.items()}
        # the other indicators stay at the large bound: one shortfall is enough to drop
        for name in row:
            if name != short:
                values[name] = row[name][0] * 10
        values[short] = row[short][cls] - 1
        expected = SIZES[cls + 1] if cls < 2 else "micro"
        assert size(industry, **values) == expected, (industry, short)


@pytest.mark.parametrize("industry", sorted(TABLE))
def test_micro_needs_only_one_indicator_below_small_in_every_row(industry: str) -> None:
    """附注1: 微型企业只须满足所列指标中的一项即可."""
    row = TABLE[industry]
    for short in row:
        values: dict[str, float] = {name: bounds[0] * 100 for name, bounds in row.items()}
        values[short] = row[short][2] - 0.5
        assert size(industry, **values) == "micro"


def test_worked_example_industry_with_300_staff_and_2000_revenue_is_medium() -> None:
    result = classify(EnterpriseMetrics("industry", 300, 2000), POLICY)
    assert result.size == "medium"
    assert result.industry_name == "工业"
    assert (
        str(result.trace[0].citation)
        == "统计上大中小微型企业划分办法（2017）（国统字〔2017〕213号） 附表 工业"
    )
    assert result.trace[-1].outcome["below_lower_bound"] == {"large": [X, Y]}
    assert result.policy == "national"


def test_indicators_the_row_does_not_use_are_ignored() -> None:
    assert size("agriculture", revenue_10k_yuan=500, employees=0) == "medium"
    assert size("other", employees=10, revenue_10k_yuan=0, total_assets_10k_yuan=0) == "small"


@pytest.mark.parametrize(
    ("metrics", "field"),
    [
        (EnterpriseMetrics("industry", employees=300), Y),
        (EnterpriseMetrics("construction", revenue_10k_yuan=300), Z),
        (EnterpriseMetrics("retail", revenue_10k_yuan=300), X),
        (EnterpriseMetrics("retail", employees=-1, revenue_10k_yuan=300), X),
    ],
)
def test_a_needed_indicator_missing_or_negative_names_it(
    metrics: EnterpriseMetrics, field: str
) -> None:
    with pytest.raises(RuleInputError) as err:
        classify(metrics, POLICY)
    assert err.value.field == field


def test_unknown_industry_names_the_field_and_lists_the_keys() -> None:
    with pytest.raises(RuleInputError) as err:
        classify(EnterpriseMetrics("bakery", 5), POLICY)
    assert err.value.field == "industry"
    assert "software_it" in err.value.message and "agriculture" in err.value.message


def test_table_is_in_force_from_2017_12_28_only() -> None:
    m = EnterpriseMetrics("other", 100)
    assert classify(m, POLICY, dt.date(2017, 12, 28)).size == "medium"
    with pytest.raises(MissingParameterError):
        classify(m, POLICY, dt.date(2017, 12, 27))


def test_a_reloaded_pack_is_classified_with_its_own_table() -> None:
    fresh = PolicyRegistry.load().get("national")
    assert fresh is not POLICY
    assert classify(EnterpriseMetrics("retail", 50, 500), fresh).size == "medium"
    empty = dataclasses.replace(POLICY, id="bare", parameters={})
    with pytest.raises(MissingParameterError):
        classify(EnterpriseMetrics("retail", 50, 500), empty)


RANK = {"micro": 0, "small": 1, "medium": 2, "large": 3}
amount = st.floats(min_value=0, max_value=300_000, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(TABLE)),
    st.integers(0, 3000),
    amount,
    amount,
    st.sampled_from([X, Y, Z]),
    st.floats(min_value=0, max_value=100_000),
)
def test_more_of_an_indicator_never_lowers_the_class(
    industry: str, x: int, y: float, z: float, grow: str, by: float
) -> None:
    """附表: classes are ordered by lower bounds, so the class is monotone in each indicator."""
    base = EnterpriseMetrics(industry, x, y, z)
    bigger = dataclasses.replace(
        base, **{grow: getattr(base, grow) + (int(by) if grow == X else by)}
    )
    assert RANK[classify(bigger, POLICY).size] >= RANK[classify(base, POLICY).size]
