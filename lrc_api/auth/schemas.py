"""Request and response models of the token endpoint and ``/v1/auth/me``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lrc_api.core.text import RequestModel


class TokenRequest(RequestModel):
    """RFC 6749 token request, sent as ``application/x-www-form-urlencoded``.

    Unknown parameters are ignored and empty ones count as absent, as RFC 6749 §3.2 requires;
    missing or malformed ones are answered with ``invalid_request`` (400), not 422.
    """

    model_config = ConfigDict(extra="ignore")

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


class TokenResponse(BaseModel):
    """RFC 6749 §5.1 access token response."""

    access_token: str = Field(description="The bearer JWT to send as `Authorization: Bearer …`.")
    token_type: Literal["Bearer"] = Field(description="Always `Bearer`.")
    expires_in: int = Field(description="Seconds until the token expires.")
    scope: str = Field(description="Space-separated scopes the token carries.")


class Me(BaseModel):
    """The caller, as the service sees it from the token."""

    subject: str = Field(
        description="Username, client id, or `<issuer>#<sub>` for a trusted external provider."
    )
    kind: Literal["user", "client", "system"] = Field(description="A person or a system.")
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
