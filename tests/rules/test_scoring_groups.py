"""score_groups (the ledger's input: events counted in SQL) agrees with score_quarter (附件1 8.3)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.policies import get_policy
from lrc_rules.scoring import (
    KINDS,
    MEDIA_LEVELS,
    EventGroup,
    ScorecardInput,
    ScoringEvent,
    score_groups,
    score_quarter,
)

WENSHANG = get_policy("wenshang-2024")
DAY = dt.date(2025, 5, 6)

event = st.builds(
    ScoringEvent,
    kind=st.sampled_from(KINDS),
    occurred_on=st.just(DAY),
    evidence=st.sampled_from([(), ("photo.jpg",)]),
    media_level=st.sampled_from([None, *MEDIA_LEVELS]),
)


@given(events=st.lists(event, max_size=30), base=st.integers(0, 30))
@settings(max_examples=150, deadline=None)
def test_groups_score_like_the_events_they_count_8_3(events: list[ScoringEvent], base: int) -> None:
    """Counting events by (kind, media level, evidence) first changes no number of the card."""
    by_event = score_quarter(ScorecardInput(2025, 2, base, tuple(events)), WENSHANG)
    tally = Counter((e.kind, e.media_level, bool(e.evidence)) for e in events)
    groups = [EventGroup(k, n, m, ev) for (k, m, ev), n in tally.items()]
    by_group = score_groups(2025, 2, base, groups, WENSHANG)
    assert by_group.categories == by_event.categories
    assert (by_group.bonus, by_group.deduction, by_group.total) == (
        by_event.bonus,
        by_event.deduction,
        by_event.total,
    )
    assert sum(1 for _ in by_group.ignored_events) <= len(by_event.ignored_events)


def test_publicity_group_of_five_is_capped_at_20_8_3() -> None:
    card = score_groups(2025, 2, 25, [EventGroup("publicity", 5)], WENSHANG)
    publicity = next(c for c in card.categories if c.category == "publicity")
    assert (publicity.count, publicity.points, publicity.cap) == (5, 20, 20)
    assert card.total == 45


def test_county_media_group_is_ignored_with_reason_8_3() -> None:
    card = score_groups(2025, 2, 20, [EventGroup("publication", 2, "county")], WENSHANG)
    assert card.total == 20
    assert [i.reason for i in card.ignored_events] == ["media_level_too_low"]
