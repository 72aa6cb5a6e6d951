"""Case deadlines on the real 2025–2026 calendar (RULES.md §7).

调解仲裁法 第十四条、第二十九条、第三十条、第三十五条、第四十三条、第四十八至五十条; 劳动人事争议仲裁办案规则
第四十五条、第四十六条、第八十条; 企业劳动争议协商调解规定 第二十六条; 劳动保障监察条例 第十七条;
关于实施《劳动保障监察条例》若干规定 第十八条; local closure limits (minhang-2023 pack).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.calendar import WorkCalendar, load_calendar_file
from lrc_rules.deadlines import CaseDeadlines, CaseEvent, CaseInput, Deadline, case_deadlines
from lrc_rules.errors import RuleInputError
from lrc_rules.policies import get_policy

D = dt.date
E = CaseEvent
CAL = WorkCalendar()
NATIONAL = get_policy("national")
MINHANG = get_policy("minhang-2023")


def run(procedure: str, received: dt.date, as_of: dt.date, **kw: object) -> CaseDeadlines:
    events = kw.pop("events", ())
    policy = kw.pop("policy", NATIONAL)
    calendar = kw.pop("calendar", CAL)
    case = CaseInput(procedure, received, as_of, events=tuple(events), **kw)  # type: ignore[arg-type]
    return case_deadlines(case, policy, calendar)  # type: ignore[arg-type]


def get(result: CaseDeadlines, key: str) -> Deadline:
    return next(d for d in result.deadlines if d.key == key)


def error(procedure: str, received: dt.date, as_of: dt.date, **kw: object) -> RuleInputError:
    with pytest.raises(RuleInputError) as err:
        run(procedure, received, as_of, **kw)
    return err.value


# --- mediation -----------------------------------------------------------------------------------


def test_mediation_ends_15_calendar_days_after_receipt_rolled_past_national_day_14() -> None:
    """调解仲裁法 第十四条: 09-16 + 15 = 10-01, a holiday → the period ends on 10-09."""
    d = get(run("mediation", D(2025, 9, 16), D(2025, 9, 20)), "mediation_end")
    assert (d.due_on, d.basis, d.days) == (D(2025, 10, 9), "calendar_days", 15)
    assert d.citation.article == "第十四条" and d.status == "open"


def test_mediation_accepts_no_case_events() -> None:
    """Only arbitration has suspensions: an event that does not apply is an error, not ignored."""
    err = error(
        "mediation", D(2025, 9, 16), D(2025, 9, 30), events=[E("suspension_start", D(2025, 9, 20))]
    )
    assert err.field == "events[0].kind"


# --- enterprise mediation ------------------------------------------------------------------------


def test_enterprise_mediation_15_days_from_acceptance_rolls_off_a_sunday_26() -> None:
    """企业劳动争议协商调解规定 第二十六条: 2026-01-10 + 15 = Sun 01-25 → Mon 01-26."""
    r = run("enterprise_mediation", D(2026, 1, 9), D(2026, 1, 12), accepted_on=D(2026, 1, 10))
    d = get(r, "mediation_end")
    assert d.due_on == D(2026, 1, 26) and d.counts_from == D(2026, 1, 10)


def test_enterprise_mediation_extension_by_agreement_at_most_15_days_26() -> None:
    """Extension by agreement ≤ 15 days: 01-10 + 30 = Mon 02-09; 16 days is refused."""
    r = run(
        "enterprise_mediation",
        D(2026, 1, 9),
        D(2026, 1, 20),
        accepted_on=D(2026, 1, 10),
        events=[E("extension", D(2026, 1, 20), 15)],
    )
    d = get(r, "mediation_end")
    assert (d.due_on, d.days, d.extension_days) == (D(2026, 2, 9), 30, 15)
    err = error(
        "enterprise_mediation",
        D(2026, 1, 9),
        D(2026, 1, 20),
        accepted_on=D(2026, 1, 10),
        events=[E("extension", D(2026, 1, 20), 16)],
    )
    assert err.field == "events[0].days" and "15" in err.message


def test_enterprise_mediation_needs_acceptance_date() -> None:
    """It counts from acceptance (受理): without accepted_on, 422 naming it."""
    assert error("enterprise_mediation", D(2026, 1, 9), D(2026, 1, 12)).field == "accepted_on"


# --- arbitration ---------------------------------------------------------------------------------


def test_acceptance_decision_5_working_days_across_national_day_29() -> None:
    """调解仲裁法 第二十九条, 办案规则 第八十条: 09-26 + 5 working days = 10-10 (09-28 worked)."""
    r = run("arbitration", D(2025, 9, 26), D(2025, 9, 26))
    d = get(r, "acceptance_decision")
    assert (d.due_on, d.basis) == (D(2025, 10, 10), "working_days")
    assert {p.key for p in r.pending} == {
        "serve_respondent",
        "award",
        "defence_due",
        "hearing_notice",
        "sue_after_award",
        "revoke_final_award",
    }


def test_materials_completed_moves_the_receipt_date_46_2() -> None:
    """办案规则 第四十六条(二): 收到仲裁申请的时间从材料补正之日起重新计算."""
    r = run(
        "arbitration",
        D(2025, 9, 1),
        D(2025, 9, 26),
        events=[E("materials_completed", D(2025, 9, 26))],
    )
    d = get(r, "acceptance_decision")
    assert d.counts_from == D(2025, 9, 26) and d.due_on == D(2025, 10, 10)


def test_serve_respondent_and_defence_due_30() -> None:
    """调解仲裁法 第三十条: serve within 5 working days of acceptance; defence within 10 of receipt."""
    r = run(
        "arbitration",
        D(2025, 9, 26),
        D(2025, 10, 13),
        accepted_on=D(2025, 9, 30),
        events=[E("respondent_served", D(2025, 9, 30))],
    )
    serve = get(r, "serve_respondent")
    assert serve.due_on == D(2025, 10, 14)  # 10-09, 10-10, Sat 10-11 (worked), 10-13, 10-14
    assert serve.status == "met" and serve.done_on == D(2025, 9, 30)
    assert get(r, "defence_due").due_on == D(2025, 10, 21)
    assert get(r, "acceptance_decision").status == "met"  # accepted_on is the decision


def test_award_45_calendar_days_from_acceptance_43() -> None:
    """调解仲裁法 第四十三条: 09-30 + 45 = Fri 11-14."""
    d = get(run("arbitration", D(2025, 9, 26), D(2025, 10, 1), accepted_on=D(2025, 9, 30)), "award")
    assert (d.due_on, d.basis, d.days, d.counts_from) == (
        D(2025, 11, 14),
        "calendar_days",
        45,
        D(2025, 9, 30),
    )


def test_award_rolls_forward_when_the_45th_day_is_a_holiday() -> None:
    """08-17 + 45 = 10-01 (National Day) → the award is due 10-09."""
    d = get(run("arbitration", D(2025, 8, 15), D(2025, 8, 20), accepted_on=D(2025, 8, 17)), "award")
    assert d.due_on == D(2025, 10, 9)


@pytest.mark.parametrize(
    "kind",
    [
        "party_added",
        "materials_completed",
        "claims_amended",
        "counterclaim_merged",
        "transferred_in",
    ],
)
def test_each_restart_counts_the_award_again_from_its_day_46(kind: str) -> None:
    """办案规则 第四十六条(一)–(五): 03-20 + 45 = Sun 05-04 (劳动节) → Tue 05-06."""
    r = run(
        "arbitration",
        D(2025, 3, 1),
        D(2025, 3, 25),
        accepted_on=D(2025, 3, 3),
        events=[E(kind, D(2025, 3, 20))],
    )
    d = get(r, "award")
    assert (d.counts_from, d.due_on) == (D(2025, 3, 20), D(2025, 5, 6))
    assert any(s.rule == "award.restart" and s.inputs["event"] == kind for s in r.trace)


def test_case_before_the_2017_rules_without_restarts_still_gets_its_award_deadline() -> None:
    """The restart rule (办案规则 2017) is looked up only when a restart event is given."""
    d = get(run("arbitration", D(2016, 3, 1), D(2016, 3, 5), accepted_on=D(2016, 3, 2)), "award")
    assert d.due_on == D(2016, 4, 18)  # 03-02 + 45 = Sat 04-16 → Mon 04-18


def test_restart_before_acceptance_leaves_the_award_clock_at_acceptance() -> None:
    """Materials completed before acceptance: acceptance (later) starts the award period."""
    r = run(
        "arbitration",
        D(2025, 3, 1),
        D(2025, 3, 25),
        accepted_on=D(2025, 3, 10),
        events=[E("materials_completed", D(2025, 3, 5))],
    )
    assert get(r, "award").counts_from == D(2025, 3, 10)


def test_the_latest_restart_wins() -> None:
    """Two restarts: the award counts from the later one."""
    r = run(
        "arbitration",
        D(2025, 3, 1),
        D(2025, 4, 30),
        accepted_on=D(2025, 3, 3),
        events=[E("claims_amended", D(2025, 4, 1)), E("party_added", D(2025, 3, 20))],
    )
    assert get(r, "award").counts_from == D(2025, 4, 1)


@pytest.mark.parametrize("kind", ["suspension", "public_notice"])
def test_suspension_and_public_notice_days_are_not_counted_46_6(kind: str) -> None:
    """办案规则 第四十六条(六): 10 days excluded move 11-14 to Mon 11-24."""
    r = run(
        "arbitration",
        D(2025, 9, 26),
        D(2025, 10, 30),
        accepted_on=D(2025, 9, 30),
        events=[E(f"{kind}_start", D(2025, 10, 10)), E(f"{kind}_end", D(2025, 10, 20))],
    )
    d = get(r, "award")
    assert (d.due_on, d.excluded_days, d.suspended) == (D(2025, 11, 24), 10, False)


def test_overlapping_exclusions_are_counted_once() -> None:
    """Suspension 10-10…10-20 and public notice 10-15…10-25: 15 days, 11-29 (Sat) → 12-01."""
    r = run(
        "arbitration",
        D(2025, 9, 26),
        D(2025, 10, 30),
        accepted_on=D(2025, 9, 30),
        events=[
            E("public_notice_end", D(2025, 10, 25)),
            E("suspension_start", D(2025, 10, 10)),
            E("public_notice_start", D(2025, 10, 15)),
            E("suspension_end", D(2025, 10, 20)),
        ],
    )
    d = get(r, "award")
    assert (d.excluded_days, d.due_on) == (15, D(2025, 12, 1))


def test_ongoing_suspension_stops_the_clock_and_keeps_it_open() -> None:
    """A suspension not yet ended: days so far are excluded, the due date keeps moving."""
    r = run(
        "arbitration",
        D(2025, 9, 1),
        D(2025, 11, 30),
        accepted_on=D(2025, 9, 1),
        events=[E("suspension_start", D(2025, 10, 10))],
    )
    d = get(r, "award")
    assert d.suspended and d.status == "open" and d.excluded_days == 51
    assert d.due_on == D(2025, 12, 8)  # 09-01 + 45 + 51 = Sat 12-06 → Mon 12-08
    assert any("stopped" in w for w in r.warnings)


def test_suspension_after_the_award_was_due_does_not_rescue_it() -> None:
    """Excluded days only count if the suspension began before the period ran out."""
    r = run(
        "arbitration",
        D(2025, 3, 1),
        D(2025, 6, 30),
        accepted_on=D(2025, 3, 3),
        events=[E("suspension_start", D(2025, 5, 1)), E("suspension_end", D(2025, 5, 20))],
    )
    d = get(r, "award")
    assert d.excluded_days == 0 and d.status == "overdue"


def test_award_extension_with_approval_at_most_15_days_45() -> None:
    """办案规则 第四十五条: 11-14 + 15 = Sat 11-29 → Mon 12-01."""
    r = run(
        "arbitration",
        D(2025, 9, 26),
        D(2025, 11, 10),
        accepted_on=D(2025, 9, 30),
        events=[E("extension", D(2025, 11, 10), 15)],
    )
    d = get(r, "award")
    assert (d.due_on, d.days, d.extension_days) == (D(2025, 12, 1), 60, 15)


def test_award_extension_over_15_days_is_refused_45() -> None:
    """延长期限不得超过十五日: 16 is a 422 naming the event's days."""
    err = error(
        "arbitration",
        D(2025, 9, 26),
        D(2025, 11, 10),
        accepted_on=D(2025, 9, 30),
        events=[E("extension", D(2025, 11, 10), 16)],
    )
    assert err.field == "events[0].days" and err.rule == "deadlines.arbitration.award_extension_max"


