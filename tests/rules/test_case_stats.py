"""Case outcomes (结案方式), the packs' count rules, the weekly report's figures, the warning
window — 闵人社发〔2022〕34号 二, 三, 四(一)2 — and the case-subsidy ledger (闵人社发〔2023〕55号
二(三)2(1); 浦锦 2024 targets and budget line)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules import case_outcomes, case_stats, subsidy_ledger
from lrc_rules.calendar import WorkCalendar
from lrc_rules.case_timeline import PROCEDURES
from lrc_rules.errors import RuleInputError
from lrc_rules.policies import PolicyRegistry, get_policy
from tests.rules.test_policies import write_pack

D = dt.date
MINHANG = get_policy("minhang-2023")
PUJIN = get_policy("pujin-2024")
CAL = WorkCalendar()


# --- outcomes --------------------------------------------------------------------------------------


def test_every_procedure_ends_withdrawn_or_transferred_and_its_own_ways() -> None:
    """调解仲裁法 第十四条、第四十一条至第四十三条; 劳动保障监察条例 第十八条: each procedure's ways."""
    assert set(case_outcomes.CONCLUSIONS) == set(PROCEDURES)
    for procedure in PROCEDURES:
        assert case_outcomes.conclusions_for(procedure, "withdrawn") == ("withdrawn",)
        assert case_outcomes.conclusions_for(procedure, "transferred") == ("transferred",)
    assert case_outcomes.conclusions_for("mediation", "mediated") == ("agreement", "no_agreement")
    assert case_outcomes.conclusions_for("mediation", "awarded") == ()
    assert case_outcomes.conclusions_for("arbitration", "mediated") == ("arbitral_mediation",)
    assert case_outcomes.concluding_statuses("inspection") == (
        "awarded",
        "withdrawn",
        "transferred",
    )
    assert case_outcomes.conclusions_for("nonsense", "mediated") == ()


def test_every_code_has_a_chinese_name() -> None:
    """The vocabulary table names each conclusion, timeliness and indicator once, in Chinese."""
    assert set(case_outcomes.CONCLUSION_NAMES) == set(case_outcomes.CONCLUSION_CODES)
    assert tuple(case_outcomes.TIMELINESS_NAMES) == case_outcomes.TIMELINESS
    for terms in case_outcomes.OUTCOME_VOCABULARY.values():
        codes = [t.code for t in terms]
        assert len(codes) == len(set(codes))
        assert all(t.name and any("\u4e00" <= ch <= "\u9fff" for ch in t.name) for t in terms)
    assert set(case_outcomes.INDICATOR_NAMES) == set(MINHANG.under("kpi.indicators"))


def test_timeliness_follows_the_main_deadline_status() -> None:
    assert [case_outcomes.timeliness_of(s) for s in ("met", "late", "open", "overdue", None)] == [
        "on_time",
        "late",
        None,
        None,
        None,
    ]


# --- count rules and the weekly report -------------------------------------------------------------


def test_minhang_2022_counts_are_subsets_of_their_denominators_2() -> None:
    """Each indicator's numerator selects within its denominator (same procedures and period,
    narrower conditions): no rate above 100 %."""
    rules = case_stats.count_rules(MINHANG, D(2025, 6, 30))
    for num, den in case_stats.indicator_counts(MINHANG, D(2025, 6, 30)).values():
        n, d = rules[num], rules[den]
        assert set(n.procedures) <= set(d.procedures) and n.period == d.period, (num, den)
        assert d.conclusions is None or set(n.conclusions or ()) <= set(d.conclusions)
        assert d.timeliness is None or set(n.timeliness or ()) <= set(d.timeliness)
    assert rules["disputes_pre_mediated"].concluded_by_end
    assert rules["cases_in_progress"].procedures == PROCEDURES


def test_packs_without_count_rules_say_so() -> None:
    with pytest.raises(RuleInputError, match=r"kpi\.counts") as err:
        case_stats.count_rules(get_policy("wenshang-2024"), D(2025, 1, 1))
    assert err.value.field == "policy"
    with pytest.raises(RuleInputError, match="only from 2022-09-15"):
        case_stats.count_rules(MINHANG, D(2022, 9, 14))
    with pytest.raises(RuleInputError, match=r"kpi\.weekly"):
        case_stats.weekly_items(get_policy("zhejiang-2023"), D(2025, 1, 1))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('{ period = "someday" }', "period"),
        ('{ period = "received", procedures = ["court"] }', "'court' is not one of"),
        ('{ period = "received", conclusions = [] }', "non-empty"),
        ('{ period = "received", timeliness = ["soon"] }', "'soon'"),
        ('{ period = "received", concluded_by_end = "yes" }', "true or false"),
        ('{ period = "received", colour = "red" }', "unknown keys"),
    ],
)
def test_a_malformed_count_rule_is_named(tmp_path: Path, value: str, message: str) -> None:
    """A deployment's pack that writes a count badly gets an error naming the parameter."""
    write_pack(
        tmp_path,
        "bad-counts",
        {
            "kpi": "[counts.broken]\n"
            'description = "x"\ncitation = { doc = "测试", status = "local_practice" }\n'
            f"value = {value}\n"
        },
    )
    policy = PolicyRegistry.load([tmp_path]).get("bad-counts")
    with pytest.raises(RuleInputError, match=message) as err:
        case_stats.count_rules(policy, D(2025, 1, 1))
    assert err.value.rule == "kpi.counts.broken"


