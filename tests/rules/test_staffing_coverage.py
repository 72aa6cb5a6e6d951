"""Enterprise coverage: 浙人社发〔2023〕18号 三(一) 按企业数量比例对各地进行年度目标考核."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lrc_rules.errors import RuleInputError
from lrc_rules.policies import get_policy
from lrc_rules.staffing_coverage import CoverageInput, enterprise_coverage

ZJ = get_policy("zhejiang-2023")
MH = get_policy("minhang-2023")
DAY = dt.date(2025, 6, 30)


def test_coordinators_per_enterprise_zj_3_1() -> None:
    """7 coordinators for 4 enterprises, 3 of them covered: 1.75 per enterprise, 75 % covered."""
    c = enterprise_coverage(CoverageInput(4, 3, 7), ZJ, DAY)
    assert (c.coordinators_per_enterprise, c.share_covered) == (1.75, 0.75)
    assert c.citation is not None and (c.citation.doc, c.citation.part) == (
        "浙人社发〔2023〕18号",
        "三(一)",
    )


def test_a_pack_without_the_measure_reports_it_uncited() -> None:
    c = enterprise_coverage(CoverageInput(3, 1, 1), MH, DAY)
    assert c.citation is None and "sets no coverage measure" in c.note
    assert c.coordinators_per_enterprise == 0.3333


def test_no_enterprises_no_ratio() -> None:
    c = enterprise_coverage(CoverageInput(0, 0, 2), ZJ, DAY)
    assert (c.coordinators_per_enterprise, c.share_covered) == (None, None)
    assert "no enterprises" in c.note


@pytest.mark.parametrize(
    ("inp", "field"),
    [
        (CoverageInput(-1, 0, 0), "enterprises"),
        (CoverageInput(2, 3, 0), "enterprises_covered"),
        (CoverageInput(2, 1, -2), "coordinators"),
    ],
)
def test_bad_counts_name_the_field(inp: CoverageInput, field: str) -> None:
    with pytest.raises(RuleInputError) as err:
        enterprise_coverage(inp, ZJ, DAY)
    assert err.value.field == field


@given(
    st.integers(1, 10_000).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n), st.integers(0, 100_000))
    )
)
def test_share_is_between_0_and_1_and_ratio_matches(t: tuple[int, int, int]) -> None:
    n, covered, people = t
    c = enterprise_coverage(CoverageInput(n, covered, people), ZJ, DAY)
    assert c.share_covered is not None and 0 <= c.share_covered <= 1
    assert c.coordinators_per_enterprise == round(people / n, 4)
