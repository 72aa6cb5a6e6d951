"""Rules over HTTP: POST /v1/rules/scorecard against a bare validate-and-echo FastAPI endpoint.

DESIGN.md target: the service's throughput ≥ 80 % of the bare endpoint's, same server settings
(one uvicorn worker each, access log off), measured side by side in one run: rounds alternate
between the two servers so machine noise hits both alike. Load: ``wrk`` when installed
(``apt-get install wrk``), else a Python keep-alive client (which shares the CPU, so the
absolute figures are lower but the ratio is still side by side).

    .venv/bin/python bench/http_rules.py [--rounds 3] [--seconds 5] [--connections 16]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BODY = {
    "year": 2025,
    "quarter": 3,
    "base_score": 26,
    "events": [
        {
            "kind": k,
            "occurred_on": f"2025-0{7 + i % 3}-1{i % 9}",
            "evidence": ["plan.pdf", "photo.jpg"],
            **extra,
        }
        for i, (k, extra) in enumerate(
            [
                ("publicity", {}),
                ("publicity", {}),
                ("mediation_own_unit", {}),
                ("mediation_other", {}),
                ("risk_prevention", {}),
                ("publication", {"media_level": "municipal"}),
                ("management_improvement", {}),
                ("publicity", {}),
                ("mediation_other", {}),
                ("error_minor", {}),
                ("publication", {"media_level": "county"}),
                ("risk_prevention", {}),
            ]
        )
    ],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    for _ in range(200):
        try:
            httpx.post(
                f"http://127.0.0.1:{port}/v1/rules/scorecard", json=BODY, timeout=1
            ).raise_for_status()
            return proc
        except (httpx.HTTPError, OSError):
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(
        f"server {app} did not start: {proc.stderr.read().decode() if proc.stderr else ''}"
    )


def _wrk(port: int, seconds: float, connections: int, body_file: Path) -> float:
    script = body_file.with_suffix(".lua")
    script.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = [[{body_file.read_text()}]]\n"
    )
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, int(seconds))}s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/v1/rules/scorecard",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"errors during the run:\n{out}")
    return float(
        next(line for line in out.splitlines() if line.startswith("Requests/sec")).split()[1]
    )


def _python_load(port: int, seconds: float, connections: int) -> float:
    count = [0] * connections
    stop = time.perf_counter() + seconds

    def run(i: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as c:
            while time.perf_counter() < stop:
                c.post("/v1/rules/scorecard", json=BODY).raise_for_status()
                count[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(count) / seconds


def main() -> None:
    """Run the side-by-side measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lrc-bench-"))
    env = {
        **os.environ,
        "LRC_DATA_DIR": str(tmp),
        "LRC_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    body_file = tmp / "body.json"
    body_file.write_text(json.dumps(BODY, ensure_ascii=False))
    servers = {
        "lrc /v1/rules/scorecard": _start("lrc_api.main:app", _free_port(), env),
        "bare validate+echo": _start("bench._echo_app:app", _free_port(), env),
    }
    ports = {name: int(p.args[p.args.index("--port") + 1]) for name, p in servers.items()}  # type: ignore[index]
    use_wrk = shutil.which("wrk") is not None
    results: dict[str, list[float]] = {name: [] for name in servers}
    try:
        for _ in range(args.rounds):
            for name, port in ports.items():
                rps = (
                    _wrk(port, args.seconds, args.connections, body_file)
                    if use_wrk
                    else _python_load(port, args.seconds, args.connections)
                )
                results[name].append(rps)
    finally:
        for p in servers.values():
            p.terminate()
            p.wait(10)
    print(
        f"load generator: {'wrk' if use_wrk else 'python httpx threads'}; {args.rounds} rounds × {args.seconds}s, {args.connections} connections"
    )
    for name, values in results.items():
        print(
            f"{name:28s} median {statistics.median(values):8.0f} req/s   rounds {[round(v) for v in values]}"
        )
    ratio = statistics.median(results["lrc /v1/rules/scorecard"]) / statistics.median(
        results["bare validate+echo"]
    )
    print(f"ratio lrc / bare: {ratio:.2f}  (target ≥ 0.80)")


if __name__ == "__main__":
    main()
