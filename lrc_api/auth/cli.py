"""``lrc users …`` and ``lrc clients …``: accounts made and managed by an operator at the console.

``create``, ``list``, ``deactivate``, ``reactivate`` and ``reset``; every change is audited with the
actor ``system`` (as the API's changes are with the caller), and ends the account's tokens.
"""

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


def _region(value: str) -> str | None:
    """A region's code or id, or ``none`` for a global account (admin, auditor, integration)."""
    if value.lower() in ("none", "global", ""):
        return None
    return value


def _region_id(session: Any, value: str | None) -> int | None:
    """The id of the region ``--region`` names (code or id); an error naming it if none."""
    from lrc_api.core.errors import InvalidInput
    from lrc_api.core.region_tree import find_region

    if value is None:
        return None
    region = find_region(session, value)
    if region is None:
        raise InvalidInput.on("region", f"no region with code or id {value!r}")
    return region.id


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
            region_id=_region_id(session, args.region),
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
            region_id=_region_id(session, args.region),
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


def _account(session: Any, kind: str, name: str) -> Any:
    from lrc_api.auth import service
    from lrc_api.core.errors import NotFound

    row = (
        service.find_user(session=session, username=name)
        if kind == "user"
        else service.find_client(session=session, client_id=name)
    )
    if row is None:
        raise NotFound(f"no {'user' if kind == 'user' else 'API client'} {name!r}")
    return row


def _shown(row: Any) -> dict[str, Any]:
    from lrc_api.accounts.schemas import ApiClientRead, UserRead
    from lrc_api.auth.models import User

    model = UserRead if isinstance(row, User) else ApiClientRead
    return model.model_validate(row).model_dump(mode="json")


def _list(kind: str) -> Any:
    def run(args: argparse.Namespace) -> int:
        from lrc_api.accounts import service
        from lrc_api.auth.models import ApiClient, User
        from lrc_api.core.principal import SYSTEM

        def work(session: Any) -> list[dict[str, Any]]:
            out: list[dict[str, Any]] = []
            cursor = None
            region_id = _region_id(session, args.region)
            while True:
                rows, cursor = service.list_accounts(
                    session=session,
                    principal=SYSTEM,
                    model=User if kind == "user" else ApiClient,
                    role=args.role,
                    region_id=region_id,
                    active=args.active,
                    sort=None,
                    limit=200,
                    cursor=cursor,
                )
                out += [_shown(r) for r in rows]
                if cursor is None:
                    return out

        return _run(work)

    return run


def _set_active(kind: str, active: bool) -> Any:
    def run(args: argparse.Namespace) -> int:
        from lrc_api.accounts import service
        from lrc_api.core.principal import SYSTEM

        def work(session: Any) -> dict[str, Any]:
            row = _account(session, kind, args.name)
            service.set_active(
                session=session, principal=SYSTEM, row=row, active=active, reason=args.reason
            )
            return _shown(row)

        return _run(work)

    return run


def _reset(kind: str) -> Any:
    def run(args: argparse.Namespace) -> int:
        from lrc_api.accounts import service
        from lrc_api.core.principal import SYSTEM

        def work(session: Any) -> dict[str, Any]:
            row = _account(session, kind, args.name)
            if kind == "user":
                row, secret = service.reset_user(
                    session=session, principal=SYSTEM, row=row, password=args.password
                )
                return {**_shown(row), **({"password": secret} if secret else {})}
            row, secret = service.reset_client(session=session, principal=SYSTEM, row=row)
            return {**_shown(row), "client_secret": secret}

        code = _run(work)
        if code == 0 and (kind == "client" or args.password is None):
            print("lrc: the new secret is shown only this once", file=sys.stderr)
        return code

    return run


def _manage(sub: Any, kind: str, what: str, name_help: str) -> None:
    """Add list, deactivate, reactivate and reset under ``lrc users`` or ``lrc clients``."""
    article = "an" if what[0].lower() in "aeiou" else "a"  # "an API client"
    listing = sub.add_parser("list", help=f"list {what}s as JSON")
    listing.add_argument("--role", choices=list(ROLE_SCOPES))
    listing.add_argument(
        "--region", type=_region, default=None, help="only bound to this region (code or id)"
    )
    state = listing.add_mutually_exclusive_group()
    state.add_argument("--active", dest="active", action="store_true", default=None)
    state.add_argument("--inactive", dest="active", action="store_false")
    listing.set_defaults(func=_list(kind))
    helps = {
        "deactivate": f"deactivate {article} {what}: it cannot sign in, its tokens stop working at once",
        "reactivate": f"reactivate {article} {what}: it may sign in again (old tokens stay dead)",
    }
    for verb, active in (("deactivate", False), ("reactivate", True)):
        command = sub.add_parser(verb, help=helps[verb] + "; audited")
        command.add_argument("name", help=name_help)
        command.add_argument("--reason", help="why, for the audit log")
        command.set_defaults(func=_set_active(kind, active))
    reset = sub.add_parser(
        "reset",
        help=f"give {article} {what} a new {'password' if kind == 'user' else 'secret'} (printed once); "
        "ends its tokens and clears its failed sign-ins",
    )
    reset.add_argument("name", help=name_help)
    if kind == "user":
        reset.add_argument("--password", help="the new password (default: generate one)")
    reset.set_defaults(func=_reset(kind))


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
        help="code (or id) of the region of the user's subtree, or 'none' (global: admin, auditor)",
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
    _manage(users_sub, "user", "user", "the username")

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
        help="code (or id) of the region of the client's subtree, or 'none' (global)",
    )
    client.add_argument(
        "--scopes",
        default="",
        help=f'space-separated scopes, e.g. "cases:read cases:write"; known: {" ".join(SCOPES)}',
    )
    client.set_defaults(func=_create_client)
    _manage(clients_sub, "client", "API client", "the client_id")
