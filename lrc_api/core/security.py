"""Bearer tokens: issuing ours, verifying ours and trusted providers', and the FastAPI guards.

Every key accepts only its own algorithms. A token's unverified header and ``iss`` pick the key
set; an ``alg`` outside that set's list is refused *before* any signature check, so ``alg: none``,
an RS256 header on our HS256 key (algorithm confusion) or an HS256 token "signed" with a public
key never reach the crypto. ``exp``, ``nbf``, ``iat``, ``iss`` and ``aud`` are checked with
``LRC_JWT_LEEWAY_SECONDS`` of clock skew. Any failure is a 401 problem+json carrying
``WWW-Authenticate: Bearer error="invalid_token"`` (RFC 6750 §3).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Depends, Security
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlowPassword
from fastapi.openapi.models import OAuthFlows as OAuthFlowsModel
from fastapi.security import OAuth2, SecurityScopes
from jose import jwk, jwt  # type: ignore[import-untyped]
from jose.backends.base import Key  # type: ignore[import-untyped]
from jose.exceptions import ExpiredSignatureError, JWTClaimsError  # type: ignore[import-untyped]

from lrc_api.core import pii
from lrc_api.core.accounts import require_live
from lrc_api.core.errors import Forbidden, Unauthorized, problem
from lrc_api.core.models import utcnow
from lrc_api.core.principal import ROLE_SCOPES, SCOPES, Principal
from lrc_api.core.redaction import redact
from lrc_api.core.settings import Settings, TrustedIssuer, get_settings

log = logging.getLogger("lrc_api.security")

TOKEN_URL = "/v1/auth/token"
"""Where tokens are issued (RFC 6749 token endpoint)."""

MAX_TOKEN_LENGTH = 8192
"""Longer bearer values are refused unparsed (a cheap guard against oversized input)."""

REGIONAL_ROLES = frozenset({"region_admin", "assessor", "coordinator"})
"""Roles that only make sense inside a region subtree: they must name a region."""

AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: problem("No valid bearer token (WWW-Authenticate says why)"),
    403: problem("The token lacks a required scope"),
}
"""Declare on routers whose endpoints need a token, so the OpenAPI shows the 401/403 shape."""

oauth2_scheme = OAuth2(
    flows=OAuthFlowsModel(
        password=OAuthFlowPassword(tokenUrl=TOKEN_URL, scopes=SCOPES),
        clientCredentials=OAuthFlowClientCredentials(tokenUrl=TOKEN_URL, scopes=SCOPES),
    ),
    scheme_name="OAuth2",
    description="Bearer JWT from `POST /v1/auth/token` (password for people, client "
    "credentials for systems), or from a trusted government identity provider.",
    auto_error=False,
)
"""The OpenAPI security scheme; yields the raw Authorization header (or None)."""

_UNSAFE_HEADER_CHARS = re.compile(r"[^\x20-\x21\x23-\x5b\x5d-\x7e]")


def invalid_token(reason: str) -> Unauthorized:
    """A 401 for a bad token, with the RFC 6750 challenge naming the reason (ASCII only)."""
    safe = _UNSAFE_HEADER_CHARS.sub("?", reason)
    return Unauthorized(
        f"令牌无效 (invalid token): {reason}",
        headers={"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{safe}"'},
        extra={"error": "invalid_token"},
    )


def missing_token() -> Unauthorized:
    """A 401 for a request that carries no bearer token (RFC 6750 §3.1: no error code)."""
    return Unauthorized(
        "需要登录令牌 (a bearer token is required)",
        headers={"WWW-Authenticate": 'Bearer realm="lrc"'},
    )


# --- keys --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _PinnedKey:
    """One verification key, usable only with ``algorithm``."""

    kid: str | None
    algorithm: str
    key: Key


@dataclass(frozen=True, slots=True)
class _Verifier:
    """Everything needed to accept one issuer's tokens."""

    issuer: str
    audience: str
    algorithms: frozenset[str]
    keys: tuple[_PinnedKey, ...]
    own: bool
    role_claim: str = "role"
    region_claim: str = "region"
    scope_ceiling: frozenset[str] | None = None

    def keys_for(self, algorithm: str, kid: object) -> list[Key]:
        """The keys that may check a token with this header (kid narrows when given)."""
        pinned = [k for k in self.keys if k.algorithm == algorithm]
        if kid is not None:
            pinned = [k for k in pinned if k.kid == kid]
        return [k.key for k in pinned]


