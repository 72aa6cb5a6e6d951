"""Webhooks: 10,000 changes delivered to one loopback receiver — events per second and the delay
from commit to delivery (median, p99).

A dedicated dispatcher (``lrc webhooks run``, one delivery thread: one subscription is delivered
in order, one event at a time) and a receiver run as their own processes on a fresh database
(SQLite file by default, or ``--database-url``). Two phases:

- backlog: ``--events`` changes are committed first, then the dispatcher starts; events per
  second = events / (last arrival − dispatcher start, less its start-up, measured from the
  first arrival).
- live: ``--live-events`` changes are committed one transaction each at ``--rate`` per second
  while the dispatcher runs; delay = arrival at the receiver − the change's commit time (a rate
  above what the dispatcher gets of the CPU turns this into a queueing delay: the first and last
  tenth's delays are printed so that shows).

    .venv/bin/python bench/webhooks.py [--events 10000] [--live-events 3000] [--rate 50]
        [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _arrivals(path: Path) -> dict[str, float]:
    first: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        mid, at = line.split("\t")
        first.setdefault(mid, float(at))
    return first


def main() -> None:
    """Run both phases and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--live-events", type=int, default=3_000)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="lrc-bench-webhooks-"))
    env = {
        **os.environ,
        "LRC_DATABASE_URL": args.database_url or f"sqlite:///{tmp / 'webhooks.db'}",
        "LRC_DATA_DIR": str(tmp),
        "LRC_LOG_LEVEL": "WARNING",
        "LRC_WEBHOOK_ALLOWED_NETWORKS": '["127.0.0.0/8"]',
        "LRC_WEBHOOK_POLL_SECONDS": "0.05",
        "LRC_WEBHOOK_WORKERS": "1",
    }
    os.environ.update(env)

    from sqlmodel import Session, col, select

    from lrc_api.core import migrations
    from lrc_api.core.db import get_engine
    from lrc_api.core.journal import Change
    from lrc_api.core.principal import SYSTEM
    from lrc_api.core.unit_of_work import commit
    from lrc_api.regions import service as regions
    from lrc_api.regions.schemas import RegionCreate
    from lrc_api.webhooks import service as webhooks
    from lrc_api.webhooks.outbox import head as outbox_head
    from lrc_api.webhooks.schemas import WebhookCreate

    migrations.downgrade("base")
    migrations.upgrade("head")
    engine = get_engine()
    writer = engine.execution_options(lrc_write=True)

    def write(n: int, per_commit: int, rate: float | None, tag: str) -> None:
        interval = 1.0 / rate if rate else 0.0
        start = time.perf_counter()
        i = 0
        while i < n:
            with Session(writer) as session:
                for _ in range(min(per_commit, n - i)):
                    body = RegionCreate(code=f"{tag}{i}", name="推送压测区", kind="county")
                    regions.create(session=session, principal=SYSTEM, data=body)
                    i += 1
                commit(session)
            if interval:
                lag = start + i * interval - time.perf_counter()
                if lag > 0:
                    time.sleep(lag)

    def run_phase(name: str, *, backlog: bool) -> dict[str, float]:
        out = tmp / f"{name}.tsv"
        receiver = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "_webhook_receiver.py"), str(out)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert receiver.stdout is not None
        port = int(receiver.stdout.readline())
        with Session(writer) as session:
            body = WebhookCreate(url=f"http://127.0.0.1:{port}/hook", event_types=["region.*"])
            sub, _secret = webhooks.create(session=session, principal=SYSTEM, data=body)
            commit(session)
            after, sub_id = sub.last_seq, sub.id
        dispatcher_cmd = [sys.executable, "-m", "lrc_api.cli", "webhooks", "run"]
        if backlog:
            write(args.events, 500, None, f"B{name}")
        dispatcher = subprocess.Popen(dispatcher_cmd, env=env)
        started = time.time()
        if not backlog:
            # Warm up: one change delivered shows the dispatcher is up; the timed ones follow.
            write(1, 1, None, f"W{name}")
            with Session(engine) as session:
                warm = outbox_head(session)
            while True:
                with Session(engine) as session:
                    row = session.get(webhooks.WebhookSubscription, sub_id)
                    assert row is not None
                if row.last_seq >= warm:
                    break
                time.sleep(0.05)
            after = warm
            write(args.live_events, 1, args.rate, f"L{name}")
        with Session(engine) as session:
            committed = {
                f"msg_{c.seq}": c.at.timestamp()
                for c in session.exec(select(Change).where(col(Change.seq) > after))
            }
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            with Session(engine) as session:
                last = session.get(webhooks.WebhookSubscription, sub_id)
                assert last is not None
            if last.last_seq >= max(int(k[4:]) for k in committed):
                break
            time.sleep(0.2)
        for proc in (dispatcher, receiver):
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
        arrived = _arrivals(out)
        missing = set(committed) - set(arrived)
        assert not missing, f"{len(missing)} events never arrived"
        in_order = [
            (arrived[m] - committed[m]) * 1000 for m in sorted(committed, key=committed.get)
        ]
        tenth = max(1, len(in_order) // 10)
        print(
            f"{name}: delay of the first tenth {statistics.median(in_order[:tenth]):.0f} ms, "
            f"of the last tenth {statistics.median(in_order[-tenth:]):.0f} ms; writer "
            f"{len(committed) / (max(committed.values()) - min(committed.values()) or 1):.0f}/s",
            file=sys.stderr,
        )
        delays = sorted(in_order)
        first, last_at = min(arrived.values()), max(arrived.values())
        with Session(writer) as session:  # the next phase has its own subscription
            for row in session.exec(select(webhooks.WebhookSubscription)):
                row.active = False
                session.add(row)
            session.commit()
        return {
            "events": len(committed),
            "events_per_s": len(committed) / (last_at - first) if last_at > first else 0.0,
            "first_after_start_s": first - started,
            "delay_median_ms": statistics.median(delays),
            "delay_p99_ms": delays[int(0.99 * (len(delays) - 1))],
        }

    backlog = run_phase("backlog", backlog=True)
    live = run_phase("live", backlog=False)
    backend = engine.dialect.name
    print(f"database: {backend}; backlog: {args.events} events; live: {args.live_events} events")
    print(
        f"backlog: {backlog['events_per_s']:.0f} events/s delivered "
        f"(first event {backlog['first_after_start_s']:.1f} s after the dispatcher started)"
    )
    print(
        f"live at {args.rate:.0f}/s: delivered {live['events_per_s']:.0f} events/s; "
        f"commit→delivery median {live['delay_median_ms']:.1f} ms, "
        f"p99 {live['delay_p99_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
