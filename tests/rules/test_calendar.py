"""Working-day calendar on the real 2025–2026 holiday schedule (国务院办公厅 holiday notices).

2025 National Day: 10-01…10-08 off, Sunday 09-28 and Saturday 10-11 worked. 2026 New Year: 01-01…03
off, Sunday 01-04 worked. 2026 Spring Festival: 02-15…23 off, Saturdays 02-14 and 02-28 worked.
Period arithmetic: 民法典 第二百零一条 (start day not counted), 第二百零三条 (roll forward).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.calendar import (
    CalendarFileError,
    WorkCalendar,
    load_calendar_file,
    missing_year_warning,
)
from lrc_rules.errors import RuleInputError

D = dt.date
CAL = WorkCalendar()


def _oracle_add(start: dt.date, n: int) -> dt.date:
    """Independent count with chinesecalendar's own is_workday (known years only), with the
    project's cited correction of 2005-12-31 (国办发明电〔2005〕35号: a working Saturday)."""
    d, left = start, n
    while left:
        d += dt.timedelta(days=1)
        if chinese_calendar.is_workday(d) or d == D(2005, 12, 31):
            left -= 1
    return d


# --- the real schedule ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", [D(2025, 10, i) for i in range(1, 9)])
def test_national_day_2025_days_off_are_not_working_days(day: dt.date) -> None:
    """2025 国庆节、中秋节: 10月1日至8日放假调休 — 10-08 is a Wednesday and still a day off."""
    answer = CAL.is_working_day(day)
    assert answer.working is False
    assert answer.provisional is False
    assert answer.reason.startswith("holiday")


@pytest.mark.parametrize("day", [D(2025, 9, 28), D(2025, 10, 11)])
def test_national_day_2025_make_up_weekend_days_are_working_days(day: dt.date) -> None:
    """2025 国庆: 9月28日（周日）、10月11日（周六）上班 — 调休 weekend days are working days."""
    answer = CAL.is_working_day(day)
    assert day.weekday() >= 5
    assert answer.working is True
    assert "调休" in answer.reason


def test_new_year_2026_sunday_january_4_is_a_working_day() -> None:
    """2026 元旦: 1月1日至3日放假调休，1月4日（周日）上班."""
    assert [CAL.working(D(2026, 1, i)) for i in (1, 2, 3, 4, 5)] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert D(2026, 1, 4).weekday() == 6


def test_spring_festival_2026_saturdays_feb_14_and_28_are_working_days() -> None:
    """2026 春节: 2月15日至23日放假调休，2月14日（周六）、2月28日（周六）上班."""
    assert CAL.working(D(2026, 2, 14)) and CAL.working(D(2026, 2, 28))
    assert not any(CAL.working(D(2026, 2, i)) for i in range(15, 24))


def test_plain_weekend_and_weekday() -> None:
    """Outside holidays a Saturday is a rest day and a Monday a working day."""
    assert CAL.is_working_day(D(2025, 3, 8)).reason == "weekend"
    assert CAL.is_working_day(D(2025, 3, 10)).working


# --- arithmetic ----------------------------------------------------------------------------------


def test_add_working_days_skips_national_day_2025_and_counts_the_worked_sunday() -> None:
    """Start day not counted (民法典 第二百零一条): Fri 09-26 + 1 = Sun 09-28 (调休); 09-30 + 1 = 10-09."""
    assert CAL.add_working_days(D(2025, 9, 26), 1).date == D(2025, 9, 28)
    assert CAL.add_working_days(D(2025, 9, 26), 2).date == D(2025, 9, 29)
    assert CAL.add_working_days(D(2025, 9, 30), 1).date == D(2025, 10, 9)
    assert CAL.add_working_days(D(2025, 9, 30), 3).date == D(2025, 10, 11)


def test_add_zero_working_days_is_the_start_itself() -> None:
    """Zero days: the start day, even a holiday."""
    assert CAL.add_working_days(D(2025, 10, 3), 0).date == D(2025, 10, 3)


def test_counting_back_lands_on_the_nth_working_day_before() -> None:
    """Five working days before Mon 2025-10-13: 10-11, 10-10, 10-09, 09-30, 09-29."""
    assert CAL.add_working_days(D(2025, 10, 13), -5).date == D(2025, 9, 29)


