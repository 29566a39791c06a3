"""Closed-loop load: a Zipf query workload mixed with autocomplete and click events.

    python -m bench.load [--api http://127.0.0.1:8410] [--start-api] [--paths bm25,full]
                         [--clients 1,8,32,64] [--seconds 30] [--warmup 5] [--zipf 1.1]

Workload: the judged queries of ../shared/data/icecat/judgments-dev.csv plus three typo
variants of each (bench.search_latency.workload), drawn with Zipf weights (rank r has weight
1/r^s, ranks assigned by a seeded shuffle). Each simulated client is a shopper with its own
cookie jar (anonymous id) and CSRF token, looping with no think time over: ~70 % searches,
~20 % autocomplete (/api/suggest with a 2-8 letter prefix of a drawn query), ~10 % click
events (POST /api/events about a product of its previous search, with its query_id, so the
live profile and the full path's personalization features see them).

Paths: `bm25` sends ranking=bm25; `full` uses the default ranking (the active LTR model with
the shopper's features). For each path and concurrency level: a warm-up, then `--seconds` of
measurement; reports p50/p95/p99 of searches, suggests, events and all requests, throughput,
errors and CPU use (API, Elasticsearch, this generator; % of one core). Saves
bench/results/load.json and says whether the goal (full path, 32 clients: search p95 <= 50 ms
and p99 <= 100 ms) is met. Events written are tagged attributes.source = "bench.load".
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import itertools
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psutil  # type: ignore[import-untyped]

from bench.common import pid_listening_on, save, start_api, stop_api, summarize
from bench.search_latency import workload as judged_workload
from core.settings import get_settings

KINDS = ("search", "suggest", "event")
DEFAULT_MIX = (0.7, 0.2, 0.1)
# Other processes' CPU (% of one core) beyond which a level's figures are flagged as disturbed.
OTHER_CPU_WARN = 25.0
GOAL = {"path": "full", "clients": 32, "p95_ms": 50.0, "p99_ms": 100.0}


@dataclass(frozen=True)
class Workload:
    """Distinct queries with cumulative Zipf weights, and the traffic mix."""

    queries: list[str]
    cum_weights: list[float]
    mix: tuple[float, float, float] = DEFAULT_MIX

    def query(self, rng: random.Random) -> str:
        """Draw a query by its Zipf weight."""
        point = rng.random() * self.cum_weights[-1]
        return self.queries[bisect.bisect_left(self.cum_weights, point)]

    def kind(self, rng: random.Random) -> str:
        """Draw what the shopper does next."""
        point = rng.random()
        if point < self.mix[0]:
            return "search"
        return "suggest" if point < self.mix[0] + self.mix[1] else "event"


def zipf_workload(
    judgments: Path, s: float = 1.1, seed: int = 7, mix: tuple[float, float, float] = DEFAULT_MIX
) -> Workload:
    """Return the judged queries and typo variants with seeded Zipf(s) weights."""
    queries = judged_workload(judgments, seed)  # already shuffled with the seed: rank order
    weights = itertools.accumulate(1 / (rank + 1) ** s for rank in range(len(queries)))
    return Workload(queries, list(weights), mix)


@dataclass
class Recorder:
    """Latencies (ms) and errors per request kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: Counter[str] = field(default_factory=Counter)
    rankings: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, ms: float, error: str | None) -> None:
        """Record one finished request."""
        self.latencies[kind].append(ms)
        if error is not None:
            self.errors[f"{kind}: {error}"] += 1

    @property
    def requests(self) -> int:
        """Return how many requests finished."""
        return sum(len(v) for v in self.latencies.values())

    def figures(self) -> dict[str, Any]:
        """Return percentiles per kind and overall, with counts and error counts."""
        out: dict[str, Any] = {}
        for kind in (*KINDS, "all"):
            values = (
                [v for vs in self.latencies.values() for v in vs]
                if kind == "all"
                else self.latencies[kind]
            )
            errors = sum(
                n for key, n in self.errors.items() if kind == "all" or key.startswith(kind)
            )
            stats = {k: round(v, 1) for k, v in summarize(values).items()}
            out[kind] = {**stats, "count": len(values), "errors": errors}
        return out