@dataclass(frozen=True, slots=True)
class _Keyring:
    """The verifiers by issuer, built from one ``Settings`` and the key files as they were."""

    settings: Settings
    stamp: tuple[int, ...]
    verifiers: dict[str, _Verifier]


def _files(settings: Settings) -> list[Path]:
    paths = [settings.token_private_key_file, settings.token_public_key_file]
    for t in settings.trusted_issuers:
        paths += [t.jwks_file, t.public_key_file]
    return [p for p in paths if p is not None]


def _stamp(settings: Settings) -> tuple[int, ...]:
    # Key files are re-read when they change, so a rotated JWKS needs no restart.
    return tuple(p.stat().st_mtime_ns if p.exists() else -1 for p in _files(settings))


def _own_verifier(settings: Settings) -> _Verifier:
    alg = settings.token_algorithm
    if alg == "HS256":
        key = jwk.construct(settings.secret_key, alg)
    elif settings.token_public_key_file is not None:
        key = jwk.construct(settings.token_public_key_file.read_text(), alg)
    else:
        assert settings.token_private_key_file is not None  # the settings validator ensures it
        key = jwk.construct(settings.token_private_key_file.read_text(), alg).public_key()
    return _Verifier(
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        algorithms=frozenset({alg}),
        keys=(_PinnedKey(kid=None, algorithm=alg, key=key),),
        own=True,
    )


def _external_verifier(trusted: TrustedIssuer) -> _Verifier:
    algorithms = frozenset(trusted.algorithms)
    pinned: list[_PinnedKey] = []
    if trusted.jwks_file is not None:
        entries = json.loads(trusted.jwks_file.read_text()).get("keys", [])
    else:
        assert trusted.public_key_file is not None  # the settings validator ensures one of them
        entries = [trusted.public_key_file.read_text()]
    for entry in entries:
        if isinstance(entry, dict):
            if entry.get("use", "sig") != "sig":
                continue
            kid, jwk_alg = entry.get("kid"), entry.get("alg")
        else:
            kid, jwk_alg = None, None
        for alg in sorted(algorithms):
            if jwk_alg is not None and jwk_alg != alg:
                continue  # a JWK that names its algorithm is good for that one only
            try:
                pinned.append(_PinnedKey(kid=kid, algorithm=alg, key=jwk.construct(entry, alg)))
            except Exception:  # wrong key type for this algorithm (e.g. an EC key for RS256)
                continue
    if not pinned:
        raise RuntimeError(f"trusted issuer {trusted.issuer!r}: no usable signing key")
    ceiling = frozenset(trusted.scopes) & frozenset(SCOPES) if trusted.scopes is not None else None
    return _Verifier(
        issuer=trusted.issuer,
        audience=trusted.audience,
        algorithms=algorithms,
        keys=tuple(pinned),
        own=False,
        role_claim=trusted.role_claim,
        region_claim=trusted.region_claim,
        scope_ceiling=ceiling,
    )


_cache: list[_Keyring] = []


def _keyring(settings: Settings) -> _Keyring:
    stamp = _stamp(settings)
    if _cache and _cache[0].settings is settings and _cache[0].stamp == stamp:
        return _cache[0]
    verifiers = {settings.token_issuer: _own_verifier(settings)}
    for trusted in settings.trusted_issuers:
        try:
            verifiers[trusted.issuer] = _external_verifier(trusted)
        except Exception as exc:
            # A broken provider key file refuses that provider's tokens only, never ours.
            log.error(
                "trusted issuer keys unusable",
                extra={"issuer": trusted.issuer, "error_type": type(exc).__name__},
            )
    ring = _Keyring(settings=settings, stamp=stamp, verifiers=verifiers)
    _cache[:] = [ring]
    return ring


def load_keys(settings: Settings | None = None) -> None:
    """Read every key file now, so a bad own key fails at start-up rather than on a request."""
    _keyring(settings or get_settings())


