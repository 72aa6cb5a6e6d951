"""What the hardening costs per request, measured side by side in one run.

Usage: ``python bench/security.py [--seconds 2]``

- Access-log line: ``JsonFormatter.format`` with the personal-data masking, against the same
  formatter with masking switched off (identity), on a typical access record.
- Account check of a bearer token (``core.accounts.require_live``): from the worker's cache,
  against reading the account from the database each time (``LRC_ACCOUNT_CACHE_SECONDS=0``),
  on a SQLite file.
- Idempotent answer: sealing and opening a created coordinator's answer (AES-256-GCM), against
  dumping and loading the same JSON in clear.

Times are per operation, CPU time of this process (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def per_op(fn: Callable[[], object], seconds: float) -> float:
    """CPU microseconds per call of ``fn``, over about ``seconds``."""
    n, started = 0, time.process_time()
    deadline = started + seconds
    while True:
        for _ in range(200):
            fn()
        n += 200
        now = time.process_time()
        if now >= deadline:
            return (now - started) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lrc-bench-security-"))
    os.environ["LRC_DATABASE_URL"] = f"sqlite:///{tmp / 'security.db'}"
    os.environ["LRC_DATA_DIR"] = str(tmp)

    from sqlmodel import Session

    import lrc_api.core.observability as observability
    from lrc_api.core import accounts, migrations, pii
    from lrc_api.core.accounts import User
    from lrc_api.core.db import get_engine
    from lrc_api.core.principal import ROLE_SCOPES, Principal
    from lrc_api.core.settings import get_settings

    migrations.upgrade("head")
    record = logging.makeLogRecord(
        {
            "name": "lrc_api.access",
            "levelno": logging.INFO,
            "levelname": "INFO",
            "msg": "request",
            "request_id": "9f1c2a4b5d6e7f8091a2b3c4d5e6f708",
            "method": "GET",
            "path": "/v1/coordinators/1843",
            "route": "/v1/coordinators/{coordinator_id}",
            "status": 200,
            "duration_ms": 3.21,
        }
    )
    formatter = observability.JsonFormatter()
    masked = per_op(lambda: formatter.format(record), args.seconds)
    real = observability.redact_value
    observability.redact_value = lambda v: v  # type: ignore[assignment]
    plain = per_op(lambda: formatter.format(record), args.seconds)
    observability.redact_value = real

    with Session(get_engine()) as session:
        session.add(User(username="bench", password_hash="!", role="admin"))
        session.commit()
    principal = Principal("bench", "user", "admin", None, ROLE_SCOPES["admin"], account_version=1)
    cached = per_op(lambda: accounts.require_live(principal), args.seconds)
    os.environ["LRC_ACCOUNT_CACHE_SECONDS"] = "0"
    get_settings.cache_clear()
    uncached = per_op(lambda: accounts.require_live(principal), args.seconds / 2)

    answer = {
        "id": 1843,
        "region_id": 12,
        "name": "张三",
        "id_number": "370830198003137662",
        "phone": "13906480894",
        "work_unit": "汶上县南站镇人民政府",
        "certificates": [{"level": 3, "obtained_on": "2024-01-01", "number": "S3708300001"}],
        "labor_work_started_on": "2019-03-01",
        "version": 1,
    }
    field = "idempotency_record.response"
    sealed = per_op(
        lambda: json.loads(pii.decrypt(pii.encrypt(json.dumps(answer), field=field), field=field)),
        args.seconds,
    )
    clear = per_op(lambda: json.loads(json.dumps(answer)), args.seconds)

    print(f"access-log line: {masked:.1f} µs masked vs {plain:.1f} µs unmasked")
    print(f"account check:   {cached:.2f} µs cached vs {uncached:.1f} µs from the database")
    print(f"idempotent answer: {sealed:.1f} µs sealed+opened vs {clear:.1f} µs in clear")


if __name__ == "__main__":
    main()