def test_calendar_days_roll_forward_off_national_day_2025() -> None:
    """民法典 第二百零三条: 09-16 + 15 calendar days = 10-01 (holiday) → ends 10-09."""
    assert CAL.add_calendar_days(D(2025, 9, 16), 15).date == D(2025, 10, 9)
    assert CAL.add_calendar_days(D(2025, 9, 16), 15, roll_forward=False).date == D(2025, 10, 1)
    assert CAL.add_calendar_days(D(2025, 9, 12), 16).date == D(2025, 9, 28)  # worked Sunday


def test_working_days_between_counts_after_start_up_to_end() -> None:
    """Working days d with a < d ≤ b: 09-30 → 10-09 is one; reversed, minus one."""
    assert CAL.working_days_between(D(2025, 9, 30), D(2025, 10, 9)).days == 1
    assert CAL.working_days_between(D(2025, 10, 9), D(2025, 9, 30)).days == -1
    # Spring Festival 2026: Sat 02-14, Tue 02-24…Sat 02-28 and Mon 03-02 are the working days.
    assert CAL.working_days_between(D(2026, 2, 13), D(2026, 3, 2)).days == 7


def test_year_view_2026_lists_holidays_and_in_lieu_days() -> None:
    """GET /v1/calendar/2026: the six 调休 working days of 2026 and 33 holiday days."""
    view = CAL.year_view(2026)
    assert view.source == "chinesecalendar" and not view.provisional
    assert [d.date for d in view.workdays] == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]
    assert len(view.holidays) == 33
    assert (
        view.holidays[0].date == D(2026, 1, 1) and view.holidays[0].name == "New Year's Day (元旦)"
    )


# --- years without data --------------------------------------------------------------------------


def test_2027_without_a_notice_gets_the_statutory_holidays_provisionally_fangjia_banfa_2() -> None:
    """A year chinesecalendar lacks: 元旦 2027-01-01 is a holiday by 全国年节及纪念日放假办法, not a
    working day; the answer is provisional and names the year and what was computed."""
    answer = CAL.add_working_days(D(2026, 12, 25), 10)
    # 12-28…31 (4), 2027-01-01 元旦 off, 01-04…08 (5), 01-11 (the 10th).
    assert answer.date == D(2027, 1, 11)
    assert answer.provisional is True
    assert answer.warnings == (missing_year_warning(2027),)
    assert "2027" in answer.warnings[0] and "元旦" in answer.warnings[0]
    view = CAL.year_view(2027)
    assert view.provisional and "国务院令第798号" in view.source
    assert "Spring Festival (春节)" in view.computed
    day = CAL.is_working_day(D(2027, 1, 1))
    assert day.provisional and not day.working


def test_answers_inside_known_years_are_not_provisional() -> None:
    """2026 is in chinesecalendar 1.11: no warning."""
    answer = CAL.add_working_days(D(2026, 3, 2), 100)
    assert answer.provisional is False and answer.warnings == ()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calendar.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_calendar_file_supplies_2027(tmp_path: Path) -> None:
    """A deployment file adds 2027 (元旦 01-01…03 here): no longer provisional, holiday skipped."""
    path = _write(
        tmp_path,
        'source = "test notice"\n'
        "[years.2027]\n"
        'holidays = [2027-01-01, { date = 2027-01-02, name = "元旦" }, 2027-01-03]\n'
        "workdays = []\n",
    )
    cal = WorkCalendar(load_calendar_file(path))
    answer = cal.add_working_days(D(2026, 12, 25), 10)
    assert answer.date == D(2027, 1, 11)
    assert answer.provisional is False
    view = cal.year_view(2027)
    assert view.source == "calendar file (test notice)"
    assert [d.name for d in view.holidays][1] == "元旦"


