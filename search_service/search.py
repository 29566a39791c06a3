"""Run a search against Elasticsearch and shape the shopper's response."""

from __future__ import annotations

import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch

from catalog.stock import label_for, stock_left
from core.links import web_address_or_none
from core.settings import get_settings
from ranking.context import FeatureContext
from ranking.features import feature_clauses
from ranking.rerank import Ranked, WindowRanker
from retrieval.cache import CacheScope
from retrieval.candidates import (
    SOURCE_FIELDS,
    Candidates,
    Retrieval,
    fetch_page,
    fetch_window,
    hit_count,
)
from retrieval.params import SearchParams, Sort
from retrieval.plan import NO_PLAN, Effects, QueryPlan, merge_pins
from retrieval.queries import (
    CORRECTION_CLAUSE,
    EXACT_CLAUSE,
    FUZZY_CLAUSE,
    SYNONYM_CLAUSE,
    filter_clauses,
)
from retrieval.spelling import check
from search_service.highlight import Highlighter
from search_service.schemas import (
    BannerRead,
    FacetValue,
    PartialMatchRead,
    ProductHit,
    SearchResponse,
)

# Below this many hits a spelling suggestion is worth showing.
SUGGEST_BELOW = 5
# A rule boost of weight w moves a reranked product by w/4 of the window's score spread.
BOOST_SPREAD = 0.25


@dataclass(frozen=True)
class Searched:
    """A search's response and, when an interleaving ranked its page, each product's team."""

    response: SearchResponse
    teams: dict[int, int] | None = None


def search(
    es: Elasticsearch,
    index: str,
    params: SearchParams,
    reranker: WindowRanker | None = None,
    *,
    explain: bool = False,
    context: FeatureContext | None = None,
    plan: QueryPlan = NO_PLAN,
    cache: CacheScope | None = None,
) -> SearchResponse:
    """Search and return the shopper's response (see `search_ranked`)."""
    return search_ranked(
        es, index, params, reranker, explain=explain, context=context, plan=plan, cache=cache
    ).response


def search_ranked(
    es: Elasticsearch,
    index: str,
    params: SearchParams,
    reranker: WindowRanker | None = None,
    *,
    explain: bool = False,
    context: FeatureContext | None = None,
    plan: QueryPlan = NO_PLAN,
    cache: CacheScope | None = None,
) -> Searched:
    """Search exact words; widen to typos to fill the page, and to some words when few match.

    Candidates come from retrieval.candidates, which holds the widening rule. With a
    reranker, the page comes from the model's order of the top-K window (see ranking.rerank).
    The plan's synonyms widen the query and its rules pin, hide, boost, filter and add
    banners. `context` is what the reranker's features read (ranking.context). With a
    cache, Elasticsearch's answers come from Redis when the same request was asked before.
    """
    started = time.perf_counter()
    retrieve = Retrieval(es, index, cache)
    pinned = _pinned_hits(retrieve, params, plan.effects)
    if reranker is not None and _rerankable(params, reranker):
        found, teams = _reranked(
            retrieve, params, reranker, explain=explain, context=context, plan=plan, pinned=pinned
        )
        # An empty window is the whole answer: a BM25 page would ask the same queries again.
        ranking = reranker.name if found.total else "bm25"
        response = _response(retrieve, params, found, started, ranking=ranking, plan=plan)
        return Searched(response, teams if found.total else None)
    # Organic hits start after the pins placed on earlier pages.
    offset = params.offset - sum(1 for position in pinned if position <= params.offset)
    found = fetch_page(
        retrieve, params, plan=plan, offset=offset, semantic_k=get_settings().semantic_candidates
    )
    if pinned:
        merged = merge_pins(found.hits, pinned, params.offset)
        found.raw["hits"]["hits"] = merged[: params.size]
        found.raw["hits"]["total"]["value"] = found.total + len(pinned)
    # "semantic": the served log keeps such a query a zero-result one for merchandising.
    ranking = "semantic" if found.by_meaning else "bm25"
    return Searched(_response(retrieve, params, found, started, ranking=ranking, plan=plan))


