"""Users and API clients: creating them, checking their credentials, throttling failed logins.

Failed logins are counted in the account's own row with single UPDATE statements, so several
workers (or replicas) share one count without lost updates. After ``LRC_LOGIN_MAX_FAILURES``
failures within ``LRC_LOGIN_LOCK_MINUTES`` the account is locked for ``LRC_LOGIN_LOCK_MINUTES``.
While locked, even the right secret is refused with the same answer as a wrong one (no 429),
so the token endpoint never reveals which usernames exist; unknown usernames are checked against
a dummy hash so they take as long as known ones. Services never commit.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import case, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lrc_api.auth.models import ApiClient, User
from lrc_api.core.errors import Conflict, InvalidInput, Problem
from lrc_api.core.principal import ROLE_SCOPES, SCOPES, SYSTEM, Principal
from lrc_api.core.security import REGIONAL_ROLES
from lrc_api.core.settings import Settings
from lrc_api.core.unit_of_work import record, snapshot

MIN_PASSWORD_LENGTH = 10
"""Shortest password accepted for a user (NIST SP 800-63B asks for at least 8)."""

MAX_SECRET_LENGTH = 1024
"""Longest password or client secret considered (bounds the hashing work per request)."""

USER_ROLES = tuple(r for r in ROLE_SCOPES if r != "integration")
"""Roles a person can hold; ``integration`` is for API clients."""

_USERNAME = re.compile(r"^[^\s\x00-\x1f\x7f]{1,64}$")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class OAuthError(Problem):
    """A token-endpoint error (RFC 6749 §5.2) as problem+json with ``error`` and its description.

    ``error_description`` must be ASCII (RFC 6749 §5.2), so the Chinese text goes in ``detail``.
    """

    title = "令牌请求被拒绝 (token request refused)"

    def __init__(
        self,
        error: str,
        description: str,
        *,
        zh: str | None = None,
        status: int = 400,
        challenge: str | None = None,
    ) -> None:
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if challenge:
            headers["WWW-Authenticate"] = challenge
        super().__init__(
            f"{zh} ({description})" if zh else description,
            headers=headers,
            extra={"error": error, "error_description": description},
        )
        self.status = status
        self.slug = f"oauth-{error.replace('_', '-')}"


# --- secrets -----------------------------------------------------------------------------------


def hash_secret(secret: str) -> str:
    """The argon2id hash of a password or client secret, for storage."""
    return _hasher.hash(secret)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """Whether ``secret`` matches; with no hash (unknown account) it still spends the same time."""
    try:
        matched = _hasher.verify(stored_hash or _dummy_hash(), secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return matched and stored_hash is not None


# --- creating ----------------------------------------------------------------------------------


def _check_role_region(role: str, region_id: int | None, roles: Iterable[str]) -> None:
    if role not in roles:
        raise InvalidInput.on("role", f"unknown role {role!r}; one of {', '.join(roles)}")
    if role in REGIONAL_ROLES and region_id is None:
        raise InvalidInput.on("region_id", f"role {role} needs a region")
    if region_id is not None and region_id < 1:
        raise InvalidInput.on("region_id", "a region id is a positive integer")


def create_user(
    *,
    session: Session,
    username: str,
    password: str,
    role: str,
    region_id: int | None,
    coordinator_id: int | None = None,
    actor: Principal = SYSTEM,
) -> User:
    """Add a user with an argon2-hashed password (no commit); 409 if the username is taken."""
    if not _USERNAME.fullmatch(username):
        raise InvalidInput.on("username", "1 to 64 characters, no spaces or control characters")
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_SECRET_LENGTH:
        raise InvalidInput.on(
            "password", f"{MIN_PASSWORD_LENGTH} to {MAX_SECRET_LENGTH} characters"
        )
    _check_role_region(role, region_id, USER_ROLES)
    if coordinator_id is not None and role != "coordinator":
        raise InvalidInput.on("coordinator_id", "only a user with role coordinator links one")
    if find_user(session=session, username=username) is not None:
        raise Conflict(f"username {username!r} already exists")
    user = User(
        username=username,
        password_hash=hash_secret(password),
        role=role,
        region_id=region_id,
        coordinator_id=coordinator_id,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # a concurrent create of the same name won the race
        raise Conflict(f"username {username!r} already exists") from None
    _audit_account(session, actor, "user", user)
    return user


def create_client(
    *,
    session: Session,
    name: str,
    role: str,
    region_id: int | None,
    scopes: Iterable[str],
    actor: Principal = SYSTEM,
) -> tuple[ApiClient, str]:
    """Register an API client (no commit); returns it and its secret, which is shown only once."""
    if not 1 <= len(name.strip()) <= 200:
        raise InvalidInput.on("name", "1 to 200 characters")
    _check_role_region(role, region_id, tuple(ROLE_SCOPES))
    wanted = frozenset(scopes)
    unknown = sorted(wanted - frozenset(SCOPES))
    if unknown:
        raise InvalidInput.on("scopes", f"unknown scopes: {' '.join(unknown)}")
    if role == "integration":
        if not wanted:
            raise InvalidInput.on("scopes", "an integration client needs at least one scope")
    else:
        beyond = sorted(wanted - ROLE_SCOPES[role])
        if beyond:
            raise InvalidInput.on("scopes", f"role {role} does not carry: {' '.join(beyond)}")
        wanted = wanted or ROLE_SCOPES[role]
    secret = secrets.token_urlsafe(32)
    client = ApiClient(
        client_id=f"lrc_{secrets.token_hex(10)}",
        secret_hash=hash_secret(secret),
        name=name.strip(),
        role=role,
        region_id=region_id,
        scopes=" ".join(sorted(wanted)),
    )
    session.add(client)
    session.flush()
    _audit_account(session, actor, "api_client", client)
    return client, secret


def _audit_account(session: Session, actor: Principal, entity: str, row: Any) -> None:
    # Who created which account is audited; the secret's hash is left out by snapshot().
    record(
        session=session,
        principal=actor,
        action="create",
        entity=entity,
        entity_id=row.id,
        version=1,
        region_id=row.region_id,
        before=None,
        after=snapshot(row),
        feed=False,
    )


# --- looking up --------------------------------------------------------------------------------


def find_user(*, session: Session, username: str) -> User | None:
    """The user with this exact username, if any."""
    return session.exec(select(User).where(User.username == username)).first()


def find_client(*, session: Session, client_id: str) -> ApiClient | None:
    """The API client with this client id, if any."""
    return session.exec(select(ApiClient).where(ApiClient.client_id == client_id)).first()


def user_principal(user: User) -> Principal:
    """The principal of a signed-in user: its role's scopes, region and coordinator link."""
    return Principal(
        subject=user.username,
        kind="user",
        role=user.role,
        region_id=user.region_id,
        scopes=ROLE_SCOPES.get(user.role, frozenset()),
        coordinator_id=user.coordinator_id,
    )


