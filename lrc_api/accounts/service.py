"""Managing accounts: list, read, change, deactivate, reactivate and reset users and API clients.

Changing (role, region, link, scopes), deactivating, reactivating or resetting raises the account's ``token_version`` in the same UPDATE,
so every token issued before is refused at once (``core.accounts.require_live``) and this worker
forgets its cached state; each change is audited (actor, before and after, never a secret or
hash) without a change-feed entry — accounts are not synced to platforms. Accounts are scoped
like records: a caller sees and manages those bound inside its region subtree; global accounts
only a global caller. Services never commit.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from lrc_api.auth import throttle
from lrc_api.auth.models import ApiClient, User
from lrc_api.auth.service import (
    audit_account,
    check_client_binding,
    check_new_password,
    check_user_binding,
    generate_password,
    hash_secret,
    require_within_grant,
)
from lrc_api.core import accounts
from lrc_api.core.concurrency import IfMatch
from lrc_api.core.errors import Conflict, NotFound, PreconditionFailed
from lrc_api.core.models import utcnow
from lrc_api.core.pagination import paginate, parse_sort
from lrc_api.core.principal import ROLE_SCOPES, Principal
from lrc_api.core.scope import apply_scope, in_scope
from lrc_api.core.settings import get_settings
from lrc_api.core.unit_of_work import snapshot

USER_SORTABLE = {"id": User.id, "username": User.username, "created_at": User.created_at}
"""Fields a user list can be sorted by."""

CLIENT_SORTABLE = {
    "id": ApiClient.id,
    "client_id": ApiClient.client_id,
    "name": ApiClient.name,
    "created_at": ApiClient.created_at,
}
"""Fields an API-client list can be sorted by."""


def list_accounts(
    *,
    session: Session,
    principal: Principal,
    model: type[User] | type[ApiClient],
    role: str | None,
    region_id: int | None,
    active: bool | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[Any], str | None]:
    """Users or API clients bound inside the principal's subtree (all, for a global one)."""
    stmt = apply_scope(session, principal, select(model), model.region_id)
    if role is not None:
        stmt = stmt.where(model.role == role)
    if region_id is not None:
        stmt = stmt.where(model.region_id == region_id)
    if active is not None:
        stmt = stmt.where(model.active == active)
    sortable = USER_SORTABLE if model is User else CLIENT_SORTABLE
    spec = parse_sort(sort, sortable, "id")
    return paginate(session, stmt, spec=spec, id_column=model.id, limit=limit, cursor=cursor)


def get_account(
    *, session: Session, principal: Principal, model: type[User] | type[ApiClient], account_id: int
) -> Any:
    """A user or API client the principal may manage (404 otherwise, as for any record)."""
    what = "user" if model is User else "API client"
    row = session.get(model, account_id)
    if row is None:
        raise NotFound(f"{what} {account_id} not found")
    visible = principal.is_global or (
        row.region_id is not None and in_scope(session, principal, row.region_id)
    )
    if not visible:
        raise NotFound(f"{what} {account_id} not found")
    return row


def require_manageable(principal: Principal, row: User | ApiClient) -> None:
    """403 unless the principal holds every scope the account holds: whoever could deactivate,
    reset or rebind it could otherwise take over (or lock out) an account above its own."""
    if isinstance(row, User):
        held, field, what = ROLE_SCOPES.get(row.role, frozenset()), "user_id", f"user {row.id}"
    else:
        held, field, what = frozenset(row.scopes.split()), "api_client_id", f"API client {row.id}"
    require_within_grant(principal, held, field, what)


def _kind_and_subject(row: User | ApiClient) -> tuple[str, str]:
    return ("user", row.username) if isinstance(row, User) else ("client", row.client_id)


def _entity(row: User | ApiClient) -> str:
    return "user" if isinstance(row, User) else "api_client"


def _bump(
    session: Session,
    row: User | ApiClient,
    changes: dict[str, Any],
    expected: IfMatch | None = None,
) -> None:
    """Apply ``changes`` and raise the token version in one UPDATE (tokens issued before die);
    with ``expected`` only if the account still meets that If-Match (412 otherwise)."""
    model = type(row)
    stmt = update(model).where(col(model.id) == row.id)
    if expected is not None:
        version = expected.require(row.token_version, "account")
        stmt = stmt.where(col(model.token_version) == version)
    values = {**changes, "token_version": col(model.token_version) + 1, "updated_at": utcnow()}
    result = session.exec(stmt.values(**values))  # type: ignore[call-overload]
    if result.rowcount != 1:
        raise PreconditionFailed("the account changed meanwhile; read it again and retry")
    session.refresh(row)
    accounts.forget_after_commit(session, *_kind_and_subject(row))