def test_a_second_extension_is_refused() -> None:
    """Only one extension: the second (by date) is named."""
    err = error(
        "arbitration",
        D(2025, 9, 26),
        D(2025, 11, 12),
        accepted_on=D(2025, 9, 30),
        events=[E("extension", D(2025, 11, 12), 5), E("extension", D(2025, 11, 10), 5)],
    )
    assert err.field == "events[0]" and "second extension" in err.message


def test_extension_without_days_is_refused() -> None:
    """An extension needs its days."""
    err = error(
        "arbitration",
        D(2025, 9, 26),
        D(2025, 11, 12),
        accepted_on=D(2025, 9, 30),
        events=[E("extension", D(2025, 11, 12))],
    )
    assert err.field == "events[0].days"


def test_suspension_end_without_start_is_out_of_order() -> None:
    """An end before its start (by date) is an error naming that event."""
    err = error(
        "arbitration",
        D(2025, 9, 26),
        D(2025, 11, 12),
        accepted_on=D(2025, 9, 30),
        events=[E("suspension_start", D(2025, 10, 20)), E("suspension_end", D(2025, 10, 10))],
    )
    assert err.field == "events[1]" and "without an earlier suspension_start" in err.message


def test_two_open_suspensions_are_out_of_order() -> None:
    """A second start before the first ended is an error."""
    err = error(
        "arbitration",
        D(2025, 9, 26),
        D(2025, 11, 12),
        accepted_on=D(2025, 9, 30),
        events=[E("suspension_start", D(2025, 10, 10)), E("suspension_start", D(2025, 10, 12))],
    )
    assert err.field == "events[1]"


