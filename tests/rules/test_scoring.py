"""Quarterly scorecard and annual gold selection — 汶政字〔2024〕59号 附件1 8.2–8.3 (RULES.md §1–2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules import RULES_VERSION
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.gold import AnnualInput, CoordinatorYear, annual_ranking
from lrc_rules.policies import Policy, PolicyRegistry, get_policy
from lrc_rules.scoring import (
    CATEGORIES,
    KINDS,
    MEDIA_LEVELS,
    ScorecardInput,
    ScoringEvent,
    quarter_bounds,
    resolve_parameters,
    score_quarter,
)

WENSHANG = get_policy("wenshang-2024")
DAY = dt.date(2024, 8, 15)  # inside 2024 Q3, after the document took effect (2024-07-29)


def ev(kind: str, on: dt.date = DAY, evidence: tuple[str, ...] = ("photo.jpg",), media=None):
    """An event with evidence on a day of 2024 Q3 unless told otherwise."""
    return ScoringEvent(kind, on, evidence, media)


def card(*events: ScoringEvent, base: float = 20, year: int = 2024, quarter: int = 3):
    """Score a 2024 Q3 card with the wenshang-2024 pack."""
    return score_quarter(ScorecardInput(year, quarter, base, tuple(events)), WENSHANG)


def cat(result, name: str):
    """The category row ``name`` of a scorecard."""
    return next(c for c in result.categories if c.category == name)


def pack(tmp_path: Path, pack_id: str, scoring_toml: str) -> Policy:
    """A deployment pack extending wenshang-2024 that overrides some scoring parameters."""
    folder = tmp_path / pack_id
    folder.mkdir()
    (folder / "pack.toml").write_text(
        f'id = "{pack_id}"\ntitle = "test"\nextends = "wenshang-2024"\n'
        "in_force_from = 2024-07-29\n",
        encoding="utf-8",
    )
    (folder / "scoring.toml").write_text(scoring_toml, encoding="utf-8")
    return PolicyRegistry.load([tmp_path]).get(pack_id)


CHOICE = 'description = "test choice"\ncitation = { doc = "test", status = "verified" }\n'


# --- the table of 8.3, row by row -------------------------------------------------------------


def test_base_score_counts_as_assessed_up_to_30_8_3() -> None:
    """基本得分考核（满分30分）."""
    assert card(base=30).total == 30
    assert card(base=0).total == 0
    assert card(base=27.5).total == 27.5


@pytest.mark.parametrize("base", [31, -1, 30.5])
def test_base_score_outside_0_to_30_is_refused_8_3(base: float) -> None:
    """基本得分满分30分: a base score above 30 or below 0 is an input error naming the field."""
    with pytest.raises(RuleInputError) as err:
        card(base=base)
    assert err.value.field == "base_score"


def test_publicity_5_points_each_8_3() -> None:
    """组织开展宣传：每次加5分."""
    result = card(*[ev("publicity")] * 3)
    assert (cat(result, "publicity").count, cat(result, "publicity").points) == (3, 15)
    assert result.total == 35


def test_publicity_capped_at_20_per_quarter_8_3() -> None:
    """组织开展宣传（20分）：最多加20分; every event still counts in `count`."""
    row = cat(card(*[ev("publicity")] * 6), "publicity")
    assert (row.count, row.points, row.cap) == (6, 20, 20)


def test_mediation_own_unit_5_each_capped_at_10_8_3() -> None:
    """所在单位重要案件发挥主要作用的，每次加5分，最多加10分."""
    assert cat(card(ev("mediation_own_unit")), "mediation").points == 5
    assert cat(card(*[ev("mediation_own_unit")] * 3), "mediation").points == 10


def test_mediation_other_5_each_capped_at_10_8_3() -> None:
    """参与调处其他劳动关系案件的，每次加5分，最多加10分: it cannot fill the own-unit share."""
    assert cat(card(ev("mediation_other")), "mediation").points == 5
    assert cat(card(*[ev("mediation_other")] * 4), "mediation").points == 10


def test_mediation_row_is_own_plus_other_capped_at_20_8_3() -> None:
    """成功调解案件（20分） = own unit (≤ 10) + other cases (≤ 10)."""
    result = card(*[ev("mediation_own_unit")] * 3, *[ev("mediation_other")] * 5)
    row = cat(result, "mediation")
    assert (row.count, row.points, row.cap) == (8, 20, 20)
    step = next(s for s in result.trace if s.rule == "scoring.mediation")
    assert step.inputs["own_unit_points"] == 10 and step.inputs["other_points"] == 10


def test_risk_prevention_5_each_capped_at_10_8_3() -> None:
    """预防化解风险（10分）：每次加5分，最多加10分."""
    assert cat(card(ev("risk_prevention")), "risk").points == 5
    row = cat(card(*[ev("risk_prevention")] * 3), "risk")
    assert (row.count, row.points, row.cap) == (3, 10, 10)


@pytest.mark.parametrize("level", ["municipal", "provincial", "national"])
def test_publication_in_municipal_or_higher_media_scores_5_8_3(level: str) -> None:
    """刊发经验稿件：被市级以上媒体采纳……每次加5分 (市级 itself included)."""
    assert cat(card(ev("publication", media=level)), "publication").points == 5


def test_publication_capped_at_10_8_3() -> None:
    """刊发经验稿件（10分）：最多加10分."""
    events = [ev("publication", media=m) for m in ("municipal", "provincial", "national")]
    row = cat(card(*events), "publication")
    assert (row.count, row.points, row.cap) == (3, 10, 10)


def test_publication_in_county_media_ignored_with_reason_8_3() -> None:
    """市级以上媒体: a county-level publication does not score, and says why."""
    result = card(ev("publicity"), ev("publication", media="county"))
    assert cat(result, "publication").points == 0
    assert [(e.index, e.reason) for e in result.ignored_events] == [(1, "media_level_too_low")]
    assert "municipal" in result.ignored_events[0].detail


def test_publication_without_media_level_ignored_with_reason_8_3() -> None:
    """The media level decides whether a publication scores: without it, it does not."""
    result = card(ev("publication"))
    assert [(e.index, e.reason) for e in result.ignored_events] == [(0, "missing_media_level")]
    assert result.bonus == 0


def test_management_improvement_5_each_capped_at_10_8_3() -> None:
    """优化劳动管理（10分）：每次加5分，最多加10分."""
    assert cat(card(ev("management_improvement")), "management").points == 5
    row = cat(card(*[ev("management_improvement")] * 5), "management")
    assert (row.count, row.points, row.cap) == (5, 10, 10)


def test_minor_work_error_deducts_5_each_8_3() -> None:
    """工作失误：影响面较小，每次减5分."""
    result = card(ev("error_minor"), ev("error_minor"), base=30)
    assert (result.deduction, result.errors_minor, result.total) == (10, 2, 20)


def test_major_work_error_deducts_10_each_without_cap_8_3() -> None:
    """工作失误：影响面较大，每次减10分; the source states no cap on deductions."""
    result = card(*[ev("error_major")] * 5, base=30)
    assert (result.deduction, result.errors_major, result.total) == (50, 5, -20)


def test_work_errors_need_no_evidence_8_3() -> None:
    """Only the bonus items ask for 佐证材料; an error counts without evidence."""
    result = card(ev("error_minor", evidence=()), ev("error_major", evidence=()))
    assert result.deduction == 15 and result.ignored_events == ()


@pytest.mark.parametrize("kind", KINDS[:6])
def test_bonus_event_without_evidence_does_not_score_8_3(kind: str) -> None:
    """须提供……佐证材料: no evidence (or only blank references) → ignored, reason no_evidence."""
    media = "national" if kind == "publication" else None
    for evidence in ((), ("",), ("  ",)):
        result = card(ev(kind, evidence=evidence, media=media))
        assert result.bonus == 0
        assert [(e.index, e.reason) for e in result.ignored_events] == [(0, "no_evidence")]


def test_events_count_in_the_quarter_of_their_date_8_2() -> None:
    """季度量化计分: the first and last day count; the day before and after do not."""
    inside = [ev("publicity", on=d) for d in (dt.date(2024, 10, 1), dt.date(2024, 12, 31))]
    outside = [ev("publicity", on=d) for d in (dt.date(2024, 9, 30), dt.date(2025, 1, 1))]
    result = card(*inside, *outside, ev("error_major", on=dt.date(2025, 1, 2)), quarter=4)
    assert cat(result, "publicity").count == 2
    assert result.deduction == 0
    assert [(e.index, e.reason) for e in result.ignored_events] == [
        (2, "outside_quarter"),
        (3, "outside_quarter"),
        (4, "outside_quarter"),
    ]


def test_outside_quarter_is_checked_before_evidence() -> None:
    """An event outside the quarter is reported as such even without evidence."""
    result = card(ev("publicity", on=dt.date(2025, 1, 1), evidence=()))
    assert result.ignored_events[0].reason == "outside_quarter"


def test_full_marks_are_100_base_30_bonus_70_8_3() -> None:
    """基本得分满分30分 + 加减分满分70分 = 100: every row at its cap."""
    events = (
        [ev("publicity")] * 4
        + [ev("mediation_own_unit")] * 2
        + [ev("mediation_other")] * 2
        + [ev("risk_prevention")] * 2
        + [ev("publication", media="provincial")] * 2
        + [ev("management_improvement")] * 2
    )
    result = card(*events, base=30)
    assert [(c.category, c.points, c.cap) for c in result.categories] == [
        ("publicity", 20, 20),
        ("mediation", 20, 20),
        ("risk", 10, 10),
        ("publication", 10, 10),
        ("management", 10, 10),
    ]
    assert (result.bonus, result.total) == (70, 100)


def test_total_has_no_floor_by_default_choice_total_floor() -> None:
    """Choice (RULES.md §1): the source sets no floor, so a total may go below 0."""
    assert card(ev("error_major"), ev("error_major"), base=0).total == -20


def test_total_floor_applies_when_a_pack_sets_it(tmp_path: Path) -> None:
    """Choice total_floor: a pack that turns the floor on keeps the total at the floor."""
    floored = pack(
        tmp_path,
        "floored",
        f"[total.apply_floor]\n{CHOICE}value = true\n[total.floor]\n{CHOICE}value = 0\n",
    )
    events = (ev("error_major"), ev("error_major"))
    result = score_quarter(ScorecardInput(2024, 3, 5, events), floored)
    assert (result.policy, result.deduction, result.total) == ("floored", 20, 0)
    assert next(s for s in result.trace if s.rule == "scoring.total").inputs["floor"] == 0


# --- inputs the rules cannot decide on ------------------------------------------------------------


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_must_be_1_to_4_8_2(quarter: int) -> None:
    """季度: quarters 1–4 only."""
    with pytest.raises(RuleInputError) as err:
        card(quarter=quarter)
    assert err.value.field == "quarter"


def test_unknown_kind_names_the_event_field() -> None:
    """An event kind outside the list is an input error naming events[i].kind."""
    with pytest.raises(RuleInputError) as err:
        card(ev("publicity"), ev("training"))
    assert err.value.field == "events[1].kind"


def test_unknown_media_level_names_the_event_field() -> None:
    """A media level outside county/municipal/provincial/national is an input error."""
    with pytest.raises(RuleInputError) as err:
        card(ev("publication", media="township"))
    assert err.value.field == "events[0].media_level"


def test_quarter_before_the_document_took_effect_is_refused() -> None:
    """汶政字〔2024〕59号 dates from 2024-07-29: 2024 Q2 (ends 06-30) has no scoring rules."""
    with pytest.raises(RuleInputError) as err:
        card(year=2024, quarter=2)
    assert err.value.field == "quarter" and "2024-07-29" in err.value.message


def test_pack_without_scoring_rules_is_a_policy_error() -> None:
    """The national pack has no scorecard: that is the request's policy, not its quarter."""
    with pytest.raises(MissingParameterError):
        score_quarter(ScorecardInput(2024, 3, 20, ()), get_policy("national"))


