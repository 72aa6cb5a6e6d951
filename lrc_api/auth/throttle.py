"""Throttling the token endpoint: per account name and per source address, in the database.

An attempt is counted against its account name before its secret is checked (:func:`reserve`),
so requests sent at once cannot all be checked while the first are still hashing.

A failed sign-in counts against two keys: the account name tried (``user:<name>`` or
``client:<id>``, whether or not such an account exists, so the answer never tells) and the source
address (an IPv4 address, or the /64 of an IPv6 one, since one host holds a whole /64). A key
that collects ``LRC_LOGIN_MAX_FAILURES`` (account, 5) or ``LRC_LOGIN_ADDRESS_MAX_FAILURES``
(address, 30) failures within ``LRC_LOGIN_LOCK_MINUTES`` (15) is blocked for that long: the
endpoint answers 429 with ``Retry-After`` without checking the secret (no argon2 work for an
attacker's guesses either). A success clears the account's count, never the address's (else one
valid account would let a sprayer reset its own counter).

Counting is one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` per key, so concurrent failures
on several workers all count (SQLite ≥ 3.35 and PostgreSQL). Rows are stored under a keyed hash
(``core.pii.keyed_digest``): neither the names tried nor the addresses are kept readable. Stale
rows are deleted now and then by the endpoint and by ``lrc purge``. Services never commit.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, delete, literal, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from lrc_api.auth.models import LoginThrottle
from lrc_api.core import pii
from lrc_api.core.models import UtcDateTime
from lrc_api.core.settings import Settings


@dataclass(frozen=True, slots=True)
class ThrottleKey:
    """One counter a failed sign-in adds to, and how many failures block it."""

    key_hash: str
    limit: int


def source_address(host: str | None) -> str:
    """The address a counter is kept for: the IPv4 address, or the /64 network of an IPv6 one."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def keys_for(kind: str, name: str, host: str | None, settings: Settings) -> list[ThrottleKey]:
    """The account-name key and the source-address key of one sign-in attempt."""
    account = pii.keyed_digest(f"{kind}:{name}", purpose="login.throttle")
    address = pii.keyed_digest(f"addr:{source_address(host)}", purpose="login.throttle")
    return [
        ThrottleKey(account, settings.login_max_failures),
        ThrottleKey(address, settings.login_address_max_failures),
    ]


def seconds_blocked(session: Session, keys: list[ThrottleKey], now: dt.datetime) -> int:
    """Seconds until every key is free again (0: none is blocked)."""
    rows = session.exec(
        select(LoginThrottle.blocked_until).where(
            col(LoginThrottle.key_hash).in_([k.key_hash for k in keys]),
            col(LoginThrottle.blocked_until) > now,
        )
    ).all()
    until = [u for u in rows if u is not None]
    return max((math.ceil((u - now).total_seconds()) for u in until), default=0)


def _upsert(key: ThrottleKey, now: dt.datetime, settings: Settings, dialect: str) -> Any:
    """One attempt counted against ``key``: the key blocked once the count reaches its limit."""
    window = dt.timedelta(minutes=settings.login_lock_minutes)
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = LoginThrottle.__table__  # type: ignore[attr-defined]
    at, until = literal(now, UtcDateTime()), literal(now + window, UtcDateTime())
    stale = table.c.window_started_at < literal(now - window, UtcDateTime())
    counted = case((stale, 1), else_=table.c.failures + 1)
    stmt = insert(table).values(
        key_hash=key.key_hash,
        failures=1,
        window_started_at=now,
        blocked_until=now + window if key.limit <= 1 else None,
        updated_at=now,
    )
    return stmt.on_conflict_do_update(
        index_elements=[table.c.key_hash],
        set_={
            "failures": counted,
            "window_started_at": case((stale, at), else_=table.c.window_started_at),
            "blocked_until": case((counted >= key.limit, until), else_=table.c.blocked_until),
            "updated_at": at,
        },
    )


def record_failure(
    session: Session, keys: list[ThrottleKey], now: dt.datetime, settings: Settings
) -> None:
    """Count a failed sign-in against each key; a key that reaches its limit is blocked."""
    dialect = session.get_bind().dialect.name
    for key in keys:
        session.execute(_upsert(key, now, settings, dialect))


def reserve(session: Session, key: ThrottleKey, now: dt.datetime, settings: Settings) -> bool:
    """Count an attempt against ``key`` *before* its secret is checked; False when the count is
    then past the limit (the attempt must be refused without checking).

    Checking first and counting after let every request that arrived while the first few were
    hashing through: 60 guesses sent at once had 27 checked against a limit of 5. The count is
    one atomic upsert, so concurrent attempts each see their own number; a success clears it.
    """
    table = LoginThrottle.__table__  # type: ignore[attr-defined]
    stmt = _upsert(key, now, settings, session.get_bind().dialect.name)
    count = session.execute(stmt.returning(table.c.failures)).scalar_one()
    return int(count) <= key.limit


def clear(session: Session, key: ThrottleKey) -> None:
    """Forget an account name's failures (after a success, or when its secret is reset)."""
    session.execute(delete(LoginThrottle).where(col(LoginThrottle.key_hash) == key.key_hash))


def account_key(kind: str, name: str, settings: Settings) -> ThrottleKey:
    """The account-name key alone (to clear it on a reset)."""
    return keys_for(kind, name, None, settings)[0]


def purge(session: Session, now: dt.datetime, settings: Settings) -> int:
    """Delete counters whose window and block are both over (no commit); returns how many."""
    cutoff = now - dt.timedelta(minutes=settings.login_lock_minutes)
    result = session.execute(
        delete(LoginThrottle).where(
            col(LoginThrottle.updated_at) < cutoff,
            or_(col(LoginThrottle.blocked_until).is_(None), col(LoginThrottle.blocked_until) < now),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


PURGE_EVERY_SECONDS = 300
"""How often (at most, per process) a failed sign-in also deletes counters long over."""

_last_purge = [0.0]


def purge_now_and_then(session: Session, now: dt.datetime, settings: Settings) -> None:
    """:func:`purge`, at most every ``PURGE_EVERY_SECONDS`` per process (an index range)."""
    if time.monotonic() - _last_purge[0] >= PURGE_EVERY_SECONDS:
        _last_purge[0] = time.monotonic()
        purge(session, now, settings)