def test_calendar_file_merges_day_by_day_never_replacing_a_year(tmp_path: Path) -> None:
    """A file's days are set one by one over chinesecalendar's data: the rest of the year stays."""
    path = _write(tmp_path, "[years.2026]\nholidays = [2026-03-02]\nworkdays = [2026-03-07]\n")
    cal = WorkCalendar(load_calendar_file(path))
    assert not cal.working(D(2026, 3, 2)) and cal.working(D(2026, 3, 7))
    assert not cal.working(D(2026, 1, 2))  # the package's New Year holiday is still there
    assert cal.working(D(2025, 10, 8)) is False  # other years keep the package's data


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("colour = 1\n", "colour"),
        ("[years.2027]\nholidays = [2025-12-31]\n", "years.2027.holidays[0]"),
        (
            "[years.2027]\nholidays = [2027-01-01]\nworkdays = [2027-01-01]\n",
            "years.2027.workdays[0]",
        ),
        ("[years.abc]\nholidays = []\n", "years.abc"),
        ("[years.2027]\nholidays = ['2027-01-01']\n", "years.2027.holidays[0]"),
        ("[years.2027]\nextra = []\n", "years.2027.extra"),
        ("not toml = = =\n", "-"),
    ],
)
def test_bad_calendar_file_names_the_key(tmp_path: Path, text: str, key: str) -> None:
    """A bad deployment file fails at start-up naming file and key, instead of wrong deadlines."""
    with pytest.raises(CalendarFileError) as err:
        load_calendar_file(_write(tmp_path, text))
    assert err.value.key == key


def test_missing_calendar_file_is_a_calendar_file_error(tmp_path: Path) -> None:
    """A path that does not exist is reported, not a crash."""
    with pytest.raises(CalendarFileError):
        load_calendar_file(tmp_path / "absent.toml")


def test_dates_outside_the_calendar_range_are_input_errors() -> None:
    """Dates outside 1950…2199 are refused with a field, never an overflow."""
    with pytest.raises(RuleInputError) as err:
        CAL.add_working_days(D(1900, 1, 1), 1)
    assert err.value.field == "start"
    with pytest.raises(RuleInputError):
        CAL.add_working_days(D(2199, 12, 30), 10)


# --- properties ----------------------------------------------------------------------------------

KNOWN = st.dates(min_value=D(2004, 1, 1), max_value=D(2025, 6, 30))
ANY = st.dates(min_value=D(1990, 1, 1), max_value=D(2150, 12, 31))
N = st.integers(min_value=0, max_value=300)


@settings(max_examples=150, deadline=None)
@given(start=ANY, n=N, m=N)
def test_adding_n_then_m_working_days_equals_adding_n_plus_m(
    start: dt.date, n: int, m: int
) -> None:
    """Working-day addition composes: (s + n) + m = s + (n + m)."""
    first = CAL.add_working_days(start, n).date
    assert CAL.add_working_days(first, m).date == CAL.add_working_days(start, n + m).date


@settings(max_examples=150, deadline=None)
@given(start=KNOWN, n=st.integers(min_value=1, max_value=300))
def test_add_working_days_agrees_with_chinesecalendar_and_lands_on_a_working_day(
    start: dt.date, n: int
) -> None:
    """Against an independent day-by-day count with chinesecalendar.is_workday."""
    answer = CAL.add_working_days(start, n)
    assert answer.date == _oracle_add(start, n)
    assert chinese_calendar.is_workday(answer.date) or answer.date == D(2005, 12, 31)
    assert CAL.working_days_between(start, answer.date).days == n


@settings(max_examples=150, deadline=None)
@given(start=ANY, n=st.integers(min_value=0, max_value=400))
def test_rolled_calendar_days_always_end_on_a_working_day(start: dt.date, n: int) -> None:
    """民法典 第二百零三条: a rolled calendar-day period never ends on a day off, nor early."""
    answer = CAL.add_calendar_days(start, n)
    assert CAL.working(answer.date)
    assert answer.date >= start + dt.timedelta(days=n)
    # every day between the raw end and the rolled end is a day off
    d = start + dt.timedelta(days=n)
    while d < answer.date:
        assert not CAL.working(d)
        d += dt.timedelta(days=1)


@settings(max_examples=100, deadline=None)
@given(start=ANY, n=st.integers(min_value=1, max_value=300))
def test_counting_back_is_the_inverse_of_counting_forward_from_a_working_day(
    start: dt.date, n: int
) -> None:
    """For a working day s: (s − n) + n = s."""
    s = CAL.roll_forward(start).date
    back = CAL.add_working_days(s, -n).date
    assert CAL.add_working_days(back, n).date == s
