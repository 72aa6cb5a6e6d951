"""Periods whose roll-over to a working day composes with excluded days (issue #10 §1, §2).

民法典 第二百零一条、第二百零三条 (the start day not counted; a last day on a rest day moves to the
next working day); 劳动人事争议仲裁办案规则 第四十五条 (one extension of ≤ 15 days), 第四十六条 (restarts;
中止审理 and 公告送达 not counted); 劳动争议调解仲裁法 第二十七条 (the limitation period and its
suspension). The one arithmetic lives in :mod:`lrc_rules.periods`.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.calendar import WorkCalendar
from lrc_rules.deadlines import CaseDeadlines, CaseEvent, CaseInput, Deadline, case_deadlines
from lrc_rules.limitation import LimitationInput, Suspension, limitation
from lrc_rules.periods import Exclusion, period_end
from lrc_rules.policies import get_policy

D = dt.date
E = CaseEvent
CAL = WorkCalendar()
NATIONAL = get_policy("national")


def award(accepted: dt.date, as_of: dt.date, *events: CaseEvent) -> Deadline:
    case = CaseInput("arbitration", accepted, as_of, accepted_on=accepted, events=events)
    return next(d for d in case_deadlines(case, NATIONAL, CAL).deadlines if d.key == "award")


def award_result(accepted: dt.date, as_of: dt.date, *events: CaseEvent) -> CaseDeadlines:
    case = CaseInput("arbitration", accepted, as_of, accepted_on=accepted, events=events)
    return case_deadlines(case, NATIONAL, CAL)


# --- §1: the worked examples ----------------------------------------------------------------


def test_suspension_inside_the_national_day_roll_over_moves_the_rolled_day_46_6_civil_code_203() -> (
    None
):
    """Accepted 2025-08-18: day 45 is 10-02 (国庆), rolled to 10-09. A suspension 10-05 → 10-15
    starts inside that rolled tail: 10-09 + 10 = 10-19 (Sunday) → 10-20. Never 10-13 'overdue'."""
    d = award(
        D(2025, 8, 18),
        D(2025, 10, 16),
        E("suspension_start", D(2025, 10, 5)),
        E("suspension_end", D(2025, 10, 15)),
    )
    assert d.due_on == D(2025, 10, 20)
    assert d.excluded_days == 10
    assert d.status == "due_soon"  # not "overdue": two working days are left on 10-16


def test_suspension_starting_on_the_rolled_sunday_moves_the_rolled_monday_46_6_civil_code_203() -> (
    None
):
    """Accepted 2025-04-02: day 45 is Saturday 05-17, rolled to Monday 05-19. A suspension from
    Sunday 05-18 to 05-28: 05-19 + 10 = 05-29 (a Thursday), never 05-27."""
    d = award(
        D(2025, 4, 2),
        D(2025, 5, 28),
        E("suspension_start", D(2025, 5, 18)),
        E("suspension_end", D(2025, 5, 28)),
    )
    assert d.due_on == D(2025, 5, 29)


def test_public_notice_inside_the_rolled_tail_counts_like_a_suspension_46_6() -> None:
    """公告送达 is excluded the same way as 中止审理."""
    d = award(
        D(2025, 8, 18),
        D(2025, 10, 16),
        E("public_notice_start", D(2025, 10, 5)),
        E("public_notice_end", D(2025, 10, 15)),
    )
    assert d.due_on == D(2025, 10, 20)


def test_open_suspension_inside_the_rolled_tail_never_shows_a_past_due_date_46_6() -> None:
    """A suspension from 10-05 still open on 10-30: the due date is not before as_of, status open."""
    d = award(D(2025, 8, 18), D(2025, 10, 30), E("suspension_start", D(2025, 10, 5)))
    assert d.suspended and d.status == "open"
    assert d.due_on >= D(2025, 10, 30)


def test_suspension_starting_after_the_rolled_last_day_does_not_rescue_the_award_46_6() -> None:
    """Began 10-10, after the rolled last day 10-09: the award was due 10-09 and is overdue."""
    d = award(
        D(2025, 8, 18),
        D(2025, 10, 20),
        E("suspension_start", D(2025, 10, 10)),
        E("suspension_end", D(2025, 10, 15)),
    )
    assert d.due_on == D(2025, 10, 9) and d.status == "overdue" and d.excluded_days == 0


def test_limitation_suspension_inside_the_rolled_tail_moves_the_rolled_day_27() -> None:
    """调解仲裁法 第二十七条: knew 2024-10-01 → the year ends 2025-10-01 (国庆), rolled to 10-09; a
    suspension 10-05 → 10-15 inside the tail: 10-09 + 10 = 10-19 (Sunday) → 10-20."""
    r = limitation(
        LimitationInput(
            knew_on=D(2024, 10, 1),
            claim_type="damages",
            as_of=D(2025, 10, 16),
            suspensions=(Suspension(D(2025, 10, 5), D(2025, 10, 15)),),
        ),
        NATIONAL,
        CAL,
    )
    assert r.expires_on == D(2025, 10, 20) and r.status == "running"


def test_limitation_open_suspension_never_shows_a_past_expiry_27() -> None:
    r = limitation(
        LimitationInput(
            knew_on=D(2024, 10, 1),
            claim_type="damages",
            as_of=D(2025, 11, 3),
            suspensions=(Suspension(D(2025, 10, 5)),),
        ),
        NATIONAL,
        CAL,
    )
    assert r.status == "suspended" and r.expires_on is not None
    assert r.expires_on >= D(2025, 11, 3)


# --- §2: an extension belongs to the period it was granted in -------------------------------------


def test_late_award_extension_does_not_rescue_the_deadline_45() -> None:
    """Accepted 2025-03-10, due 2025-04-24; an extension dated 04-30 came late: still due 04-24,
    overdue, and the result says the extension came late."""
    r = award_result(D(2025, 3, 10), D(2025, 5, 2), E("extension", D(2025, 4, 30), days=15))
    d = next(d for d in r.deadlines if d.key == "award")
    assert (d.due_on, d.status, d.extension, d.extension_days) == (
        D(2025, 4, 24),
        "overdue",
        "late",
        0,
    )
    assert any("came late" in w for w in r.warnings)
    assert any(s.rule == "award.extension" and "late" in str(s.outcome) for s in r.trace)


def test_extension_on_the_last_day_is_in_time_45() -> None:
    d = award(D(2025, 3, 10), D(2025, 5, 2), E("extension", D(2025, 4, 24), days=15))
    assert (d.due_on, d.extension, d.extension_days) == (D(2025, 5, 9), "applied", 15)


def test_restart_drops_the_extension_of_the_earlier_period_46() -> None:
    """Extension granted 04-01 for the first period; claims amended 04-10 restart the clock from
    04-10: 45 days → 05-25 (Sunday) → 05-26, without the 15 days."""
    r = award_result(
        D(2025, 3, 10),
        D(2025, 4, 20),
        E("extension", D(2025, 4, 1), days=15),
        E("claims_amended", D(2025, 4, 10)),
    )
    d = next(d for d in r.deadlines if d.key == "award")
    assert (d.due_on, d.extension, d.extension_days) == (D(2025, 5, 26), "dropped_by_restart", 0)
    assert any("does not carry" in w for w in r.warnings)


def test_restarted_period_may_have_its_own_extension_45_46() -> None:
    d = award(
        D(2025, 3, 10),
        D(2025, 5, 20),
        E("extension", D(2025, 4, 1), days=15),
        E("claims_amended", D(2025, 4, 10)),
        E("extension", D(2025, 5, 20), days=10),
    )
    assert (d.due_on, d.extension, d.extension_days) == (D(2025, 6, 4), "applied", 10)


def test_late_inspection_extension_does_not_rescue_the_investigation_17() -> None:
    """劳动保障监察条例 第十七条: the 30-day extension must be approved within the 60 working days."""
    case = CaseInput(
        "inspection",
        D(2025, 1, 6),
        D(2025, 6, 30),
        filed_on=D(2025, 1, 6),
        events=(CaseEvent("extension", D(2025, 6, 30), days=30),),
    )
    r = case_deadlines(case, NATIONAL, CAL)
    d = next(d for d in r.deadlines if d.key == "investigation")
    assert d.extension == "late" and d.extension_days == 0 and d.status == "overdue"


# --- properties: exclusions anywhere, including inside a rolled tail --------------------------------

day = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 6, 30))


@st.composite
def exclusions(draw: st.DrawFn, start: dt.date, as_of: dt.date) -> list[Exclusion]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        s = draw(st.dates(min_value=start, max_value=as_of))
        still_open = draw(st.booleans())
        e = None if still_open else draw(st.dates(min_value=s, max_value=as_of))
        out.append(Exclusion(draw(st.sampled_from(["suspension", "public_notice"])), s, e))
    return out


@settings(max_examples=300, deadline=None)
@given(data=st.data(), start=day, days=st.integers(1, 60), span=st.integers(0, 90))
def test_due_date_never_before_the_end_of_an_exclusion_that_started_by_it(
    data: st.DataObject, start: dt.date, days: int, span: int
) -> None:
    """办案规则 第四十六条 + 民法典 第二百零三条: for any exclusions (inside the period, inside the rolled
    tail, after it, overlapping, open), the due date is a working day, not before the end of any
    exclusion that started on or before it, and not in the past while one is open."""
    last = start + dt.timedelta(days=days)
    rolled = CAL.roll_forward(last).date
    as_of = rolled + dt.timedelta(days=span)
    # Bias towards the rolled tail: half the time draw a start from last … rolled.
    ex = data.draw(exclusions(start, as_of))
    if data.draw(st.booleans()) and rolled > last:
        s = data.draw(st.dates(min_value=last + dt.timedelta(days=1), max_value=rolled))
        ex.append(Exclusion("suspension", s, data.draw(st.dates(min_value=s, max_value=as_of))))
    end = period_end(CAL, start=start, last_day=last, exclusions=ex, as_of=as_of)
    assert CAL.working(end.due_on)
    assert end.due_on >= rolled
    for x in ex:
        if x.start <= end.due_on:
            assert end.due_on >= (x.end or as_of)
    if end.running:
        assert end.due_on >= as_of
    # The excluded days never exceed the days the exclusions span.
    assert end.excluded_days <= sum(((x.end or as_of) - x.start).days for x in ex)


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    accepted=st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 3, 31)),
    span=st.integers(0, 120),
)
def test_award_due_date_never_before_a_suspension_that_started_by_it_46(
    data: st.DataObject, accepted: dt.date, span: int
) -> None:
    """The same property through the award rule, with suspensions anywhere in the case's life."""
    as_of = accepted + dt.timedelta(days=span)
    s = data.draw(st.dates(min_value=accepted, max_value=as_of))
    ended = data.draw(st.booleans())
    e = data.draw(st.dates(min_value=s, max_value=as_of)) if ended else None
    events = [E("suspension_start", s)] + ([E("suspension_end", e)] if e else [])
    d = award(accepted, as_of, *events)
    if s <= d.due_on:
        assert d.due_on >= (e or as_of)
    if e is None and s <= d.due_on:
        assert d.status == "open" and d.due_on >= as_of


@settings(max_examples=150, deadline=None)
@given(
    knew=st.dates(min_value=D(2024, 1, 1), max_value=D(2025, 6, 30)),
    data=st.data(),
)
def test_limitation_expiry_never_before_a_suspension_that_started_by_it_27(
    knew: dt.date, data: st.DataObject
) -> None:
    as_of = data.draw(st.dates(min_value=knew, max_value=D(2026, 9, 30)))
    s = data.draw(st.dates(min_value=knew, max_value=as_of))
    e = data.draw(st.one_of(st.none(), st.dates(min_value=s, max_value=as_of)))
    r = limitation(
        LimitationInput(knew, "damages", as_of, suspensions=(Suspension(s, e),)), NATIONAL, CAL
    )
    assert r.expires_on is not None
    if s <= r.expires_on:
        assert r.expires_on >= (e or as_of)
    assert (r.status == "expired") == (
        r.expires_on < as_of and not (e is None and s <= r.expires_on)
    )
