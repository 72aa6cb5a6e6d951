"""Demo data for a first look (``lrc demo-data`` or ``lrc serve --demo-data``); idempotent.

Two jurisdictions under their own packs — 汶上县 (wenshang-2024) and 闵行区 (minhang-2023, with
浦锦街道 on pujin-2024) — with 40 enterprises, about 60 coordinators, a year of reviewed activities
and quarterly base scores, about 200 cases of every procedure, staffing bases, early-warning
signals that put enterprises at every level with their alerts, and a user per office and role.
Every record goes through the services, so every rule, audit entry and change-feed entry is the
one a real office's request would make. The records fill the demo year (:data:`DEMO_YEAR`) from a
seeded generator, so two loads make the same data; only the early-warning signals are dated back
from today, because risk is judged today. Personal data is synthetic (valid check digits).

The parts, in the order they load: :mod:`.regions` (regions, staffing bases, users),
:mod:`.people` (enterprises, coordinators), :mod:`.activities` (activities, assessments),
:mod:`.cases`, :mod:`.risk`.
"""

from __future__ import annotations

from sqlmodel import Session, select

from lrc_api.auth.service import DEMO_PASSWORD
from lrc_api.core.bulk import gc_paused
from lrc_api.core.db import get_engine
from lrc_api.core.region_tree import Region
from lrc_api.core.settings import get_settings
from lrc_api.core.unit_of_work import commit
from lrc_api.demo.world import DEMO_YEAR

__all__ = ["DEMO_PASSWORD", "DEMO_ROOT_CODE", "DEMO_YEAR", "DemoRefused", "load_demo_data"]

DEMO_ROOT_CODE = "370830"
"""Code of the demo county (汶上县); its presence means the demo data is loaded."""


class DemoRefused(RuntimeError):
    """The demo data is not loaded into a production deployment (its password is published)."""


def load_demo_data(base_url: str = "http://127.0.0.1:8000") -> str:
    """Load the demo records once (one transaction) and return how to sign in at ``base_url``
    (where the service will listen: ``lrc serve --port`` changes it).

    Raises :class:`DemoRefused` with ``LRC_ENV=production``: the demo users' password is in the
    README, and they would sign in wherever the data went.
    """
    from lrc_api.demo.regions import COORDINATOR_USER, USERS

    if get_settings().env == "production":
        raise DemoRefused(
            "demo data is not loaded with LRC_ENV=production: its users' password is published"
        )
    with Session(get_engine().execution_options(lrc_write=True), expire_on_commit=False) as session:
        existing = session.exec(select(Region).where(Region.code == DEMO_ROOT_CODE)).first()
        if existing is None:
            with gc_paused():  # thousands of records: the cyclic collector's scans dominate
                _load(session)
                commit(session)
            loaded = "loaded"
        else:
            loaded = "already present"
    # Plain console text (no Markdown): every user, whether loaded now or before.
    named = ", ".join([u for u, _, _ in USERS] + [COORDINATOR_USER])
    return (
        f"demo data {loaded}: 汶上县 (code {DEMO_ROOT_CODE}) and 闵行区 (code 310112), "
        f"records of {DEMO_YEAR}.\n"
        f"demo users: {named}; password {DEMO_PASSWORD!r} "
        "(demo-admin sees everything, demo-nanzhan only 南站镇).\n"
        "get a token:\n"
        f"  curl -s -X POST {base_url}/v1/auth/token "
        f"-d grant_type=password -d username=demo-admin -d password={DEMO_PASSWORD}\n"
        f"then: curl -H 'Authorization: Bearer <access_token>' {base_url}/v1/coordinators"
    )


def _load(session: Session) -> list[str]:
    """Every part, in order; returns the demo usernames."""
    from lrc_api.demo import activities, cases, people, regions, risk
    from lrc_api.demo.world import World

    world = World()
    regions.add_regions(session, world)
    regions.add_staffing_bases(session, world)
    people.add_enterprises(session, world)
    people.add_coordinators(session, world)
    users = regions.add_users(session, world, DEMO_PASSWORD)
    activities.add_work(session, world)
    cases.add_cases(session, world)
    risk.add_risk(session, world)
    return users