# --- issuing -----------------------------------------------------------------------------------


def issue_access_token(
    principal: Principal, *, now: dt.datetime | None = None, settings: Settings | None = None
) -> tuple[str, int]:
    """Sign a short-lived access token for a user or client; returns (token, seconds valid)."""
    if principal.kind not in ("user", "client"):
        raise ValueError(f"tokens are issued to users and clients, not {principal.kind!r}")
    settings = settings or get_settings()
    issued = int((now or utcnow()).timestamp())
    lifetime = settings.access_token_minutes * 60
    claims: dict[str, Any] = {
        "sub": principal.subject,
        "kind": principal.kind,
        "role": principal.role,
        "region": principal.region_id,
        "scope": " ".join(sorted(principal.scopes)),
        "iat": issued,
        "nbf": issued,
        "exp": issued + lifetime,
        "iss": settings.token_issuer,
        "aud": settings.token_audience,
        "jti": uuid.uuid4().hex,
    }
    if principal.coordinator_id is not None:
        claims["coordinator_id"] = principal.coordinator_id
    if principal.account_version is not None:
        claims["ver"] = principal.account_version
    if settings.token_algorithm == "HS256":
        signing_key = settings.secret_key
    else:
        assert settings.token_private_key_file is not None
        signing_key = settings.token_private_key_file.read_text()
    token = jwt.encode(claims, signing_key, algorithm=settings.token_algorithm)
    return token, lifetime


# --- verifying ---------------------------------------------------------------------------------


def _optional_int(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise invalid_token(f"claim {name} must be an integer or null")
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()):  # "²".isdigit() is True
            raise invalid_token(f"claim {name} must be an integer or null")
        return int(value)
    return value


def _scope_set(value: object) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, str):
        raise invalid_token("claim scope must be a space-separated string")
    return frozenset(value.split()) & frozenset(SCOPES)


def _role(value: object) -> str:
    if not isinstance(value, str) or value not in ROLE_SCOPES:
        raise invalid_token("the token names no known role")
    return value


def _own_principal(claims: dict[str, Any]) -> Principal:
    kind = claims.get("kind")
    if kind not in ("user", "client"):
        raise invalid_token("claim kind must be user or client")
    return Principal(
        subject=claims["sub"],
        kind=kind,
        role=_role(claims.get("role")),
        region_id=_optional_int(claims.get("region"), "region"),
        scopes=_scope_set(claims.get("scope")),
        coordinator_id=_optional_int(claims.get("coordinator_id"), "coordinator_id"),
        account_version=_optional_int(claims.get("ver"), "ver"),
    )


def _pseudonym(subject: str) -> str:
    """A provider's subject, or a stable keyed pseudonym of it when it is personal data.

    Government identity providers often use the citizen ID number or the phone as ``sub``; the
    subject is written into the audit log and into ``created_by``/``reviewer`` fields that
    callers without ``pii:read`` read, so such a subject is replaced by ``pid-`` and a keyed
    hash (the same person always gets the same one).
    """
    if redact(subject) == subject:
        return subject
    return "pid-" + pii.keyed_digest(subject, purpose="external.subject")[:32]


def _external_principal(claims: dict[str, Any], verifier: _Verifier) -> Principal:
    role = _role(claims.get(verifier.role_claim))
    region = _optional_int(claims.get(verifier.region_claim), verifier.region_claim)
    if role in REGIONAL_ROLES and region is None:
        raise invalid_token(f"role {role} needs claim {verifier.region_claim}")
    if role == "integration":
        if "scope" not in claims:
            raise invalid_token("an integration token must carry a scope claim")
        scopes = _scope_set(claims["scope"])
    else:
        scopes = ROLE_SCOPES[role]
        if "scope" in claims:  # a provider may narrow, never widen, what the role carries
            scopes = scopes & _scope_set(claims["scope"])
    if verifier.scope_ceiling is not None:
        scopes = scopes & verifier.scope_ceiling
    return Principal(
        # Prefixed with the issuer so an external "alice" is never our local user "alice".
        subject=f"{verifier.issuer}#{_pseudonym(claims['sub'])}",
        kind="client" if role == "integration" else "user",
        role=role,
        region_id=region,
        scopes=scopes,
        external=True,
    )


