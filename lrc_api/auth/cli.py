"""``lrc users create`` and ``lrc clients create``: accounts made by an operator at the console."""

from __future__ import annotations

import argparse
import getpass
import json
import secrets
import sys
from typing import Any

from lrc_api.core.principal import ROLE_SCOPES, SCOPES

GENERATED_PASSWORD_BYTES = 15
"""Random bytes in a generated password (20 URL-safe characters)."""


def _region(value: str) -> int | None:
    """A region id, or ``none`` for a global account (admin, auditor, integration)."""
    if value.lower() in ("none", "global", ""):
        return None
    try:
        region = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("a region id (integer) or 'none'") from None
    if region < 1:
        raise argparse.ArgumentTypeError("a region id is a positive integer")
    return region


def _ask_password() -> str:
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise ValueError("the two passwords differ")
    return first


def _run(work: Any) -> int:
    """Run ``work(session)`` in one transaction; print problems plainly instead of a traceback."""
    from sqlalchemy.exc import OperationalError, ProgrammingError
    from sqlmodel import Session

    from lrc_api.core.db import get_engine
    from lrc_api.core.errors import Problem

    try:
        engine = get_engine().execution_options(lrc_write=True)  # take the write lock up front
        with Session(engine, expire_on_commit=False) as session:
            out = work(session)
            session.commit()
    except Problem as exc:
        print(f"lrc: {exc.detail or exc.title}", file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError) as exc:
        print(
            f"lrc: database error ({type(exc).__name__}); is it migrated? run `lrc db upgrade`",
            file=sys.stderr,
        )
        return 1
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def _create_user(args: argparse.Namespace) -> int:
    from lrc_api.auth import service

    generated = None
    password = args.password
    if password is None:
        if sys.stdin.isatty():
            password = _ask_password()
        else:
            password = generated = secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)

    def work(session: Any) -> dict[str, Any]:
        user = service.create_user(
            session=session,
            username=args.username,
            password=password,
            role=args.role,
            region_id=args.region,
            coordinator_id=args.coordinator_id,
        )
        out: dict[str, Any] = {
            "id": user.id,
            "username": user.username,
            "role": user.role,
            "region_id": user.region_id,
            "coordinator_id": user.coordinator_id,
        }
        if generated is not None:
            out["password"] = generated
        return out

    code = _run(work)
    if code == 0 and generated is not None:
        print("lrc: the generated password is shown only this once", file=sys.stderr)
    return code


def _create_client(args: argparse.Namespace) -> int:
    from lrc_api.auth import service

    def work(session: Any) -> dict[str, Any]:
        client, secret = service.create_client(
            session=session,
            name=args.name,
            role=args.role,
            region_id=args.region,
            scopes=args.scopes.split(),
        )
        return {
            "id": client.id,
            "client_id": client.client_id,
            "client_secret": secret,
            "name": client.name,
            "role": client.role,
            "region_id": client.region_id,
            "scopes": client.scopes,
        }

    code = _run(work)
    if code == 0:
        print("lrc: store client_secret now; it is shown only this once", file=sys.stderr)
    return code


def register(subparsers: Any) -> None:
    """Add the ``users`` and ``clients`` commands to the ``lrc`` parser."""
    users = subparsers.add_parser("users", help="user accounts (people)")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    user = users_sub.add_parser("create", help="create a user; prints it as JSON")
    user.add_argument("--username", required=True)
    user.add_argument(
        "--role", required=True, choices=[r for r in ROLE_SCOPES if r != "integration"]
    )
    user.add_argument(
        "--region",
        type=_region,
        default=None,
        help="region id of the user's subtree, or 'none' (global: admin, auditor)",
    )
    user.add_argument(
        "--password",
        help="the password (it stays in shell history; omit it to be prompted, or, without a "
        "terminal, to have one generated and printed once)",
    )
    user.add_argument(
        "--coordinator-id",
        type=int,
        default=None,
        help="the coordinator record of a coordinator user",
    )
    user.set_defaults(func=_create_user)

    clients = subparsers.add_parser("clients", help="API clients (integrating systems)")
    clients_sub = clients.add_subparsers(dest="clients_command", required=True)
    client = clients_sub.add_parser(
        "create", help="register an API client; prints client_id and the secret once"
    )
    client.add_argument("--name", required=True, help="what the system is, e.g. 12345 hotline")
    client.add_argument("--role", default="integration", choices=list(ROLE_SCOPES))
    client.add_argument(
        "--region",
        type=_region,
        default=None,
        help="region id of the client's subtree, or 'none' (global)",
    )
    client.add_argument(
        "--scopes",
        default="",
        help=f'space-separated scopes, e.g. "cases:read cases:write"; known: {" ".join(SCOPES)}',
    )
    client.set_defaults(func=_create_client)
