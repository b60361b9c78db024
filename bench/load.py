"""Load generator: ``python -m bench.load --port P --path /x`` (127.0.0.1 only).

Threads send GET requests for a bounded time over keep-alive connections (reconnecting when
the server closes them) and print one JSON line: requests/s, p50, p99, errors, statuses.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import threading
import time
from collections import Counter

HOST = "127.0.0.1"


def _worker(args, deadline: float, latencies: list[float], statuses: Counter, lock) -> None:
    headers = {"User-Agent": args.user_agent, "Accept-Encoding": "identity"}
    if args.cookie:
        headers["Cookie"] = args.cookie
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
