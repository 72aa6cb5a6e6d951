"""HTTP for sign-in: the RFC 6749 token endpoint and ``/v1/auth/me``."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
from typing import Annotated
from urllib.parse import unquote_plus

from fastapi import APIRouter, Depends, Form, Request, Response
from sqlmodel import Session

from lrc_api.auth import service, throttle
from lrc_api.auth.schemas import Me, TokenGrant, TokenRequest, TokenResponse
from lrc_api.auth.service import MAX_SECRET_LENGTH, OAuthError
from lrc_api.core.db import get_write_session
from lrc_api.core.errors import problem
from lrc_api.core.openapi import declared_body
from lrc_api.core.principal import Principal
from lrc_api.core.security import (
    AUTH_RESPONSES,
    current_principal,
    issue_access_token,
    request_time,
)
from lrc_api.core.settings import Settings, get_settings

router = APIRouter(tags=["auth"])

_BAD_LOGIN_ZH = "用户名或密码错误，或账户因多次失败已暂时锁定"
_BAD_LOGIN = (
    "wrong username or password, or the account is locked for a while after repeated failures"
)
_BAD_CLIENT_ZH = "客户端认证失败"
_BAD_CLIENT = (
    "client authentication failed: unknown client, wrong secret, inactive, or locked for a "
    "while after repeated failures"
)
_BASIC_CHALLENGE = 'Basic realm="lrc"'


def _invalid_request(description: str) -> OAuthError:
    return OAuthError("invalid_request", description, zh="令牌请求格式有误")


def _field(value: str | None, name: str) -> str:
    if value is None or value == "":
        raise _invalid_request(f"{name} is required")
    if len(value) > MAX_SECRET_LENGTH:
        raise _invalid_request(f"{name} is too long")
    return value


def _malformed_basic() -> OAuthError:
    return OAuthError(
        "invalid_client", "malformed HTTP Basic credentials", status=401, challenge=_BASIC_CHALLENGE
    )


def _client_credentials(request: Request, form: TokenRequest) -> tuple[str, str]:
    """Client id and secret from HTTP Basic (RFC 6749 §2.3.1) or the form, never both."""
    scheme, _, param = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return _field(form.client_id, "client_id"), _field(form.client_secret, "client_secret")
    if form.client_secret:
        raise _invalid_request("use one client authentication method: HTTP Basic or the form")
    try:
        decoded = base64.b64decode(param.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _malformed_basic() from None
    raw_id, sep, raw_secret = decoded.partition(":")
    client_id, secret = unquote_plus(raw_id), unquote_plus(raw_secret)
    if not sep or not client_id:
        raise _malformed_basic()
    if form.client_id and form.client_id != client_id:
        raise _invalid_request("client_id in the form differs from HTTP Basic")
    return client_id, _field(secret, "client_secret")


def _refuse_while_blocked(
    session: Session, keys: list[throttle.ThrottleKey], now: dt.datetime
) -> None:
    wait = throttle.seconds_blocked(session, keys, now)
    if wait:
        raise OAuthError(
            "slow_down",
            f"too many failed sign-ins for this account or from this address; retry in {wait} s",
            zh="登录失败次数过多，请稍后再试",
            status=429,
            retry_after=wait,
        )


def _reserve(
    session: Session, keys: list[throttle.ThrottleKey], now: dt.datetime, settings: Settings
) -> None:
    """Count the attempt against the account name before the secret is checked (committed);
    429 when that puts it past the limit, so concurrent guesses cannot all slip through."""
    _refuse_while_blocked(session, keys, now)
    within = throttle.reserve(session, keys[0], now, settings)
    session.commit()
    if not within:  # past the limit, so blocked: the wait is the block's
        _refuse_while_blocked(session, keys[:1], now)
        raise OAuthError(
            "slow_down",
            "too many failed sign-ins for this account; retry later",
            zh="登录失败次数过多，请稍后再试",
            status=429,
            retry_after=settings.login_lock_minutes * 60,
        )


def _count(
    session: Session,
    keys: list[throttle.ThrottleKey],
    ok: bool,
    now: dt.datetime,
    settings: Settings,
) -> None:
    # Committed although the answer may be an error: the count must persist. The account
    # name's attempt was counted already (_reserve); a failure adds to the address's.
    if ok:
        throttle.clear(session, keys[0])
    else:
        throttle.record_failure(session, keys[1:], now, settings)
        throttle.purge_now_and_then(session, now, settings)
    session.commit()


@router.post(
    "/v1/auth/token",
    name="token",  # operation id `auth-token`
    response_model=TokenResponse,
    summary="Issue an access token (OAuth 2.0 password or client credentials grant)",
    openapi_extra=declared_body(
        TokenGrant,
        "application/x-www-form-urlencoded",
        examples={
            "client_credentials": {
                "summary": "A district platform (client credentials)",
                "value": {
                    "grant_type": "client_credentials",
                    "client_id": "lrc_3f9a2c71e0b84d56a1c2",
                    "client_secret": "q0V8mJ7x2YwQ5n3bK1pZr9sT4uLc6dEa8fGh0iJkLmN",
                    "scope": "cases:read changes:read",
                },
            },
            "password": {
                "summary": "A township administrator (password)",
                "value": {
                    "grant_type": "password",
                    "username": "nanzhan-admin",
                    "password": "Lrc-2025-南站镇!",
                },
            },
        },
    ),
    responses={
        400: problem("RFC 6749 §5.2 error (`error` member)"),
        401: problem("invalid_client"),
        429: problem("Too many failed sign-ins for the account or from the address (Retry-After)"),
    },
)
def issue_token(
    request: Request,
    response: Response,
    form: Annotated[TokenRequest, Form()],
    session: Session = Depends(get_write_session),
    now: dt.datetime = Depends(request_time),
) -> TokenResponse:
    """Exchange a username/password or a client id/secret (form body) for a bearer JWT."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise _invalid_request("send the form as application/x-www-form-urlencoded")
    settings = get_settings()
    host = request.client.host if request.client else None
    principal: Principal
    if form.grant_type == "password":
        username = _field(form.username, "username")
        password = _field(form.password, "password")
        keys = throttle.keys_for("user", username, host, settings)
        _reserve(session, keys, now, settings)
        user = service.find_user(session=session, username=username)
        session.commit()  # end the read: no database lock is held during the slow hash check
        ok = service.check_login(session=session, account=user, secret=password)
        _count(session, keys, ok, now, settings)
        if not ok or user is None:
            raise OAuthError("invalid_grant", _BAD_LOGIN, zh=_BAD_LOGIN_ZH)
        principal = service.user_principal(user)
    elif form.grant_type == "client_credentials":
        client_id, secret = _client_credentials(request, form)
        keys = throttle.keys_for("client", client_id, host, settings)
        _reserve(session, keys, now, settings)
        client = service.find_client(session=session, client_id=client_id)
        session.commit()
        ok = service.check_login(session=session, account=client, secret=secret)
        _count(session, keys, ok, now, settings)
        if not ok or client is None:
            raise OAuthError(
                "invalid_client",
                _BAD_CLIENT,
                zh=_BAD_CLIENT_ZH,
                status=401,
                challenge=_BASIC_CHALLENGE,
            )
        principal = service.client_principal(client)
    elif not form.grant_type:
        raise _invalid_request("grant_type is required")
    else:
        raise OAuthError(
            "unsupported_grant_type", "grant_type must be password or client_credentials"
        )
    scopes = service.narrow_scopes(principal.scopes, form.scope)
    token, expires_in = issue_access_token(
        dataclasses.replace(principal, scopes=scopes), now=now, settings=settings
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return TokenResponse(
        access_token=token,
        token_type="Bearer",
        expires_in=expires_in,
        scope=" ".join(sorted(scopes)),
    )


@router.get(
    "/v1/auth/me", response_model=Me, summary="Who am I (from the token)", responses=AUTH_RESPONSES
)
async def me(principal: Principal = Depends(current_principal)) -> Me:
    """The caller's principal as read from the bearer token: subject, role, region and scopes."""
    return Me(
        subject=principal.subject,
        kind=principal.kind,
        role=principal.role,
        region_id=principal.region_id,
        scopes=sorted(principal.scopes),
        coordinator_id=principal.coordinator_id,
    )
