"""Merchandiser routes: edit the draft, preview it, publish, restore, and handle suggestions."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from accounts.access import Merchandiser
from accounts.users import actor
from core.bounds import RowId, SmallRowId
from core.deps import AppSettings, DbSession, Es
from merchandising import service, suggestions
from merchandising.changes import draft_changes
from merchandising.compiled import CompiledMerch, compile_config
from merchandising.published import announce
from merchandising.schemas import (
    DraftRead,
    EmptyBody,
    MerchConfig,
    PublishRequest,
    Rule,
    RuleWrite,
    SynonymSetData,
    SynonymSetRead,
    SynonymSetWrite,
    VersionRead,
)
from merchandising.synonyms import to_csv, to_solr
from search_service.merch import preview as previews
from search_service.merch.lookup import MAX_RESULTS, ProductLookupHit, lookup_products
from search_service.runtime import SearchRuntime, Serving

router = APIRouter(prefix="/api/merch", tags=["merchandising"])


def set_read(synonym_set: SynonymSetData) -> SynonymSetRead:
    """Shape a synonym set with its Solr text."""
    return SynonymSetRead(
        **synonym_set.model_dump(), text=to_solr(synonym_set.entries), size=len(synonym_set.entries)
    )


def draft_read(db: Session) -> DraftRead:
    """Shape the draft and whether it differs from the published version."""
    row, config = service.read_draft(db)
    latest = service.latest_version(db)
    published_config = MerchConfig.stored(latest.config) if latest else MerchConfig()
    published = latest.config if latest else MerchConfig().model_dump(mode="json")
    changes = draft_changes(
        config, published_config, row.authors if row else {}, row.updated_by if row else None
    )
    return DraftRead(
        revision=row.revision if row else 0,
        updated_at=row.updated_at if row else None,
        updated_by=row.updated_by if row else None,
        published_version=latest.version if latest else None,
        changed=config.model_dump(mode="json") != published,
        synonym_sets=[set_read(s) for s in config.synonym_sets],
        rules=config.rules,
        changes=changes,
    )


@router.get("/draft", response_model=DraftRead)
def read_draft(who: Merchandiser, db: DbSession) -> DraftRead:
    """Return the draft synonym sets and rules."""
    return draft_read(db)


@router.put("/draft/synonym-sets/{name}", response_model=SynonymSetRead)
def put_synonym_set(
    name: str, body: SynonymSetWrite, who: Merchandiser, db: DbSession
) -> SynonymSetRead:
    """Create or replace a draft synonym set from Solr synonyms.txt or CSV text."""
    return set_read(service.put_synonym_set(db, name, body, by=actor(db, who)))


@router.delete("/draft/synonym-sets/{name}", status_code=status.HTTP_204_NO_CONTENT)
def delete_synonym_set(name: str, who: Merchandiser, db: DbSession) -> Response:
    """Remove a draft synonym set."""
    service.delete_synonym_set(db, name, by=actor(db, who))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/synonym-sets/{name}/export", response_class=Response)
def export_synonym_set(
    name: str,
    who: Merchandiser,
    db: DbSession,
    format: Annotated[Literal["solr", "csv"], Query()] = "solr",
    source: Annotated[Literal["draft", "published"], Query()] = "draft",
) -> Response:
    """Download a synonym set as Solr synonyms.txt or CSV."""
    found = service.synonym_set(db, name, published=source == "published")
    body = to_solr(found.entries) if format == "solr" else to_csv(found.entries)
    filename = "".join(c if c.isalnum() else "-" for c in name) + (
        ".txt" if format == "solr" else ".csv"
    )
    return Response(
        body,
        media_type="text/plain; charset=utf-8" if format == "solr" else "text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/products", response_model=list[ProductLookupHit])
def find_products(
    who: Merchandiser,
    db: DbSession,
    q: Annotated[str, Query(min_length=1, max_length=200, description="An sku or title words")],
    limit: Annotated[int, Query(ge=1, le=MAX_RESULTS)] = 10,
) -> list[ProductLookupHit]:
    """Find products to pin or hide: the exact sku first, then titles with every word.

    A staff lookup, not a search: nothing is written to the query log or the events.
    """
    return lookup_products(db, q, limit=limit)


@router.post("/draft/rules", response_model=Rule, status_code=status.HTTP_201_CREATED)
def add_rule(body: RuleWrite, who: Merchandiser, db: DbSession) -> Rule:
    """Add a query rule to the draft."""
    return service.add_rule(db, body, by=actor(db, who))


@router.put("/draft/rules/{rule_id}", response_model=Rule)
def replace_rule(rule_id: str, body: RuleWrite, who: Merchandiser, db: DbSession) -> Rule:
    """Replace a draft query rule."""
    return service.replace_rule(db, rule_id, body, by=actor(db, who))


@router.delete("/draft/rules/{rule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_rule(rule_id: str, who: Merchandiser, db: DbSession) -> Response:
    """Remove a draft query rule."""
    service.delete_rule(db, rule_id, by=actor(db, who))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/draft/discard", response_model=DraftRead)
def discard_draft(body: EmptyBody, who: Merchandiser, db: DbSession) -> DraftRead:
    """Throw the draft's changes away: it becomes the published configuration again."""
    service.discard_draft(db, by=actor(db, who))
    return draft_read(db)


