"""What one product image costs the server: cached image, placeholder, and product JSON beside.

    python -m bench.image_latency [--requests 300] [--app-dir DIR] [--database NAME]

Starts `python -m search_service serve` (from --app-dir, so another checkout's code can be
measured on the same machine, e.g. the previous commit's as a baseline) against a scratch
database holding two products: one whose image_url is a loopback source this script serves
(fetched once, then answered from the disk cache) and one without an image (placeholder).
Then it asks, one request at a time over one keep-alive connection, for each product's image
and for the first product's JSON, and prints the median and p95 per request. It also
reports whether any image answer carried Set-Cookie (a first visit each time: no cookies are
kept). Images are cached under a temporary state_dir; AISLE_IMAGE_ALLOW_PRIVATE is set so the
loopback source is reachable. Loopback only, bounded in requests; not part of pass/fail.
Figures go to bench/results/image_latency.json.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from bench.common import ensure_database, save, start_api, stop_api, summarize

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
REPO = Path(__file__).resolve().parents[1]


class Source(BaseHTTPRequestHandler):
    """A loopback image host: every path is the same PNG."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the output quiet."""


def free_port() -> int:
    """Return a free loopback TCP port."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def seed(source_url: str) -> tuple[int, int]:
    """Migrate the scratch database and store the two products; return their ids."""
    from sqlalchemy import text

    from catalog.schemas import ProductIn
    from catalog.service import import_products
    from core import migrate
    from core.runtime import open_runtime
    from core.settings import get_settings

    settings = get_settings()
    migrate.upgrade(settings)
    with open_runtime(settings) as rt:
        import_products(
            [
                ProductIn(
                    sku="BENCH-IMG-PHOTO",
                    title="Bench kettle",
                    product_type="Kettles",
                    image_url=f"{source_url}/kettle.png",
                ),
                ProductIn(sku="BENCH-IMG-NONE", title="Bench mug", product_type="Mugs"),
            ],
            session_factory=rt.session_factory,
        )
        with rt.engine.connect() as connection:
            rows = dict(
                connection.execute(
                    text("SELECT sku, id FROM products WHERE sku LIKE 'BENCH-IMG-%'")
                ).all()
            )
    return int(rows["BENCH-IMG-PHOTO"]), int(rows["BENCH-IMG-NONE"])


def measure(client: httpx.Client, path: str, requests: int) -> tuple[dict[str, float], bool]:
    """Ask for `path` `requests` times; return the latency summary and whether a cookie came."""
    for _ in range(10):  # warm: the first image request fetches, the first of each imports
        client.get(path)
    latencies, cookie = [], False
    for _ in range(requests):
        client.cookies.clear()
        started = time.perf_counter()
        answer = client.get(path)
        latencies.append((time.perf_counter() - started) * 1000)
        answer.raise_for_status()
        cookie = cookie or "set-cookie" in answer.headers
    return summarize(latencies), cookie


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--app-dir", type=Path, default=REPO)
    parser.add_argument("--database", default="aisle_bench_images")
    parser.add_argument("--label", default="current")
    args = parser.parse_args()
    os.environ["AISLE_PG_DATABASE"] = args.database
    ensure_database(args.database)
    source = ThreadingHTTPServer(("127.0.0.1", 0), Source)
    threading.Thread(target=source.serve_forever, daemon=True).start()
    photo, plain = seed(f"http://127.0.0.1:{source.server_address[1]}")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="aisle-image-bench-") as state:
        env = {"AISLE_STATE_DIR": state, "AISLE_IMAGE_ALLOW_PRIVATE": "true"}
        server = start_api(port, env=env, cwd=args.app_dir)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                cases = {
                    "image (cached)": f"/api/products/{photo}/image",
                    "placeholder": f"/api/products/{plain}/image",
                    "product JSON": f"/api/products/{photo}",
                }
                results = {}
                for name, path in cases.items():
                    figures, cookie = measure(client, path, args.requests)
                    results[name] = {**figures, "set_cookie": cookie}
        finally:
            stop_api(server)
            source.shutdown()
    print(f"{args.label}: {args.requests} requests each, ms per request")
    print(f"{'case':16} {'median':>8} {'p95':>8}  set-cookie")
    for name, row in results.items():
        print(f"{name:16} {row['p50']:8.2f} {row['p95']:8.2f}  {row['set_cookie']}")
    save(f"image_latency_{args.label}", {"requests": args.requests, "cases": results})


if __name__ == "__main__":
    main()
