"""Tables of the people and systems that may sign in: ``user`` and ``api_client``.

``region_id`` is a plain integer for now (no foreign key): the region table arrives in another
migration. Login throttling state lives here, in the database, so every worker sees it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Text
from sqlmodel import Field

from lrc_api.core.models import Timestamped, UtcDateTime


class LoginThrottled(Timestamped):
    """Columns shared by everything that signs in: active flag and failed-login lock state."""

    active: bool = Field(default=True, nullable=False)
    failed_logins: int = Field(default=0, nullable=False)
    locked_until: dt.datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
    last_failed_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)


class User(LoginThrottled, table=True):
    """A person who signs in with a username and password (grant_type=password)."""

    __tablename__ = "user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, nullable=False)
    password_hash: str = Field(max_length=255, nullable=False)
    role: str = Field(max_length=32, nullable=False)
    region_id: int | None = Field(default=None, nullable=True, index=True)
    coordinator_id: int | None = Field(default=None, nullable=True)


class ApiClient(LoginThrottled, table=True):
    """A system that signs in with a client id and secret (grant_type=client_credentials)."""

    __tablename__ = "api_client"

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(max_length=64, unique=True, nullable=False)
    secret_hash: str = Field(max_length=255, nullable=False)
    name: str = Field(max_length=200, nullable=False)
    role: str = Field(max_length=32, nullable=False)
    region_id: int | None = Field(default=None, nullable=True, index=True)
    scopes: str = Field(default="", sa_type=Text, nullable=False)
