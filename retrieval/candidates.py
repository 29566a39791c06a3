"""Candidates: the one place that asks Elasticsearch for a search's hits.

The BM25 page, the reranking window and training all fetch candidates here, so the widening
rule exists once: exact matches of every word first (for longer queries, then near matches
missing a word: retrieval.queries.NEAR_FROM_WORDS); below FEW_MATCHES products matching every
word, typo and partial matches join (after all the others: `relaxed`). A BM25 page that
matches of every word do not fill asks again with typos. Typo matching is the costliest part
of a query, and exact matches outrank typo matches anyway, so a page that exact matches fill
needs no typo search at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from elasticsearch import BadRequestError, Elasticsearch

from embedding.shared import query_vector
from retrieval.cache import CacheScope
from retrieval.params import SearchParams, Sort
from retrieval.plan import NO_PLAN, QueryPlan
from retrieval.queries import (
    ALL_WORDS_AGG,
    FEW_MATCHES,
    NEAR_LIMIT,
    SHOWN_AGG,
    search_body,
)
from retrieval.semantic import (
    as_semantic,
    fill_body,
    is_missing_vectors,
    joined,
    log_missing_vectors,
    semantic_body,
)

# What ranking features need, plus what a result card shows.
SOURCE_FIELDS = [
    "title",
    "currency",
    "image_url",
    "title_stem",
    "price",
    "rating",
    "review_count",
    "popularity",
    "release_date",
    "in_stock",
    "stock",  # a few left: the card says "Only N left", as the product page does
    "product_type",
    "brand",
    "sku",
    "product_id",
]

# Sends one search request, returns the raw answer (Elasticsearch or the retrieval cache).
Fetch = Callable[[dict[str, Any]], dict[str, Any]]
# Builds the request for one widening step: (relaxed, typos) -> body.
RequestFor = Callable[[bool, bool], dict[str, Any]]


@dataclass(frozen=True)
class Candidates:
    """A raw Elasticsearch answer and whether it was widened to typo and partial matches."""

    raw: dict[str, Any]
    relaxed: bool
    # No product matched the words: these are the products nearest the query in meaning.
    by_meaning: bool = False

    @property
    def hits(self) -> list[dict[str, Any]]:
        """Return the hits, in retrieval order."""
        hits: list[dict[str, Any]] = self.raw["hits"]["hits"]
        return hits

    @property
    def total(self) -> int:
        """Return how many products matched."""
        return hit_count(self.raw)


def hit_count(raw: Mapping[str, Any]) -> int:
    """Return the hit count of a raw Elasticsearch answer."""
    return int(raw["hits"]["total"]["value"])


def widened(fetch: Fetch, q: str, request_for: RequestFor, *, fill: int | None) -> Candidates:
    """Apply the widening rule: exact words; typos and partial matches below FEW_MATCHES.

    With `fill` (a page's end), a strict answer with fewer hits asks again with typos.
    Without words (browsing) there is nothing to widen: one request.
    """
    if not q:
        return Candidates(fetch(request_for(False, True)), relaxed=False)
    strict = fetch(request_for(False, False))
    every = settle(strict)
    if every < FEW_MATCHES:
        wide = fetch(request_for(True, True))
        if hit_count(wide) > hit_count(strict):
            return Candidates(wide, relaxed=True)
        return Candidates(strict, relaxed=False)
    if fill is not None and every < fill:
        typo = fetch(request_for(False, True))
        settle(typo)
        return Candidates(typo, relaxed=False)
    return Candidates(strict, relaxed=False)


def settle(raw: dict[str, Any]) -> int:
    """Return how many products match every word; with near matches, count them as shown.

    A request taking near matches (retrieval.queries.ALL_WORDS_AGG) counts the products
    matching every word, and holds the facets under that count: its answer's total becomes
    those products plus at most NEAR_LIMIT near matches, and its facets theirs.
    """
    aggs = raw.get("aggregations") or {}
    if ALL_WORDS_AGG not in aggs:
        return hit_count(raw)
    counted = aggs.pop(ALL_WORDS_AGG)
    every = int(counted[SHOWN_AGG]["doc_count"])
    near = hit_count(raw) - every
    raw["hits"]["total"]["value"] = every + min(near, NEAR_LIMIT)
    facets = {k: v for k, v in counted.items() if isinstance(v, dict) and k != SHOWN_AGG}
    raw["aggregations"] = {**aggs, **facets}
    return every


def fetch_page(
    fetch: Fetch,
    params: SearchParams,
    *,
    plan: QueryPlan = NO_PLAN,
    offset: int | None = None,
    semantic_k: int = 0,
) -> Candidates:
    """Fetch one BM25 page (organic hits from `offset`, default the page's own).

    When the words match nothing, even with typos and partial matches, up to `semantic_k`
    products near the query in meaning answer instead ("notebook computer" finds laptops),
    rather than an empty page. While words match, their matches are the answer.
    """
    start = params.offset if offset is None else offset
    asked: list[dict[str, Any]] = []

    def request_for(relaxed: bool, typos: bool) -> dict[str, Any]:
        body = search_body(params, plan=plan, relaxed=relaxed, typos=typos)
        asked.append(body)
        return {**body, "from": start}

    lexical = widened(fetch, params.q, request_for, fill=start + params.size)
    if not params.q or lexical.total or semantic_k <= 0 or params.sort is not Sort.RELEVANCE:
        return lexical
    # Always the same semantic_k asked, whatever the page, so the total holds across pages.
    return with_fill(
        fetch, params, lexical, asked[-1]["query"], k=semantic_k, plan=plan, start=start
    )


def with_fill(
    fetch: Fetch,
    params: SearchParams,
    lexical: Candidates,
    lexical_query: dict[str, Any],
    *,
    k: int,
    plan: QueryPlan,
    start: int,
) -> Candidates:
    """Return the page of the nearest products the words did not match, after any matches."""
    vector = query_vector(params.q)
    if vector is None:
        return lexical
    body = fill_body(params, vector, lexical_query, k=k, plan=plan, source=SOURCE_FIELDS)
    try:
        nearest = as_semantic(fetch(body)["hits"]["hits"])
    except BadRequestError as exc:
        if not is_missing_vectors(exc):
            raise
        log_missing_vectors()
        return lexical
    # Positions lexical.total onwards are the nearest products, in order.
    skip = max(0, start - lexical.total)
    hits = [*lexical.hits, *nearest[skip:]][: params.size]
    total = {**lexical.raw["hits"]["total"], "value": lexical.total + len(nearest)}
    raw = {**lexical.raw, "hits": {**lexical.raw["hits"], "hits": hits, "total": total}}
    return Candidates(raw, relaxed=True, by_meaning=True)  # not what the words asked


def fetch_window(
    fetch: Fetch,
    params: SearchParams,
    *,
    size: int,
    clauses: Sequence[dict[str, Any]],
    plan: QueryPlan = NO_PLAN,
    facets: bool = True,
    extra_source: Sequence[str] = (),
    semantic_k: int | None = None,
) -> Candidates:
    """Fetch the top `size` candidates with each named clause's score (for ranking features).

    `clauses` score without filtering (ranking's feature clauses); facets are left out for
    training, which needs none; `extra_source` adds fields to what each hit carries. With
    `semantic_k` (and an encoder), every candidate gets its similarity to the query and the
    `semantic_k` nearest products join the window after the lexical ones.
    """

    def request_for(relaxed: bool, typos: bool) -> dict[str, Any]:
        body = search_body(params, plan=plan, relaxed=relaxed, typos=typos)
        if not facets:
            body["aggs"] = count_only(body.get("aggs", {}))
            if not body["aggs"]:
                body.pop("aggs")
        return {
            **with_clauses(body, clauses),
            "from": 0,
            "size": size,
            "_source": [*SOURCE_FIELDS, *extra_source],
            "include_named_queries_score": True,
        }

    lexical = widened(fetch, params.q, request_for, fill=None)
    if semantic_k is None:
        return lexical
    return with_semantic(
        fetch, params, lexical, k=semantic_k, plan=plan, source=[*SOURCE_FIELDS, *extra_source]
    )


def with_semantic(
    fetch: Fetch,
    params: SearchParams,
    lexical: Candidates,
    *,
    k: int,
    plan: QueryPlan,
    source: Sequence[str],
) -> Candidates:
    """Return the lexical candidates joined by the semantic ones (unchanged without a vector).

    An index built before vectors existed has no vector field: search stays lexical (and
    says so once) until a rebuild adds them.
    """
    vector = query_vector(params.q)
    if vector is None:
        return lexical
    ids = [hit["_id"] for hit in lexical.hits]
    try:
        answer = fetch(semantic_body(params, vector, ids, k=k, plan=plan, source=source))
    except BadRequestError as exc:
        if not is_missing_vectors(exc):
            raise
        log_missing_vectors()
        return lexical
    hits = joined(lexical.hits, answer["hits"]["hits"])
    total = {**lexical.raw["hits"]["total"], "value": max(lexical.total, len(hits))}
    raw = {**lexical.raw, "hits": {**lexical.raw["hits"], "hits": hits, "total": total}}
    return Candidates(raw, lexical.relaxed)


def count_only(aggs: dict[str, Any]) -> dict[str, Any]:
    """Return the aggregations without facets: only the count of all-word matches, if any."""
    if ALL_WORDS_AGG not in aggs:
        return {}
    counted = aggs[ALL_WORDS_AGG]
    return {
        ALL_WORDS_AGG: {
            "filter": counted["filter"],
            "aggs": {SHOWN_AGG: counted["aggs"][SHOWN_AGG]},
        }
    }


def with_clauses(body: dict[str, Any], clauses: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Return a search body whose query also carries scoring-only `clauses`."""
    if not clauses:
        return body
    return {**body, "query": {"bool": {"must": [body["query"]], "should": list(clauses)}}}


class Retrieval:
    """Ask Elasticsearch one search request, through the cache when there is one."""

    def __init__(self, es: Elasticsearch, index: str, cache: CacheScope | None = None) -> None:
        self.es = es
        self.index = index
        self.cache = cache

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        """Return the raw answer to the request (a copy the caller may change)."""

        def ask() -> dict[str, Any]:
            answer: dict[str, Any] = self.es.search(index=self.index, **request).body
            return answer

        if self.cache is None:
            return ask()
        parts = {**self.cache.parts, "alias": self.index, "request": request}
        return self.cache.cache.fetch(parts, ask)
