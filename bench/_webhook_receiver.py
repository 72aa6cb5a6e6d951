"""A loopback webhook receiver for bench/webhooks.py, in its own process (no shared GIL).

Prints its port, answers every POST with 204, keeps ``webhook-id`` and the arrival time of each
(wall clock, the same clock the service stamps commits with), and writes them as TSV to the file
named on the command line when it gets SIGTERM.
"""

from __future__ import annotations

import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ARRIVALS: list[tuple[str, float]] = []


class Handler(BaseHTTPRequestHandler):
    """Reads the body, notes the arrival, answers 204."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ARRIVALS.append((self.headers.get("webhook-id", ""), time.time()))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


def main() -> None:
    """Serve until SIGTERM, then write the arrivals."""
    out = sys.argv[1]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True

    def finish(*_args: Any) -> None:
        with open(out, "w", encoding="utf-8") as f:
            f.writelines(f"{mid}\t{at}\n" for mid, at in ARRIVALS)
        sys.exit(0)

    signal.signal(signal.SIGTERM, finish)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