def test_events_may_come_unsorted_and_same_day_start_end_is_fine() -> None:
    """Events are sorted by date; a same-day start and end exclude nothing."""
    r = run(
        "arbitration",
        D(2025, 9, 26),
        D(2025, 10, 30),
        accepted_on=D(2025, 9, 30),
        events=[E("suspension_end", D(2025, 10, 10)), E("suspension_start", D(2025, 10, 10))],
    )
    assert get(r, "award").excluded_days == 0


@pytest.mark.parametrize(
    ("event", "field"),
    [
        (E("party_added", D(2025, 9, 1)), "events[0].on"),  # before received_on
        (E("party_added", D(2025, 12, 1)), "events[0].on"),  # after as_of
        (E("party_added", D(2025, 10, 1), 3), "events[0].days"),  # days on a non-extension
        (E("appeal", D(2025, 10, 1)), "events[0].kind"),  # unknown kind
    ],
)
def test_bad_events_are_named(event: CaseEvent, field: str) -> None:
    """Events before receipt, after as_of (except a hearing), with stray days, or unknown."""
    err = error(
        "arbitration", D(2025, 9, 26), D(2025, 11, 12), accepted_on=D(2025, 9, 30), events=[event]
    )
    assert err.field == field


def test_hearing_notice_5_working_days_before_the_hearing_35() -> None:
    """调解仲裁法 第三十五条: hearing Mon 10-13 → notice by 09-29 (10-11, 10-10, 10-09, 09-30, 09-29)."""
    r = run(
        "arbitration",
        D(2025, 9, 1),
        D(2025, 9, 20),
        accepted_on=D(2025, 9, 2),
        events=[E("hearing_scheduled", D(2025, 10, 13))],
    )
    d = get(r, "hearing_notice")
    assert (d.due_on, d.counts_from, d.basis, d.status) == (
        D(2025, 9, 29),
        D(2025, 10, 13),
        "working_days",
        "open",
    )


