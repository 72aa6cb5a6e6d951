"""Qualification levels: 汶政字〔2024〕59号 附件1 §5 (5.1 四级 … 5.4 一级), clause by clause."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.errors import RuleInputError
from lrc_rules.policies import get_policy
from lrc_rules.qualification import (
    Certificate,
    ClauseResult,
    Education,
    QualificationInput,
    QualificationResult,
    WorkPeriod,
    count_work_days,
    evaluate,
)

D = dt.date
DAY = dt.timedelta(days=1)
POLICY = get_policy("wenshang-2024")
NONE = Education("high_school", False, "graduated")
BACHELOR = Education("bachelor", True, "graduated")


def run(
    as_of: dt.date,
    education: Education = NONE,
    certificates: tuple[Certificate, ...] = (),
    periods: tuple[WorkPeriod, ...] = (),
) -> QualificationResult:
    return evaluate(QualificationInput(as_of, education, certificates, periods), POLICY)


def clause(result: QualificationResult, name: str) -> ClauseResult:
    return next(c for lv in result.levels for c in lv.clauses if c.clause == name)


def eligible(result: QualificationResult, level: int) -> bool:
    return next(lv.eligible for lv in result.levels if lv.level == level)


def cert(level: int, on: dt.date) -> Certificate:
    return Certificate(level=level, obtained_on=on)


def since(start: dt.date, days: int) -> tuple[dt.date, tuple[WorkPeriod, ...]]:
    """An open period from ``start`` judged on the day that makes exactly ``days`` days."""
    return start + (days - 1) * DAY, (WorkPeriod(start),)


# --- 5.1 四级 ---------------------------------------------------------------------------------


def test_four_calendar_years_end_the_day_before_the_anniversary_5_1_1_civil_code_202() -> None:
    """民法典 第二百零二条: work from 2017-03-01 completes four years at the end of 2021-02-28."""
    as_of, periods = D(2021, 2, 28), (WorkPeriod(D(2017, 3, 1)),)
    assert clause(run(as_of, periods=periods), "5.1(1)").met
    before = run(as_of - DAY, periods=periods)
    assert not clause(before, "5.1(1)").met
    assert before.levels[0].earliest_eligible_on == as_of
    assert before.highest_eligible_level is None


def test_work_from_2020_03_01_is_not_four_years_on_2024_02_28_5_1_1_civil_code_202() -> None:
    """The issue's example: 365 × 4 days would make 2024-02-28; the calendar makes 2024-02-29."""
    periods = (WorkPeriod(D(2020, 3, 1)),)
    short = run(D(2024, 2, 28), periods=periods)
    assert short.work_days == 1460 and not eligible(short, 4)
    assert short.levels[0].earliest_eligible_on == D(2024, 2, 29)
    assert eligible(run(D(2024, 2, 29), periods=periods), 4)


def test_leap_year_does_not_shorten_four_calendar_years_5_1_1() -> None:
    # 2020-01-01 … 2023-12-30 is 1460 days (2020 has 29 February) but not yet four years.
    periods = (WorkPeriod(D(2020, 1, 1)),)
    assert run(D(2023, 12, 30), periods=periods).work_days == 1460
    assert not eligible(run(D(2023, 12, 30), periods=periods), 4)
    assert eligible(run(D(2023, 12, 31), periods=periods), 4)


def test_overlapping_periods_count_once_5_1_1() -> None:
    periods = (
        WorkPeriod(D(2020, 1, 1), D(2022, 12, 31)),
        WorkPeriod(D(2022, 1, 1), D(2023, 12, 31)),
    )
    result = run(D(2024, 6, 1), periods=periods)
    assert result.work_days == (D(2023, 12, 31) - D(2020, 1, 1)).days + 1 == 1461
    assert clause(result, "5.1(1)").met


def test_gaps_between_periods_do_not_count_5_1_1() -> None:
    periods = (
        WorkPeriod(D(2018, 1, 1), D(2019, 12, 31)),
        WorkPeriod(D(2021, 1, 1), D(2022, 12, 30)),
    )
    result = run(D(2024, 1, 1), periods=periods)
    assert result.work_days == 730 + 729
    # 2 whole years + (1 year and 364 days): 3 years and 364 days, the pack's whole_years_then_days
    assert (result.work_time.years, result.work_time.days) == (3, 364)
    c = clause(result, "5.1(1)")
    assert not c.met
    assert [m.requirement for m in c.missing] == ["work_time"]
    assert "3 years and 364 days of 4 years" in c.detail
    # A closed last period: time is missing but no date can be promised.
    assert c.earliest_met_on is None and result.levels[0].earliest_eligible_on is None


