"""Early warning (劳资矛盾智慧预警): each signal's effect, tiers, decay, caps, levels, floors, trend.

No document sets the formula (浦锦 2024; 闵人社发〔2022〕34号 四(二)3; 汶政字〔2024〕59号 附件1 7.4):
these tests hold the engine to what the ``national`` pack says, and the property tests reach the
edges — a score equal to a threshold, a signal on the last day of the window, a cap just reached.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lrc_rules.early_warning import (
    LEVELS,
    SIGNAL_KINDS,
    Signal,
    assess,
    daily_levels,
    summarize,
)
from lrc_rules.early_warning_parameters import LEVEL_RANK, resolve_warning_parameters
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy, PolicyRegistry, get_policy

NATIONAL = get_policy("national")
WENSHANG = get_policy("wenshang-2024")
DAY = dt.date(2025, 6, 30)
PARAMS = resolve_warning_parameters(NATIONAL, DAY)
WINDOW = PARAMS.window_days


def ago(days: int) -> dt.date:
    return DAY - dt.timedelta(days=days)


@lru_cache
def pack(extra: str) -> Policy:
    """A pack extending ``national`` with ``extra`` early-warning TOML (read once per text)."""
    root = Path(tempfile.mkdtemp(prefix="lrc-ew-"))
    folder = root / "ew-test"
    folder.mkdir()
    (folder / "pack.toml").write_text(
        'id = "ew-test"\ntitle = "t"\nextends = "national"\nin_force_from = 2020-01-01\n',
        encoding="utf-8",
    )
    (folder / "early_warning.toml").write_text(extra, encoding="utf-8")
    return PolicyRegistry.load([root]).get("ew-test")


CITE = 'citation = { doc = "测试", status = "local_practice" }'
UNIT_KIND = f"""
[kinds.unit]
description = "a kind worth one cent per signal, for exact scores"
{CITE}
value = {{ name = "单位", dimension = "rights", weight = 0.01, cap = 1000 }}