class Shopper:
    """One simulated browser: its own cookie jar, CSRF token, RNG and last search."""

    def __init__(self, api: str, number: int, seed: int, work: Workload, path: str) -> None:
        self.http = httpx.AsyncClient(base_url=api, timeout=30)
        self.number = number
        self.rng = random.Random(seed * 100_003 + number)
        self.work = work
        self.bm25 = path == "bm25"
        self.csrf = ""
        self.tag = f"load-{seed}-{number}-{time.time_ns() % 10**9:x}"
        self.last: tuple[str, list[int]] | None = None
        self.serial = 0

    async def start(self) -> None:
        """Get the anonymous cookie and its CSRF token, as a browser's first page load does."""
        answer = await self.http.get("/api/auth/session")
        answer.raise_for_status()
        self.csrf = answer.json()["csrf_token"]

    async def close(self) -> None:
        """Close the connection pool."""
        await self.http.aclose()

    async def act(self, rec: Recorder | None, scheduled: float | None = None) -> None:
        """Do one request drawn from the mix and record it (timed from `scheduled` if given)."""
        kind = self.work.kind(self.rng)
        if kind == "event" and not self.last:
            kind = "search"  # nothing to click yet
        started = time.perf_counter() if scheduled is None else scheduled
        try:
            error = await getattr(self, kind)(rec)
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        if rec is not None:
            rec.add(kind, (time.perf_counter() - started) * 1000, error)

    async def search(self, rec: Recorder | None) -> str | None:
        """Search a drawn query; remember its query_id and results for a later click."""
        params = {"q": self.work.query(self.rng)}
        if self.bm25:
            params["ranking"] = "bm25"
        answer = await self.http.get("/api/search", params=params)
        if answer.status_code != 200:
            return str(answer.status_code)
        body = answer.json()
        ids = [hit["product_id"] for hit in body["results"]]
        self.last = (body["query_id"], ids) if ids else self.last
        if rec is not None:
            rec.rankings[body["ranking"]] += 1
        return None

    async def suggest(self, rec: Recorder | None) -> str | None:
        """Ask for completions of a prefix of a drawn query."""
        query = self.work.query(self.rng)
        prefix = query[: self.rng.randint(2, max(2, min(len(query), 8)))]
        answer = await self.http.get("/api/suggest", params={"q": prefix})
        return None if answer.status_code == 200 else str(answer.status_code)

    async def event(self, rec: Recorder | None) -> str | None:
        """Report a click on a product of the previous search (top positions likelier)."""
        assert self.last is not None
        query_id, ids = self.last
        position = min(int(self.rng.expovariate(0.3)), len(ids) - 1) + 1
        self.serial += 1
        body = {
            "client_event_id": f"{self.tag}-{self.serial}",
            "type": "click",
            "timestamp": datetime.now(UTC).isoformat(),
            "query_id": query_id,
            "product_id": ids[position - 1],
            "position": position,
            "session_id": self.tag,
            "attributes": {"source": "bench.load"},
        }
        answer = await self.http.post("/api/events", json=body, headers={"x-csrf-token": self.csrf})
        return None if answer.status_code == 202 else str(answer.status_code)


class CpuMeter:
    """CPU used by this process, the API, Elasticsearch and the whole machine over an interval."""

    def __init__(self, api_port: int, es_port: int) -> None:
        self.ports = {"api": api_port, "es": es_port}
        self.procs: dict[str, psutil.Process] = {}
        self.start: dict[str, float] = {}
        self.wall = 0.0

    def _now(self) -> dict[str, float]:
        machine = psutil.cpu_times()
        times = {
            "machine": machine.user + machine.system + machine.nice + machine.irq + machine.softirq,
            "loadgen": time.process_time(),
        }
        for name, proc in self.procs.items():
            try:
                cpu = proc.cpu_times()
                times[name] = cpu.user + cpu.system
            except psutil.Error:
                pass
        return times

    def begin(self) -> None:
        """Start the interval (finding the processes again: someone may have restarted one)."""
        pids = {name: pid_listening_on(port) for name, port in self.ports.items()}
        self.procs = {name: psutil.Process(pid) for name, pid in pids.items() if pid}
        self.start, self.wall = self._now(), time.monotonic()

    def end(self) -> dict[str, float]:
        """Return each process's CPU use since begin(), in % of one core."""
        now, wall = self._now(), time.monotonic() - self.wall
        pct = {k: 100 * (now[k] - self.start[k]) / wall for k in now if k in self.start}
        # Everything else on the machine (other people's tests, ...) competes for the 2 cores.
        pct["other"] = pct["machine"] - sum(v for k, v in pct.items() if k != "machine")
        return {k: round(v, 1) for k, v in pct.items()}


