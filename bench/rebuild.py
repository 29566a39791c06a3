"""Import and full-rebuild throughput for the Icecat catalog and a synthetic one.

    python -m bench.rebuild [--icecat PATH] [--synthetic 200000]

Runs in a scratch database (aisle_bench) and index prefix (aisle-bench), never the demo's.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable
from pathlib import Path

from bench.common import BENCH_DB, ensure_database, save, use_bench_namespace

use_bench_namespace()

from sqlalchemy import text  # noqa: E402

from catalog.generator import generate_products  # noqa: E402
from catalog.importers import iter_products  # noqa: E402
from catalog.schemas import ProductIn, RowError  # noqa: E402
from catalog.service import import_products  # noqa: E402
from core import migrate  # noqa: E402
from core.runtime import open_runtime  # noqa: E402
from core.settings import get_settings  # noqa: E402
from indexer.rebuild import rebuild  # noqa: E402


def run(label: str, rows: Iterable[ProductIn | RowError], repeats: int) -> dict[str, float]:
    """Empty the scratch catalog, import the rows, rebuild `repeats` times; return medians."""
    settings = get_settings()
    with open_runtime(settings, es_timeout=300) as rt:
        with rt.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        migrate.upgrade(settings)
        started = time.monotonic()
        report = import_products(rows, session_factory=rt.session_factory)
        import_s = time.monotonic() - started
        builds = [
            rebuild(engine=rt.engine, es=rt.es, alias=settings.products_alias, keep=1)
            for _ in range(repeats)
        ]
        # Scratch indices would otherwise hold heap the demo and tests need.
        rt.es.indices.delete(index=builds[-1].index)
    best = sorted(builds, key=lambda b: b.seconds)[len(builds) // 2]
    figures = {
        "products": report.written,
        "import_seconds": round(import_s, 1),
        "import_per_second": round(report.written / import_s),
        "rebuild_seconds": round(best.seconds, 1),
        "rebuild_docs_per_second": round(best.docs_per_second),
    }
    print(f"{label:>12}: {figures}")
    return figures


def main() -> None:
    """Parse arguments and run the selected catalogs."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--icecat", type=Path, default=get_settings().catalog_path)
    parser.add_argument("--synthetic", type=int, default=200_000, help="0 to skip")
    parser.add_argument("--repeats", type=int, default=3, help="rebuilds per catalog (median)")
    args = parser.parse_args()
    ensure_database(BENCH_DB)
    results = {}
    if args.icecat.exists():
        results["icecat"] = run("icecat", iter_products(args.icecat), args.repeats)
    if args.synthetic:
        results[f"synthetic_{args.synthetic}"] = run(
            f"synthetic {args.synthetic}", generate_products(args.synthetic, 42), args.repeats
        )
    print(f"saved {save('rebuild', results)}")


if __name__ == "__main__":
    main()
