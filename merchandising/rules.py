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

from collections.abc import Iterable, Sequence
from datetime import datetime

from core.links import is_safe_link
from core.text import fold, stem_text
from merchandising.schemas import Banner, Boost, Rule
from retrieval.plan import NO_EFFECTS, Effects

MATCH_ORDER = {"is": 0, "starts_with": 1, "contains": 2}


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
        # A link stored before core.links' rule and refused by it now is never served.
        if then.banner is not None:
            link = then.banner.link
            unsafe = link is not None and not is_safe_link(link)
            banners.append(then.banner.model_copy(update={"link": None}) if unsafe else then.banner)
        if redirect is None and then.redirect and is_safe_link(then.redirect):
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