# --- shape of the result ------------------------------------------------------------------------


def test_result_carries_policy_rules_version_and_cited_trace() -> None:
    """Every result names its pack, the rules version, and an ordered trace with citations."""
    result = card(ev("publicity"), ev("publication", media="county"))
    assert (result.policy, result.rules_version) == ("wenshang-2024", RULES_VERSION)
    assert [s.rule for s in result.trace] == [
        "scoring.period",
        "scoring.base",
        "scoring.ignored_events",
        *(f"scoring.{c}" for c in CATEGORIES),
        "scoring.bonus",
        "scoring.deduction",
        "scoring.total",
    ]
    assert all(s.citation and s.citation.doc == "汶政字〔2024〕59号" for s in result.trace)
    assert str(result.trace[3].citation) == "汶政字〔2024〕59号 附件1 8.3"
    assert result.trace[0].outcome == "2024-07-01/2024-09-30"
    assert result.trace[3].as_dict()["inputs"] == {"count": 1, "points_each": 5, "cap": 20}


def test_shared_trace_steps_are_read_only() -> None:
    """Memoised steps are shared between results, so their inputs cannot be changed."""
    step = card(ev("publicity")).trace[3]
    with pytest.raises(TypeError):
        step.inputs["count"] = 99  # type: ignore[index]


