"""Suggestions from behaviour: zero-result and low-CTR queries, and reformulations that worked.

Each suggestion carries its evidence. "No results" needs the query's zero-result *rate* over
the window, not a count: a popular query that found nothing a few times (with filters, or
while search was degraded) is no vocabulary gap, so only unfiltered searches served by the
search engine count, and most of them must have found nothing.

A reformulation is a search with no click followed, within REFORMULATION_WINDOW by the same
shopper, by a different search that got a click ("head set" → "headset"). Refinements that only
add or drop words ("tv" → "tv samsung") are left out: they narrow, they do not rename. So are
pairs whose second query is unrelated ("laptop" → "samsung tv": the shopper changed their
mind); see merchandising.relatedness. A suggestion the evidence no longer supports leaves the
inbox at the next refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

from pydantic import ConfigDict, Field
from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from core.errors import ConflictError, NotFoundError
from core.schemas import ApiModel
from core.text import stem_text
from merchandising.models import MerchSuggestion
from merchandising.relatedness import relatedness
from merchandising.schemas import MerchConfig, Strict, SynonymEntry, SynonymSetData
from merchandising.service import locked_draft, save_draft
from merchandising.synonyms import check_sets
from retrieval.plan import SynonymKind

SUGGESTION_SET = "Suggestions"
LOOKBACK = timedelta(days=30)
MIN_SEARCHES = 2
LOW_CTR_MIN_SEARCHES = 10
LOW_CTR = 0.05
# "No results" needs most of the query's unfiltered searches to have found nothing.
ZERO_RESULT_RATE = 0.5
REFORMULATION_WINDOW = timedelta(minutes=5)

# Per query (first pages only): searches, searches that say something about its words
# (unfiltered, served by the search engine rather than the degraded fallback) and how many of
# those found nothing, and searches with a click. A search answered only by meaning (variant
# "semantic") matched no product by its words.
QUERY_STATS = text(
    """
    SELECT lower(s.query) AS query, count(*) AS searches,
           count(*) FILTER (WHERE s.filters = '{}'::jsonb AND s.variant <> 'fallback') AS plain,
           count(*) FILTER (WHERE s.filters = '{}'::jsonb AND s.variant <> 'fallback'
                            AND (s.total = 0 OR s.variant = 'semantic')) AS empty,
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
# The products clicked after searching each of some queries, over the window.
CLICKED_PRODUCTS = text(
    """
    SELECT lower(s.query) AS query, array_agg(DISTINCT e.product_id) AS products
    FROM served_queries s JOIN events e ON e.query_id = s.query_id AND e.event_type = 'click'
    WHERE s.served_at >= :since AND s."offset" = 0 AND lower(s.query) = ANY(:queries)
    GROUP BY lower(s.query)
    """
)


class RefreshRead(ApiModel):
    """How many new suggestions a refresh found."""

    found: int


class SuggestionRead(ApiModel):
    """A suggestion as the inbox lists it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: Literal["zero_results", "low_ctr", "reformulation"]
    query: str
    candidate: str | None
    searches: int
    clicks: int
    ctr: float | None
    evidence: str = Field(description="Why it is suggested, in one sentence")
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
    """Find suggestions in recent behaviour, withdraw those it no longer supports; return new."""
    since = (now or datetime.now(UTC)) - LOOKBACK
    stats = {row.query: row for row in db.execute(QUERY_STATS, {"since": since})}
    found: list[dict[str, object]] = []
    for query, row in stats.items():
        ctr = row.clicked / row.searches if row.searches else None
        if row.empty >= MIN_SEARCHES and row.empty >= ZERO_RESULT_RATE * row.plain:
            evidence = f"found nothing in {row.empty} of {row.plain} searches without filters"
            found.append(_found("zero_results", query, "", row, ctr, evidence))
        elif row.searches >= LOW_CTR_MIN_SEARCHES and ctr is not None and ctr < LOW_CTR:
            evidence = f"clicked in {row.clicked} of {row.searches} searches"
            found.append(_found("low_ctr", query, "", row, ctr, evidence))
    found.extend(_reformulations(db, since, stats))
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
                    "evidence": values["evidence"],
                    # The transaction's time, which also tells the rows found again apart.
                    "updated_at": func.now(),
                },
            )
            .returning(text("(xmax = 0) AS inserted"))
        )
        new += int(bool(db.execute(statement).scalar()))
    # What this refresh did not find again (its row untouched in this transaction) is
    # withdrawn if still open; decided suggestions stay, as the record of the decision.
    db.execute(
        delete(MerchSuggestion).where(
            MerchSuggestion.status == "open", MerchSuggestion.updated_at < func.now()
        )
    )
    db.commit()
    return new


def _reformulations(db: Session, since: datetime, stats: dict[str, Any]) -> list[dict[str, object]]:
    """Return the reformulation suggestions whose second query is related to the first."""
    pairs = [
        (query, next_query, shoppers)
        for query, next_query, shoppers in db.execute(
            REFORMULATIONS, {"since": since, "window": REFORMULATION_WINDOW}
        )
        if not _refines(query, next_query)
    ]
    queries = sorted({q for pair in pairs for q in pair[:2]})
    clicked: dict[str, set[int]] = {
        query: set(products)
        for query, products in db.execute(CLICKED_PRODUCTS, {"since": since, "queries": queries})
    }
    found = []
    for query, next_query, shoppers in pairs:
        co_clicked = bool(clicked.get(query, set()) & clicked.get(next_query, set()))
        reason = relatedness(query, next_query, co_clicked=co_clicked)
        if reason is None:
            continue  # the shopper changed their mind: no evidence the two name one thing
        seen = stats.get(query)
        searches, clicks = (seen.searches, seen.clicked) if seen else (shoppers, 0)
        ctr = clicks / searches if searches else None
        people = f"{shoppers} {'shopper' if shoppers == 1 else 'shoppers'}"
        evidence = f"{people} searched this next and clicked; {reason}"
        found.append(
            _found("reformulation", query, next_query, _Counts(searches, clicks), ctr, evidence)
        )
    return found


class _Counted(Protocol):
    """Searches of a query and how many got a click (a stats row, or _Counts)."""

    @property
    def searches(self) -> int: ...

    @property
    def clicked(self) -> int: ...


@dataclass(frozen=True)
class _Counts:
    """Searches and clicks of a query, when no stats row holds them."""

    searches: int
    clicked: int


def _found(
    kind: str, query: str, candidate: str, counts: _Counted, ctr: float | None, evidence: str
) -> dict[str, object]:
    """Return the row values of one suggestion."""
    return {
        "kind": kind,
        "query": query,
        "candidate": candidate,
        "searches": counts.searches,
        "clicks": counts.clicked,
        "ctr": round(ctr, 4) if ctr is not None else None,
        "evidence": evidence,
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
    config = MerchConfig.stored(draft.config)
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