def test_a_rescheduled_hearing_replaces_the_earlier_one() -> None:
    """The last hearing_scheduled in the request counts, even if it is earlier."""
    r = run(
        "arbitration",
        D(2025, 9, 1),
        D(2025, 9, 20),
        accepted_on=D(2025, 9, 2),
        events=[E("hearing_scheduled", D(2025, 11, 3)), E("hearing_scheduled", D(2025, 10, 13))],
    )
    assert get(r, "hearing_notice").counts_from == D(2025, 10, 13)


def test_after_award_15_and_30_days_from_receipt_48_49_50() -> None:
    """调解仲裁法 第四十八条、第五十条 (15 days) and 第四十九条 (30 days), from receipt of the award."""
    r = run(
        "arbitration",
        D(2025, 7, 1),
        D(2025, 9, 20),
        accepted_on=D(2025, 7, 2),
        events=[E("award_received", D(2025, 9, 16))],
    )
    assert get(r, "sue_after_award").due_on == D(2025, 10, 9)  # 10-01 rolled
    assert get(r, "revoke_final_award").due_on == D(2025, 10, 16)
    assert get(r, "revoke_final_award").citation.article == "第四十九条"


def test_collective_dispute_from_10_workers_is_flagged_5() -> None:
    """办案规则 第五条: 劳动者一方在十人以上并有共同请求 → priority."""
    assert run("arbitration", D(2025, 9, 26), D(2025, 9, 26), worker_count=10).collective is True
    assert run("arbitration", D(2025, 9, 26), D(2025, 9, 26), worker_count=9).collective is False
    assert run("arbitration", D(2025, 9, 26), D(2025, 9, 26)).collective is None


