"""Arbitration limitation period (仲裁时效), 劳动争议调解仲裁法 第二十七条, on the real calendar.

Date arithmetic: 民法典 第二百零一条 (start day not counted), 第二百零二条 (corresponding day; 29 Feb →
28 Feb), 第二百零三条 (a last day off moves to the next working day).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.calendar import WorkCalendar
from lrc_rules.errors import RuleInputError
from lrc_rules.limitation import Limitation, LimitationInput, Suspension, add_years, limitation
from lrc_rules.policies import get_policy

D = dt.date
CAL = WorkCalendar()
NATIONAL = get_policy("national")


def run(knew: dt.date, claim: str, as_of: dt.date, **kw: object) -> Limitation:
    case = LimitationInput(knew, claim, as_of, **kw)  # type: ignore[arg-type]
    return limitation(case, NATIONAL, CAL)


def test_one_year_from_the_day_the_party_knew_27_1() -> None:
    """第二十七条第一款: 2024-09-30 → 2025-09-30 (Tue), running on as_of."""
    r = run(D(2024, 9, 30), "economic_compensation", D(2025, 3, 1))
    assert (r.expires_on, r.status, r.runs_from) == (D(2025, 9, 30), "running", D(2024, 9, 30))
    assert r.policy == "national" and not r.provisional


def test_last_day_on_national_day_moves_to_the_next_working_day() -> None:
    """民法典 第二百零三条: 2024-10-01 → 2025-10-01 (holiday) → 2025-10-09."""
    assert run(D(2024, 10, 1), "damages", D(2025, 1, 1)).expires_on == D(2025, 10, 9)


def test_29_february_ends_on_28_february() -> None:
    """民法典 第二百零二条: no corresponding day → the month's last day (2025-02-28, a Friday)."""
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert run(D(2024, 2, 29), "other", D(2024, 3, 1)).expires_on == D(2025, 2, 28)


def test_expired_after_the_last_day() -> None:
    """The day after the last day the period has expired; on the last day it still runs."""
    assert run(D(2024, 9, 30), "other", D(2025, 9, 30)).status == "running"
    assert run(D(2024, 9, 30), "other", D(2025, 10, 1)).status == "expired"


def test_interruption_restarts_the_full_year_27_2() -> None:
    """第二十七条第二款: 从中断时起，仲裁时效期间重新计算 — 2024-12-02 → 2025-12-02."""
    r = run(D(2024, 3, 1), "other", D(2025, 1, 1), interruptions=(D(2024, 12, 2),))
    assert (r.expires_on, r.runs_from) == (D(2025, 12, 2), D(2024, 12, 2))


def test_interruption_after_expiry_revives_nothing() -> None:
    """A claim after the period ran out does not interrupt it."""
    r = run(D(2023, 1, 3), "other", D(2024, 3, 1), interruptions=(D(2024, 2, 1),))
    assert (r.expires_on, r.status) == (D(2024, 1, 3), "expired")


def test_suspension_adds_its_days_27_3() -> None:
    """第二十七条第三款: 30 days of force majeure: 2025-03-01 + 30 = Mon 2025-03-31."""
    r = run(
        D(2024, 3, 1),
        "other",
        D(2024, 6, 1),
        suspensions=(Suspension(D(2024, 5, 1), D(2024, 5, 31)),),
    )
    assert r.expires_on == D(2025, 3, 31) and r.status == "running"


def test_ongoing_suspension_shows_suspended() -> None:
    """A cause not yet ended: the period is suspended on as_of."""
    r = run(D(2024, 3, 1), "other", D(2024, 6, 1), suspensions=(Suspension(D(2024, 5, 1)),))
    # 05-01 → as_of 06-01 is 31 days so far: 2025-03-01 + 31 = Tue 2025-04-01, and still moving.
    assert r.status == "suspended" and r.expires_on == D(2025, 4, 1)


def test_unpaid_pay_during_employment_does_not_run_27_4() -> None:
    """第二十七条第四款: 劳动关系存续期间因拖欠劳动报酬发生争议的 … 不受仲裁时效期间的限制."""
    r = run(D(2024, 1, 10), "labor_remuneration", D(2025, 3, 1))
    assert (r.expires_on, r.status, r.runs_from) == (None, "not_running", None)


def test_unpaid_pay_runs_one_year_from_the_end_of_employment_27_4() -> None:
    """但是，劳动关系终止的，应当自劳动关系终止之日起一年内提出: 2025-06-30 → 2026-06-30."""
    r = run(D(2024, 1, 10), "labor_remuneration", D(2025, 8, 1), employment_ended_on=D(2025, 6, 30))
    assert (r.expires_on, r.status, r.runs_from) == (D(2026, 6, 30), "running", D(2025, 6, 30))


def test_employment_ending_after_as_of_still_lasts() -> None:
    """An end date after as_of: the employment still lasts on as_of (with a warning)."""
    r = run(D(2024, 1, 10), "labor_remuneration", D(2025, 3, 1), employment_ended_on=D(2025, 6, 30))
    assert r.status == "not_running" and r.warnings


def test_period_ending_in_2027_is_provisional() -> None:
    """2026-06-01 → 2027-06-01, a year chinesecalendar lacks: provisional, warning names 2027."""
    r = run(D(2026, 6, 1), "other", D(2026, 7, 1))
    assert r.expires_on == D(2027, 6, 1) and r.provisional and "2027" in r.warnings[0]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"suspensions": (Suspension(D(2024, 5, 10), D(2024, 5, 1)),)}, "suspensions[0].end"),
        ({"suspensions": (Suspension(D(2024, 5, 10), D(2024, 9, 1)),)}, "suspensions[0].end"),
        ({"interruptions": (D(2023, 1, 1),)}, "interruptions[0]"),
        ({"interruptions": (D(2024, 9, 1),)}, "interruptions[0]"),
    ],
)
def test_bad_periods_are_named(kw: dict[str, object], field: str) -> None:
    """An end before its start, or dates outside knew_on…as_of, are refused."""
    with pytest.raises(RuleInputError) as err:
        run(D(2024, 3, 1), "other", D(2024, 6, 1), **kw)
    assert err.value.field == field


def test_knew_on_after_as_of_and_unknown_claim_type_are_refused() -> None:
    """Knowledge in the future; a claim type the rules do not know."""
    with pytest.raises(RuleInputError) as err:
        run(D(2025, 3, 1), "other", D(2024, 6, 1))
    assert err.value.field == "knew_on"
    with pytest.raises(RuleInputError) as err:
        run(D(2024, 3, 1), "bonus", D(2024, 6, 1))
    assert err.value.field == "claim_type"


@settings(max_examples=150, deadline=None)
@given(
    knew=st.dates(min_value=D(2008, 6, 1), max_value=D(2025, 6, 1)),
    pause=st.integers(min_value=0, max_value=60),
    offset=st.integers(min_value=0, max_value=300),
)
def test_expiry_is_a_rolled_year_plus_suspended_days(
    knew: dt.date, pause: int, offset: int
) -> None:
    """Expiry = roll(corresponding day + suspended days) and always a working day."""
    start = knew + dt.timedelta(days=offset)
    sus = (Suspension(start, start + dt.timedelta(days=pause)),)
    as_of = start + dt.timedelta(days=pause)
    r = run(knew, "other", as_of, suspensions=sus)
    raw = add_years(knew, 1) + dt.timedelta(days=pause)
    assert r.expires_on == CAL.roll_forward(raw).date
    assert r.expires_on is not None and CAL.working(r.expires_on)