@pytest.mark.parametrize(
    ("level", "status", "related", "met"),
    [
        ("technical_school", "graduated", True, True),
        ("technical_school", "graduating", True, True),  # 含尚未取得毕业证书的在校应届毕业生
        ("technical_school", "enrolled", True, False),
        ("technical_school", "graduated", False, False),  # 本专业或相关专业
        ("secondary_vocational", "graduated", True, True),  # 中等及以上职业学校
        ("higher_vocational", "graduating", True, True),
        ("high_school", "graduated", True, False),
    ],
)
def test_vocational_diploma_qualifies_for_level_4_5_1_2(
    level: str, status: str, related: bool, met: bool
) -> None:
    result = run(D(2024, 7, 1), Education(level, related, status))
    assert clause(result, "5.1(2)").met is met
    assert eligible(result, 4) is met


@pytest.mark.parametrize(
    ("level", "status", "met"),
    [
        ("bachelor", "enrolled", True),
        ("associate", "graduating", True),  # still an 在校生
        ("higher_vocational", "enrolled", True),
        ("bachelor", "graduated", False),  # no longer a student
        ("secondary_vocational", "enrolled", False),  # not a 高等院校
    ],
)
def test_students_of_higher_institutions_qualify_for_level_4_5_1_3(
    level: str, status: str, met: bool
) -> None:
    assert clause(run(D(2024, 7, 1), Education(level, True, status)), "5.1(3)").met is met


# --- 5.2 三级 ---------------------------------------------------------------------------------


def test_five_years_counted_only_after_the_level_4_certificate_5_2_1() -> None:
    start = D(2015, 1, 1)
    got = D(2018, 5, 1)
    as_of = D(2023, 4, 30)  # five calendar years on or after the certificate date
    periods = (WorkPeriod(start),)
    assert clause(run(as_of, certificates=(cert(4, got),), periods=periods), "5.2(1)").met
    short = run(as_of - DAY, certificates=(cert(4, got),), periods=periods)
    c = clause(short, "5.2(1)")
    assert not c.met and c.earliest_met_on == as_of
    assert "4 years and 364 days of 5 years of work since 2018-05-01" in c.detail


def test_no_level_4_certificate_is_missing_5_2_1() -> None:
    c = clause(run(D(2024, 1, 1), periods=(WorkPeriod(D(2000, 1, 1)),)), "5.2(1)")
    assert {m.requirement for m in c.missing} == {"certificate", "work_time"}
    assert c.earliest_met_on is None


@pytest.mark.parametrize(
    ("education", "met"),
    [
        (Education("senior_technical_school", False, "graduating"), True),  # no major needed
        (Education("technician_college", False, "graduated"), True),
        (Education("higher_vocational", True, "graduating"), True),
        (Education("higher_vocational", False, "graduated"), False),  # 本专业或相关专业
        (Education("technical_school", True, "graduated"), False),
    ],
)
def test_level_4_certificate_and_senior_school_diploma_5_2_2(
    education: Education, met: bool
) -> None:
    result = run(D(2024, 7, 1), education, (cert(4, D(2024, 6, 1)),))
    assert clause(result, "5.2(2)").met is met


def test_senior_school_without_certificate_lacks_it_5_2_2() -> None:
    c = clause(run(D(2024, 7, 1), Education("technician_college", True, "graduated")), "5.2(2)")
    assert not c.met
    assert [m.requirement for m in c.missing] == ["certificate"]


def test_associate_diploma_two_years_after_level_4_5_2_3() -> None:
    got = D(2021, 3, 1)
    as_of = got + 729 * DAY
    edu = Education("associate", True, "graduated")
    periods = (WorkPeriod(D(2020, 1, 1)),)
    assert clause(run(as_of, edu, (cert(4, got),), periods), "5.2(3)").met
    assert not clause(run(as_of - DAY, edu, (cert(4, got),), periods), "5.2(3)").met
    graduating = Education("associate", True, "graduating")  # 毕业证书: no 应届 exception here
    c = clause(run(as_of, graduating, (cert(4, got),), periods), "5.2(3)")
    assert [m.requirement for m in c.missing] == ["diploma"]