def test_weekly_items_in_the_documents_order_4_1_2() -> None:
    """四(一)2: 在办案件数、先行调解率、结案率 — in that order, as the pack orders them."""
    items = case_stats.weekly_items(MINHANG, D(2025, 6, 15))
    assert [i.label for i in items] == ["在办案件数", "先行调解率", "结案率"]
    assert case_stats.needed_counts(items) == (
        "cases_in_progress",
        "disputes_pre_mediated",
        "disputes_received",
        "cases_concluded",
        "cases_handled",
    )
    figures = case_stats.report_figures(
        {
            "cases_in_progress": 12,
            "disputes_pre_mediated": 7,
            "disputes_received": 10,
            "cases_concluded": 0,
            "cases_handled": 0,
        },
        items,
    )
    assert [(f.value, f.rate) for f in figures] == [(12, None), (None, 70.0), (None, None)]
    with pytest.raises(RuleInputError, match="not counted"):
        case_stats.report_figures({"cases_in_progress": 1}, items)


def test_rates_round_to_two_decimals_and_refuse_negative_counts() -> None:
    assert case_stats.rate(2, 3) == 66.67 and case_stats.rate(0, 0) is None
    with pytest.raises(RuleInputError):
        case_stats.rate(-1, 3)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(2008, 5, 1), max_value=D(2026, 12, 20)))
def test_warning_horizon_is_the_last_day_still_due_soon_3(as_of: dt.date) -> None:
    """三 (cases near their limit first): the window of `deadlines.status.due_soon_working_days`
    (3 working days) holds every day up to the horizon and none after it — from the day the
    national pack's value is in force (2008-05-01, 劳动争议调解仲裁法)."""
    horizon, window = case_stats.warning_horizon(CAL, as_of, MINHANG)
    assert window == 3 and horizon > as_of
    assert CAL.working_days_between(as_of, horizon).days <= window
    assert CAL.working_days_between(as_of, horizon + dt.timedelta(days=1)).days == window + 1


# --- the subsidy ledger ----------------------------------------------------------------------------


def test_qualifying_cases_are_the_packs_choice_55_2_3_2() -> None:
    rule = subsidy_ledger.qualifying_rule(PUJIN, D(2025, 1, 1))
    assert rule.procedures == ("mediation", "enterprise_mediation", "arbitration")
    assert "withdrawn" not in rule.conclusions and rule.roles == ("lead", "assist")
    with pytest.raises(RuleInputError, match="以案定补"):
        subsidy_ledger.qualifying_rule(get_policy("wenshang-2024"), D(2025, 1, 1))


def line(identity: str, cases: int, policy: object = PUJIN) -> subsidy_ledger.LedgerLine:
    entry = subsidy_ledger.CoordinatorCases(1, identity, cases)
    return subsidy_ledger.ledger_line(entry, policy, D(2025, 6, 30))  # type: ignore[arg-type]


def rate_pack(tmp_path: Path, rate: int) -> object:
    write_pack(
        tmp_path,
        "rate",
        {
            "money": "[case_subsidy.amount_per_case]\n"
            'description = "x"\ncitation = { doc = "沪人社仲〔2022〕22号", status = "unverified" }\n'
            f"value = {rate}\n"
        },
        extends="pujin-2024",
    )
    return PolicyRegistry.load([tmp_path]).get("rate")


def test_ineligible_identities_get_nothing_and_unknown_rates_no_amount_55_2_3_2() -> None:
    """二(三)2(1): 公务员、事业编制、社区工作者 may not receive it; without the municipal rate in the
    pack the amount is unknown, with the reason."""
    assert (line("civil_servant", 3).eligible, line("civil_servant", 3).amount) == (False, 0)
    unknown = line("assistant", 3)
    assert unknown.eligible and unknown.amount is None and "沪人社仲〔2022〕22号" in unknown.reason


def test_the_260_indicator_never_cuts_pay_but_is_reported_exceeded(tmp_path: Path) -> None:
    """RULES.md §9 / 浦锦 2024: 3 cases at 300 元 are 900 元 paid; cost per case 300 > 260 is
    not met and warned; 76 subsidized cases met; 20,000 元 budget line exceeded at 23,100."""
    policy = rate_pack(tmp_path, 300)
    paid = line("assistant", 3, policy)
    assert (paid.amount_per_case, paid.amount) == (Decimal(300), Decimal(900))
    lines = [line("lawyer", 77, policy), line("community_worker", 5, policy)]
    totals = subsidy_ledger.ledger_totals(lines, 76, policy, D(2024, 12, 31))  # type: ignore[arg-type]
    assert (totals.amount, totals.cost_per_case, totals.paid_person_cases) == (
        Decimal(23100),
        Decimal(300),
        77,
    )
    assert (totals.budget, totals.within_budget, totals.budget_remaining) == (
        Decimal(20000),
        False,
        Decimal(-3100),
    )
    outcomes = {t.metric: t.outcome for t in totals.targets}
    assert outcomes == {"cost_per_subsidized_case": "not_met", "subsidized_cases": "met"}
    assert any("paid as the rate says" in w for w in totals.warnings)
    assert any("exceeds the budget line" in w for w in totals.warnings)


def test_totals_refuse_more_subsidized_cases_than_paid_ones() -> None:
    with pytest.raises(RuleInputError, match="cannot exceed"):
        subsidy_ledger.ledger_totals([line("assistant", 2)], 3, PUJIN, D(2025, 1, 1))
    empty = subsidy_ledger.ledger_totals([], 0, MINHANG, D(2025, 1, 1))
    assert empty.targets == () and empty.budget is None and empty.amount == 0
