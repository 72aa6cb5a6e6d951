"""Users and API clients: creating, finding, checking credentials, and managing accounts.

Deactivating, reactivating or resetting an account raises its ``token_version``, so every token
issued before is refused at once (``core.accounts.require_live``); each such change is audited
(without secrets) and clears the worker's cached account state. Failed sign-ins are throttled in
``auth.throttle``. Unknown usernames are checked against a dummy hash so they take as long as
known ones. Services never commit.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lrc_api.auth.models import ApiClient, User
from lrc_api.coordinators.models import Coordinator
from lrc_api.core.errors import Conflict, FieldError, Forbidden, InvalidInput, Problem
from lrc_api.core.principal import ROLE_SCOPES, SCOPES, SYSTEM, Principal
from lrc_api.core.redaction import redact
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import in_scope
from lrc_api.core.security import REGIONAL_ROLES
from lrc_api.core.settings import get_settings
from lrc_api.core.unit_of_work import record, snapshot

MIN_PASSWORD_LENGTH = 10
"""Shortest password accepted for a user (NIST SP 800-63B asks for at least 8)."""

MAX_SECRET_LENGTH = 1024
"""Longest password or client secret considered (bounds the hashing work per request)."""

USER_ROLES = tuple(r for r in ROLE_SCOPES if r != "integration")
"""Roles a person can hold; ``integration`` is for API clients."""

GENERATED_SECRET_BYTES = 15
"""Random bytes of a generated password (20 URL-safe characters)."""

DEMO_PASSWORD = "demo-password-change-me"
"""The demo users' password (``lrc serve --demo-data``). It is published in the README, so with
``LRC_ENV=production`` it neither signs in nor can be set, and the demo data does not load."""

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
        retry_after: int | None = None,
    ) -> None:
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if challenge:
            headers["WWW-Authenticate"] = challenge
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        super().__init__(
            f"{zh} ({description})" if zh else description,
            headers=headers,
            extra={"error": error, "error_description": description},
        )
        self.status = status
        self.slug = f"oauth-{error.replace('_', '-')}"


# --- secrets -----------------------------------------------------------------------------------


def generate_password() -> str:
    """A random password of 20 URL-safe characters (shown once to whoever asked for it)."""
    return secrets.token_urlsafe(GENERATED_SECRET_BYTES)


def hash_secret(secret: str) -> str:
    """The argon2id hash of a password or client secret, for storage."""
    return _hasher.hash(secret)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def is_published_password(secret: str) -> bool:
    """Whether ``secret`` is the demo password in a production deployment (refused there)."""
    return get_settings().env == "production" and hmac.compare_digest(
        secret.encode("utf-8", "surrogatepass"), DEMO_PASSWORD.encode()
    )


def check_new_password(password: str) -> None:
    """A password being set: its length, and not the published demo one in production (422)."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_SECRET_LENGTH:
        raise InvalidInput.on(
            "password", f"{MIN_PASSWORD_LENGTH} to {MAX_SECRET_LENGTH} characters"
        )
    if is_published_password(password):
        raise InvalidInput.on("password", "is the published demo password; choose another")


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """Whether ``secret`` matches; with no hash (unknown account) it still spends the same time."""
    try:
        matched = _hasher.verify(stored_hash or _dummy_hash(), secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return matched and stored_hash is not None


# --- creating ----------------------------------------------------------------------------------

GRANT_RULE = "an account manager gives and manages only the scopes it holds itself"
"""Why a create, change, deactivation or reset was refused (the ``rule`` of the 403)."""


def require_within_grant(actor: Principal, scopes: Iterable[str], field: str, what: str) -> None:
    """403 naming ``field`` when ``what`` would hold (or holds) a scope ``actor`` lacks.

    Without this, a client with only ``users:write`` could create a client with ``pii:read``
    or a user with role ``admin``, or reset an administrator's password, and sign in as it.
    """
    beyond = sorted(frozenset(scopes) - actor.scopes)
    if beyond:
        message = f"{what} holds scopes you do not: {' '.join(beyond)}"
        raise Forbidden(
            f"{field}: {message}",
            errors=[FieldError(field=field, message=message, rule=GRANT_RULE)],
        )


def _check_role_region(
    session: Session, actor: Principal, role: str, region_id: int | None, roles: Iterable[str]
) -> None:
    if role not in roles:
        raise InvalidInput.on("role", f"unknown role {role!r}; one of {', '.join(roles)}")
    if role in REGIONAL_ROLES and region_id is None:
        raise InvalidInput.on("region_id", f"role {role} needs a region")
    if region_id is None:
        if not actor.is_global:
            raise InvalidInput.on("region_id", "only a global admin creates a global account")
        return
    if region_id < 1 or session.get(Region, region_id) is None:
        raise InvalidInput.on("region_id", f"unknown region {region_id}")
    if not in_scope(session, actor, region_id):
        # Outside the caller's subtree: answered like an unknown region (nothing revealed).
        raise InvalidInput.on("region_id", f"unknown region {region_id}")


def check_user_binding(
    *,
    session: Session,
    actor: Principal,
    role: str,
    region_id: int | None,
    coordinator_id: int | None,
) -> None:
    """A person's role, region (known, inside the actor's subtree) and coordinator link (only
    for role coordinator, a coordinator of that very region): 422 naming the field otherwise;
    a role carrying a scope the actor lacks is 403 naming ``role``."""
    _check_role_region(session, actor, role, region_id, USER_ROLES)
    require_within_grant(actor, ROLE_SCOPES[role], "role", f"role {role}")
    if coordinator_id is not None and role != "coordinator":
        raise InvalidInput.on("coordinator_id", "only a user with role coordinator links one")
    if coordinator_id is not None:
        linked = session.get(Coordinator, coordinator_id)
        if linked is None or linked.deleted_at is not None or linked.region_id != region_id:
            raise InvalidInput.on(
                "coordinator_id", f"unknown coordinator {coordinator_id} in region {region_id}"
            )


def check_client_binding(
    *,
    session: Session,
    actor: Principal,
    role: str,
    region_id: int | None,
    scopes: Iterable[str],
) -> frozenset[str]:
    """A system's role, region and scopes; returns the scopes it gets (a non-integration role
    with none listed gets the role's). Scopes the actor lacks are 403 naming ``scopes``."""
    _check_role_region(session, actor, role, region_id, tuple(ROLE_SCOPES))
    wanted = frozenset(scopes)
    unknown = sorted(wanted - frozenset(SCOPES))
    if unknown:
        raise InvalidInput.on(
            "scopes",
            f"unknown scopes: {' '.join(unknown)}; the scopes are {' '.join(sorted(SCOPES))}",
        )
    if role == "integration":
        if not wanted:
            raise InvalidInput.on("scopes", "an integration client needs at least one scope")
        granted = wanted
    else:
        beyond = sorted(wanted - ROLE_SCOPES[role])
        if beyond:
            raise InvalidInput.on("scopes", f"role {role} does not carry: {' '.join(beyond)}")
        granted = wanted or ROLE_SCOPES[role]
    require_within_grant(actor, granted, "scopes", "the client")
    return granted


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
    if redact(username) != username:
        # A username is written into the audit log and into created_by/reviewer fields that
        # callers without pii:read see: it must not be an ID number or a phone.
        raise InvalidInput.on(
            "username", "must not be an ID number or a phone number (it is shown to others)"
        )
    check_new_password(password)
    check_user_binding(
        session=session, actor=actor, role=role, region_id=region_id, coordinator_id=coordinator_id
    )
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
    audit_account(session, actor, "user", user)
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
    wanted = check_client_binding(
        session=session, actor=actor, role=role, region_id=region_id, scopes=scopes
    )
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
    audit_account(session, actor, "api_client", client)
    return client, secret


def audit_account(
    session: Session,
    actor: Principal,
    entity: str,
    row: Any,
    *,
    action: str = "create",
    before: dict[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    """Audit a write to an account (no change-feed entry); ``snapshot`` leaves out the hashes."""
    after = snapshot(row, **({"reason": reason} if reason else {}))
    record(
        session=session,
        principal=actor,
        action=action,
        entity=entity,
        entity_id=row.id,
        version=row.token_version,
        region_id=row.region_id,
        before=before,
        after=after,
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
        account_version=user.token_version,
    )


def client_principal(client: ApiClient) -> Principal:
    """The principal of a signed-in API client: exactly its registered scopes."""
    return Principal(
        subject=client.client_id,
        kind="client",
        role=client.role,
        region_id=client.region_id,
        scopes=frozenset(client.scopes.split()) & frozenset(SCOPES),
        account_version=client.token_version,
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


def check_login(*, session: Session, account: User | ApiClient | None, secret: str) -> bool:
    """True only for an active account with the right secret (the throttle is the caller's).

    Slow on purpose (argon2): callers end any open transaction first so no lock is held.
    """
    stored = None
    if isinstance(account, User):
        stored = account.password_hash
    elif isinstance(account, ApiClient):
        stored = account.secret_hash
    matched = verify_secret(stored, secret)
    if account is None or account.id is None or not account.active or not matched:
        return False
    if isinstance(account, User) and is_published_password(secret):
        # A demo user (or one given the demo password before the deployment went to
        # production): a failure like any wrong password, counted by the throttle.
        return False
    if stored is not None and _hasher.check_needs_rehash(stored):
        model = type(account)
        field = "password_hash" if isinstance(account, User) else "secret_hash"
        session.exec(
            update(model).where(col(model.id) == account.id).values({field: hash_secret(secret)})
        )
    return True
