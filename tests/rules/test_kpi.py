"""KPI targets of 闵人社发〔2022〕34号 二(一)–(三) and the pujin-2024 project targets."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.errors import RuleInputError
from lrc_rules.kpi import Indicator, KpiResult, evaluate_targets, kpi
from lrc_rules.policies import get_policy

MINHANG22 = get_policy("minhang-2022")
PUJIN = get_policy("pujin-2024")


def ind(result: KpiResult, key: str) -> Indicator:
    return next(i for i in result.indicators if i.key == key)


def test_mediation_success_rate_75_percent_is_met_2_1() -> None:
    """二(一): 调解成功率不低于75% — 75/100 meets it, 749/1000 (74.9 %) does not."""
    met = kpi({"mediations_concluded": 100, "mediations_successful": 75}, MINHANG22)
    assert ind(met, "mediation_success_rate").met is True
    low = kpi({"mediations_concluded": 1000, "mediations_successful": 749}, MINHANG22)
    assert (ind(low, "mediation_success_rate").rate, ind(low, "mediation_success_rate").met) == (
        74.9,
        False,
    )


def test_every_indicator_with_its_target_and_formula() -> None:
    """Targets 75 / 70 / 92 / 100 / 100 and the pack's formulas."""
    counts = {
        "mediations_concluded": 10,
        "mediations_successful": 8,
        "disputes_received": 10,
        "disputes_pre_mediated": 7,
        "arbitration_accepted": 100,
        "arbitration_closed": 91,
        "inspection_closed": 20,
        "inspection_closed_on_time": 20,
        "wage_clues_closed": 5,
        "wage_clues_closed_on_time": 4,
    }
    r = kpi(counts, MINHANG22)
    got = {i.key: (i.rate, i.target, i.met) for i in r.indicators}
    assert got == {
        "mediation_success_rate": (80.0, 75.0, True),
        "pre_mediation_rate": (70.0, 70.0, True),
        "arbitration_closure_rate": (91.0, 92.0, False),
        "inspection_on_time_rate": (100.0, 100.0, True),
        "wage_clue_on_time_rate": (80.0, 100.0, False),
    }
    closure = ind(r, "arbitration_closure_rate")
    assert closure.formula == "arbitration_closed / arbitration_accepted × 100"
    assert closure.citation.doc == "闵人社发〔2022〕34号"
    assert r.policy == "minhang-2022" and len(r.trace) == 5


def test_no_data_is_neither_met_nor_missed() -> None:
    """A zero denominator or a count not given: met = None, rate = None."""
    r = kpi(
        {"mediations_concluded": 0, "mediations_successful": 0, "disputes_received": 5}, MINHANG22
    )
    assert ind(r, "mediation_success_rate").met is None
    assert ind(r, "pre_mediation_rate").rate is None and ind(r, "pre_mediation_rate").met is None


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        ({"mediations_concluded": 5, "mediations_successful": 6}, "counts.mediations_successful"),
        ({"mediations_concluded": -1}, "counts.mediations_concluded"),
        ({"cases": 1}, "counts.cases"),
    ],
)
def test_bad_counts_are_named(counts: dict[str, int], field: str) -> None:
    """More successes than mediations, negative or unknown counts are refused."""
    with pytest.raises(RuleInputError) as err:
        kpi(counts, MINHANG22)
    assert err.value.field == field


def test_pack_without_kpi_targets_names_policy() -> None:
    """wenshang-2024 sets no KPI targets."""
    with pytest.raises(RuleInputError) as err:
        kpi({}, get_policy("wenshang-2024"))
    assert err.value.field == "policy"


@settings(max_examples=150, deadline=None)
@given(den=st.integers(min_value=1, max_value=100_000), data=st.data())
def test_met_exactly_when_rate_reaches_75_percent(den: int, data: st.DataObject) -> None:
    """met ⇔ 100 × successes ≥ 75 × concluded (exact, no float rounding)."""
    num = data.draw(st.integers(min_value=0, max_value=den))
    r = ind(
        kpi({"mediations_concluded": den, "mediations_successful": num}, MINHANG22),
        "mediation_success_rate",
    )
    assert r.met == (100 * num >= 75 * den)


# --- pujin-2024 project targets ------------------------------------------------------------------


def outcome(measured: dict[str, float | str | None], metric: str) -> str:
    r = evaluate_targets(measured, PUJIN)
    return next(t.outcome for t in r.targets if t.metric == metric)


def test_cost_per_subsidized_case_at_most_260() -> None:
    """成本指标: “以案定补”个案补贴成本 ≤260 元/人/案."""
    assert outcome({"cost_per_subsidized_case": 260}, "cost_per_subsidized_case") == "met"
    assert outcome({"cost_per_subsidized_case": 260.5}, "cost_per_subsidized_case") == "not_met"


