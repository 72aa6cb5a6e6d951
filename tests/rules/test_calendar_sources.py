"""The calendar never guesses silently (issue #10 §7): computed holidays, notices as published,
day-by-day merging, cited corrections, and bad files named by line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.calendar import CalendarFileError, WorkCalendar, load_calendar_file
from lrc_rules.statutory_holidays import computed_year

D = dt.date
CAL = WorkCalendar()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calendar.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_new_year_2027_is_a_holiday_not_a_working_day_fangjia_banfa_2() -> None:
    """全国年节及纪念日放假办法 (2025) 第二条: 元旦 1 January — never counted as a working day."""
    day = CAL.is_working_day(D(2027, 1, 1))
    assert not day.working and day.provisional and "元旦" in day.warnings[0]


def test_spring_festival_2027_is_four_days_from_new_years_eve_with_makeup_fangjia_banfa_2_6() -> (
    None
):
    """春节 4 days (除夕 2027-02-05 … 初三 02-08); 02-06 and 02-07 fall on a weekend, so 第六条's
    补假 gives the next working days, 02-09 and 02-10."""
    off = computed_year(2027)
    assert off is not None
    for d in (D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)):
        assert "春节" in off.days_off[d]
    assert "补假" in off.days_off[D(2027, 2, 9)] and "补假" in off.days_off[D(2027, 2, 10)]
    assert CAL.working(D(2027, 2, 11))


def test_labour_day_is_two_days_from_2025_and_one_before_fangjia_banfa_2() -> None:
    assert D(2030, 5, 2) in computed_year(2030).days_off  # type: ignore[union-attr]
    assert D(2003, 5, 3) in computed_year(2003).days_off  # type: ignore[union-attr] # 1999: 3
    assert computed_year(1999) is None  # before 2000: not computed, weekends only, said so


@settings(max_examples=40, deadline=None)
@given(st.integers(2027, 2199))
def test_every_computed_year_has_its_statutory_days_and_makeup_on_weekdays(year: int) -> None:
    off = computed_year(year)
    assert off is not None
    # 1+4+1+2+1+1+3 days; 中秋 may fall inside 国庆 (2020-10-01), so at least 12 distinct days.
    assert len([n for n in off.days_off.values() if "补假" not in n]) >= 12
    assert len(off.holidays) == 7
    for d, name in off.days_off.items():
        if "补假" in name:
            assert d.weekday() < 5
    assert not CAL.is_working_day(D(year, 10, 1)).working


def test_the_2005_12_31_correction_cites_its_notice_guobanfa_mingdian_2005_35() -> None:
    """国办发明电〔2005〕35号: 12月31日(星期六)上班 — chinesecalendar misses it; the project's
    correction makes it a working day and the year view cites the notice."""
    assert CAL.working(D(2005, 12, 31))
    view = CAL.year_view(2005)
    assert [c.date for c in view.corrections] == [D(2005, 12, 31)]
    assert "国办发明电〔2005〕35号" in view.corrections[0].name


def test_a_notice_for_2007_may_list_makeup_days_of_2006_as_published(tmp_path: Path) -> None:
    """国办发明电〔2006〕49号 lists 2006-12-30/31 as working days in the 2007 notice: accepted as
    published, merged day by day — 2006's own holidays stay."""
    path = write(
        tmp_path,
        "[years.2007]\n"
        "holidays = [2007-01-01, 2007-01-02, 2007-01-03]\n"
        "workdays = [2006-12-30, 2006-12-31]\n",
    )
    cal = WorkCalendar(load_calendar_file(path))
    assert cal.working(D(2006, 12, 30)) and cal.working(D(2006, 12, 31))
    assert not cal.working(D(2006, 10, 2))  # 2006 国庆 from the library, not dropped
    assert not cal.working(D(2007, 1, 2))


def test_a_deployment_corrects_a_single_day(tmp_path: Path) -> None:
    """`ordinary` makes a day neither holiday nor 调休; a holiday or workday sets one day only."""
    path = write(tmp_path, "[years.2026]\nordinary = [2026-10-07]\nworkdays = [2026-10-10]\n")
    cal = WorkCalendar(load_calendar_file(path))
    assert cal.working(D(2026, 10, 7))  # a Wednesday, now an ordinary working day
    assert not cal.working(D(2026, 10, 6))  # the rest of 国庆 stays
    assert cal.year_view(2026).source == "chinesecalendar + calendar file"


def test_a_file_year_without_library_data_is_the_notice_not_the_computation(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "[years.2027]\nholidays = [2027-01-01]\nworkdays = [2027-02-14]\n")
    cal = WorkCalendar(load_calendar_file(path))
    assert not cal.year_view(2027).provisional
    assert cal.working(D(2027, 2, 14)) and cal.working(D(2027, 10, 4))  # no computed 补假


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("source = 'x'\n\n[years.2027]\nholidays = [2027-01-01]\nworkdays = [2025-12-31]\n", 5),
        ("[years.2027]\nholidays = [\n  2027-01-01,\n  2027-01-01,\n]\n", 3),
        ("[years.2027]\nholidays = [2027-01-01\n", 2),
        ("[years.2027]\n\nfestivals = []\n", 3),
    ],
)
def test_a_bad_file_names_its_line(tmp_path: Path, text: str, line: int) -> None:
    with pytest.raises(CalendarFileError) as err:
        load_calendar_file(write(tmp_path, text))
    assert err.value.line == line
    assert f"calendar.toml:{line}:" in str(err.value)
