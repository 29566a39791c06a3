"""Autocomplete: popular past queries, brands and product types that complete a prefix.

Candidates are loaded from Postgres at most once a minute and matched in memory, so a
keystroke costs microseconds here; a prefix nothing starts with is matched with one typo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from core.refreshing import Refreshing
from core.schemas import ApiModel
from core.text import fold

Kind = Literal["query", "brand", "type"]
REFRESH_S = 60.0
# Queries count once per shopper (user or anonymous id), so nobody can push their own.
POPULAR_QUERIES = text("""
    SELECT lower(query) AS text, count(DISTINCT coalesce(user_id::text, anonymous_id)) AS shoppers
    FROM served_queries
    WHERE query <> '' AND total > 0 AND served_at > now() - interval '30 days'
      AND query ~ '^[[:alnum:][:space:]&''.+-]+$'
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5000
""")
FACET_VALUES = text("""
    SELECT {column} AS text, count(*) AS products FROM products
    WHERE active AND {column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1
""")
LIMITS: dict[Kind, int] = {"query": 6, "brand": 3, "type": 3}


class Suggestion(ApiModel):
    """One completion and what it is."""

    text: str
    kind: Kind


class SuggestResponse(ApiModel):
    """Completions of a prefix, best first."""

    query: str
    suggestions: list[Suggestion]


@dataclass(frozen=True)
class Candidate:
    """A completion with its folded form (what prefixes are matched against)."""

    text: str
    kind: Kind
    key: str


@dataclass
class SuggestionIndex:
    """Candidates by kind, most popular first (one load; `suggestions` keeps it fresh)."""

    by_kind: dict[Kind, list[Candidate]] = field(default_factory=dict)

    def complete(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        """Return completions of `prefix`: exact prefix matches, else one-typo matches."""
        key = fold(prefix).strip()
        if not key:
            return []
        found = self._matches(key, typo=False) or (
            self._matches(key, typo=True) if len(key) >= 3 else []
        )
        return found[:limit]

    def _matches(self, key: str, *, typo: bool) -> list[Suggestion]:
        """Collect matches per kind, up to each kind's limit, queries first."""
        out: list[Suggestion] = []
        seen: set[str] = set()
        for kind in ("query", "brand", "type"):
            taken = 0
            for candidate in self.by_kind.get(kind, []):
                if taken == LIMITS[kind]:
                    break
                if candidate.key in seen or not _completes(candidate.key, key, typo):
                    continue
                seen.add(candidate.key)
                out.append(Suggestion(text=candidate.text, kind=kind))
                taken += 1
        return out


def load_suggestions(factory: sessionmaker[Session]) -> SuggestionIndex:
    """Load the candidates from Postgres: brands, types, then popular past queries."""
    with factory() as db:
        brands = _candidates(db, text(FACET_VALUES.text.format(column="brand")), "brand")
        types = _candidates(db, text(FACET_VALUES.text.format(column="product_type")), "type")
        known = [c.key for c in brands + types]
        queries = drop_misspellings(_candidates(db, POPULAR_QUERIES, "query"), known)
    return SuggestionIndex({"query": queries, "brand": brands, "type": types})


def suggestions(factory: sessionmaker[Session]) -> Refreshing[SuggestionIndex]:
    """Return the suggestion index, reloaded when older than REFRESH_S."""
    return Refreshing(
        lambda _previous, _token: load_suggestions(factory),
        SuggestionIndex(),
        ttl_s=REFRESH_S,
        what="suggestions",
    )


def _candidates(db: Session, query: object, kind: Kind) -> list[Candidate]:
    """Load candidates of one kind, most popular first."""
    rows = db.execute(query).all()  # type: ignore[call-overload]
    return [Candidate(str(row.text), kind, fold(str(row.text))) for row in rows if row.text]


def drop_misspellings(candidates: list[Candidate], known: list[str]) -> list[Candidate]:
    """Keep a query only if it is not one typo away from a known word (a brand or type) or
    from a more popular kept query: "lapttop" and "laptpos" go, "laptop case" stays.

    Past queries include shoppers' typos; offering them back would teach the typo. Only
    strings sharing their first letter are compared, which keeps this fast.
    """
    kept: list[Candidate] = []
    by_initial: dict[str, list[str]] = {}
    for word in known:
        by_initial.setdefault(word[:1], []).append(word)
    for candidate in candidates:
        peers = by_initial.setdefault(candidate.key[:1], [])
        if any(_one_typo_apart(candidate.key, peer) for peer in peers):
            continue
        peers.append(candidate.key)
        kept.append(candidate)
    return kept


def _one_typo_apart(a: str, b: str) -> bool:
    """Say whether two strings differ by one edit or one swap of neighbouring letters, other
    than by an ending ("laptop" and "laptops" are both real words)."""
    if a.startswith(b) or b.startswith(a):
        return False
    if _within_one_edit(a, b):
        return True
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and (a[diff[1]] == b[diff[0]])
    )


def _completes(candidate: str, key: str, typo: bool) -> bool:
    """Say whether the candidate (or one of its words) starts with key, or nearly does."""
    starts = [candidate] + [candidate[i + 1 :] for i, c in enumerate(candidate) if c == " "]
    if not typo:
        return any(start.startswith(key) for start in starts)
    return any(
        _within_one_edit(start[: len(key)], key) or _within_one_edit(start[: len(key) + 1], key)
        for start in starts
    )


def _within_one_edit(a: str, b: str) -> bool:
    """Say whether two strings differ by at most one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] != b[j]:
            edits += 1
            if edits > 1:
                return False
            if len(a) == len(b):
                i += 1
            j += 1
            continue
        i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1