def test_bachelor_one_year_after_level_4_across_leap_day_5_2_4() -> None:
    got = D(2023, 3, 1)
    periods = (WorkPeriod(D(2022, 1, 1)),)
    # One calendar year from 2023-03-01 ends with 2024-02-29 (365 days would end 02-28).
    assert clause(run(D(2024, 2, 29), BACHELOR, (cert(4, got),), periods), "5.2(4)").met
    c = clause(run(D(2024, 2, 28), BACHELOR, (cert(4, got),), periods), "5.2(4)")
    assert not c.met and c.earliest_met_on == D(2024, 2, 29)


def test_unrelated_bachelor_does_not_count_5_2_4() -> None:
    edu = Education("bachelor", False, "graduated")
    result = run(D(2024, 7, 1), edu, (cert(4, D(2020, 1, 1)),), (WorkPeriod(D(2020, 1, 1)),))
    assert [m.requirement for m in clause(result, "5.2(4)").missing] == ["major_related"]


@pytest.mark.parametrize(
    ("education", "met"),
    [
        (Education("master", True, "graduating"), True),  # 含在校应届研究生毕业生
        (Education("doctor", True, "graduated"), True),  # 及以上
        (Education("master", False, "graduated"), False),
        (Education("master", True, "enrolled"), False),
        (Education("bachelor", True, "graduated"), False),
    ],
)
def test_master_or_above_qualifies_for_level_3_5_2_5(education: Education, met: bool) -> None:
    result = run(D(2024, 7, 1), education)
    assert clause(result, "5.2(5)").met is met
    assert eligible(result, 3) is met


# --- 5.3 二级 and 5.4 一级 ----------------------------------------------------------------------


def test_four_years_after_level_3_5_3_1() -> None:
    got = D(2019, 7, 1)
    as_of = D(2023, 6, 30)
    periods = (WorkPeriod(D(2010, 1, 1)),)
    assert clause(run(as_of, certificates=(cert(3, got),), periods=periods), "5.3(1)").met
    assert not clause(run(as_of - DAY, certificates=(cert(3, got),), periods=periods), "5.3(1)").met


def test_senior_school_graduate_with_level_3_needs_3_cumulative_years_5_3_2() -> None:
    edu = Education("senior_technical_school", False, "graduated")
    start = D(2020, 9, 1)
    as_of = start + 1094 * DAY  # 1095 days, counted before the certificate too (累计)
    certs = (cert(3, as_of),)
    assert clause(run(as_of, edu, certs, (WorkPeriod(start),)), "5.3(2)").met
    assert not clause(
        run(as_of - DAY, edu, (cert(3, as_of - DAY),), (WorkPeriod(start),)), "5.3(2)"
    ).met
    graduating = Education("senior_technical_school", False, "graduating")  # 毕业生 only
    assert not clause(run(as_of, graduating, certs, (WorkPeriod(start),)), "5.3(2)").met


def test_preparatory_technician_from_technician_college_needs_2_years_5_3_2() -> None:
    prep = (Certificate(kind="preparatory_technician", obtained_on=D(2021, 6, 30)),)
    start = D(2021, 7, 1)
    as_of = start + 729 * DAY
    college = Education("technician_college", False, "graduated")
    c = clause(run(as_of, college, prep, (WorkPeriod(start),)), "5.3(2)")
    assert c.met and "预备技师" in c.detail
    senior = Education("senior_technical_school", False, "graduated")
    assert not clause(run(as_of, senior, prep, (WorkPeriod(start),)), "5.3(2)").met


def test_bachelor_two_years_after_level_3_5_3_3() -> None:
    got = D(2022, 1, 1)
    as_of = got + 729 * DAY
    periods = (WorkPeriod(D(2021, 1, 1)),)
    assert clause(run(as_of, BACHELOR, (cert(3, got),), periods), "5.3(3)").met
    assert not clause(run(as_of - DAY, BACHELOR, (cert(3, got),), periods), "5.3(3)").met


def test_master_one_year_after_level_3_5_3_4() -> None:
    got = D(2023, 1, 1)
    master = Education("master", True, "graduated")
    periods = (WorkPeriod(D(2022, 1, 1)),)
    assert clause(run(D(2023, 12, 31), master, (cert(3, got),), periods), "5.3(4)").met
    assert not clause(run(D(2023, 12, 30), master, (cert(3, got),), periods), "5.3(4)").met
    assert not clause(run(D(2023, 12, 31), BACHELOR, (cert(3, got),), periods), "5.3(4)").met