def decode_token(token: str, *, settings: Settings | None = None) -> Principal:
    """Verify a bearer token (ours or a trusted issuer's) and return its principal; else 401."""
    settings = settings or get_settings()
    if len(token) > MAX_TOKEN_LENGTH:
        raise invalid_token("token too long")
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.get_unverified_claims(token)
    except Exception:
        raise invalid_token("malformed token") from None
    issuer = unverified.get("iss") if isinstance(unverified, dict) else None
    verifier = _keyring(settings).verifiers.get(issuer) if isinstance(issuer, str) else None
    if verifier is None:
        raise invalid_token("unknown or missing issuer")
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in verifier.algorithms:
        raise invalid_token(f"algorithm {str(alg)[:20]} is not accepted for this issuer")
    keys = verifier.keys_for(alg, header.get("kid"))
    if not keys:
        raise invalid_token("unknown key id")
    leeway = settings.jwt_leeway_seconds
    required = ["exp", "iat", "iss", "aud", "sub"] + (["nbf", "jti"] if verifier.own else [])
    options: dict[str, Any] = {"leeway": leeway} | {f"require_{c}": True for c in required}
    try:
        claims = jwt.decode(
            token,
            keys,
            algorithms=[alg],
            audience=verifier.audience,
            issuer=verifier.issuer,
            options=options,
        )
    except ExpiredSignatureError:
        raise invalid_token("token expired") from None
    except JWTClaimsError as exc:
        raise invalid_token(str(exc)[:100]) from None
    except Exception:
        raise invalid_token("signature verification failed or claims missing") from None
    iat = claims["iat"]
    if isinstance(iat, bool) or not isinstance(iat, int | float) or iat > time.time() + leeway:
        raise invalid_token("token issued in the future")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise invalid_token("claim sub must be a non-empty string")
    if verifier.own:
        return _own_principal(claims)
    return _external_principal(claims, verifier)


# --- FastAPI dependencies ----------------------------------------------------------------------


def _principal_from_header(authorization: str | None, settings: Settings) -> Principal:
    if not authorization:
        raise missing_token()
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise invalid_token("use the Bearer scheme")
    return decode_token(token.strip(), settings=settings)


def require_held(principal: Principal, scopes: list[str] | tuple[str, ...]) -> None:
    """403 naming the scopes the principal lacks, with the RFC 6750 insufficient_scope challenge."""
    missing = [s for s in scopes if not principal.can(s)]
    if missing:
        wanted = " ".join(missing)
        raise Forbidden(
            f"缺少权限范围 (missing scope): {wanted}",
            headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{wanted}"'},
            extra={"error": "insufficient_scope", "missing_scopes": missing},
        )


def current_principal(
    security_scopes: SecurityScopes, authorization: str | None = Depends(oauth2_scheme)
) -> Principal:
    """The caller, from a valid bearer token (401 otherwise); 403 if a declared scope is missing.

    A token of ours must still name a live account at the token's version (401 otherwise:
    deactivated or reset accounts lose their tokens at once, see ``core.accounts``). A plain
    function, so FastAPI runs that database look-up in its thread pool.
    """
    principal = _principal_from_header(authorization, get_settings())
    require_live(principal)
    require_held(principal, security_scopes.scopes)
    return principal


def require_scopes(*scopes: str) -> Any:
    """A dependency giving the caller's principal, or 403 naming the first missing scope."""
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise ValueError(f"unknown scopes {unknown}")  # a typo in a router, caught at import

    async def principal_with_scopes(
        principal: Principal = Security(current_principal, scopes=list(scopes)),
    ) -> Principal:
        return principal

    return principal_with_scopes


def rules_gate(
    authorization: str | None = Security(oauth2_scheme, scopes=["rules:evaluate"]),
) -> Principal:
    """A token with rules:evaluate; the app adds this gate only when LRC_RULES_PUBLIC is false."""
    settings = get_settings()
    principal = _principal_from_header(authorization, settings)
    require_live(principal)
    require_held(principal, ["rules:evaluate"])
    return principal


async def request_time() -> dt.datetime:
    """The current time of a request (a dependency, so tests can move the clock)."""
    return utcnow()
