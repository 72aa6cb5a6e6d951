"""Service obligations: 浙人社发〔2023〕18号 二(三) 岗位责任制; 闵人社发〔2023〕55号 二(三)5;
汶政字〔2024〕59号 三(四), 三(六)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.obligations import (
    ActivityRecord,
    EnterpriseCoordinator,
    Obligation,
    ObligationsInput,
    ObligationsResult,
    calendar,
    windows,
)
from lrc_rules.policies import Policy, get_policy

D = dt.date
ZJ = get_policy("zhejiang-2023")
MH = get_policy("minhang-2023")
WS = get_policy("wenshang-2024")
ECS = (
    EnterpriseCoordinator("ec1", "ent1"),
    EnterpriseCoordinator("ec2", "ent1"),
    EnterpriseCoordinator("ec3", "ent2"),
)


def run(
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    activities: tuple[ActivityRecord, ...] = (),
    policy: Policy = ZJ,
    task_forces: tuple[str, ...] = (),
) -> ObligationsResult:
    return calendar(ObligationsInput(start, end, as_of, ECS, task_forces, activities), policy)


def pick(result: ObligationsResult, name: str, target: str | None = None) -> list[Obligation]:
    return [
        o
        for o in result.obligations
        if o.obligation == name and (target is None or o.target_id == target)
    ]


def contact(on: dt.date, target: str) -> ActivityRecord:
    return ActivityRecord("contact", on, "town1", target)


# --- zhejiang-2023 二(三) 岗位责任制 ----------------------------------------------------------------


def test_a_month_with_no_contact_is_missed_zj_2_3() -> None:
    """每月至少与辖区内企业劳动关系协调员联络一次."""
    acts = (contact(D(2024, 1, 10), "ec1"), contact(D(2024, 3, 2), "ec1"))
    result = run(D(2024, 1, 1), D(2024, 3, 31), D(2024, 4, 1), acts)
    ec1 = pick(result, "enterprise_contact", "ec1")
    assert [(o.window_start, o.status) for o in ec1] == [
        (D(2024, 1, 1), "done"),
        (D(2024, 2, 1), "missed"),
        (D(2024, 3, 1), "done"),
    ]
    assert ec1[0].fulfilled_by == 0 and ec1[0].fulfilled_on == D(2024, 1, 10)
    assert ec1[1].due_on == D(2024, 2, 29) and ec1[1].fulfilled_by is None  # leap February
    assert ec1[1].citation.doc == "浙人社发〔2023〕18号" and ec1[1].citation.clause == "岗位责任制"
    # ec2 and ec3 were never contacted: three missed months each
    assert [o.status for o in pick(result, "enterprise_contact", "ec2")] == ["missed"] * 3
    assert len(pick(result, "enterprise_contact")) == 3 * 3


def test_the_current_month_is_open_until_its_last_day_zj_2_3() -> None:
    result = run(D(2024, 5, 1), D(2024, 7, 31), D(2024, 5, 31))
    statuses = [o.status for o in pick(result, "enterprise_contact", "ec3")]
    assert statuses == ["open", "open", "open"]
    assert [
        o.status
        for o in pick(
            run(D(2024, 5, 1), D(2024, 5, 31), D(2024, 6, 1)), "enterprise_contact", "ec3"
        )
    ] == ["missed"]


def test_a_contact_counts_only_for_the_coordinator_it_names_zj_2_3() -> None:
    result = run(D(2024, 1, 1), D(2024, 1, 31), D(2024, 2, 1), (contact(D(2024, 1, 5), "ec2"),))
    assert [o.status for o in pick(result, "enterprise_contact")] == ["missed", "done", "missed"]


def test_quarterly_on_site_guidance_is_owed_per_enterprise_zj_2_3() -> None:
    """每季度定期实地指导服务一次 — two coordinators of ent1 make one instance."""
    visit = ActivityRecord("onsite_visit", D(2024, 5, 20), "town1", "ent1")
    result = run(D(2024, 4, 1), D(2024, 9, 30), D(2024, 10, 1), (visit,))
    onsite = pick(result, "onsite_guidance")
    assert [(o.target_id, o.window_start, o.due_on, o.status) for o in onsite] == [
        ("ent1", D(2024, 4, 1), D(2024, 6, 30), "done"),
        ("ent2", D(2024, 4, 1), D(2024, 6, 30), "missed"),
        ("ent1", D(2024, 7, 1), D(2024, 9, 30), "missed"),
        ("ent2", D(2024, 7, 1), D(2024, 9, 30), "missed"),
    ]


def test_yearly_county_guidance_per_enterprise_coordinator_zj_2_3() -> None:
    """县(市、区)人力社保局…每年至少对企业劳动关系协调员工作进行一次指导服务."""
    guide = ActivityRecord("county_guidance", D(2024, 11, 3), "county1", "ec3")
    result = run(D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1), (guide,))
    county = pick(result, "county_guidance")
    assert [(o.target_id, o.due_on, o.status) for o in county] == [
        ("ec1", D(2024, 12, 31), "missed"),
        ("ec2", D(2024, 12, 31), "missed"),
        ("ec3", D(2024, 12, 31), "done"),
    ]


def test_windows_overlapping_the_period_are_whole_calendar_windows_zj_2_3() -> None:
    # A contact on 3 March counts for March even though the period starts on 15 March.
    result = run(D(2024, 3, 15), D(2024, 4, 10), D(2024, 4, 30), (contact(D(2024, 3, 3), "ec1"),))
    ec1 = pick(result, "enterprise_contact", "ec1")
    assert [(o.window_start, o.window_end, o.status) for o in ec1] == [
        (D(2024, 3, 1), D(2024, 3, 31), "done"),
        (D(2024, 4, 1), D(2024, 4, 30), "open"),
    ]


def test_windows_before_the_document_is_in_force_are_not_owed_zj_4() -> None:
    """本意见自2023年6月30日起施行: June 2023 owes nothing, July does."""
    result = run(D(2023, 6, 1), D(2023, 7, 31), D(2023, 8, 1))
    months = {o.window_start for o in pick(result, "enterprise_contact")}
    assert months == {D(2023, 7, 1)}
    assert {o.window_start for o in pick(result, "onsite_guidance")} == {D(2023, 7, 1)}
    assert pick(result, "county_guidance") == []  # the 2023 year window starts before 30 June


def test_a_contact_without_a_target_names_the_field_zj_2_3() -> None:
    acts = (contact(D(2024, 1, 2), "ec1"), ActivityRecord("contact", D(2024, 1, 3), "town1"))
    with pytest.raises(RuleInputError) as err:
        run(D(2024, 1, 1), D(2024, 1, 31), D(2024, 2, 1), acts)
    assert err.value.field == "activities[1].target_id"


# --- minhang-2023 二(三)5 --------------------------------------------------------------------------


def test_district_training_at_least_once_a_quarter_mh_2_3_5() -> None:
    """区人力资源社会保障局负责…日常业务指导培训（每季度至少1次）."""
    training = ActivityRecord("training", D(2024, 2, 14), "district")
    result = run(D(2024, 1, 1), D(2024, 9, 30), D(2024, 8, 1), (training,), MH)
    assert [(o.window_start, o.target_id, o.status) for o in result.obligations] == [
        (D(2024, 1, 1), None, "done"),
        (D(2024, 4, 1), None, "missed"),
        (D(2024, 7, 1), None, "open"),
    ]
    assert (result.done, result.late, result.missed, result.open) == (1, 0, 1, 1)
    assert result.obligations[0].citation.doc == "闵人社发〔2023〕55号"
    assert [s.rule for s in result.trace] == ["district_training"]


def test_pujin_inherits_the_district_training_from_minhang() -> None:
    result = run(D(2024, 1, 1), D(2024, 3, 31), D(2024, 4, 1), (), get_policy("pujin-2024"))
    assert [o.obligation for o in result.obligations] == ["district_training"]


# --- wenshang-2024 三(六) monthly report, 三(四) placements ------------------------------------------


def report(on: dt.date, task_force: str = "tf1") -> ActivityRecord:
    return ActivityRecord("monthly_report", on, "liaison", task_force)


def test_monthly_report_by_the_20th_ws_3_6() -> None:
    """于每月 20 日前报县人力资源和社会保障局 (Choice: the 20th is in time)."""
    acts = (report(D(2024, 9, 20)), report(D(2024, 10, 21)))
    result = run(D(2024, 9, 1), D(2024, 12, 31), D(2024, 12, 5), acts, WS, ("tf1", "tf2"))
    tf1 = pick(result, "monthly_report", "tf1")
    assert [(o.due_on, o.status) for o in tf1] == [
        (D(2024, 9, 20), "done"),
        (D(2024, 10, 20), "late"),
        (D(2024, 11, 20), "missed"),
        (D(2024, 12, 20), "open"),
    ]
    assert tf1[1].fulfilled_by == 1 and "after the due day 2024-10-20" in tf1[1].detail
    assert [o.status for o in pick(result, "monthly_report", "tf2")] == [
        "missed",
        "missed",
        "missed",
        "open",
    ]


def test_reports_owed_from_the_first_month_after_issue_ws() -> None:
    """汶政字〔2024〕59号 was issued on 2024-07-29: July 2024 owes no report, August does."""
    result = run(D(2024, 7, 1), D(2024, 8, 31), D(2024, 9, 1), (), WS, ("tf1",))
    assert [o.window_start for o in pick(result, "monthly_report")] == [D(2024, 8, 1)]


@pytest.mark.parametrize(
    ("start", "days", "as_of", "status"),
    [
        (D(2024, 9, 2), 14, D(2024, 12, 1), "done"),  # 不少于2个周
        (D(2024, 9, 2), 21, D(2024, 12, 1), "done"),
        (D(2024, 9, 2), 13, D(2024, 12, 1), "missed"),
        (D(2024, 11, 25), 14, D(2024, 12, 1), "open"),  # still running
    ],
)
def test_placements_last_at_least_two_weeks_ws_3_4(
    start: dt.date, days: int, as_of: dt.date, status: str
) -> None:
    """组织企业一线劳动关系协调员…参加不少于2个周的“以干代训”提升活动 (Choice: 14 calendar days)."""
    act = ActivityRecord("placement", start, "ec9", "bureau", days, evaluated=True)
    [placement] = pick(run(D(2024, 8, 1), D(2024, 12, 31), as_of, (act,), WS), "placement")
    assert placement.status == status
    assert placement.due_on == start + dt.timedelta(days=13)
    assert placement.window_end == start + dt.timedelta(days=days - 1)
    assert (placement.required, placement.count, placement.target_id) == (14, days, "ec9")
    assert placement.fulfilled_by == (0 if status == "done" else None)


@pytest.mark.parametrize(
    ("evaluated", "status", "said"),
    [(True, "done", "evaluated"), (False, "missed", "ended without"), (None, "open", "waiting")],
)
def test_a_placement_is_done_once_evaluated_ws_3_4(
    evaluated: bool | None, status: str, said: str
) -> None:
    """…并对“以干代训”期间协调员表现作出综合评价: a long-enough, ended placement is done only with
    its evaluation; stated missing it is missed, not stated it stays open."""
    act = ActivityRecord("placement", D(2024, 9, 2), "ec9", "bureau", 14, evaluated=evaluated)
    [placement] = pick(run(D(2024, 8, 1), D(2024, 12, 31), D(2024, 12, 1), (act,), WS), "placement")
    assert placement.status == status
    assert said in placement.detail


def test_evaluation_required_belongs_to_placements_only() -> None:
    """A pack that asks a periodic obligation for an evaluation is malformed, and says so."""
    param = MH.parameter("obligations.district_training")
    table = {**param.current, "evaluation_required": True}
    bad = dataclasses.replace(
        MH,
        parameters={
            **MH.parameters,
            param.path: dataclasses.replace(param, values=((D(2023, 7, 28), table),)),
        },
    )
    with pytest.raises(MissingParameterError) as err:
        run(D(2024, 1, 1), D(2024, 1, 31), D(2024, 2, 1), (), bad)
    assert "evaluation_required" in str(err.value)


def test_a_placement_without_days_names_the_field_ws_3_4() -> None:
    with pytest.raises(RuleInputError) as err:
        run(
            D(2024, 8, 1),
            D(2024, 8, 31),
            D(2024, 9, 1),
            (ActivityRecord("placement", D(2024, 8, 5), "ec9"),),
            WS,
        )
    assert err.value.field == "activities[0].days"


# --- validation and packs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "acts", "field"),
    [
        (D(2024, 2, 1), D(2024, 1, 31), (), "period_end"),
        (D(2024, 1, 1), D(2024, 1, 31), (contact(D(2024, 3, 1), "ec1"),), "activities[0].on"),
        (
            D(2024, 1, 1),
            D(2024, 1, 31),
            (ActivityRecord("phone", D(2024, 1, 2), "x", "ec1"),),
            "activities[0].kind",
        ),
        (
            D(2024, 1, 1),
            D(2024, 1, 31),
            (ActivityRecord("contact", D(2024, 1, 2), "x", "ec1", 0),),
            "activities[0].days",
        ),
    ],
)
def test_bad_inputs_name_the_field(
    start: dt.date, end: dt.date, acts: tuple[ActivityRecord, ...], field: str
) -> None:
    with pytest.raises(RuleInputError) as err:
        run(start, end, D(2024, 2, 15), acts)
    assert err.value.field == field


def test_duplicate_ids_name_the_field() -> None:
    dup = (EnterpriseCoordinator("a", "e"), EnterpriseCoordinator("a", "f"))
    with pytest.raises(RuleInputError) as err:
        calendar(ObligationsInput(D(2024, 1, 1), D(2024, 1, 31), D(2024, 2, 1), dup), ZJ)
    assert err.value.field == "enterprise_coordinators[1].id"
    with pytest.raises(RuleInputError) as err:
        calendar(
            ObligationsInput(D(2024, 1, 1), D(2024, 1, 31), D(2024, 2, 1), (), ("t", "u", "t")), WS
        )
    assert err.value.field == "task_forces[2]"


def test_a_pack_without_obligations_is_a_policy_error() -> None:
    with pytest.raises(MissingParameterError) as err:
        run(D(2024, 1, 1), D(2024, 1, 31), D(2024, 2, 1), (), get_policy("national"))
    assert err.value.path == "obligations"


def test_calendar_windows() -> None:
    assert windows("month", D(2024, 1, 31), D(2024, 3, 1)) == [
        (D(2024, 1, 1), D(2024, 1, 31)),
        (D(2024, 2, 1), D(2024, 2, 29)),
        (D(2024, 3, 1), D(2024, 3, 31)),
    ]
    assert windows("quarter", D(2024, 11, 5), D(2025, 1, 1)) == [
        (D(2024, 10, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 3, 31)),
    ]
    assert windows("year", D(2023, 6, 30), D(2024, 1, 1)) == [
        (D(2023, 1, 1), D(2023, 12, 31)),
        (D(2024, 1, 1), D(2024, 12, 31)),
    ]


# --- properties ---------------------------------------------------------------------------------

days_2024 = st.dates(min_value=D(2024, 1, 1), max_value=D(2024, 12, 31))
acts = st.lists(st.builds(contact, days_2024, st.sampled_from(["ec1", "ec2", "ec3"])), max_size=15)


@settings(max_examples=100, deadline=None)
@given(acts, st.builds(contact, days_2024, st.sampled_from(["ec1", "ec2", "ec3"])), days_2024)
def test_an_extra_activity_never_undoes_an_obligation_zj_2_3(
    base: list[ActivityRecord], extra: ActivityRecord, end: dt.date
) -> None:
    as_of = D(2025, 1, 1)
    before = run(D(2024, 1, 1), end, as_of, tuple(base))
    after = run(D(2024, 1, 1), end, as_of, (*base, extra))
    months = len(windows("month", D(2024, 1, 1), end))
    assert len(pick(before, "enterprise_contact")) == months * len(ECS)
    assert after.done >= before.done and after.missed <= before.missed
    for b, a in zip(before.obligations, after.obligations, strict=True):
        assert (b.obligation, b.target_id, b.window_start) == (
            a.obligation,
            a.target_id,
            a.window_start,
        )
        if b.status == "done":
            assert a.status == "done"
