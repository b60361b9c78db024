"""``python -m bench [--persons N] [--seed S] [--parts 1,2,3,4,5,6] [--seconds T]`` (make bench).

Builds (or reuses) the synthetic country on SQLite and, when available, PostgreSQL; runs
the measurements; prints a table and writes ``bench/results.json``. A part whose feature
code is missing is reported as skipped; a part that fails is reported with its error.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
import traceback
from pathlib import Path
from typing import Any

from bench import dataset, notify, parts, readmodel

RESULTS = Path(__file__).resolve().parent / "results.json"


def _run(label: str, fn, *args, **kwargs) -> dict[str, Any]:
    print(f"  … {label}", flush=True)
    started = time.perf_counter()
    try:
        result = fn(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - a broken part must not stop the others
        traceback.print_exc()
        result = {"error": f"{type(error).__name__}: {error}"[:500]}
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    return result


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}{unit}" if value < 100 else f"{value:.0f}{unit}"
    return f"{value}{unit}"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _pages_lines(g: dict[str, Any]) -> list[str]:
    """Part 4's lines: each page under load against /healthz."""
    lines: list[str] = []
    if "healthz" in g:
        lines.append(f"  4 load: {g.get('load', 'python threads')}")
        for label, r in g.items():
            if not isinstance(r, dict) or "rps" not in r:
                continue
            ratio = r.get("ratio_to_healthz")
            ok = (
                ratio is not None
                and ratio >= 0.25
                and r["p99_ms"] is not None
                and r["p50_ms"]
                and r["p99_ms"] < 5 * r["p50_ms"]
            )
            lines.append(
                f"  4 {label:17} {r['path'][:40]:40} {r['status']} "
                f"{_fmt(r['rps'], ' req/s'):>11} p50 {_fmt(r['p50_ms'], ' ms'):>8} "
                f"p99 {_fmt(r['p99_ms'], ' ms'):>8} {r['queries_per_request']:>3} SQL"
                + (f" | {_fmt(ratio)} x healthz  [{_verdict(ok)}]" if ratio else "")
            )
    else:
        lines.append(f"  4 pages     {g.get('skipped') or g.get('error')}")
    return lines


def table(results: dict[str, Any]) -> str:
    """The printed summary: one line per figure, with the target verdicts."""
    lines = []
    for backend, block in results["backends"].items():
        lines.append(f"\n== {backend} ({block.get('dataset', {}).get('summary', '')})")
        if "skipped" in block:
            lines.append(f"  {block['skipped']}")
            continue
        ds = block["dataset"]
        build = ds.get("build_seconds")
        lines.append(f"  dataset: build {_fmt(build, ' s')}{' (cached)' if ds['cached'] else ''}")
        o = block.get("overview")
        if o is not None:
            if "seconds" in o:
                ok = o["ratio"] <= 1.5 and o["peak_rss_mb"] < 150
                lines.append(
                    f"  1 overview  {o['persons']} persons, {o['rows']} rows: "
                    f"{_fmt(o['seconds'], ' s')}, peak RSS {_fmt(o['peak_rss_mb'], ' MB')}, "
                    f"{o['queries']} queries | floor {_fmt(o['floor_seconds'], ' s')} | "
                    f"ratio {_fmt(o['ratio'])}  [{_verdict(ok)}]"
                )
            else:
                lines.append(f"  1 overview  {o.get('skipped') or o.get('error')}")
        p = block.get("progress")
        if p is not None:
            if "country" in p:
                for label, r in p.items():
                    if not isinstance(r, dict):
                        continue
                    ok = r["ratio"] <= 3 if label == "country" else True
                    lines.append(
                        f"  2 progress  {label}: {r['persons']} persons, "
                        f"{_fmt(r['seconds'], ' s')}, {r['queries']} queries | floor "
                        f"{_fmt(r['floor_seconds'], ' s')} ({r['floor_rows']} rows) | "
                        f"ratio {_fmt(r['ratio'])}"
                        + (f"  [{_verdict(ok)}]" if label == "country" else "")
                    )
            else:
                lines.append(f"  2 progress  {p.get('skipped') or p.get('error')}")
        c = block.get("calendar")
        if c is not None:
            if "seconds" in c:
                ok = c["ratio"] <= 1.5 and c["ratio_304_to_full"] < 0.1
                lines.append(
                    f"  3 feed      {c['events']} events: {_fmt(c['seconds'] * 1000, ' ms')} "
                    f"(cached {_fmt(c.get('seconds_cached', 0) * 1000, ' ms')}) "
                    f"| floor {_fmt(c['floor_seconds'] * 1000, ' ms')} | ratio {_fmt(c['ratio'])}"
                    f"; 304 {_fmt(c['seconds_304'] * 1000, ' ms')} = "
                    f"{_fmt(c['ratio_304_to_full'])} x full  [{_verdict(ok)}]"
                )
            else:
                lines.append(f"  3 feed      {c.get('skipped') or c.get('error')}")
        g = block.get("pages")
        if g is not None:
            lines.extend(_pages_lines(g))
        n = block.get("notify")
        if n is not None:
            lines.append(notify.line(n))
        m = block.get("read_model")
        if m is not None:
            lines.extend(readmodel.lines(m))
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, build the datasets, measure, print and write the results."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parts", default="1,2,3,4,5,6", help="which measurements, e.g. 2,3")
    parser.add_argument("--seconds", type=float, default=10, help="load time per page")
    parser.add_argument("--threads", type=int, default=4, help="load-generator threads")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached datasets")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args()
    wanted = {int(p) for p in args.parts.split(",") if p.strip()}
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    started = time.perf_counter()
    results: dict[str, Any] = {
        "persons": args.persons,
        "seed": args.seed,
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "backends": {},
    }
    for backend in backends:
        print(f"[{backend}] dataset ({args.persons} persons, seed {args.seed})", flush=True)
        try:
            if backend == "sqlite":
                ds = dataset.ensure_sqlite(args.persons, args.seed, rebuild=args.rebuild)
            else:
                ds = dataset.ensure_pg(args.persons, args.seed, rebuild=args.rebuild)
        except Exception as error:  # noqa: BLE001 - report, go on with the other backend
            traceback.print_exc()
            ds = f"error: {type(error).__name__}: {error}"[:500]
        if isinstance(ds, str):
            results["backends"][backend] = {"skipped": ds}
            continue
        block: dict[str, Any] = {"dataset": ds.public()}
        if 1 in wanted:
            block["overview"] = _run("1 overview export", parts.overview, ds)
        if 2 in wanted:
            block["progress"] = _run("2 progress", parts.progress, ds)
        if 3 in wanted:
            block["calendar"] = _run("3 network feed", parts.calendar, ds)
        if 4 in wanted:
            block["pages"] = _run(
                "4 pages under load", parts.pages, ds, seconds=args.seconds, threads=args.threads
            )
        if 5 in wanted:
            block["notify"] = _run("5 daily notification job", notify.daily_job, ds)
        if 6 in wanted:
            block["read_model"] = _run("6 progress read model", readmodel.read_model, ds)
        results["backends"][backend] = block
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    print(f"\nwrote {args.out} in {results['total_seconds']} s")


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


if __name__ == "__main__":
    main()
