"""One alert per enterprise and episode under concurrent writers, on SQLite and PostgreSQL.

Runs on SQLite and, in CI's second pass, on PostgreSQL, where the writers' transactions really
overlap: writers of one enterprise queue on its row, and beneath that the partial unique index
refuses a second alert whose episode has not ended — the savepoint then finds the first.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from lrc_api.alerts.models import RiskAlert
from lrc_api.alerts.service import open_alert
from lrc_api.core.db import get_engine
from lrc_api.core.models import today
from lrc_api.core.unit_of_work import commit
from lrc_api.enterprises.models import Enterprise
from lrc_api.risk.evaluation import EARLY_WARNING
from lrc_api.signals.models import RiskSignal
from tests.factories import make_enterprise, make_region, unique

Headers = Callable[..., dict[str, str]]
WRITERS = 6


def test_concurrent_signal_writes_open_exactly_one_alert(
    client: TestClient, auth_headers: Headers
) -> None:
    """Six systems report a closure (关停并转迁, floor orange) of one enterprise at once: six
    signals, one alert."""
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    ent = make_enterprise(client, admin, town["id"])["id"]
    barrier = threading.Barrier(WRITERS)
    statuses: list[int] = []
    lock = threading.Lock()

    def write(i: int) -> None:
        barrier.wait()
        r = client.post(
            f"/v1/enterprises/{ent}/signals",
            json={
                "source": f"system-{i}",
                "source_id": unique("c"),
                "kind": "closure_relocation",
                "observed_on": today().isoformat(),
            },
            headers=admin,
        )
        with lock:
            statuses.append(r.status_code)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [201] * WRITERS
    with Session(get_engine()) as s:
        signals = s.exec(select(RiskSignal).where(RiskSignal.enterprise_id == ent)).all()
        alerts = s.exec(select(RiskAlert).where(RiskAlert.enterprise_id == ent)).all()
    assert len(signals) == WRITERS
    assert [(a.level, a.state, a.ended_on) for a in alerts] == [("orange", "open", None)]


def test_a_second_opener_racing_past_the_row_lock_finds_the_first_alert(
    client: TestClient, auth_headers: Headers
) -> None:
    """Two units of work open the alert without queueing on the enterprise: the second's insert
    meets the partial unique index (on PostgreSQL it waits for the first to commit; SQLite lets
    one writer in at a time), rolls back to its savepoint and returns the first alert."""
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")
    ent = make_enterprise(client, admin, town["id"])["id"]
    writer = get_engine().execution_options(lrc_write=True)
    inserted, release = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def opener(name: str) -> None:
        with Session(writer, expire_on_commit=False) as s:
            enterprise = s.get(Enterprise, ent)
            assert enterprise is not None
            row, opened = open_alert(
                session=s,
                principal=EARLY_WARNING,
                enterprise=enterprise,
                policy="wenshang-2024",
                level="orange",
                score=40.0,
                on=today(),
            )
            if name == "first":
                inserted.set()
                release.wait(10)
            commit(s)
            results[name] = (row.id, opened)

    first = threading.Thread(target=opener, args=("first",))
    first.start()
    assert inserted.wait(10)
    second = threading.Thread(target=opener, args=("second",))
    second.start()
    time.sleep(0.3)  # the second is now waiting on the first (row lock or SQLite write lock)
    release.set()
    first.join(20)
    second.join(20)
    assert results["first"][1] is True and results["second"] == (results["first"][0], False)
    with Session(get_engine()) as s:
        rows = s.exec(
            select(RiskAlert).where(
                RiskAlert.enterprise_id == ent, col(RiskAlert.ended_on).is_(None)
            )
        ).all()
    assert len(rows) == 1
