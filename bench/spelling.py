"""How good is "did you mean"? Home Depot's judged shopper queries, many misspelt.

    python -m bench.spelling [--sample 1000] [--seed 21]

The Home Depot catalog is imported and indexed with bench.relevance's helpers into a scratch
database and index prefix of its own (aisle_bench_rel_spelling_homedepot; the index is dropped
at the end), and a seeded sample of its
judged dev queries is searched through the app in-process (GET /api/search?ranking=bm25,
10 deep). Two suggesters are compared on the same queries:

- before: the phrase suggester as it was (candidates from the shingle field for every word,
  offered whenever it differed from the query), asked whenever serving asks for one;
- now: what the app offers (retrieval.spelling's rules).

For each, over the queries where a suggestion is offered:

- offered: how often one is (share of all sampled queries);
- precision: share of offered suggestions whose own results have a higher NDCG@10 on the
  query's judgments than the query's results;
- not worse: share whose results score at least as well;
- known-word changes: share of offered suggestions that change or split a word the catalog's
  titles hold (should be ~0 now), and those that change a token with a digit.

Figures go to bench/results/spelling.json. Thresholds were not tuned on these queries.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from bench.common import ensure_database, save
from bench.relevance import CATALOGS, drop_indices, namespace, sample, timed

SAMPLE = 1000
SEED = 21
REDIS_DB = "10"
DEPTH = 10


@dataclass
class Tally:
    """One suggester's outcomes over the sampled queries."""

    offered: int = 0
    better: int = 0
    not_worse: int = 0
    known_changed: int = 0
    code_changed: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, q: str, suggestion: str, scores: tuple[float, float], changed: Changed) -> None:
        """Count one offered suggestion, its NDCG@10 against the query's, and what it changed."""
        own, theirs = scores
        self.offered += 1
        self.better += theirs > own
        self.not_worse += theirs >= own
        self.known_changed += bool(changed.known)
        self.code_changed += bool(changed.codes)
        self.examples.append(
            {
                "query": q,
                "suggestion": suggestion,
                "ndcg": [round(own, 3), round(theirs, 3)],
                "known_changed": changed.known,
            }
        )

    def figures(self, queries: int) -> dict[str, Any]:
        """Return the rates over the sampled queries and the offered suggestions."""
        offered = self.offered or 1
        return {
            "offered": self.offered,
            "offered_rate": round(self.offered / queries, 4),
            "precision": round(self.better / offered, 4),
            "not_worse": round(self.not_worse / offered, 4),
            "known_word_changes": round(self.known_changed / offered, 4),
            "code_changes": round(self.code_changed / offered, 4),
        }


@dataclass(frozen=True)
class Changed:
    """The query's tokens a suggestion changed: words the catalog holds, and codes."""

    known: list[str]
    codes: list[str]


def old_suggest_body(q: str) -> dict[str, Any]:
    """Return the phrase suggester request as it was before retrieval.spelling (the baseline)."""
    generator = {"field": "title.shingles", "suggest_mode": "always", "min_word_length": 3}
    phrase = {
        "field": "title.shingles",
        "size": 1,
        "gram_size": 3,
        "max_errors": 2,
        "confidence": 1.0,
        "direct_generator": [generator],
    }
    return {"size": 0, "suggest": {"did_you_mean": {"text": q.lower(), "phrase": phrase}}}


def old_suggestion(es: Any, alias: str, q: str) -> str | None:
    """Return what the old suggester offered: its first option when it differed from the query."""
    raw = es.search(index=alias, **old_suggest_body(q)).body
    options = raw["suggest"]["did_you_mean"][0]["options"]
    text = str(options[0]["text"]) if options else None
    return text if text and text != q.lower() else None


def asks_for_suggestion(es: Any, alias: str, q: str) -> bool:
    """Tell whether serving takes the spelling path for this query (the same candidates)."""
    from retrieval.candidates import Retrieval, fetch_page
    from retrieval.params import SearchParams
    from search_service.search import _needs_suggestion

    found = fetch_page(Retrieval(es, alias), SearchParams(q=q, size=DEPTH))
    return _needs_suggestion(found.raw, found.relaxed)


def changed_tokens(q: str, suggestion: str, is_known: Callable[[str], bool]) -> Changed:
    """Return the query's tokens a suggestion does not keep in place, known ones and codes."""
    from retrieval.spelling import is_code, words

    original, suggested = words(q), words(suggestion)
    if len(original) == len(suggested):
        lost = [a for a, b in zip(original, suggested, strict=True) if a != b]
    else:
        lost = [w for w in original if w not in suggested]
    return Changed(known=[w for w in lost if is_known(w)], codes=[w for w in lost if is_code(w)])


def vocabulary(es: Any, alias: str) -> Callable[[str], bool]:
    """Return a cached check: does any title hold this word?"""
    seen: dict[str, bool] = {}

    def is_known(word: str) -> bool:
        if word not in seen:
            query = {"match": {"title": {"query": word, "operator": "and"}}}
            seen[word] = es.count(index=alias, query=query).body["count"] > 0
        return seen[word]

    return is_known