async def closed_loop(shoppers: list[Shopper], seconds: float, rec: Recorder | None) -> float:
    """Let every shopper act back to back until the time is up; return the wall time."""
    deadline = time.monotonic() + seconds

    async def loop(shopper: Shopper) -> None:
        while time.monotonic() < deadline:
            await shopper.act(rec)

    started = time.monotonic()
    await asyncio.gather(*(loop(s) for s in shoppers))
    return time.monotonic() - started


@dataclass(frozen=True)
class Level:
    """One measurement: a path at a concurrency, for a time after a warm-up."""

    path: str
    clients: int
    seconds: float
    warmup: float
    seed: int = 7


async def run_level(api: str, work: Workload, level: Level, cpu: CpuMeter) -> dict[str, Any]:
    """Warm up then measure one concurrency level of one path."""
    clients = level.clients
    shoppers = [Shopper(api, n, level.seed + clients, work, level.path) for n in range(clients)]
    try:
        await asyncio.gather(*(s.start() for s in shoppers))
        await closed_loop(shoppers, level.warmup, None)
        rec = Recorder()
        cpu.begin()
        wall = await closed_loop(shoppers, level.seconds, rec)
        usage = cpu.end()
    finally:
        await asyncio.gather(*(s.close() for s in shoppers))
    figures = rec.figures()
    return {
        "warnings": warnings(rec, usage),
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": rec.requests,
        "throughput_rps": round(rec.requests / wall, 1),
        "search_rps": round(figures["search"]["count"] / wall, 1),
        "errors": figures["all"]["errors"],
        "error_kinds": dict(rec.errors),
        "rankings": dict(rec.rankings),
        "cpu_pct": usage,
        **figures,
    }


def warnings(rec: Recorder, cpu: dict[str, float]) -> list[str]:
    """Say why a level's figures may not show the API's own performance."""
    out = []
    fallback = sum(n for name, n in rec.rankings.items() if not name.startswith(("ltr", "bm25")))
    if fallback:
        out.append(f"{fallback} searches not served by Elasticsearch ({dict(rec.rankings)})")
    if cpu.get("other", 0) > OTHER_CPU_WARN:
        out.append(f"other processes used {cpu['other']:.0f}% of a core meanwhile")
    return out


async def warm(api: str, work: Workload, path: str) -> None:
    """Search every distinct query once (4 at a time) so first-hit costs are not measured."""
    shoppers = [Shopper(api, n, 0, work, path) for n in range(4)]
    await asyncio.gather(*(s.start() for s in shoppers))
    queries = iter(work.queries)

    async def loop(shopper: Shopper) -> None:
        for query in queries:
            params = {"q": query, **({"ranking": "bm25"} if shopper.bm25 else {})}
            await shopper.http.get("/api/search", params=params)
            await shopper.http.get("/api/suggest", params={"q": query[:3]})

    await asyncio.gather(*(loop(s) for s in shoppers))
    await asyncio.gather(*(s.close() for s in shoppers))


def row(path: str, level: dict[str, Any]) -> str:
    """Format one result line of the table."""
    cells = [f"{path:>5} {level['clients']:>3} {level['throughput_rps']:7.1f}"]
    for kind in (*KINDS, "all"):
        k = level[kind]
        cells.append(f"{k['p50']:6.1f} {k['p95']:6.1f} {k['p99']:6.1f}")
    cpu = level["cpu_pct"]
    shares = "/".join(f"{cpu.get(k, 0):.0f}" for k in ("api", "es", "loadgen", "other"))
    cells.append(f"{level['errors']:>4}  {shares}")
    return " | ".join(cells)


HEADER = (
    " path cli   req/s | search p50/p95/p99  | suggest p50/p95/p99 | event p50/p95/p99   "
    "| all p50/p95/p99     | errs  cpu% api/es/gen/other"
)