def _pinned_hits(
    retrieve: Retrieval, params: SearchParams, effects: Effects
) -> dict[int, dict[str, Any]]:
    """Fetch the pinned products that pass the shopper's filters, by their positions."""
    if not effects.pins:
        return {}
    ids = list(effects.pins.values())
    filters = [*filter_clauses(params.filters), {"terms": {"product_id": ids}}]
    raw = retrieve(
        {"query": {"bool": {"filter": filters}}, "size": len(ids), "source_includes": SOURCE_FIELDS}
    )
    found = {int(hit["_source"]["product_id"]): hit for hit in raw["hits"]["hits"]}
    return {
        position: found[product_id]
        for position, product_id in effects.pins.items()
        if product_id in found
    }


def _rerankable(params: SearchParams, reranker: WindowRanker) -> bool:
    """Say whether this request is ranked by the model: words, best match, inside the window."""
    return (
        bool(params.q)
        and params.sort is Sort.RELEVANCE
        and (params.offset + params.size <= reranker.window)
    )


def _reranked(
    retrieve: Retrieval,
    params: SearchParams,
    reranker: WindowRanker,
    *,
    explain: bool,
    context: FeatureContext | None,
    plan: QueryPlan,
    pinned: dict[int, dict[str, Any]],
) -> tuple[Candidates, dict[int, int] | None]:
    """Fetch the window with feature scores; keep the model's page of it (and its teams).

    Rule boosts move the model's scores; products matching the shopper's own words stay
    ahead of products found only through a synonym; pins take their places last.
    """
    by_attribute = any(boost.field == "attribute" for boost in plan.effects.boosts)
    found = fetch_window(
        retrieve,
        params,
        size=reranker.window,
        clauses=feature_clauses(params.q),
        plan=plan,
        extra_source=["facts"] if by_attribute else [],  # only then: facts are long lists
        semantic_k=get_settings().semantic_candidates,
    )
    ranked = (
        reranker.rank(found.hits, params.q, explain=explain, context=context)
        if found.hits
        else Ranked([])
    )
    ordered = _merchandised(ranked.hits, plan.effects)
    if pinned:
        ordered = merge_pins(ordered, pinned, 0)
        found.raw["hits"]["total"]["value"] = found.total + len(pinned)
    found.raw["hits"]["hits"] = ordered[params.offset : params.offset + params.size]
    return found, ranked.teams


def _merchandised(hits: list[dict[str, Any]], effects: Effects) -> list[dict[str, Any]]:
    """Apply rule boosts to model scores, then put synonym-only matches after the others."""
    scores = [float(hit["_score"]) for hit in hits]
    if effects.boosts and hits:
        spread = statistics.pstdev(scores) or 1.0
        scores = [
            score + effects.weight(hit["_source"]) * BOOST_SPREAD * spread
            for hit, score in zip(hits, scores, strict=True)
        ]
    order = sorted(range(len(hits)), key=lambda i: (synonym_only(hits[i]), -scores[i], i))
    return [hits[i] for i in order]


def synonym_only(hit: dict[str, Any]) -> bool:
    """Say whether a hit matched only through a synonym or correction, not the shopper's words."""
    named = hit.get("matched_queries") or ()
    via_synonym = SYNONYM_CLAUSE in named or CORRECTION_CLAUSE in named
    return via_synonym and EXACT_CLAUSE not in named and FUZZY_CLAUSE not in named


