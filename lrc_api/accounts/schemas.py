"""Request and response models of the account API (users and API clients)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from typing_extensions import TypeAliasType

from lrc_api.core.text import RequestModel
from lrc_api.core.types import FreeText, RecordId

UserRole = TypeAliasType(
    "UserRole", Literal["admin", "region_admin", "assessor", "coordinator", "auditor"]
)
"""What a person may do: administer everything, administer a region subtree, assess, act as a
coordinator (their own record), or read for audit."""

AccountRole = TypeAliasType(
    "AccountRole",
    Literal["integration", "admin", "region_admin", "assessor", "coordinator", "auditor"],
)
"""A person's roles, plus ``integration``: a system whose tokens carry exactly its scopes."""


class UserRead(BaseModel):
    """A user account (never its password)."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="User id.")
    username: str = Field(description="Sign-in name.")
    role: str = Field(description="admin, region_admin, assessor, coordinator or auditor.")
    region_id: int | None = Field(description="Root of the user's region subtree; null: global.")
    coordinator_id: int | None = Field(description="The coordinator record of a coordinator user.")
    active: bool = Field(description="False once deactivated: it cannot sign in, its tokens fail.")
    created_at: dt.datetime = Field(description="Created (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")


class ApiClientRead(BaseModel):
    """An API client (never its secret)."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="API client id (of this record).")
    client_id: str = Field(description="The client_id it signs in with.")
    name: str = Field(description="What the system is, e.g. 12345 hotline.")
    role: str = Field(description="Usually integration.")
    region_id: int | None = Field(description="Root of its region subtree; null: global.")
    scopes: list[str] = Field(description="Scopes its tokens can carry.")
    active: bool = Field(description="False once deactivated: it cannot sign in, its tokens fail.")
    created_at: dt.datetime = Field(description="Created (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")

    @field_validator("scopes", mode="before")
    @classmethod
    def _split(cls, v: object) -> object:
        return v.split() if isinstance(v, str) else v


class UserCreate(RequestModel):
    """A new user; without a password one is generated and shown once in the answer."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "username": "nanzhan-zhangwei",
                    "role": "coordinator",
                    "region_id": 3,
                    "coordinator_id": 12,
                },
                {"username": "wenshang-assessor", "role": "assessor", "region_id": 2},
            ]
        }
    )

    keep_whitespace = frozenset({"password"})

    username: str = Field(min_length=1, max_length=64, description="Sign-in name, no spaces.")
    role: UserRole = Field(description="What the user may do.")
    region_id: RecordId | None = Field(
        None, description="Region subtree (required for region_admin, assessor, coordinator)."
    )
    coordinator_id: RecordId | None = Field(
        None, description="For a coordinator user: their coordinator record (same region)."
    )
    password: str | None = Field(
        None, min_length=10, max_length=1024, description="Leave out to have one generated."
    )


class ApiClientCreate(RequestModel):
    """A new API client; its secret is generated and shown once in the answer."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "汶上县12345政务服务便民热线",
                    "role": "integration",
                    "region_id": 2,
                    "scopes": ["cases:read", "cases:write", "enterprises:read"],
                }
            ]
        }
    )

    name: FreeText = Field(min_length=1, max_length=200, description="What the system is.")
    role: AccountRole = Field(
        "integration", description="Usually integration (exactly the scopes given)."
    )
    region_id: RecordId | None = Field(None, description="Region subtree; null: global.")
    scopes: list[str] = Field(
        default_factory=list, max_length=50, description="Scopes its tokens may carry."
    )


class AccountChange(RequestModel):
    """Why an account is deactivated or reactivated (kept in the audit log)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reason": "调离南站镇人社所，停用账号"}, {}]}
    )

    reason: FreeText | None = Field(None, max_length=500, description="Why, for the audit log.")


def change_examples(action: str, reason: str) -> dict[str, dict[str, Any]]:
    """OpenAPI Example Objects of an AccountChange body: with a reason for the audit, or none."""
    return {
        "with_reason": {"summary": f"{action}, saying why", "value": {"reason": reason}},
        "without_reason": {"summary": f"{action}, no reason given", "value": {}},
    }


RESET_EXAMPLES = {
    "generated": {"summary": "Have a password generated (shown once)", "value": {}},
    "given": {"summary": "Set this password", "value": {"password": "Nanzhan-2025-xtY7q"}},
}
"""OpenAPI Example Objects of a PasswordReset body."""


class PasswordReset(RequestModel):
    """A user's new password, or nothing to have one generated (shown once)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{}, {"password": "Nanzhan-2025-xtY7q"}]}
    )

    keep_whitespace = frozenset({"password"})

    password: str | None = Field(
        None, min_length=10, max_length=1024, description="Leave out to have one generated."
    )


class UserWithPassword(BaseModel):
    """A user just created or reset, with the generated password (null when you gave one)."""

    user: UserRead = Field(description="The account.")
    password: str | None = Field(description="Generated password, shown only this once.")


class ApiClientWithSecret(BaseModel):
    """An API client just created or reset, with its new secret (shown only this once)."""

    client: ApiClientRead = Field(description="The client.")
    client_secret: str = Field(description="The secret, shown only this once.")


class UserUpdate(RequestModel):
    """Changes to a user's role, region or coordinator link (all optional); its tokens end."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"role": "assessor", "region_id": 2, "coordinator_id": None},
                {"region_id": 4},
            ]
        }
    )

    role: UserRole | None = Field(None, description="New role.")
    region_id: RecordId | None = Field(None, description="New region subtree (null: global).")
    coordinator_id: RecordId | None = Field(
        None, description="New coordinator record (role coordinator, same region); null unlinks."
    )


class ApiClientUpdate(RequestModel):
    """Changes to an API client (all optional); its tokens end."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"name": "汶上县欠薪线索平台", "scopes": ["cases:read", "cases:write"]},
                {"region_id": 3},
            ]
        }
    )

    name: FreeText | None = Field(None, min_length=1, max_length=200, description="New name.")
    role: AccountRole | None = Field(None, description="New role.")
    region_id: RecordId | None = Field(None, description="New region subtree (null: global).")
    scopes: list[str] | None = Field(None, max_length=50, description="New scopes (replace).")
