"""Load generators (127.0.0.1 only).

The bench drives pages with Debian's ``wrk`` from its own process (:func:`run_wrk`): Python
threads on the same two cores as the server cap ``/healthz`` at about a third of what wrk
reaches and so flatter every page's ratio. Without wrk it falls back to
``python -m bench.load --port P --path /x``: threads sending GET requests for a bounded time
over keep-alive connections, printing one JSON line (requests/s, p50, p99, statuses).
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import statistics
import subprocess
import threading
import time
from collections import Counter

HOST = "127.0.0.1"


def _worker(args, deadline: float, latencies: list[float], statuses: Counter, lock) -> None:
    headers = {"User-Agent": args.user_agent, "Accept-Encoding": "identity"}
    if args.cookie:
        headers["Cookie"] = args.cookie
    if args.authorization:
        headers["Authorization"] = args.authorization
    conn = None
    mine: list[float] = []
    seen: Counter = Counter()
    while time.monotonic() < deadline:
        if conn is None:
            conn = http.client.HTTPConnection(HOST, args.port, timeout=120)
        started = time.perf_counter()
        try:
            conn.request("GET", args.path, headers=headers)
            response = conn.getresponse()
            response.read()
            seen[response.status] += 1
            mine.append(time.perf_counter() - started)
            if response.will_close:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as error:
            seen[type(error).__name__] += 1
            if conn is not None:
                conn.close()
            conn = None
    if conn is not None:
        conn.close()
    with lock:
        latencies.extend(mine)
        statuses.update(seen)


def main() -> None:
    """Parse arguments, run the threads, print the summary."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--cookie", default="")
    parser.add_argument("--authorization", default="")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--user-agent", default="kn-bench/1.0")
    args = parser.parse_args()
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [
        threading.Thread(target=_worker, args=(args, deadline, latencies, statuses, lock))
        for _ in range(args.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ok = statuses.get(200, 0)
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        if not ordered:
            return None
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    print(
        json.dumps(
            {
                "requests": len(latencies),
                "ok": ok,
                "statuses": {str(k): v for k, v in statuses.items()},
                "elapsed": round(elapsed, 2),
                "rps": round(ok / elapsed, 1),
                "p50_ms": pct(0.50),
                "p99_ms": pct(0.99),
                "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else None,
            }
        )
    )


if __name__ == "__main__":
    main()


# --------------------------------------------------------------------------- wrk

WRK_LATENCY = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def wrk_path() -> str | None:
    """Debian's wrk, when installed (``make bench`` installs it when it can)."""
    return shutil.which("wrk")


def parse_wrk(output: str, seconds: float) -> dict:
    """The figures of ``wrk --latency`` output, in bench.load's own shape."""
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    elapsed = re.search(r"requests in ([\d.]+)(us|ms|s|m)", output)
    took = float(elapsed.group(1)) * _UNITS[elapsed.group(2)] / 1000 if elapsed else seconds
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    non_ok = int(bad.group(1)) if bad else 0
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = sum(int(g) for g in errors.groups()) if errors else 0
    latency = {p: round(float(v) * _UNITS[u], 1) for p, v, u in WRK_LATENCY.findall(output)}
    ok = requests - non_ok
    return {
        "tool": "wrk",
        "requests": requests,
        "ok": ok,
        "statuses": {"non_2xx": non_ok, "socket_errors": socket_errors},
        "elapsed": round(took, 2),
        "rps": round(ok / took, 1) if took else 0.0,
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "mean_ms": None,
    }


def run_wrk(
    port: int, path: str, headers: dict[str, str], seconds: float, connections: int
) -> dict:
    """Load one path with wrk from its own process: 2 threads, a 60 s timeout."""
    command = [
        wrk_path() or "wrk",
        "-t2",
        f"-c{max(connections, 2)}",
        f"-d{max(int(seconds), 1)}s",
        "--timeout",
        "60s",
        "--latency",
    ]
    for name, value in headers.items():
        if value:
            command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{path}")
    proc = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed: {proc.stderr.strip()[-500:]}")
    return parse_wrk(proc.stdout, seconds)
