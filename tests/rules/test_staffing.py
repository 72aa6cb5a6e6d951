"""Staffing minimums: 浙人社发〔2023〕18号 二(一); 闵人社发〔2023〕55号 二(一)3; 浦锦街道 2024 项目 四(一)1(3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.enterprise_size import EnterpriseMetrics
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy, PolicyRegistry, get_policy
from lrc_rules.staffing import StaffingInput, StaffingResult, StaffingUnit, UnitStaffing, assess

ZJ = get_policy("zhejiang-2023")
MH = get_policy("minhang-2023")
PJ = get_policy("pujin-2024")
ZJ_DOC = "浙人社发〔2023〕18号"


def one(unit: StaffingUnit, policy: Policy = ZJ, as_of: dt.date | None = None) -> UnitStaffing:
    return assess(StaffingInput((unit,), as_of), policy).units[0]


def field_of(
    units: tuple[StaffingUnit, ...], policy: Policy = ZJ, as_of: dt.date | None = None
) -> str:
    with pytest.raises(RuleInputError) as err:
        assess(StaffingInput(units, as_of), policy)
    return err.value.field


# --- zhejiang-2023 二(一) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "required"), [("large", 2), ("medium", 2), ("small", 1), ("micro", 1)]
)
def test_enterprise_minimum_by_size_2_1(size: str, required: int) -> None:
    """推动大中型企业配备至少2名劳动关系协调员，小微企业配备至少1名劳动关系协调员."""
    u = one(StaffingUnit("e", "enterprise", 0, size=size))
    assert (u.required, u.actual, u.shortfall) == (required, 0, required)
    assert u.citation is not None and u.citation.doc == ZJ_DOC and u.citation.part == "二(一)"
    assert u.qualified_required is None


def test_micro_enterprise_covered_by_the_platform_has_no_shortfall_2_1() -> None:
    """未配备或难以配备劳动关系协调员的微型企业由基层平台予以覆盖."""
    covered = one(StaffingUnit("e", "enterprise", 0, size="micro", platform_covered=True))
    assert covered.met_by_platform and covered.shortfall == 0 and covered.required == 1
    assert any("基层平台" in n for n in covered.notes)
    uncovered = one(StaffingUnit("e", "enterprise", 0, size="micro"))
    assert not uncovered.met_by_platform and uncovered.shortfall == 1


def test_platform_coverage_does_not_help_a_small_enterprise_2_1() -> None:
    u = one(StaffingUnit("e", "enterprise", 0, size="small", platform_covered=True))
    assert u.shortfall == 1 and not u.met_by_platform
    assert any("micro enterprises only" in n for n in u.notes)


def test_enterprise_metrics_are_classified_on_the_way_2_1() -> None:
    # 零售业 X ≥ 50 and Y ≥ 500 → 中型 → at least 2.
    result = assess(
        StaffingInput(
            (StaffingUnit("e", "enterprise", 1, metrics=EnterpriseMetrics("retail", 50, 500)),)
        ),
        ZJ,
    )
    u = result.units[0]
    assert (u.size, u.required, u.shortfall) == ("medium", 2, 1)
    step = next(s for s in result.trace if s.rule == "enterprise_size[e]")
    assert step.outcome == "medium" and "国统字〔2017〕213号" in str(step.citation)


def test_enterprise_inputs_missing_or_contradictory_name_the_field_2_1() -> None:
    assert field_of((StaffingUnit("e", "enterprise", 1),)) == "units[0].size"
    metrics = EnterpriseMetrics("industry", employees=500)
    assert field_of(
        (StaffingUnit("a", "village", 1), StaffingUnit("e", "enterprise", 1, metrics=metrics))
    ) == ("units[1].metrics.revenue_10k_yuan")
    both = StaffingUnit("e", "enterprise", 1, size="large", metrics=EnterpriseMetrics("other", 10))
    assert field_of((both,)) == "units[0].size"


@pytest.mark.parametrize("kind", ["park", "township", "subdistrict"])
@pytest.mark.parametrize(("load", "required"), [("many", 4), ("few", 2)])
def test_park_and_township_minimum_by_enterprise_load_2_1(
    kind: str, load: str, required: int
) -> None:
    """企业数较多的工业园区、乡镇(街道)建议配备至少4名，企业数较少的…配备至少2名."""
    u = one(StaffingUnit("t", kind, 3, enterprise_load=load))
    assert (u.required, u.shortfall) == (required, max(0, required - 3))


def test_enterprise_load_needed_when_the_pack_sets_no_threshold_2_1() -> None:
    """RULES §4 Choice: the source does not define 'many'; without a threshold the caller must say."""
    units = (
        StaffingUnit("c", "community", 1),
        StaffingUnit("t", "township", 3, enterprise_count=500),
    )
    assert field_of(units) == "units[1].enterprise_load"


@pytest.fixture(scope="module")
def zj_city(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    """A local pack extending zhejiang-2023 that sets many_enterprises_threshold = 50."""
    root: Path = tmp_path_factory.mktemp("packs")
    pack = root / "zj-city"
    pack.mkdir()
    (pack / "pack.toml").write_text(
        'id = "zj-city"\ntitle = "test city"\nextends = "zhejiang-2023"\nin_force_from = 2024-01-01\n',
        encoding="utf-8",
    )
    (pack / "staffing.toml").write_text(
        "[area.many_enterprises_threshold]\n"
        'description = "A city sets 50"\n'
        'citation = { doc = "test", status = "verified" }\n'
        "values = [{ from = 2024-01-01, value = 50 }]\n",
        encoding="utf-8",
    )
    return PolicyRegistry.load([root]).get("zj-city")


def test_threshold_from_a_local_pack_decides_many_or_few_2_1(zj_city: Policy) -> None:
    assert one(StaffingUnit("t", "township", 0, enterprise_count=50), zj_city).required == 4
    assert one(StaffingUnit("t", "township", 0, enterprise_count=49), zj_city).required == 2
    # a caller's explicit load wins over the count
    assert (
        one(
            StaffingUnit("t", "park", 0, enterprise_count=49, enterprise_load="many"), zj_city
        ).required
        == 4
    )
    assert field_of((StaffingUnit("t", "park", 0),), zj_city) == "units[0].enterprise_count"


@pytest.mark.parametrize("kind", ["community", "village"])
def test_each_community_or_village_needs_one_2_1(kind: str) -> None:
    """每个社区(村)配备至少1名."""
    assert (
        one(StaffingUnit("c", kind, 0)).shortfall,
        one(StaffingUnit("c", kind, 2)).shortfall,
    ) == (1, 0)


def test_shortfalls_roll_up_for_the_region_2_1() -> None:
    result = assess(
        StaffingInput(
            (
                StaffingUnit("big", "enterprise", 1, size="large"),
                StaffingUnit("tiny", "enterprise", 0, size="micro", platform_covered=True),
                StaffingUnit("town", "township", 1, enterprise_load="many"),
                StaffingUnit("v1", "village", 0),
                StaffingUnit("c1", "community", 3),
            )
        ),
        ZJ,
    )
    assert [u.shortfall for u in result.units] == [1, 0, 3, 1, 0]
    assert (result.total_required, result.total_actual, result.total_shortfall) == (
        2 + 1 + 4 + 1 + 1,
        5,
        5,
    )
    assert (
        result.trace[-1].rule == "total_shortfall" and result.trace[-1].outcome["coordinators"] == 5
    )
    assert result.policy == "zhejiang-2023"


# --- minhang-2023 二(一)3 and pujin-2024 ---------------------------------------------------------


def test_township_not_below_existing_assistants_plus_mediators_mh_2_1_3() -> None:
    """原则上不低于现有从事劳动保障监察协管工作和调解工作人员之和."""
    u = one(
        StaffingUnit(
            "t", "township", 7, qualified=1, existing_inspection_assistants=5, existing_mediators=4
        ),
        MH,
    )
    assert (u.required, u.shortfall) == (9, 2)
    assert (
        u.citation is not None
        and u.citation.doc == "闵人社发〔2023〕55号"
        and u.citation.clause == "3"
    )


def test_township_needs_one_qualified_and_two_are_recommended_mh_2_1_3() -> None:
    """并至少配备1-2名有劳动关系协调资质的工作人员 (Choice: 1 hard, 2 recommended)."""
    none = one(
        StaffingUnit(
            "t",
            "subdistrict",
            3,
            qualified=0,
            existing_inspection_assistants=2,
            existing_mediators=1,
        ),
        MH,
    )
    assert (none.qualified_required, none.qualified_recommended, none.qualified_shortfall) == (
        1,
        2,
        1,
    )
    one_q = one(
        StaffingUnit(
            "t",
            "subdistrict",
            3,
            qualified=1,
            existing_inspection_assistants=2,
            existing_mediators=1,
        ),
        MH,
    )
    assert one_q.qualified_shortfall == 0
    assert any("2 qualified staff recommended" in n for n in one_q.notes)
    # with no existing staff the one qualified person is still needed
    empty = one(
        StaffingUnit(
            "p", "park", 0, qualified=0, existing_inspection_assistants=0, existing_mediators=0
        ),
        MH,
    )
    assert (empty.required, empty.shortfall) == (1, 1)


def test_minhang_inputs_missing_name_the_field_mh_2_1_3() -> None:
    assert field_of((StaffingUnit("t", "township", 3, qualified=1, existing_mediators=1),), MH) == (
        "units[0].existing_inspection_assistants"
    )
    assert field_of(
        (StaffingUnit("t", "township", 3, existing_inspection_assistants=1, existing_mediators=1),),
        MH,
    ) == ("units[0].qualified")


def test_the_district_approved_headcount_is_a_minimum_mh_2_1_3() -> None:
    """区人力资源社会保障局负责核定街镇（莘庄工业区）人员数: the approved count binds when above the floor."""
    unit = StaffingUnit(
        "t",
        "township",
        8,
        qualified=2,
        existing_inspection_assistants=4,
        existing_mediators=2,
        approved_headcount=10,
    )
    u = one(unit, MH)
    assert (u.required, u.shortfall) == (10, 2)
    assert u.citation is not None and "核定" in (u.citation.note or "")
    assert {m.rule: m.required for m in u.minimums} == {
        "township_floor": 6,
        "approved_headcount": 10,
        "qualified_minimum": 1,
    }
    assert u.qualified_citation is not None and u.qualified_citation.clause == "3"
    # below the floor of existing staff, the floor still binds (原则上不低于…之和)
    low = one(
        StaffingUnit(
            "t",
            "township",
            8,
            qualified=2,
            existing_inspection_assistants=4,
            existing_mediators=5,
            approved_headcount=7,
        ),
        MH,
    )
    assert (low.required, low.shortfall) == (9, 1)


def test_without_an_approved_headcount_the_floor_still_holds_mh_2_1_3() -> None:
    u = one(
        StaffingUnit(
            "t", "township", 3, qualified=1, existing_inspection_assistants=2, existing_mediators=2
        ),
        MH,
    )
    assert (u.required, u.shortfall, u.missing) == (4, 1, ())
    assert any("核定人数" in n and "not checked" in n for n in u.notes)


def test_report_mode_lists_what_is_missing_and_judges_the_rest_mh_2_1_3() -> None:
    """Stored data: a township without its existing staff recorded still gets the qualified
    minimum (1) as a lower bound, and the result names what to record."""
    result = assess(
        StaffingInput((StaffingUnit("t", "township", 0, qualified=0),), on_missing="report"),
        MH,
    )
    u = result.units[0]
    assert (u.required, u.shortfall, u.qualified_shortfall) == (1, 1, 1)
    assert [m.split(":")[0] for m in u.missing] == [
        "existing_inspection_assistants",
        "existing_mediators",
        "approved_headcount",
    ]
    step = next(s for s in result.trace if s.rule == "staffing[t]")
    assert len(step.outcome["missing"]) == 3


def test_report_mode_without_an_enterprise_load_requires_the_lower_minimum_2_1() -> None:
    """企业数较多…至少4名，企业数较少…至少2名: not knowing which, at least 2 either way."""
    u = assess(StaffingInput((StaffingUnit("t", "township", 1),), on_missing="report"), ZJ).units[0]
    assert (u.required, u.shortfall) == (2, 1)
    assert u.citation is not None and "企业数较少" in (u.citation.note or "")
    assert u.missing and u.missing[0].startswith("enterprise_load")
    assert any("4 if it has many" in n for n in u.notes)


def test_report_mode_an_enterprise_of_unknown_size_needs_one_either_way_2_1() -> None:
    """大中型企业…至少2名，小微企业…至少1名: of unknown size, at least 1 whatever it is."""
    u = assess(StaffingInput((StaffingUnit("e", "enterprise", 0),), on_missing="report"), ZJ).units[
        0
    ]
    assert (u.required, u.shortfall, u.size) == (1, 1, None)
    assert u.missing[0].startswith("size")


def test_on_missing_is_raise_or_report() -> None:
    with pytest.raises(RuleInputError) as err:
        assess(StaffingInput((StaffingUnit("v", "village", 1),), on_missing="guess"), ZJ)
    assert err.value.field == "on_missing"


def test_kinds_the_pack_sets_nothing_for_need_zero_mh() -> None:
    u = one(StaffingUnit("e", "enterprise", 0), MH)
    assert (u.required, u.shortfall, u.citation) == (0, 0, None)
    assert "sets no staffing minimum" in u.notes[0]


def test_pujin_headcount_of_15_pj_4_1_1_3() -> None:
    """拟定劳动关系协调员数量 15 人（原 15 人，含社工 6 人，协管 9 人）."""
    u = one(
        StaffingUnit(
            "pj",
            "subdistrict",
            12,
            qualified=4,
            existing_inspection_assistants=6,
            existing_mediators=3,
        ),
        PJ,
        dt.date(2024, 6, 30),
    )
    assert (u.required, u.shortfall) == (15, 3)
    assert (
        u.citation is not None
        and u.citation.doc == "浦锦街道劳动关系项目描述（2024年度，浦锦街道社区事务受理服务中心）"
    )
    assert any("6 social workers + 9 assistants" in n for n in u.notes)
    assert u.qualified_required == 1 and u.qualified_shortfall == 0
    assert any("full qualification coverage due from 2026-01-01: 4 of 12" in n for n in u.notes)


def test_pujin_full_qualification_coverage_after_two_years_pj_4_1_1_3() -> None:
    """2 年内实现人员劳动关系协调资质全覆盖 (Choice: due from 2026-01-01)."""
    unit = StaffingUnit(
        "pj", "subdistrict", 15, qualified=9, existing_inspection_assistants=9, existing_mediators=6
    )
    before = one(unit, PJ, dt.date(2025, 12, 31))
    after = one(unit, PJ, dt.date(2026, 1, 1))
    assert (before.qualified_required, before.qualified_shortfall) == (1, 0)
    assert (after.qualified_required, after.qualified_shortfall) == (15, 6)
    assert after.shortfall == 0
    assert field_of((unit,), PJ) == "as_of"


def test_pujin_full_coverage_cites_the_pujin_target_not_the_55_floor_pj_4_1_1_3() -> None:
    """Once 资质全覆盖 is due, the qualified requirement (15 of 15) is set by 浦锦 四(一)1(3), not by
    闵人社发〔2023〕55号's 1-2名 floor: the result cites the rule that set the number."""
    unit = StaffingUnit(
        "pj", "subdistrict", 15, qualified=9, existing_inspection_assistants=9, existing_mediators=6
    )
    before = one(unit, PJ, dt.date(2025, 12, 31))
    after = one(unit, PJ, dt.date(2026, 1, 1))
    assert before.qualified_citation is not None and after.qualified_citation is not None
    assert before.qualified_citation.doc == "闵人社发〔2023〕55号"
    assert after.qualified_citation.doc.startswith("浦锦街道劳动关系项目描述")
    assert (after.qualified_citation.part, after.qualified_citation.clause) == ("四(一)", "1(3)")


