"""Soak: the load benchmark's mixed workload at a fixed arrival rate for minutes.

    python -m bench.soak [--api http://127.0.0.1:8410] [--start-api] [--minutes 10]
                         [--rate R] [--path full] [--api-pid PID]

Open loop: requests start every 1/rate seconds whether or not earlier ones finished (latency
is timed from the scheduled start, so a stalled server shows up as latency, not as a slower
generator), spread over a pool of shoppers (each with its own cookies and CSRF token). The
default rate is half the full path's maximum throughput in bench/results/load.json.

Every 10 s: the API process's RSS (found by the port it listens on, or --api-pid) and
Elasticsearch's RSS and JVM heap used (_nodes/stats); per minute: latency percentiles and
errors. Verdict: errors must be 0 (exit status 1 otherwise); memory growth is the API RSS at the
end vs after the warm-up (the first minute), in MB and %, with a least-squares slope (MB/min)
over the rest of the run; more than --max-growth-pct gives exit status 2.
Saves bench/results/soak.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.common import RESULTS, es_memory, pid_listening_on, rss_mb, save, start_api, stop_api
from bench.load import Recorder, Shopper, Workload, parse_mix, warm, zipf_workload
from core.settings import get_settings

SAMPLE_S = 10.0


def default_rate() -> float:
    """Return half the full path's maximum throughput measured by bench.load."""
    path = RESULTS / "load.json"
    if not path.exists():
        raise SystemExit(f"no {path}: run `python -m bench.load` first or pass --rate")
    return float(json.loads(path.read_text())["max_throughput_rps"]["full"]) / 2


