"""Accounts that sign in (``user``, ``api_client``) and the check that makes a token die with them.

The tables sit in ``core`` because every authenticated request reads them (like the region tree
for scoping); the ``auth`` domain above holds the sign-in, the account API and the CLI.

Each account has a ``token_version``; the tokens we issue carry it (claim ``ver``). Deactivating
an account, resetting its secret or reactivating it raises the version, so every token issued
before stops working at once: :func:`require_live` refuses a token whose account is gone,
inactive or at another version. A worker caches what it read for ``LRC_ACCOUNT_CACHE_SECONDS``
(2 s): the worker that made the change forgets its copy immediately, others within that time.
Tokens of trusted external identity providers name no account here; their provider revokes them.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import Text, event, select
from sqlmodel import Field, Session

from lrc_api.core.db import get_engine
from lrc_api.core.errors import Unauthorized
from lrc_api.core.models import Timestamped
from lrc_api.core.principal import ROLE_SCOPES, Principal
from lrc_api.core.settings import get_settings


class Account(Timestamped):
    """Columns shared by everything that signs in: the active flag and the token version."""

    active: bool = Field(default=True, nullable=False)
    token_version: int = Field(default=1, nullable=False)
    """Raised on deactivation, reactivation and reset; tokens carrying another one are refused."""


class User(Account, table=True):
    """A person who signs in with a username and password (grant_type=password)."""

    __tablename__ = "user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, nullable=False)
    password_hash: str = Field(max_length=255, nullable=False)
    role: str = Field(max_length=32, nullable=False)
    region_id: int | None = Field(default=None, nullable=True, index=True)
    coordinator_id: int | None = Field(default=None, nullable=True)


class ApiClient(Account, table=True):
    """A system that signs in with a client id and secret (grant_type=client_credentials)."""

    __tablename__ = "api_client"

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(max_length=64, unique=True, nullable=False)
    secret_hash: str = Field(max_length=255, nullable=False)
    name: str = Field(max_length=200, nullable=False)
    role: str = Field(max_length=32, nullable=False)
    region_id: int | None = Field(default=None, nullable=True, index=True)
    scopes: str = Field(default="", sa_type=Text, nullable=False)


_cache: dict[tuple[str, str], tuple[float, bool, int]] = {}
_cache_lock = threading.Lock()


def forget(kind: str, subject: str) -> None:
    """Drop this worker's cached state of an account (after changing it)."""
    with _cache_lock:
        _cache.pop((kind, subject), None)


def forget_after_commit(session: Session, kind: str, subject: str) -> None:
    """Drop this worker's cached state of an account once ``session`` commits the change (not
    before: a request in between would cache the old state again)."""
    event.listen(session, "after_commit", lambda _s: forget(kind, subject), once=True)


def forget_all() -> None:
    """Drop this worker's whole cache of account state (after a change to many accounts)."""
    with _cache_lock:
        _cache.clear()


def _state(kind: str, subject: str) -> tuple[bool, int] | None:
    """(active, token version) of the account, or None when there is no such account."""
    ttl = get_settings().account_cache_seconds
    now = time.monotonic()
    hit = _cache.get((kind, subject))
    if hit is not None and now - hit[0] < ttl:
        return hit[1], hit[2]
    if kind == "user":
        stmt = select(User.active, User.token_version).where(User.username == subject)  # type: ignore[call-overload]
    else:
        stmt = select(ApiClient.active, ApiClient.token_version).where(  # type: ignore[call-overload]
            ApiClient.client_id == subject
        )
    with get_engine().connect() as conn:
        row = conn.execute(stmt).first()
    if row is None:
        forget(kind, subject)
        return None
    active, version = bool(row[0]), int(row[1])
    if ttl > 0:
        with _cache_lock:
            if len(_cache) > 50_000:  # bounded: a flood of distinct subjects cannot grow it
                _cache.clear()
            _cache[(kind, subject)] = (now, active, version)
    return active, version


def account_revoked() -> Unauthorized:
    """The 401 of a token whose account was deactivated, reset or removed (RFC 6750 §3.1)."""
    return Unauthorized(
        "令牌已失效 (invalid token): the account was deactivated or its credentials were reset; "
        "sign in again",
        headers={
            "WWW-Authenticate": 'Bearer error="invalid_token", '
            'error_description="the account was deactivated or reset; sign in again"'
        },
        extra={"error": "invalid_token"},
    )


def require_live(principal: Principal) -> None:
    """401 unless the account behind one of our tokens exists, is active and at its version."""
    if principal.external or principal.kind not in ("user", "client"):
        return
    state = _state(principal.kind, principal.subject)
    if state is None or not state[0] or state[1] != principal.account_version:
        raise account_revoked()


def current_grant(session: Session, kind: str, subject: str) -> Principal | None:
    """The account ``subject`` as it stands now: its role, region and scopes (no scopes when
    it is deactivated or gone).

    For work done on an account's behalf after its request ended (a webhook subscription
    delivering events): never more than the account holds today, nor beyond the region it is
    bound to today. Returns None for a principal that is not an account of ours (the system,
    an external identity provider's subject).
    """
    if kind == "user":
        user = session.scalars(select(User).where(User.username == subject)).first()  # type: ignore[arg-type]
        if user is None:
            return Principal(
                subject=subject, kind="user", role="", region_id=None, scopes=frozenset()
            )
        return Principal(
            subject=subject,
            kind="user",
            role=user.role,
            region_id=user.region_id,
            scopes=ROLE_SCOPES.get(user.role, frozenset()) if user.active else frozenset(),
            coordinator_id=user.coordinator_id,
        )
    if kind == "client":
        client = session.scalars(
            select(ApiClient).where(ApiClient.client_id == subject)  # type: ignore[arg-type]
        ).first()
        if client is None:
            return Principal(
                subject=subject, kind="client", role="", region_id=None, scopes=frozenset()
            )
        return Principal(
            subject=subject,
            kind="client",
            role=client.role,
            region_id=client.region_id,
            scopes=frozenset(client.scopes.split()) if client.active else frozenset(),
        )
    return None


def bound_to_region(session: Session, region_id: int) -> list[str]:
    """The users and API clients bound to ``region_id``, named (to refuse deleting the region)."""
    users = session.execute(select(User.username).where(User.region_id == region_id)).all()  # type: ignore[call-overload]
    clients = session.execute(
        select(ApiClient.client_id).where(ApiClient.region_id == region_id)  # type: ignore[call-overload]
    ).all()
    return [f"user {u}" for (u,) in users] + [f"API client {c}" for (c,) in clients]