def test_doctor_with_two_cumulative_years_qualifies_for_level_2_5_3_5() -> None:
    doctor = Education("doctor", True, "graduated")
    as_of, periods = D(2024, 2, 29), (WorkPeriod(D(2022, 3, 1)),)
    result = run(as_of, doctor, periods=periods)
    assert clause(result, "5.3(5)").met
    assert result.highest_eligible_level == 2
    assert not clause(run(as_of - DAY, doctor, periods=periods), "5.3(5)").met


def test_four_years_after_level_2_qualify_for_level_1_5_4() -> None:
    got = D(2019, 1, 1)
    as_of = D(2022, 12, 31)
    periods = (WorkPeriod(D(2005, 1, 1)),)
    result = run(as_of, certificates=(cert(2, got),), periods=periods)
    assert clause(result, "5.4").met
    assert result.highest_eligible_level == 1
    assert result.levels[3].name == "高级劳动关系协调师（国家职业资格一级）"
    assert not clause(run(as_of - DAY, certificates=(cert(2, got),), periods=periods), "5.4").met


# --- certificates, levels, result shape ---------------------------------------------------------


def test_higher_certificate_counts_as_the_lower_one_from_its_date_5_2_1() -> None:
    # Only a level-3 certificate: it stands in for 取得…四级…证书 from its own date.
    got = D(2018, 1, 1)
    result = run(
        D(2022, 12, 31), certificates=(cert(3, got),), periods=(WorkPeriod(D(2015, 1, 1)),)
    )
    assert clause(result, "5.2(1)").met
    # With both, the earlier (level-4) date counts for the level-4 conditions.
    both = (cert(4, D(2016, 1, 1)), cert(3, got))
    assert (
        "since 2016-01-01"
        in clause(
            run(D(2021, 1, 1), certificates=both, periods=(WorkPeriod(D(2015, 1, 1)),)), "5.2(1)"
        ).detail
    )


def test_kind_level_is_the_same_as_no_kind_as_the_records_store_it_5_2_1() -> None:
    stored = (Certificate(level=4, kind="level", obtained_on=D(2018, 1, 1)),)
    plain = (cert(4, D(2018, 1, 1)),)
    periods = (WorkPeriod(D(2015, 1, 1)),)
    assert run(D(2023, 1, 1), certificates=stored, periods=periods).levels == (
        run(D(2023, 1, 1), certificates=plain, periods=periods).levels
    )
    assert eligible(run(D(2023, 1, 1), certificates=stored, periods=periods), 3)


def test_levels_listed_4_to_1_with_their_names_5() -> None:
    result = run(D(2024, 7, 1))
    assert [lv.level for lv in result.levels] == [4, 3, 2, 1]
    assert [lv.name for lv in result.levels] == [
        "劳动关系协调员（国家职业资格四级）",
        "劳动关系协调员（国家职业资格三级）",
        "劳动关系协调师（国家职业资格二级）",
        "高级劳动关系协调师（国家职业资格一级）",
    ]
    assert [[c.clause for c in lv.clauses] for lv in result.levels] == [
        ["5.1(1)", "5.1(2)", "5.1(3)"],
        ["5.2(1)", "5.2(2)", "5.2(3)", "5.2(4)", "5.2(5)"],
        ["5.3(1)", "5.3(2)", "5.3(3)", "5.3(4)", "5.3(5)"],
        ["5.4"],
    ]
    assert result.highest_eligible_level is None
    assert all(lv.missing for lv in result.levels)
    assert result.policy == "wenshang-2024" and result.rules_version


def test_highest_eligible_level_is_the_smallest_number_and_trace_cites_5() -> None:
    got = D(2020, 1, 1)
    result = run(D(2024, 7, 1), BACHELOR, (cert(4, got),), (WorkPeriod(D(2019, 1, 1)),))
    assert [lv.eligible for lv in result.levels] == [True, True, False, False]
    assert result.highest_eligible_level == 3
    assert result.levels[1].missing == ()
    rules = [s.rule for s in result.trace]
    assert rules[0] == "work_time" and rules[-1] == "highest_eligible_level"
    step = next(s for s in result.trace if s.rule == "5.2(4)")
    assert str(step.citation) == "汶政字〔2024〕59号 附件1 5.2(4)"
    assert "大学本科" in step.inputs["text"]