# --- inspection ----------------------------------------------------------------------------------


def test_inspection_acceptance_5_and_investigation_60_working_days() -> None:
    """若干规定 第十八条 (5 working days); 劳动保障监察条例 第十七条 (60, + 30 with approval)."""
    r = run("inspection", D(2025, 9, 26), D(2025, 10, 9), filed_on=D(2025, 10, 9))
    acc = get(r, "complaint_acceptance")
    assert acc.due_on == D(2025, 10, 10) and acc.status == "met"
    inv = get(r, "investigation")
    assert inv.due_on == CAL.add_working_days(D(2025, 10, 9), 60).date
    assert inv.basis == "working_days"
    ext = run(
        "inspection",
        D(2025, 9, 26),
        D(2025, 10, 20),
        filed_on=D(2025, 10, 9),
        events=[E("extension", D(2025, 10, 20), 30)],
    )
    assert get(ext, "investigation").due_on == CAL.add_working_days(D(2025, 10, 9), 90).date
    err = error(
        "inspection",
        D(2025, 9, 26),
        D(2025, 10, 20),
        filed_on=D(2025, 10, 9),
        events=[E("extension", D(2025, 10, 20), 31)],
    )
    assert err.field == "events[0].days"


# --- local closure limits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("matter", "due"),
    [
        ("consultation", D(2025, 9, 28)),  # the worked Sunday
        ("help", D(2025, 10, 10)),
        ("complaint", D(2025, 10, 10)),
        ("complex", D(2025, 10, 23)),
    ],
)
@pytest.mark.parametrize("procedure", ["wage_clue", "hotline"])
def test_local_closure_limits_from_the_pack(procedure: str, matter: str, due: dt.date) -> None:
    """minhang-2023 local limits: 1 working day consultation, 5 help/complaint, 15 complex."""
    r = run(procedure, D(2025, 9, 26), D(2025, 9, 26), policy=MINHANG, matter=matter)
    d = get(r, "closure")
    assert d.due_on == due and d.basis == "working_days"


def test_local_closure_without_local_limits_names_the_policy() -> None:
    """The national pack has no local limits: 422 on `policy`, never a guess."""
    err = error("hotline", D(2025, 9, 26), D(2025, 9, 26), matter="help")
    assert err.field == "policy" and "minhang-2023" in err.message


def test_local_closure_needs_the_kind_of_matter() -> None:
    """Without `matter` the limit is unknown."""
    assert error("wage_clue", D(2025, 9, 26), D(2025, 9, 26), policy=MINHANG).field == "matter"


# --- status --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "done", "status"),
    [
        (D(2025, 9, 26), None, "open"),  # 5 working days ahead
        (D(2025, 10, 9), None, "due_soon"),  # 1 working day ahead (window: 3)
        (D(2025, 10, 10), None, "due_soon"),  # the due day itself
        (D(2025, 10, 13), None, "overdue"),
        (D(2025, 10, 13), D(2025, 10, 10), "met"),
        (D(2025, 10, 13), D(2025, 10, 13), "late"),
    ],
)
def test_status_against_as_of(as_of: dt.date, done: dt.date | None, status: str) -> None:
    """Status: met/late when done, else open, due_soon (≤ 3 working days, pack) or overdue."""
    kw: dict[str, object] = {"done": {"acceptance_decision": done}} if done else {}
    d = get(run("arbitration", D(2025, 9, 26), as_of, **kw), "acceptance_decision")
    assert d.due_on == D(2025, 10, 10) and d.status == status


