"""The ``lrc`` command: serve, migrate, print the OpenAPI document, load demo data, import ledgers."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence


def _port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (the OS's reason), or None when it can."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from lrc_api.core import migrations
    from lrc_api.core.calendar import check_calendar
    from lrc_api.core.settings import get_settings
    from lrc_api.serving import GuardedHttpToolsProtocol, prepare_metrics_dir

    settings = get_settings()  # refuses unsafe production settings before anything else
    problem = check_calendar()  # a bad calendar file stops start-up, naming file and line
    if problem is not None:
        print(f"lrc: {problem}", file=sys.stderr)
        return 2
    taken = _port_taken(args.host, args.port)
    if taken is not None:
        # Before migrating and loading the demo, which would print a token command for a
        # port this process will never serve; uvicorn's own failure is a bare log line.
        print(
            f"lrc: cannot listen on {args.host}:{args.port} ({taken}); another service (an "
            f"earlier `lrc serve`?) holds it: stop it, or add --port {args.port + 1}",
            file=sys.stderr,
        )
        return 2
    # Before any worker starts: with several, /metrics adds up the samples of all of them.
    temporary = prepare_metrics_dir() if args.workers > 1 else None
    if settings.auto_migrate and not args.no_migrate:
        migrations.upgrade("head")
    if args.demo_data:
        from lrc_api.demo import DemoRefused, load_demo_data

        host = f"[{args.host}]" if ":" in args.host else args.host  # an IPv6 address
        try:
            print(load_demo_data(base_url=f"http://{host}:{args.port}"))
        except DemoRefused as exc:
            print(f"lrc: {exc}", file=sys.stderr)
            return 2
    try:
        uvicorn.run(
            "lrc_api.main:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            proxy_headers=True,
            access_log=False,
            log_config=None,
            http=GuardedHttpToolsProtocol,  # read deadlines and size limits (lrc_api.serving)
            timeout_keep_alive=5,
        )
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


def _db(args: argparse.Namespace) -> int:
    from sqlalchemy import create_engine

    from lrc_api.core import migrations
    from lrc_api.core.db import normalise_url
    from lrc_api.core.settings import get_settings

    if args.action == "upgrade":
        migrations.upgrade(args.revision or "head")
    elif args.action == "downgrade":
        migrations.downgrade(args.revision or "-1")
    else:
        engine = create_engine(normalise_url(get_settings().resolved_database_url))
        with engine.connect() as conn:
            current = sorted(migrations.current_revisions(conn))
        heads = sorted(migrations.head_revisions())
        print(json.dumps({"current": current, "head": heads, "at_head": current == heads}))
    return 0


def _openapi(_args: argparse.Namespace) -> int:
    from lrc_api.main import app

    print(json.dumps(app.openapi(), ensure_ascii=False, indent=2, sort_keys=True))
    return 0


def _demo(_args: argparse.Namespace) -> int:
    from lrc_api.core import migrations
    from lrc_api.demo import DemoRefused, load_demo_data

    migrations.upgrade("head")
    try:
        print(load_demo_data())
    except DemoRefused as exc:
        print(f"lrc: {exc}", file=sys.stderr)
        return 2
    return 0


def _purge(_args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from lrc_api.auth import throttle
    from lrc_api.core.db import get_engine
    from lrc_api.core.idempotency import purge_expired
    from lrc_api.core.models import utcnow
    from lrc_api.core.settings import get_settings

    with Session(get_engine().execution_options(lrc_write=True)) as session:
        answers = purge_expired(session)
        counters = throttle.purge(session, utcnow(), get_settings())
        session.commit()
    print(json.dumps({"idempotency_records": answers, "login_throttle": counters}))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``lrc``."""
    parser = argparse.ArgumentParser(prog="lrc", description="LRC platform service")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="apply migrations, then serve HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=8000, help="port to listen on (8000; taken? say --port 8001)"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (1); they share the database and one /metrics",
    )
    serve.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    serve.add_argument("--demo-data", action="store_true", help="load demo data before serving")
    serve.set_defaults(func=_serve)

    db = sub.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "downgrade", "current"])
    db.add_argument("revision", nargs="?", help="target revision (upgrade: head; downgrade: -1)")
    db.set_defaults(func=_db)

    openapi = sub.add_parser("openapi", help="print the OpenAPI document")
    openapi.set_defaults(func=_openapi)

    demo = sub.add_parser("demo-data", help="load demo data (idempotent)")
    demo.set_defaults(func=_demo)

    purge = sub.add_parser(
        "purge",
        help="delete expired idempotency answers (older than LRC_IDEMPOTENCY_HOURS) and "
        "sign-in throttle counters that are over; the service also does it as it goes",
    )
    purge.set_defaults(func=_purge)

    from lrc_api.auth.cli import register
    from lrc_api.cases.cli import register as register_cases
    from lrc_api.imports.cli import register as register_imports
    from lrc_api.risk.cli import register as register_risk
    from lrc_api.webhooks.cli import register as register_webhooks

    register(sub)
    register_cases(sub)
    register_imports(sub)
    register_risk(sub)
    register_webhooks(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lrc`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ValueError as exc:  # pydantic settings errors: say what is wrong, no traceback
        print(f"lrc: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
