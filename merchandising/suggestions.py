"""Suggestions from behaviour: zero-result and low-CTR queries, and reformulations that worked.

A reformulation is a search with no click followed, within REFORMULATION_WINDOW by the same
shopper, by a different search that got a click ("head set" → "headset"). Refinements that only
add or drop words ("tv" → "tv samsung") are left out: they narrow, they do not rename.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from core.errors import ConflictError, NotFoundError
from core.text import stem_text
from merchandising.models import MerchSuggestion
from merchandising.schemas import MerchConfig, Strict, SynonymEntry, SynonymSetData
from merchandising.service import locked_draft, save_draft
from merchandising.synonyms import check_sets
from retrieval.plan import SynonymKind

SUGGESTION_SET = "Suggestions"
LOOKBACK = timedelta(days=30)
MIN_SEARCHES = 2
LOW_CTR_MIN_SEARCHES = 10
LOW_CTR = 0.05
REFORMULATION_WINDOW = timedelta(minutes=5)

# Per query (first pages only): searches, zero-result searches, searches with a click. A
# search answered only by meaning (variant "semantic") matched no product by its words.
QUERY_STATS = text(
    """
    SELECT lower(s.query) AS query, count(*) AS searches,
           count(*) FILTER (WHERE s.total = 0 OR s.variant = 'semantic') AS empty,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM events e WHERE e.query_id = s.query_id AND e.event_type = 'click'
           )) AS clicked
    FROM served_queries s
    WHERE s.served_at >= :since AND s.query <> '' AND s."offset" = 0
    GROUP BY lower(s.query)
    """
)
# Consecutive searches of one shopper, with whether each got a click.
REFORMULATIONS = text(
    """
    WITH searches AS (
        SELECT lower(s.query) AS query, s.served_at,
               coalesce(s.user_id::text, s.anonymous_id) AS owner,
               EXISTS (SELECT 1 FROM events e
                       WHERE e.query_id = s.query_id AND e.event_type = 'click') AS clicked
        FROM served_queries s
        WHERE s.served_at >= :since AND s.query <> '' AND s."offset" = 0
          AND coalesce(s.user_id::text, s.anonymous_id) IS NOT NULL
    ), paired AS (
        SELECT query, clicked, served_at,
               lead(query) OVER w AS next_query, lead(clicked) OVER w AS next_clicked,
               lead(served_at) OVER w AS next_at, owner
        FROM searches WINDOW w AS (PARTITION BY owner ORDER BY served_at)
    )
    SELECT query, next_query, count(DISTINCT owner) AS shoppers
    FROM paired
    WHERE NOT clicked AND next_clicked AND next_query <> query
      AND next_at - served_at <= :window
    GROUP BY query, next_query
    """
)


class SuggestionRead(BaseModel):
    """A suggestion as the inbox lists it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: Literal["zero_results", "low_ctr", "reformulation"]
    query: str
    candidate: str | None
    searches: int
    clicks: int
    ctr: float | None
    status: Literal["open", "accepted", "dismissed"]
    created_at: datetime

    @classmethod
    def of(cls, row: MerchSuggestion) -> SuggestionRead:
        """Shape a stored suggestion ('' candidate reads as none)."""
        found = cls.model_validate(row)
        return found.model_copy(update={"candidate": row.candidate or None})


class AcceptRequest(Strict):
    """How to take a suggestion into the draft."""

    as_kind: SynonymKind = SynonymKind.CORRECTION


