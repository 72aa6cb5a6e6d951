"""How each demo case goes, procedure by procedure: a seeded story of status moves and events.

A story is the list of steps the case service is asked to take, with their days, so that each
case ends the way a real one of its procedure does: concluded on time or late against its main
deadline, with an extension or a suspension now and then, withdrawn or transferred sometimes,
still open (and by now overdue) for about one case in eight. Pure: no database here.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

_CONCLUSIONS = {
    "mediation": (("mediated", "agreement"),) * 3 + (("mediated", "no_agreement"),),
    "enterprise_mediation": (("mediated", "agreement"),) * 4 + (("mediated", "no_agreement"),),
    "arbitration": (("awarded", "award"),) * 3 + (("mediated", "arbitral_mediation"),) * 2,
    "inspection": (
        ("awarded", "rectification_ordered"),
        ("awarded", "rectification_ordered"),
        ("awarded", "penalized"),
        ("awarded", "no_violation"),
        ("awarded", "case_dismissed"),
    ),
    "wage_clue": (("mediated", "resolved"),) * 6 + (("mediated", "unresolved"),),
    "hotline": (("mediated", "resolved"),) * 5 + (("transferred", None),),
}
"""The ways a case of each procedure concludes, weighted by repetition."""


@dataclass
class Story:
    """What happens to one case after it is received."""

    accepted_on: dt.date | None = None
    filed_on: dt.date | None = None
    steps: list[tuple[str, str, dt.date, str | int | None]] = field(default_factory=list)
    """("move", status, day, conclusion) or ("event", kind, day, days)."""
    concluded: str | None = None
    """The conclusion reached, if the case concluded."""

    def move(self, status: str, on: dt.date, conclusion: str | None = None) -> None:
        """A status move on a day (with the conclusion, for a concluding one)."""
        self.steps.append(("move", status, on, conclusion))

    @property
    def last_move(self) -> dt.date:
        """The day of the latest status move (a later one may not come before it)."""
        return max(on for what, _, on, _ in self.steps if what == "move")

    def event(self, kind: str, on: dt.date, days: int | None = None) -> None:
        """A timeline event on a day (``days`` for an extension)."""
        self.steps.append(("event", kind, on, days))


def story(rng: random.Random, procedure: str, received: dt.date, fate: str) -> Story:
    """The story of a ``procedure`` case received on ``received``.

    ``fate``: ``open`` (stops while being handled), ``late`` (concludes after its main deadline),
    ``withdrawn``, or ``on_time``.
    """
    s = Story()
    after = received + dt.timedelta(days=rng.randint(0, 2))
    if procedure == "inspection":
        s.filed_on = received + dt.timedelta(days=rng.randint(1, 4))
        after = s.filed_on
    s.accepted_on = after
    s.move("accepted", after)
    start = after + dt.timedelta(days=rng.randint(0, 2))
    s.move("in_progress", start)
    if procedure == "arbitration":
        end = _arbitration(rng, s, start, fate)
    else:
        end = _simple(rng, s, procedure, received, start, fate)
    if end is None:
        return s
    end = max(end, s.last_move + dt.timedelta(days=1))
    if fate == "withdrawn":
        s.move("withdrawn", end)
        s.concluded = "withdrawn"
    else:
        status, conclusion = rng.choice(_CONCLUSIONS[procedure])
        s.move(status, end, conclusion)
        s.concluded = conclusion or status
        if status == "awarded" and procedure == "arbitration":
            s.event("award_received", end + dt.timedelta(days=rng.randint(2, 6)))
    if rng.random() < 0.25:  # the file closed too (归档): paperwork, the views count the conclusion
        s.move("closed", end + dt.timedelta(days=rng.randint(7, 20)))
    return s


# Days from the start of a deadline to a conclusion on time, and late (calendar days).
_WINDOWS = {
    "mediation": ((3, 13), (18, 40)),  # 15 days from receipt
    "enterprise_mediation": ((4, 13), (33, 50)),  # 15 days from acceptance (+15 extended)
    "inspection": ((20, 80), (100, 130)),  # 60 working days from filing (+30 extended)
    "wage_clue": ((1, 5), (10, 25)),  # the local limit: 5 working days for help or a complaint
    "hotline": ((1, 5), (10, 20)),
}


def _simple(
    rng: random.Random,
    s: Story,
    procedure: str,
    received: dt.date,
    start: dt.date,
    fate: str,
) -> dt.date | None:
    """Mediation, enterprise mediation, inspection, clues and work orders: an extension at times."""
    if fate == "open":
        if procedure in ("enterprise_mediation", "inspection") and rng.random() < 0.5:
            s.event(
                "extension", start + dt.timedelta(days=3), 15 if procedure != "inspection" else 30
            )
        return None
    base = {"mediation": received, "inspection": s.filed_on}.get(procedure) or s.accepted_on
    assert base is not None
    (lo, hi), (late_lo, late_hi) = _WINDOWS[procedure]
    extended = (
        procedure in ("enterprise_mediation", "inspection")
        and fate != "late"
        and rng.random() < 0.3
    )
    if extended:
        days = 15 if procedure == "enterprise_mediation" else 30
        s.event("extension", start + dt.timedelta(days=2), days)
        hi += days if procedure == "enterprise_mediation" else 35
    span = (late_lo, late_hi) if fate == "late" else (lo, hi)
    end = base + dt.timedelta(days=rng.randint(*span))
    return max(end, start + dt.timedelta(days=1))


def _arbitration(rng: random.Random, s: Story, start: dt.date, fate: str) -> dt.date | None:
    """Serve the respondent, fix the hearing, sometimes suspend or extend; the award within 45
    days of acceptance (办案规则 第四十五、四十六条), or late."""
    assert s.accepted_on is not None
    accepted = s.accepted_on
    served = accepted + dt.timedelta(days=rng.randint(2, 5))
    s.event("respondent_served", max(served, start))
    hearing = accepted + dt.timedelta(days=rng.randint(22, 34))
    s.event("hearing_scheduled", hearing)
    pause = 0
    roll = rng.random()
    if roll < 0.2 or (fate == "open" and roll < 0.6):  # 中止审理: the award clock stops
        pause = rng.randint(10, 25)
        stop = hearing - dt.timedelta(days=3)
        s.move("suspended", stop)
        if fate == "open":
            return None  # still suspended
        s.move("in_progress", stop + dt.timedelta(days=pause))
    elif roll < 0.35 and fate != "open":
        s.event("extension", hearing + dt.timedelta(days=2), 15)
        pause = 15
    if fate == "open":
        return None
    if fate == "late":
        return accepted + dt.timedelta(days=pause + rng.randint(50, 70))
    return max(hearing, accepted + dt.timedelta(days=pause + rng.randint(28, 44)))