def test_done_keys_are_checked() -> None:
    """Unknown keys, keys of deadlines not started, and dates outside the case are refused."""
    assert (
        error("arbitration", D(2025, 9, 26), D(2025, 10, 1), done={"verdict": D(2025, 9, 30)}).field
        == "done.verdict"
    )
    assert (
        error("arbitration", D(2025, 9, 26), D(2025, 10, 1), done={"award": D(2025, 9, 30)}).field
        == "done.award"
    )
    assert (
        error(
            "mediation", D(2025, 9, 26), D(2025, 10, 1), done={"mediation_end": D(2025, 9, 1)}
        ).field
        == "done.mediation_end"
    )


def test_dates_out_of_order_are_refused() -> None:
    """as_of before receipt, acceptance before receipt."""
    assert error("mediation", D(2025, 9, 26), D(2025, 9, 1)).field == "as_of"
    assert (
        error("arbitration", D(2025, 9, 26), D(2025, 10, 1), accepted_on=D(2025, 9, 1)).field
        == "accepted_on"
    )


# --- crossing into a year without data -----------------------------------------------------------


def test_deadline_crossing_into_2027_is_provisional_and_names_the_year() -> None:
    """2026-12-20 + 15 = Mon 2027-01-04, counted without 2027 holiday data."""
    r = run("mediation", D(2026, 12, 20), D(2026, 12, 21))
    d = get(r, "mediation_end")
    assert d.due_on == D(2027, 1, 4) and d.provisional and r.provisional
    assert any("2027" in w for w in r.warnings)


def test_calendar_file_for_2027_removes_the_provisional_flag(tmp_path: Path) -> None:
    """With 2027 supplied (here 01-01…01-04 off), the due date follows the file."""
    path = tmp_path / "cal.toml"
    path.write_text(
        "[years.2027]\nholidays = [2027-01-01, 2027-01-02, 2027-01-03, 2027-01-04]\n",
        encoding="utf-8",
    )
    cal = WorkCalendar(load_calendar_file(path))
    r = run("mediation", D(2026, 12, 20), D(2026, 12, 21), calendar=cal)
    d = get(r, "mediation_end")
    assert d.due_on == D(2027, 1, 5) and not d.provisional and r.warnings == ()


def test_every_deadline_has_a_trace_step_with_its_citation() -> None:
    """The trace names each deadline with the article applied."""
    r = run("arbitration", D(2025, 9, 26), D(2025, 10, 1), accepted_on=D(2025, 9, 30))
    by_rule = {s.rule: s for s in r.trace}
    for d in r.deadlines:
        assert by_rule[d.key].citation == d.citation
    assert r.policy == "national" and r.rules_version


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=120, deadline=None)
@given(
    received=st.dates(min_value=D(2017, 7, 1), max_value=D(2026, 6, 1)),
    accept_after=st.integers(min_value=0, max_value=10),
    restart_after=st.integers(min_value=0, max_value=40),
    pause=st.integers(min_value=0, max_value=30),
)
def test_every_due_date_is_a_working_day(
    received: dt.date, accept_after: int, restart_after: int, pause: int
) -> None:
    """Working-day deadlines land on working days; calendar-day ones are rolled onto one."""
    accepted = received + dt.timedelta(days=accept_after)
    restart = accepted + dt.timedelta(days=restart_after)
    s = restart + dt.timedelta(days=1)
    events = [
        E("claims_amended", restart),
        E("suspension_start", s),
        E("suspension_end", s + dt.timedelta(days=pause)),
        E("respondent_served", accepted),
        E("hearing_scheduled", s + dt.timedelta(days=60)),
        E("award_received", s + dt.timedelta(days=pause)),
    ]
    as_of = s + dt.timedelta(days=pause)
    r = run("arbitration", received, as_of, accepted_on=accepted, events=events)
    assert len(r.deadlines) == 7
    for d in r.deadlines:
        assert CAL.working(d.due_on), d
    award = get(r, "award")
    raw = restart + dt.timedelta(days=45 + award.excluded_days)
    assert award.due_on == CAL.roll_forward(raw).date
    assert award.excluded_days == pause