def _response(
    retrieve: Retrieval,
    params: SearchParams,
    found: Candidates,
    started: float,
    *,
    ranking: str,
    plan: QueryPlan,
) -> SearchResponse:
    """Shape the response: hits, facets, banners, and a spelling suggestion when it helps."""
    raw, relaxed, total = found.raw, found.relaxed, found.total
    suggestion, partial = None, None
    if params.q and _needs_suggestion(raw, relaxed):
        shown = [int(hit["_source"]["product_id"]) for hit in raw["hits"]["hits"]]
        spelling = check(retrieve, params.q, params.filters, shown=shown, relaxed=relaxed)
        suggestion = spelling.did_you_mean
        if spelling.partial is not None:
            part = spelling.partial
            partial = PartialMatchRead(
                missing=part.missing, dropped=part.dropped, showing=part.showing
            )
    highlighter = Highlighter(params.q) if params.q else None
    return SearchResponse(
        query_id=str(uuid.uuid4()),
        query=params.q,
        total=total,
        page=params.page,
        size=params.size,
        took_ms=round((time.perf_counter() - started) * 1000),
        did_you_mean=suggestion,
        relaxed=relaxed,
        partial_match=partial,
        ranking=ranking,
        results=[_hit(h, highlighter) for h in raw["hits"]["hits"]],
        facets=_facets(raw.get("aggregations", {}), params),
        banners=[BannerRead(text=b.text, link=b.link) for b in plan.effects.banners],
        redirect=plan.effects.redirect,
        merch_version=plan.version,
    )


def _needs_suggestion(raw: dict[str, Any], relaxed: bool) -> bool:
    """Suggest a correction when results are few, relaxed, or led by a typo-only match."""
    hits = raw["hits"]["hits"]
    if relaxed or hit_count(raw) < SUGGEST_BELOW:
        return True
    return bool(hits) and EXACT_CLAUSE not in hits[0].get("matched_queries", [])


def _hit(hit: dict[str, Any], highlighter: Highlighter | None) -> ProductHit:
    """Shape one ES hit; with a query, mark its words in the title."""
    source = hit["_source"]
    marked = highlighter.mark(source["title"]) if highlighter else None
    return ProductHit(
        product_id=source["product_id"],
        sku=source["sku"],
        title=source["title"],
        brand=source.get("brand"),
        product_type=source.get("product_type"),
        price=source.get("price"),
        currency=source.get("currency") or "EUR",
        rating=source.get("rating"),
        review_count=source.get("review_count") or 0,
        in_stock=bool(source.get("in_stock")),
        stock_left=stock_left(source.get("stock")),
        stock_label=label_for(bool(source.get("in_stock")), stock_left(source.get("stock"))),
        # An index built before images had to be http(s) may still hold another kind.
        image_url=web_address_or_none(source.get("image_url")),
        score=hit.get("_score") if highlighter else None,
        highlight={"title": marked} if marked else {},
        explanation=hit.get("_explanation"),
        pinned=bool(hit.get("_pinned")),
        synonym=synonym_only(hit),
    )


def _facets(aggs: dict[str, Any], params: SearchParams) -> dict[str, list[FacetValue]]:
    """Shape facet aggregations, marking the values the shopper selected."""
    filters = params.filters
    chosen = {
        "brand": {b.lower() for b in filters.brands},
        "product_type": {t.lower() for t in filters.types},
        "price": {_price_key(params)} if filters.price else set(),
        "rating": {_rating_key(filters.min_rating)} if filters.min_rating is not None else set(),
    }
    facets: dict[str, list[FacetValue]] = {}
    for name, agg in aggs.items():
        values = []
        for bucket in agg["values"]["buckets"]:
            key = str(bucket["key"])
            values.append(
                FacetValue(
                    value=key,
                    count=int(bucket["doc_count"]),
                    selected=key.lower() in chosen.get(name, set()),
                    from_=bucket.get("from") if name == "price" else None,
                    to=bucket.get("to") if name == "price" else None,
                )
            )
        facets[name] = values
    return facets


def _price_key(params: SearchParams) -> str:
    """Return the facet key of the selected price range."""
    price = params.filters.price
    if price is None:
        return ""
    low = _plain(price.low) if price.low is not None else ""
    high = _plain(price.high) if price.high is not None else ""
    return f"{low}-{high}"


def _plain(number: Any) -> str:
    """Format a number the way facet keys spell it (no trailing zeros)."""
    return format(number.normalize(), "f") if hasattr(number, "normalize") else str(number)


def _rating_key(rating: float | None) -> str:
    """Return the facet key of a minimum rating."""
    return "" if rating is None else format(rating, "g")