[dimensions.rights]
description = "rights without a cap that bites"
{CITE}
value = {{ name = "劳动维权", cap = 1000 }}
"""
"""A pack where n fresh `unit` signals score exactly n/100 (up to the score cap of 100)."""


# --- each signal kind ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SIGNAL_KINDS)
def test_each_kind_scores_its_weight_in_its_dimension_when_fresh(kind: str) -> None:
    """One signal observed on the day assessed: the kind's weight, in the kind's dimension."""
    rule = PARAMS.kinds[kind]
    r = assess([Signal(kind, DAY)], NATIONAL, DAY)
    assert r.score == rule.weight
    (driver,) = r.drivers
    assert (driver.kind, driver.count, driver.points, driver.contribution) == (
        kind,
        1,
        rule.weight,
        rule.weight,
    )
    dims = {d.dimension: d.points for d in r.dimensions}
    assert dims[rule.dimension] == rule.weight
    assert sum(dims.values()) == rule.weight
    assert r.level == max(PARAMS.level_of(rule.weight), rule.floor or "green", key=LEVEL_RANK.get)


def test_every_kind_belongs_to_a_dimension_and_every_choice_says_so() -> None:
    """Every parameter of the indicator is a Choice (local_practice) with a note."""
    assert set(PARAMS.kinds) == set(SIGNAL_KINDS)
    for rule in PARAMS.kinds.values():
        assert rule.dimension in PARAMS.dimension_index
    for path, param in NATIONAL.parameters.items():
        if path.startswith("early_warning."):
            assert param.citation.status == "local_practice", path
            assert param.citation.note, path


def test_collective_dispute_keeps_the_level_at_least_orange_banshi_guize_5() -> None:
    """办案规则 第五条 collective dispute: fresh it scores 30 (yellow) but the level is orange,
    and it still is 89 days later, when its points have decayed to an eighth (3.84)."""
    fresh = assess([Signal("collective_dispute", DAY, 12)], NATIONAL, DAY)
    assert (fresh.score, fresh.score_level, fresh.level, fresh.floor) == (
        30,
        "yellow",
        "orange",
        "orange",
    )
    assert fresh.floor_kinds == ("collective_dispute",)
    assert "因有集体劳动争议，等级不低于橙色" in fresh.explanation
    rights = next(d for d in fresh.dimensions if d.dimension == "rights")
    assert (rights.level, rights.floor) == ("orange", "orange")
    old = assess([Signal("collective_dispute", ago(WINDOW - 1), 12)], NATIONAL, DAY)
    assert old.score == 3.84 and old.level == "orange"
    gone = assess([Signal("collective_dispute", ago(WINDOW), 12)], NATIONAL, DAY)
    assert (gone.level, gone.score, gone.trend.previous_level) == ("green", 0, "orange")


def test_mass_layoff_tier_starts_at_20_workers() -> None:
    """裁员: ×1.5 from 20 workers (劳动合同法 第四十一条's size), ×2 from 100."""
    scores = [assess([Signal("layoff", DAY, v)], NATIONAL, DAY).score for v in (19, 20, 99, 100)]
    assert scores == [12, 18, 18, 24]


def test_a_kind_without_a_unit_refuses_a_value() -> None:
    with pytest.raises(RuleInputError) as err:
        assess([Signal("hotline_complaint", DAY, 3)], NATIONAL, DAY)
    assert err.value.field == "signals[0].value"


@pytest.mark.parametrize(
    ("signal", "field"),
    [
        (Signal("water_drop", DAY, 100.5), "signals[0].value"),
        (Signal("layoff", DAY, -1), "signals[0].value"),
        (Signal("layoff", DAY, float("nan")), "signals[0].value"),
        (Signal("layoff", DAY, 3, count=0), "signals[0].count"),
    ],
)
def test_bad_values_are_refused_naming_the_field(signal: Signal, field: str) -> None:
    with pytest.raises(RuleInputError) as err:
        assess([signal], NATIONAL, DAY)
    assert err.value.field == field


def test_signals_that_do_not_count_are_listed_with_the_reason() -> None:
    r = assess(
        [
            Signal("no_such_kind", DAY),
            Signal("layoff", DAY + dt.timedelta(days=1), 5),
            Signal("layoff", dt.date(2008, 4, 30), 5),
            Signal("layoff", ago(2 * WINDOW), 5),
            Signal("layoff", ago(2 * WINDOW - 1), 5),
        ],
        NATIONAL,
        DAY,
    )
    assert [(i.index, i.reason) for i in r.ignored] == [
        (0, "unknown_kind"),
        (1, "after_as_of"),
        (2, "older_than_windows"),
        (3, "older_than_windows"),
    ]
    r = assess([Signal("layoff", dt.date(2008, 4, 30), 5)], NATIONAL, dt.date(2008, 6, 1))
    assert [i.reason for i in r.ignored] == ["before_in_force"]
    assert [
        s.window for s in assess([Signal("layoff", ago(2 * WINDOW - 1))], NATIONAL, DAY).signals
    ] == ["previous"]


def test_a_day_before_the_rules_hold_is_refused() -> None:
    with pytest.raises(RuleInputError) as err:
        assess([], NATIONAL, dt.date(2008, 4, 30))
    assert err.value.field == "as_of"


def test_a_pack_with_a_malformed_kind_names_the_parameter() -> None:
    bad = pack(
        f"""
[kinds.layoff]
description = "no dimension"
{CITE}
value = {{ name = "裁员", dimension = "nowhere", weight = 1, cap = 2 }}
"""
    )
    with pytest.raises(MissingParameterError) as err:
        assess([], bad, DAY)
    assert err.value.path == "early_warning.kinds.layoff.dimension"


# --- thresholds at their boundaries ----------------------------------------------------------------


@given(cents=st.integers(0, 12_000))
@example(cents=1_499)
@example(cents=1_500)
@example(cents=3_499)
@example(cents=3_500)
@example(cents=5_999)
@example(cents=6_000)
@example(cents=10_000)
@settings(max_examples=120, deadline=None)
def test_a_score_equal_to_a_threshold_reaches_that_level(cents: int) -> None:
    """green < 15 ≤ yellow < 35 ≤ orange < 60 ≤ red, on the score as shown; capped at 100."""
    policy = pack(UNIT_KIND)
    r = assess([Signal("unit", DAY, count=cents)] if cents else [], policy, DAY)
    shown = min(cents, 10_000) / 100
    assert r.score == shown
    expected = (
        "red" if shown >= 60 else "orange" if shown >= 35 else "yellow" if shown >= 15 else "green"
    )
    assert r.level == r.score_level == expected
    rights = next(d for d in r.dimensions if d.dimension == "rights")
    assert rights.level == (
        "red" if shown >= 40 else "orange" if shown >= 25 else "yellow" if shown >= 10 else "green"
    )


@given(
    cuts=st.lists(st.integers(1, 9_999), min_size=3, max_size=3, unique=True),
    cents=st.integers(0, 10_000),
)
@settings(max_examples=60, deadline=None)
def test_any_rising_thresholds_split_the_scale_at_their_values(cuts: list[int], cents: int) -> None:
    """Whatever a pack sets, the level is the highest threshold the score reaches."""
    y, o, r = sorted(cuts)
    policy = pack(
        UNIT_KIND
        + f"""
[levels]
description = "thresholds"
{CITE}
value = {{ yellow = {y / 100}, orange = {o / 100}, red = {r / 100} }}
"""
    )
    got = assess([Signal("unit", DAY, count=cents)] if cents else [], policy, DAY).level
    reached = [lv for lv, t in zip(LEVELS[1:], (y, o, r), strict=True) if cents >= t]
    assert got == (reached[-1] if reached else "green")


def test_thresholds_must_rise() -> None:
    bad = pack(
        f"[levels]\ndescription = 'x'\n{CITE}\nvalue = {{ yellow = 30, orange = 20, red = 60 }}\n"
    )
    with pytest.raises(MissingParameterError) as err:
        assess([], bad, DAY)
    assert err.value.path == "early_warning.levels"


# --- decay -----------------------------------------------------------------------------------------


@given(age=st.integers(0, WINDOW - 1), kind=st.sampled_from(SIGNAL_KINDS))
@settings(max_examples=80, deadline=None)
def test_points_decay_with_age_and_halve_each_half_life(age: int, kind: str) -> None:
    """A signal's points never rise with age; at one half-life they are half; until the last day
    of the window they count, the next day they leave it."""
    weight = PARAMS.kinds[kind].weight
    now = assess([Signal(kind, ago(age))], NATIONAL, DAY).signals[0]
    older = assess([Signal(kind, ago(age + 1))], NATIONAL, DAY).signals[0]
    assert now.window == "current"
    assert now.points == pytest.approx(weight * 0.5 ** (age / PARAMS.half_life_days), abs=1e-6)
    assert older.points <= now.points or older.window == "previous"
    if age == WINDOW - 1:
        assert older.window == "previous" and older.age_days == 0


def test_a_signal_is_worth_half_after_one_half_life() -> None:
    half = int(PARAMS.half_life_days)
    r = assess([Signal("closure_relocation", ago(half))], NATIONAL, DAY)
    assert r.signals[0].decay == 0.5
    assert r.score == PARAMS.kinds["closure_relocation"].weight / 2


# --- caps ------------------------------------------------------------------------------------------


@given(
    counts=st.dictionaries(st.sampled_from(SIGNAL_KINDS), st.integers(1, 40), max_size=12),
    value=st.integers(0, 150),
)
@settings(max_examples=150, deadline=None)
def test_caps_hold_per_kind_per_dimension_and_in_total(counts: dict[str, int], value: int) -> None:
    signals = [
        Signal(k, DAY, value if PARAMS.kinds[k].unit == "workers" else None, count=n)
        for k, n in counts.items()
    ]
    r = assess(signals, NATIONAL, DAY)
    for d in r.drivers:
        assert d.points == min(d.raw_points, d.cap)
        assert d.capped == (d.raw_points > d.cap)
    for dim in r.dimensions:
        assert dim.points == min(dim.raw_points, dim.cap)
        inside = sum(d.points for d in r.drivers if d.dimension == dim.dimension)
        assert dim.raw_points == pytest.approx(inside, abs=0.01 * len(r.drivers) + 1e-9)
    assert r.score <= PARAMS.score_cap
    assert round(sum(d.contribution for d in r.drivers), 2) == r.score
    more = assess([*signals, Signal("hotline_complaint", DAY)], NATIONAL, DAY)
    assert more.score >= r.score and LEVEL_RANK[more.level] >= LEVEL_RANK[r.level]


def test_kind_cap_just_reached() -> None:
    """Four fresh wage clues of 10 workers (4 × 15 = 60) stop at the kind's cap of 40."""
    r = assess([Signal("wage_arrears_clue", DAY, 10, count=4)], NATIONAL, DAY)
    (d,) = r.drivers
    assert (d.raw_points, d.points, d.capped) == (60, 40, True)
    assert "已达该类上限40分" in r.explanation


# --- trend -----------------------------------------------------------------------------------------

signal_strategy = st.builds(
    Signal,
    kind=st.sampled_from(SIGNAL_KINDS),
    observed_on=st.integers(0, 2 * WINDOW + 5).map(ago),
    value=st.none(),
    count=st.integers(1, 3),
)


@given(signals=st.lists(signal_strategy, max_size=25))
@settings(max_examples=120, deadline=None)
def test_trend_compares_with_the_score_at_the_end_of_the_previous_window(
    signals: list[Signal],
) -> None:
    r = assess(signals, NATIONAL, DAY)
    before = assess(signals, NATIONAL, ago(WINDOW))
    assert (r.trend.previous_score, r.trend.previous_level) == (before.score, before.level)
    assert r.trend.previous_end == ago(WINDOW)
    assert r.trend.previous_start == ago(2 * WINDOW - 1)
    assert r.trend.delta == round(r.score - before.score, 2)
    expected = (
        "up"
        if r.trend.delta >= PARAMS.trend_min_change and r.trend.delta > 0
        else "down"
        if r.trend.delta <= -PARAMS.trend_min_change and r.trend.delta < 0
        else "steady"
    )
    assert r.trend.direction == expected


@pytest.mark.parametrize(
    ("now", "before", "direction"),
    [(5, 0, "up"), (4.99, 0, "steady"), (0, 5, "down"), (0, 4.99, "steady"), (10, 10, "steady")],
)
def test_trend_turns_at_the_minimum_change_of_5_points(
    now: float, before: float, direction: str
) -> None:
    policy = pack(UNIT_KIND)
    signals = []
    if now:
        signals.append(Signal("unit", DAY, count=round(now * 100)))
    if before:
        signals.append(Signal("unit", ago(WINDOW), count=round(before * 100)))
    r = assess(signals, policy, DAY)
    assert (r.score, r.trend.previous_score, r.trend.direction) == (now, before, direction)


# --- one arithmetic --------------------------------------------------------------------------------


@given(signals=st.lists(signal_strategy, max_size=25), seed=st.integers(0, 1000))
@settings(max_examples=120, deadline=None)
def test_summary_ranks_exactly_as_the_full_assessment(signals: list[Signal], seed: int) -> None:
    """summarize (the region view's path) and assess give the same numbers, in any order."""
    full = assess(signals, WENSHANG, DAY)
    rows = [(s.kind, s.observed_on, s.value, s.count) for s in signals]
    random.Random(seed).shuffle(rows)
    quick = summarize(rows, WENSHANG, DAY)
    assert (quick.score, quick.level, quick.previous_score, quick.direction) == (
        full.score,
        full.level,
        full.trend.previous_score,
        full.trend.direction,
    )
    assert quick.dimension_levels == tuple(d.level for d in full.dimensions)


def test_daily_levels_walk_the_days() -> None:
    rows = [("collective_dispute", ago(10), 12.0, 1)]
    days = daily_levels(rows, NATIONAL, ago(12), DAY)
    assert [lv for _, lv in days] == ["green", "green"] + ["orange"] * 11
    later = daily_levels(
        rows, NATIONAL, ago(10) + dt.timedelta(days=WINDOW - 1), ago(10) + dt.timedelta(days=WINDOW)
    )
    assert [lv for _, lv in later] == ["orange", "green"]


# --- explanation and trace -------------------------------------------------------------------------


def test_explanation_says_level_drivers_dimensions_trend_and_duty_7_4() -> None:
    r = assess(
        [
            Signal("closure_relocation", DAY, 50),
            Signal("wage_arrears_clue", ago(1), 30),
            Signal("layoff", ago(2), 20),
            Signal("hotline_complaint", ago(WINDOW + 3)),
        ],
        NATIONAL,
        DAY,
    )
    assert r.level == "red" and r.alert
    text = r.explanation
    assert text.startswith("截至2025年6月30日的近90天，风险等级为红色")
    for part in ("关停并转迁1项", "欠薪线索1项", "裁员1项", "经营状况", "上升", "附件1 7.4"):
        assert part in text, part
    rules = [s.rule for s in r.trace]
    assert rules[0] == "early_warning.window" and rules[-2:] == [
        "early_warning.level",
        "early_warning.trend",
    ]
    assert all(s.citation is not None and s.citation.status == "local_practice" for s in r.trace)


def test_no_signals_is_green_and_says_so() -> None:
    r = assess([], NATIONAL, DAY)
    assert (r.level, r.score, r.drivers, r.alert) == ("green", 0, (), False)
    assert "未发现风险信号" in r.explanation