def set_active(
    *,
    session: Session,
    principal: Principal,
    row: User | ApiClient,
    active: bool,
    reason: str | None = None,
) -> User | ApiClient:
    """Deactivate or reactivate an account; either way its earlier tokens stop working.

    Deactivating yourself is refused (409): someone else must, so an admin cannot lock the
    deployment out by accident. A no-op (already in that state) changes and audits nothing.
    """
    kind, subject = _kind_and_subject(row)
    if not active and (principal.kind, principal.subject) == (kind, subject):
        raise Conflict("you cannot deactivate your own account; ask another administrator")
    require_manageable(principal, row)
    if row.active == active:
        return row
    before = snapshot(row)
    _bump(session, row, {"active": active})
    action = "reactivate" if active else "deactivate"
    audit_account(
        session, principal, _entity(row), row, action=action, before=before, reason=reason
    )
    return row


def reset_user(
    *, session: Session, principal: Principal, row: User, password: str | None
) -> tuple[User, str | None]:
    """Set a new password (given, or generated and returned once); ends its sessions and
    clears its failed sign-ins. Returns the user and the generated password (None if given)."""
    require_manageable(principal, row)
    generated = None
    if password is None:
        password = generated = generate_password()
    check_new_password(password)
    before = snapshot(row)
    _bump(session, row, {"password_hash": hash_secret(password)})
    throttle.clear(session, throttle.account_key("user", row.username, get_settings()))
    audit_account(session, principal, "user", row, action="reset", before=before)
    return row, generated


def reset_client(
    *, session: Session, principal: Principal, row: ApiClient
) -> tuple[ApiClient, str]:
    """Issue a new client secret (returned once); the old secret and its tokens stop working."""
    require_manageable(principal, row)
    secret = secrets.token_urlsafe(32)
    before = snapshot(row)
    _bump(session, row, {"secret_hash": hash_secret(secret)})
    throttle.clear(session, throttle.account_key("client", row.client_id, get_settings()))
    audit_account(session, principal, "api_client", row, action="reset", before=before)
    return row, secret


def update_user(
    *,
    session: Session,
    principal: Principal,
    row: User,
    expected: IfMatch,
    changes: dict[str, Any],
) -> User:
    """Change a user's role, region or coordinator link (the tokens issued before end, since
    they carry the old ones); the new binding is checked as on creation."""
    require_manageable(principal, row)
    merged = {
        "role": row.role,
        "region_id": row.region_id,
        "coordinator_id": row.coordinator_id,
        **changes,
    }
    if merged["role"] != "coordinator":
        merged["coordinator_id"] = changes.get("coordinator_id")
    check_user_binding(session=session, actor=principal, **merged)
    kind, subject = "user", row.username
    if (principal.kind, principal.subject) == (kind, subject):
        raise Conflict("you cannot change your own account; ask another administrator")
    before = snapshot(row)
    _bump(session, row, merged, expected)
    audit_account(session, principal, "user", row, action="update", before=before)
    return row


def update_client(
    *,
    session: Session,
    principal: Principal,
    row: ApiClient,
    expected: IfMatch,
    changes: dict[str, Any],
) -> ApiClient:
    """Change an API client's name, role, region or scopes (its tokens issued before end)."""
    require_manageable(principal, row)
    role = changes.get("role", row.role)
    region_id = changes.get("region_id", row.region_id)
    scopes = changes.get("scopes")
    if scopes is None:
        scopes = [] if "role" in changes and role != "integration" else row.scopes.split()
    granted = check_client_binding(
        session=session, actor=principal, role=role, region_id=region_id, scopes=scopes
    )
    values: dict[str, Any] = {
        "role": role,
        "region_id": region_id,
        "scopes": " ".join(sorted(granted)),
    }
    if changes.get("name") is not None:
        values["name"] = changes["name"].strip()
    before = snapshot(row)
    _bump(session, row, values, expected)
    audit_account(session, principal, "api_client", row, action="update", before=before)
    return row