def goal_verdict(results: dict[str, Any]) -> dict[str, Any]:
    """Say whether the full path at 32 clients meets the search p95/p99 goal."""
    level = results.get(str(GOAL["path"]), {}).get(str(GOAL["clients"]))
    if level is None:
        return {**GOAL, "measured": False, "met": None}
    p95, p99 = level["search"]["p95"], level["search"]["p99"]
    met = p95 <= GOAL["p95_ms"] and p99 <= GOAL["p99_ms"] and level["errors"] == 0
    return {
        **GOAL,
        "measured": True,
        "search_p95_ms": p95,
        "search_p99_ms": p99,
        "met": met,
        "warnings": level["warnings"],
    }


async def measure(api: str, work: Workload, args: argparse.Namespace) -> dict[str, Any]:
    """Run every path at every level; print the table as it goes."""
    port = urlsplit(api).port or 80
    cpu = CpuMeter(port, get_settings().es_port)
    results: dict[str, Any] = {}
    print(HEADER)
    for path in args.paths.split(","):
        await warm(api, work, path)
        results[path] = {}
        for clients in (int(c) for c in args.clients.split(",")):
            spec = Level(path, clients, args.seconds, args.warmup, args.seed)
            level = await run_level(api, work, spec, cpu)
            results[path][str(clients)] = level
            print(row(path, level), flush=True)
            if level["error_kinds"]:
                print(f"        errors: {level['error_kinds']}")
            if level["warnings"]:
                print(f"        WARNING: {'; '.join(level['warnings'])}")
        served = Counter[str]()
        for level in results[path].values():
            served.update(level["rankings"])
        print(f"        {path}: searches ranked by {dict(served)}")
    return results


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    settings = get_settings()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--api", default="http://127.0.0.1:8410", help="API base URL")
    parser.add_argument(
        "--start-api", action="store_true", help="start `aisle serve` on --api's port, stop after"
    )
    parser.add_argument(
        "--judgments", type=Path, default=settings.catalog_path / "judgments-dev.csv"
    )
    parser.add_argument("--paths", default="bm25,full", help="bm25 and/or full")
    parser.add_argument("--clients", default="1,8,32,64", help="concurrency levels")
    parser.add_argument("--seconds", type=float, default=30, help="measured time per level")
    parser.add_argument("--warmup", type=float, default=5, help="unmeasured time per level")
    parser.add_argument("--zipf", type=float, default=1.1, help="Zipf exponent s")
    parser.add_argument("--mix", default="0.7,0.2,0.1", help="search,suggest,event shares")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--note", default="", help="saved with the results, e.g. the API's setup")
    parser.add_argument("--output", default="load", help="results name under bench/results/")
    return parser.parse_args()


def parse_mix(raw: str) -> tuple[float, float, float]:
    """Parse and normalise 'search,suggest,event' shares."""
    a, b, c = (float(x) for x in raw.split(","))
    total = a + b + c
    return (round(a / total, 4), round(b / total, 4), round(c / total, 4))


def main() -> None:
    """Measure, print and save."""
    args = parse_args()
    work = zipf_workload(args.judgments, args.zipf, args.seed, parse_mix(args.mix))
    port = urlsplit(args.api).port or 80
    server = start_api(port) if args.start_api else None
    try:
        print(
            f"{len(work.queries)} distinct queries, Zipf s={args.zipf}, mix {work.mix}; "
            f"{args.seconds:.0f}s per level after {args.warmup:.0f}s warm-up, against {args.api}"
        )
        results = asyncio.run(measure(args.api, work, args))
    finally:
        if server is not None:
            stop_api(server)
    goal = goal_verdict(results)
    max_rps = {
        path: max(v["throughput_rps"] for v in levels.values()) for path, levels in results.items()
    }
    payload = {
        "config": {
            "api": args.api,
            "queries": len(work.queries),
            "zipf_s": args.zipf,
            "mix": {kind: round(share, 3) for kind, share in zip(KINDS, work.mix, strict=True)},
            "seconds_per_level": args.seconds,
            "warmup_seconds": args.warmup,
            "seed": args.seed,
            "note": args.note,
            "machine_cpus": psutil.cpu_count(),
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
        "max_throughput_rps": max_rps,
        "goal": goal,
        **results,
    }
    verdict = "not measured" if goal["met"] is None else ("MET" if goal["met"] else "NOT MET")
    print(f"goal (full path, 32 clients, search p95<=50 ms, p99<=100 ms): {verdict}")
    print(f"max throughput: {max_rps}")
    print(f"saved {save(args.output, payload)}")


if __name__ == "__main__":
    main()
