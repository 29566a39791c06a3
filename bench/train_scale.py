"""How long training takes on a behaviour log of 1M events (impressions, clicks, carts).

    python -m bench.train_scale [--events 1000000] [--shown 20]

1M events at 20 products shown per search is 50,000 logged searches of 20 candidates: a
1M-row training matrix. Rows are real candidate feature vectors (the judged queries' top-100
from the live index, via the training code path) resampled per search, with graded labels
from a hidden relevance; the clock covers XGBoost LambdaMART fitting with early stopping and
position debiasing, as `aisle ranking train --behaviour` runs it.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from bench.common import save
from core.runtime import open_runtime
from core.settings import get_settings
from ranking.dataset import QueryCandidates, build
from ranking.judgments import load_judgments
from ranking.train import CLICKS, split_queries, train_model


def synthetic_log(
    pool: list[list[float]], searches: int, shown: int, seed: int = 7
) -> list[QueryCandidates]:
    """Return `searches` logged searches of `shown` resampled candidates with graded labels."""
    rng = np.random.default_rng(seed)
    rows = np.array(pool, dtype=np.float32)
    weights = rng.normal(size=rows.shape[1])
    scale = np.nan_to_num(rows).std(axis=0) + 1e-6
    log = []
    for n in range(searches):
        picked = rows[rng.integers(0, len(rows), size=shown)]
        appeal = np.nan_to_num(picked / scale) @ weights
        grades = np.digitize(appeal, np.quantile(appeal, [0.6, 0.85, 0.95]))
        log.append(
            QueryCandidates(
                query=f"s{n}",
                skus=[str(i) for i in range(shown)],
                features=picked.tolist(),
                grades=[int(g) for g in grades],
                judged={str(i): int(g) for i, g in enumerate(grades)},
            )
        )
    return log


def main() -> None:
    """Print the time to train on a 1M-event log."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--shown", type=int, default=20)
    args = parser.parse_args()
    settings = get_settings()
    with open_runtime(settings, es_timeout=60) as rt:
        judged = build(
            rt.es, settings.products_alias, load_judgments(settings.ranking_judgments_path)
        )
    pool = [row for case in judged for row in case.features]
    searches = args.events // args.shown
    started = time.perf_counter()
    log = synthetic_log(pool, searches, args.shown)
    made = time.perf_counter() - started
    train, validation = split_queries(log)
    started = time.perf_counter()
    _, metrics = train_model(log, recipe=CLICKS)  # as behaviour training runs
    fitted = time.perf_counter() - started
    print(
        f"{args.events:,} events = {searches:,} searches x {args.shown} shown "
        f"({len(train):,} train / {len(validation):,} validation searches)"
    )
    print(f"log synthesis {made:.1f} s; training with early stopping {fitted:.1f} s")
    print(f"validation NDCG@10 {metrics['validation_ndcg@10']}")
    save("train_scale", {"events": args.events, "train_s": fitted, **metrics})


if __name__ == "__main__":
    main()
