"""What the brand and type learners make of a catalog file, without Postgres.

    python -m bench.learned_vocabulary PATH [--sample 30] [--seed 21]

Prints the share of products given a brand and a type (their own, else learned), how many
distinct ones, the commonest, and a seeded sample of titles with what they were given, for a
by-eye precision check. Not part of pass/fail.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path

from catalog.importers import iter_products
from catalog.learning.vocabulary import learn
from catalog.schemas import ProductIn


def main() -> None:
    """Learn from one catalog file and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()
    products = [row for row in iter_products(args.path) if isinstance(row, ProductIn)]
    started = time.monotonic()
    vocabulary = learn((p.title, p.brand) for p in products)
    filled = [vocabulary.fill(p) for p in products]
    print(f"learned in {time.monotonic() - started:.1f}s from {len(products)} products")
    for field in ("brand", "product_type"):
        values = Counter(getattr(p, field) for p in filled if getattr(p, field))
        share = sum(values.values()) / len(filled)
        print(f"{field}: {share:.1%} given one, {len(values)} distinct")
        print("  commonest:", ", ".join(f"{v} ({n})" for v, n in values.most_common(25)))
    for p in random.Random(args.seed).sample(filled, min(args.sample, len(filled))):
        print(f"  {p.brand or '-'!s:26} | {p.product_type or '-'!s:20} | {p.title}")


if __name__ == "__main__":
    main()