def test_every_pack_inherits_the_national_conditions_5() -> None:
    # The conditions are national: every pack extending `national` carries them.
    result = evaluate(QualificationInput(D(2024, 1, 1), NONE), get_policy("pujin-2024"))
    assert result.policy == "pujin-2024"


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("certificates", "periods", "field"),
    [
        (
            (),
            (WorkPeriod(D(2020, 1, 1)), WorkPeriod(D(2021, 1, 1), D(2020, 1, 1))),
            "work_periods[1].end",
        ),
        ((), (WorkPeriod(D(2025, 1, 1)),), "work_periods[0].start"),
        ((), (WorkPeriod(D(2020, 1, 1), D(2025, 1, 1)),), "work_periods[0].end"),
        ((cert(4, D(2025, 1, 1)),), (), "certificates[0].obtained_on"),
        ((cert(4, D(2020, 1, 1)), cert(5, D(2020, 1, 1))), (), "certificates[1].level"),
        ((Certificate(obtained_on=D(2020, 1, 1)),), (), "certificates[0].level"),
        (
            (Certificate(level=3, kind="preparatory_technician", obtained_on=D(2020, 1, 1)),),
            (),
            "certificates[0].level",
        ),
        ((Certificate(kind="level", obtained_on=D(2020, 1, 1)),), (), "certificates[0].level"),
        ((Certificate(kind="technician", obtained_on=D(2020, 1, 1)),), (), "certificates[0].kind"),
    ],
)
def test_bad_inputs_name_the_field(
    certificates: tuple[Certificate, ...], periods: tuple[WorkPeriod, ...], field: str
) -> None:
    with pytest.raises(RuleInputError) as err:
        run(D(2024, 12, 31), certificates=certificates, periods=periods)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("education", "field"),
    [
        (Education("phd", True, "graduated"), "education.level"),
        (Education("master", True, "dropped_out"), "education.status"),
    ],
)
def test_unknown_education_names_the_field(education: Education, field: str) -> None:
    with pytest.raises(RuleInputError) as err:
        run(D(2024, 1, 1), education)
    assert err.value.field == field


# --- properties of day counting -----------------------------------------------------------------

AS_OF = D(2025, 6, 30)
dates = st.dates(min_value=D(2000, 1, 1), max_value=AS_OF)


@st.composite
def periods(draw: st.DrawFn) -> WorkPeriod:
    start = draw(dates)
    end = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=AS_OF)))
    return WorkPeriod(start, end)


@settings(max_examples=150, deadline=None)
@given(st.lists(periods(), max_size=6), periods())
def test_overlaps_count_once_and_adding_a_period_never_lowers_the_count(
    ps: list[WorkPeriod], extra: WorkPeriod
) -> None:
    union = count_work_days(ps, AS_OF)
    assert union <= sum(count_work_days([p], AS_OF) for p in ps)
    assert union >= max((count_work_days([p], AS_OF) for p in ps), default=0)
    assert count_work_days([*ps, extra], AS_OF) >= union
    assert count_work_days(list(reversed(ps)), AS_OF) == union


@settings(max_examples=150, deadline=None)
@given(st.lists(periods(), min_size=1, max_size=6), dates)
def test_days_after_a_date_never_exceed_all_days(ps: list[WorkPeriod], cut: dt.date) -> None:
    total = count_work_days(ps, AS_OF)
    after = count_work_days(ps, AS_OF, since=cut)
    assert 0 <= after <= total
    assert count_work_days(ps, AS_OF, since=min(p.start for p in ps)) == total


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=D(2008, 5, 1), max_value=D(2020, 1, 1)), st.integers(1, 2000))
def test_earliest_eligible_on_is_the_first_eligible_day_5_1_1(start: dt.date, worked: int) -> None:
    as_of = start + (worked - 1) * DAY
    result = run(as_of, periods=(WorkPeriod(start),))
    level4 = result.levels[0]
    if worked >= 1460:
        assert level4.eligible and level4.earliest_eligible_on is None
        return
    first = level4.earliest_eligible_on
    assert first is not None
    assert eligible(run(first, periods=(WorkPeriod(start),)), 4)
    assert not eligible(run(first - DAY, periods=(WorkPeriod(start),)), 4)
