"""A ledger's points back to events (附件1 8.3): the scorecard of the added events shows the figure."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.errors import RuleInputError
from lrc_rules.policies import get_policy
from lrc_rules.scoring import CATEGORIES, KINDS, EventGroup, resolve_parameters, score_groups
from lrc_rules.scoring_events import ROWS, events_for_points, row_points

WENSHANG = get_policy("wenshang-2024")
P = resolve_parameters(WENSHANG, dt.date(2025, 6, 30))


def _card_row(counts: dict[str, int], row: str) -> int:
    groups = [
        EventGroup(k, n, "municipal" if k == "publication" else None) for k, n in counts.items()
    ]
    card = score_groups(2025, 2, 20, groups, WENSHANG)
    if row == "deduction":
        return card.deduction
    return next(c.points for c in card.categories if c.category == row)


@given(
    row=st.sampled_from(ROWS),
    have=st.dictionaries(st.sampled_from(KINDS), st.integers(0, 4)),
    extra=st.integers(0, 8),
)
@settings(max_examples=300, deadline=None)
def test_added_events_score_exactly_the_ledger_figure_8_3(
    row: str, have: dict[str, int], extra: int
) -> None:
    current = row_points(P, row, have)
    assert current == _card_row(have, row)  # the helper agrees with the scorecard
    target = current + 5 * extra
    try:
        added = events_for_points(P, row, target, have)
    except RuleInputError as exc:
        # Only a figure above the row's cap is out of reach when it sits on the 5-point steps.
        assert exc.field == row and row != "deduction"
        assert target > P.category_caps[CATEGORIES.index(row)]
        return
    total = {k: have.get(k, 0) + added.get(k, 0) for k in {*have, *added}}
    assert _card_row(total, row) == target
    assert all(n > 0 for n in added.values())


def test_mediation_fills_own_unit_cases_first_then_other_cases_8_3() -> None:
    assert events_for_points(P, "mediation", 15, {}) == {
        "mediation_own_unit": 2,
        "mediation_other": 1,
    }
    assert events_for_points(P, "mediation", 20, {"mediation_own_unit": 3}) == {
        "mediation_other": 2
    }


def test_deduction_uses_the_fewest_errors_8_3() -> None:
    assert events_for_points(P, "deduction", 15, {}) == {"error_major": 1, "error_minor": 1}
    assert events_for_points(P, "deduction", 5, {}) == {"error_minor": 1}
    assert events_for_points(P, "deduction", 10, {"error_minor": 1}) == {"error_minor": 1}


def test_publicity_above_its_cap_of_20_cannot_come_from_events_8_3() -> None:
    with pytest.raises(RuleInputError) as err:
        events_for_points(P, "publicity", 25, {})
    assert err.value.field == "publicity" and "20" in err.value.message


def test_a_figure_off_the_5_point_steps_is_refused_8_3() -> None:
    with pytest.raises(RuleInputError, match="5"):
        events_for_points(P, "risk", 7, {})
    with pytest.raises(RuleInputError, match="5"):
        events_for_points(P, "deduction", 7, {})


def test_a_figure_below_what_is_recorded_is_refused() -> None:
    with pytest.raises(RuleInputError, match="already"):
        events_for_points(P, "publicity", 5, {"publicity": 2})
