"""Query rules: which rules match a search, in what order, and what they do together.

Order of precedence when several rules match (documented in the README):
1. the match kind: "query is" before "starts with" before "contains";
2. then the higher priority;
3. then the longer pattern (more specific);
4. then the older rule.
Each product is decided by the first rule that pins or hides it; a position goes to the first
rule that pins there. Boosts add up; added filters all apply; banners are all shown, in order;
the first redirect wins. Pins apply only to relevance order: a shopper sorting by price or
rating sees no pins (hides, filters, banners and redirects still apply).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.text import fact_key, fold, stem_text
from search_service.merch.schemas import Banner, Boost, Rule

MATCH_ORDER = {"is": 0, "starts_with": 1, "contains": 2}


@dataclass(frozen=True)
class Effects:
    """What the matching rules do to one search."""

    pins: dict[int, int] = field(default_factory=dict)  # position -> product id
    hidden: frozenset[int] = frozenset()
    boosts: tuple[Boost, ...] = ()
    filter_brands: tuple[str, ...] = ()
    filter_types: tuple[str, ...] = ()
    redirect: str | None = None
    banners: tuple[Banner, ...] = ()
    rule_ids: tuple[str, ...] = ()

    @property
    def excluded(self) -> list[int]:
        """Return products kept out of the organic results (hidden, or placed by a pin)."""
        return sorted(self.hidden | set(self.pins.values()))

    def weight(self, source: Mapping[str, Any]) -> int:
        """Return the summed boost weight of a product (as indexed) under these rules."""
        total = 0
        facts = set(source.get("facts") or ())
        for boost in self.boosts:
            if boost_matches(boost, source, facts):
                total += boost.weight
        return total


NO_EFFECTS = Effects()


def boost_matches(boost: Boost, source: Mapping[str, Any], facts: set[str]) -> bool:
    """Say whether an indexed product has the boost's brand, type or attribute value."""
    if boost.field == "attribute":
        return fact_key(boost.name or "", boost.value) in facts
    return fold(str(source.get(boost.field) or "")) == fold(boost.value)


def precedence(rules: Iterable[Rule]) -> list[Rule]:
    """Return rules in the order they take effect."""
    indexed = list(enumerate(rules))
    indexed.sort(
        key=lambda pair: (
            MATCH_ORDER[pair[1].condition.match],
            -pair[1].priority,
            -len(stem_text(pair[1].condition.pattern).split()),
            pair[0],
        )
    )
    return [rule for _, rule in indexed]


def matches(
    rule: Rule, words: Sequence[str], brands: set[str], types: set[str], now: datetime
) -> bool:
    """Say whether a rule applies to a query (analysed words) with its filters, now."""
    if not rule.enabled:
        return False
    if rule.starts_at is not None and now < rule.starts_at:
        return False
    if rule.ends_at is not None and now >= rule.ends_at:
        return False
    condition = rule.condition
    if condition.brand and not {fold(b) for b in condition.brand} <= brands:
        return False
    if condition.type and not {fold(t) for t in condition.type} <= types:
        return False
    pattern = stem_text(condition.pattern).split()
    if condition.match == "is":
        return list(words) == pattern
    if condition.match == "starts_with":
        return list(words[: len(pattern)]) == pattern
    return any(
        list(words[i : i + len(pattern)]) == pattern for i in range(len(words) - len(pattern) + 1)
    )


def effects_of(
    ordered: Sequence[Rule],
    q: str,
    *,
    brands: Iterable[str],
    types: Iterable[str],
    now: datetime,
    pins_allowed: bool,
) -> Effects:
    """Combine the matching rules (already in precedence order) into one set of effects."""
    words = stem_text(q).split()
    if not words:
        return NO_EFFECTS
    chosen_brands = {fold(b) for b in brands}
    chosen_types = {fold(t) for t in types}
    pins: dict[int, int] = {}
    decided: set[int] = set()
    hidden: set[int] = set()
    boosts: list[Boost] = []
    filter_brands: list[str] = []
    filter_types: list[str] = []
    banners: list[Banner] = []
    redirect = None
    applied = []
    for rule in ordered:
        if not matches(rule, words, chosen_brands, chosen_types, now):
            continue
        applied.append(rule.id)
        then = rule.consequence
        if pins_allowed:
            for pin in then.pins:
                if pin.product_id not in decided and pin.position not in pins:
                    pins[pin.position] = pin.product_id
                    decided.add(pin.product_id)
        for product_id in then.hide:
            if product_id not in decided:
                hidden.add(product_id)
                decided.add(product_id)
        boosts.extend(then.boosts)
        filter_brands.extend(then.filter_brand)
        filter_types.extend(then.filter_type)
        if then.banner is not None:
            banners.append(then.banner)
        if redirect is None and then.redirect:
            redirect = then.redirect
    if not applied:
        return NO_EFFECTS
    return Effects(
        pins=pins,
        hidden=frozenset(hidden),
        boosts=tuple(boosts),
        filter_brands=tuple(dict.fromkeys(filter_brands)),
        filter_types=tuple(dict.fromkeys(filter_types)),
        redirect=redirect,
        banners=tuple(banners),
        rule_ids=tuple(applied),
    )


def merge_pins(
    organic: Sequence[dict[str, Any]], pinned: Mapping[int, dict[str, Any]], offset: int
) -> list[dict[str, Any]]:
    """Place pinned hits at their positions among organic hits starting at `offset`.

    `pinned` maps 1-based positions to hits; `organic` holds the organic hits that follow the
    pins placed before `offset`. A pin beyond the end of the results goes last.
    """
    merged: list[dict[str, Any]] = []
    queue = list(organic)
    later = sorted(p for p in pinned if p > offset)
    position = offset + 1
    while queue or later:
        if later and later[0] == position:
            merged.append({**pinned[later.pop(0)], "_pinned": True})
        elif queue:
            merged.append(queue.pop(0))
        else:
            merged.append({**pinned[later.pop(0)], "_pinned": True})
        position += 1
    return merged
