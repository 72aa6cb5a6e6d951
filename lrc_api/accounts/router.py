"""HTTP for accounts: users and API clients — create, list, read, deactivate, reactivate, reset.

Needs ``users:read`` to read and ``users:write`` to change; a caller sees the accounts bound
inside its region subtree (global accounts: global callers only), and gives or manages only
accounts whose scopes its own token holds (403 otherwise). Answers that carry a new
password or secret are ``Cache-Control: no-store``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from lrc_api.accounts import service
from lrc_api.accounts.schemas import (
    RESET_EXAMPLES,
    AccountChange,
    AccountRole,
    ApiClientCreate,
    ApiClientRead,
    ApiClientUpdate,
    ApiClientWithSecret,
    PasswordReset,
    UserCreate,
    UserRead,
    UserUpdate,
    UserWithPassword,
    change_examples,
)
from lrc_api.auth import service as auth
from lrc_api.auth.models import ApiClient, User
from lrc_api.core.concurrency import IfMatch, etag, if_match
from lrc_api.core.db import get_session, get_write_session
from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.core.idempotency import Outcome, idempotency_key, run_idempotent
from lrc_api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_query, sort_query
from lrc_api.core.principal import Principal
from lrc_api.core.security import require_scopes
from lrc_api.core.types import MAX_ID, path_id
from lrc_api.core.unit_of_work import commit

router = APIRouter(prefix="/v1", tags=["accounts"], responses=PROBLEM_RESPONSES)

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
"""Headers of an answer holding a secret (RFC 9111 §5.2.2.5)."""


# An optional body's schema is an `anyOf`: its worked examples go on the media type.
DEACTIVATE = Body(
    None, openapi_examples=change_examples("Deactivate", "调离南站镇人社所，停用账号")
)
REACTIVATE = Body(
    None, openapi_examples=change_examples("Reactivate", "返岗南站镇人社所，恢复账号")
)
RESET = Body(None, openapi_examples=RESET_EXAMPLES)


def _user(row: User) -> UserRead:
    return UserRead.model_validate(row)


def _client(row: ApiClient) -> ApiClientRead:
    return ApiClientRead.model_validate(row)


# --- users ---------------------------------------------------------------------------------------


@router.post("/users", status_code=201, response_model=UserWithPassword, summary="Create a user")
def create_user(
    body: UserCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("users:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """A new user in your subtree; without a password one is generated and shown once."""

    def write() -> Outcome:
        password = body.password or auth.generate_password()
        row = auth.create_user(
            session=session,
            username=body.username,
            password=password,
            role=body.role,
            region_id=body.region_id,
            coordinator_id=body.coordinator_id,
            actor=principal,
        )
        out = UserWithPassword(user=_user(row), password=None if body.password else password)
        return 201, out, {"Location": f"/v1/users/{row.id}", **NO_STORE}

    return run_idempotent(
        session=session,
        principal=principal,
        key=key,
        method="POST",
        path=request.url.path,
        body=body,
        write=write,
    )


@router.get("/users", response_model=Page[UserRead], summary="List users")
def list_users(
    role: AccountRole | None = Query(None, description="Only this role."),
    region_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only bound to this region."),
    active: bool | None = Query(None, description="Only active (true) or deactivated (false)."),
    sort: str | None = sort_query(service.USER_SORTABLE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("users:read")),
) -> Page[UserRead]:
    """Users bound inside your subtree, one page at a time."""
    rows, next_cursor = service.list_accounts(
        session=session,
        principal=principal,
        model=User,
        role=role,
        region_id=region_id,
        active=active,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[UserRead](items=[_user(r) for r in rows], next_cursor=next_cursor)


@router.get("/users/{user_id}", response_model=UserRead, summary="Read a user")
def read_user(
    user_id: Annotated[int, path_id("User")],
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("users:read")),
) -> UserRead:
    """One user (404 outside your subtree); the ETag is its version (raised by every change)."""
    row = service.get_account(session=session, principal=principal, model=User, account_id=user_id)
    response.headers["ETag"] = etag(row.token_version)
    return _user(row)


@router.patch("/users/{user_id}", response_model=UserRead, summary="Change a user")
def update_user(
    user_id: Annotated[int, path_id("User")],
    body: UserUpdate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("users:write")),
) -> UserRead:
    """Change a user's role, region or coordinator link; needs If-Match. The tokens issued
    before stop working (they carry the old role and region); audited."""
    row = service.get_account(session=session, principal=principal, model=User, account_id=user_id)
    service.update_user(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        changes=body.model_dump(exclude_unset=True),
    )
    commit(session)
    response.headers["ETag"] = etag(row.token_version)
    return _user(row)


def _set_user_active(
    session: Session, principal: Principal, user_id: int, active: bool, body: AccountChange | None
) -> UserRead:
    row = service.get_account(session=session, principal=principal, model=User, account_id=user_id)
    service.set_active(
        session=session,
        principal=principal,
        row=row,
        active=active,
        reason=body.reason if body else None,
    )
    commit(session)
    return _user(row)


@router.post("/users/{user_id}/deactivate", response_model=UserRead, summary="Deactivate a user")
def deactivate_user(
    user_id: Annotated[int, path_id("User")],
    body: AccountChange | None = DEACTIVATE,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("users:write")),
) -> UserRead:
    """The user can no longer sign in and every token issued to them fails at once (audited)."""
    return _set_user_active(session, principal, user_id, False, body)


@router.post("/users/{user_id}/reactivate", response_model=UserRead, summary="Reactivate a user")
def reactivate_user(
    user_id: Annotated[int, path_id("User")],
    body: AccountChange | None = REACTIVATE,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("users:write")),
) -> UserRead:
    """The user may sign in again (tokens from before the deactivation stay dead; audited)."""
    return _set_user_active(session, principal, user_id, True, body)


@router.post(
    "/users/{user_id}/reset", response_model=UserWithPassword, summary="Reset a user's password"
)
def reset_user(
    user_id: Annotated[int, path_id("User")],
    response: Response,
    body: PasswordReset | None = RESET,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("users:write")),
) -> UserWithPassword:
    """A new password (given, or generated and shown once); earlier tokens and failed
    sign-ins of the user are cleared (audited, without the password)."""
    row = service.get_account(session=session, principal=principal, model=User, account_id=user_id)
    row, generated = service.reset_user(
        session=session, principal=principal, row=row, password=body.password if body else None
    )
    commit(session)
    response.headers.update(NO_STORE)
    return UserWithPassword(user=_user(row), password=generated)


# --- API clients ---------------------------------------------------------------------------------


@router.post(
    "/api-clients",
    status_code=201,
    response_model=ApiClientWithSecret,
    summary="Register an API client",
)
def create_client(
    body: ApiClientCreate,
    request: Request,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("users:write")),
    key: str | None = Depends(idempotency_key),
) -> JSONResponse:
    """A new API client in your subtree; its secret is generated and shown once."""

    def write() -> Outcome:
        row, secret = auth.create_client(
            session=session,
            name=body.name,
            role=body.role,
            region_id=body.region_id,
            scopes=body.scopes,
            actor=principal,
        )
        out = ApiClientWithSecret(client=_client(row), client_secret=secret)
        return 201, out, {"Location": f"/v1/api-clients/{row.id}", **NO_STORE}

    return run_idempotent(
        session=session,
        principal=principal,
        key=key,
        method="POST",
        path=request.url.path,
        body=body,
        write=write,
    )


@router.get("/api-clients", response_model=Page[ApiClientRead], summary="List API clients")
def list_clients(
    role: AccountRole | None = Query(None, description="Only this role."),
    region_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only bound to this region."),
    active: bool | None = Query(None, description="Only active (true) or deactivated (false)."),
    sort: str | None = sort_query(service.CLIENT_SORTABLE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (≤ 200)."),
    cursor: str | None = cursor_query(),
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("users:read")),
) -> Page[ApiClientRead]:
    """API clients bound inside your subtree, one page at a time."""
    rows, next_cursor = service.list_accounts(
        session=session,
        principal=principal,
        model=ApiClient,
        role=role,
        region_id=region_id,
        active=active,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page[ApiClientRead](items=[_client(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/api-clients/{api_client_id}", response_model=ApiClientRead, summary="Read an API client"
)
def read_client(
    api_client_id: Annotated[int, path_id("API client")],
    response: Response,
    session: Session = Depends(get_session),
    principal: Principal = Depends(require_scopes("users:read")),
) -> ApiClientRead:
    """One API client (404 outside your subtree); the ETag is its version."""
    row = service.get_account(
        session=session, principal=principal, model=ApiClient, account_id=api_client_id
    )
    response.headers["ETag"] = etag(row.token_version)
    return _client(row)


@router.patch(
    "/api-clients/{api_client_id}", response_model=ApiClientRead, summary="Change an API client"
)
def update_client(
    api_client_id: Annotated[int, path_id("API client")],
    body: ApiClientUpdate,
    response: Response,
    expected: IfMatch = Depends(if_match),
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("users:write")),
) -> ApiClientRead:
    """Change an API client's name, role, region or scopes; needs If-Match. Its tokens issued
    before stop working; audited."""
    row = service.get_account(
        session=session, principal=principal, model=ApiClient, account_id=api_client_id
    )
    service.update_client(
        session=session,
        principal=principal,
        row=row,
        expected=expected,
        changes=body.model_dump(exclude_unset=True),
    )
    commit(session)
    response.headers["ETag"] = etag(row.token_version)
    return _client(row)


def _set_client_active(
    session: Session,
    principal: Principal,
    api_client_id: int,
    active: bool,
    body: AccountChange | None,
) -> ApiClientRead:
    row = service.get_account(
        session=session, principal=principal, model=ApiClient, account_id=api_client_id
    )
    service.set_active(
        session=session,
        principal=principal,
        row=row,
        active=active,
        reason=body.reason if body else None,
    )
    commit(session)
    return _client(row)


@router.post(
    "/api-clients/{api_client_id}/deactivate",
    response_model=ApiClientRead,
    summary="Deactivate an API client",
)
def deactivate_client(
    api_client_id: Annotated[int, path_id("API client")],
    body: AccountChange | None = DEACTIVATE,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("users:write")),
) -> ApiClientRead:
    """The client can no longer sign in and its tokens fail at once (audited)."""
    return _set_client_active(session, principal, api_client_id, False, body)


@router.post(
    "/api-clients/{api_client_id}/reactivate",
    response_model=ApiClientRead,
    summary="Reactivate an API client",
)
def reactivate_client(
    api_client_id: Annotated[int, path_id("API client")],
    body: AccountChange | None = REACTIVATE,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("users:write")),
) -> ApiClientRead:
    """The client may sign in again (audited)."""
    return _set_client_active(session, principal, api_client_id, True, body)


@router.post(
    "/api-clients/{api_client_id}/reset",
    response_model=ApiClientWithSecret,
    summary="Issue an API client a new secret",
)
def reset_client(
    api_client_id: Annotated[int, path_id("API client")],
    response: Response,
    session: Session = Depends(get_write_session),
    principal: Principal = Depends(require_scopes("users:write")),
) -> ApiClientWithSecret:
    """A new secret, shown once; the old secret and every token issued before stop working."""
    row = service.get_account(
        session=session, principal=principal, model=ApiClient, account_id=api_client_id
    )
    row, secret = service.reset_client(session=session, principal=principal, row=row)
    commit(session)
    response.headers.update(NO_STORE)
    return ApiClientWithSecret(client=_client(row), client_secret=secret)
