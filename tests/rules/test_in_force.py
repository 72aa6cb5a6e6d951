"""Rules hold from the day they are in force (issue #10 §3; RULES.md §0).

A value applies only to days on or after its ``from``; a single ``value`` holds from the day its
pack is in force. An event dated before the pack that scores it was in force does not score.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules import scoring
from lrc_rules.errors import MissingParameterError
from lrc_rules.policies import get_policy

D = dt.date
WENSHANG = get_policy("wenshang-2024")


def test_publicity_before_wenshang_2024_is_in_force_does_not_score_issued_2024_07_29() -> None:
    """汶政字〔2024〕59号 was issued 2024-07-29: a Q3 2024 publicity on 07-01 is ignored with the
    reason; one on 07-29 scores."""
    card = scoring.score_quarter(
        scoring.ScorecardInput(
            2024,
            3,
            20,
            (
                scoring.ScoringEvent("publicity", D(2024, 7, 1), ("plan.pdf",)),
                scoring.ScoringEvent("publicity", D(2024, 7, 29), ("plan.pdf",)),
            ),
        ),
        WENSHANG,
    )
    assert [(e.index, e.reason) for e in card.ignored_events] == [(0, "before_in_force")]
    assert "2024-07-29" in card.ignored_events[0].detail
    assert card.categories[0].count == 1 and card.bonus == 5 and card.total == 25


def test_work_error_before_the_pack_is_in_force_is_not_deducted_either() -> None:
    card = scoring.score_quarter(
        scoring.ScorecardInput(2024, 3, 20, (scoring.ScoringEvent("error_major", D(2024, 7, 28)),)),
        WENSHANG,
    )
    assert card.deduction == 0 and card.ignored_events[0].reason == "before_in_force"


def test_stored_groups_before_the_pack_is_in_force_are_ignored_with_the_reason() -> None:
    score = scoring.quarter_scorer(2024, 3, WENSHANG, explain=True)
    card = score(
        20,
        [
            scoring.EventGroup("publicity", 2, None, True, before_in_force=True),
            scoring.EventGroup("publicity", 1, None, True),
        ],
    )
    assert [(e.index, e.reason) for e in card.ignored_events] == [(0, "before_in_force")]
    assert card.categories[0].count == 1


def test_rules_in_force_from_names_the_first_day_of_the_values() -> None:
    assert scoring.rules_in_force_from(WENSHANG, 2024, 3) == D(2024, 7, 29)
    assert scoring.rules_in_force_from(WENSHANG, 2025, 1) == D(2024, 7, 29)


@settings(max_examples=80, deadline=None)
@given(st.dates(min_value=D(2024, 7, 1), max_value=D(2024, 9, 30)))
def test_no_event_before_its_values_ever_scores(day: dt.date) -> None:
    card = scoring.score_quarter(
        scoring.ScorecardInput(2024, 3, 0, (scoring.ScoringEvent("publicity", day, ("p",)),)),
        WENSHANG,
    )
    assert (card.bonus == 5) == (day >= D(2024, 7, 29))


def test_a_single_value_holds_from_the_day_its_pack_is_in_force() -> None:
    """national is in force from 2008-05-01 (调解仲裁法): its undated values hold from then, not
    from the beginning of time."""
    national = get_policy("national")
    param = national.parameter("deadlines.status.due_soon_working_days")
    assert param.values[0][0] == D(2008, 5, 1)
    with pytest.raises(MissingParameterError):
        national.value("deadlines.status.due_soon_working_days", D(2008, 4, 30))


def test_every_parameter_of_every_pack_has_no_value_before_its_from() -> None:
    from lrc_rules.policies import builtin

    for policy in builtin().list():
        for path, param in policy.parameters.items():
            first = param.values[0][0]
            assert first > D(1900, 1, 1), path
            with pytest.raises(LookupError):
                param.at(first - dt.timedelta(days=1))