def client_principal(client: ApiClient) -> Principal:
    """The principal of a signed-in API client: exactly its registered scopes."""
    return Principal(
        subject=client.client_id,
        kind="client",
        role=client.role,
        region_id=client.region_id,
        scopes=frozenset(client.scopes.split()) & frozenset(SCOPES),
    )


def narrow_scopes(granted: frozenset[str], requested: str | None) -> frozenset[str]:
    """The scopes a token gets: all granted ones, or the requested subset (else invalid_scope)."""
    if requested is None or not requested.strip():
        return granted
    wanted = frozenset(requested.split())
    beyond = sorted(wanted - granted)
    if beyond:
        raise OAuthError(
            "invalid_scope",
            f"scope not available to you: {' '.join(beyond)}",
            zh="请求的权限范围超出您的权限",
        )
    return wanted


# --- signing in --------------------------------------------------------------------------------


def _not_locked(model: Any, now: dt.datetime) -> Any:
    return or_(col(model.locked_until).is_(None), col(model.locked_until) <= now)


def _record_failure(
    session: Session, model: Any, account_id: int, now: dt.datetime, settings: Settings
) -> None:
    window = dt.timedelta(minutes=settings.login_lock_minutes)
    # One UPDATE reads and writes the count, so concurrent failures on several workers all count;
    # a failure older than the window starts the count afresh. Attempts while locked are ignored.
    stale = or_(col(model.last_failed_at).is_(None), col(model.last_failed_at) < now - window)
    count = session.exec(
        update(model)
        .where(col(model.id) == account_id, _not_locked(model, now))
        .values(
            failed_logins=case((stale, 1), else_=col(model.failed_logins) + 1), last_failed_at=now
        )
        .returning(col(model.failed_logins))
    ).scalar_one_or_none()
    if count is not None and count >= settings.login_max_failures:
        session.exec(
            update(model)
            .where(col(model.id) == account_id)
            .values(locked_until=now + window, failed_logins=0)
        )


def check_login(
    *,
    session: Session,
    account: User | ApiClient | None,
    secret: str,
    now: dt.datetime,
    settings: Settings,
) -> bool:
    """True only for an active, unlocked account with the right secret; records the outcome."""
    # Slow on purpose (argon2): callers end any open transaction first so no lock is held.
    stored = None
    if isinstance(account, User):
        stored = account.password_hash
    elif isinstance(account, ApiClient):
        stored = account.secret_hash
    matched = verify_secret(stored, secret)
    if account is None or account.id is None or not account.active:
        return False
    model = type(account)
    if not matched:
        _record_failure(session, model, account.id, now, settings)
        return False
    # Conditional on "not locked" in the same statement: a lock set meanwhile by another worker wins.
    cleared = session.exec(
        update(model)
        .where(col(model.id) == account.id, col(model.active), _not_locked(model, now))
        .values(failed_logins=0, locked_until=None)
        .returning(col(model.id))
    ).scalar_one_or_none()
    if cleared is None:
        return False
    if stored is not None and _hasher.check_needs_rehash(stored):
        field = "password_hash" if isinstance(account, User) else "secret_hash"
        session.exec(
            update(model).where(col(model.id) == account.id).values({field: hash_secret(secret)})
        )
    return True
