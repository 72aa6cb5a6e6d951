"""Request and response models of the token endpoint and ``/v1/auth/me``."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel
from typing_extensions import TypeAliasType

from lrc_api.core.text import RequestModel

PrincipalKind = TypeAliasType("PrincipalKind", Literal["user", "client", "system"])
"""Who holds a token: a person, an API client, or the service itself (CLI, demo loader)."""


class TokenRequest(RequestModel):
    """RFC 6749 token request, sent as ``application/x-www-form-urlencoded``.

    Unknown parameters are ignored and empty ones count as absent, as RFC 6749 §3.2 requires;
    missing or malformed ones are answered with ``invalid_request`` (400), not 422.
    """

    model_config = ConfigDict(extra="ignore")

    keep_whitespace = frozenset({"password", "client_secret"})

    grant_type: str | None = Field(
        None, description="`password` (a person) or `client_credentials` (a system)."
    )
    username: str | None = Field(None, description="grant_type=password: the username.")
    password: str | None = Field(None, description="grant_type=password: the password.")
    scope: str | None = Field(
        None,
        description="Optional space-separated scopes to narrow the token to (a subset of yours).",
    )
    client_id: str | None = Field(
        None, description="grant_type=client_credentials: the client id (or use HTTP Basic)."
    )
    client_secret: str | None = Field(
        None, description="grant_type=client_credentials: the client secret (or use HTTP Basic)."
    )


_SCOPE = Field(
    None,
    description="Optional space-separated scopes to narrow the token to (a subset of the "
    "account's), e.g. `cases:read changes:read`.",
    examples=["cases:read changes:read"],
)


class PasswordGrant(RequestModel):
    """A person signs in (RFC 6749 §4.3, resource owner password credentials).

    Five failures in a row lock the account for a while (``LRC_LOGIN_MAX_FAILURES``,
    ``LRC_LOGIN_LOCK_MINUTES``); a locked account gets the same answer as a wrong password.
    """

    model_config = ConfigDict(extra="ignore")  # RFC 6749 §3.2: unknown parameters are ignored

    keep_whitespace = frozenset({"password"})

    grant_type: Literal["password"] = Field(description="Always `password`.")
    username: str = Field(
        min_length=1, max_length=1024, description="The username.", examples=["nanzhan-admin"]
    )
    password: str = Field(
        min_length=1,
        max_length=1024,
        description="The password.",
        json_schema_extra={"format": "password"},
        examples=["Lrc-2025-南站镇!"],
    )
    scope: str | None = _SCOPE


class ClientCredentialsGrant(RequestModel):
    """A system (district platform, mobile backend) signs in (RFC 6749 §4.4).

    The id and secret come from ``lrc clients create``. They may also be sent with HTTP Basic
    (RFC 6749 §2.3.1) instead of the form, then leave them out of the form.
    """

    model_config = ConfigDict(extra="ignore")  # RFC 6749 §3.2: unknown parameters are ignored

    keep_whitespace = frozenset({"client_secret"})

    grant_type: Literal["client_credentials"] = Field(description="Always `client_credentials`.")
    client_id: str = Field(
        min_length=1,
        max_length=1024,
        description="The client id (`lrc_` and 20 hex digits).",
        examples=["lrc_3f9a2c71e0b84d56a1c2"],
    )
    client_secret: str = Field(
        min_length=1,
        max_length=1024,
        description="The client secret, shown once when the client was registered.",
        json_schema_extra={"format": "password"},
        examples=["q0V8mJ7x2YwQ5n3bK1pZr9sT4uLc6dEa8fGh0iJkLmN"],
    )
    scope: str | None = _SCOPE


class TokenGrant(
    RootModel[Annotated[PasswordGrant | ClientCredentialsGrant, Field(discriminator="grant_type")]]
):
    """The token request: one form per grant, told by `grant_type` (RFC 6749 §4.3, §4.4).

    A missing, empty or unknown field is answered with RFC 6749's `invalid_request` or
    `unsupported_grant_type` (400), not 422.
    """

    # Documents the body only: the route reads the lenient TokenRequest, so that it can answer
    # in RFC 6749's terms rather than with a validation error.
    read_as: ClassVar[type[BaseModel]] = TokenRequest


class TokenResponse(BaseModel):
    """RFC 6749 §5.1 access token response."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjbGllbnQ6bHJjXzNmOWEyYzcxZTBiODRkNTZhMWMyIiwicm9sZSI6ImludGVncmF0aW9uIn0.Xb3q2L7yJm0fQe5w9RkT1nVhC4pZsA8dU6gK2oN0rIc",
                    "token_type": "Bearer",
                    "expires_in": 900,
                    "scope": "cases:read changes:read",
                }
            ]
        }
    )

    access_token: str = Field(description="The bearer JWT to send as `Authorization: Bearer …`.")
    token_type: Literal["Bearer"] = Field(description="Always `Bearer`.")
    expires_in: int = Field(description="Seconds until the token expires.")
    scope: str = Field(description="Space-separated scopes the token carries.")


class Me(BaseModel):
    """The caller, as the service sees it from the token."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject": "user:nanzhan-admin",
                    "kind": "user",
                    "role": "region_admin",
                    "region_id": 2,
                    "scopes": [
                        "activities:read",
                        "activities:review",
                        "activities:write",
                        "assessments:read",
                        "assessments:write",
                        "audit:read",
                        "cases:read",
                        "cases:write",
                        "changes:read",
                        "coordinators:read",
                        "coordinators:write",
                        "enterprises:read",
                        "enterprises:write",
                        "regions:read",
                        "regions:write",
                        "rules:evaluate",
                    ],
                    "coordinator_id": None,
                }
            ]
        }
    )

    subject: str = Field(
        description="Username, client id, or `<issuer>#<sub>` for a trusted external provider."
    )
    kind: PrincipalKind = Field(description="A person (user), a system (client) or the service.")
    role: str = Field(
        description="Role: admin, region_admin, assessor, coordinator, integration or auditor."
    )
    region_id: int | None = Field(
        description="Root of the region subtree the caller may see; null for a global caller."
    )
    scopes: list[str] = Field(description="Scopes the token carries, sorted.")
    coordinator_id: int | None = Field(
        description="The coordinator record of a coordinator user; null otherwise."
    )
