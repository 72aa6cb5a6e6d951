"""Years of work are calendar years (issue #10 §4; 民法典 第二百零一条、第二百零二条; 附件1 §5)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.policies import get_policy
from lrc_rules.qualification import Education, QualificationInput, WorkPeriod, evaluate
from lrc_rules.work_time import completed_years, whole_years, work_time, year_end

D = dt.date
DAY = dt.timedelta(days=1)
POLICY = get_policy("wenshang-2024")
EDU = Education("high_school", False, "graduated")


def level4(as_of: dt.date, *periods: WorkPeriod) -> bool:
    result = evaluate(QualificationInput(as_of, EDU, (), periods), POLICY)
    return result.levels[0].eligible


def test_four_years_from_2020_03_01_end_with_2024_02_29_5_1_1_civil_code_202() -> None:
    assert year_end(D(2020, 3, 1), 4) == D(2024, 2, 29)
    assert not level4(D(2024, 2, 28), WorkPeriod(D(2020, 3, 1)))
    assert level4(D(2024, 2, 29), WorkPeriod(D(2020, 3, 1)))


def test_a_year_from_29_february_ends_on_28_february_civil_code_202() -> None:
    """没有对应日的，月末日为期间的最后一日."""
    assert year_end(D(2020, 2, 29), 1) == D(2021, 2, 28)
    assert whole_years(D(2020, 2, 29), D(2021, 2, 28)) == (1, 0)


def test_separate_periods_add_whole_years_then_remaining_days_as_the_pack_says_5_1_1() -> None:
    """qualification.separate_periods = whole_years_then_days: 2 years + 1 year + 200 + 200 days
    (400 days: one more year and 35 days) = 4 years."""
    periods = (
        WorkPeriod(D(2015, 1, 1), D(2016, 12, 31)),  # 2 years
        WorkPeriod(D(2018, 1, 1), D(2019, 7, 19)),  # 1 year + 200 days
        WorkPeriod(D(2021, 1, 1), D(2021, 7, 19)),  # 200 days
    )
    wt = work_time([(p.start, p.end) for p in periods if p.end], None, 365)
    assert (wt.years, wt.days) == (4, 35)
    assert level4(D(2024, 1, 1), *periods)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=D(2008, 5, 1), max_value=D(2022, 12, 31)),
    st.integers(1, 1600),
)
def test_one_period_is_never_eligible_before_its_anniversary_eve_5_1_1(
    start: dt.date, worked: int
) -> None:
    as_of = start + (worked - 1) * DAY
    assert level4(as_of, WorkPeriod(start)) == (as_of >= year_end(start, 4))


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(st.dates(min_value=D(2008, 5, 1), max_value=D(2020, 1, 1)), st.integers(1, 900)),
        min_size=1,
        max_size=4,
    ),
    st.integers(1, 2000),
)
def test_earliest_eligible_on_is_consistent_with_the_pack_rule_5_1_1(
    spans: list[tuple[dt.date, int]], extra: int
) -> None:
    """The day earliest_eligible_on names is eligible, the day before it is not."""
    closed = [WorkPeriod(s, s + (n - 1) * DAY) for s, n in spans]
    last = max(p.end for p in closed if p.end) + 2 * DAY
    periods = (*closed, WorkPeriod(last))
    as_of = last + extra * DAY
    result = evaluate(QualificationInput(as_of, EDU, (), periods), POLICY)
    first = result.levels[0].earliest_eligible_on
    if result.levels[0].eligible:
        assert first is None
        return
    assert first is not None and first > as_of
    assert level4(first, *periods)
    assert not level4(first - DAY, *periods)


def test_ledger_years_of_work_complete_with_the_last_day_of_the_year_civil_code_202() -> None:
    """从事协调劳动关系工作年限 counts calendar years as 5.1(1) does: work from 2020-03-01 has 4 years
    on 2024-02-29 and from 2020-06-01 on 2024-05-31 (a plain birthday count said 3 on both days)."""
    assert completed_years(D(2020, 3, 1), D(2024, 2, 28)) == 3
    assert completed_years(D(2020, 3, 1), D(2024, 2, 29)) == 4
    assert completed_years(D(2020, 6, 1), D(2024, 5, 30)) == 3
    assert completed_years(D(2020, 6, 1), D(2024, 5, 31)) == 4
    assert completed_years(D(2020, 2, 29), D(2021, 2, 28)) == 1
    assert completed_years(D(2024, 1, 1), D(2023, 12, 31)) == 0
    assert completed_years(None, D(2024, 1, 1)) is None


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=D(2008, 5, 1), max_value=D(2022, 12, 31)),
    st.integers(1, 1600),
)
def test_ledger_years_agree_with_the_level4_rule_on_every_day_5_1_1(
    start: dt.date, worked: int
) -> None:
    """The ledger's 4 years and 5.1(1)'s 4 years (one open period) fall on the same day, and the
    count changes exactly on the day after each year's last day (leap days and month ends included)."""
    as_of = start + (worked - 1) * DAY
    years = completed_years(start, as_of)
    assert years is not None
    assert (years >= 4) == level4(as_of, WorkPeriod(start))
    assert year_end(start, years + 1) > as_of
    assert years == 0 or year_end(start, years) <= as_of
