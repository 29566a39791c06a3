"""Two builds of the search path side by side: searches/s and p95 at 1 and 8 clients.

    python -m bench.builds [--before REV] [--before-env KEY=VALUE ...] [--clients 1,8]
                           [--seconds 20] [--rounds 3]

Checks REV (default: the commit before the layering refactor) out into a temporary git
worktree and starts `aisle serve` from it and from this checkout, on two ports, against the
same Postgres, Redis, Elasticsearch, index and active model. Each round measures both builds
at every concurrency level, alternating which goes first, with closed-loop shoppers that only
search (the Zipf workload of bench.load: the judged queries and their typo variants, default
ranking, so the full path: the active learned ranker with the shopper's features). Prints the
median over rounds per build and the ratio after / before; saves bench/results/builds.json.
The retrieval cache is off in both, so every search reaches Elasticsearch.

`--before .` runs this checkout as the earlier build too, so `--before-env` alone makes the
difference: `--before . --before-env AISLE_SEMANTIC=false` measures hybrid (semantic
candidates and similarity) against the lexical-only path of the same code.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import percentile, save, start_api, stop_api
from bench.load import Recorder, Shopper, Workload, closed_loop, zipf_workload
from core.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
# The last commit before the retrieval/merchandising/behaviour layers.
DEFAULT_BEFORE = "ed08219"
PORTS = {"before": 8431, "after": 8432}
SEARCH_ONLY = (1.0, 0.0, 0.0)


async def measure(api: str, work: Workload, clients: int, seconds: float) -> dict[str, Any]:
    """Run `clients` searching shoppers for `seconds` (after a short warm-up)."""
    shoppers = [Shopper(api, n, 7, work, "full") for n in range(clients)]
    try:
        for shopper in shoppers:
            await shopper.start()
        await closed_loop(shoppers, min(3.0, seconds / 4), None)
        rec = Recorder()
        wall = await closed_loop(shoppers, seconds, rec)
    finally:
        for shopper in shoppers:
            await shopper.close()
    latencies = rec.latencies["search"]
    return {
        "searches_per_s": len(latencies) / wall,
        "p50_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 95),
        "errors": sum(rec.errors.values()),
        "rankings": dict(rec.rankings),
    }


def checkout(rev: str) -> Path:
    """Check `rev` out into a fresh temporary worktree and return its path."""
    path = Path(tempfile.mkdtemp(prefix="aisle-before-"))
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), rev],
        check=True,
        capture_output=True,
    )
    return path


def remove(path: Path) -> None:
    """Remove a temporary worktree."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
        check=False,
        capture_output=True,
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Start both builds, measure them in alternating rounds, stop them."""
    settings = get_settings()
    work = zipf_workload(settings.catalog_path / "judgments-dev.csv", 1.1, 7, SEARCH_ONLY)
    levels = [int(c) for c in args.clients.split(",")]
    tree = ROOT if args.before == "." else checkout(args.before)
    env = {"AISLE_RETRIEVAL_CACHE_TTL_S": "0"}
    before_env = dict(item.split("=", 1) for item in args.before_env)
    servers = {
        "before": start_api(PORTS["before"], {**env, **before_env}, cwd=tree),
        "after": start_api(PORTS["after"], env, cwd=ROOT),
    }
    rounds: dict[str, dict[int, list[dict[str, Any]]]] = {
        build: {c: [] for c in levels} for build in PORTS
    }
    try:
        for number in range(args.rounds):
            order = ["before", "after"] if number % 2 == 0 else ["after", "before"]
            for clients in levels:
                for build in order:
                    api = f"http://127.0.0.1:{PORTS[build]}"
                    figures = asyncio.run(measure(api, work, clients, args.seconds))
                    rounds[build][clients].append(figures)
                    print(
                        f"round {number + 1} {build:6} {clients:2} clients: "
                        f"{figures['searches_per_s']:6.1f} searches/s, "
                        f"p95 {figures['p95_ms']:6.1f} ms, errors {figures['errors']}, "
                        f"ranked by {figures['rankings']}",
                        flush=True,
                    )
    finally:
        for server in servers.values():
            stop_api(server)
        if tree != ROOT:
            remove(tree)
    return {"levels": levels, "rounds": rounds}


def medians(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Return the median searches/s, p50 and p95 over rounds."""
    return {
        key: statistics.median(r[key] for r in runs)
        for key in ("searches_per_s", "p50_ms", "p95_ms")
    }


def main() -> None:
    """Measure, print the medians and ratios, save."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--before", default=DEFAULT_BEFORE, help="the earlier build's commit ('.': this one)"
    )
    parser.add_argument(
        "--before-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="environment of the earlier build only (repeatable)",
    )
    parser.add_argument("--clients", default="1,8")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    found = run(args)
    summary: dict[str, Any] = {}
    print(f"\nmedians of {args.rounds} rounds (after / before: >1 searches/s and <1 p95 is better)")
    for clients in found["levels"]:
        before = medians(found["rounds"]["before"][clients])
        after = medians(found["rounds"]["after"][clients])
        ratio = {key: after[key] / before[key] for key in before if before[key]}
        summary[str(clients)] = {"before": before, "after": after, "after_over_before": ratio}
        print(
            f"{clients:2} clients: before {before['searches_per_s']:.1f}/s p95 "
            f"{before['p95_ms']:.1f} ms; after {after['searches_per_s']:.1f}/s p95 "
            f"{after['p95_ms']:.1f} ms; searches/s x{ratio['searches_per_s']:.3f}, "
            f"p95 x{ratio['p95_ms']:.3f}"
        )
    rankings = Counter[str]()
    for build in found["rounds"].values():
        for runs in build.values():
            for r in runs:
                rankings.update(r["rankings"])
    payload = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "before": args.before,
        "before_env": args.before_env,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "rankings": dict(rankings),
        "summary": summary,
        "raw": found["rounds"],
    }
    print(f"searches ranked by {dict(rankings)}; saved {save('builds', payload)}")


if __name__ == "__main__":
    main()
