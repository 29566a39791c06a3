"""Preview: a query's results under the published configuration and under the draft."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from elasticsearch import Elasticsearch
from pydantic import Field

from core.errors import ConflictError
from core.schemas import ApiModel
from merchandising.compiled import CompiledMerch
from merchandising.schemas import Strict
from ranking.judgments import Judgments, load_judgments
from ranking.metrics import ndcg_at_k
from ranking.rerank import Reranker
from retrieval.params import Filters, SearchParams, Sort, clean_query, clean_values
from search_service.schemas import BannerRead, ProductHit, SearchResponse
from search_service.search import search


class PreviewRequest(Strict):
    """The search to preview."""

    q: str = Field(min_length=1, max_length=512)
    brand: list[str] = Field(default=[], max_length=50)
    type: list[str] = Field(default=[], max_length=50)
    sort: Sort = Sort.RELEVANCE
    size: int = Field(default=24, ge=1, le=100)


class PreviewHit(ApiModel):
    """A result as the preview lists it."""

    product_id: int
    title: str
    brand: str | None
    product_type: str | None
    price: float | None
    image_url: str | None
    pinned: bool
    synonym: bool


class PreviewSide(ApiModel):
    """The results under one configuration."""

    version: int | None
    total: int
    results: list[PreviewHit]
    banners: list[BannerRead]
    redirect: str | None


class Change(ApiModel):
    """How one product moved from the published results to the draft's."""

    product_id: int
    title: str
    published_position: int | None
    draft_position: int | None
    movement: Literal["up", "down", "in", "out", "same"]


class PreviewNdcg(ApiModel):
    """NDCG@10 of both sides against the loaded judgments of this query."""

    published: float
    draft: float
    judged: int


class PreviewRead(ApiModel):
    """Published and draft results side by side, with what moved."""

    query: str
    published: PreviewSide
    draft: PreviewSide
    changes: list[Change]
    ndcg: PreviewNdcg | None


class QueryNdcg(ApiModel):
    """One judged query's NDCG@10 under both configurations."""

    query: str
    published: float
    draft: float


class EvaluationRead(ApiModel):
    """Mean NDCG@10 over every judged query, published against draft."""

    queries: int
    published_ndcg: float
    draft_ndcg: float
    per_query: list[QueryNdcg]


def preview(
    es: Elasticsearch,
    alias: str,
    body: PreviewRequest,
    *,
    published: CompiledMerch,
    draft: CompiledMerch,
    reranker: Reranker | None,
    judgments: Judgments | None,
) -> PreviewRead:
    """Run the search under both configurations (no shopper, nothing recorded) and compare."""
    params = SearchParams(
        q=clean_query(body.q),
        filters=Filters(
            brands=clean_values(body.brand, "brand"), types=clean_values(body.type, "type")
        ),
        sort=body.sort,
        size=body.size,
    )
    now = datetime.now(UTC)
    before = search(es, alias, params, reranker, plan=published.plan(params, now))
    after = search(es, alias, params, reranker, plan=draft.plan(params, now))
    judged = (judgments or {}).get(params.q)
    ndcg = None
    if judged:
        ndcg = PreviewNdcg(
            published=round(ndcg_at_k([h.sku for h in before.results], judged), 4),
            draft=round(ndcg_at_k([h.sku for h in after.results], judged), 4),
            judged=len(judged),
        )
    return PreviewRead(
        query=params.q,
        published=_side(before, published.version),
        draft=_side(after, draft.version),
        changes=changes(before.results, after.results),
        ndcg=ndcg,
    )


def _side(response: SearchResponse, version: int | None) -> PreviewSide:
    """Shape one side of the preview."""
    return PreviewSide(
        version=version,
        total=response.total,
        results=[
            PreviewHit(
                product_id=h.product_id,
                title=h.title,
                brand=h.brand,
                product_type=h.product_type,
                price=h.price,
                image_url=h.image_url,
                pinned=h.pinned,
                synonym=h.synonym,
            )
            for h in response.results
        ],
        banners=response.banners,
        redirect=response.redirect,
    )


def changes(before: list[ProductHit], after: list[ProductHit]) -> list[Change]:
    """List every product on either side with its positions and movement, draft order first."""
    old = {h.product_id: i for i, h in enumerate(before, start=1)}
    new = {h.product_id: i for i, h in enumerate(after, start=1)}
    titles = {h.product_id: h.title for h in (*before, *after)}
    order = [*new, *(pid for pid in old if pid not in new)]
    found = []
    for pid in order:
        was, now = old.get(pid), new.get(pid)
        if was is None:
            movement: Literal["up", "down", "in", "out", "same"] = "in"
        elif now is None:
            movement = "out"
        else:
            movement = "up" if now < was else "down" if now > was else "same"
        found.append(
            Change(
                product_id=pid,
                title=titles[pid],
                published_position=was,
                draft_position=now,
                movement=movement,
            )
        )
    return found


def evaluate(
    es: Elasticsearch,
    alias: str,
    *,
    published: CompiledMerch,
    draft: CompiledMerch,
    reranker: Reranker | None,
    judgments: Judgments,
) -> EvaluationRead:
    """Return NDCG@10 of every judged query under the published and the draft configuration."""
    now = datetime.now(UTC)
    rows = []
    for query in sorted(judgments):
        params = SearchParams(q=clean_query(query), size=10)
        scores = [
            ndcg_at_k(
                [
                    h.sku
                    for h in search(
                        es, alias, params, reranker, plan=side.plan(params, now)
                    ).results
                ],
                judgments[query],
            )
            for side in (published, draft)
        ]
        rows.append(
            QueryNdcg(query=query, published=round(scores[0], 4), draft=round(scores[1], 4))
        )
    return EvaluationRead(
        queries=len(rows),
        published_ndcg=round(statistics.fmean(r.published for r in rows), 4) if rows else 0.0,
        draft_ndcg=round(statistics.fmean(r.draft for r in rows), 4) if rows else 0.0,
        per_query=rows,
    )


def configured_judgments(path: Path, *, required: bool) -> Judgments | None:
    """Return the configured judgments file, or None (409 if `required`) when it is absent."""
    if path.is_file():
        return _judgments(path, path.stat().st_mtime_ns)
    if required:
        raise ConflictError(
            f"no judgments file at {path}; "
            "set AISLE_RANKING_JUDGMENTS_PATH to a query,docid,rating CSV"
        )
    return None


@lru_cache(maxsize=4)
def _judgments(path: Path, modified: int) -> Judgments:
    """Read a judgments file once per version of it (`modified` keys the cache)."""
    return load_judgments(path)