def version_read(row: object, current: int | None) -> VersionRead:
    """Shape a version, marking the one search applies."""
    read = VersionRead.model_validate(row)
    return read.model_copy(update={"current": read.version == current})


@router.post("/publish", response_model=VersionRead, status_code=status.HTTP_201_CREATED)
def publish(
    body: PublishRequest, who: Merchandiser, db: DbSession, runtime: Serving
) -> VersionRead:
    """Publish the draft: search applies it from the next request on."""
    row = service.publish(db, by=actor(db, who), note=body.note)
    announce(runtime.redis, row.token)
    return version_read(row, row.version)


@router.get("/versions", response_model=list[VersionRead])
def list_versions(who: Merchandiser, db: DbSession) -> list[VersionRead]:
    """List published versions, newest first."""
    rows = service.list_versions(db)
    current = rows[0].version if rows else None
    return [version_read(row, current) for row in rows]


@router.post(
    "/versions/{version}/restore", response_model=VersionRead, status_code=status.HTTP_201_CREATED
)
def restore_version(
    version: SmallRowId, body: PublishRequest, who: Merchandiser, db: DbSession, runtime: Serving
) -> VersionRead:
    """Publish an earlier version again (as a new version); the draft becomes it too."""
    row = service.restore(db, version, by=actor(db, who), note=body.note)
    announce(runtime.redis, row.token)
    return version_read(row, row.version)


def _sides(runtime: SearchRuntime, db: Session) -> tuple[CompiledMerch, CompiledMerch]:
    """Return the published and draft configurations, compiled."""
    current = runtime.merch.get()
    draft = compile_config(service.read_draft(db)[1], None)
    return current, draft


@router.post("/preview", response_model=previews.PreviewRead)
async def preview(
    body: previews.PreviewRequest,
    who: Merchandiser,
    db: DbSession,
    es: Es,
    settings: AppSettings,
    runtime: Serving,
) -> previews.PreviewRead:
    """Show a query's results with the published configuration and with the draft."""

    def run() -> previews.PreviewRead:
        published, draft = _sides(runtime, db)
        reranker = runtime.ranker.get()
        judgments = previews.configured_judgments(settings.ranking_judgments_path, required=False)
        return previews.preview(
            es,
            settings.products_alias,
            body,
            published=published,
            draft=draft,
            reranker=reranker,
            judgments=judgments,
        )

    return await run_in_threadpool(run)


@router.post("/preview/evaluate", response_model=previews.EvaluationRead)
async def evaluate(
    body: EmptyBody,
    who: Merchandiser,
    db: DbSession,
    es: Es,
    settings: AppSettings,
    runtime: Serving,
) -> previews.EvaluationRead:
    """NDCG@10 over every judged query, published against draft (409 without judgments)."""

    def run() -> previews.EvaluationRead:
        judgments = previews.configured_judgments(settings.ranking_judgments_path, required=True)
        assert judgments is not None
        published, draft = _sides(runtime, db)
        reranker = runtime.ranker.get()
        return previews.evaluate(
            es,
            settings.products_alias,
            published=published,
            draft=draft,
            reranker=reranker,
            judgments=judgments,
        )

    return await run_in_threadpool(run)


@router.get("/suggestions", response_model=list[suggestions.SuggestionRead])
def list_suggestions(
    who: Merchandiser,
    db: DbSession,
    status_: Annotated[Literal["open", "accepted", "dismissed"], Query(alias="status")] = "open",
) -> list[suggestions.SuggestionRead]:
    """List suggestions found in behaviour, most searched first."""
    return [
        suggestions.SuggestionRead.of(row)
        for row in suggestions.list_suggestions(db, status=status_)
    ]


@router.post("/suggestions/refresh")
def refresh_suggestions(
    body: EmptyBody, who: Merchandiser, db: DbSession
) -> suggestions.RefreshRead:
    """Look for new suggestions in the last 30 days of searches and clicks now."""
    return suggestions.RefreshRead(found=suggestions.refresh(db))


@router.post("/suggestions/{suggestion_id}/accept", response_model=suggestions.SuggestionRead)
def accept_suggestion(
    suggestion_id: RowId, body: suggestions.AcceptRequest, who: Merchandiser, db: DbSession
) -> suggestions.SuggestionRead:
    """Add a suggestion to the draft's Suggestions synonym set (publish to apply it)."""
    row = suggestions.decide(db, suggestion_id, accept=body, by=actor(db, who))
    return suggestions.SuggestionRead.of(row)


@router.post("/suggestions/{suggestion_id}/dismiss", response_model=suggestions.SuggestionRead)
def dismiss_suggestion(
    suggestion_id: RowId, body: EmptyBody, who: Merchandiser, db: DbSession
) -> suggestions.SuggestionRead:
    """Dismiss a suggestion; it is not offered again."""
    row = suggestions.decide(db, suggestion_id, accept=None, by=actor(db, who))
    return suggestions.SuggestionRead.of(row)