def run(size: int, seed: int) -> dict[str, Any]:
    """Import and index Home Depot, compare the two suggesters on its judged queries."""
    from catalog.importers import iter_products
    from catalog.service import import_products
    from core import migrate
    from core.runtime import open_runtime
    from core.settings import get_settings
    from indexer.rebuild import rebuild
    from ranking.judgments import load_judgments

    # Its own scratch database: bench.relevance's may be migrated by a newer branch.
    homedepot = next(c for c in CATALOGS if c.name == "homedepot")
    catalog = replace(homedepot, name="spelling_homedepot")
    figures: dict[str, Any] = {"seconds": {}}
    seconds = figures["seconds"]
    with namespace(catalog):
        os.environ["AISLE_REDIS_DB"] = REDIS_DB
        get_settings.cache_clear()
        settings = get_settings()
        ensure_database(catalog.database)
        migrate.upgrade(settings)
        with open_runtime(settings, es_timeout=120) as rt:
            _, seconds["import"] = timed(
                lambda: import_products(
                    iter_products(catalog.products), session_factory=rt.session_factory
                )
            )
            print(f"imported in {seconds['import']:.0f} s", flush=True)
            built, seconds["index"] = timed(
                lambda: rebuild(engine=rt.engine, es=rt.es, alias=settings.products_alias, keep=1)
            )
            figures["documents"] = built.documents
            print(f"indexed in {seconds['index']:.0f} s", flush=True)
            try:
                judgments = sample(load_judgments(catalog.judgments), size, seed)
                figures["queries"] = len(judgments)
                tallies, seconds["queries"] = timed(
                    lambda: compare(settings, rt.es, settings.products_alias, judgments)
                )
            finally:
                drop_indices(rt.es, settings.products_alias)
    for name, tally in tallies.items():
        figures[name] = tally.figures(figures["queries"])
        figures[f"{name}_examples"] = sorted(
            tally.examples, key=lambda e: e["ndcg"][1] - e["ndcg"][0]
        )[:40]
    return figures


def compare(
    settings: Any, es: Any, alias: str, judgments: dict[str, dict[str, int]]
) -> dict[str, Tally]:
    """Search every query through the app; score both suggesters' offers against it."""
    from fastapi.testclient import TestClient

    from ranking.metrics import ndcg_at_k
    from search_service.app import create_app

    tallies = {"before": Tally(), "now": Tally()}
    is_known = vocabulary(es, alias)
    with TestClient(create_app(settings)) as client:

        def searched(q: str) -> dict[str, Any]:
            params: dict[str, str | int] = {"q": q, "size": DEPTH, "ranking": "bm25"}
            response = client.get("/api/search", params=params)
            response.raise_for_status()
            body: dict[str, Any] = response.json()
            return body

        def ndcg(q: str, judged: dict[str, int]) -> float:
            return ndcg_at_k([str(h["sku"]) for h in searched(q)["results"]], judged, DEPTH)

        for n, (q, judged) in enumerate(judgments.items(), 1):
            if n % 100 == 0:
                print(f"  {n} queries", flush=True)
            body = searched(q)
            own = ndcg_at_k([str(h["sku"]) for h in body["results"]], judged, DEPTH)
            offers = {"now": body["did_you_mean"]}
            offers["before"] = (
                old_suggestion(es, alias, q) if asks_for_suggestion(es, alias, q) else None
            )
            for name, suggestion in offers.items():
                if suggestion:
                    scores = (own, ndcg(suggestion, judged))
                    changed = changed_tokens(q, suggestion, is_known)
                    tallies[name].add(q, suggestion, scores, changed)
    return tallies


def render(figures: dict[str, Any]) -> str:
    """Format both suggesters' figures as a table, now against before."""
    lines = [
        f"Home Depot: {figures['documents']} products, {figures['queries']} judged queries; "
        + ", ".join(f"{k} {v:.0f} s" for k, v in figures["seconds"].items()),
        "| figure | before | now | now / before |",
        "| --- | --- | --- | --- |",
    ]
    for key in (
        "offered",
        "offered_rate",
        "precision",
        "not_worse",
        "known_word_changes",
        "code_changes",
    ):
        before, now = figures["before"][key], figures["now"][key]
        ratio = f"{now / before:.2f}x" if before else "-"
        lines.append(f"| {key} | {before} | {now} | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    """Run the comparison and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sample", type=int, default=SAMPLE, help="Judged queries sampled.")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    started = time.monotonic()
    figures = run(args.sample, args.seed)
    total = round(time.monotonic() - started, 1)
    print(render(figures))
    for name in ("now", "before"):
        print(f"\n{name}, lowest NDCG@10 gains first:")
        for example in figures[f"{name}_examples"][:12]:
            print(f"  {example['query']!r} -> {example['suggestion']!r} {example['ndcg']}")
    print(f"\ntotal {total:.0f} s")
    save("spelling", {"date": datetime.now(UTC).isoformat(timespec="seconds"), **figures})


if __name__ == "__main__":
    main()