def refresh(db: Session, *, now: datetime | None = None) -> int:
    """Find suggestions in recent behaviour; return how many are new."""
    since = (now or datetime.now(UTC)) - LOOKBACK
    stats = {row.query: row for row in db.execute(QUERY_STATS, {"since": since})}
    found: list[dict[str, object]] = []
    for query, row in stats.items():
        ctr = row.clicked / row.searches if row.searches else None
        if row.empty >= MIN_SEARCHES:
            found.append(_found("zero_results", query, "", row.searches, row.clicked, ctr))
        elif row.searches >= LOW_CTR_MIN_SEARCHES and ctr is not None and ctr < LOW_CTR:
            found.append(_found("low_ctr", query, "", row.searches, row.clicked, ctr))
    pairs = db.execute(REFORMULATIONS, {"since": since, "window": REFORMULATION_WINDOW})
    for query, next_query, shoppers in pairs:
        if _refines(query, next_query):
            continue
        seen = stats.get(query)
        searches, clicked = (seen.searches, seen.clicked) if seen else (shoppers, 0)
        ctr = clicked / searches if searches else None
        found.append(_found("reformulation", query, next_query, searches, clicked, ctr))
    new = 0
    for values in found:
        statement = (
            insert(MerchSuggestion)
            .values(**values)
            .on_conflict_do_update(
                constraint="uq_merch_suggestions_kind_query",
                set_={
                    "searches": values["searches"],
                    "clicks": values["clicks"],
                    "ctr": values["ctr"],
                    "updated_at": datetime.now(UTC),
                },
            )
            .returning(text("(xmax = 0) AS inserted"))
        )
        new += int(bool(db.execute(statement).scalar()))
    db.commit()
    return new


def _found(
    kind: str, query: str, candidate: str, searches: int, clicks: int, ctr: float | None
) -> dict[str, object]:
    """Return the row values of one suggestion."""
    return {
        "kind": kind,
        "query": query,
        "candidate": candidate,
        "searches": searches,
        "clicks": clicks,
        "ctr": round(ctr, 4) if ctr is not None else None,
    }


def _refines(query: str, other: str) -> bool:
    """Say whether one query only adds or drops words of the other."""
    a, b = set(stem_text(query).split()), set(stem_text(other).split())
    return a <= b or b <= a


def list_suggestions(
    db: Session, *, status: str = "open", limit: int = 200
) -> list[MerchSuggestion]:
    """Return suggestions with a status, the most searched first."""
    return list(
        db.scalars(
            select(MerchSuggestion)
            .where(MerchSuggestion.status == status)
            .order_by(MerchSuggestion.searches.desc(), MerchSuggestion.id)
            .limit(limit)
        )
    )


def decide(
    db: Session, suggestion_id: int, *, accept: AcceptRequest | None, by: str
) -> MerchSuggestion:
    """Accept a suggestion into the draft's Suggestions set, or dismiss it (accept=None)."""
    row = db.get(MerchSuggestion, suggestion_id, with_for_update=True)
    if row is None:
        raise NotFoundError(f"there is no suggestion {suggestion_id}")
    if row.status != "open":
        db.rollback()
        raise ConflictError(f"suggestion {suggestion_id} is already {row.status}")
    if accept is not None:
        if not row.candidate:
            db.rollback()
            raise ConflictError(
                "this suggestion has no candidate query; write a synonym or a rule for it instead"
            )
        _add_to_draft(db, row.query, row.candidate, accept.as_kind, by=by)
    row.status = "accepted" if accept is not None else "dismissed"
    row.decided_by = by
    row.decided_at = datetime.now(UTC)
    db.commit()
    return row


def _add_to_draft(db: Session, query: str, candidate: str, kind: SynonymKind, *, by: str) -> None:
    """Add `query → candidate` to the draft's Suggestions set (created if missing)."""
    draft = locked_draft(db)
    config = MerchConfig.model_validate(draft.config)
    entry = (
        SynonymEntry(kind=kind, terms=[query, candidate])
        if kind is SynonymKind.SYNONYM
        else SynonymEntry(kind=kind, terms=[query], targets=[candidate])
    )
    target = next((s for s in config.synonym_sets if s.name == SUGGESTION_SET), None)
    if target is None:
        target = SynonymSetData(name=SUGGESTION_SET)
        config.synonym_sets.append(target)
    target.entries.append(entry)
    check_sets(config.synonym_sets)
    save_draft(db, draft, config, by, commit=False)