def test_memoised_and_fresh_results_are_equal() -> None:
    """The per-pack memo changes the speed, never the answer."""
    events = (ev("publicity"), ev("mediation_other"), ev("error_minor"), ev("publication"))
    first = card(*events, base=25)
    resolve_parameters(WENSHANG, dt.date(2024, 9, 30)).memo.clear()
    assert card(*events, base=25) == first


@pytest.mark.parametrize(
    ("year", "quarter", "start", "end"),
    [
        (2024, 1, dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        (2024, 2, dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        (2024, 3, dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        (2024, 4, dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
    ],
)
def test_quarters_are_calendar_quarters_8_2(year, quarter, start, end) -> None:
    """季度: Q1 = January–March … Q4 = October–December."""
    assert quarter_bounds(year, quarter) == (start, end)


# --- properties -------------------------------------------------------------------------------

q3_days = st.dates(dt.date(2024, 6, 20), dt.date(2024, 10, 10))
events_st = st.builds(
    ScoringEvent,
    kind=st.sampled_from(KINDS),
    occurred_on=q3_days,
    evidence=st.sampled_from([(), ("",), ("photo.jpg",), ("plan.pdf", "video.mp4")]),
    media_level=st.none() | st.sampled_from(MEDIA_LEVELS),
)
bases = st.integers(0, 30) | st.floats(0, 30, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(base=bases, events=st.lists(events_st, max_size=40))
def test_total_at_most_100_and_caps_hold_8_3(base: float, events: list[ScoringEvent]) -> None:
    """满分100: bonus ≤ 70, every row ≤ its cap, total = base + bonus − deduction ≤ 100."""
    result = card(*events, base=base)
    assert result.total <= 100 and result.bonus <= 70
    assert all(0 <= c.points <= c.cap for c in result.categories)
    assert result.bonus == sum(c.points for c in result.categories)
    assert result.total == base + result.bonus - result.deduction
    mediation = next(s for s in result.trace if s.rule == "scoring.mediation").inputs
    assert mediation["own_unit_points"] <= 10 and mediation["other_points"] <= 10


@settings(max_examples=150, deadline=None)
@given(events=st.lists(events_st, max_size=30), extra=events_st)
def test_adding_a_valid_event_never_lowers_the_bonus(events, extra) -> None:
    """Caps only stop growth: one more event (of any kind) never lowers the bonus."""
    assert card(*events, extra).bonus >= card(*events).bonus


@settings(max_examples=150, deadline=None)
@given(events=st.lists(events_st, max_size=30), data=st.data())
def test_order_of_events_does_not_matter(events, data) -> None:
    """The same events in another order give the same card (ignored ones by their own index)."""
    shuffled = data.draw(st.permutations(range(len(events))))
    a = card(*events)
    b = card(*(events[i] for i in shuffled))
    assert (a.categories, a.bonus, a.deduction, a.total) == (
        b.categories,
        b.bonus,
        b.deduction,
        b.total,
    )
    assert sorted((e.index, e.reason) for e in a.ignored_events) == sorted(
        (shuffled[e.index], e.reason) for e in b.ignored_events
    )


# --- annual result and gold selection (附件1 8.2–8.3, 正文三(五)) -----------------------------


def rank(*people: CoordinatorYear, quota: int | None = None, policy: Policy = WENSHANG):
    """Rank 2025's coordinators with the given pack."""
    return annual_ranking(AnnualInput(2025, quota, tuple(people)), policy)


def who(cid: str, q: tuple[float, ...] = (80, 80, 80, 80), minor: int = 0, major: int = 0):
    """A coordinator's year."""
    return CoordinatorYear(cid, q, minor, major)


def by_id(result):
    """The ranking keyed by coordinator id."""
    return {r.id: r for r in result.ranking}


def test_annual_score_is_the_sum_of_four_quarters_choice_8_2() -> None:
    """得分情况作为年度金牌评选的主要参考; Choice annual_aggregate = sum."""
    result = rank(who("a", (90, 85, 70.5, 60)))
    assert result.ranking[0].annual_total == 305.5
    assert result.trace[0].inputs == {"method": "sum"}


def test_annual_score_is_the_mean_when_the_pack_chooses_mean(tmp_path: Path) -> None:
    """Choice annual_aggregate = mean: the average of the four quarterly totals."""
    mean = pack(tmp_path, "mean", f'[annual.aggregate]\n{CHOICE}value = "mean"\n')
    assert rank(who("a", (90, 85, 70, 60)), policy=mean).ranking[0].annual_total == 76.25


@pytest.mark.parametrize(("minor", "major"), [(1, 0), (0, 1)])
def test_any_work_error_in_the_year_cancels_gold_eligibility_8_3(minor: int, major: int) -> None:
    """对年内出现工作失误的取消金牌劳动关系协调员评选资格."""
    r = rank(who("a", minor=minor, major=major), quota=1).ranking[0]
    assert (r.gold_eligible, r.gold, r.job_adjustment_recommended) == (False, False, False)
    assert r.reasons[0].startswith("gold_ineligible")


@pytest.mark.parametrize(
    ("minor", "major", "adjust"),
    [(0, 0, False), (1, 0, False), (2, 0, True), (1, 1, True), (0, 3, True)],
)
def test_two_or_more_work_errors_recommend_a_job_adjustment_8_3(minor, major, adjust) -> None:
    """年内出现2次及以上工作失误的，建议用人单位予以调整工作岗位."""
    r = rank(who("a", minor=minor, major=major)).ranking[0]
    assert r.job_adjustment_recommended is adjust and r.work_errors == minor + major
    assert any(x.startswith("job_adjustment") for x in r.reasons) is adjust


def test_gold_reasons_name_the_clause_the_pack_cites_8_3(tmp_path: Path) -> None:
    """A reason names the place its pack cites (附件1 8.3 under wenshang-2024), so a deployment
    pack with its own rules never shows another document's clause."""
    assert rank(who("a", minor=2)).ranking[0].reasons[:2] == (
        "gold_ineligible: 年内工作失误 2 次（≥ 1），取消金牌评选资格 (附件1 8.3)",
        "job_adjustment: 年内工作失误 2 次（≥ 2），建议用人单位调整工作岗位 (附件1 8.3)",
    )
    own = pack(
        tmp_path,
        "own-2025",
        "[annual.gold_disqualifying_errors]\n"
        'description = "errors that cancel gold"\n'
        'citation = { doc = "某县评选办法", status = "local_practice", clause = "第七条" }\n'
        "values = [{ from = 2024-07-29, value = 3 }]\n"
        "[annual.job_adjustment_errors]\n"
        'description = "errors that suggest a change of post"\n'
        'citation = { doc = "某县评选办法", status = "local_practice" }\n'
        "values = [{ from = 2024-07-29, value = 2 }]\n",
    )
    assert rank(who("a", minor=2), policy=own).ranking[0].reasons[:2] == (
        "gold_eligible: 年内工作失误 2 次，未达取消资格的 3 次 (第七条)",
        "job_adjustment: 年内工作失误 2 次（≥ 2），建议用人单位调整工作岗位 (某县评选办法)",
    )


def test_equal_scores_share_a_rank_1_2_2_4_choice() -> None:
    """Choice (RULES.md §2): ranking by annual score, equal scores share a rank (1, 2, 2, 4)."""
    result = rank(
        who("d", (10,) * 4), who("c", (50,) * 4), who("b", (50,) * 4), who("a", (90,) * 4)
    )
    assert [(r.id, r.rank) for r in result.ranking] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def test_dense_ranks_when_the_pack_chooses_dense(tmp_path: Path) -> None:
    """Choice rank_ties = dense gives 1, 2, 2, 3."""
    dense = pack(tmp_path, "dense", f'[annual.rank_ties]\n{CHOICE}value = "dense"\n')
    result = rank(
        who("a", (90,) * 4),
        who("b", (50,) * 4),
        who("c", (50,) * 4),
        who("d", (1,) * 4),
        policy=dense,
    )
    assert [r.rank for r in result.ranking] == [1, 2, 2, 3]


def test_gold_goes_to_the_best_eligible_in_rank_order_8_3() -> None:
    """The top scorer with a work error is passed over; the quota goes to the next eligible."""
    result = by_id(
        rank(
            who("top", (100,) * 4, minor=1),
            who("b", (90,) * 4),
            who("c", (80,) * 4),
            who("d", (70,) * 4),
            quota=2,
        )
    )
    assert [cid for cid, r in result.items() if r.gold] == ["b", "c"]
    assert result["top"].rank == 1 and result["d"].gold is False
    assert result["d"].reasons[-1].startswith("not_gold")


def test_without_gold_quota_only_eligibility_is_reported() -> None:
    """The source fixes no number of places: without gold_quota, gold is left undecided (None)."""
    result = rank(who("a"), who("b", minor=1))
    assert [(r.gold_eligible, r.gold) for r in result.ranking] == [(True, None), (False, None)]
    assert result.trace[-1].outcome is None


def test_tie_across_the_quota_all_get_gold_by_default_choice() -> None:
    """Choice gold_tie_at_quota = all: a tie straddling the quota shares the place."""
    result = by_id(
        rank(
            who("a", (90,) * 4),
            who("b", (80,) * 4),
            who("c", (80,) * 4),
            who("d", (70,) * 4),
            quota=2,
        )
    )
    assert [cid for cid, r in result.items() if r.gold] == ["a", "b", "c"]
    assert result["b"].reasons[-1].startswith("gold_tie_at_quota")
    assert result["d"].gold is False


def test_tie_across_the_quota_none_get_gold_when_the_pack_says_none(tmp_path: Path) -> None:
    """Choice gold_tie_at_quota = none: the tied do not get gold, and nobody below them does."""
    none = pack(tmp_path, "none", f'[annual.gold_tie_at_quota]\n{CHOICE}value = "none"\n')
    people = (who("a", (90,) * 4), who("b", (80,) * 4), who("c", (80,) * 4), who("d", (70,) * 4))
    result = by_id(rank(*people, quota=2, policy=none))
    assert [cid for cid, r in result.items() if r.gold] == ["a"]
    assert result["c"].reasons[-1].startswith("gold_tie_at_quota") and result["d"].gold is False


def test_gold_quota_zero_gives_no_gold() -> None:
    """A quota of 0 places selects nobody."""
    assert [r.gold for r in rank(who("a"), who("b"), quota=0).ranking] == [False, False]


def test_annual_trace_names_each_rule_with_its_citation() -> None:
    """The annual result explains itself: aggregate, rank, eligibility, job adjustment, gold."""
    result = rank(who("a"), who("b", major=2), quota=1)
    assert [s.rule for s in result.trace] == [
        "annual.aggregate",
        "annual.rank",
        "annual.gold_eligibility",
        "annual.job_adjustment",
        "annual.gold",
    ]
    assert str(result.trace[3].citation) == "汶政字〔2024〕59号 附件1 8.3"
    assert result.trace[3].outcome == {"a": False, "b": True}
    assert (result.policy, result.rules_version, result.trace[-1].outcome) == (
        "wenshang-2024",
        RULES_VERSION,
        ["a"],
    )


@pytest.mark.parametrize(
    ("people", "quota", "field"),
    [
        ((who("a", (80, 80, 80)),), None, "coordinators[0].quarters"),
        ((who("a"), who("a")), None, "coordinators[1].id"),
        ((who(""),), None, "coordinators[0].id"),
        ((who("a", (80, 80, 101, 80)),), None, "coordinators[0].quarters[2]"),
        ((who("a", minor=-1),), None, "coordinators[0].errors_minor"),
        ((who("a"),), -1, "gold_quota"),
    ],
)
def test_annual_input_errors_name_the_field(people, quota, field) -> None:
    """Exactly four quarterly totals (≤ 100), unique ids, counts ≥ 0, a quota ≥ 0."""
    with pytest.raises(RuleInputError) as err:
        rank(*people, quota=quota)
    assert err.value.field == field


def test_year_before_the_document_took_effect_is_refused() -> None:
    """The gold selection rules hold from 2024-07-29: year 2023 has none."""
    with pytest.raises(RuleInputError) as err:
        annual_ranking(AnnualInput(2023, None, (who("a"),)), WENSHANG)
    assert err.value.field == "year"
