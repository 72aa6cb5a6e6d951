"""Scorecards per second in process, trace included, on a realistic mix (one core, one process).

Usage: ``python bench/rules.py [--seconds 5] [--events 12] [--cards 5000] [--cold]``

The cards are built before the clock starts: each has ``--events`` events drawn with fixed
weights over the kinds (mostly publicity and mediation, a few work errors), about 5 % without
evidence, 3 % dated outside the quarter, and publications at every media level — so some events
are ignored with a reason, as in real ledgers. ``--cold`` empties the per-pack memo before every
card, to show the cost when nothing is memoised. Target (DESIGN.md): ≥ 50,000 scorecards/s.
Both wall-clock and CPU-time rates are printed: on a shared machine the CPU-time rate is the
one-core figure; on an idle one they agree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from lrc_rules.policies import get_policy
from lrc_rules.scoring import (
    ScorecardInput,
    ScoringEvent,
    quarter_bounds,
    resolve_parameters,
    score_quarter,
)

KIND_WEIGHTS = {
    "publicity": 30,
    "mediation_own_unit": 10,
    "mediation_other": 15,
    "risk_prevention": 10,
    "publication": 10,
    "management_improvement": 10,
    "error_minor": 4,
    "error_major": 1,
}
MEDIA_WEIGHTS = {"county": 25, "municipal": 40, "provincial": 25, "national": 10}


def make_cards(count: int, events: int, seed: int = 7) -> list[ScorecardInput]:
    """``count`` scorecard inputs for quarters of 2025, with ``events`` events each."""
    rng = random.Random(seed)
    kinds, kind_w = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    levels, level_w = list(MEDIA_WEIGHTS), list(MEDIA_WEIGHTS.values())
    cards = []
    for _ in range(count):
        quarter = rng.randint(1, 4)
        start, end = quarter_bounds(2025, quarter)
        span = (end - start).days
        evs = []
        for kind in rng.choices(kinds, kind_w, k=events):
            day = start + dt.timedelta(days=rng.randint(0, span))
            if rng.random() < 0.03:
                day = end + dt.timedelta(days=rng.randint(1, 20))
            evidence = () if rng.random() < 0.05 else (f"evidence/{rng.randint(1, 10**6)}.jpg",)
            level = rng.choices(levels, level_w)[0] if kind == "publication" else None
            evs.append(ScoringEvent(kind, day, evidence, level))
        cards.append(ScorecardInput(2025, quarter, rng.randint(15, 30), tuple(evs)))
    return cards


def main() -> None:
    """Run the benchmark and print the figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to run (default 5)")
    parser.add_argument("--events", type=int, default=12, help="events per card (default 12)")
    parser.add_argument("--cards", type=int, default=5000, help="distinct cards (default 5000)")
    parser.add_argument("--cold", action="store_true", help="empty the memo before every card")
    args = parser.parse_args()

    policy = get_policy("wenshang-2024")
    cards = make_cards(args.cards, args.events)
    memos = [resolve_parameters(policy, quarter_bounds(2025, q)[1]).memo for q in range(1, 5)]
    steps = ignored = done = 0
    began, cpu_began = time.perf_counter(), time.process_time()
    deadline = began + args.seconds
    while time.perf_counter() < deadline:
        for card in cards:
            if args.cold:
                for memo in memos:
                    memo.clear()
            result = score_quarter(card, policy)
            steps += len(result.trace)
            ignored += len(result.ignored_events)
        done += len(cards)
    elapsed = time.perf_counter() - began
    cpu = time.process_time() - cpu_began
    print(
        f"{done / elapsed:,.0f} scorecards/s wall, {done / cpu:,.0f}/s per CPU-second "
        f"({done:,} in {elapsed:.2f} s wall, {cpu:.2f} s CPU; "
        f"{args.events} events/card, {steps / done:.1f} trace steps/card, "
        f"{ignored / (done * args.events):.1%} of events ignored; "
        f"{'cold' if args.cold else 'warm'} memo, target ≥ 50,000/s)"
    )


if __name__ == "__main__":
    main()