def test_pack_without_staffing_rules_is_a_policy_error() -> None:
    for pack in ("national", "wenshang-2024", "minhang-2022"):
        with pytest.raises(MissingParameterError) as err:
            assess(StaffingInput((StaffingUnit("v", "village", 1),)), get_policy(pack))
        assert err.value.path == "staffing"


def test_before_the_pack_is_in_force_there_are_no_values() -> None:
    with pytest.raises(MissingParameterError):
        assess(StaffingInput((StaffingUnit("v", "village", 1),), dt.date(2023, 6, 29)), ZJ)
    assert (
        assess(
            StaffingInput((StaffingUnit("v", "village", 1),), dt.date(2023, 6, 30)), ZJ
        ).total_shortfall
        == 0
    )


@pytest.mark.parametrize(
    ("units", "field"),
    [
        ((StaffingUnit("a", "village", 1), StaffingUnit("a", "village", 1)), "units[1].id"),
        ((StaffingUnit("", "village", 1),), "units[0].id"),
        ((StaffingUnit("a", "county", 1),), "units[0].kind"),
        ((StaffingUnit("a", "village", -1),), "units[0].coordinators"),
        ((StaffingUnit("a", "village", 1, qualified=2),), "units[0].qualified"),
        ((StaffingUnit("a", "enterprise", 1, size="huge"),), "units[0].size"),
        ((StaffingUnit("a", "park", 1, enterprise_load="lots"),), "units[0].enterprise_load"),
    ],
)
def test_bad_units_name_the_field(units: tuple[StaffingUnit, ...], field: str) -> None:
    assert field_of(units) == field


sizes = st.sampled_from(["large", "medium", "small", "micro"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(sizes, st.integers(0, 5), st.booleans()), min_size=1, max_size=20))
def test_shortfall_is_required_minus_actual_and_totals_add_up(
    rows: list[tuple[str, int, bool]],
) -> None:
    units = tuple(
        StaffingUnit(f"e{i}", "enterprise", n, size=s, platform_covered=cov)
        for i, (s, n, cov) in enumerate(rows)
    )
    result: StaffingResult = assess(StaffingInput(units), ZJ)
    for u in result.units:
        expected = 0 if u.met_by_platform else max(0, u.required - u.actual)
        assert u.shortfall == expected
        assert u.met_by_platform == (
            u.size == "micro" and u.actual == 0 and bool(units[int(u.id[1:])].platform_covered)
        )
    assert result.total_shortfall == sum(u.shortfall for u in result.units)