class Soak:
    """The open-loop generator, its per-minute recorders and memory samples."""

    def __init__(self, api: str, work: Workload, args: argparse.Namespace) -> None:
        self.api = api
        self.work = work
        self.args = args
        self.shoppers = [Shopper(api, n, args.seed, work, args.path) for n in range(args.shoppers)]
        self.minutes = [Recorder() for _ in range(int(args.minutes + 0.999))]
        self.samples: list[dict[str, float | None]] = []
        self.api_pid: int | None = args.api_pid or pid_listening_on(urlsplit(api).port or 80)
        self.es_url = get_settings().es_url
        self.inflight = 0
        self.dropped = 0

    async def sample(self, t: float) -> None:
        """Record the processes' memory at t seconds."""
        es = await asyncio.to_thread(es_memory, self.es_url)
        self.samples.append(
            {
                "t_s": round(t, 1),
                "api_rss_mb": rss_mb(self.api_pid),
                "es_rss_mb": es.get("rss_mb"),
                "es_heap_used_mb": es.get("heap_used_mb"),
            }
        )

    async def one(self, shopper: Shopper, rec: Recorder, scheduled: float) -> None:
        """Send one request (timed from its scheduled start)."""
        self.inflight += 1
        try:
            await shopper.act(rec, scheduled)
        finally:
            self.inflight -= 1

    async def sampler(self, t0: float, end: float) -> None:
        """Sample memory every SAMPLE_S seconds until the end."""
        n = 0
        while (due := t0 + n * SAMPLE_S) <= end:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            await self.sample(due - t0)
            n += 1

    async def run(self) -> float:
        """Start requests at the fixed rate for the whole run; return the wall time."""
        await asyncio.gather(*(s.start() for s in self.shoppers))
        await warm(self.api, self.work, self.args.path)
        interval = 1 / self.args.rate
        t0 = time.perf_counter()
        end = t0 + self.args.minutes * 60
        sampler = asyncio.create_task(self.sampler(t0, end))
        tasks: set[asyncio.Task[None]] = set()
        n = 0
        while (due := t0 + n * interval) < end:
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            rec = self.minutes[min(int((due - t0) // 60), len(self.minutes) - 1)]
            if self.inflight >= self.args.max_inflight:
                rec.errors["dropped: in-flight cap"] += 1
                self.dropped += 1
            else:
                task = asyncio.create_task(
                    self.one(self.shoppers[n % len(self.shoppers)], rec, due)
                )
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            n += 1
        await asyncio.gather(*tasks)
        await sampler
        wall = time.perf_counter() - t0
        await asyncio.gather(*(s.close() for s in self.shoppers))
        return wall


def memory_verdict(samples: list[dict[str, float | None]], warmup_s: float) -> dict[str, Any]:
    """Compare each process's memory at the end with after warm-up; fit an RSS slope."""
    later = [s for s in samples if s["t_s"] is not None and float(s["t_s"]) >= warmup_s]
    out: dict[str, Any] = {"baseline_at_s": later[0]["t_s"] if later else None}
    for key in ("api_rss_mb", "es_rss_mb", "es_heap_used_mb"):
        points = [(float(s["t_s"] or 0), float(v)) for s in later if (v := s[key]) is not None]
        if len(points) < 2:
            out[key] = None
            continue
        (_, first), (_, last) = points[0], points[-1]
        slope = None
        if len(points) >= 3:
            fit = statistics.linear_regression([t / 60 for t, _ in points], [v for _, v in points])
            slope = round(fit.slope, 2)
        out[key] = {
            "after_warmup": first,
            "end": last,
            "growth_mb": round(last - first, 1),
            "growth_pct": round(100 * (last - first) / first, 1) if first else None,
            "slope_mb_per_min": slope,
            "max": max(v for _, v in points),
        }
    return out


def minute_rows(soak: Soak) -> list[dict[str, Any]]:
    """Return per-minute figures: requests, rate achieved, percentiles, errors, memory."""
    rows = []
    for minute, rec in enumerate(soak.minutes):
        figures = rec.figures()
        in_minute = [
            s for s in soak.samples if minute * 60 <= float(s["t_s"] or 0) < (minute + 1) * 60
        ]
        rows.append(
            {
                "minute": minute + 1,
                "requests": rec.requests,
                "errors": sum(rec.errors.values()),
                "error_kinds": dict(rec.errors),
                "search": figures["search"],
                "suggest": figures["suggest"],
                "event": figures["event"],
                "all": figures["all"],
                "api_rss_mb": in_minute[-1]["api_rss_mb"] if in_minute else None,
                "es_heap_used_mb_max": max(
                    (float(s["es_heap_used_mb"] or 0) for s in in_minute), default=None
                ),
            }
        )
    return rows


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    settings = get_settings()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--api", default="http://127.0.0.1:8410", help="API base URL")
    parser.add_argument("--start-api", action="store_true", help="start `aisle serve` there")
    parser.add_argument("--api-pid", type=int, default=None, help="default: by --api's port")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=None, help="requests/s (default: see above)")
    parser.add_argument("--path", default="full", choices=("bm25", "full"))
    parser.add_argument("--shoppers", type=int, default=64, help="simulated browsers")
    parser.add_argument("--max-inflight", type=int, default=256, help="beyond: dropped, an error")
    parser.add_argument("--max-growth-pct", type=float, default=10.0)
    parser.add_argument(
        "--judgments", type=Path, default=settings.catalog_path / "judgments-dev.csv"
    )
    parser.add_argument("--zipf", type=float, default=1.1)
    parser.add_argument("--mix", default="0.7,0.2,0.1", help="search,suggest,event shares")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--output", default="soak", help="results name under bench/results/")
    return parser.parse_args()


def report(soak: Soak, wall: float, warmup_s: float) -> dict[str, Any]:
    """Print the per-minute table and the verdict; return the figures to save."""
    rows = minute_rows(soak)
    print("min  requests  req/s | search p50/p95/p99  | all p50/p95/p99     | errs | api MB")
    for r in rows:
        s, a = r["search"], r["all"]
        span = min(60.0, soak.args.minutes * 60 - (r["minute"] - 1) * 60)
        print(
            f"{r['minute']:>3} {r['requests']:>9} {r['requests'] / span:6.1f} | "
            f"{s['p50']:6.1f} {s['p95']:6.1f} {s['p99']:6.1f} | "
            f"{a['p50']:6.1f} {a['p95']:6.1f} {a['p99']:6.1f} | {r['errors']:>4} | "
            f"{r['api_rss_mb']}"
        )
    total = Recorder()
    for rec in soak.minutes:
        for kind, values in rec.latencies.items():
            total.latencies[kind].extend(values)
        total.errors.update(rec.errors)
    errors = sum(total.errors.values())
    memory = memory_verdict(soak.samples, warmup_s)
    api = memory["api_rss_mb"] or {}
    memory_ok = api.get("growth_pct") is not None and api["growth_pct"] <= soak.args.max_growth_pct
    print(f"errors {errors} {dict(total.errors)}; memory {json.dumps(memory)}")
    return {
        "config": {
            "api": soak.api,
            "rate_rps": soak.args.rate,
            "minutes": soak.args.minutes,
            "path": soak.args.path,
            "shoppers": soak.args.shoppers,
            "warmup_s": warmup_s,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
        "achieved_rps": round(total.requests / wall, 1),
        "requests": total.requests,
        "errors": errors,
        "error_kinds": dict(total.errors),
        "overall": total.figures(),
        "memory": memory,
        "verdict": {"no_errors": errors == 0, "memory_ok": memory_ok},
        "minutes": rows,
        "samples": soak.samples,
    }


def main() -> None:
    """Soak, print, save; exit 1 on errors, 2 on memory growth."""
    args = parse_args()
    args.rate = args.rate or default_rate()
    work = zipf_workload(args.judgments, args.zipf, args.seed, parse_mix(args.mix))
    server = start_api(urlsplit(args.api).port or 80) if args.start_api else None
    try:
        soak = Soak(args.api, work, args)
        print(f"soak {args.minutes} min at {args.rate:.1f} req/s ({args.path} path) on {args.api}")
        wall = asyncio.run(soak.run())
    finally:
        if server is not None:
            stop_api(server)
    warmup_s = min(60.0, args.minutes * 30)
    payload = report(soak, wall, warmup_s)
    print(f"achieved {payload['achieved_rps']} req/s; verdict {payload['verdict']}")
    print(f"saved {save(args.output, payload)}")
    if not payload["verdict"]["no_errors"]:
        sys.exit(1)
    if not payload["verdict"]["memory_ok"]:
        sys.exit(2)


if __name__ == "__main__":
    main()
