"""``lrc webhooks run``: a dedicated dispatcher process (alongside or instead of the servers')."""

from __future__ import annotations

import argparse
import signal
import threading
from typing import Any


def _run(args: argparse.Namespace) -> int:
    from lrc_api.core.observability import configure_logging
    from lrc_api.core.settings import get_settings
    from lrc_api.webhooks.dispatcher import Dispatcher
    from lrc_api.webhooks.settings import get_webhook_settings

    configure_logging(get_settings().log_level)
    settings = get_webhook_settings()
    if args.workers is not None:
        settings = settings.model_copy(update={"workers": args.workers})
    dispatcher = Dispatcher(settings=settings)
    if args.once:
        handled = dispatcher.run_until_idle(timeout=args.timeout)
        print(f"handled {handled} subscription turns")
        return 0
    stopped = threading.Event()

    def _stop(_signum: int, _frame: Any) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    dispatcher.start()
    stopped.wait()
    dispatcher.stop(timeout=settings.timeout_seconds)
    return 0


def register(subparsers: Any) -> None:
    """Add the ``webhooks`` command to the ``lrc`` parser."""
    webhooks = subparsers.add_parser("webhooks", help="webhook delivery")
    sub = webhooks.add_subparsers(dest="webhooks_command", required=True)
    run = sub.add_parser(
        "run",
        help="deliver webhooks until stopped (SIGTERM/SIGINT); set LRC_WEBHOOK_DISPATCHER=false "
        "on the servers to deliver only from such processes",
    )
    run.add_argument(
        "--workers", type=int, default=None, help="delivery threads (default: setting)"
    )
    run.add_argument("--once", action="store_true", help="deliver what is due, then exit")
    run.add_argument(
        "--timeout", type=float, default=300.0, help="with --once: stop after this many seconds"
    )
    run.set_defaults(func=_run)