def test_subsidized_cases_at_least_76() -> None:
    """产出指标: 补贴案件数量 ≥76."""
    assert outcome({"subsidized_cases": 76}, "subsidized_cases") == "met"
    assert outcome({"subsidized_cases": 75}, "subsidized_cases") == "not_met"


def test_seven_publicity_events_meet_at_least_6_and_exceed_it_pujin_annual_target() -> None:
    """年度目标 “开展至少 6 场宣传普法活动”, table “=6.00(场)”: a =N quantity is met at N or more;
    7 events meet it and are reported as exceeded, 5 do not."""
    r = evaluate_targets({"publicity_events": 7}, PUJIN)
    t = next(t for t in r.targets if t.metric == "publicity_events")
    assert (t.outcome, t.exceeded) == ("met", True)
    assert outcome({"publicity_events": 6}, "publicity_events") == "met"
    assert outcome({"publicity_events": 5}, "publicity_events") == "not_met"


@pytest.mark.parametrize(
    ("metric", "n"),
    [("mediation_posts_built", 3), ("equipment_sets", 16), ("complaint_handling_rate", 100)],
)
def test_every_equals_n_quantity_target_is_met_at_n_or_more_pujin_table(
    metric: str, n: int
) -> None:
    assert outcome({metric: n}, metric) == "met"
    assert outcome({metric: n + 1}, metric) == "met"
    assert outcome({metric: n - 1}, metric) == "not_met"


def test_satisfaction_at_least_85_percent() -> None:
    """满意度指标: 劳动者满意度 ≥85%."""
    assert outcome({"worker_satisfaction": 85.0}, "worker_satisfaction") == "met"
    assert outcome({"worker_satisfaction": 84.9}, "worker_satisfaction") == "not_met"


@pytest.mark.parametrize(
    "metric",
    [
        "mediation_post_timeliness",
        "publicity_timeliness",
        "labor_relations_improvement",
        "long_term_mechanism",
    ],
)
def test_qualitative_targets_need_judgment(metric: str) -> None:
    """及时 / 同比提高 / 健全: a person judges them, whatever is measured."""
    assert outcome({metric: "及时"}, metric) == "needs_judgment"
    assert outcome({}, metric) == "needs_judgment"


def test_every_pujin_target_is_listed_with_its_citation() -> None:
    """20 targets from the table, all citing the project's performance table; unmeasured: no_data."""
    r = evaluate_targets({}, PUJIN)
    assert len(r.targets) == 20
    assert all(
        t.citation.doc == "浦锦街道劳动关系项目描述（2024年度，浦锦街道社区事务受理服务中心）"
        for t in r.targets
    )
    assert {t.outcome for t in r.targets} == {"no_data", "needs_judgment"}


def test_bad_measurements_are_named() -> None:
    """An unknown metric, or text for a number."""
    with pytest.raises(RuleInputError) as err:
        evaluate_targets({"happiness": 1}, PUJIN)
    assert err.value.field == "measured.happiness"
    with pytest.raises(RuleInputError) as err:
        evaluate_targets({"subsidized_cases": "many"}, PUJIN)
    assert err.value.field == "measured.subsidized_cases"
    with pytest.raises(RuleInputError) as err:
        evaluate_targets({}, MINHANG22)
    assert err.value.field == "policy"


def test_targets_outside_the_campaign_are_reference_targets_minhang_2022_1() -> None:
    """一、行动时间 2022年9月15日——2022年12月31日: the rates of 二 are the campaign's. A period inside
    it has no warning; 2025 (and the last campaign day plus one) are judged against the same
    targets with a warning naming the campaign; ``as_of`` alone stands for its day."""
    counts = {"mediations_concluded": 4, "mediations_successful": 3}
    inside = kpi(counts, MINHANG22, period=(dt.date(2022, 9, 15), dt.date(2022, 12, 31)))
    assert inside.warnings == () and ind(inside, "mediation_success_rate").met is True
    after = kpi(counts, PUJIN, dt.date(2025, 12, 31), (dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    (warning,) = after.warnings
    assert "闵人社发〔2022〕34号" in warning and "2022-09-15 – 2022-12-31" in warning
    assert ind(after, "mediation_success_rate").met is True
    straddling = kpi(counts, MINHANG22, period=(dt.date(2022, 12, 1), dt.date(2023, 1, 1)))
    assert len(straddling.warnings) == 1
    assert kpi(counts, MINHANG22, dt.date(2022, 12, 31)).warnings == ()
    assert len(kpi(counts, MINHANG22, dt.date(2023, 1, 1)).warnings) == 1
    assert kpi(counts, MINHANG22).warnings == ()  # no day given: nothing to judge
